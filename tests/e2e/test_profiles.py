"""Output profiles: screen (PDF/UA-1, size budget), print (bleed, marks, boxes) and archive
(PDF/A-3a with the source attached), and byte-identical output for the same input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import page as page_validation
import pikepdf
import pytest
from PIL import Image

from report.base.errors import UserError
from report.builder import run as builder

from ..helpers import SHIPPED, compare_with_golden

pytestmark = pytest.mark.e2e

MM = 72 / 25.4
A4 = (841.89, 595.28)


@pytest.fixture(scope="module")
def profile_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("profiles")
    return {
        name: builder.build(SHIPPED, languages=["de"], output_dir=out, profile=name)[0].path
        for name in ("screen", "print", "archive")
    }


def test_profile_file_names(profile_pdfs: dict[str, Path]) -> None:
    stem = "lokale-buendnisse-befragung-2019-teil-2-de"
    assert {k: p.name for k, p in profile_pdfs.items()} == {
        "screen": f"{stem}.pdf",
        "print": f"{stem}-print.pdf",
        "archive": f"{stem}-archive.pdf",
    }


def test_print_has_trim_and_bleed_boxes_and_marks(profile_pdfs: dict[str, Path]) -> None:
    with pikepdf.open(profile_pdfs["print"]) as pdf:
        assert len(pdf.pages) == 9
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert trim == pytest.approx([0, 0, *A4], abs=0.1)
            assert bleed == pytest.approx(
                [-3 * MM, -3 * MM, A4[0] + 3 * MM, A4[1] + 3 * MM], abs=0.1
            )
            assert media[0] < bleed[0] and media[2] > bleed[2]  # room for the marks
        fonts = [
            o
            for o in pdf.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/FontDescriptor"
        ]
        assert fonts and all("/FontFile2" in f for f in fonts)


def test_print_marks_are_drawn_outside_the_bleed(profile_pdfs: dict[str, Path]) -> None:
    """Dark crop-mark pixels in the slug outside the bleed of an inner (white) page."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(profile_pdfs["print"]))
    try:
        image = document[2].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    bleed = round(10 * MM)  # the CSS bleed; the marks stay out of the 3 mm next to the page
    outer = round(7 * MM)
    corner = image.convert("L").crop((0, 0, bleed + 1, bleed + 1))  # along the trim lines
    assert corner.getextrema()[0] < 100  # a crop mark in the corner
    inner_bleed = image.crop((outer + 2, outer + 2, bleed - 1, bleed - 1))
    # nothing drawn in the 3 mm that is trimmed: white in every channel (a light colour, say
    # yellow, would pass as bright in a grey image)
    assert min(low for low, _ in inner_bleed.getextrema()) > 200


