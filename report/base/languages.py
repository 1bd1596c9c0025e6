"""Facts about languages, kept once: the code a language file is named by, the tag written into
`lang` and `/Lang`, the writing direction, the quotation marks and the language's names.

Direction and likely region come from Babel's CLDR data, so a language the tool has never seen
(Pashto, Dhivehi, Sorani Kurdish) is set right to left without anyone adding it to a list.
Babel ships no quotation marks (CLDR's "delimiters"), so those are the one table kept here.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from babel import Locale

# A language file's name without `.yaml`: `de`, `tr`, `ckb`, `pt-BR`.
CODE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")

# Where a code names no region, the tag gets the region whose conventions the PDF follows (its
# hyphenation patterns, a screen reader's voice): CLDR's most likely one, except where that is
# a choice rather than a fact. pyphen reads plain `de` as Austrian German (de_AT).
_CHOSEN_REGION: dict[str, str | None] = {
    "en": "GB",  # the organisations this tool is made for write British English (CLDR: US)
    "ar": None,  # Modern Standard Arabic is written alike in every Arabic country (CLDR: EG)
}

# Opening and closing quotation marks, as CLDR's delimiters have them for the languages a
# brochure is likely written in (Arabic: the guillemets Arabic typesetting uses).
_QUOTES = {
    "de": ("\u201e", "\u201c"),
    "en": ("\u201c", "\u201d"),
    "tr": ("\u201c", "\u201d"),
    "uk": ("\u00ab", "\u00bb"),
    "ar": ("\u00ab", "\u00bb"),
    "ru": ("\u00ab", "\u00bb"),
    "fr": ("\u00ab\u00a0", "\u00a0\u00bb"),
    "pl": ("\u201e", "\u201d"),
    "es": ("\u00ab", "\u00bb"),
    "it": ("\u00ab", "\u00bb"),
    "nl": ("\u2018", "\u2019"),
}
_DEFAULT_QUOTES = ("\u201c", "\u201d")


def is_code(text: str) -> bool:
    """Whether `text` is a language code a file may be named by."""
    return bool(CODE.match(text))


def base(code: str) -> str:
    """The language without its region: `pt-BR` -> `pt`."""
    return code.split("-", maxsplit=1)[0].lower()


@functools.cache
def _locale(code: str) -> Locale | None:
    """Babel's locale of a code, or None when CLDR does not know the language."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


@functools.cache
def direction(code: str) -> str:
    """`rtl` for a language written right to left (CLDR's character order), else `ltr`."""
    locale = _locale(base(code))
    return "rtl" if locale is not None and locale.character_order == "right-to-left" else "ltr"


@functools.cache
def tag(code: str) -> str:
    """The BCP 47 tag for `lang` and `/Lang`: the code with its region (`de` -> `de-DE`)."""
    if "-" in code:
        return code
    if code in _CHOSEN_REGION:
        region = _CHOSEN_REGION[code]
    else:
        from babel.core import get_global

        likely = get_global("likely_subtags").get(code)
        region = likely.split("_")[-1] if likely else None
    return f"{code}-{region}" if region else code


def quotation_marks(code: str) -> tuple[str, str]:
    """A language's opening and closing quotation marks (German „…“, Ukrainian «…»)."""
    return _QUOTES.get(base(code), _DEFAULT_QUOTES)


def own_name(code: str) -> str:
    """The language's name for itself (Deutsch, Türkçe, العربية), else its code."""
    locale = _locale(code)
    name = (locale.get_display_name(locale) if locale is not None else None) or code
    return name[:1].upper() + name[1:]


def english_name(code: str) -> str:
    """'German', 'English', …: messages are in English."""
    locale = _locale(code)
    return (locale.get_display_name("en") if locale is not None else None) or code
