"""Fit check: does every brochure page fit its sheet, inside the area the page furniture leaves?

Each content page is one `<section id="page-N">` laid out on one sheet (running text marked
`class="flow"` may continue on further sheets). What does not fit is
found in WeasyPrint's layout boxes: content that runs past the page area (into the running
header or footer, or off the sheet), content cut off by a box that clips it, and a page that
spills onto an extra sheet. Each finding carries what the user needs to fix it: the page, by how
much, the first text that does not fit, and where to mark it in a draft PDF.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.document import Document
from weasyprint.formatting_structure import boxes

PX_PER_MM = 96 / 25.4
PT_PER_PX = 0.75
TOLERANCE_PX = 1.0  # sub-pixel rounding of the layout is no overflow
# Elements whose whole text names the content a box belongs to, for the message.
_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "td", "th", "caption")


@dataclass(frozen=True)
class Rect:
    """A rectangle on a sheet, in CSS px from the sheet's top left corner."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Misfit:
    """One way a page does not fit."""

    page: int  # the content page (1-based, in YAML order)
    sheet: int  # the PDF page it shows on (1-based)
    what: str  # "bottom" (or top), "side", "clipped" or "spill"
    amount_mm: float  # how much too tall or too wide (spill: the height on extra sheets)
    text: str  # the first text (or picture) that does not fit, as the reader sees it
    marks: tuple[Rect, ...]  # what to outline in the draft
    limit: Rect  # the area the content must stay inside
    spilled_mm: float = 0.0  # a spill: how tall the content on its extra sheet is

    def describe(self) -> str:
        snippet = f' (from "{short(self.text)}")' if self.text else ""
        if self.what == "spill":
            sheets = round(self.amount_mm)
            return f"spills onto {sheets} extra sheet{'s' if sheets != 1 else ''}{snippet}"
        if self.what == "side":
            return f"is {self.amount_mm:.0f} mm too wide{snippet} (a very long word or address?)"
        if self.what == "clipped":
            return f"is cut off by {self.amount_mm:.0f} mm{snippet}"
        return (
            f"runs {self.amount_mm:.0f} mm past the page area, over the running header "
            f"or footer or off the sheet{snippet}"
        )


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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


def _flows(page_box: boxes.PageBox, number: int) -> bool:
    """Whether a page is running text that continues on further sheets by design (a chapter,
    `class="flow"`): its later sheets are no spill, though what runs past them still is."""
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if (
            element is not None
            and box.element_tag == "section"
            and element.get("id") == f"page-{number}"
        ):
            return "flow" in element.get("class", "").split()
    return False


def _content_boxes(page_box: boxes.PageBox) -> Iterator[boxes.Box]:
    """Everything laid out on the page except the running header and footer."""
    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def _visible(box: boxes.Box) -> bool:
    """Whether a box draws something a reader sees: text, a picture, a background or a border."""
    if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)):
        return True
    if isinstance(box, boxes.LineBox):
        return False  # its text boxes count
    background = getattr(box, "background", None)
    if background is not None and (background.color.alpha > 0 or background.layers):
        return True
    return any(
        getattr(box, f"border_{side}_width", 0) > 0 for side in ("top", "right", "bottom", "left")
    )


def _border_rect(box: boxes.Box) -> Rect:
    if isinstance(box, boxes.TextBox):
        return Rect(box.position_x, box.position_y, box.width, box.height)
    return Rect(box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height())


