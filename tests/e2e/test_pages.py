"""Page images at 72 dpi compared with reviewed golden PNGs, with a tight tolerance.

Refresh after an intended layout change with `make golden` (REPORT_UPDATE_GOLDEN=1), then look at
every PNG in tests/golden/ before committing them. On a mismatch the rendered page and a diff
image are written to tests/golden/_actual/ (the comparison is tests/helpers.py's
`compare_with_golden`; the tests here also show that it sees a whole brand colour changed and
one changed word, tests/test_helpers.py that it sees a change of one colour channel).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from report.builder import run as builder

from ..helpers import GOLDEN, MAX_CHANGED_RATIO, changed_ratio, compare_with_golden, render_pages

pytestmark = pytest.mark.e2e


def test_german_pages_match_reviewed_images(shipped_pdf: Path) -> None:
    compare_with_golden(shipped_pdf, "de")


def test_comparison_detects_the_brand_colour_turned_blue(brochure: Path, tmp_path: Path) -> None:
    """The whole brand colour changed to a bright blue of similar brightness: the cover no
    longer matches (the old brightness-only comparison passed exactly this)."""
    settings = brochure / "brochure.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + 'theme:\n  colors:\n    brand: "#1560d4"\n',
        encoding="utf-8",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path / "out")
    page = render_pages(result.path)[0]
    golden = Image.open(GOLDEN / "de" / "page-1.png").convert("RGB")
    assert changed_ratio(golden, page)[0] > 0.2  # the brand panel is most of the cover


def test_comparison_detects_a_changed_word(brochure: Path, tmp_path: Path) -> None:
    """The tolerance is tight enough to see one changed word, and only on its page."""
    file = brochure / "de.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "Hauptamtliche der Stadt kümmern", "Hauptamtliche der Gemeinde kümmern"
        ),
        encoding="utf-8",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    pages = render_pages(result.path)
    goldens = [Image.open(GOLDEN / "de" / f"page-{n}.png").convert("RGB") for n in (6, 7)]
    assert changed_ratio(goldens[1], pages[6])[0] > MAX_CHANGED_RATIO  # the edited page
    assert changed_ratio(goldens[0], pages[5])[0] <= MAX_CHANGED_RATIO  # the page before
