"""Accessible to people, not only to a validator: the structure tree walked, and the text read
in tag order (as a screen reader gets it), for every language of every example brochure.

page-validation's PDF/UA-1 check is the floor (test_first_brochure.py, test_i18n.py); these
tests look at what it does not: marked content outside the tree, headings inside headings, page
furniture read aloud, words run together or split by a drawn hyphen, the language of foreign
words, right-to-left reading order, and whether the words of the YAML come back at all.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from report.content import markup, translation

from .. import pdfread
from ..helpers import LANGUAGES, SHIPPED, load_variant, pdf_text, words

pytestmark = pytest.mark.e2e

HEADINGS = {"H", "H1", "H2", "H3", "H4", "H5", "H6"}
# Keys whose values are not printed as text (or only as alt text, checked on figures).
NOT_PRINTED = {"alt", "src", "kind", "website", "decorative", "phone", "email"}


@pytest.fixture(scope="module")
def documents(shipped_builds) -> dict[str, tuple[Path, pdfread.Element, dict]]:
    """Each language's PDF with its structure tree and marked content, read once."""
    found = {}
    for language in LANGUAGES:
        path = shipped_builds[language].path
        found[language] = (path, pdfread.structure(path), pdfread.marked_content(path))
    return found


def tag_text(tree: pdfread.Element, marked: dict) -> str:
    texts = {key: text for key, (text, _) in marked.items()}
    return pdfread.element_text(tree, texts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_all_marked_content_hangs_in_the_tree(documents, language: str) -> None:
    """No orphans: every piece of marked content is reachable from the root, and every MCID
    the tree names exists on its page; the running header and footer are artifacts."""
    path, tree, _ = documents[language]
    in_content, artifacts = pdfread.content_mcids(path)
    in_tree = pdfread.mcids_in_tree(tree)
    assert in_content - in_tree == set()
    assert in_tree - in_content == set()
    pages_with_furniture = {
        page
        for page, kind, sub in artifacts
        if kind == "/Pagination" and sub in ("/Header", "/Footer")
    }
    assert pages_with_furniture == set(range(1, 8))  # the inner pages, not cover and back


@pytest.mark.parametrize("language", LANGUAGES)
def test_page_furniture_is_not_read_aloud(documents, language: str) -> None:
    _, tree, marked = documents[language]
    text = words(tag_text(tree, marked))
    footer = words(markup.plain_text(load_variant(SHIPPED, language).content.meta.footer))
    assert text.count(footer) <= 1  # not once per page (it may be a title once)
    for number in ("2", "3", "8"):
        assert not re.search(rf"\b{number}\s*(von|of|/|من|з)\s*9\b", text), number


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_heading_inside_a_heading(documents, language: str) -> None:
    _, tree, _ = documents[language]
    nested = [
        element.role
        for element in tree.walk()
        if element.role in HEADINGS
        for inner in element.walk()
        if inner is not element and inner.role in HEADINGS
    ]
    assert nested == []
    assert [e.role for e in tree.walk() if e.role in HEADINGS].count("H1") >= 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_say_what_they_show_and_ornaments_are_silent(documents, language: str) -> None:
    path, tree, _ = documents[language]
    content = load_variant(SHIPPED, language).document.data
    alts = [value for p, value in translation.leaves(content) if p[-1] == "alt"]
    ornaments = [
        p for p, value in translation.leaves(content) if p[-1] == "decorative" and value == "true"
    ]
    figures = [element.alt for element in tree.walk() if element.role == "Figure"]
    assert sorted(figures) == sorted(markup.plain_text(alt) for alt in alts)
    _, artifacts = pdfread.content_mcids(path)
    assert sum(1 for _, kind, _ in artifacts if kind == "/Layout") == len(ornaments) == 4


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_words_of_the_yaml_come_back_in_tag_order(documents, language: str) -> None:
    """Every printed text of the language file, read from the structure tree in tag order,
    word for word: right-to-left text in logical order with its ligatures and vowel marks,
    hyphenated words whole, no words of two lines run together."""
    _, tree, marked = documents[language]
    text = words(tag_text(tree, marked))
    document = load_variant(SHIPPED, language).document
    printed = [
        (path, value)
        for path, value in translation.leaves(document.data)
        if path[0] == "pages" and path[-1] not in NOT_PRINTED
    ]
    assert len(printed) > 80
    missing = [
        (path, value) for path, value in printed if words(markup.plain_text(value)) not in text
    ]
    assert missing == []
    assert "\u2010" not in text  # no hyphen the engine drew for a line break


@pytest.mark.parametrize("language", LANGUAGES)
def test_extracted_text_has_no_word_split_by_a_drawn_hyphen(shipped_builds, language: str) -> None:
    """Copying the text (pdfium, as a viewer does): a hyphenated word comes back whole."""
    text = "\n".join(pdf_text(shipped_builds[language].path))
    assert re.findall(r"\w\u2010\s", text) == []


def _leaves(
    element: pdfread.Element, marked: dict[tuple[int, int], str]
) -> list[tuple[str, str | None]]:
    """The text of a tree in tag order, piece by piece, each with the language it is read in
    (an element's /ActualText is one piece)."""
    if element.actual_text is not None:
        return [(element.actual_text, element.language())]
    pieces: list[tuple[str, str | None]] = []
    for kid in element.kids:
        if isinstance(kid, pdfread.Element):
            pieces.extend(_leaves(kid, marked))
        else:
            pieces.append((marked.get(kid, ""), element.language()))
    return pieces


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "de"])
def test_german_names_in_a_translation_are_tagged_german(documents, language: str) -> None:
    """'Lokale Bündnisse für Familie' inside an English, Turkish, Ukrainian or Arabic text is
    read with German rules: every piece of text that makes up the name is in an element whose
    language is de-DE (the name may be split over two lines, and so over two elements)."""
    _, tree, marked = documents[language]
    texts = {key: text for key, (text, _) in marked.items()}
    pieces = _leaves(tree, texts)
    joined, spans = "", []
    for text, lang in pieces:
        spans.append((len(joined), len(joined) + len(text), lang))
        joined += text
    name = "Lokale Bündnisse für Familie"
    found = [match.start() for match in re.finditer(re.escape(name), joined)]
    assert len(found) >= 2, joined[:200]  # the page-2 paragraph and the contact block
    for start in found:
        end = start + len(name)
        languages = {
            lang
            for first, last, lang in spans
            if first < end and last > start and joined[max(first, start) : min(last, end)].strip()
        }
        assert languages == {"de-DE"}, (joined[start - 40 : end + 20], languages)


