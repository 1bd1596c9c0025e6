"""The PDF's structure tree, as a screen reader needs it; WeasyPrint 70 builds the tree, we mend
what it cannot express.

WeasyPrint tags every element but offers no hook for the tree it builds: it has no `/Lang` on
elements in another language, keeps decorative pictures as figures (and logs an error for their
empty alt text), and leaves the running header and footer as marked content that points to
elements outside the tree. It also builds the tree sheet by sheet, so an element whose boxes
continue on the next sheet (a paragraph, a list, a long table, the section holding them) becomes
one element per sheet, and the header row that a long table repeats on every sheet is read as
content again each time. Two small pieces fix that, both active only inside our own
`render_pdf` (through a context variable, so other WeasyPrint calls and parallel builds are not
affected):

- `build_box_tree` wraps WeasyPrint's tag builder (pinned to WeasyPrint 70): it records which
  box each marked-content id (MCID) of a page belongs to and which HTML element each structure
  element stands for, sets `/Lang` on elements whose language differs from the document's and
  `/Scope` on table headers, builds no element for page furniture, decorative pictures and a
  table's repeated header (or footer) group;
- `finish` runs in `write_pdf`'s finisher, before the PDF is serialised: it merges the elements
  built for one HTML element on consecutive sheets into one, turns the marked content of the
  skipped boxes into artifacts, numbers the remaining MCIDs of each page without gaps again, and
  rebuilds the parent tree to match.
"""

from __future__ import annotations

import contextlib
import contextvars
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf
from weasyprint.css import AnonymousStyle
from weasyprint.formatting_structure import boxes
from weasyprint.layout.absolute import AbsolutePlaceholder
from weasyprint.pdf import tags as weasy_tags

_ORIGINAL_BUILD = weasy_tags._build_box_tree


@dataclass
class PageTags:
    """What the tag builder saw on one page."""

    boxes: dict[int, Any]  # MCID -> the box whose content it marks
    nums: dict[int, bytes]  # MCID -> reference of its structure element (filled by WeasyPrint)
    artifacts: dict[int, pydyf.Dictionary] = field(default_factory=dict)  # MCID -> properties


@dataclass(frozen=True)
class Origin:
    """The HTML element one structure element was built for (its sheet is its /Pg)."""

    key: tuple[int, str, str]  # id(HTML element), its tag (with ::pseudo), structure type
    # Anonymous and inline boxes: one HTML element may have several of them side by side, so
    # only the last of one sheet and the first of the next are known to be one piece.
    by_position: bool


@dataclass
class Tagging:
    """The record of one PDF being written."""

    document_lang: str
    pages: dict[int, PageTags] = field(default_factory=dict)
    line_ends: dict[int, str] = field(default_factory=dict)  # id(text box) -> "space"/"hyphen"
    right_to_left: set[int] = field(default_factory=set)  # id(text box) in an RTL paragraph
    origins: dict[int, Origin] = field(default_factory=dict)  # object number -> origin
    # The HTML elements are kept here too: their ids in `Origin.key` stay theirs while we write.
    html: dict[int, Any] = field(default_factory=dict)
    groups: set[int] = field(default_factory=set)  # id(thead/tfoot) already tagged on a sheet
    cells: dict[int, pydyf.Dictionary] = field(default_factory=dict)  # id(th/td) -> first TH/TD
    # The cells of a repeated header: the stand-in WeasyPrint gives an ID, and the real cell.
    stand_ins: list[tuple[pydyf.Dictionary, pydyf.Dictionary]] = field(default_factory=list)
    # Link areas of artifacts (a leader in a link, a link in a repeated header): another area
    # of the same link is in the tree, and PDF/UA wants every area there, so these go.
    dropped_links: list[Any] = field(default_factory=list)


_CURRENT: contextvars.ContextVar[Tagging | None] = contextvars.ContextVar(
    "report_tagging", default=None
)


