"""PO catalogs for translators (report/tools/i18n/po.py): an import writes the translated texts
into the language file and nothing else, fills a partial or new translation, and refuses a
catalog of another brochure."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po

from report.base.errors import UserError
from report.content import load
from report.tools.i18n import po, yamledit

from ...helpers import load_variant


def test_po_import_writes_translations_and_keeps_comments(brochure: Path, tmp_path: Path) -> None:
    """A translator's changes land in the YAML; the rest of the file stays as it was, but for
    the note on `~` at its top."""
    opened = load.open_folder(brochure)
    po_file = tmp_path / "uk.po"
    po_file.write_bytes(po.export(opened, "uk"))
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    catalog.get("Das macht Bündnisse stark!", context="pages[3].title").string = "Нова назва!"
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)
    original = (brochure / "uk.yaml").read_text(encoding="utf-8")

    language, changed = po.import_po(po_file, opened)

    assert (language, changed) == ("uk", 1)
    updated = (brochure / "uk.yaml").read_text(encoding="utf-8")
    assert load_variant(brochure, "uk").content.pages[2].title == "Нова назва!"
    modeline, _ = original.split("\n", 1)
    note = f"{modeline}\n{yamledit.NOTE}\n#\n"  # said once, after the editor's modeline
    assert updated.startswith(note)
    updated = modeline + "\n" + updated[len(note) :]
    assert len(original.splitlines()) == len(updated.splitlines())
    pairs = zip(original.splitlines(), updated.splitlines(), strict=True)
    assert len([a for a, b in pairs if a != b]) == 1
    assert load_variant(brochure, "uk").status.of("stale") == []


def test_po_import_fills_a_partial_translation(brochure: Path, tmp_path: Path) -> None:
    """A new language with one text: export, translate one more text, import."""
    (brochure / "fr.yaml").write_text("meta:\n  title: Enquête 2019\n", encoding="utf-8")
    opened = load.open_folder(brochure)
    po_file = tmp_path / "fr.po"
    po_file.write_bytes(po.export(opened, "fr"))
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    # unconfirmed texts go out marked fuzzy, for the translator to review
    assert catalog.get(
        catalog_title := next(m.id for m in catalog if m.context == "meta.title"),
        context="meta.title",
    ).fuzzy
    catalog.get("Kontakt", context="pages[9].contact.title").string = "Contact"
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)

    language, changed = po.import_po(po_file, opened)

    assert (language, changed) == ("fr", 1)
    loaded = load_variant(brochure, "fr")
    assert loaded.content.pages[-1].contact.title == "Contact"
    assert loaded.content.meta.title == "Enquête 2019" != catalog_title
    assert loaded.content.pages[2].title == "Das macht Bündnisse stark!"  # falls back
    assert len(loaded.status.of("missing")) == 97
    assert [e.path for e in loaded.status.of("stale")] == [("meta", "title")]


def test_po_import_rejects_a_foreign_file(brochure: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "x.po"
    po_file.write_text(
        'msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgctxt "pages[99].title"\n'
        'msgid "x"\nmsgstr "y"\n',
        encoding="utf-8",
    )
    with pytest.raises(UserError, match=r"'pages\[99\].title' is not a text of de.yaml"):
        po.import_po(po_file, load.open_folder(brochure))