def _blocks(
    tree: pdfread.Element, marked: dict, page: int
) -> list[tuple[str, tuple[float, float, float, float]]]:
    """The text blocks of a page in tag order with their bounds (points)."""
    out = []
    for element in tree.walk():
        if element.page != page or element.role not in ({"P", "LI", "Figure"} | HEADINGS):
            continue
        keys = [
            kid
            for inner in element.walk()
            for kid in inner.kids
            if isinstance(kid, tuple) and kid in marked
        ]
        if not keys or any(
            parent.role in ({"P", "LI"} | HEADINGS) for parent in _ancestors(element)
        ):
            continue
        boxes = [marked[key][1] for key in keys]
        out.append(
            (
                element.role,
                (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                ),
            )
        )
    return out


def _ancestors(element: pdfread.Element) -> list[pdfread.Element]:
    found, node = [], element.parent
    while node is not None:
        found.append(node)
        node = node.parent
    return found


@pytest.mark.parametrize("language", ["de", "ar"])
def test_reading_order_follows_the_writing_direction(documents, language: str) -> None:
    """On every page, of two blocks side by side the one read first stands left (German) or
    right (Arabic), and the reading starts on that side: the text grid is mirrored, not only
    the letters."""
    _, tree, marked = documents[language]
    rtl = language == "ar"
    width = 841.89
    for page in range(9):
        blocks = _blocks(tree, marked, page)
        assert blocks, page
        first = blocks[0][1]
        center = (first[0] + first[2]) / 2
        assert (center > width / 2) == rtl or (page == 0 and not rtl), (page, blocks[0])
        for (_, a), (_, b) in itertools.pairwise(blocks):
            overlap = min(a[3], b[3]) - max(a[1], b[1])
            side_by_side = overlap > 0.5 * min(a[3] - a[1], b[3] - b[1]) and (
                a[2] <= b[0] or b[2] <= a[0]
            )
            if side_by_side:
                assert (a[0] > b[0]) == rtl, (page, a, b)