@contextlib.contextmanager
def recording(tagging: Tagging) -> Iterator[Tagging]:
    """Let the tag builder record into `tagging` while a PDF is written in this context."""
    token = _CURRENT.set(tagging)
    try:
        yield tagging
    finally:
        _CURRENT.reset(token)


def build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):  # type: ignore[no-untyped-def]
    """WeasyPrint's tag builder, with our additions when a render of ours records (installed
    in its place by `patches.install`)."""
    tagging = _CURRENT.get()
    if tagging is None:
        yield from _ORIGINAL_BUILD(box, parent, pdf, page_number, nums, annotations, tags)
        return
    if isinstance(box, boxes.PageBox):
        tagging.pages[page_number] = PageTags(
            {kid["mcid"]: marked for marked, kid in tags.items()}, nums
        )
    if _repeated_group(box, tagging):
        _repeat_as_artifact(box, tagging, tagging.pages[page_number], tags)
        return
    if _empty_furniture(box, tags):
        return  # a line break or an ornament drawn by CSS: nothing to read, no element
    artifact = _artifact_properties(box)
    if artifact is not None:
        page = tagging.pages[page_number]
        for inner in [box, *box.descendants()] if hasattr(box, "descendants") else [box]:
            if inner in tags:
                page.artifacts[tags.pop(inner)["mcid"]] = artifact
            _drop_link(inner, tagging)
        return
    for element in _ORIGINAL_BUILD(box, parent, pdf, page_number, nums, annotations, tags):
        language = _own_language(box, tagging.document_lang)
        if language and "Lang" not in element:
            element["Lang"] = pydyf.String(language)
        if element.number not in tagging.origins:  # page, html and body pass theirs through
            _record(tagging, box, element)
        yield element


def _record(tagging: Tagging, box: Any, element: pydyf.Dictionary) -> None:
    """Note which HTML element a structure element stands for (for `merge_continuations`),
    the first TH/TD of each table cell, and give a TH its `/Scope`."""
    if isinstance(box, AbsolutePlaceholder):
        box = box._box
    html = getattr(box, "element", None)
    if html is None or isinstance(box, boxes.PageBox):
        return
    kind = str(element["S"])
    anonymous = isinstance(box.style, AnonymousStyle) and not box.is_table_wrapper
    tagging.origins[element.number] = Origin(
        (id(html), box.element_tag, kind), anonymous or isinstance(box, boxes.InlineLevelBox)
    )
    tagging.html[id(html)] = html
    if kind in ("/TH", "/TD") and isinstance(box, boxes.TableCellBox):
        tagging.cells.setdefault(id(html), element)
    if kind == "/TH" and isinstance(box, boxes.TableCellBox):
        scope = (html.get("scope") or "").casefold()
        # WeasyPrint's /Headers take every th that is not scope="row" for a column header.
        element["A"]["Scope"] = "/Row" if scope in ("row", "rowgroup") else "/Column"


def _repeated_group(box: Any, tagging: Tagging) -> bool:
    """A table's header (or footer) group drawn again on a further sheet: the first one is
    tagged, the copies are pagination artifacts, or a screen reader reads the row again."""
    if not (
        isinstance(box, boxes.TableRowGroupBox)
        and (box.is_header or box.is_footer)
        and box.element is not None
    ):
        return False
    if id(box.element) in tagging.groups:
        return True
    tagging.groups.add(id(box.element))
    tagging.html[id(box.element)] = box.element
    return False


