"""Charts: the SVG's structure, and what WeasyPrint draws from it (text, fonts, pixels, size)."""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from report.render.charts import PT_PER_MM, ChartData, ChartLook, Drawing, draw

from .pdfread import structure

FONTS_DIR = Path(__file__).resolve().parent.parent / "styles" / "fonts"
NS = {"svg": "http://www.w3.org/2000/svg"}
INK, BLUE, ORANGE, GREEN = "#1d2a33", "#1f5f8b", "#e07b39", "#4a8c3f"
PAPER = "#ffffff"
FACES = [("Brochure Text", "NotoSans"), ("Brochure Text Arabic", "NotoSansArabic")]


def _font(stem: str) -> tuple[frozenset[int], bytes, bytes]:
    regular = (FONTS_DIR / f"{stem}-Regular.ttf").read_bytes()
    with TTFont(io.BytesIO(regular), lazy=True) as font:
        covered = frozenset(font.getBestCmap())
    return covered, regular, (FONTS_DIR / f"{stem}-Bold.ttf").read_bytes()


@pytest.fixture(scope="module")
def look() -> ChartLook:
    return ChartLook(width_mm=120.0, rtl=False, colours=(BLUE, ORANGE, GREEN), ink=INK,
                     muted="#4d5a63", rule="#8a969e", paper=PAPER,
                     font_family='"Brochure Text", "Brochure Text Arabic"',
                     fonts=tuple(_font(stem) for _, stem in FACES), size_pt=9.0)


def shares(labels: list[str], values: list[int | None], kind: str = "bars",
           percent: str = "{} %") -> ChartData:
    return ChartData(kind, tuple(labels), (),
                     tuple((None if v is None else Decimal(v),) for v in values),
                     tuple(("" if v is None else percent.format(v),) for v in values),
                     Decimal(100))


def compare(series: int, kind: str = "bars") -> ChartData:
    rows = [[44, 52, 60], [61, 71, 68], [23, None, 34]]
    values = tuple(tuple(None if v is None else Decimal(v) for v in row[:series])
                   for row in rows)
    shown = tuple(tuple("" if v is None else f"{v} %" for v in row) for row in values)
    return ChartData(kind, ("Kinderbetreuung", "Beratung", "Freizeit"),
                     ("2010", "2012", "2014")[:series], values, shown, Decimal(100))


SATISFACTION = shares(["Sehr zufrieden", "Eher zufrieden", "Eher unzufrieden", "Keine Angabe"],
                      [42, 31, 14, 5])
ARABIC = shares(["راضٍ جدًا", "راضٍ إلى حد ما (تقريبًا)", "غير راضٍ", "لا إجابة"],
                [42, 31, 14, 5], percent="{}%")
LONG = "Die Angebote der Familienbildung sind im Stadtteil gut erreichbar"


def parse(drawing: Drawing) -> ET.Element:
    return ET.fromstring(drawing.svg)


def bars(root: ET.Element, series: int | None = None) -> list[ET.Element]:
    found = [rect for rect in root.iterfind("svg:rect", NS)
             if "bar" in rect.get("class", "").split()]
    if series is None:
        return found
    return [rect for rect in found if f"series-{series}" in rect.get("class", "").split()]


def texts(root: ET.Element, role: str) -> list[ET.Element]:
    return [text for text in root.iterfind("svg:text", NS) if text.get("class") == role]


def lines(text: ET.Element) -> list[str]:
    return [span.text or "" for span in text.iterfind("svg:tspan", NS)]


def viewbox(root: ET.Element) -> list[float]:
    return [float(v) for v in root.get("viewBox", "").split()]


def right(rect: ET.Element) -> float:
    return float(rect.get("x", 0)) + float(rect.get("width", 0))


# --- the SVG -------------------------------------------------------------------------------


def test_valid_svg_with_the_title_first(look: ChartLook) -> None:
    title = 'Zufriedenheit 2014 <"Eltern" & \'Kinder\'>'
    root = parse(draw(SATISFACTION, look, title))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root[0].tag == "{http://www.w3.org/2000/svg}title" and root[0].text == title
    assert root.get("width") == "100%"
    assert viewbox(root)[2] == pytest.approx(120 * PT_PER_MM, abs=0.01)
    assert root.get("font-size") == "9"


