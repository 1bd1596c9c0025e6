"""Fit check: does every brochure page fit its box, on exactly one PDF page?

Each content page is one `<section id="page-N">` laid out on one sheet. Text that runs past
the page area is clipped or pushed onto an extra sheet; both are found here from WeasyPrint's
layout boxes, so a long translation is reported instead of silently cut.
"""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

PX_PER_MM = 96 / 25.4
TOLERANCE_PX = 1.0  # sub-pixel rounding of the layout is no overflow


@dataclass(frozen=True)
class Misfit:
    page: int  # the content page (1-based, in YAML order)
    message: str

    def __str__(self) -> str:
        return f"page {self.page} {self.message}"


def _sections_on(page_box: boxes.PageBox) -> list[int]:
    found: list[int] = []
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is None or box.element_tag != "section":
            continue
        ident = element.get("id", "")
        if ident.startswith("page-") and ident[5:].isdigit():
            number = int(ident[5:])
            if number not in found:
                found.append(number)
    return found


def _content_boxes(page_box: boxes.PageBox):  # type: ignore[no-untyped-def]
    """Everything laid out on the page except the running header and footer."""
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"


def check_fit(document: Document, titles: dict[int, str]) -> list[Misfit]:
    """Every content page that spills onto another sheet or overflows its page area."""
    titles = {number: _short(title) for number, title in titles.items()}
    misfits: list[Misfit] = []
    sheets: dict[int, int] = {}
    for page in document.pages:
        page_box = page._page_box  # noqa: SLF001 - the layout tree is the only place to look
        for number in _sections_on(page_box):
            sheets[number] = sheets.get(number, 0) + 1
        bottom = page_box.content_box_y() + page_box.height
        left = page_box.content_box_x()
        right = left + page_box.width
        worst_y = worst_x = 0.0
        for box in _content_boxes(page_box):
            if not isinstance(box, (boxes.LineBox, boxes.TextBox, boxes.ReplacedBox)):
                continue
            worst_y = max(worst_y, box.position_y + box.margin_height() - bottom)
            worst_x = max(worst_x, box.position_x + box.margin_width() - right,
                          left - box.position_x)
        sections = _sections_on(page_box)
        number = sections[-1] if sections else 0
        label = f'"{titles.get(number, "")}"'
        if worst_y > TOLERANCE_PX:
            misfits.append(Misfit(number, f"{label} overflows by {worst_y / PX_PER_MM:.0f} mm "
                                          "at the bottom"))
        if worst_x > TOLERANCE_PX:
            misfits.append(Misfit(number, f"{label} is {worst_x / PX_PER_MM:.0f} mm too wide "
                                          "(a very long word or address?)"))
    for number, count in sorted(sheets.items()):
        if count > 1:
            misfits.append(Misfit(number, f'"{titles.get(number, "")}" spills onto '
                                          f"{count - 1} extra page{'s' if count > 2 else ''}"))
    return misfits