def _repeat_as_artifact(box: Any, tagging: Tagging, page: PageTags, tags: dict[Any, Any]) -> None:
    """Turn a repeated header group into artifacts, and give its cells stand-ins.

    WeasyPrint's table code, run after the group, gives every th an ID and every td the IDs
    of its headers through `cell.mark`; the stand-ins take those IDs, so that `finish` can
    point the tds of later sheets to the header cells of the first sheet instead.
    """
    properties = pydyf.Dictionary({"Type": "/Pagination"})
    for inner in box.descendants():
        if inner in tags:
            page.artifacts[tags.pop(inner)["mcid"]] = properties
        _drop_link(inner, tagging)
        if isinstance(inner, boxes.TableCellBox):
            stand_in = pydyf.Dictionary({"A": pydyf.Dictionary()})
            inner.mark = stand_in
            first = tagging.cells.get(id(inner.element))
            if first is not None:
                tagging.stand_ins.append((stand_in, first))


def _drop_link(box: Any, tagging: Tagging) -> None:
    annotation = getattr(box, "link_annotation", None)
    if annotation is not None:
        tagging.dropped_links.append(annotation)
        box.link_annotation = None  # nor is it linked into the tree


_TABLE_PARTS = frozenset({"thead", "tbody", "tfoot", "tr", "th", "td"})


def _empty_furniture(box: Any, tags: dict[Any, Any]) -> bool:
    """An element with nothing to read: a `<br>`, a CSS pseudo-element (`::before`, `::after`)
    or an ornament drawn by CSS (a rule, a coloured band): it gets no structure element.

    Parts of an HTML table are never skipped: an empty cell is a cell of its row, and
    WeasyPrint's header linking expects an element for every th and td of a table (it failed
    with an AttributeError on an empty cell).
    """
    tag = getattr(box, "element_tag", None) or ""
    if (
        tag.endswith("::marker")
        or tag in ("html", "body")
        or isinstance(box, (boxes.PageBox, boxes.MarginBox, boxes.TextBox, boxes.ReplacedBox))
    ):
        return False  # a list's label (Lbl), the page, text and pictures: never skipped
    if tag in _TABLE_PARTS and isinstance(
        box, (boxes.TableRowGroupBox, boxes.TableRowBox, boxes.TableCellBox)
    ):
        return False
    if getattr(box, "link_annotation", None) is not None:
        return False
    inner = box.descendants() if hasattr(box, "descendants") else [box]
    return not any(
        part in tags or getattr(part, "link_annotation", None) is not None for part in inner
    )


def _artifact_properties(box: Any) -> pydyf.Dictionary | None:
    """Marked-content properties for a box that is not content (page furniture, an
    ornament), or None for content."""
    if isinstance(box, boxes.MarginBox):
        subtype = (
            "/Header"
            if box.at_keyword.startswith("@top")
            else ("/Footer" if box.at_keyword.startswith("@bottom") else None)
        )
        properties = pydyf.Dictionary({"Type": "/Pagination"})
        if subtype:
            properties["Subtype"] = subtype
        return properties
    element = getattr(box, "element", None)
    if (
        isinstance(box, boxes.ReplacedBox)
        and element is not None
        and element.get("role") == "presentation"
    ):
        return pydyf.Dictionary({"Type": "/Layout"})
    if element is not None and element.get("aria-hidden") == "true":
        return pydyf.Dictionary({"Type": "/Layout"})  # an ornament in the text (a leader)
    return None


def _own_language(box: Any, document_lang: str) -> str | None:
    """The `lang` of the box's own element where it differs from the document's."""
    element = getattr(box, "element", None)
    if element is None or isinstance(box, (boxes.PageBox, boxes.TextBox)):
        return None
    if getattr(box, "element_tag", None) in ("html", "body"):
        return None
    language = str(element.get("lang") or "")
    if not language or language.casefold() == document_lang.casefold():
        return None
    # Anonymous boxes share their parent's element: only the element's principal box tags it.
    if getattr(box, "is_anonymous", False) or type(box).__name__.startswith("Anonymous"):
        return None
    return language


