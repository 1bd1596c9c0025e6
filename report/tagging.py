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
import unicodedata
from collections.abc import Iterator
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
    pages: dict[int, PageTags] = field(default_factory=dict)
    line_ends: dict[int, str] = field(default_factory=dict)  # id(text box) -> "space"/"hyphen"
    right_to_left: set[int] = field(default_factory=set)  # id(text box) in an RTL paragraph


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
    if _empty_furniture(box, tags):
        return  # a line break or an ornament drawn by CSS: nothing to read, no element
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


def _empty_furniture(box: Any, tags: dict[Any, Any]) -> bool:
    """An element with nothing to read: a `<br>`, a CSS pseudo-element (`::before`, `::after`)
    or an ornament drawn by CSS (a rule, a coloured band): it gets no structure element."""
    tag = getattr(box, "element_tag", None) or ""
    if tag.endswith("::marker") or tag in ("html", "body") or isinstance(
            box, (boxes.PageBox, boxes.MarginBox, boxes.TextBox, boxes.ReplacedBox)):
        return False  # a list's label (Lbl), the page, text and pictures: never skipped
    if getattr(box, "link_annotation", None) is not None:
        return False
    inner = box.descendants() if hasattr(box, "descendants") else [box]
    return not any(part in tags or getattr(part, "link_annotation", None) is not None
                   for part in inner)


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


def finish(pdf: pydyf.PDF, document: Any, tagging: Tagging) -> None:
    """Mend the written tree before the PDF is serialised: artifacts, actual texts, MCIDs
    without gaps, the parent tree, and the text mapping of right-to-left ligatures."""
    reverse_right_to_left_clusters(pdf)
    describe_links(document)
    if not tagging.pages:
        return
    tagging.line_ends, tagging.right_to_left = read_lines(document)
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    parent_tree = _object(pdf, root["ParentTree"])
    page_numbers = list(pdf.pages["Kids"][::3])
    for index, page_tags in tagging.pages.items():
        page = pdf.objects[page_numbers[index]]
        stream = _object(pdf, page["Contents"])
        mapping, logical = _rewrite_marked_content(stream, page_tags, tagging)
        touched: set[int] = set()
        for old, new in mapping.items():
            reference = page_tags.nums.get(old)
            if reference is None:
                continue
            element = _object(pdf, reference)
            if id(element) in touched:
                continue
            touched.add(id(element))
            kids = [kid for kid in element["K"] if isinstance(kid, int)]
            if any(kid in logical for kid in kids):
                # Right-to-left text: its logical words, for whoever reads the tree.
                element["ActualText"] = pydyf.String("".join(
                    logical.get(kid, _plain(page_tags.boxes.get(kid))) for kid in kids))
            element["K"] = pydyf.Array(
                [mapping.get(kid, kid) if isinstance(kid, int) else kid for kid in element["K"]])
        ordered = [page_tags.nums[old] for old, _ in sorted(mapping.items(), key=lambda m: m[1])
                   if old in page_tags.nums]
        nums = parent_tree["Nums"]
        for position in range(0, len(nums), 2):
            if nums[position] == index:
                nums[position + 1] = pydyf.Array(ordered)
                break


def describe_links(document: Any) -> None:
    """Every link annotation says in words where it leads (its element's `title`, else its
    words), not the raw address, and is printable."""
    for page in document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001
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


def _rewrite_marked_content(stream: pydyf.Stream, page_tags: PageTags, tagging: Tagging
                            ) -> tuple[dict[int, int], dict[int, str]]:
    """Rewrite the BDC operators of one page.

    Returns old MCID -> new MCID for content, and old MCID -> logical text for right-to-left
    text, whose actual text belongs on its structure element (see `actual_text`).
    """
    mapping: dict[int, int] = {}
    logical: dict[int, str] = {}
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


def _right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in _RTL_CLASSES for char in text)


def read_lines(document: Any) -> tuple[dict[int, str], set[int]]:
    """How lines end, and which text lies in right-to-left paragraphs.

    The first is id(text box) -> "hyphen" (the engine broke a word and drew a hyphen) or
    "space" (it broke at a space, which it then dropped), for the last text of every line that
    a further line of the same paragraph follows. Which of the two, or neither (a break after a
    slash or a hyphen of the text), is read off the paragraph's own text: what follows the
    line's last words there. The second holds the ids of all text boxes in right-to-left
    paragraphs (a Latin name in an Arabic sentence too: it is drawn in the line's visual order).
    """
    ends: dict[int, str] = {}
    right_to_left: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants():  # noqa: SLF001
            children = getattr(box, "children", None)
            element = getattr(box, "element", None)
            if not children or element is None or isinstance(box, boxes.LineBox):
                continue
            lines = [child for child in children if isinstance(child, boxes.LineBox)]
            if lines and box.style["direction"] == "rtl":
                right_to_left.update(id(leaf) for line in lines for leaf in _texts(line))
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
        if not (isinstance(obj, pydyf.Stream) and obj.stream
                and obj.stream[0] == _TO_UNICODE_START):
            continue
        for i, line in enumerate(obj.stream):
            if not (isinstance(line, bytes) and line.startswith(b"<") and b"> <" in line):
                continue
            glyph, _, target = line.partition(b"> <")
            text = bytes.fromhex(target.rstrip(b">").decode()).decode("utf-16-be")
            if len(text) > 1 and _right_to_left(text):
                flipped = text[::-1].encode("utf-16-be").hex()
                obj.stream[i] = glyph + b"> <" + flipped.encode() + b">"


def _object(pdf: pydyf.PDF, reference: Any) -> Any:
    """The object a reference (`b'12 0 R'`) points to; an object itself is returned as is."""
    if isinstance(reference, (bytes, str)):
        number = int(reference.split()[0])
        return pdf.objects[number]
    return reference
