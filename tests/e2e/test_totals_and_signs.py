"""A table's totals row and numbers that stay with their signs, read back from built PDFs: the
totals row is one row headed by its first cell, drawn once at the end of a long table; "60 %"
in a narrow card never loses its sign to the next line, and reads as written."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from report.builder import run as builder

from .. import pdfread
from ..helpers import PICTURE, chapter_brochure, pdf_text, words

pytestmark = pytest.mark.e2e

ROWS = 60


@pytest.fixture(scope="module")
def long_table(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A German chapter holding a table of 60 districts and their total, over three sheets."""
    root = tmp_path_factory.mktemp("total")
    rows = "".join(f'          - [Bezirk {n}, "{n * 10}", "{n},5"]\n' for n in range(1, ROWS + 1))
    chapter_brochure(
        root / "b",
        f"""      - table: Teilnehmende nach Bezirk
        columns: [Bezirk, Personen, Anteil]
        total: true
        rows:
{rows}          - [Gesamt, "18.300", "100"]
""",
    )
    (result,) = builder.build(root / "b", languages=["de"], output_dir=root / "out", strict=True)
    return result.path


def test_the_totals_row_is_headed_by_its_first_cell(long_table: Path) -> None:
    """The total is a row of the one table, its first cell a row header (TH, scope Row) that
    its numbers name as their header, so a reader hears "Gesamt, Personen: 18.300"."""
    tree = pdfread.structure(long_table)
    marked = pdfread.marked_texts(long_table)
    (table,) = [e for e in tree.walk() if e.role == "Table"]
    rows = [e for e in table.walk() if e.role == "TR"]
    assert len(rows) == 1 + ROWS + 1
    last = rows[-1]
    assert [kid.role for kid in last.kids if isinstance(kid, pdfread.Element)] == [
        "TH",
        "TD",
        "TD",
    ]
    head, *numbers = [kid for kid in last.kids if isinstance(kid, pdfread.Element)]
    assert head.attributes.get("Scope") == "/Row"
    assert words(pdfread.element_text(head, marked)) == "Gesamt"
    assert [words(pdfread.element_text(cell, marked)) for cell in numbers] == ["18.300", "100"]
    assert all(head.identifier in cell.attributes.get("Headers", []) for cell in numbers)


def test_the_totals_row_is_drawn_once_and_only_the_header_repeats(long_table: Path) -> None:
    """On each further sheet the column heads come again (as an artifact, not read twice);
    the totals row stands once, under the last row."""
    pages = pdf_text(long_table)
    assert len(pages) >= 2
    holding = [i for i, text in enumerate(pages) if "Gesamt" in text]
    assert holding == [len(pages) - 1]
    last = pages[-1].splitlines()
    assert last.index("Gesamt 18.300 100") == last.index(f"Bezirk {ROWS} {ROWS * 10} {ROWS},5") + 1
    marked = pdfread.marked_texts(long_table)
    for sheet in range(1, len(pages)):
        assert "Personen" in marked.get((sheet, -1), ""), sheet  # drawn, as an artifact
        content = [text for (page, mcid), text in marked.items() if page == sheet and mcid >= 0]
        assert not any("Personen" in text for text in content), sheet
    assert sum("Gesamt" in text for text in marked.values()) == 1


def test_the_totals_row_is_set_bold(long_table: Path) -> None:
    fonts = _fonts_of(long_table, {"Gesamt", "18.300", f"Bezirk {ROWS}"})
    assert all("Bold" in fonts[word] for word in ("Gesamt", "18.300"))
    assert "Bold" not in fonts[f"Bezirk {ROWS}"]


def _fonts_of(path: Path, texts: set[str]) -> dict[str, str]:
    """The base font name each of `texts` is drawn in (on the last sheet)."""
    found: dict[str, str] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[len(pdf) - 1]
        textpage = page.get_textpage()
        for number in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
            obj = pdfium_c.FPDFPage_GetObject(page.raw, number)
            if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
            buffer = (ctypes.c_ushort * max(1, size // 2))()
            pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
            text = bytes(buffer)[: max(0, size - 2)].decode("utf-16-le", errors="replace")
            if text.strip() in texts:
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(pdfium_c.FPDFTextObj_GetFont(obj), name, 256)
                found[text.strip()] = name.value.decode()
    finally:
        pdf.close()
    assert set(found) == texts
    return found


# Items whose "60 %" falls at every place of a card's line: without the no-break rule, some
# of them break between "60" and "%" (two of these did, in A5 portrait).
FILLERS = ["Stand " + " ".join(["bei"] * a + ["rund"] * b) for a in range(6) for b in range(1, 5)]


@pytest.fixture(scope="module")
def narrow_cards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("signs") / "b"
    root.mkdir()
    (root / "icon.svg").write_text(PICTURE.format(colour="#336699"), encoding="utf-8")
    (root / "brochure.yaml").write_text(
        "slug: test\nsource_language: de\npage: {size: A5, orientation: portrait}\n",
        encoding="utf-8",
    )
    cards = ""
    for card in range(4):
        items = "".join(f"          - {f} 60 %\n" for f in FILLERS[card * 6 : card * 6 + 6])
        cards += (
            "      - icon: {src: icon.svg, decorative: true}\n"
            f"        title: Feld {card + 1}\n        items:\n{items}"
        )
    (root / "de.yaml").write_text(
        f"meta:\n  title: Test\n  author: Test\npages:\n  - kind: cards\n    title: Felder\n"
        f"    cards:\n{cards}",
        encoding="utf-8",
    )
    (result,) = builder.build(root, languages=["de"], output_dir=root / "out", strict=True)
    return result.path


def test_a_number_keeps_its_sign_on_its_line_in_a_narrow_card(narrow_cards: Path) -> None:
    lines = [line.strip() for line in pdf_text(narrow_cards)[0].splitlines()]
    assert sum(line.endswith("60 %") for line in lines) == len(FILLERS)
    assert not [line for line in lines if line.endswith("60") or line.startswith("%")]


def test_a_number_kept_with_its_sign_reads_as_written(narrow_cards: Path) -> None:
    """The no-break span changes no character: a screen reader hears "60 %" as written."""
    tree = pdfread.structure(narrow_cards)
    marked = pdfread.marked_texts(narrow_cards)
    items = [words(pdfread.element_text(e, marked)) for e in tree.walk() if e.role == "LBody"]
    assert items == [f"{filler} 60 %" for filler in FILLERS]