def finish(pdf: pydyf.PDF, document: Any, tagging: Tagging) -> None:
    """Mend the written tree before the PDF is serialised: one element per HTML element across
    sheets, artifacts, actual texts, MCIDs without gaps, the parent tree, and the text mapping
    of right-to-left ligatures."""
    reverse_right_to_left_clusters(pdf)
    describe_links(document)
    _remove_links(pdf, tagging.dropped_links)
    if not tagging.pages:
        return
    tagging.line_ends, tagging.right_to_left = read_lines(document)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    parent_tree = _object(pdf, root["ParentTree"])
    page_references = list(pdf.page_references)
    sheet_of = {reference: index for index, reference in enumerate(page_references)}
    merged = merge_continuations(pdf, tagging, sheet_of)
    _link_headers(pdf, tagging, merged.ids)

    mappings: dict[int, dict[int, int]] = {}
    logicals: dict[int, dict[int, str]] = {}
    for index, page_tags in tagging.pages.items():
        stream = _object(pdf, pdf.objects[_number(page_references[index])]["Contents"])
        mappings[index], logicals[index] = _rewrite_marked_content(stream, page_tags, tagging)

    def survivor(reference: bytes) -> bytes:
        return merged.survivors.get(_number(reference), reference)

    touched: set[int] = set()
    for page_tags in tagging.pages.values():
        for reference in page_tags.nums.values():
            number = _number(survivor(reference))
            if number not in touched:
                touched.add(number)
                _renumber(pdf.objects[number], tagging, mappings, logicals, sheet_of)

    nums = parent_tree["Nums"]
    for position in range(0, len(nums), 2):
        index, value = nums[position], nums[position + 1]
        if index in tagging.pages:  # a page: its MCIDs in their new order
            page_tags, mapping = tagging.pages[index], mappings[index]
            nums[position + 1] = pydyf.Array(
                [
                    survivor(page_tags.nums[old])
                    for old, _ in sorted(mapping.items(), key=lambda m: m[1])
                    if old in page_tags.nums
                ]
            )
        elif isinstance(value, bytes):  # an annotation's element (a link split by a sheet)
            nums[position + 1] = survivor(value)


# The sheet of an element the tree gives no page (/Pg): none, so nothing to renumber.
_NO_SHEET = -1


def _renumber(
    element: pydyf.Dictionary,
    tagging: Tagging,
    mappings: dict[int, dict[int, int]],
    logicals: dict[int, dict[int, str]],
    sheet_of: dict[bytes, int],
) -> None:
    """Give the marked content an element holds its page's new MCIDs; right-to-left text gets
    its logical words as the element's actual text, for whoever reads the tree."""
    own = sheet_of.get(element.get("Pg"), _NO_SHEET)
    marked: list[tuple[int, int]] = []  # (sheet, old MCID) of each marked-content kid
    for kid in element["K"]:
        if isinstance(kid, int):
            marked.append((own, kid))
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
            marked.append((sheet_of.get(kid["Pg"], _NO_SHEET), int(kid["MCID"])))
    if any(old in logicals.get(sheet, {}) for sheet, old in marked):
        element["ActualText"] = pydyf.String(
            "".join(
                logicals[sheet].get(old, _plain(tagging.pages[sheet].boxes.get(old)))
                if sheet in tagging.pages
                else ""
                for sheet, old in marked
            )
        )
    kids = pydyf.Array()
    for kid in element["K"]:
        if isinstance(kid, int):
            kid = mappings.get(own, {}).get(kid, kid)
        elif isinstance(kid, pydyf.Dictionary) and kid.get("Type") == "/MCR":
            old = int(kid["MCID"])
            kid["MCID"] = mappings.get(sheet_of.get(kid["Pg"], _NO_SHEET), {}).get(old, old)
        kids.append(kid)
    element["K"] = kids


@dataclass
class Merged:
    """What `merge_continuations` changed: where the merged elements went, which IDs moved."""

    survivors: dict[int, bytes] = field(default_factory=dict)  # number -> surviving reference
    ids: dict[str, pydyf.String] = field(default_factory=dict)  # a merged TH's ID -> the kept


