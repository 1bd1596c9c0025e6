"""`report i18n status`, `accept`, `export` and `import` on a copy of the shipped brochure: what
a translator and an editor see, and a round trip that changes nothing."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po
from click.testing import CliRunner

from report.cli import cli

from ..helpers import edit


def test_changed_source_makes_translations_stale(brochure: Path) -> None:
    edit(
        brochure / "de.yaml",
        "title: Das macht Bündnisse stark!",
        "title: Das macht Bündnisse wirklich stark!",
    )
    result = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    for language in ("en", "tr", "uk", "ar"):
        assert f"{language}: 98 complete, 0 missing, 1 stale" in result.output
    assert "stale: content" not in result.output  # paths are the copy's, not the project's
    assert "tr.yaml:" in result.output and "pages[3].title" in result.output

    accepted = CliRunner().invoke(cli, ["i18n", "accept", str(brochure), "--locale", "tr"])
    assert accepted.exit_code == 0
    after = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    assert "tr: 99 complete, 0 missing, 0 stale" in after.output
    assert "en: 98 complete, 0 missing, 1 stale" in after.output


def test_po_round_trip_changes_nothing(brochure: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in brochure.rglob("*") if p.is_file()}
    po_file = tmp_path / "tr.po"
    runner = CliRunner()
    exported = runner.invoke(
        cli, ["i18n", "export", str(brochure), "--locale", "tr", "--output", str(po_file)]
    )
    assert exported.exit_code == 0, exported.output
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get("Das macht Bündnisse stark!", context="pages[3].title")
    assert message is not None and message.string == "İttifakları bunlar güçlendirir!"
    assert any("keep it under about" in c for c in message.auto_comments)
    assert len([m for m in catalog if m.id]) == 99

    imported = runner.invoke(cli, ["i18n", "import", str(po_file), str(brochure)])
    assert imported.exit_code == 0, imported.output
    assert "tr: 0 text(s) changed" in imported.output
    after = {p.name: p.read_bytes() for p in brochure.rglob("*") if p.is_file()}
    assert after == before
