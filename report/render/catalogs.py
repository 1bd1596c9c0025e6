"""Interface strings of the templates ("Page 1 of 9", "Phone") through gettext catalogs.

Catalogs are plain PO files in `templates/locales/<language>.po` (Babel reads them; no compile
step).
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from report.base.errors import Issue

if TYPE_CHECKING:
    import jinja2

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


def interface_messages(env: "jinja2.Environment") -> dict[str, tuple[str, int]]:
    """Every message id the templates translate, with the template and line it is in (kept
    on the environment, which stands for one state of the template files)."""
    known = getattr(env, "interface_messages", None)
    if known is not None:
        return dict(known)
    found: dict[str, tuple[str, int]] = {}
    import jinja2

    for name in env.list_templates(filter_func=lambda n: n.endswith(".html")):
        source, filename, _ = env.loader.get_source(env, name)  # type: ignore[union-attr]
        try:
            found_here = list(env.extract_translations(source))  # type: ignore[attr-defined]
        except jinja2.TemplateSyntaxError:
            continue  # the render reports it, with the template's file and line
        for lineno, _function, message in found_here:
            for msgid in message if isinstance(message, tuple) else (message,):
                if msgid and msgid not in found:
                    found[msgid] = (filename or name, lineno)
    env.interface_messages = dict(found)  # type: ignore[attr-defined]
    return found


def missing_interface_strings(language: str, search_path: list[Path],
                              env: "jinja2.Environment",
                              more: dict[str, tuple[str, int]] | None = None) -> list[Issue]:
    """Template strings (and `more`, used by the tool's own code) that have no translation
    for `language` (English needs none)."""
    if language.split("-")[0] == "en":
        return []
    wanted = {**interface_messages(env), **(more or {})}
    catalog_file = next((folder / "locales" / f"{language}.po" for folder in search_path
                         if (folder / "locales" / f"{language}.po").is_file()), None)
    if catalog_file is None:
        target = search_path[-1] / "locales" / f"{language}.po"
        return [Issue(target, None, None,
                      f"is missing: the page furniture ({', '.join(sorted(wanted))}) "
                      "will be in English",
                      hint="copy another language's .po file and translate its msgstr lines")]
    with catalog_file.open("rb") as handle:
        catalog = read_po(handle, locale=language.replace("-", "_"))
    issues = []
    for msgid, (template, line) in wanted.items():
        message = catalog.get(msgid)
        if message is None or not message.string or message.fuzzy:
            issues.append(Issue(catalog_file, None, None,
                                f"no translation for \"{msgid}\" (used in {Path(template).name}:"
                                f"{line})", hint="add a msgid/msgstr pair for it"))
    return issues