def merge_continuations(pdf: pydyf.PDF, tagging: Tagging, sheet_of: dict[bytes, int]) -> Merged:
    """One structure element per HTML element, however many sheets its boxes cover.

    WeasyPrint builds the tree sheet by sheet, so a paragraph, list, table or section that
    continues on the next sheet becomes one element per sheet, and a screen reader announces
    two tables where the reader sees one. Walking the tree from the top, a kid built for the
    same HTML element (same tag, same structure type) as a kid of the same parent on the
    immediately preceding sheet is merged into it: its kids are appended, its marked content
    is referenced through marked-content references on its own page, and it leaves the tree.
    Elements of anonymous and inline boxes, of which one HTML element may have several side by
    side, are merged only where one is the last of its sheet and the other the first of the
    next. The kids are merged after their parent, so sections, tables and rows all merge.
    """
    merged = Merged()
    document = _object(pdf, _object(pdf, pdf.catalog["StructTreeRoot"])["K"][0])
    waiting = [document]
    while waiting:
        parent = waiting.pop()
        _merge_kids(pdf, parent, tagging, sheet_of, merged)
        waiting.extend(
            element
            for element in (_struct_element(pdf, kid) for kid in parent["K"])
            if element is not None
        )
    return merged


def _struct_element(pdf: pydyf.PDF, kid: Any) -> pydyf.Dictionary | None:
    """The structure element a kid refers to; None for marked content and annotations."""
    if not isinstance(kid, bytes):
        return None
    found = _object(pdf, kid)
    return (
        found
        if isinstance(found, pydyf.Dictionary) and found.get("Type") == "/StructElem"
        else None
    )


def _merge_kids(
    pdf: pydyf.PDF,
    parent: pydyf.Dictionary,
    tagging: Tagging,
    sheet_of: dict[bytes, int],
    merged: Merged,
) -> None:
    """Merge the kids of one element that continue a kid of the preceding sheet."""
    kept: list[Any] = []
    latest: dict[tuple[int, str, str], tuple[pydyf.Dictionary, int]] = {}  # key -> (kid, sheet)
    previous_sheet: int | None = None
    for kid in parent["K"]:
        element = _struct_element(pdf, kid)
        sheet = _kid_sheet(kid, element, parent, sheet_of)
        starts_sheet = previous_sheet is not None and sheet is not None and sheet > previous_sheet
        previous_sheet = sheet if sheet is not None else previous_sheet
        origin = tagging.origins.get(element.number) if element is not None else None
        if origin is None or sheet is None:
            kept.append(kid)
            continue
        found = latest.get(origin.key)
        if (
            found is not None
            and found[1] == sheet - 1
            and (not origin.by_position or (starts_sheet and kept[-1] == found[0].reference))
        ):
            _absorb(pdf, found[0], element, merged)
            latest[origin.key] = (found[0], sheet)
            continue
        kept.append(kid)
        latest[origin.key] = (element, sheet)
    parent["K"] = pydyf.Array(kept)


def _kid_sheet(
    kid: Any, element: pydyf.Dictionary | None, parent: pydyf.Dictionary, sheet_of: dict[bytes, int]
) -> int | None:
    """The sheet a kid of `parent` was built on."""
    if isinstance(kid, int):
        return sheet_of.get(parent.get("Pg"))
    holder = element if element is not None else kid
    if isinstance(holder, pydyf.Dictionary) and "Pg" in holder:
        return sheet_of.get(holder["Pg"])
    return None