def test_height_is_the_viewbox_height(look: ChartLook) -> None:
    for data in (SATISFACTION, compare(3), compare(2, "columns")):
        drawing = draw(data, look, "t")
        assert viewbox(parse(drawing))[3] == pytest.approx(drawing.height_mm * PT_PER_MM,
                                                           abs=0.01)


def test_font_family_is_written_as_weasyprint_splits_it(look: ChartLook) -> None:
    """WeasyPrint 70 splits at commas and strips quotes at the ends only: no spaces."""
    root = parse(draw(SATISFACTION, look, "t"))
    assert root.get("font-family") == '"Brochure Text","Brochure Text Arabic"'


@pytest.mark.parametrize("kind", ["bars", "columns"])
@pytest.mark.parametrize("series", [1, 2, 3])
def test_one_bar_and_one_value_per_value(look: ChartLook, kind: str, series: int) -> None:
    data = compare(series, kind)
    root = parse(draw(data, look, "t"))
    present = [v for row in data.values for v in row if v is not None]
    assert len(bars(root)) == len(present)
    shown = sorted(s for row in data.shown for s in row if s)
    assert sorted(lines(t)[0] for t in texts(root, "value")) == shown
    assert all(t.get("font-weight") == "bold" for t in texts(root, "value"))


def test_no_value_draws_neither_bar_nor_value(look: ChartLook) -> None:
    root = parse(draw(shares(["Ja", "Nein", "Keine Angabe"], [60, None, 40]), look, "t"))
    assert len(bars(root)) == 2
    assert [lines(t)[0] for t in texts(root, "value")] == ["60 %", "40 %"]
    assert [lines(t)[0] for t in texts(root, "label")] == ["Ja", "Nein", "Keine Angabe"]


def test_bar_lengths_follow_the_values(look: ChartLook) -> None:
    widths = [float(rect.get("width")) for rect in bars(parse(draw(SATISFACTION, look, "t")))]
    assert widths[0] > widths[1] > widths[2] > widths[3] > 0
    assert widths[0] / widths[1] == pytest.approx(42 / 31, rel=0.01)


@pytest.mark.parametrize("values", [[0, 0, 0], [-5, 10, 20], [None, None, None], [150, 20, 5]])
@pytest.mark.parametrize("kind", ["bars", "columns"])
def test_odd_values_do_not_break_the_chart(look: ChartLook, values: list[int | None],
                                           kind: str) -> None:
    """Zero and negative values clamp at the baseline and keep their value; a value beyond
    scale_max extends the scale instead of running off the chart."""
    drawing = draw(shares(["A", "B", "C"], values, kind), look, "t")
    root = parse(drawing)
    width = viewbox(root)[2]
    for rect in bars(root):
        assert float(rect.get("width")) >= 0 and float(rect.get("height")) >= 0
        assert right(rect) <= width + 0.01
    assert len(texts(root, "value")) == sum(v is not None for v in values)
    assert drawing.height_mm > 0


def test_long_label_wraps_and_short_ones_do_not(look: ChartLook) -> None:
    narrow = replace(look, width_mm=80)
    root = parse(draw(shares([LONG, "Ja", "Nein"], [40, 35, 25]), narrow, "t"))
    wrapped, *short = [lines(t) for t in texts(root, "label")]
    assert len(wrapped) >= 3
    assert " ".join(wrapped) == LONG  # broken between words only
    assert short == [["Ja"], ["Nein"]]
    # Lines stay within the label column: before the baseline, with room to spare.
    baseline = float(root.find("svg:line", NS).get("x1"))
    widest = max(_width(line, narrow) for line in wrapped)
    assert widest <= 0.4 * viewbox(root)[2] + 0.01
    assert widest < baseline - 0.5 * narrow.size_pt


