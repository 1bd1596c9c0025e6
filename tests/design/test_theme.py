"""A brochure carries its own brand (report/design/theme.py): theme, page format and fonts from
brochure.yaml, one source of design tokens, contrast checked, and every format with every
ready-made theme laid out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import page as page_validation
import pikepdf
import pytest
from fontTools import subset
from fontTools.ttLib import TTFont

from report.base import resources
from report.base.errors import Issue, UserError
from report.builder import run as builder
from report.builder.check import check as check_brochure
from report.content import load
from report.design import theme
from report.tools.newsletter import kit as newsletter

from ..helpers import compare_with_golden, edit, pixel

PT_PER_MM = 72 / 25.4
FORMATS = [
    ("A4", "landscape"),
    ("A4", "portrait"),
    ("A5", "landscape"),
    ("A5", "portrait"),
    ("letter", "landscape"),
    ("letter", "portrait"),
]
THEMES = ["default", "report", "contrast"]


def settle(brochure: Path, text: str) -> Path:
    """Add settings to the brochure's brochure.yaml; return the file."""
    settings = brochure / "brochure.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + text, encoding="utf-8")
    return settings


@pytest.mark.e2e
def test_a_new_brand_colour_and_portrait_pages(brochure: Path, tmp_path: Path) -> None:
    """The shipped brochure with a plum brand and portrait pages: portrait A4 sheets, the
    panels in plum, every page fitting (--strict), PDF/UA-1 clean, and the teaser in plum."""
    settle(brochure, 'theme:\n  colors:\n    brand: "#7a1f5c"\npage:\n  orientation: portrait\n')
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path / "out", strict=True)
    with pikepdf.open(result.path) as pdf:
        for sheet in pdf.pages:
            box = [float(v) for v in sheet.MediaBox]
            assert box[2:] == pytest.approx((210 * PT_PER_MM, 297 * PT_PER_MM), abs=0.1)
    corner = 5 * PT_PER_MM  # 5 mm into the sheet
    assert pixel(result.path, 0, corner, corner) == (0x7A, 0x1F, 0x5C)  # the cover panel
    assert pixel(result.path, result.pages - 1, corner, corner) == (0x7A, 0x1F, 0x5C)  # back
    report = page_validation.validate_pdf(str(result.path), profile="ua1")
    assert [str(f) for f in report.failures] == []
    kit = newsletter.make_kit(brochure, "de", tmp_path / "kit")
    teaser = (kit.folder / "teaser.html").read_text(encoding="utf-8")
    assert "#7a1f5c" in teaser and "#0b5563" not in teaser


@pytest.mark.e2e
@pytest.mark.parametrize("name", THEMES)
@pytest.mark.parametrize(("size", "orientation"), FORMATS)
def test_every_format_with_every_theme_fits(
    brochure: Path, tmp_path: Path, name: str, size: str, orientation: str
) -> None:
    """Each ready-made theme in each format lays out the shipped brochure with every page on
    its sheet (--strict), on sheets of the format's size."""
    settle(
        brochure, f"theme:\n  base: {name}\npage:\n  size: {size}\n  orientation: {orientation}\n"
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path, strict=True)
    fmt = theme.PageFormat(size, orientation)
    with pikepdf.open(result.path) as pdf:
        assert len(pdf.pages) == 9
        box = [float(v) for v in pdf.pages[4].MediaBox]
    assert box[2:] == pytest.approx((fmt.width * PT_PER_MM, fmt.height * PT_PER_MM), abs=0.1)


