"""Interface strings of the templates ("Page 1 of 9", "Phone") through gettext catalogs.

Catalogs are plain PO files in `templates/locales/<language>.po` (Babel reads them; no compile
step). Language tags for `lang` (and so hyphenation and the PDF's /Lang) are chosen here too.
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

# The region picks the hyphenation patterns: pyphen maps plain "de" to de_AT.
LANGUAGE_TAGS = {"de": "de-DE", "en": "en-GB", "tr": "tr-TR", "uk": "uk-UA", "ar": "ar"}
RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def language_tag(language: str) -> str:
    return LANGUAGE_TAGS.get(language, language)


def direction(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


def load_translations(language: str, search_path: list[Path]) -> gettext.NullTranslations:
    """The first catalog for `language` along the template search path.

    English needs no catalog (the message ids are English); for another language without a
    catalog, the English strings are used.
    """
    for folder in search_path:
        po_file = folder / "locales" / f"{language}.po"
        if po_file.is_file():
            with po_file.open("rb") as handle:
                catalog = read_po(handle, locale=language.replace("-", "_"))
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return gettext.GNUTranslations(buffer)
    return gettext.NullTranslations()