def test_a_word_wider_than_the_column_is_broken(look: ChartLook) -> None:
    word = "Kinderbetreuungseinrichtungsverwaltungsgesetz"
    narrow = replace(look, width_mm=60)
    root = parse(draw(shares([word, "Ja"], [40, 60]), narrow, "t"))
    pieces = lines(texts(root, "label")[0])
    assert len(pieces) >= 2 and "".join(pieces) == word
    assert max(_width(piece, narrow) for piece in pieces) <= 0.5 * viewbox(root)[2] + 0.01


def test_column_labels_wrap_under_their_column(look: ChartLook) -> None:
    data = shares(["Kinderbetreuung", "Beratung für Familien in Krisen", "Wohnen"], [44, 71, 23],
                  "columns")
    root = parse(draw(data, replace(look, width_mm=90), "t"))
    slot = viewbox(root)[2] / 3
    assert [len(lines(t)) > 1 for t in texts(root, "label")] == [False, True, False]
    assert " ".join(lines(texts(root, "label")[1])) == data.labels[1]
    assert all(_width(line, look) < slot for t in texts(root, "label") for line in lines(t))
    baseline = float(root.find("svg:line", NS).get("y1"))
    for label in texts(root, "label"):
        assert label.get("text-anchor") == "middle"
        assert float(label.find("svg:tspan", NS).get("y")) > baseline
    for rect in bars(root):
        assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(baseline,
                                                                                abs=0.02)


def test_left_to_right_bars_start_together_at_the_left(look: ChartLook) -> None:
    root = parse(draw(SATISFACTION, look, "t"))
    width = viewbox(root)[2]
    starts = {float(rect.get("x")) for rect in bars(root)}
    assert len(starts) == 1 and starts.pop() < width / 2
    assert {t.get("text-anchor") for t in texts(root, "label")} == {"start"}
    assert {float(t.find("svg:tspan", NS).get("x")) for t in texts(root, "label")} == {0.0}


def test_right_to_left_mirrors_the_chart(look: ChartLook) -> None:
    ltr = parse(draw(SATISFACTION, look, "t"))
    rtl = parse(draw(SATISFACTION, replace(look, rtl=True), "t"))
    width = viewbox(rtl)[2]
    ends = [right(rect) for rect in bars(rtl)]
    assert max(ends) - min(ends) < 0.02 and min(ends) > width / 2
    for mirrored, original in zip(bars(rtl), bars(ltr)):
        assert right(mirrored) == pytest.approx(width - float(original.get("x")), abs=0.02)
        assert mirrored.get("width") == original.get("width")
    assert {t.get("text-anchor") for t in texts(rtl, "label")} == {"end"}
    for label in texts(rtl, "label"):
        assert float(label.find("svg:tspan", NS).get("x")) == pytest.approx(width, abs=0.01)
    assert {t.get("text-anchor") for t in texts(rtl, "value")} == {"end"}  # left of the bars


def test_arabic_is_shaped_and_in_visual_order(look: ChartLook) -> None:
    """WeasyPrint draws SVG text a character at a time: the chart writes joined letter forms
    in the order they are drawn, left to right, and tells browsers not to reorder them."""
    root = parse(draw(ARABIC, replace(look, rtl=True), "t"))
    label = texts(root, "label")[1]
    assert label.get("unicode-bidi") == "bidi-override" and label.get("direction") == "ltr"
    drawn = " ".join(lines(label))
    assert any(0xFE70 <= ord(char) <= 0xFEFC for char in drawn)  # contextual forms
    logical = unicodedata.normalize("NFKC", drawn[::-1])
    assert logical == "راض إلى حد ما )تقريبا("  # marks left out; parentheses mirrored back
    assert drawn.startswith("(")  # the closing parenthesis, leftmost, drawn mirrored
    assert lines(texts(root, "value")[0]) == ["42%"]  # numbers stay as given


def test_latin_inside_arabic_keeps_its_order(look: ChartLook) -> None:
    data = shares(["WLAN في المكتبة", "2014 فقط"], [30, 20], percent="{}%")
    root = parse(draw(data, replace(look, rtl=True), "t"))
    first, second = (" ".join(lines(t)) for t in texts(root, "label"))
    assert first.endswith("WLAN") and second.endswith("2014")


