"""Reading a tagged PDF as assistive technology does: the structure tree, and the text of each
element in tag order (through the marked content each element points to).

pikepdf gives the tree; pypdfium2 gives the text of each page object with the marked-content
id (MCID) it belongs to, honouring /ActualText as text extraction does.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c


@dataclass
class Element:
    """One structure element: its type, attributes and kids (elements or marked content)."""

    role: str  # /S without the slash: P, H1, Figure, Link, Span, …
    lang: str | None
    alt: str | None
    actual_text: str | None
    page: int | None  # /Pg as a page index
    kids: list[Element | tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    parent: Element | None = field(default=None, repr=False)
    attributes: dict[str, object] = field(default_factory=dict)  # /A, e.g. {"Scope": "/Row"}
    identifier: str | None = None  # /ID (a table header cell's, which /Headers name)

    def walk(self) -> Iterator[Element]:
        yield self
        for kid in self.kids:
            if isinstance(kid, Element):
                yield from kid.walk()

    def language(self) -> str | None:
        """The language in effect: its own /Lang or the nearest ancestor's."""
        node: Element | None = self
        while node is not None:
            if node.lang:
                return node.lang
            node = node.parent
        return None


def marked_texts(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text of that marked content, in content-stream order.

    Artifacts have no MCID; their text is under the key (page, -1). Where the marked content
    carries /ActualText, pdfium gives that.
    """
    return {key: text for key, (text, _) in marked_content(path).items()}


def marked_content(
    path: Path,
) -> dict[tuple[int, int], tuple[str, tuple[float, float, float, float]]]:
    """(page index, MCID) -> (its text, its bounds in points: left, bottom, right, top)."""
    found: dict[tuple[int, int], tuple[str, tuple[float, float, float, float]]] = {}
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            for number in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, number)
                if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj)
                size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
                buffer = (ctypes.c_ushort * max(1, size // 2))()
                pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
                text = bytes(buffer)[: max(0, size - 2)].decode("utf-16-le", errors="replace")
                # pdfium gives a soft hyphen that ends a line as U+0002
                text = text.replace("\x02", "\u00ad")
                left, bottom, right, top = (ctypes.c_float() for _ in range(4))
                pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
                bounds = (left.value, bottom.value, right.value, top.value)
                if (index, mcid) in found:
                    old_text, old = found[(index, mcid)]
                    text = old_text + text
                    bounds = (
                        min(old[0], bounds[0]),
                        min(old[1], bounds[1]),
                        max(old[2], bounds[2]),
                        max(old[3], bounds[3]),
                    )
                found[(index, mcid)] = (text, bounds)
    finally:
        pdf.close()
    for key, actual in actual_texts(path).items():  # what the PDF says the marked content is
        if key in found:
            found[key] = (actual, found[key][1])
    return found


def actual_texts(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the /ActualText its marked content carries, as a screen reader
    takes it (pdfium gives it too, but turns any line-end hyphen into a soft one)."""
    found: dict[tuple[int, int], str] = {}
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) != "BDC" or len(operands) < 2:
                    continue
                properties = operands[1]
                if (
                    isinstance(properties, pikepdf.Dictionary)
                    and "/MCID" in properties
                    and "/ActualText" in properties
                ):
                    found[(index, int(properties.MCID))] = str(properties.ActualText)
    return found


def content_mcids(path: Path) -> tuple[set[tuple[int, int]], list[tuple[int, str, str]]]:
    """Every MCID the page contents mark, and every artifact: (page, type, subtype)."""
    mcids: set[tuple[int, int]] = set()
    artifacts: list[tuple[int, str, str]] = []
    with pikepdf.open(path) as pdf:
        for index, page in enumerate(pdf.pages):
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) not in ("BDC", "BMC"):
                    continue
                properties = operands[1] if len(operands) > 1 else None
                if str(operands[0]) == "/Artifact":
                    kind = (
                        str(properties.get("/Type", ""))
                        if isinstance(properties, pikepdf.Dictionary)
                        else ""
                    )
                    sub = (
                        str(properties.get("/Subtype", ""))
                        if isinstance(properties, pikepdf.Dictionary)
                        else ""
                    )
                    artifacts.append((index, kind, sub))
                elif isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    mcids.add((index, int(properties.MCID)))
    return mcids, artifacts


def structure(path: Path) -> Element:
    """The structure tree of a tagged PDF (the root is the StructTreeRoot's /Document)."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = Element("StructTreeRoot", None, None, None, None)

        def build(node: pikepdf.Object, parent: Element, page: int | None) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    build(kid, parent, page)
                return
            if isinstance(node, int):
                assert page is not None, "an MCID without a page"
                parent.kids.append((page, int(node)))
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            if node.get("/Type") == "/MCR":
                on = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
                parent.kids.append((on, int(node.MCID)))
                return
            if node.get("/Type") == "/OBJR":
                return  # an annotation (a link's area), not text
            here = pages.get(node.Pg.objgen, page) if "/Pg" in node else page
            element = Element(
                str(node.get("/S", "/?"))[1:],
                _text(node, "/Lang"),
                _text(node, "/Alt"),
                _text(node, "/ActualText"),
                here,
                parent=parent,
                attributes=_attributes(node),
                identifier=_text(node, "/ID"),
            )
            parent.kids.append(element)
            if "/K" in node:
                build(node.K, element, here)

        build(pdf.Root.StructTreeRoot.K, root, None)
        return root


def _text(node: pikepdf.Dictionary, key: str) -> str | None:
    return str(node[key]) if key in node else None


def _attributes(node: pikepdf.Dictionary) -> dict[str, object]:
    """The element's attribute dictionaries (/A, one or an array of them), merged; names as
    strings ("/Column"), arrays as lists of strings."""
    found: dict[str, object] = {}
    value = node.get("/A")
    for part in value if isinstance(value, pikepdf.Array) else [value] if value else []:
        if not isinstance(part, pikepdf.Dictionary):
            continue
        for key, item in part.items():
            found[key[1:]] = (
                [str(x) for x in item] if isinstance(item, pikepdf.Array) else str(item)
            )
    return found


# Elements read as a unit of their own: a reader pauses between them.
BLOCKS = {
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "Caption",
    "BlockQuote",
    "Figure",
    "TOC",
    "TOCI",
    "Note",
    "StructTreeRoot",
}


def element_text(element: Element, marked: dict[tuple[int, int], str]) -> str:
    """The text of an element as a screen reader reads it: its /ActualText, else the text of
    its marked content and kid elements in tag order (a figure is its /Alt); block elements
    are separated by a line break."""
    if element.actual_text is not None:
        return element.actual_text
    if element.role == "Figure":
        return element.alt or ""
    parts = []
    for kid in element.kids:
        if isinstance(kid, Element):
            text = element_text(kid, marked)
            parts.append(f"\n{text}\n" if kid.role in BLOCKS else text)
        else:
            parts.append(marked.get(kid, ""))
    return "".join(parts)


def mcids_in_tree(root: Element) -> set[tuple[int, int]]:
    return {kid for element in root.walk() for kid in element.kids if isinstance(kid, tuple)}
