"""Charts: the SVG's structure, its text as shaped glyph outlines, and what WeasyPrint draws
from it (pixels, size, the Figure readers get)."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from decimal import Decimal

import pytest
from fontTools.ttLib import TTFont

from report.base import resources
from report.render import chart_text
from report.render.charts import PT_PER_MM, ChartData, ChartLook, Drawing, draw

from ..pdfread import structure

FONTS_DIR = resources.FONTS
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
    return ChartLook(
        width_mm=120.0,
        rtl=False,
        language="de",
        colours=(BLUE, ORANGE, GREEN),
        ink=INK,
        muted="#4d5a63",
        rule="#8a969e",
        paper=PAPER,
        fonts=tuple(_font(stem) for _, stem in FACES),
        size_pt=9.0,
    )


def arabic_page(look: ChartLook) -> ChartLook:
    """The look of an Arabic page: mirrored, the Arabic family first (as views.py does)."""
    return replace(look, rtl=True, language="ar", fonts=look.fonts[::-1])


def shares(
    labels: list[str], values: list[int | None], kind: str = "bars", percent: str = "{} %"
) -> ChartData:
    return ChartData(
        kind,
        tuple(labels),
        (),
        tuple((None if v is None else Decimal(v),) for v in values),
        tuple(("" if v is None else percent.format(v),) for v in values),
        Decimal(100),
    )


def compare(series: int, kind: str = "bars", percent: str = "{} %") -> ChartData:
    rows = [[44, 52, 60], [61, 71, 68], [23, None, 34]]
    values = tuple(tuple(None if v is None else Decimal(v) for v in row[:series]) for row in rows)
    shown = tuple(tuple("" if v is None else percent.format(v) for v in row) for row in values)
    return ChartData(
        kind,
        ("Kinderbetreuung", "Beratung", "Freizeit"),
        ("2010", "2012", "2014")[:series],
        values,
        shown,
        Decimal(100),
    )


SATISFACTION = shares(
    ["Sehr zufrieden", "Eher zufrieden", "Eher unzufrieden", "Keine Angabe"], [42, 31, 14, 5]
)
ARABIC = shares(
    ["راضٍ جدًا", "راضٍ إلى حد ما (تقريبًا)", "غير راضٍ", "لا إجابة"], [42, 31, 14, 5], percent="{}%"
)
LONG = "Die Angebote der Familienbildung sind im Stadtteil gut erreichbar"


def bare(text: str) -> str:
    """`text` without its combining marks (Arabic vowel signs)."""
    return "".join(char for char in text if unicodedata.category(char) not in ("Mn", "Me"))


def parse(drawing: Drawing) -> ET.Element:
    return ET.fromstring(drawing.svg)


def bars(root: ET.Element, series: int | None = None) -> list[ET.Element]:
    found = [
        rect for rect in root.iterfind("svg:rect", NS) if "bar" in rect.get("class", "").split()
    ]
    if series is None:
        return found
    return [rect for rect in found if f"series-{series}" in rect.get("class", "").split()]


def texts(root: ET.Element, role: str) -> list[ET.Element]:
    """The texts of one role ("label", "value", "legend"): a `<g>` each."""
    return [group for group in root.iterfind("svg:g", NS) if group.get("class") == role]


def line_groups(text: ET.Element) -> list[ET.Element]:
    return [group for group in text.iterfind("svg:g", NS) if group.get("class") == "line"]


def lines(text: ET.Element) -> list[str]:
    """The text of each line, as the SVG keeps it beside the outlines."""
    return [group.get("data-text", "") for group in line_groups(text)]


def viewbox(root: ET.Element) -> list[float]:
    return [float(v) for v in root.get("viewBox", "").split()]


def right(rect: ET.Element) -> float:
    return float(rect.get("x", 0)) + float(rect.get("width", 0))


# --- reading the drawn glyphs back ----------------------------------------------------------


def _matrix(path: ET.Element) -> tuple[float, ...]:
    found = re.fullmatch(r"matrix\(([^)]*)\)", path.get("transform", ""))
    assert found, path.get("transform")
    values = tuple(float(v) for v in found.group(1).replace(",", " ").split())
    assert len(values) == 6 and values[1] == values[2] == 0 and values[3] == -values[0]
    return values


def glyphs(element: ET.Element) -> list[ET.Element]:
    """The glyph paths under `element`, left to right by their origin."""
    return sorted(element.iter(f"{{{NS['svg']}}}path"), key=lambda path: _matrix(path)[4])


def tokens(d: str) -> tuple[object, ...]:
    """Path data as commands and numbers, so that "17" and "17.0" compare equal."""
    return tuple(
        part if part.isalpha() else float(part)
        for part in re.findall(r"[A-Za-z]|-?\d+(?:\.\d+)?", d)
    )


@functools.cache
def _ttfont(file: str) -> TTFont:
    return TTFont(FONTS_DIR / file)


def outline(file: str, glyph: str | int) -> tuple[object, ...]:
    """A glyph of a bundled font (a character's nominal glyph, or a glyph id) drawn by
    fontTools here, independently of the chart code."""
    from fontTools.pens.svgPathPen import SVGPathPen

    font = _ttfont(file)
    name = font.getBestCmap()[ord(glyph)] if isinstance(glyph, str) else font.getGlyphOrder()[glyph]
    pen = SVGPathPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    return tokens(pen.getCommands())


def ink(element: ET.Element) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) in chart units of the outlines' control points under
    `element` (a box that holds the drawn ink)."""
    from fontTools.pens.boundsPen import ControlBoundsPen
    from fontTools.svgLib.path import parse_path

    boxes = []
    for path in element.iter(f"{{{NS['svg']}}}path"):
        a, _, _, d, e, f = _matrix(path)
        pen = ControlBoundsPen(None)
        parse_path(path.get("d"), pen)
        x0, y0, x1, y1 = pen.bounds
        boxes.append((a * x0 + e, d * y1 + f, a * x1 + e, d * y0 + f))
    assert boxes, "nothing drawn"
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def shaped_marks(file: str, text: str) -> list[int]:
    """Glyph ids HarfBuzz gives the vowel marks of `text` (glyphs of the GDEF mark class),
    shaped here on its own."""
    import uharfbuzz as hb

    font = _ttfont(file)
    classes = font["GDEF"].table.GlyphClassDef.classDefs
    order = font.getGlyphOrder()
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(hb.Font(hb.Face((FONTS_DIR / file).read_bytes())), buffer, {})
    return [
        info.codepoint for info in buffer.glyph_infos if classes.get(order[info.codepoint]) == 3
    ]


# --- the SVG -------------------------------------------------------------------------------


def test_valid_svg_with_the_title_first(look: ChartLook) -> None:
    title = "Zufriedenheit 2014 <\"Eltern\" & 'Kinder'>"
    root = parse(draw(SATISFACTION, look, title))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root[0].tag == "{http://www.w3.org/2000/svg}title" and root[0].text == title
    assert root.get("width") == "100%"
    assert viewbox(root)[2] == pytest.approx(120 * PT_PER_MM, abs=0.01)


def test_text_is_drawn_as_outlines_not_as_svg_text(look: ChartLook) -> None:
    """WeasyPrint 70 lays out SVG `<text>` a character at a time (no shaping, no bidi): the
    chart has none, every text is glyph paths."""
    for data, chart_look in ((compare(3), look), (ARABIC, arabic_page(look))):
        root = parse(draw(data, chart_look, "t"))
        assert root.find(".//svg:text", NS) is None
        assert len(texts(root, "label")) == len(data.labels)
        assert len(texts(root, "value")) == sum(bool(s) for row in data.shown for s in row)
        for role in ("label", "value"):
            assert all(glyphs(text) for text in texts(root, role))


def test_height_is_the_viewbox_height(look: ChartLook) -> None:
    for data in (SATISFACTION, compare(3), compare(2, "columns")):
        drawing = draw(data, look, "t")
        assert viewbox(parse(drawing))[3] == pytest.approx(drawing.height_mm * PT_PER_MM, abs=0.01)


@pytest.mark.parametrize("kind", ["bars", "columns"])
@pytest.mark.parametrize("series", [1, 2, 3])
def test_one_bar_and_one_value_per_value(look: ChartLook, kind: str, series: int) -> None:
    data = compare(series, kind)
    root = parse(draw(data, look, "t"))
    present = [v for row in data.values for v in row if v is not None]
    assert len(bars(root)) == len(present)
    shown = sorted(s for row in data.shown for s in row if s)
    assert sorted(lines(t)[0] for t in texts(root, "value")) == shown


@pytest.mark.parametrize("page", ["de", "ar"])
def test_every_value_is_drawn_in_bold(look: ChartLook, page: str) -> None:
    """The outlines of each value, left to right, are those of its characters in the bold
    font that covers them first: "42 %" is drawn as 4, 2, % (the space has no outline)."""
    chart_look = look if page == "de" else arabic_page(look)
    files = [f"{stem}-Bold.ttf" for _, stem in FACES]
    percent = "{} %"
    if page == "ar":
        files.reverse()
        percent = "{}%"  # as Arabic writes it ("42 %" on a right-to-left line shows "% 42")
    for data in (compare(3, percent=percent), compare(2, "columns", percent), ARABIC):
        root = parse(draw(data, chart_look, "t"))
        drawn = [[tokens(path.get("d")) for path in glyphs(text)] for text in texts(root, "value")]
        wanted = []
        for row in data.shown:
            for shown in row:
                if shown:
                    wanted.append(
                        [
                            outline(
                                next(f for f in files if ord(char) in _ttfont(f).getBestCmap()),
                                char,
                            )
                            for char in shown
                            if not char.isspace()
                        ]
                    )
        assert drawn == wanted


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
def test_odd_values_do_not_break_the_chart(
    look: ChartLook, values: list[int | None], kind: str
) -> None:
    """Zero and negative values clamp at the baseline and keep their value; a value beyond
    scale_max extends the scale instead of running off the chart."""
    drawing = draw(shares(["A", "B", "C"], values, kind), look, "t")
    root = parse(drawing)
    width = viewbox(root)[2]
    for rect in bars(root):
        assert float(rect.get("width")) >= 0 and float(rect.get("height")) >= 0
        assert right(rect) <= width + 0.01
    assert len(texts(root, "value")) == sum(v is not None for v in values)
    for text in texts(root, "value"):
        left, _, end, _ = ink(text)
        assert left >= 0 and end <= width + 0.01
    assert drawing.height_mm > 0


def test_long_label_wraps_and_short_ones_do_not(look: ChartLook) -> None:
    narrow = replace(look, width_mm=80)
    root = parse(draw(shares([LONG, "Ja", "Nein"], [40, 35, 25]), narrow, "t"))
    wrapped, *short = texts(root, "label")
    assert len(lines(wrapped)) >= 3
    assert " ".join(lines(wrapped)) == LONG  # broken between words only
    assert [lines(t) for t in short] == [["Ja"], ["Nein"]]
    # Lines stay within the label column: before the baseline, with room to spare.
    baseline = float(root.find("svg:line", NS).get("x1"))
    widest = max(ink(line)[2] for line in line_groups(wrapped))
    assert widest <= 0.4 * viewbox(root)[2] + 0.01
    assert widest < baseline - 0.5 * narrow.size_pt


def test_a_word_wider_than_the_column_is_broken(look: ChartLook) -> None:
    word = "Kinderbetreuungseinrichtungsverwaltungsgesetz"
    narrow = replace(look, width_mm=60)
    root = parse(draw(shares([word, "Ja"], [40, 60]), narrow, "t"))
    label = texts(root, "label")[0]
    pieces = lines(label)
    assert len(pieces) >= 2 and "".join(pieces) == word
    assert max(ink(line)[2] for line in line_groups(label)) <= 0.5 * viewbox(root)[2] + 0.01


def test_wrapping_never_splits_a_mark_from_its_letter(look: ChartLook) -> None:
    """A word broken between letters keeps each vowel mark with its letter, and the marks
    are drawn (a line beginning with a mark would draw it on a dotted circle)."""
    word = "المُتَطَوِّعُونَ" * 3  # a long word with fatha, damma, shadda, kasra
    root = parse(
        draw(
            shares([word, "نعم"], [40, 60], percent="{}%"),
            replace(arabic_page(look), width_mm=45),
            "t",
        )
    )
    label = texts(root, "label")[0]
    pieces = lines(label)
    assert len(pieces) >= 2 and "".join(pieces) == word
    assert not [piece for piece in pieces if unicodedata.category(piece[0]) == "Mn"]
    marks = set(shaped_marks("NotoSansArabic-Regular.ttf", word))
    drawn = {tokens(path.get("d")) for path in glyphs(label)}
    assert {outline("NotoSansArabic-Regular.ttf", mark) for mark in marks} <= drawn


def test_wrap_breaks_a_word_between_letters_only() -> None:
    """Unit level, one unit of width a character, so a word too wide for any line is broken
    wherever it may be: a mark (Arabic vowel signs; Devanagari's spacing vowel signs) stays
    with its letter, and a zero width joiner with both letters it joins."""
    assert chart_text.wrap("بَيْتٌ", 1.0, len) == ["بَ", "يْ", "تٌ"]
    assert chart_text.wrap("किताब", 1.0, len) == ["कि", "ता", "ब"]
    assert chart_text.wrap("لا\u200dم", 1.0, len) == ["ل", "ا\u200dم"]


def test_column_labels_wrap_under_their_column(look: ChartLook) -> None:
    data = shares(
        ["Kinderbetreuung", "Beratung für Familien in Krisen", "Wohnen"], [44, 71, 23], "columns"
    )
    root = parse(draw(data, replace(look, width_mm=90), "t"))
    slot = viewbox(root)[2] / 3
    assert [len(lines(t)) > 1 for t in texts(root, "label")] == [False, True, False]
    assert " ".join(lines(texts(root, "label")[1])) == data.labels[1]
    baseline = float(root.find("svg:line", NS).get("y1"))
    for index, label in enumerate(texts(root, "label")):
        for line in line_groups(label):
            left, top, end, _ = ink(line)
            assert end - left < slot
            assert (left + end) / 2 == pytest.approx((index + 0.5) * slot, abs=0.5)  # centred
            assert top > baseline
    for rect in bars(root):
        assert float(rect.get("y")) + float(rect.get("height")) == pytest.approx(baseline, abs=0.02)


def test_left_to_right_bars_start_together_at_the_left(look: ChartLook) -> None:
    root = parse(draw(SATISFACTION, look, "t"))
    width = viewbox(root)[2]
    starts = {float(rect.get("x")) for rect in bars(root)}
    assert len(starts) == 1 and starts.pop() < width / 2
    # Every label's first glyph stands at the chart's left edge.
    assert {_matrix(glyphs(t)[0])[4] for t in texts(root, "label")} == {0.0}


def test_right_to_left_mirrors_the_chart(look: ChartLook) -> None:
    ltr = parse(draw(SATISFACTION, look, "t"))
    rtl = parse(draw(SATISFACTION, replace(look, rtl=True), "t"))
    width = viewbox(rtl)[2]
    ends = [right(rect) for rect in bars(rtl)]
    assert max(ends) - min(ends) < 0.02 and min(ends) > width / 2
    for mirrored, original in zip(bars(rtl), bars(ltr), strict=True):
        assert right(mirrored) == pytest.approx(width - float(original.get("x")), abs=0.02)
        assert mirrored.get("width") == original.get("width")
    assert len(texts(rtl, "label")) == len(texts(rtl, "value")) == 4
    for mirrored, original in zip(texts(rtl, "label"), texts(ltr, "label"), strict=True):
        # Labels end at the right edge; the text itself is not mirrored.
        assert 0 <= ink(original)[0] < 0.1 * look.size_pt
        assert width - 0.1 * look.size_pt < ink(mirrored)[2] <= width
        assert [tokens(path.get("d")) for path in glyphs(mirrored)] == [
            tokens(path.get("d")) for path in glyphs(original)
        ]
    for value, bar in zip(texts(rtl, "value"), bars(rtl), strict=True):
        assert ink(value)[2] < float(bar.get("x"))  # left of the bar's end
    arabic = parse(draw(ARABIC, arabic_page(look), "t"))
    for label in texts(arabic, "label"):  # Arabic labels too, as an Arabic page draws them
        assert width - 0.1 * look.size_pt < ink(label)[2] <= width + 0.1


def test_arabic_vowel_marks_are_drawn_on_their_letters(look: ChartLook) -> None:
    """The glyphs HarfBuzz gives the marks (tanwin kasra, tanwin fatha) are drawn, and they
    take no room: the letters stand exactly where they stand without the marks."""
    label = "راضٍ جدًا"
    chart_look = arabic_page(look)
    marked = texts(parse(draw(shares([label], [42], percent="{}%"), chart_look, "t")), "label")[0]
    plain = texts(
        parse(draw(shares([bare(label)], [42], percent="{}%"), chart_look, "t")), "label"
    )[0]
    marks = {
        outline("NotoSansArabic-Regular.ttf", glyph)
        for glyph in shaped_marks("NotoSansArabic-Regular.ttf", label)
    }
    assert len(marks) == 2
    drawn = [(tokens(path.get("d")), _matrix(path)[4:]) for path in glyphs(marked)]
    assert {shape for shape, _ in drawn if shape in marks} == marks
    letters = [(shape, place) for shape, place in drawn if shape not in marks]
    assert letters == [(tokens(path.get("d")), _matrix(path)[4:]) for path in glyphs(plain)]
    for path in glyphs(marked):  # each mark over or under a letter, within the word
        if tokens(path.get("d")) in marks:
            left, _, end, _ = ink(path)
            assert ink(plain)[0] <= (left + end) / 2 <= ink(plain)[2]


def test_lam_alef_is_one_ligature(look: ChartLook) -> None:
    root = parse(draw(shares(["لا", "نعم"], [40, 60], percent="{}%"), arabic_page(look), "t"))
    (only,) = glyphs(texts(root, "label")[0])
    drawn = tokens(only.get("d"))
    assert drawn not in {
        outline("NotoSansArabic-Regular.ttf", "\u0644"),
        outline("NotoSansArabic-Regular.ttf", "\u0627"),
    }
    assert drawn == outline("NotoSansArabic-Regular.ttf", "\ufefb")  # LAM WITH ALEF, isolated


MIXED = "Antwort راضٍ (جدًا 2024)"


@pytest.mark.parametrize(
    ("page", "order"),
    [
        # A German page: the Latin word first, then the Arabic phrase read from the right; the
        # bracket pair and the number belong to the Arabic phrase (UAX #9 N0, W2).
        ("de", "Antwort ( 2024 ar ) ar"),
        # An Arabic page: everything from the right; the Latin word and the number read
        # left to right within it.
        ("ar", "( 2024 ar ) ar Antwort"),
    ],
)
def test_mixed_label_is_drawn_in_visual_order(look: ChartLook, page: str, order: str) -> None:
    """The label's glyphs left to right: Latin letters, digits and brackets recognised by
    their outlines, "ar" for a stretch of Arabic glyphs. A bracket in right-to-left text is
    drawn mirrored, so the pair still opens and closes around its words."""
    chart_look = look if page == "de" else arabic_page(look)
    root = parse(draw(shares([MIXED], [42]), chart_look, "t"))
    known = {}
    for file in ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"):
        cmap = _ttfont(file).getBestCmap()
        known.update({outline(file, char): char for char in "Antwor()0124" if ord(char) in cmap})
    seen: list[str] = []
    for path in glyphs(texts(root, "label")[0]):
        name = known.get(tokens(path.get("d")), "ar")
        if not (name == "ar" and seen and seen[-1] == "ar"):
            seen.append(name)
    assert seen == [
        name for part in order.split() for name in (["ar"] if part == "ar" else list(part))
    ]


def test_legend_only_for_a_comparison(look: ChartLook) -> None:
    swatches = {
        n: [
            r
            for r in parse(draw(compare(n), look, "t")).iterfind("svg:rect", NS)
            if "swatch" in r.get("class", "")
        ]
        for n in (1, 2, 3)
    }
    assert [len(found) for found in swatches.values()] == [0, 2, 3]
    root = parse(draw(compare(3), look, "t"))
    assert [lines(t)[0] for t in texts(root, "legend")] == ["2010", "2012", "2014"]


def test_series_read_apart_in_black_and_white(look: ChartLook) -> None:
    """Series 1 solid, 2 solid with an ink outline of 0.3 mm, 3 hatched with a <pattern> of
    lines in its colour on paper; legend swatches drawn the same way as the bars."""
    root = parse(draw(compare(3), look, "t"))
    for series in (1, 2, 3):
        styles = {
            (r.get("fill"), r.get("stroke"), r.get("stroke-width"))
            for r in root.iterfind("svg:rect", NS)
            if f"series-{series}" in r.get("class", "").split()
        }
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
    data = ChartData(
        "bars",
        ("Ja", "Nein"),
        ("2010", "2012", "2014"),
        ((Decimal(97), Decimal(98), Decimal(99)), (Decimal(3), Decimal(2), Decimal(1))),
        (("97 %", "98 %", "99 %"), ("3 %", "2 %", "1 %")),
        Decimal(100),
    )
    root = parse(draw(data, replace(look, width_mm=40), "t"))
    values = {lines(t)[0]: t for t in texts(root, "value")}
    for series, shown, fill in ((1, "97 %", BLUE), (2, "98 %", ORANGE)):
        bar, value = bars(root, series)[0], values[shown]
        assert float(bar.get("x")) < ink(value)[0] and ink(value)[2] < right(bar)  # inside
        best = max(("#ffffff", INK), key=lambda colour: _contrast(colour, fill))
        assert value.get("fill") == best
    assert values["97 %"].get("fill") == "#ffffff" and values["98 %"].get("fill") == INK
    # Over hatching the value gets a paper patch.
    patches = [r for r in root.iterfind("svg:rect", NS) if r.get("class") == "patch"]
    assert [r.get("fill") for r in patches] == [PAPER]
    assert ink(values["3 %"])[0] > right(bars(root, 1)[1])


def test_text_is_escaped(look: ChartLook) -> None:
    data = shares(['Eltern & "Kinder" <unter 6>', "A\x0bB"], [40, 60])
    root = parse(draw(data, look, "t"))
    assert [" ".join(lines(t)) for t in texts(root, "label")] == [
        'Eltern & "Kinder" <unter 6>',
        "AB",
    ]


def test_inconsistent_data_is_a_bug_of_the_caller(look: ChartLook) -> None:
    with pytest.raises(ValueError, match="one per series"):
        draw(ChartData("bars", ("A",), ("2012", "2014"), ((Decimal(1),),), (("1",),)), look, "t")
    with pytest.raises(ValueError, match="kind"):
        draw(replace(SATISFACTION, kind="pie"), look, "t")


def test_fonts_are_parsed_once_per_process(
    look: ChartLook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Shaping and outlines come from fonts parsed at their first chart, found again by the
    bytes' content (not by the object passed in)."""
    draw(ARABIC, arabic_page(look), "t")
    draw(compare(3), look, "t")

    def parse_again(data: bytes, digest: str) -> chart_text.Font:
        raise AssertionError("a font was parsed again")

    monkeypatch.setattr(chart_text, "_parse", parse_again)
    draw(SATISFACTION, look, "t")
    draw(ARABIC, arabic_page(look), "t")
    regular = look.fonts[0][1]
    assert chart_text.font(bytes(bytearray(regular))) is chart_text.font(regular)


def test_same_chart_same_svg(look: ChartLook) -> None:
    assert draw(compare(3), look, "t").svg == draw(compare(3), look, "t").svg


def _luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(int(colour[i : i + 2], 16)) for i in (1, 3, 5))
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
            faces.append(
                f'@font-face {{ font-family: "{family}"; font-weight: {weight}; '
                f'src: url("{uri}"); }}'
            )
    # The SVG's box is painted magenta so that its drawn size can be measured.
    return (
        "\n".join(faces)
        + """
        @page { size: 150mm 120mm; margin: 10mm; }
        body { margin: 0; }
        section { break-after: page; }
        p { margin: 0 0 4mm; font: 9pt "Brochure Text"; }
        figure { margin: 0; }
        svg { display: block; background: #ff00ff; }"""
    )


@pytest.fixture(scope="module")
def rendered(look: ChartLook, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Five charts, one per page, rendered once as tagged PDF: German bars, a German
    comparison of three series, Arabic bars right to left (and again with the vowel marks
    left out of its labels), long labels."""
    import weasyprint

    charts = {
        "de": (SATISFACTION, look, "Zufriedenheit mit den Angeboten"),
        "compare": (compare(3), look, "Vergleich 2010, 2012, 2014"),
        "ar": (ARABIC, arabic_page(look), "الرضا عن الخدمات"),
        "ar-bare": (
            replace(ARABIC, labels=tuple(bare(label) for label in ARABIC.labels)),
            arabic_page(look),
            "الرضا عن الخدمات",
        ),
        "long": (
            shares([LONG, "Öffnungszeiten der Beratungsstellen", "Ja"], [78, 64, 3]),
            replace(look, width_mm=80),
            "Erreichbarkeit",
        ),
    }
    drawings = {name: draw(*chart) for name, chart in charts.items()}
    # Each chart on a page of its own under a line of text, as in a brochure. Without any
    # other text on the page, pdfium guessed a vertical text flow for charts of two or three
    # rows and gave one letter per line (its page-wide orientation heuristic).
    body = "".join(
        f'<section dir="{"rtl" if look.rtl else "ltr"}"><p>{INTRO}</p>'
        f'<figure style="width: {look.width_mm}mm">{drawings[name].svg}</figure>'
        "</section>"
        for name, (_, look, _) in charts.items()
    )
    html = (
        f'<html lang="de"><head><title>Charts</title><style>{_stylesheet()}</style>'
        f"</head><body>{body}</body></html>"
    )
    path = tmp_path_factory.mktemp("charts") / "charts.pdf"
    weasyprint.HTML(string=html, base_url=str(FONTS_DIR)).write_pdf(path, pdf_variant="pdf/ua-1")
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


def test_rendered_chart_text_is_a_drawing_not_text(rendered: dict[str, object]) -> None:
    """Chart text is glyph outlines: the page's text is the paragraph above the chart alone.
    Readers get the chart's words from the Figure's /Alt (next test; `views.describe` makes it
    from the numbers) and from the table of its numbers a chart block can show."""
    for name in rendered["names"]:  # (on a right-to-left page the full stop comes first)
        assert _folded(_page(rendered, name)[0]).strip(".") == INTRO.strip(".")


def test_rendered_charts_embed_no_font(rendered: dict[str, object]) -> None:
    """The only font in the PDF is the paragraph's, the bundled Noto Sans: a chart written as
    SVG text embedded the bold and the Arabic font too (and any system font WeasyPrint fell
    back to); outlines come from the bundled files and need none."""
    import pikepdf

    found: dict[str, str] = {}
    with pikepdf.open(rendered["path"]) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = obj.get("/FontFile2") or obj.get("/FontFile3")
                assert program is not None, f"{obj.FontName} is not embedded"
                with TTFont(io.BytesIO(program.read_bytes())) as font:
                    found[str(obj.FontName).split("+", 1)[-1]] = font["name"].getDebugName(1)
    assert found == {"Brochure-Text": "Noto Sans"}


def test_rendered_figure_has_the_title_as_alt(rendered: dict[str, object]) -> None:
    figures = [e.alt for e in structure(rendered["path"]).walk() if e.role == "Figure"]
    assert figures == [chart[2] for chart in rendered["charts"].values()]


def _mask(image, colour: str | tuple[int, int, int], tolerance: int = 8):
    """A black-and-white image: white where a pixel is within `tolerance` of `colour` in
    every channel (each channel on its own, so a change in one is never averaged away)."""
    from PIL import ImageChops

    target = _rgb(colour) if isinstance(colour, str) else colour
    channels = [
        band.point(lambda v, t=t: 255 if abs(v - t) <= tolerance else 0)
        for band, t in zip(image.convert("RGB").split(), target, strict=True)
    ]
    return ImageChops.multiply(ImageChops.multiply(channels[0], channels[1]), channels[2])


def _box(
    image,
    colour: str | tuple[int, int, int],
    tolerance: int = 8,
    region: tuple[int, int, int, int] | None = None,
) -> tuple[int, int, int, int] | None:
    """Bounding box (left, top, right, bottom; exclusive) of the pixels of one colour,
    in page pixels, within `region` if given."""
    mask = _mask(image, colour, tolerance)
    if region is None:
        return mask.getbbox()
    found = mask.crop(region).getbbox()
    return found and (
        found[0] + region[0],
        found[1] + region[1],
        found[2] + region[0],
        found[3] + region[1],
    )


def _rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


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
    inner = (
        chart[0] + int(x) + 8,
        chart[1] + int(y) + 8,
        chart[0] + int(x) + 100,
        chart[1] + int(y) + 20,
    )
    assert _box(image, GREEN, tolerance=40, region=inner)
    assert _box(image, PAPER, tolerance=20, region=inner)


def test_rendered_vowel_marks_sit_on_their_letters(rendered: dict[str, object]) -> None:
    """The Arabic chart against the same chart whose labels lack their vowel marks: the
    labels' ink differs (the marks are drawn) and spans the same width (each mark sits on
    its letter instead of taking room of its own, as a mark on a dotted circle does)."""
    from PIL import ImageChops

    marked, plain = _page(rendered, "ar")[1], _page(rendered, "ar-bare")[1]
    chart, bars_box = _box(marked, MAGENTA, tolerance=30), _box(marked, BLUE)
    assert (chart, bars_box) == (_box(plain, MAGENTA, tolerance=30), _box(plain, BLUE))
    labels = (bars_box[2], chart[1], chart[2], chart[3])  # right of the bars
    with_marks = _mask(marked, INK, 60).crop(labels)
    without = _mask(plain, INK, 60).crop(labels)
    added = ImageChops.subtract(with_marks, without).histogram()[255]
    assert added > 50  # six small marks; the same drawing twice differs in no pixel
    left, _, end, _ = with_marks.getbbox()
    plain_left, _, plain_end, _ = without.getbbox()
    assert abs(end - plain_end) <= 2 and abs(left - plain_left) <= 0.2 * 9 * SCALE


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
    smaller and, where still too wide, every other one a line higher; the ink of no two
    values overlaps, nor does a value's ink reach into a column. With room to spare, values
    keep the chart's size."""
    values = [("12,5", "14,25"), ("33,3", "35,75"), ("22", "25,5"), ("18", "19,25"), ("9,5", "11")]
    data = ChartData(
        "columns",
        ("A", "B", "C", "D", "E"),
        ("2019", "2024"),
        tuple(tuple(Decimal(v.replace(",", ".")) for v in row) for row in values),
        tuple(tuple(f"{v} %" for v in row) for row in values),
        Decimal(100),
    )
    upem = 1000  # Noto Sans: a glyph's scale is its size in pt / 1000
    narrow = parse(draw(data, replace(look, width_mm=60.0), "t"))
    spans = []
    for text in texts(narrow, "value"):
        assert all(_matrix(path)[0] * upem >= 0.8 * look.size_pt - 1e-6 for path in glyphs(text))
        spans.append(ink(text))
    assert len(spans) == 10
    assert any(
        _matrix(glyphs(text)[0])[0] * upem < look.size_pt for text in texts(narrow, "value")
    )  # crowded: set smaller
    for i, (left, top, right_, bottom) in enumerate(spans):
        for other_left, other_top, other_right, other_bottom in spans[i + 1 :]:
            apart = right_ <= other_left or other_right <= left
            assert apart or bottom <= other_top or other_bottom <= top
        for rect in bars(narrow):  # nor does a value run into a column beside it
            x, y = float(rect.get("x")), float(rect.get("y"))
            if x < right_ and left < x + float(rect.get("width")):
                assert bottom <= y
    mirrored = parse(draw(data, replace(look, width_mm=60.0, rtl=True), "t"))
    assert [_matrix(glyphs(text)[0])[0] for text in texts(mirrored, "value")] == [
        _matrix(glyphs(text)[0])[0] for text in texts(narrow, "value")
    ]  # sizes kept
    roomy = parse(draw(data, replace(look, width_mm=200.0), "t"))
    assert all(
        _matrix(path)[0] * upem == pytest.approx(look.size_pt)
        for text in texts(roomy, "value")
        for path in glyphs(text)
    )