def _words(element: Any) -> str:  # an ElementTree element of the engine's tree
    """The text of an element as read: a line break (<br>) separates words."""
    parts = [element.text or ""]
    for child in element:
        parts.append(" " if child.tag == "br" else _words(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _text_of(box: boxes.Box) -> str:
    """What a reader sees of the content a box belongs to: the text of its paragraph, list
    item or heading, or the picture's file name."""
    element = getattr(box, "element", None)
    if isinstance(box, boxes.ReplacedBox) and element is not None:
        return str(element.get("alt") or element.get("src", ""))
    while element is not None:
        if element.tag in _TEXT_BLOCKS:
            return _words(element)
        element = element.getparent() if hasattr(element, "getparent") else None
    return getattr(box, "text", "") or ""


def check_fit(document: Document) -> list[Misfit]:
    """Every sheet on which a content page spills, overflows its page area or is cut off by a
    box that clips it (a spill over several sheets gives one finding per sheet; see
    `summarize`)."""
    misfits: list[Misfit] = []
    first_sheet: dict[int, int] = {}
    for sheet, page in enumerate(document.pages, start=1):
        page_box = page._page_box
        sections = _sections_on(page_box)
        for number in sections:
            first_sheet.setdefault(number, sheet)
        owner = sections[-1] if sections else 0
        continued = bool(sections) and all(first_sheet[n] < sheet for n in sections)
        if continued and not _flows(page_box, sections[0]):
            misfits.append(_spill(page_box, sheet, sections[0], first_sheet[sections[0]]))
            continue
        misfits.extend(_overflows(page_box, sheet, owner, page.bleed))
        misfits.extend(_out_of_frame(page_box, sheet, owner))
    return misfits


def _framed(box: boxes.Box) -> bool:
    """A block the reader sees as a frame (a card, a box with a background or border)."""
    return isinstance(box, boxes.BlockBox) and _visible(box)


def _out_of_frame(page_box: boxes.PageBox, sheet: int, owner: int) -> list[Misfit]:
    """Text wider than the framed box it stands in (a long word in a card's title runs over
    the next card): inside the page area, so `_overflows` does not see it."""
    worst, first, marks = 0.0, None, []

    def walk(box: boxes.Box, frame: Rect | None) -> None:
        nonlocal worst, first
        if _framed(box):
            frame = Rect(
                box.border_box_x(), box.border_box_y(), box.border_width(), box.border_height()
            )
        if isinstance(box, boxes.TextBox) and frame is not None:
            rect = _border_rect(box)
            wide = max(rect.x + rect.width - (frame.x + frame.width), frame.x - rect.x)
            if wide > TOLERANCE_PX:
                first = first or box
                worst = max(worst, wide)
                marks.append(rect)
        for child in getattr(box, "children", ()):
            walk(child, frame)

    for child in page_box.children:
        if not isinstance(child, boxes.MarginBox):
            walk(child, None)
    if first is None:
        return []
    return [
        Misfit(
            owner, sheet, "side", worst / PX_PER_MM, _text_of(first), tuple(marks), _limit(page_box)
        )
    ]


def _limit(page_box: boxes.PageBox) -> Rect:
    return Rect(page_box.content_box_x(), page_box.content_box_y(), page_box.width, page_box.height)


def _decoration_limit(page_box: boxes.PageBox, bleed: dict[str, float]) -> Rect:
    """Where backgrounds and borders may reach: the page area, or, on a side where the page
    has no margin (a full-bleed cover or panel), on into the bleed."""
    limit = _limit(page_box)
    left = limit.x - (bleed.get("left", 0) if page_box.margin_left == 0 else 0)
    top = limit.y - (bleed.get("top", 0) if page_box.margin_top == 0 else 0)
    right = limit.x + limit.width + (bleed.get("right", 0) if page_box.margin_right == 0 else 0)
    bottom = limit.y + limit.height + (bleed.get("bottom", 0) if page_box.margin_bottom == 0 else 0)
    return Rect(left, top, right - left, bottom - top)


def _overflows(
    page_box: boxes.PageBox, sheet: int, owner: int, bleed: dict[str, float]
) -> list[Misfit]:
    limit = _limit(page_box)
    decoration = _decoration_limit(page_box, bleed)
    worst_y = worst_x = 0.0
    first_y: boxes.Box | None = None
    first_x: boxes.Box | None = None
    marks_y: list[Rect] = []
    marks_x: list[Rect] = []
    clipped: list[Misfit] = []
    for box in _content_boxes(page_box):
        if not _visible(box):
            if _clips(box):
                clipped.extend(_clipped(box, sheet, owner, limit))
            continue
        rect = _border_rect(box)
        area = limit if isinstance(box, (boxes.TextBox, boxes.ReplacedBox)) else decoration
        bottom, right = area.y + area.height, area.x + area.width
        below = max(rect.y + rect.height - bottom, area.y - rect.y)
        if below > TOLERANCE_PX:
            if first_y is None:
                first_y = box
            worst_y = max(worst_y, below)
            marks_y.append(rect)
        wide = max(rect.x + rect.width - right, area.x - rect.x)
        if wide > TOLERANCE_PX:
            if first_x is None:
                first_x = box
            worst_x = max(worst_x, wide)
            marks_x.append(rect)
        if _clips(box):
            clipped.extend(_clipped(box, sheet, owner, limit))
    found = []
    if first_y is not None:
        found.append(
            Misfit(
                owner,
                sheet,
                "bottom",
                worst_y / PX_PER_MM,
                _text_of(first_y),
                tuple(marks_y),
                limit,
            )
        )
    if first_x is not None:
        found.append(
            Misfit(
                owner, sheet, "side", worst_x / PX_PER_MM, _text_of(first_x), tuple(marks_x), limit
            )
        )
    return found + clipped


def _clips(box: boxes.Box) -> bool:
    return box.style["overflow"] != "visible" if hasattr(box, "style") else False


def _clipped(box: boxes.Box, sheet: int, owner: int, limit: Rect) -> list[Misfit]:
    """Content that a box with `overflow: hidden` (or similar) cuts off."""
    frame = Rect(
        box.padding_box_x(), box.padding_box_y(), box.padding_width(), box.padding_height()
    )
    worst, first, marks = 0.0, None, []
    for inner in box.descendants():
        if inner is box or not _visible(inner):
            continue
        rect = _border_rect(inner)
        beyond = max(
            rect.y + rect.height - (frame.y + frame.height),
            rect.x + rect.width - (frame.x + frame.width),
            frame.x - rect.x,
            frame.y - rect.y,
        )
        if beyond > TOLERANCE_PX:
            first = first or inner
            worst = max(worst, beyond)
            marks.append(rect)
    if first is None:
        return []
    return [
        Misfit(
            owner,
            sheet,
            "clipped",
            worst / PX_PER_MM,
            _text_of(first),
            (frame, *marks),
            limit,
        )
    ]


def _spill(page_box: boxes.PageBox, sheet: int, number: int, first: int) -> Misfit:
    """A sheet that holds only the continuation of a page begun on an earlier sheet."""
    limit = _limit(page_box)
    marks = [
        _border_rect(box)
        for box in _content_boxes(page_box)
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox))
    ]
    first_box = next(
        (
            box
            for box in _content_boxes(page_box)
            if isinstance(box, (boxes.TextBox, boxes.ReplacedBox))
        ),
        None,
    )
    height = (max(r.y + r.height for r in marks) - min(r.y for r in marks)) if marks else 0.0
    # A sheet of empty frames (a grid split by the engine) is marked as a whole.
    return Misfit(
        number,
        sheet,
        "spill",
        1.0,
        _text_of(first_box) if first_box else "",
        tuple(marks or [limit]),
        limit,
        height / PX_PER_MM,
    )


