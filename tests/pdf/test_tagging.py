"""Content that flows over several sheets, read as a screen reader reads it: one element per HTML
element however many sheets it covers, a table's repeated header row read once, table headers
with their scope, and a parent tree that maps every piece of marked content back to the element
that holds it.

WeasyPrint 70 builds the structure tree sheet by sheet; `report.tagging` merges what it split.
Each document here is rendered through `report.pdf.render_pdf` (PDF/UA-1) and read back with
pikepdf, pypdfium2 (tests/pdfread.py) and page-validation.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections import Counter
from pathlib import Path

import page as page_validation
import pikepdf
import pytest
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from report.base import resources
from report.pdf import engine as report_pdf

from .. import pdfread

FONT = resources.FONTS / "NotoSans-Regular.ttf"
HEADER = ["Spalte-Ort", "Spalte-Zahl", "Spalte-Notiz"]
FOOTER = "Quelle-Amt"
ROWS = 60


def design(folder: Path) -> str:
    """The theme stylesheet of a small brochure: one bundled font, A6 sheets."""
    font = folder / FONT.name
    shutil.copy(FONT, font)
    return (
        f'@font-face {{ font-family: "Brochure Text"; src: url("{font.as_uri()}"); }}\n'
        "@page { size: 105mm 148mm; margin: 12mm; }\n"
        'body { font-family: "Brochure Text"; font-size: 10pt; line-height: 1.4; }\n'
        "table { font-size: 8pt; line-height: 1.2; }\n"
        "th, td { padding: 0 4pt; text-align: left; }\n"
    )


def page_html(body: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="de-DE"><head><meta charset="utf-8">'
        f"<title>Fluss</title></head><body>{body}</body></html>"
    )


PARAGRAPH = " ".join(f"Wort{number}" for number in range(1, 221))
ITEMS = [f"Punkt {number} der Liste" for number in range(1, 31)]
FLOW = page_html(
    f"<section><h1>Kapitel</h1><p>{PARAGRAPH}</p>"
    f"<ul>{''.join(f'<li>{item}</li>' for item in ITEMS)}</ul></section>"
)


LONG_ITEMS = [" ".join(f"Teil{number}.{word}" for word in range(1, 31)) for number in range(1, 13)]
ITEMIZED = page_html(f"<ol>{''.join(f'<li>{item}</li>' for item in LONG_ITEMS)}</ol>")


def cells(number: int) -> list[str]:
    return [f"Ort {number}", str(number * 37), f"Notiz {number}"]


TABLE = page_html(
    "<section><h1>Zahlen</h1><div><table><caption>Orte und Zahlen</caption><thead><tr>"
    + "".join(f"<th>{label}</th>" for label in HEADER)
    + "</tr></thead><tbody>"
    + "".join(
        '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>'.format(*cells(number))
        for number in range(1, ROWS + 1)
    )
    + "</tbody></table></div></section>"
)

FOOTED = page_html(
    "<table><thead><tr><th>Kopf</th><th>Wert</th></tr></thead>"
    f"<tfoot><tr><td>{FOOTER}</td><td>Summe</td></tr></tfoot><tbody>"
    + "".join(f"<tr><td>Zeile {number}</td><td>{number}</td></tr>" for number in range(1, 51))
    + "</tbody></table>"
)

LINKED = page_html(
    '<p>Anfang <a href="https://example.org/ziel">'
    + " ".join(f"Verweis{number}" for number in range(1, 241))
    + "</a> Ende</p>"
)


def render(folder: Path, html: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rendered = report_pdf.render_pdf(
        html,
        base_dir=folder,
        stylesheets=[],
        allowed_roots=[folder],
        lang="de-DE",
        design=design(folder),
    )
    assert rendered.warnings == []
    assert rendered.refused == []
    path = folder / f"{name}.pdf"
    path.write_bytes(rendered.pdf)
    return path


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("flow")
    return {
        name: render(folder / name, html, name)
        for name, html in {
            "flow": FLOW,
            "items": ITEMIZED,
            "table": TABLE,
            "footed": FOOTED,
            "linked": LINKED,
        }.items()
    }


def words(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return " ".join(re.sub("\u00ad", "", text).split())


def read(path: Path) -> tuple[pdfread.Element, dict[tuple[int, int], str]]:
    return pdfread.structure(path), pdfread.marked_texts(path)


def elements(tree: pdfread.Element, role: str) -> list[pdfread.Element]:
    return [element for element in tree.walk() if element.role == role]


def sheets(element: pdfread.Element) -> set[int]:
    """The sheets whose marked content an element (with its descendants) holds."""
    return {kid[0] for inner in element.walk() for kid in inner.kids if isinstance(kid, tuple)}


def table_elements(path: Path) -> list[dict[str, object]]:
    """Every TH and TD with its attributes (/A) and /ID, in tag order."""
    found: list[dict[str, object]] = []
    with pikepdf.open(path) as pdf:

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
                return
            if not isinstance(node, pikepdf.Dictionary) or node.get("/Type") == "/MCR":
                return
            role = str(node.get("/S", ""))
            if role in ("/TH", "/TD"):
                attributes = node.get("/A", pikepdf.Dictionary())
                found.append(
                    {
                        "role": role[1:],
                        "id": str(node.ID) if "/ID" in node else None,
                        "scope": str(attributes.get("/Scope", "")) or None,
                        "owner": str(attributes.get("/O", "")),
                        "headers": [str(h) for h in attributes.get("/Headers", [])],
                    }
                )
            if "/K" in node:
                walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
    return found


def tree_problems(path: Path) -> list[str]:
    """What a reader walking between page content and the tree would trip over.

    - every MCID of a page's content maps, through the page's /StructParents entry in the
      parent tree, to the element whose /K references it (a bare integer on the element's
      /Pg page, or a marked-content reference naming that page), and nothing else does;
    - every kid of an element is a structure element whose /P is that element, and none is
      the kid of two parents;
    - every link annotation's /StructParent maps to a Link element that holds it.
    """
    problems: list[str] = []
    in_content, _ = pdfread.content_mcids(path)
    with pikepdf.open(path) as pdf:
        sheet_of = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        nums = root.ParentTree.Nums
        parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        holder: dict[tuple[int, int], tuple[int, int]] = {}  # (sheet, MCID) -> element
        annotations: dict[tuple[int, int], tuple[int, int]] = {}  # annotation -> element
        parent_of: dict[tuple[int, int], tuple[int, int]] = {}

        def walk(element: pikepdf.Dictionary) -> None:
            kids = element.get("/K", pikepdf.Array())
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, int):
                    if "/Pg" not in element:
                        problems.append(f"MCID {kid} of an element without /Pg")
                        continue
                    key = (sheet_of[element.Pg.objgen], int(kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    page = kid.Pg if "/Pg" in kid else element.get("/Pg")
                    key = (sheet_of[page.objgen], int(kid.MCID))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    annotations[kid.Obj.objgen] = element.objgen
                    continue
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/S") is not None:
                    if not kid.is_indirect:
                        problems.append("a structure element written inline")
                    if kid.objgen in parent_of:
                        problems.append(f"element {kid.objgen} has two parents")
                    parent_of[kid.objgen] = element.objgen
                    if kid.get("/P") is None or kid.P.objgen != element.objgen:
                        problems.append(f"element {kid.objgen} ({kid.S}): /P is not its parent")
                    walk(kid)
                    continue
                else:
                    problems.append(f"a kid that is no element, MCID or reference: {kid!r}")
                    continue
                if key in holder:
                    problems.append(f"MCID {key} held by two elements")
                holder[key] = element.objgen

        for top in root.K if isinstance(root.K, pikepdf.Array) else [root.K]:
            walk(top)
        if set(holder) != in_content:
            problems.append(
                f"content without element: {sorted(in_content - set(holder))}, "
                f"elements naming no content: {sorted(set(holder) - in_content)}"
            )
        for (sheet, mcid), element in holder.items():
            entry = parent_tree.get(int(pdf.pages[sheet].obj.get("/StructParents", -1)))
            if entry is None or mcid >= len(entry) or entry[mcid].objgen != element:
                problems.append(
                    f"parent tree of sheet {sheet} does not map MCID {mcid} to its element"
                )
        for index, page in enumerate(pdf.pages):
            for annotation in page.obj.get("/Annots", []):
                if annotation.get("/Subtype") != "/Link":
                    continue
                element = parent_tree.get(int(annotation.get("/StructParent", -1)))
                if element is None or annotations.get(annotation.objgen) != element.objgen:
                    problems.append(f"link annotation on sheet {index} not held by its element")
                elif element.S != "/Link":
                    problems.append(f"link annotation on sheet {index} held by {element.S}")
    return problems


def ua1_failures(path: Path) -> list[str]:
    return [
        str(failure) for failure in page_validation.validate_pdf(str(path), profile="ua1").failures
    ]


def test_a_paragraph_over_two_sheets_is_one_paragraph(pdfs: dict[str, Path]) -> None:
    """Otherwise a screen reader announces two paragraphs where the page shows one, and the
    word at the sheet break runs into the next one or is cut off from its sentence."""
    tree, marked = read(pdfs["flow"])
    paragraphs = elements(tree, "P")
    assert len(paragraphs) == 1
    assert sheets(paragraphs[0]) == {0, 1}  # the case is real: it does cross the sheet break
    assert words(pdfread.element_text(paragraphs[0], marked)) == PARAGRAPH


def test_a_list_over_two_sheets_is_one_list(pdfs: dict[str, Path]) -> None:
    """Otherwise a reader hears "list of n items" once per sheet: two lists, and the item
    count of neither is the one the author wrote."""
    tree, marked = read(pdfs["flow"])
    lists = elements(tree, "L")
    assert len(lists) == 1
    assert len(sheets(lists[0])) >= 2
    items = [kid for kid in lists[0].kids if isinstance(kid, pdfread.Element)]
    assert [item.role for item in items] == ["LI"] * len(ITEMS)
    read_items = [words(pdfread.element_text(item, marked)) for item in items]
    assert read_items == [f"• {item}" for item in ITEMS]


def test_a_list_item_over_the_sheet_break_is_one_item(pdfs: dict[str, Path]) -> None:
    """Otherwise the rest of an item on the next sheet is a list item of its own, without a
    number: a reader hears one item more than there are, the split one read as two."""
    tree, marked = read(pdfs["items"])
    items = elements(tree, "LI")
    assert any(len(sheets(item)) == 2 for item in items)  # the case is real
    assert len(elements(tree, "L")) == 1
    assert [[kid.role for kid in item.kids] for item in items] == [["Lbl", "LBody"]] * 12
    assert [words(pdfread.element_text(item, marked)) for item in items] == [
        f"{number}. {item}" for number, item in enumerate(LONG_ITEMS, start=1)
    ]


def test_a_section_over_several_sheets_is_one_section(pdfs: dict[str, Path]) -> None:
    """Otherwise the section (a landmark a reader jumps between) appears once per sheet, and
    only the first part has a heading."""
    tree, marked = read(pdfs["flow"])
    document = tree.kids[0]
    assert [kid.role for kid in document.kids if isinstance(kid, pdfread.Element)] == ["Sect"]
    section = document.kids[0]
    assert [kid.role for kid in section.kids] == ["H1", "P", "L"]
    with pikepdf.open(pdfs["flow"]) as pdf:
        assert sheets(section) == set(range(len(pdf.pages)))
    assert len(sheets(section)) >= 3
    text = words(pdfread.element_text(section, marked))
    assert text == words(" ".join(["Kapitel", PARAGRAPH, *(f"• {item}" for item in ITEMS)]))


def test_a_long_table_is_one_table_with_one_header_row(pdfs: dict[str, Path]) -> None:
    """Otherwise a reader announces a new table on every sheet, reads the header row once per
    sheet as if it were data, and the row count of each "table" is wrong."""
    tree, marked = read(pdfs["table"])
    with pikepdf.open(pdfs["table"]) as pdf:
        assert 2 <= len(pdf.pages) <= 3
    tables = elements(tree, "Table")
    assert len(tables) == 1
    table = tables[0]
    assert sheets(table) == set(range(len(sheets(table))))
    assert len(sheets(table)) >= 2
    assert [kid.role for kid in table.kids] == ["Caption", "THead", "TBody"]
    header_rows = [
        row
        for row in elements(table, "TR")
        if all(isinstance(kid, pdfread.Element) and kid.role == "TH" for kid in row.kids)
    ]
    assert len(header_rows) == 1
    assert [words(pdfread.element_text(th, marked)) for th in header_rows[0].kids] == HEADER
    body_rows = elements(table.kids[2], "TR")
    assert len(body_rows) == ROWS
    expected = [
        "Orte und Zahlen",
        *HEADER,
        *(cell for number in range(1, ROWS + 1) for cell in cells(number)),
    ]
    assert words(pdfread.element_text(table, marked)) == words(" ".join(expected))


def test_the_repeated_header_row_is_an_artifact(pdfs: dict[str, Path]) -> None:
    """The header row the engine draws again on each further sheet is there for the eye; as
    content, a screen reader would read "Spalte-Ort Spalte-Zahl Spalte-Notiz" once per sheet."""
    marked = pdfread.marked_texts(pdfs["table"])
    page_count = 1 + max(sheet for sheet, _ in marked)
    assert page_count >= 2
    for label in HEADER:
        as_content = [key for key, text in marked.items() if key[1] >= 0 and label in text]
        assert as_content == [as_content[0]] and as_content[0][0] == 0, label
        for sheet in range(1, page_count):
            assert label in marked.get((sheet, -1), ""), (label, sheet)  # drawn, as artifact
    _, artifacts = pdfread.content_mcids(pdfs["table"])
    assert {(sheet, kind) for sheet, kind, _ in artifacts if sheet > 0} >= {
        (sheet, "/Pagination") for sheet in range(1, page_count)
    }


def test_table_headers_have_scope_and_every_cell_names_existing_headers(
    pdfs: dict[str, Path],
) -> None:
    """Without /Scope a checker flags every TH and a reader may not tell column from row
    headers; a TD whose /Headers name the IDs of the repeated (now artifact) header row would
    be read without its column name on every sheet but the first."""
    found = table_elements(pdfs["table"])
    headers = [cell for cell in found if cell["role"] == "TH"]
    data = [cell for cell in found if cell["role"] == "TD"]
    assert len(headers) == len(HEADER) + ROWS
    assert len(data) == 2 * ROWS
    assert all(cell["owner"] == "/Table" for cell in found)
    assert [cell["scope"] for cell in headers[: len(HEADER)]] == ["/Column"] * len(HEADER)
    assert [cell["scope"] for cell in headers[len(HEADER) :]] == ["/Row"] * ROWS
    ids = [cell["id"] for cell in headers]
    assert None not in ids and len(set(ids)) == len(ids)
    column_ids = ids[: len(HEADER)]
    for row, number in enumerate(range(1, ROWS + 1)):
        row_id = ids[len(HEADER) + row]
        assert data[2 * row]["headers"] == [row_id, column_ids[1]], number
        assert data[2 * row + 1]["headers"] == [row_id, column_ids[2]], number


def test_a_table_footer_is_read_once(pdfs: dict[str, Path]) -> None:
    """The footer group is drawn at the foot of every sheet the table covers; read as content,
    the totals line would be heard once per sheet, in the middle of the data."""
    tree, marked = read(pdfs["footed"])
    assert len(sheets(elements(tree, "Table")[0])) >= 2
    assert len(elements(tree, "Table")) == 1
    assert len(elements(tree, "TFoot")) == 1
    assert len(elements(tree, "TBody")) == 1
    text = words(pdfread.element_text(tree, marked))
    assert text.count(FOOTER) == 1 and text.endswith(f"{FOOTER} Summe")
    assert text.count("Kopf") == 1
    assert " ".join(f"Zeile {n} {n}" for n in range(1, 51)) in text


def test_a_link_over_the_sheet_break_keeps_both_parts_and_annotations(
    pdfs: dict[str, Path],
) -> None:
    """A link split by the sheet break becomes one Link element holding marked content of two
    sheets (through marked-content references) and both link areas; otherwise the parent tree
    would send a reader from the second sheet's words to an element that is gone."""
    tree, marked = read(pdfs["linked"])
    assert len(elements(tree, "P")) == 1
    assert any(len(sheets(link)) == 2 for link in elements(tree, "Link"))
    expected = " ".join(["Anfang", *(f"Verweis{n}" for n in range(1, 241)), "Ende"])
    assert words(pdfread.element_text(tree, marked)) == expected


