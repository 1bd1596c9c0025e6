"""The second example brochure, of a different shape (A4 portrait report: table of contents,
chapters over several sheets, charts, tables, quotes, a call-out box, pictures with captions, a
cover without a picture), read back from the PDF in every language it has."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from pathlib import Path

import page as page_validation
import pikepdf
import pypdfium2 as pdfium
import pytest

from report.builder import run as builder
from report.content import markup, numbers, translation

from .. import pdfread
from ..helpers import ROOT, SECOND, compare_with_golden, load_variant, pdf_text, reader_form, words

pytestmark = pytest.mark.e2e

LANGUAGES = ["de", "en", "ar"]
# Keys whose values are not printed as text of their own.
NOT_PRINTED = {
    "alt",
    "src",
    "kind",
    "website",
    "decorative",
    "phone",
    "email",
    "picture",
    "chart",
    "show_table",
    "scale",
}


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> dict[str, builder.Output]:
    """Every language, built under --strict (any warning, misfit or stale text fails)."""
    out = tmp_path_factory.mktemp("second")
    return {
        result.language: result for result in builder.build(SECOND, output_dir=out, strict=True)
    }


@pytest.fixture(scope="module")
def trees(second: dict[str, builder.Output]) -> dict[str, tuple[pdfread.Element, dict]]:
    return {
        language: (pdfread.structure(result.path), pdfread.marked_texts(result.path))
        for language, result in second.items()
    }


def test_every_language_builds_under_strict(second: dict[str, builder.Output]) -> None:
    assert sorted(second) == sorted(LANGUAGES)
    assert {len(result.warnings) for result in second.values()} == {0}


@pytest.mark.parametrize("language", LANGUAGES)
def test_pdf_ua_1_has_no_failures(second: dict[str, builder.Output], language: str) -> None:
    report = page_validation.validate_pdf(str(second[language].path), profile="ua1")
    assert [str(failure) for failure in report.failures] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_words_of_the_yaml_come_back_in_tag_order(trees, language: str) -> None:
    """Every printed text of the language file, read from the structure tree as a screen
    reader reads it (a chart as its description); numbers are checked in their own format
    below."""
    tree, marked = trees[language]
    text = words(pdfread.element_text(tree, marked))
    variant = load_variant(SECOND, language)
    source_language = "de"
    printed = [
        (path, value)
        for path, value in translation.leaves(variant.document.data)
        if path[0] == "pages"
        and translation._key(path) not in NOT_PRINTED
        and not translation.holds_number(path, value, source_language)
    ]
    assert len(printed) > 150
    missing = [
        (path, value) for path, value in printed if words(markup.plain_text(value)) not in text
    ]
    assert missing == []
    assert ". . ." not in text  # the dotted leaders of the contents are not read aloud


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("de", ["38,5 %", "2.416", "41,6", "ca. 4 "]),
        ("en", ["38.5%", "2,416", "41.6", "about 4 "]),
        ("ar", ["38.5%", "2,416", "41.6"]),
    ],
)
def test_numbers_are_shown_in_the_languages_format(second, language: str, shown: list[str]) -> None:
    text = words(" ".join(pdf_text(second[language].path)).replace("\u200e", ""))
    for number in shown:
        assert number in text, number


@pytest.mark.parametrize(
    ("language", "kind"), [("de", "Balkendiagramm"), ("en", "Bar chart"), ("ar", "مخطط شريطي")]
)
def test_a_chart_is_a_figure_described_by_its_numbers(trees, language: str, kind: str) -> None:
    tree, _ = trees[language]
    figures = [
        e.alt for e in tree.walk() if e.role == "Figure" and e.alt and e.alt.startswith(kind)
    ]
    assert len(figures) == 1
    value = numbers.format_value(numbers.read("44,2", "de"), language)
    assert value in figures[0]
    labels = [
        markup.plain_text(row.label)
        for row in load_variant(SECOND, language).content.pages[4].blocks[1].data
    ]
    assert all(label in figures[0] for label in labels)


@pytest.mark.parametrize("language", LANGUAGES)
def test_tables_are_real_tables(trees, language: str) -> None:
    """Each table is one Table element (the long one too, across its sheets), its header
    cells have a scope, every data cell names its headers, and a row's first cell of words
    heads the row."""
    tree, _ = trees[language]
    tables = [e for e in tree.walk() if e.role == "Table"]
    assert len(tables) == 3  # two tables and the numbers of a chart
    for table in tables:
        heads = [e for e in table.walk() if e.role == "TH"]
        ids = {e.identifier for e in heads}
        assert all(e.attributes.get("Scope") in ("/Column", "/Row") for e in heads)
        cells = [e for e in table.walk() if e.role == "TD"]
        assert cells and all(
            set(e.attributes.get("Headers", [])) <= ids and e.attributes.get("Headers")
            for e in cells
        )
        assert any(e.attributes.get("Scope") == "/Row" for e in heads)
    longest = max(tables, key=lambda t: len([e for e in t.walk() if e.role == "TR"]))
    rows = [e for e in longest.walk() if e.role == "TR"]
    assert len(rows) == 39  # the header row once, and 38 answers
    assert len({e.page for e in longest.walk() if e.role == "TD"}) >= 2  # over two sheets


def test_the_long_tables_header_is_repeated_on_the_next_sheet(second) -> None:
    """A reader of the printed page finds the column heads on every sheet of the table."""
    pages = pdf_text(second["de"].path)
    holding = [i for i, text in enumerate(pages) if "stimme nicht zu" in text]
    assert len(holding) >= 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contents_list_each_page_with_the_number_it_has(second, language: str) -> None:
    """The table of contents lists every section and page title with the number of the sheet
    it starts on, and links there."""
    path = second[language].path

    def form(text: str) -> str:  # pdfium splits some Arabic words: compare without spaces
        found = reader_form(text, language)
        return found.replace(" ", "") if language == "ar" else found

    pages = [form(text) for text in pdf_text(path)]
    content = load_variant(SECOND, language).content
    toc = pages[1]
    with pikepdf.open(path) as pdf:
        numbers_of = {page.obj.objgen: index + 1 for index, page in enumerate(pdf.pages)}
        named = pikepdf.NameTree(pdf.Root.Names.Dests) if "/Names" in pdf.Root else {}
        targets = []
        for annotation in pdf.pages[1].get("/Annots", []):
            destination = annotation.get("/Dest") or annotation.get("/A", {}).get("/D")
            if isinstance(destination, (pikepdf.String, str)):
                destination = named[str(destination)]  # a named destination ("page-5")
            if destination is not None:
                targets.append(numbers_of[destination[0].objgen])
    titles = [
        (markup.plain_text(page.title), number)
        for number, page in enumerate(content.pages, start=1)
        if page.kind not in ("cover", "back", "contents")
    ]
    sheets = {}
    for title, _ in titles:
        title_words = form(title)
        sheet = next(i for i, text in enumerate(pages) if i > 1 and title_words in text) + 1
        sheets[title] = sheet
        assert re.search(re.escape(title_words) + r"[ .…]*" + str(sheet) + r"(\b|$|\D)", toc), title
    assert set(sheets.values()) <= set(targets)


def test_a_chapter_continues_on_further_sheets_with_the_running_header(second) -> None:
    pages = pdf_text(second["de"].path)
    answers = [
        i
        for i, text in enumerate(pages)
        if "Ich habe neue Menschen kennengelernt" in text
        or "Ich engagiere mich, weil Freunde mitmachen" in text
    ]
    assert len(set(answers)) == 2  # the appendix table runs over two sheets
    second_sheet = words(pages[max(answers)])
    assert "Anhang" in second_sheet  # the running header names the section
    assert "Alle Antworten im Überblick" not in second_sheet  # the title is not repeated


def test_the_cover_without_a_picture_is_panel_from_edge_to_edge(second) -> None:
    """No empty band: the panel colour reaches every corner, and the title stands in the
    middle third of the sheet."""
    document = pdfium.PdfDocument(str(second["de"].path))
    try:
        page = document[0]
        image = page.render(scale=0.5).to_pil().convert("RGB")
        text = page.get_textpage()
        index = text.get_text_range().index("Engagiert")
        _, _, _, top = text.get_charbox(index)
        height = page.get_height()
    finally:
        document.close()
    panel = (0x2E, 0x4A, 0x6B)
    w, h = image.size
    for x, y in ((2, 2), (w - 3, 2), (2, h - 3), (w - 3, h - 3), (w // 2, h - 3)):
        assert image.getpixel((x, y)) == panel
    assert height / 3 < height - top < 2 * height / 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_quotes_lists_and_the_call_out_are_tagged_as_what_they_are(trees, language: str) -> None:
    tree, marked = trees[language]
    roles = [e.role for e in tree.walk()]
    assert roles.count("BlockQuote") == 2
    numbered = [
        e
        for e in tree.walk()
        if e.role == "L"
        and any(
            k.role == "LI"
            and any(
                x.role == "Lbl" and pdfread.element_text(x, marked).strip() == "1."
                for x in k.walk()
            )
            for k in e.kids
            if isinstance(k, pdfread.Element)
        )
    ]
    assert len(numbered) == 1
    nested = [
        e
        for e in tree.walk()
        if e.role == "L"
        and e.page != 1  # not the contents
        and any(a.role == "L" for a in _ancestors(e))
    ]
    assert len(nested) == 2  # the sub-lists of a bullet list and of the numbered list


def _ancestors(element: pdfread.Element) -> list[pdfread.Element]:
    found = []
    node = element.parent
    while node is not None:
        found.append(node)
        node = node.parent
    return found


def test_the_second_brochure_is_of_another_shape(second) -> None:
    """Not the first brochure again: portrait sheets, more of them, other page kinds."""
    with pikepdf.open(second["de"].path) as pdf:
        width, height = (float(v) for v in pdf.pages[0].MediaBox[2:])
        assert height > width and len(pdf.pages) >= 12
    kinds = {page.kind for page in load_variant(SECOND, "de").content.pages}
    assert {"contents", "chapter", "text", "cards", "groups", "cover", "back"} <= kinds
    blocks = {
        block.block
        for page in load_variant(SECOND, "de").content.pages
        for block in getattr(page, "blocks", [])
        for block in [block, *getattr(block, "blocks", [])]
    }
    assert blocks == {
        "paragraph",
        "heading",
        "list",
        "numbered",
        "quote",
        "picture",
        "chart",
        "table",
        "callout",
    }


def test_make_build_builds_it(tmp_path: Path) -> None:
    """`make build` runs `report build` on this brochure's folder: make runs its recipe with a
    stand-in for the command that writes down what it was asked (that `report build` builds
    the brochure is what the tests above read)."""
    if shutil.which("make") is None:
        pytest.skip("needs make")
    asked = tmp_path / "asked"
    stand_in = tmp_path / "bin" / "report"
    stand_in.parent.mkdir()
    stand_in.write_text(f'#!/bin/sh\necho "$*" >> {shlex.quote(str(asked))}\n', encoding="utf-8")
    stand_in.chmod(0o755)
    installed = tmp_path / "installed-stamp"  # newer than pyproject.toml: nothing to install
    installed.touch()
    done = subprocess.run(
        ["make", "--no-print-directory", "build", f"BIN={stand_in.parent}", f"STAMP={installed}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    commands = asked.read_text(encoding="utf-8").splitlines()
    assert f"build {SECOND.relative_to(ROOT)}" in commands, commands


@pytest.mark.parametrize("language", ["de", "ar"])
def test_pages_match_reviewed_images(second, language: str) -> None:
    """Every page as reviewed, in German and in the mirrored Arabic (`make golden`)."""
    compare_with_golden(second[language].path, f"second-{language}")
