"""`report new`: a starter brochure that builds under --strict at once, shows every page kind
and every block of the model, and never overwrites anything."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import cli
from report.content import load, markup, model, schema
from report.design import brochure as brochures
from report.tools import new as starter

from ..helpers import normalize, pdf_text

TITLES = {"de": "Unsere neue Broschüre", "en": "Our new brochure"}


@pytest.fixture(scope="module", params=sorted(TITLES))
def started(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, Path]:
    """(language, brochure folder, PDF): `report new`, then `report build --strict`, once per
    language. The German one goes into an existing empty folder, the English one into a new
    folder below a missing one."""
    language = request.param
    base = tmp_path_factory.mktemp(f"new-{language}")
    folder = base / "Jahresbericht 2025" if language == "de" else base / "a" / "annual-report"
    if language == "de":
        folder.mkdir()
    runner = CliRunner()
    created = runner.invoke(cli, ["new", str(folder), "--language", language])
    assert created.exit_code == 0, created.output
    assert f"wrote {folder / f'{language}.yaml'}" in created.output
    assert "--strict" in created.output  # the next command to run
    checked = runner.invoke(cli, ["check", str(folder)])
    assert checked.exit_code == 0, checked.output
    built = runner.invoke(cli, ["build", str(folder), "--strict", "--output", str(base / "out")])
    assert built.exit_code == 0, built.output
    assert "warning" not in built.output
    slug = "jahresbericht-2025" if language == "de" else "annual-report"
    pdf = base / "out" / f"{slug}-{language}.pdf"
    assert pdf.is_file()
    return language, folder, pdf


def _blocks(blocks: list[object]) -> list[object]:
    """Every block, those inside a call-out box included."""
    found = []
    for block in blocks:
        found.append(block)
        found.extend(_blocks(getattr(block, "blocks", [])))
    return found


def _content(folder: Path, language: str) -> model.Content:
    return brochures.load(folder).variants[language].content


@pytest.mark.e2e
def test_starter_builds_strict_and_shows_its_texts(started: tuple[str, Path, Path]) -> None:
    """The title is in the PDF, and so is every page's title, every heading and caption and
    every paragraph: no block got lost between the YAML and the page."""
    language, folder, pdf = started
    text = normalize(" ".join(pdf_text(pdf)))
    assert TITLES[language] in text
    content = _content(folder, language)
    assert content.pages[0].title == TITLES[language]
    expected = [page.title for page in content.pages]
    for page in content.pages:
        for block in _blocks(getattr(page, "blocks", [])):
            if isinstance(block, (model.Heading, model.Paragraph, model.Callout, model.Table)):
                expected.append(markup.plain_text(getattr(block, block.block)))
            elif isinstance(block, model.Chart):
                expected.append(block.title)
    missing = [wanted for wanted in expected if normalize(wanted) not in text]
    assert missing == []


@pytest.mark.e2e
def test_starter_shows_every_page_kind_and_block(started: tuple[str, Path, Path]) -> None:
    """Derived from the model: a page kind or block added to it must be added to the starter."""
    language, folder, _ = started
    content = _content(folder, language)
    assert {page.kind for page in content.pages} == set(model.PAGE_KINDS)
    blocks = [block for page in content.pages for block in _blocks(getattr(page, "blocks", []))]
    assert {block.block for block in blocks} == set(model.BLOCK_KEYS)
    charts = [block for block in blocks if isinstance(block, model.Chart)]
    assert {chart.chart for chart in charts} == {"bars", "columns"}
    assert any(len(chart.series) == 2 for chart in charts)
    assert any(
        block.caption and block.credit for block in blocks if isinstance(block, model.Picture)
    )
    assert any(getattr(block, "source", None) for block in blocks)
    figures = [figure for page in content.pages for figure in getattr(page, "figures", [])]
    assert any(figure.prefix for figure in figures) and any(figure.suffix for figure in figures)
    assert any(
        getattr(page, "image", None) for page in content.pages if page.kind in ("text", "groups")
    )
    assert content.newsletter is not None


@pytest.mark.e2e
def test_starter_folder_is_self_contained(started: tuple[str, Path, Path]) -> None:
    """Slug from the folder name, source language, theme keys, own pictures, and the editor
    schemas its first lines point to."""
    language, folder, _ = started
    settings = load.open_folder(folder).settings
    assert settings.slug == starter.slug_of(folder)
    assert settings.source_language == language
    assert settings.theme.colors.brand and settings.theme.logos.dark and settings.page.size
    lines = {
        name: (folder / name).read_text(encoding="utf-8").splitlines()
        for name in ("brochure.yaml", f"{language}.yaml")
    }
    assert lines["brochure.yaml"][0] == "# yaml-language-server: $schema=brochure.schema.json"
    assert lines[f"{language}.yaml"][0] == "# yaml-language-server: $schema=language.schema.json"
    for name, document in schema.json_schemas().items():
        assert json.loads((folder / name).read_text(encoding="utf-8")) == document
    next_steps = "\n".join(lines[f"{language}.yaml"][:12])
    assert f"report build {starter.shell_word(folder)} --strict" in next_steps
    assert not [
        line
        for text in lines.values()
        for line in text
        if "@" in line and "@example.org" not in line
    ]  # every @MARK@ filled in
    assert sorted(p.name for p in (folder / "images").iterdir()) == sorted(
        p.name for p in (starter.STARTER / "images").iterdir()
    )


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Jahresbericht 2025", "jahresbericht-2025"),
        ("Größe & Übersicht", "groesse-uebersicht"),
        ("Café_Crème", "cafe-creme"),
        ("---", "brochure"),
    ],
)
def test_slug_from_folder_name(name: str, slug: str) -> None:
    assert starter.slug_of(Path(name)) == slug


def test_non_empty_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not empty" in result.output and "Traceback" not in result.output
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "brochure"
    target.write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", str(target)])
    assert result.exit_code == 1
    assert "is a file, not a folder" in result.output
    assert target.read_text(encoding="utf-8") == "mine"


def test_language_without_starter_text_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["new", str(tmp_path / "x"), "--language", "fr"])
    assert result.exit_code == 1
    assert "no starter text in 'fr'; choose one of: de, en" in result.output
    assert not (tmp_path / "x").exists()
