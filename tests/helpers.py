"""Helpers every test module may use: where things are, reading PDFs as a reader does (text,
page images against the reviewed goldens, embedded fonts), editing a brochure copy, a tiny
brochure to build, and running the real command. (Fixtures are in the conftest.py files; the
structure tree is read by tests/pdfread.py, the browser driven by tests/webdriver.py.)"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from report.base import resources
from report.content import load
from report.design import brochure as brochures

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content" / "lokale-buendnisse-2019"
SECOND = ROOT / "content" / "engagement-2024"
# The seed text of the first brochure: the original beside the checkout (where there is one)
# and the committed copy the tests read, so that they run in any clone.
SEED = ROOT.parent / "shared" / "seed" / "000_f6847a55aa948b86.txt"
SEED_COPY = Path(__file__).parent / "data" / "seed-de.txt"
LANGUAGES = ["de", "en", "tr", "uk", "ar"]


# --- loading and rendering a brochure folder ---------------------------------------------------


def load_variant(root: Path, language: str) -> load.Variant:
    """One language of a brochure folder, loaded as a build loads it (its problems raised)."""
    loaded = brochures.load(root, [language])
    if language in loaded.problems:
        from report.base.errors import UserError

        raise UserError(list(loaded.problems[language]))
    return loaded.variants[language]


def render_html(root: Path, language: str, **options: object) -> str:
    """The HTML a build gives to the engine for one language."""
    from report.render.html import Renderer

    loaded = brochures.load(root, [language])
    renderer = Renderer(loaded.template_path, language, loaded.theme, loaded.inputs)
    return renderer.document(loaded.variants[language].content, **options)  # type: ignore[arg-type]


def edit(file: Path, old: str, new: str) -> str:
    """Replace one unique piece of a file; return the new text."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text not unique: {old!r}"
    text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")
    return text


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `report` command in a fresh process."""
    return subprocess.run(
        [sys.executable, "-m", "report", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
    )


def listed(folder: Path) -> list[str]:
    """The names in an output folder, as a user lists them (partial files included), without
    the folder of up-to-date records the build keeps there."""
    from report.base import files

    return sorted(p.name for p in folder.iterdir() if p.name != files.RECORDS_FOLDER)


# --- a tiny brochure ---------------------------------------------------------------------------

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30" width="40" height="30">
<rect width="40" height="30" fill="{colour}"/></svg>
"""


def tiny(root: Path) -> Path:
    """A two-page brochure in German and English whose picture lies in a hidden folder and
    whose text font lies in a nested hidden folder (both named in the YAML)."""
    (root / ".assets").mkdir(parents=True)
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#336699"), encoding="utf-8")
    fonts = root / "fonts" / ".licensed" / "brand"
    fonts.mkdir(parents=True)
    for style in ("Regular", "Bold"):
        shutil.copyfile(resources.FONTS / f"NotoSans-{style}.ttf", fonts / f"Brand-{style}.ttf")
    (root / "brochure.yaml").write_text(
        "slug: tiny\nsource_language: de\ntheme:\n  fonts:\n    text:\n"
        "      regular: fonts/.licensed/brand/Brand-Regular.ttf\n"
        "      bold: fonts/.licensed/brand/Brand-Bold.ttf\n",
        encoding="utf-8",
    )
    (root / "de.yaml").write_text(
        """meta:
  title: Kleines Heft
  author: Jemand
pages:
  - kind: cover
    title: Kleines Heft
    image: {src: .assets/p.svg, alt: Ein blaues Rechteck}
  - kind: back
    title: Danke
    contact:
      title: Kontakt
      address: [Marktplatz 1, 12345 Musterstadt]
""",
        encoding="utf-8",
    )
    (root / "en.yaml").write_text(
        """meta:
  title: Small booklet
  author: Someone
pages:
  - title: Small booklet
    image: {alt: A blue rectangle}
  - title: Thank you
    contact:
      title: Contact
""",
        encoding="utf-8",
    )
    return root


# A brochure of one chapter page whose blocks a test writes, for the model and the translation
# rules.
CHAPTER = """meta:
  title: Testbroschüre
  author: Test
pages:
  - kind: chapter
    title: Kapitel
    blocks:
"""