def _absorb(
    pdf: pydyf.PDF, first: pydyf.Dictionary, continuation: pydyf.Dictionary, merged: Merged
) -> None:
    """Move the kids of `continuation` into `first`, and `continuation` out of the tree."""
    page = continuation.get("Pg")
    for kid in continuation["K"]:
        if isinstance(kid, int) and page != first.get("Pg"):
            # A bare MCID means "on the element's /Pg": content of a later page names its page.
            kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
        element = _struct_element(pdf, kid)
        if element is not None:
            element["P"] = first.reference
        first["K"].append(kid)
    if "ID" in continuation and "ID" in first:
        merged.ids[continuation["ID"].string] = first["ID"]
    merged.survivors[continuation.number] = first.reference
    continuation.clear()  # out of the tree; pydyf cannot drop an object, so it is left empty


def _link_headers(pdf: pydyf.PDF, tagging: Tagging, ids: dict[str, pydyf.String]) -> None:
    """Point every TD's `/Headers` to TH elements that are in the tree.

    On a later sheet WeasyPrint linked the tds to the header row it drew again there, which is
    now an artifact (its stand-ins hold the IDs), and to THs merged into their first part.
    """
    moved = dict(ids)
    moved.update(
        (stand_in["ID"].string, first["ID"])
        for stand_in, first in tagging.stand_ins
        if "ID" in stand_in and "ID" in first
    )
    if not moved:
        return
    for number, origin in tagging.origins.items():
        attributes = pdf.objects[number].get("A")
        if origin.key[2] != "/TD" or not attributes or "Headers" not in attributes:
            continue
        headers: dict[str, pydyf.String] = {}
        for header in attributes["Headers"]:
            header = moved.get(header.string, header)
            headers.setdefault(header.string, header)
        attributes["Headers"] = pydyf.Array(headers.values())


def _remove_links(pdf: pydyf.PDF, dropped: list[Any]) -> None:
    """Take the link areas of artifacts off their pages."""
    if not dropped:
        return
    gone = {annotation.reference for annotation in dropped}
    for reference in pdf.page_references:
        page = _object(pdf, reference)
        if "Annots" in page:
            page["Annots"] = pydyf.Array([a for a in page["Annots"] if a not in gone])


def describe_links(document: Any) -> None:
    """Every link annotation says in words where it leads (its element's `title`, else its
    words), not the raw address, and is printable."""
    for page in document.pages:
        for box in page._page_box.descendants():
            annotation = getattr(box, "link_annotation", None)
            element = getattr(box, "element", None)
            if annotation is None or element is None:
                continue
            words = element.get("title") or " ".join("".join(element.itertext()).split())
            if words:
                annotation["Contents"] = pydyf.String(words)
            annotation["F"] = 4  # Print: the link's area is part of the printed page


def _plain(box: Any) -> str:
    return box.text if isinstance(box, boxes.TextBox) else ""


def _rewrite_marked_content(
    stream: pydyf.Stream, page_tags: PageTags, tagging: Tagging
) -> tuple[dict[int, int], dict[int, str]]:
    """Rewrite the BDC operators of one page.

    Returns old MCID -> new MCID for content, and old MCID -> logical text for right-to-left
    text, whose actual text belongs on its structure element (see `actual_text`).
    """
    mapping: dict[int, int] = {}
    logical: dict[int, str] = {}
    operations = stream.stream
    for i, item in enumerate(operations):
        if not (
            isinstance(item, pydyf.Dictionary)
            and "MCID" in item
            and i > 0
            and i + 1 < len(operations)
            and operations[i + 1] == b"BDC"
        ):
            continue
        old = int(item["MCID"])
        if old in page_tags.artifacts:
            operations[i - 1] = "/Artifact"
            operations[i] = page_tags.artifacts[old]
            continue
        mapping[old] = len(mapping)
        item["MCID"] = mapping[old]
        box = page_tags.boxes.get(old)
        if box is None:
            continue
        bidi = id(box) in tagging.right_to_left
        text = actual_text(box, tagging.line_ends.get(id(box)), bidi)
        if text is None:
            continue
        if bidi or _right_to_left(text):
            logical[old] = text
        else:
            item["ActualText"] = pydyf.String(text)
    return mapping, logical


