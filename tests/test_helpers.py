"""The comparisons the end-to-end tests rely on (tests/helpers.py) see what they claim to see: a
page image with one colour channel changed is not the reviewed one, and a font whose glyphs are
not the bundled file's is not a bundled font."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from fontTools import subset
from fontTools.ttLib import TTFont
from PIL import Image

from report.base import resources

from .helpers import GOLDEN, MAX_CHANGED_RATIO, bundled_font_of, changed_ratio


@pytest.mark.parametrize("channel", [0, 1, 2], ids=["red", "green", "blue"])
def test_comparison_detects_a_change_of_one_colour_channel(channel: int) -> None:
    """A colour-only change fails the comparison: each channel by itself, at 40 levels (as a
    brand colour changed to another hue of the same brightness would)."""
    golden = Image.open(GOLDEN / "de" / "page-1.png").convert("RGB")
    bands = list(golden.split())
    bands[channel] = bands[channel].point(lambda v: min(255, v + 40) if v < 128 else v - 40)
    shifted = Image.merge("RGB", bands)
    assert changed_ratio(golden, shifted)[0] > MAX_CHANGED_RATIO
    assert changed_ratio(golden, golden)[0] == 0


def _subset_of(file: Path, text: str) -> TTFont:
    """A subset of a bundled font as the engine embeds one: the glyphs of `text`, each at its
    glyph id."""
    font = TTFont(file)
    subsetter = subset.Subsetter(subset.Options(retain_gids=True, notdef_outline=True))
    subsetter.populate(text=text)
    subsetter.subset(font)
    return font


def _program(font: TTFont) -> bytes:
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def test_the_font_check_tells_a_bundled_font_from_any_other() -> None:
    """The counter-check of the font tests: a subset of a bundled file is recognised as that
    file (not as another style of its family), and the same subset with one glyph drawn
    otherwise (as a system font of the same name would draw it) is recognised as none."""
    regular, bold = (resources.FONTS / f"NotoSans-{style}.ttf" for style in ("Regular", "Bold"))
    assert bundled_font_of(_program(_subset_of(bold, "Bündnisse"))) == bold
    font = _subset_of(regular, "Bündnisse")
    assert bundled_font_of(_program(font)) == regular
    glyph = font["glyf"][font.getBestCmap()[ord("n")]]
    glyph.coordinates[0] = (glyph.coordinates[0][0] + 30, glyph.coordinates[0][1])
    assert bundled_font_of(_program(font)) is None