def test_legend_only_for_a_comparison(look: ChartLook) -> None:
    swatches = {n: [r for r in parse(draw(compare(n), look, "t")).iterfind("svg:rect", NS)
                    if "swatch" in r.get("class", "")] for n in (1, 2, 3)}
    assert [len(found) for found in swatches.values()] == [0, 2, 3]
    root = parse(draw(compare(3), look, "t"))
    assert [lines(t)[0] for t in texts(root, "legend")] == ["2010", "2012", "2014"]


def test_series_read_apart_in_black_and_white(look: ChartLook) -> None:
    """Series 1 solid, 2 solid with an ink outline of 0.3 mm, 3 hatched with a <pattern> of
    lines in its colour on paper; legend swatches drawn the same way as the bars."""
    root = parse(draw(compare(3), look, "t"))
    for series in (1, 2, 3):
        styles = {(r.get("fill"), r.get("stroke"), r.get("stroke-width"))
                  for r in root.iterfind("svg:rect", NS)
                  if f"series-{series}" in r.get("class", "").split()}
        assert len(styles) == 1, f"series {series} is not drawn one way everywhere"
    first, second, third = bars(root, 1)[0], bars(root, 2)[0], bars(root, 3)[0]
    assert first.get("fill") == BLUE and first.get("stroke") is None
    assert second.get("fill") == ORANGE and second.get("stroke") == INK
    assert float(second.get("stroke-width")) == pytest.approx(0.3 * PT_PER_MM, abs=0.01)
    reference = re.fullmatch(r"url\(#(.+)\)", third.get("fill", ""))
    assert reference, third.get("fill")
    pattern = root.find(f".//svg:pattern[@id='{reference.group(1)}']", NS)
    assert pattern is not None
    assert {p.get("stroke") for p in pattern.iterfind("svg:path", NS)} == {GREEN}
    assert pattern.find("svg:rect", NS).get("fill") == PAPER


def test_values_go_inside_long_bars_in_the_more_readable_colour(look: ChartLook) -> None:
    data = ChartData("bars", ("Ja", "Nein"), ("2010", "2012", "2014"),
                     ((Decimal(97), Decimal(98), Decimal(99)),
                      (Decimal(3), Decimal(2), Decimal(1))),
                     (("97 %", "98 %", "99 %"), ("3 %", "2 %", "1 %")), Decimal(100))
    root = parse(draw(data, replace(look, width_mm=40), "t"))
    values = {lines(t)[0]: t for t in texts(root, "value")}
    for series, shown, fill in ((1, "97 %", BLUE), (2, "98 %", ORANGE)):
        bar, value = bars(root, series)[0], values[shown]
        assert value.get("text-anchor") == "end"
        assert float(value.find("svg:tspan", NS).get("x")) < right(bar)
        best = max(("#ffffff", INK), key=lambda colour: _contrast(colour, fill))
        assert value.get("fill") == best
    assert values["97 %"].get("fill") == "#ffffff" and values["98 %"].get("fill") == INK
    # Over hatching the value gets a paper patch.
    patches = [r for r in root.iterfind("svg:rect", NS) if r.get("class") == "patch"]
    assert [r.get("fill") for r in patches] == [PAPER]
    assert float(values["3 %"].find("svg:tspan", NS).get("x")) > right(bars(root, 1)[1])


def test_text_is_escaped(look: ChartLook) -> None:
    data = shares(['Eltern & "Kinder" <unter 6>', "A\x0bB"], [40, 60])
    root = parse(draw(data, look, "t"))
    assert [" ".join(lines(t)) for t in texts(root, "label")] == [
        'Eltern & "Kinder" <unter 6>', "AB"]


def test_inconsistent_data_is_a_bug_of_the_caller(look: ChartLook) -> None:
    with pytest.raises(ValueError, match="one per series"):
        draw(ChartData("bars", ("A",), ("2012", "2014"), ((Decimal(1),),), (("1",),)), look, "t")
    with pytest.raises(ValueError, match="kind"):
        draw(replace(SATISFACTION, kind="pie"), look, "t")