_RTL_CLASSES = frozenset({"R", "AL", "AN"})
SOFT_HYPHEN = "\u00ad"
_TEXT_HYPHENS = ("-", "\u2010", "\u2011")  # a hyphen of the text itself (adopt-a-stream)


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def read_lines(document: Any) -> tuple[dict[int, str], set[int]]:
    """How lines end, and which text lies in right-to-left paragraphs.

    The first is id(text box) -> "hyphen" (the engine broke a word and drew a hyphen) or
    "space" (it broke at a space, which it then dropped), for the last text of every line that
    a further line of the same paragraph follows, on the same sheet or the next (a paragraph
    split by a sheet break is one element in the tree, so its last word on one sheet must not
    run into the first on the next). Which of the two, or neither (a break after a slash or a
    hyphen of the text), is read off the paragraph's own text: what follows the line's last
    words there. The second holds the ids of all text boxes in right-to-left paragraphs (a
    Latin name in an Arabic sentence too: it is drawn in the line's visual order).
    """
    ends: dict[int, str] = {}
    right_to_left: set[int] = set()
    paragraphs: dict[Any, tuple[Any, list[Any]]] = {}  # paragraph -> its element, its lines
    # The parts of one element's own box on successive sheets (or columns) are one paragraph.
    # An element may have several anonymous boxes (text beside blocks, a list item's body):
    # the first of one sheet continues the last of the sheet before, as in the tree.
    last_anonymous: dict[tuple[int, str], Any] = {}
    for page in document.pages:
        anonymous_here: dict[tuple[int, str], Any] = {}
        for box in page._page_box.descendants():
            children = getattr(box, "children", None)
            element = getattr(box, "element", None)
            if not children or element is None or isinstance(box, boxes.LineBox):
                continue
            lines = [child for child in children if isinstance(child, boxes.LineBox)]
            if lines and box.style["direction"] == "rtl":
                right_to_left.update(id(leaf) for line in lines for leaf in _texts(line))
            if not lines:
                continue
            key = (id(element), box.element_tag)
            paragraph: Any = key
            if isinstance(box.style, AnonymousStyle):
                paragraph = (
                    last_anonymous[key]
                    if key in last_anonymous and key not in anonymous_here
                    else ("anonymous", id(box))
                )
                anonymous_here[key] = paragraph
            paragraphs.setdefault(paragraph, (element, []))[1].extend(lines)
        last_anonymous = anonymous_here
    for element, lines in paragraphs.values():
        if len(lines) < 2:
            continue
        source = " ".join("".join(element.itertext()).split())
        position = 0
        for line in lines[:-1]:
            last = _last_text(line)
            for leaf in _texts(line):
                found = _locate(source, leaf, position)
                if found is None:
                    break
                position, hyphenated = found
                if leaf is last:
                    if hyphenated:
                        ends[id(leaf)] = "hyphen"
                    elif source.startswith(" ", position):
                        ends[id(leaf)] = "space"
                    elif leaf.text.endswith(_TEXT_HYPHENS):
                        ends[id(leaf)] = "text-hyphen"
    return ends, right_to_left


def _texts(box: Any) -> Iterator[Any]:
    for child in getattr(box, "children", []):
        if isinstance(child, boxes.TextBox):
            yield child
        elif isinstance(child, (boxes.InlineBox, boxes.LineBox)):
            yield from _texts(child)


def _drawn_hyphen(leaf: Any) -> str:
    hyphen = leaf.style["hyphenate_character"]
    return hyphen if hyphen and leaf.text.endswith(hyphen) else ""


def _locate(source: str, leaf: Any, position: int) -> tuple[int, bool] | None:
    """Where the words of a text box end in its paragraph's text (searched from `position`),
    and whether the engine drew a hyphen that the text does not have there."""
    words = " ".join(leaf.text.split())
    hyphen = _drawn_hyphen(leaf)
    if hyphen:
        found = source.find(words, position)
        if found >= 0:
            return found + len(words), False  # the hyphen belongs to the text
        words = words[: -len(hyphen)]
    if not words:
        return position, bool(hyphen)
    found = source.find(words, position)
    return None if found < 0 else (found + len(words), bool(hyphen))