def chapter_brochure(root: Path, blocks_yaml: str, translation_yaml: str | None = None) -> Path:
    """A German brochure of one chapter page with the given blocks (indented for `blocks:`),
    and its English translation if one is given."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "brochure.yaml").write_text("slug: test\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text(CHAPTER + blocks_yaml, encoding="utf-8")
    if translation_yaml is not None:
        (root / "en.yaml").write_text(translation_yaml, encoding="utf-8")
    return root


def load_problems(root: Path, language: str = "de") -> list[str]:
    """The problems loading one language of a brochure folder reports (it must report some)."""
    from report.base.errors import UserError

    with pytest.raises(UserError) as caught:
        load_variant(root, language)
    return [str(issue) for issue in caught.value.issues]


def chart_block(**changes: object):  # -> report.content.model.Chart
    """A bar chart block as a German file writes it, with `changes` to its keys."""
    from report.content import model

    data: dict[str, object] = {
        "chart": "bars",
        "title": "Zufriedenheit",
        "unit": "%",
        "data": [
            {"label": "sehr zufrieden", "value": "12,5"},
            {"label": "unzufrieden", "value": "41"},
        ],
    }
    data.update(changes)
    return model.Chart.model_validate(data, context={"language": "de"})


# --- text as a reader gets it ------------------------------------------------------------------


def pdf_text(path: Path) -> list[str]:
    """The text a reader can copy, page by page (pypdfium2)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def normalize(text: str) -> str:
    """Join words broken at line ends (hyphenated, or after a hyphen or slash of their own) and
    fold all white space, as a reader's eye does."""
    text = re.sub("\u2010\\s*\\n\\s*", "", text)  # automatic hyphenation at a line end
    text = re.sub(r"(?<=\w[-/])[ \t]*\r?\n\s*", "", text)  # a line broken after "VHS-", "in/"
    text = text.replace("\u00ad", "").replace("\ufffe", "")
    text = re.sub("[\u2066-\u2069]", "", text)  # bidi isolates around Latin lines in RTL
    return re.sub(r"\s+", " ", text).strip()


def words(text: str) -> str:
    """A text as a reader hears it: soft hyphens, isolates and repeated spaces gone, NFC."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub("[\u00ad\u2066-\u2069\u200e\u200f]", "", text)
    return " ".join(text.split())


def reader_form(text: str, language: str) -> str:
    """`normalize`, and for Arabic what PDF text extraction cannot give back exactly.

    pdfium returns the lam-alef ligature as alef + lam and moves vowel marks, so for Arabic the
    vowel marks, lam and the alef forms are left out on both sides of a comparison; every other
    letter of every word is still compared, in order. pdfium also gives the same U+FFFE where
    the engine hyphenated a word and where a word's own hyphen ends a line ("VHS-" / "Kurses"),
    so hyphens are left out too.
    """
    text = normalize(unicodedata.normalize("NFKC", text)).replace("-", "")
    if language == "ar":
        text = re.sub("[\u064b-\u065f\u0670\u0640\u0644\u0627\u0623\u0625\u0622]", "", text)
        text = re.sub(r"\s+", " ", text)
    return text


def seed_lines() -> list[str]:
    """Every line of the seed brochure with its Markdown stripped: what a reader must find.

    Read from the committed copy, so that the check runs in a clone without the shared folder
    (a test compares the copy with the original where the original is there)."""
    lines = []
    for raw in SEED_COPY.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^-\s+", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("**", "").replace("\\_", "_").strip()
        if line:
            lines.append(line)
    return lines


# --- page images -------------------------------------------------------------------------------

GOLDEN = Path(__file__).parent / "golden"
ACTUAL = GOLDEN / "_actual"
DPI = 72
CHANNEL_TOLERANCE = 32  # anti-aliasing noise stays below this per-channel difference
MAX_CHANGED_RATIO = 0.0001  # 50 pixels of a page; one changed word changes several hundred


def render_pages(pdf_path: Path) -> list:  # list[PIL.Image.Image]
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        return [page.render(scale=DPI / 72).to_pil().convert("RGB") for page in pdf]
    finally:
        pdf.close()


def changed_ratio(expected, actual) -> tuple[float, object]:  # (ratio, PIL mask)
    """The share of pixels in which any channel (R, G or B) differs by more than the tolerance.

    Each channel is thresholded on its own: converting the difference to brightness first
    weighs blue at 0.114, so a change of the blue channel alone could never count.
    """
    from PIL import ImageChops

    diff = ImageChops.difference(expected.convert("RGB"), actual.convert("RGB"))
    masks = [band.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0) for band in diff.split()]
    mask = ImageChops.lighter(ImageChops.lighter(masks[0], masks[1]), masks[2])
    changed = mask.histogram()[255]
    return changed / (mask.width * mask.height), mask


def compare_with_golden(pdf_path: Path, name: str) -> None:
    """Every page of a PDF against the reviewed images in tests/golden/<name>/ (with
    REPORT_UPDATE_GOLDEN set: rewrite them, and skip, for a person to look at them)."""
    from PIL import Image

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


def pixel(pdf: Path, page: int, x_pt: float, y_pt: float) -> tuple[int, int, int]:
    """The colour of a page at a point (72 dpi, from the top left)."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[page].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    return image.getpixel((int(x_pt), int(y_pt)))