def test_same_chart_same_svg(look: ChartLook) -> None:
    assert draw(compare(3), look, "t").svg == draw(compare(3), look, "t").svg


def _width(text: str, look: ChartLook) -> float:
    """Width in pt, measured here independently: first covering font, sum of advances."""
    total = 0.0
    for char in text:
        covered, regular, _ = next((f for f in look.fonts if ord(char) in f[0]), look.fonts[0])
        with TTFont(io.BytesIO(regular), lazy=True) as font:
            glyph = font.getBestCmap()[ord(char)]
            total += font["hmtx"][glyph][0] / font["head"].unitsPerEm
    return total * look.size_pt


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(colour[i:i + 2], 16)) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# --- what WeasyPrint draws -------------------------------------------------------------------

SCALE = 4  # render at 288 dpi
INTRO = "Die Ergebnisse der Befragung im Überblick, nach den Antworten geordnet."
MAGENTA = (255, 0, 255)


def _stylesheet() -> str:
    faces = []
    for family, stem in FACES:
        for weight, style in ((400, "Regular"), (700, "Bold")):
            uri = (FONTS_DIR / f"{stem}-{style}.ttf").as_uri()
            faces.append(f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                         f'src: url("{uri}"); }}')
    # The SVG's box is painted magenta so that its drawn size can be measured.
    return "\n".join(faces) + """
        @page { size: 150mm 120mm; margin: 10mm; }
        body { margin: 0; }
        section { break-after: page; }
        p { margin: 0 0 4mm; font: 9pt "Brochure Text"; }
        figure { margin: 0; }
        svg { display: block; background: #ff00ff; }"""