def summarize(misfits: list[Misfit]) -> list[Misfit]:
    """One finding per page and kind for reporting: the extra sheets of a page are counted in
    one spill (`amount_mm` is then the number of sheets)."""
    merged: list[Misfit] = []
    for misfit in misfits:
        previous = next((m for m in merged if m.what == "spill" and m.page == misfit.page), None)
        if misfit.what == "spill" and previous is not None:
            merged[merged.index(previous)] = Misfit(
                previous.page,
                previous.sheet,
                "spill",
                previous.amount_mm + 1,
                previous.text,
                previous.marks,
                previous.limit,
            )
            continue
        merged.append(misfit)
    return merged


def lost_text(document: Document) -> list[str]:
    """Texts of the HTML that no box on any sheet shows: content the engine dropped.

    WeasyPrint 70 has been seen to drop everything after a `column-span: all` element in
    columns that continue onto another sheet, with no warning and no error; a PDF missing
    content must never be written as a success, whatever the cause.
    """
    html = getattr(document, "_html", None)
    if html is None:
        return []
    shown: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants():
            element = getattr(box, "element", None)
            if element is not None:
                shown.add(id(element))
    body = next((child for child in html.etree_element if _local(child.tag) == "body"), None)
    lost: list[str] = []

    def walk(element: Any) -> None:
        tag = _local(element.tag) if isinstance(element.tag, str) else ""
        if tag in ("svg", "script", "style", "template"):
            return  # drawn as a picture, or never shown
        text = " ".join((element.text or "").split())
        if text and id(element) not in shown:
            lost.append(text)
        for child in element:
            walk(child)

    if body is not None:
        walk(body)
    return lost


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