# --- embedded fonts ----------------------------------------------------------------------------


def embedded_fonts(path: Path) -> dict[str, bytes | None]:
    """Every font of a PDF by its name (subset tag dropped): its embedded program, or None
    where the PDF only names the font (a reader's system would then pick one)."""
    import pikepdf

    found: dict[str, bytes | None] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = next(
                    (obj[key] for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in obj),
                    None,
                )
                name = str(obj.FontName).split("+", 1)[-1]
                data = program.read_bytes() if program is not None else None
                found[name if name not in found else f"{name} ({len(found)})"] = data
    return found


@functools.cache
def _bundled_font(file: Path):  # -> fontTools TTFont, opened once per test session
    from fontTools.ttLib import TTFont

    return TTFont(file, lazy=True)


def _glyph(font, gid: int) -> tuple[tuple, int]:  # (fontTools TTFont, glyph id)
    """A glyph's outline (components resolved into their contours) and its advance width."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen

    name = font.getGlyphOrder()[gid]
    pen = DecomposingRecordingPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    return tuple(pen.value), font["hmtx"][name][0]


def bundled_font_of(program: bytes) -> Path | None:
    """The bundled font file (styles/fonts/) an embedded font program was made from, or None.

    WeasyPrint 70 embeds a subset that keeps every glyph it draws at its glyph id (both its
    HarfBuzz and its fontTools subsetter retain the ids) and empties the glyphs it does not use;
    a glyph that only serves as a part of others (the dotless i of the Ukrainian ї) may be
    moved behind them. So the font is a bundled one if every glyph it draws has that file's
    outline (parts resolved) and advance width at the same id. A system font is none of them,
    nor is a font of a bundled family's name whose glyphs are drawn otherwise.
    """
    from fontTools.ttLib import TTFont

    with TTFont(io.BytesIO(program)) as font:
        order = font.getGlyphOrder()
        glyphs = [_glyph(font, gid) for gid in range(len(order))]
        parts = {
            font.getGlyphID(component.glyphName)
            for name in order
            if font["glyf"][name].isComposite()
            for component in font["glyf"][name].components
        }
    drawn = [(gid, glyph) for gid, glyph in enumerate(glyphs) if glyph[0] and gid not in parts]
    if not drawn:
        return None
    for file in sorted(resources.FONTS.glob("*.ttf")):
        bundled = _bundled_font(file)
        if len(glyphs) <= len(bundled.getGlyphOrder()) and all(
            _glyph(bundled, gid) == glyph for gid, glyph in drawn
        ):
            return file
    return None


def warning_template(root: Path) -> None:
    """Give a brochure its own back page template with a CSS property the engine ignores (and
    warns about, once per render)."""
    from report.base import resources

    own = root / "templates" / "pages"
    own.mkdir(parents=True, exist_ok=True)
    back = (resources.TEMPLATES / "pages" / "back.html").read_text(encoding="utf-8")
    (own / "back.html").write_text(
        back.replace(
            '<section class="page back"', '<section style="no-such-property: 1" class="page back"'
        ),
        encoding="utf-8",
    )