@pytest.mark.parametrize("name", ["flow", "items", "table", "footed", "linked"])
def test_the_parent_tree_matches_the_tree(pdfs: dict[str, Path], name: str) -> None:
    """A reader that starts from the page (reading where the pointer is, a search hit) goes
    through the parent tree: a stale entry lands on an element that is no longer in the tree,
    or on the first sheet's part of an element instead of the one holding the text."""
    assert tree_problems(pdfs[name]) == []


@pytest.mark.parametrize("name", ["flow", "items", "table", "footed", "linked"])
def test_pdf_ua1_passes(pdfs: dict[str, Path], name: str) -> None:
    assert ua1_failures(pdfs[name]) == []


def test_an_empty_table_cell_is_a_cell(tmp_path: Path) -> None:
    """An empty cell (a gap in the data) stays a TD of its row, so that a reader counts the
    columns right; it used to stop the build with an AttributeError in WeasyPrint's tagger."""
    html = page_html(
        "<table><thead><tr><th>A</th><th>B</th></tr></thead><tbody>"
        "<tr><td>1</td><td></td></tr><tr><td></td><td></td></tr></tbody></table>"
    )
    path = render(tmp_path, html, "empty")
    rows = elements(pdfread.structure(path), "TR")
    assert [[kid.role for kid in row.kids] for row in rows] == [
        ["TH", "TH"],
        ["TD", "TD"],
        ["TD", "TD"],
    ]
    assert tree_problems(path) == []
    assert ua1_failures(path) == []


def test_without_the_merge_the_engine_splits_elements_per_sheet(tmp_path: Path) -> None:
    """The same documents written by WeasyPrint alone (no render of ours recording): one table
    and one header row per sheet. This is what the tests above guard against."""
    fonts = FontConfiguration()
    counts = {}
    for name, html in {"table": TABLE, "flow": FLOW}.items():
        css = weasyprint.CSS(string=design(tmp_path), font_config=fonts)
        path = tmp_path / f"{name}-engine.pdf"
        weasyprint.HTML(string=html, base_url=tmp_path.as_uri() + "/").write_pdf(
            path, stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1"
        )
        counts[name] = Counter(element.role for element in pdfread.structure(path).walk())
    assert counts["table"]["Table"] >= 2
    assert counts["table"]["THead"] == counts["table"]["Table"]  # the header, tagged per sheet
    assert counts["flow"]["P"] == 2
    assert counts["flow"]["L"] >= 2
    assert counts["flow"]["Sect"] >= 3