@pytest.mark.parametrize("sheet", [1, 9])
def test_print_marks_show_beside_the_dark_cover_and_back(
    profile_pdfs: dict[str, Path], sheet: int
) -> None:
    """Cover and back are brand-coloured panels: the panel runs exactly the 3 mm of bleed
    past the trim, the slug beyond stays white, and the black crop marks show on it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(profile_pdfs["print"]))
    try:
        image = document[sheet - 1].render(scale=2).to_pil().convert("RGB")
    finally:
        document.close()
    unit = 2 * MM  # pixels per mm at this scale
    row = image.height // 4  # away from the cross mark in the middle of the side

    def at(mm_from_edge: float) -> tuple[int, int, int]:
        return image.getpixel((round(mm_from_edge * unit), row))

    panel = at(10 + 20)  # well inside the sheet, on the panel
    assert sum(panel) < 3 * 140  # dark
    assert at(10 - 1.5) == panel  # in the 3 mm of bleed: the panel
    assert min(at(10 - 5)) > 240  # in the slug: white
    corner = image.convert("L").crop((0, 0, round(10 * unit), round(10 * unit)))
    assert corner.getextrema()[0] < 100  # a crop mark on the white slug


def test_print_cover_image_with_marks(profile_pdfs: dict[str, Path]) -> None:
    compare_with_golden(profile_pdfs["print"], "print")


def test_archive_is_pdfa3a_with_the_source_attached(profile_pdfs: dict[str, Path]) -> None:
    report = page_validation.validate_pdf(str(profile_pdfs["archive"]), profile="pdfa-3a")
    assert [str(f) for f in report.failures] == []
    with pikepdf.open(profile_pdfs["archive"]) as pdf:
        assert list(pdf.attachments) == ["de.yaml"]
        spec = pdf.attachments["de.yaml"]
        assert spec.get_file().read_bytes() == (SHIPPED / "de.yaml").read_bytes()
        assert spec.obj.AFRelationship == "/Source"
        assert spec.obj.EF.F.Subtype == "/application/yaml"  # its MIME type (RFC 9512)
        assert str(pdf.Root.Lang) == "de-DE"
        assert pdf.Root.MarkInfo.Marked is True


def test_screen_is_ua1_and_within_budget(profile_pdfs: dict[str, Path]) -> None:
    report = page_validation.validate_pdf(str(profile_pdfs["screen"]), profile="ua1")
    assert report.is_compliant
    assert profile_pdfs["screen"].stat().st_size <= 1024 * 1024


def test_size_budget_names_the_largest_parts(brochure: Path, tmp_path: Path) -> None:
    """A large photo over the budget: a clear error naming it; nothing is written."""
    photo = Image.effect_noise((1800, 1200), 90).convert("RGB")
    photo.save(brochure / "images" / "photo.png")
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8").replace(
        "src: images/illu-youth.svg", "src: images/photo.png"
    )
    file.write_text(text, encoding="utf-8")
    (brochure / "brochure.yaml").write_text(
        "slug: test-brochure\nsource_language: de\nsize_budget_kib: 200\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)
    message = str(caught.value)
    assert "brochure.yaml" in message and "over the budget of 200 KiB" in message
    assert "an image of" in message and "size_budget_kib" in message
    assert not (out / "test-brochure-de.pdf").exists()
    # the print profile has no budget: full-resolution images are its purpose
    (result,) = builder.build(brochure, languages=["de"], output_dir=out, profile="print")
    assert result.size > 200 * 1024


def _build_in_new_process(out: Path, profile: str) -> bytes:
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1580515200"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "report",
            "build",
            str(SHIPPED),
            "--locale",
            "de",
            "--profile",
            profile,
            "--output",
            str(out),
        ],
        check=True,
        env=env,
        capture_output=True,
        timeout=300,
    )
    suffix = {"screen": "", "print": "-print", "archive": "-archive"}[profile]
    return (out / f"lokale-buendnisse-befragung-2019-teil-2-de{suffix}.pdf").read_bytes()


@pytest.mark.parametrize("profile", ["screen", "print", "archive"])
def test_same_input_gives_identical_bytes_across_processes(tmp_path: Path, profile: str) -> None:
    first = _build_in_new_process(tmp_path / "a", profile)
    second = _build_in_new_process(tmp_path / "b", profile)
    assert first == second
    with pikepdf.open(next((tmp_path / "a").glob("*.pdf"))) as pdf:
        assert str(pdf.docinfo["/CreationDate"]).startswith("D:20200201")


# --- camera photos: the screen profile scales them to their place on the page --------------


def camera_photo(seed: int) -> bytes:
    """A 12-megapixel photo-like JPEG (4032×3024, about 5 MB): shapes, gradients and grain."""
    import io
    import random

    from PIL import ImageDraw

    rnd = random.Random(seed)
    width, height = 4032, 3024
    base = Image.linear_gradient("L").resize((width, height)).rotate(rnd.randint(0, 359))
    picture = Image.merge(
        "RGB",
        [
            base,
            base.transpose(Image.Transpose.FLIP_LEFT_RIGHT),
            Image.radial_gradient("L").resize((width, height)),
        ],
    )
    draw = ImageDraw.Draw(picture)
    for _ in range(40):
        x, y, size = rnd.randint(0, width), rnd.randint(0, height), rnd.randint(100, 900)
        draw.ellipse([x, y, x + size, y + size], fill=tuple(rnd.randint(0, 255) for _ in "rgb"))
    picture = Image.blend(picture, Image.effect_noise((width, height), 40).convert("RGB"), 0.25)
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def placed_images(path: Path) -> list[tuple[int, int, float, float]]:
    """(pixel width, pixel height, placed width in inches, placed height in inches) of every
    image drawn, from the transformation in effect where the page draws it."""
    found = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            stack = [pikepdf.Matrix()]
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(stack[-1])
                elif op == "Q":
                    stack.pop()
                elif op == "cm":
                    stack[-1] = pikepdf.Matrix(*[float(v) for v in operands]) @ stack[-1]
                elif op == "Do":
                    xobject = page.Resources.XObject[operands[0]]
                    if xobject.get("/Subtype") != "/Image":
                        continue
                    m = stack[-1]
                    width_in = (m.a**2 + m.b**2) ** 0.5 / 72
                    height_in = (m.c**2 + m.d**2) ** 0.5 / 72
                    found.append((int(xobject.Width), int(xobject.Height), width_in, height_in))
    return found


def test_camera_photos_are_scaled_for_the_screen_and_kept_for_print(
    brochure: Path, tmp_path: Path
) -> None:
    """Six 12-megapixel camera photos instead of the illustrations: the screen PDF stays within
    its 1 MiB budget with no action from the user, each photo at no more than 150 dpi of the
    size it is placed at; the print PDF keeps every photo at full resolution."""
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8")
    illustrations = [
        "illu-cover",
        "illu-partners",
        "illu-youth",
        "illu-integration",
        "illu-visibility",
        "illu-outlook",
    ]
    for seed, name in enumerate(illustrations):
        (brochure / "images" / f"photo-{seed}.jpg").write_bytes(camera_photo(seed))
        text = text.replace(f"images/{name}.svg", f"images/photo-{seed}.jpg")
    file.write_text(text, encoding="utf-8")
    for language in ("en", "tr", "uk", "ar"):
        translated = brochure / f"{language}.yaml"
        tr_text = translated.read_text(encoding="utf-8")
        for seed, name in enumerate(illustrations):
            tr_text = tr_text.replace(f"images/{name}.svg", f"images/photo-{seed}.jpg")
        translated.write_text(tr_text, encoding="utf-8")
    assert sum(p.stat().st_size for p in (brochure / "images").glob("photo-*.jpg")) > 20e6

    (screen,) = builder.build(brochure, languages=["de"], output_dir=tmp_path / "screen")
    assert screen.size <= 1024 * 1024
    photos = [image for image in placed_images(screen.path) if image[2] > 1]
    assert len(photos) == 6
    for width, height, width_in, height_in in photos:
        dpi = max(width / width_in, height / height_in)
        assert 100 <= dpi <= 151, (width, height, width_in, height_in)

    (printed,) = builder.build(
        brochure, languages=["de"], output_dir=tmp_path / "print", profile="print"
    )
    assert (
        sorted((w, h) for w, h, *_ in placed_images(printed.path) if (w, h) > (1000, 1000))
        == [(4032, 3024)] * 6
    )
