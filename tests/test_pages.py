"""Page images at 72 dpi compared with reviewed golden PNGs, with a tight tolerance.

Refresh after an intended layout change with `make golden` (REPORT_UPDATE_GOLDEN=1), then look at
every PNG in tests/golden/ before committing them. On a mismatch the rendered page and a diff
image are written to tests/golden/_actual/ for review.
"""

from __future__ import annotations

import os
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from report.builder import run as builder

GOLDEN = Path(__file__).parent / "golden"
ACTUAL = GOLDEN / "_actual"
DPI = 72
CHANNEL_TOLERANCE = 32  # anti-aliasing noise stays below this per-channel difference
MAX_CHANGED_RATIO = 0.0001  # 50 pixels of a page; one changed word changes several hundred


def render_pages(pdf_path: Path) -> list[Image.Image]:
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=DPI / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def changed_ratio(expected: Image.Image, actual: Image.Image) -> tuple[float, Image.Image]:
    """The share of pixels in which any channel (R, G or B) differs by more than the tolerance.

    Each channel is thresholded on its own: converting the difference to brightness first
    weighs blue at 0.114, so a change of the blue channel alone could never count.
    """
    diff = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    masks = [band.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0) for band in diff.split()]
    mask = ImageChops.lighter(ImageChops.lighter(masks[0], masks[1]), masks[2])
    changed = mask.histogram()[255]
    return changed / (mask.width * mask.height), mask


def compare_with_golden(pdf_path: Path, name: str) -> None:
    pages = render_pages(pdf_path)
    folder = GOLDEN / name
    if os.environ.get("REPORT_UPDATE_GOLDEN"):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("page-*.png"):
            old.unlink()
        for number, image in enumerate(pages, start=1):
            image.save(folder / f"page-{number}.png", optimize=True)
        pytest.skip(f"golden images of '{name}' rewritten: look at them before committing")
    goldens = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    assert goldens, f"no golden images in {folder}; run `make golden` and review them"
    assert len(pages) == len(goldens), "page count differs from the reviewed golden"
    failures = []
    for number, (image, golden_path) in enumerate(zip(pages, goldens, strict=True), start=1):
        golden = Image.open(golden_path).convert("RGB")
        assert image.size == golden.size, f"page {number}: size {image.size} != {golden.size}"
        ratio, mask = changed_ratio(golden, image)
        if ratio > MAX_CHANGED_RATIO:
            ACTUAL.mkdir(parents=True, exist_ok=True)
            image.save(ACTUAL / f"{name}-page-{number}.png")
            mask.save(ACTUAL / f"{name}-page-{number}-diff.png")
            failures.append(f"page {number}: {ratio:.3%} of pixels changed")
    assert failures == [], f"see {ACTUAL}"


def test_german_pages_match_reviewed_images(shipped_pdf: Path) -> None:
    compare_with_golden(shipped_pdf, "de")


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


def test_comparison_detects_the_brand_colour_turned_blue(brochure: Path, tmp_path: Path) -> None:
    """The whole brand colour changed to a bright blue of similar brightness: the cover no
    longer matches (the old brightness-only comparison passed exactly this)."""
    settings = brochure / "brochure.yaml"
    settings.write_text(settings.read_text(encoding="utf-8")
                        + 'theme:\n  colors:\n    brand: "#1560d4"\n', encoding="utf-8")
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path / "out")
    page = render_pages(result.path)[0]
    golden = Image.open(GOLDEN / "de" / "page-1.png").convert("RGB")
    assert changed_ratio(golden, page)[0] > 0.2  # the brand panel is most of the cover


def test_comparison_detects_a_changed_word(brochure: Path, tmp_path: Path) -> None:
    """The tolerance is tight enough to see one changed word, and only on its page."""
    file = brochure / "de.yaml"
    file.write_text(file.read_text(encoding="utf-8").replace(
        "Hauptamtliche der Stadt kümmern", "Hauptamtliche der Gemeinde kümmern"), encoding="utf-8")
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    pages = render_pages(result.path)
    goldens = [Image.open(GOLDEN / "de" / f"page-{n}.png").convert("RGB") for n in (6, 7)]
    assert changed_ratio(goldens[1], pages[6])[0] > MAX_CHANGED_RATIO  # the edited page
    assert changed_ratio(goldens[0], pages[5])[0] <= MAX_CHANGED_RATIO  # the page before
