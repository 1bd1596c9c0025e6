"""Translator round-trip: a language's texts out to a PO file and back into its YAML.

PO is what translators' tools (Poedit, Weblate, Lokalize) open. Each text is one message:
msgid = the source text, msgstr = the translation, msgctxt = the key path in the YAML, with a
comment saying where it stands and how long it may be. Import edits the YAML file as text: only
the characters of changed texts change (and missing ones are added as new lines), so comments,
quoting and layout stay byte for byte as the translator or editor left them.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, read_po, write_po

from report.base import files
from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.content import load, translation, yamlio
from report.tools.i18n import yamledit

# Texts may grow this much in translation before the page risks not fitting.
LENGTH_ALLOWANCE = 1.3


def export(brochure: load.Folder, language: str) -> bytes:
    """The PO file for one language of a brochure."""
    if language == brochure.settings.source_language:
        raise UserError(f"'{language}' is the source language; export a translation instead")
    source = yamlio.load(brochure.file(brochure.settings.source_language))
    own_file = brochure.file(language)
    own = yamlio.load(own_file) if own_file.exists() else None
    state = translation.status(
        source, own, language, translation.load_fingerprints(brochure.root, language)
    )
    catalog = Catalog(
        locale=language.replace("-", "_"),
        project=brochure.slug,
        creation_date=datetime.fromtimestamp(0, UTC),
        fuzzy=False,
    )
    catalog.header_comment = (
        f"# {brochure.slug}: texts of {own_file.name}, translated from "
        f"{source.file.name}.\n# Import with: report i18n import FILE.po"
    )
    for entry in state.entries:
        line = source.issue_at(entry.path, "").line
        limit = max(20, round(len(entry.source_text) * LENGTH_ALLOWANCE))
        comments = [f"{_describe(entry.path)}; keep it under about {limit} characters."]
        if entry.state == "stale":
            comments.append("The source text changed since this was translated: please review.")
        catalog.add(
            entry.source_text,
            entry.text or "",
            locations=[(source.file.name, line or 0)],
            flags=("fuzzy",) if entry.state == "stale" else (),
            auto_comments=comments,
            context=yamlio.format_path(entry.path),
        )
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False)
    return buffer.getvalue()


def _describe(path: yamlio.Loc) -> str:
    parts = []
    for step in path:
        parts.append(f"#{step + 1}" if isinstance(step, int) else str(step))
    return " › ".join(parts)


def import_po(po_file: Path, brochure: load.Folder) -> tuple[str, int]:
    """Write the translations of a PO file into the brochure; returns (language, changed)."""
    try:
        with po_file.open("rb") as handle:
            catalog = read_po(handle, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise UserError(
            Issue(
                po_file, getattr(exc, "lineno", None), None, f"cannot be read as a PO file: {exc}"
            )
        ) from None
    if catalog.locale is None:
        raise UserError(
            Issue(
                po_file,
                None,
                None,
                "has no Language header",
                hint="export the file again with report i18n export",
            )
        )
    language = str(catalog.locale).replace("_", "-")
    # Babel reads a missing Project-Id-Version as "PROJECT".
    if catalog.project not in (None, "", "PROJECT") and catalog.project != brochure.slug:
        raise UserError(
            Issue(
                po_file,
                None,
                None,
                f"belongs to brochure '{catalog.project}', not '{brochure.slug}'",
                hint="give the right brochure folder",
            )
        )
    source = yamlio.load(brochure.file(brochure.settings.source_language))
    source_texts = dict(translation.leaves(source.data))
    updates: dict[yamlio.Loc, tuple[str, str]] = {}
    problems = []
    for message in catalog:
        if not message.id or not message.context:
            continue
        path = translation.parse_path(message.context)
        if path not in source_texts or not translation.is_translatable(path, source_texts[path]):
            problems.append(
                Issue(
                    po_file,
                    message.lineno,
                    None,
                    f"'{message.context}' is not a text of {source.file.name}",
                    hint="export a fresh PO file and translate that one",
                )
            )
            continue
        if message.string and not message.fuzzy:
            text = str(message.string)
            if (bad := yamlio.unwanted_character(text)) is not None:
                problems.append(
                    Issue(
                        po_file,
                        message.lineno,
                        None,
                        f"the translation of '{message.context}' contains the invisible character "
                        f"U+{ord(bad):04X}",
                        hint="delete it from the translation",
                    )
                )
                continue
            updates[path] = (text, str(message.id))
    if problems:
        raise UserError(problems)
    yaml_file = brochure.file(language)
    # In the order of the source file, so that texts added together stand in that order.
    changed = yamledit.write_texts(
        yaml_file,
        {path: updates[path][0] for path in source_texts if path in updates},
        header=f"# {language}: translated from {source.file.name} (report i18n import).",
    )
    fingerprints = _current(translation.load_fingerprints(brochure.root, language), source)
    for path, (_, source_text) in updates.items():
        fingerprints[yamlio.format_path(path)] = translation.fingerprint(source_text)
    write_fingerprints(brochure.root, language, fingerprints)
    return language, changed


def accept(brochure: load.Folder, language: str) -> int:
    """Record the current source texts as the ones the present translations were made from."""
    source = yamlio.load(brochure.file(brochure.settings.source_language))
    own = yamlio.load(brochure.file(language))
    fingerprints = _current(translation.load_fingerprints(brochure.root, language), source)
    confirmed = 0
    for path, source_text in translation.leaves(source.data):
        if translation.is_translatable(path, source_text) and isinstance(
            translation.get_path(own.data, path), str
        ):
            fingerprints[yamlio.format_path(path)] = translation.fingerprint(source_text)
            confirmed += 1
    write_fingerprints(brochure.root, language, fingerprints)
    return confirmed


def _current(fingerprints: dict[str, str], source: yamlio.Document) -> dict[str, str]:
    """Only the records of texts the source still has (a removed alt text leaves none)."""
    paths = {
        yamlio.format_path(path)
        for path, text in translation.leaves(source.data)
        if translation.is_translatable(path, text)
    }
    return {key: value for key, value in fingerprints.items() if key in paths}


def write_fingerprints(root: Path, language: str, fingerprints: dict[str, str]) -> None:
    file = files.fingerprints_file(root, language)
    text = translation.fingerprints_json(fingerprints)
    if file.is_file() and file.read_text(encoding="utf-8") == text:
        return
    file.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(file, text.encode("utf-8"))