def _last_text(box: Any) -> Any:
    """The last text box of a line in reading (logical) order."""
    for child in reversed(getattr(box, "children", [])):
        if isinstance(child, boxes.TextBox):
            return child
        if isinstance(child, (boxes.InlineBox, boxes.LineBox)):
            found = _last_text(child)
            if found is not None:
                return found
        else:
            return None  # a picture or an inline block ends the line
    return None


_ISOLATES = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069"))


def actual_text(box: Any, ending: str | None, bidi: bool = False) -> str | None:
    """What a text box says, where the drawn glyphs do not say it by themselves; else None.

    - A line that the engine broke inside a word ends with a drawn hyphen that is no part of
      the word: the text says a soft hyphen instead (U+00AD: a viewer joins the word, a
      screen reader reads it whole).
    - A line that broke at a space lost that space: it is given back, so that the last word of
      a line and the first of the next do not run together.
    - A line that ends with a hyphen of the text itself (`adopt-a-` of adopt-a-stream) says so
      explicitly: text extractors otherwise take a line-end hyphen for a soft one and drop it.
    - Right-to-left text, and any text in a right-to-left paragraph (`bidi`), is drawn in
      visual order, with ligatures such as lam-alef as one glyph: its logical text is returned
      (and placed on its structure element, not in the page content, where text extraction
      would reorder it a second time), without the bidi isolates that only steer the drawing.
    """
    if not isinstance(box, boxes.TextBox):
        return None  # a picture says its alt text
    text = box.text.translate(_ISOLATES) if bidi else box.text
    changed = bidi
    if ending == "hyphen":
        text = text[: -len(box.style["hyphenate_character"])] + SOFT_HYPHEN
        changed = True
    elif ending == "space":
        text += " "
        changed = True
    elif ending == "text-hyphen":
        changed = True  # said as it is: text extractors take a line-end hyphen for a soft one
    if _right_to_left(text):
        changed = True
    return text if changed else None


_TO_UNICODE_START = b"/CIDInit /ProcSet findresource begin"


def reverse_right_to_left_clusters(pdf: pydyf.PDF) -> None:
    """Store a right-to-left ligature's characters in visual order in the font's ToUnicode map.

    The page draws right-to-left text in visual order, and every text extractor reverses it
    character by character to get the reading order back. A glyph that stands for several
    characters (lam-alef, a letter with its vowel mark) maps to them in logical order, so the
    extractor's reversal turned `لا` into `ال`: 63 misspelled words in the Arabic brochure.
    Mapped in visual order, the reversal gives the logical order.
    """
    for obj in pdf.objects:
        if not (
            isinstance(obj, pydyf.Stream) and obj.stream and obj.stream[0] == _TO_UNICODE_START
        ):
            continue
        for i, line in enumerate(obj.stream):
            if not (isinstance(line, bytes) and line.startswith(b"<") and b"> <" in line):
                continue
            glyph, _, target = line.partition(b"> <")
            text = bytes.fromhex(target.rstrip(b">").decode()).decode("utf-16-be")
            if len(text) > 1 and _right_to_left(text):
                flipped = text[::-1].encode("utf-16-be").hex()
                obj.stream[i] = glyph + b"> <" + flipped.encode() + b">"


def _number(reference: bytes) -> int:
    return int(reference.split()[0])


def _object(pdf: pydyf.PDF, reference: Any) -> Any:
    """The object a reference (`b'12 0 R'`) points to; an object itself is returned as is."""
    if isinstance(reference, (bytes, str)):
        number = int(reference.split()[0])
        return pdf.objects[number]
    return reference