@pytest.fixture(scope="module")
def rendered(look: ChartLook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Four charts, one per page, rendered once as tagged PDF: German bars, a German
    comparison of three series, Arabic bars right to left, long labels."""
    import weasyprint

    charts = {
        "de": (SATISFACTION, look, "Zufriedenheit mit den Angeboten"),
        "compare": (compare(3), look, "Vergleich 2010, 2012, 2014"),
        "ar": (ARABIC, replace(look, rtl=True), "الرضا عن الخدمات"),
        "long": (shares([LONG, "Öffnungszeiten der Beratungsstellen", "Ja"], [78, 64, 3]),
                 replace(look, width_mm=80), "Erreichbarkeit"),
    }
    drawings = {name: draw(*chart) for name, chart in charts.items()}
    # Each chart on a page of its own under a line of text, as in a brochure. Without any
    # other text on the page, pdfium guessed a vertical text flow for charts of two or three
    # rows and gave one letter per line (its page-wide orientation heuristic).
    body = "".join(f'<section dir="{"rtl" if look.rtl else "ltr"}"><p>{INTRO}</p>'
                   f'<figure style="width: {look.width_mm}mm">{drawings[name].svg}</figure>'
                   "</section>" for name, (_, look, _) in charts.items())
    html = (f'<html lang="de"><head><title>Charts</title><style>{_stylesheet()}</style>'
            f"</head><body>{body}</body></html>")
    path = tmp_path_factory.mktemp("charts") / "charts.pdf"
    weasyprint.HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(path,
                                                                   pdf_variant="pdf/ua-1")
    return {"path": path, "drawings": drawings, "names": list(charts), "charts": charts}


def _page(rendered: dict[str, object], name: str):  # -> (text, PIL image)
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(rendered["path"]))
    try:
        page = pdf[rendered["names"].index(name)]
        return page.get_textpage().get_text_range(), page.render(scale=SCALE).to_pil()
    finally:
        pdf.close()


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def test_rendered_text_has_labels_and_values(rendered: dict[str, object]) -> None:
    text = _folded(_page(rendered, "de")[0])
    for label, (shown,) in zip(SATISFACTION.labels, SATISFACTION.shown):
        assert f"{label} {shown}" in text
    long_text = _folded(_page(rendered, "long")[0])
    assert LONG in long_text and "78 %" in long_text


def test_rendered_arabic_reads_in_logical_order(rendered: dict[str, object]) -> None:
    """Text extraction gives the words as written (pdfium reorders right-to-left runs)."""
    text = _folded(_page(rendered, "ar")[0])
    assert re.search("[\u0600-\u06ff]", text)
    assert "لا إجابة" in text and "غير راض" in text
    assert "42%" in text


def test_rendered_fonts_are_the_bundled_ones(rendered: dict[str, object]) -> None:
    """Embedded under the @font-face family names, and the programs are the Noto files (a
    system Noto Sans would be embedded as "Noto-Sans", a fallback as e.g. "DejaVu-Sans")."""
    import pikepdf

    found: dict[str, str] = {}
    with pikepdf.open(rendered["path"]) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = obj.get("/FontFile2") or obj.get("/FontFile3")
                assert program is not None, f"{obj.FontName} is not embedded"
                with TTFont(io.BytesIO(program.read_bytes())) as font:
                    found[str(obj.FontName).split("+", 1)[-1]] = font["name"].getDebugName(1)
    assert set(found) == {"Brochure-Text", "Brochure-Text-Bold", "Brochure-Text-Arabic"}, found
    assert all(family.startswith("Noto Sans") for family in found.values()), found
    assert found["Brochure-Text-Arabic"] == "Noto Sans Arabic"


def test_rendered_figure_has_the_title_as_alt(rendered: dict[str, object]) -> None:
    figures = [e.alt for e in structure(rendered["path"]).walk() if e.role == "Figure"]
    assert figures == [chart[2] for chart in rendered["charts"].values()]


def _mask(image, colour: str | tuple[int, int, int], tolerance: int = 8):
    """A black-and-white image: white where a pixel is within `tolerance` of `colour` in
    every channel (each channel on its own, so a change in one is never averaged away)."""
    from PIL import ImageChops

    target = _rgb(colour) if isinstance(colour, str) else colour
    channels = [band.point(lambda v, t=t: 255 if abs(v - t) <= tolerance else 0)
                for band, t in zip(image.convert("RGB").split(), target)]
    return ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])


def _box(image, colour: str | tuple[int, int, int], tolerance: int = 8,
         region: tuple[int, int, int, int] | None = None) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom; exclusive) of the pixels of one colour,
    in page pixels, within `region` if given."""
    mask = _mask(image, colour, tolerance)
    if region is None:
        return mask.getbbox()
    found = mask.crop(region).getbbox()
    return found and (found[0] + region[0], found[1] + region[1], found[2] + region[0],
                      found[3] + region[1])


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def test_rendered_size_matches_the_drawing(rendered: dict[str, object]) -> None:
    for name in ("de", "ar", "long"):
        drawing = rendered["drawings"][name]
        look = rendered["charts"][name][1]
        box = _box(_page(rendered, name)[1], MAGENTA, tolerance=30)
        assert box is not None
        px_per_mm = SCALE * PT_PER_MM
        assert (box[2] - box[0]) / px_per_mm == pytest.approx(look.width_mm, abs=1)
        assert (box[3] - box[1]) / px_per_mm == pytest.approx(drawing.height_mm, abs=1)


def test_rendered_bars_start_at_the_start_side(rendered: dict[str, object]) -> None:
    ltr, rtl = _page(rendered, "de")[1], _page(rendered, "ar")[1]
    chart = _box(ltr, MAGENTA, tolerance=30)
    middle = (chart[0] + chart[2]) / 2
    ltr_bars, rtl_bars = _box(ltr, BLUE), _box(rtl, BLUE)
    assert ltr_bars and rtl_bars
    assert ltr_bars[0] < middle < ltr_bars[2]  # 42 % of the scale, from left of the middle
    first = _box(rtl, BLUE, region=(0, rtl_bars[1], rtl.width, rtl_bars[1] + 4))
    assert first[0] > chart[0] + 0.1 * (chart[2] - chart[0])  # not from the left edge
    assert first[2] > middle  # the first bar hangs from the right...
    last = _box(rtl, BLUE, region=(0, rtl_bars[3] - 4, rtl.width, rtl_bars[3]))
    assert first[2] == last[2] == rtl_bars[2]  # ...where every bar starts
    assert last[0] > first[0]  # 5 % is shorter than 42 %, growing leftwards


def test_rendered_hatching_is_drawn(rendered: dict[str, object]) -> None:
    """WeasyPrint 70 fills with <pattern>: inside the third series' bars both its colour
    and paper show."""
    image = _page(rendered, "compare")[1]
    chart = _box(image, MAGENTA, tolerance=30)
    bar = bars(parse(rendered["drawings"]["compare"]), 3)[0]
    x, y = (float(bar.get(key)) * SCALE for key in ("x", "y"))  # 1 unit = 1 pt
    inner = (chart[0] + int(x) + 8, chart[1] + int(y) + 8, chart[0] + int(x) + 100,
             chart[1] + int(y) + 20)
    assert _box(image, GREEN, tolerance=40, region=inner)
    assert _box(image, PAPER, tolerance=20, region=inner)


def test_rendered_labels_end_before_the_bars(rendered: dict[str, object]) -> None:
    """Widths measured for wrapping match the drawn ones: no label ink in most of the gap
    between the label column and the baseline."""
    gap = 9 * 0.6 * SCALE  # 0.6 of the 0.8 em gap, in pixels
    for name in ("long", "ar"):
        image = _page(rendered, name)[1]
        bars_box = _box(image, BLUE)
        chart = _box(image, MAGENTA, tolerance=30)
        if name == "long":  # labels on the left
            labels = _box(image, INK, 60, (chart[0], chart[1], bars_box[0], chart[3]))
            assert labels and labels[2] < bars_box[0] - gap
        else:  # labels on the right
            labels = _box(image, INK, 60, (bars_box[2], chart[1], chart[2], chart[3]))
            assert labels and labels[0] > bars_box[2] + gap


def test_crowded_column_values_never_overlap(look: ChartLook) -> None:
    """Long values over narrow columns (two series, five categories, a 60 mm chart): set
    smaller and, where still too wide, every other one a line higher; no two values that
    stand on the same line overlap. With room to spare, values keep the chart's size."""
    from report.render.charts import _faces, _Type

    values = [("12,5", "14,25"), ("33,3", "35,75"), ("22", "25,5"), ("18", "19,25"),
              ("9,5", "11")]
    data = ChartData("columns", ("A", "B", "C", "D", "E"), ("2019", "2024"),
                     tuple(tuple(Decimal(v.replace(",", ".")) for v in row) for row in values),
                     tuple(tuple(f"{v} %" for v in row) for row in values), Decimal(100))
    kind = _Type(_faces(look.fonts), look.size_pt)
    narrow = parse(draw(data, replace(look, width_mm=60.0), "t"))
    spans = []
    for text in texts(narrow, "value"):
        size = float(text.get("font-size", look.size_pt))
        assert size >= 0.8 * look.size_pt
        width = kind.width(lines(text)[0], bold=True) * size / look.size_pt
        (tspan,) = text.findall("svg:tspan", NS)
        x, y = float(tspan.get("x")), float(tspan.get("y"))
        cap = kind.cap * size / look.size_pt  # digits and % reach from baseline to cap
        spans.append((x - width / 2, x + width / 2, y - cap, y))
    assert len(spans) == 10
    for i, (left, right_, top, bottom) in enumerate(spans):
        for other_left, other_right, other_top, other_bottom in spans[i + 1:]:
            apart = right_ <= other_left or other_right <= left
            assert apart or bottom <= other_top or other_bottom <= top
        for rect in bars(narrow):  # nor does a value run into a column beside it
            x, y = float(rect.get("x")), float(rect.get("y"))
            if x < right_ and left < x + float(rect.get("width")):
                assert bottom <= y
    roomy = parse(draw(data, replace(look, width_mm=200.0), "t"))
    assert all(text.get("font-size") is None for text in texts(roomy, "value"))