# (golden name, theme, size, orientation, language): reviewed page images of a subset
REVIEWED = [
    ("theme-report-a4-portrait-de", "report", "A4", "portrait", "de"),
    ("theme-contrast-a5-portrait-ar", "contrast", "A5", "portrait", "ar"),
    ("theme-default-a5-landscape-en", "default", "A5", "landscape", "en"),
    ("theme-default-letter-portrait-uk", "default", "letter", "portrait", "uk"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("golden", "name", "size", "orientation", "language"),
    REVIEWED,
    ids=[case[0] for case in REVIEWED],
)
def test_themes_and_formats_match_reviewed_images(
    brochure: Path,
    tmp_path: Path,
    golden: str,
    name: str,
    size: str,
    orientation: str,
    language: str,
) -> None:
    settle(
        brochure, f"theme:\n  base: {name}\npage:\n  size: {size}\n  orientation: {orientation}\n"
    )
    (result,) = builder.build(brochure, languages=[language], output_dir=tmp_path, strict=True)
    compare_with_golden(result.path, golden)


def test_a_failing_contrast_is_refused_with_the_colour_that_would_pass(brochure: Path) -> None:
    settings = settle(
        brochure, 'theme:\n  colors:\n    brand: "#8fd3dd"\n    highlight: "#5aa9b5"\n'
    )
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    lines = settings.read_text(encoding="utf-8").splitlines()
    by_path = {issue.path: issue for issue in caught.value.issues}
    brand = by_path["theme.colors.brand"]
    assert brand.line == lines.index('    brand: "#8fd3dd"') + 1 and brand.column == 12
    assert brand.message.startswith(
        "brand #8fd3dd on paper #ffffff (the running header and links) has a contrast of 1.6"
    )
    assert "it needs 4.5:1 (WCAG 2.1 AA)" in brand.message
    better = re.search(r'theme\.colors\.brand: "(#[0-9a-f]{6})"', brand.hint).group(1)
    assert theme.contrast(better, "#ffffff") >= 4.5
    assert theme.contrast(better, "#ffffff") < 4.8  # the nearest, not just any dark colour
    assert "; and on tint-light #f7fcfd (key figures (large)): 1.62:1, needs 3:1" in (
        brand.message
    )  # one error per colour, with everything it fails on
    assert list(by_path) == ["theme.colors.brand", "theme.colors.highlight"]
    highlight = by_path["theme.colors.highlight"]
    assert highlight.line == lines.index('    highlight: "#5aa9b5"') + 1
    assert "needs 3:1" in highlight.message and "on panel #8fd3dd" in highlight.message


def line_of(file: Path, line: str) -> int:
    """The 1-based number of a line of a file."""
    return file.read_text(encoding="utf-8").splitlines().index(line) + 1


def theme_problems(brochure: Path) -> list[Issue]:
    """The problems resolving the brochure's theme reports (it must report some)."""
    folder = load.open_folder(brochure)
    with pytest.raises(UserError) as caught:
        theme.resolve(folder.settings, folder.settings_document, folder.root)
    return caught.value.issues


def test_a_light_brand_is_offered_as_the_accent(brochure: Path) -> None:
    """A brand too light for text would do as the accent: the hint says so, with a darker
    brand; and the two colours it offers pass together."""
    settings = settle(brochure, 'theme:\n  colors:\n    brand: "#f2a900"\n')
    (issue,) = theme_problems(brochure)
    line = line_of(settings, '    brand: "#f2a900"')
    assert (issue.path, issue.line, issue.column) == ("theme.colors.brand", line, 12)
    assert issue.message.startswith(
        "brand #f2a900 on paper #ffffff (the running header and links) has a contrast of 2.01:1"
    )
    assert issue.hint == (
        "#f2a900 is too light for text on paper; keep it as the accent "
        '(theme.colors.accent: "#f2a900") and choose a darker brand, for example #9d6e00, '
        'the nearest that passes: set theme.colors.brand: "#9d6e00"'
    )
    edit(settings, 'brand: "#f2a900"', 'brand: "#9d6e00"\n    accent: "#f2a900"')
    folder = load.open_folder(brochure)
    resolved = theme.resolve(folder.settings, folder.settings_document, folder.root)
    assert (resolved.palette["brand"], resolved.palette["accent"]) == ("#9d6e00", "#f2a900")


def test_a_brand_is_not_offered_as_an_accent_that_would_fail(
    brochure: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the accent drawn where it needs a contrast (here: as bars of a chart, 3:1 on
    paper), the light brand would fail there too: the hint only offers a darker brand."""
    bars = theme.Pairing("accent", "paper", 3.0, "bars of a chart")
    monkeypatch.setattr(theme, "PAIRINGS", (*theme.PAIRINGS, bars))
    settle(brochure, 'theme:\n  colors:\n    brand: "#f2a900"\n    accent: "#0b5563"\n')
    (issue,) = theme_problems(brochure)
    assert issue.path == "theme.colors.brand"
    assert issue.hint == (
        'the nearest brand that passes is #9d6e00: set theme.colors.brand: "#9d6e00"'
    )


@pytest.mark.parametrize("name", THEMES)
def test_a_light_accent_is_fine_with_every_theme(brochure: Path, name: str) -> None:
    """The accent is decoration only, so a light accent such as yellow is fine: what the
    palette derives from it for text is dark enough, with each ready-made theme."""
    settle(brochure, f'theme:\n  base: {name}\n  colors:\n    accent: "#f2a900"\n')
    folder = load.open_folder(brochure)
    resolved = theme.resolve(folder.settings, folder.settings_document, folder.root)
    assert resolved.palette["accent"] == "#f2a900"


def test_a_missing_font_file_names_the_file_that_is_there(brochure: Path) -> None:
    """A font file written in the wrong case is pointed out; one with no similar name gets
    the fonts/ folder's files listed."""
    fonts = brochure / "fonts"
    fonts.mkdir()
    shutil.copy(resources.FONTS / "NotoSerif-Bold.ttf", fonts / "House-Bold.ttf")
    settings = settle(
        brochure,
        "theme:\n  fonts:\n    text:\n"
        "      regular: fonts/House-Regular.ttf\n"
        "      bold: fonts/house-bold.ttf\n",
    )
    regular, bold = theme_problems(brochure)
    line = line_of(settings, "      regular: fonts/House-Regular.ttf")
    assert str(regular).endswith(
        f"brochure.yaml:{line}:16: theme.fonts.text.regular: font not found: "
        "fonts/House-Regular.ttf\n"
        "    hint: no file in fonts/ has a similar name; it holds: House-Bold.ttf; put the "
        "font file into the brochure's fonts/ folder, or correct the path"
    )
    assert str(bold).endswith(
        f"brochure.yaml:{line + 1}:13: theme.fonts.text.bold: font not found: "
        "fonts/house-bold.ttf\n"
        "    hint: did you mean fonts/House-Bold.ttf? (the name differs only in upper/lower "
        "case; file names are case-sensitive)"
    )


def test_a_missing_logo_names_the_file_that_is_there(brochure: Path) -> None:
    settings = settle(brochure, "theme:\n  logos:\n    dark: images/Logo-On-Dark.svg\n")
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    (issue,) = caught.value.issues
    line = line_of(settings, "    dark: images/Logo-On-Dark.svg")
    assert (issue.path, issue.line, issue.column) == ("theme.logos.dark", line, 11)
    assert issue.message == "picture not found: images/Logo-On-Dark.svg"
    assert issue.hint == (
        "did you mean images/logo-on-dark.svg? (the name differs only in upper/lower case; "
        "file names are case-sensitive)"
    )


@pytest.mark.e2e
def test_the_brochures_own_font_files(brochure: Path, tmp_path: Path) -> None:
    """A family from the brochure's fonts/ folder is embedded; a missing style, a missing
    file and a file that is no font are errors at their key."""
    fonts = brochure / "fonts"
    fonts.mkdir()
    shutil.copy(resources.FONTS / "NotoSerif-Regular.ttf", fonts / "House-Regular.ttf")
    shutil.copy(resources.FONTS / "NotoSerif-Bold.ttf", fonts / "House-Bold.ttf")
    settings = settle(
        brochure,
        "theme:\n  fonts:\n    headings:\n"
        "      regular: fonts/House-Regular.ttf\n"
        "      bold: fonts/House-Bold.ttf\n",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path, strict=True)
    with pikepdf.open(result.path) as pdf:
        names = {
            str(obj.FontName).split("+", 1)[-1]
            for obj in pdf.objects
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"
        }
    assert any(name.startswith("Brochure-Headings") for name in names), names

    edit(settings, "      bold: fonts/House-Bold.ttf\n", "")
    with pytest.raises(UserError, match="the headings font has no bold style"):
        check_brochure(brochure)
    edit(
        settings,
        "      regular: fonts/House-Regular.ttf\n",
        "      regular: fonts/House-Regular.ttf\n      bold: fonts/Missing-Bold.ttf\n",
    )
    with pytest.raises(UserError, match=r"font not found: fonts/Missing-Bold\.ttf"):
        check_brochure(brochure)
    (fonts / "Broken-Bold.ttf").write_bytes(b"not a font at all" * 100)
    edit(settings, "fonts/Missing-Bold.ttf", "fonts/Broken-Bold.ttf")
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    (issue,) = caught.value.issues
    assert issue.path == "theme.fonts.headings" and "cannot be read as a font" in issue.message


def test_the_glyph_check_uses_the_themes_fonts(brochure: Path) -> None:
    """A character the theme's own text font lacks is an error naming that font, though the
    bundled default font has it."""
    fonts = brochure / "fonts"
    fonts.mkdir()
    for style in ("Regular", "Bold"):  # a house font without Greek
        house = TTFont(resources.FONTS / f"NotoSerif-{style}.ttf")
        subsetter = subset.Subsetter()
        subsetter.populate(unicodes=[c for c in house.getBestCmap() if c < 0x0370])
        subsetter.subset(house)
        house.save(fonts / f"House-{style}.ttf")
    edit(
        brochure / "de.yaml",
        "Aus den Interviews wurden nachfolgende",
        "Aus den Interviews (Ω) wurden nachfolgende",
    )
    assert check_brochure(brochure)  # fine with Noto Sans
    settle(
        brochure,
        "theme:\n  fonts:\n    text:\n      regular: fonts/House-Regular.ttf\n"
        "      bold: fonts/House-Bold.ttf\n",
    )
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    assert "U+03A9" in str(caught.value)
    assert "is not in the text font (fonts/House-Regular.ttf)" in str(caught.value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("theme:\n  base: fancy\n", "there is no theme 'fancy'"),
        ("page:\n  size: A3\n", "'A3' is not allowed here"),
        ("theme:\n  colors:\n    brand: teal\n", "'teal' is not a colour like"),
        ("theme:\n  fonts:\n    text: Comic Sans\n", "'Comic Sans' is not a bundled font family"),
        (
            "theme:\n  logos:\n    dark: images/missing.svg\n",
            "picture not found: images/missing.svg",
        ),
    ],
)
def test_a_wrong_theme_setting_is_located(brochure: Path, text: str, words: str) -> None:
    settings = settle(brochure, text)
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    issue = caught.value.issues[0]
    assert issue.file == settings and issue.line and words in issue.message, str(issue)


def test_the_stylesheets_hold_no_design_value_of_their_own() -> None:
    """Colours, fonts and sizes are written once, as the theme's tokens: the brochure's
    stylesheet and the e-mail teaser only refer to them (print marks are physical 10 mm)."""
    css = (resources.STYLES / "brochure.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert re.findall(r"#[0-9a-fA-F]{3,8}\b", body) == []
    assert re.findall(r"font-family:\s*[\"']", body) == []
    lengths = re.findall(r"(?<![\w.])(\d+(?:\.\d+)?)(mm|pt|cm|px)\b", body)
    assert set(lengths) <= {("0.5", "pt"), ("0.8", "pt")}  # hairlines
    teaser = (resources.TEMPLATES / "newsletter" / "teaser.html").read_text(encoding="utf-8")
    assert re.findall(r"#[0-9a-fA-F]{6}\b", teaser) == []
