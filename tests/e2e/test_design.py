"""Visible design defects, checked on the pages a reader gets: the mark stays visible on the
brand-coloured panels, and the right-to-left cover mirrors the left-to-right one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .. import pdfread
from ..helpers import LANGUAGES, SHIPPED, load_variant, pixel

pytestmark = pytest.mark.e2e

PX_PER_PT = 4 / 3


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def svg_colours(svg: str) -> set[tuple[int, int, int]]:
    """Every fill and stroke colour an SVG draws with (hex notation)."""
    found = set()
    for value in re.findall(r'(?:fill|stroke)\s*[:=]\s*"?\s*#([0-9a-fA-F]{6})', svg):
        found.add((int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_mark_is_visible_on_the_brand_panels(shipped_builds, language: str) -> None:
    """Every colour of the logo on the cover and the back page stands out from the panel it is
    drawn on (WCAG 2.1 non-text contrast, 3:1): no part of the mark vanishes into the teal."""
    content = load_variant(SHIPPED, language).content
    pdf = shipped_builds[language].path
    last = shipped_builds[language].pages - 1
    for page, logo in ((0, content.pages[0].logo), (last, content.pages[-1].logo)):
        assert logo is not None
        box = next(box for alt, box in _figure_boxes(pdf, page) if alt == logo.alt)
        # the panel colour just above the mark
        panel = pixel(pdf, page, box[0] / PX_PER_PT + 2, box[1] / PX_PER_PT - 4)
        colours = svg_colours((SHIPPED / logo.src).read_text(encoding="utf-8"))
        assert colours
        weakest = min(contrast(colour, panel) for colour in colours)
        assert weakest >= 3, (logo.src, panel, weakest)


def _figure_boxes(pdf: Path, page: int) -> list[tuple[str, list[float]]]:
    import pikepdf

    boxes = []
    with pikepdf.open(pdf) as document:
        target = document.pages[page].obj.objgen

        def walk(node: pikepdf.Object) -> None:
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary):
                if node.get("/S") == "/Figure" and node.Pg.objgen == target:
                    boxes.append((str(node.Alt), [float(v) for v in node.A.BBox]))
                if "/K" in node:
                    walk(node.K)

        walk(document.Root.StructTreeRoot.K)
    return boxes


@pytest.mark.parametrize(("language", "art_side"), [("de", "right"), ("ar", "left")])
def test_the_cover_mirrors_for_right_to_left(shipped_builds, language: str, art_side: str) -> None:
    """Left to right: panel left, picture right, the rounded corner next to the panel.
    Right to left: all mirrored; no stray panel colour in the picture's outer corner."""
    pdf = shipped_builds[language].path
    width_pt = 841.89
    content = load_variant(SHIPPED, language).content
    art = next(box for alt, box in _figure_boxes(pdf, 0) if alt == content.pages[0].image.alt)
    middle = (art[0] + art[2]) / 2 / PX_PER_PT
    assert (middle > width_pt / 2) == (art_side == "right")
    tree, marked = pdfread.structure(pdf), pdfread.marked_texts(pdf)
    title = next(e for e in tree.walk() if e.role == "H1" and e.page == 0)
    assert pdfread.element_text(title, marked)  # the title is tagged on the cover
    outer = (width_pt - 3, 592) if art_side == "right" else (3, 592)
    inner = (art[0] / PX_PER_PT + 3, 592) if art_side == "right" else (art[2] / PX_PER_PT - 3, 592)
    assert pixel(pdf, 0, *outer) == (255, 255, 255)  # the picture's panel reaches the corner
    assert pixel(pdf, 0, *inner) != (255, 255, 255)  # the rounded corner shows the brand panel
