"""Interface strings of the templates ("Page 1 of 9", "Phone") through gettext catalogs.

Catalogs are plain PO files in `templates/locales/<language>.po` along the template search path
(Babel reads them; no compile step). Each is read once: the same parsed catalog gives the
templates their translations and tells which interface strings are not translated.
"""

from __future__ import annotations

import gettext
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from report.base.errors import Issue
from report.base.inputs import Inputs

LOCALES_FOLDER = "locales"


@dataclass(frozen=True)
class Interface:
    """The interface strings of one language: its catalog (the first along the search path),
    or none; English needs none (the message ids are English)."""

    language: str
    file: Path | None  # the catalog's file
    catalog: Catalog | None
    translations: gettext.NullTranslations

    def missing(
        self, wanted: Mapping[str, tuple[str, int]], search_path: Sequence[Path], own_folder: Path
    ) -> list[Issue]:
        """The strings of `wanted` (message id -> the template and line that uses it) that
        have no translation in this language; a missing catalog is asked for in `own_folder`,
        the brochure's templates folder."""
        if self.language.split("-")[0] == "en":
            return []
        if self.catalog is None:
            # Where the author can add it: the brochure's own templates folder.
            target = own_folder / LOCALES_FOLDER / f"{self.language}.po"
            return [
                Issue(
                    target,
                    None,
                    None,
                    f"is missing: the page furniture ({', '.join(sorted(wanted))}) "
                    "will be in English",
                    hint=(
                        f"copy {search_path[-1] / LOCALES_FOLDER / 'de.po'} to this place and "
                        "translate its msgstr lines"
                    ),
                )
            ]
        issues = []
        for msgid, (template, line) in wanted.items():
            message = self.catalog.get(msgid)
            if message is None or not message.string or message.fuzzy:
                issues.append(
                    Issue(
                        self.file,
                        None,
                        None,
                        f'no translation for "{msgid}" (used in {Path(template).name}:{line})',
                        hint="add a msgid/msgstr pair for it",
                    )
                )
        return issues


def interface(language: str, search_path: Sequence[Path], inputs: Inputs) -> Interface:
    """The catalog of `language` along the template search path, read once (a brochure's
    own catalog through `inputs`, so that the build knows it read it, or looked for it)."""
    for folder in search_path:
        po_file = folder / LOCALES_FOLDER / f"{language}.po"
        own = folder.resolve().is_relative_to(inputs.root)
        if inputs.is_file(po_file) if own else po_file.is_file():
            data = inputs.read(po_file) if own else po_file.read_bytes()
            catalog = read_po(BytesIO(data), locale=language.replace("-", "_"))
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            return Interface(language, po_file, catalog, gettext.GNUTranslations(buffer))
    return Interface(language, None, None, gettext.NullTranslations())
