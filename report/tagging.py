"""The PDF's structure tree, as a screen reader needs it; WeasyPrint 70 builds the tree, we mend
what it cannot express.

WeasyPrint tags every element but offers no hook for the tree it builds: it has no `/Lang` on
elements in another language, keeps decorative pictures as figures (and logs an error for their
empty alt text), and leaves the running header and footer as marked content that points to
elements outside the tree. Two small pieces fix that, both active only inside our own
`render_pdf` (through a context variable, so other WeasyPrint calls and parallel builds are not
affected):

- `_build_box_tree` wraps WeasyPrint's tag builder (pinned to WeasyPrint 70): it records which
  box each marked-content id (MCID) of a page belongs to, sets `/Lang` on elements whose
  language differs from the document's, and builds no element for page furniture and
  decorative pictures;
- `finish` runs in `write_pdf`'s finisher, before the PDF is serialised: it turns the marked
  content of those boxes into artifacts, numbers the remaining MCIDs of each page without gaps
  again, and rebuilds the page's entry of the parent tree to match.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasy_tags

_ORIGINAL_BUILD = weasy_tags._build_box_tree  # noqa: SLF001


@dataclass
class PageTags:
    """What the tag builder saw on one page."""

    boxes: dict[int, Any]  # MCID -> the box whose content it marks
    nums: dict[int, bytes]  # MCID -> reference of its structure element (filled by WeasyPrint)
    artifacts: dict[int, pydyf.Dictionary] = field(default_factory=dict)  # MCID -> properties


@dataclass
class Tagging:
    """The record of one PDF being written."""

    document_lang: str
    actual_text: Callable[[Any], str | None] | None = None  # a box's logical text, if needed
    pages: dict[int, PageTags] = field(default_factory=dict)


_CURRENT: contextvars.ContextVar[Tagging | None] = contextvars.ContextVar(
    "report_tagging", default=None)


@contextlib.contextmanager
def recording(tagging: Tagging) -> Iterator[Tagging]:
    """Let the tag builder record into `tagging` while a PDF is written in this context."""
    token = _CURRENT.set(tagging)
    try:
        yield tagging
    finally:
        _CURRENT.reset(token)


def _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):  # type: ignore[no-untyped-def]
    """WeasyPrint's tag builder, with our additions when a render of ours records."""
    tagging = _CURRENT.get()
    if tagging is None:
        yield from _ORIGINAL_BUILD(box, parent, pdf, page_number, nums, annotations, tags)
        return
    if isinstance(box, boxes.PageBox):
        tagging.pages[page_number] = PageTags(
            {kid["mcid"]: marked for marked, kid in tags.items()}, nums)
    artifact = _artifact_properties(box)
    if artifact is not None:
        page = tagging.pages[page_number]
        for inner in [box, *box.descendants()] if hasattr(box, "descendants") else [box]:
            if inner in tags:
                page.artifacts[tags.pop(inner)["mcid"]] = artifact
        return
    for element in _ORIGINAL_BUILD(box, parent, pdf, page_number, nums, annotations, tags):
        language = _own_language(box, tagging.document_lang)
        if language and "Lang" not in element:
            element["Lang"] = pydyf.String(language)
        yield element


weasy_tags._build_box_tree = _build_box_tree  # noqa: SLF001


def _artifact_properties(box: Any) -> pydyf.Dictionary | None:
    """Marked-content properties for a box that is not content (page furniture, an
    ornament), or None for content."""
    if isinstance(box, boxes.MarginBox):
        subtype = "/Header" if box.at_keyword.startswith("@top") else (
            "/Footer" if box.at_keyword.startswith("@bottom") else None)
        properties = pydyf.Dictionary({"Type": "/Pagination"})
        if subtype:
            properties["Subtype"] = subtype
        return properties
    element = getattr(box, "element", None)
    if (isinstance(box, boxes.ReplacedBox) and element is not None
            and element.get("role") == "presentation"):
        return pydyf.Dictionary({"Type": "/Layout"})
    return None


def _own_language(box: Any, document_lang: str) -> str | None:
    """The `lang` of the box's own element where it differs from the document's."""
    element = getattr(box, "element", None)
    if element is None or isinstance(box, (boxes.PageBox, boxes.TextBox)):
        return None
    if getattr(box, "element_tag", None) in ("html", "body"):
        return None
    language = element.get("lang")
    if not language or language.casefold() == document_lang.casefold():
        return None
    # Anonymous boxes share their parent's element: only the element's principal box tags it.
    if getattr(box, "is_anonymous", False) or type(box).__name__.startswith("Anonymous"):
        return None
    return language


def finish(pdf: pydyf.PDF, tagging: Tagging) -> None:
    """Turn recorded artifacts into artifacts, renumber each page's MCIDs without gaps, add
    actual texts, and rebuild the parent tree to match."""
    if not tagging.pages:
        return
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    parent_tree = _object(pdf, root["ParentTree"])
    page_numbers = list(pdf.pages["Kids"][::3])
    for index, page_tags in tagging.pages.items():
        page = pdf.objects[page_numbers[index]]
        stream = _object(pdf, page["Contents"])
        mapping = _rewrite_marked_content(stream, page_tags, tagging)
        touched: set[int] = set()
        for old, new in mapping.items():
            reference = page_tags.nums.get(old)
            if reference is None:
                continue
            element = _object(pdf, reference)
            if id(element) in touched:
                continue
            touched.add(id(element))
            element["K"] = pydyf.Array(
                [mapping.get(kid, kid) if isinstance(kid, int) else kid for kid in element["K"]])
        ordered = [page_tags.nums[old] for old, _ in sorted(mapping.items(), key=lambda m: m[1])
                   if old in page_tags.nums]
        nums = parent_tree["Nums"]
        for position in range(0, len(nums), 2):
            if nums[position] == index:
                nums[position + 1] = pydyf.Array(ordered)
                break


def _rewrite_marked_content(stream: pydyf.Stream, page_tags: PageTags,
                            tagging: Tagging) -> dict[int, int]:
    """Rewrite the BDC operators of one page; return old MCID -> new MCID for content."""
    mapping: dict[int, int] = {}
    operations = stream.stream
    for i, item in enumerate(operations):
        if not (isinstance(item, pydyf.Dictionary) and "MCID" in item and i > 0
                and i + 1 < len(operations) and operations[i + 1] == b"BDC"):
            continue
        old = int(item["MCID"])
        if old in page_tags.artifacts:
            operations[i - 1] = "/Artifact"
            operations[i] = page_tags.artifacts[old]
            continue
        mapping[old] = len(mapping)
        item["MCID"] = mapping[old]
        box = page_tags.boxes.get(old)
        if tagging.actual_text is not None and box is not None:
            text = tagging.actual_text(box)
            if text is not None:
                item["ActualText"] = pydyf.String(text)
    return mapping


def _object(pdf: pydyf.PDF, reference: Any) -> Any:
    """The object a reference (`b'12 0 R'`) points to; an object itself is returned as is."""
    if isinstance(reference, (bytes, str)):
        number = int(reference.split()[0])
        return pdf.objects[number]
    return reference
