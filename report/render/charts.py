"""Survey charts as vector SVG: prepared chart data in, one inline `<svg>` string out.

No browser and no JavaScript: the chart is laid out here, its text shaped by HarfBuzz with the
brochure's fonts, and WeasyPrint draws the SVG as vectors. Direct labelling, no axes: every bar
carries its value, categories are named beside (bars) or under (columns) a thin baseline.

Units: one user unit of the viewBox is one point (1/72 in). The viewBox is `width_mm` wide, so
a chart placed `width: 100%` in a figure `width_mm` wide draws `size_pt` text at `size_pt`.

How WeasyPrint 70 draws SVG decides several things here (measured, see the tests):
- It lays out `<text>` one character at a time, without shaping or bidi reordering (Arabic
  letters unjoined, vowel marks on dotted circles): the chart writes no `<text>`. Every line
  is shaped and ordered by `chart_text` and drawn as glyph outlines, one `<path>` a glyph, in
  a `<g class="line">` that keeps the line's text in `data-text` for whoever reads the SVG.
  The PDF's readers get the chart's words from the Figure's alternative text instead.
- `<pattern>` fills are drawn (series 3+ are hatched with one).

Right to left: the chart is laid out left to right and every shape and text is mirrored when
written (labels on the right, bars growing leftwards, the legend starting at the right).
Negative values are clamped at the baseline (no bar, the value is still shown there); values
beyond `scale_max` extend the scale; `None` draws nothing.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from decimal import Decimal

from report.design.theme import contrast
from report.render import chart_text

PT_PER_MM = 72 / 25.4
SVG_NS = "http://www.w3.org/2000/svg"

# Sizes in em of the label text (`size_pt`): the chart scales with its type.
BAR_EM = 2.0  # one series: a bar as thick as 1.6 lines of 1.25 em
GROUPED_BAR_EM = 1.6  # two or more series: the bars of a category side by side
IN_GROUP_GAP_EM = 0.2  # between the bars of one category
ROW_GAP_EM = 0.8  # between categories, one series
GROUPED_ROW_GAP_EM = 1.2  # between categories, two or more series
LABEL_GAP_EM = 0.8  # label column to the baseline
VALUE_PAD_EM = 0.4  # bar end to its value
VALUE_MIN_SCALE = 0.8  # crowded column values are set at least this large
VALUE_MARGIN_EM = 0.15  # the least room between two values, or a value and a column
LABEL_SHARE = 0.4  # the label column takes at most this share of the width...
WORD_SHARE = 0.5  # ...or up to this share where that keeps the longest word whole
MIN_SCALE_SHARE = 0.75  # the scale may shrink this far to keep values outside the bars
COLUMN_EM = 2.6  # a column at least this wide...
COLUMN_SLOT_SHARE = 0.7  # ...and a category's columns at most this share of its slot
COLUMN_GUTTER_EM = 0.6  # between the labels of neighbouring columns
PLOT_WIDTH_SHARE = 0.32  # column chart height from its width...
PLOT_MIN_EM, PLOT_MAX_EM = 8.0, 16.0  # ...within these bounds
UNDER_BASELINE_EM = 0.45  # baseline to the first line of a column label
SWATCH_EM = 1.0  # legend swatch side
SWATCH_GAP_EM = 0.4  # swatch to its name
LEGEND_ITEM_GAP_EM = 1.4  # between legend entries
LEGEND_GAP_EM = 1.0  # legend to the chart
RULE_PT = 0.6  # the baseline
OUTLINE_PT = 0.3 * PT_PER_MM  # series 2: solid fill in an ink outline
HATCH_OUTLINE_PT = 0.5  # series 3+: the hatch's edge, in the series colour
HATCH_STEP_PT = 3.2  # distance of the hatch lines...
HATCH_LINE_PT = 0.9  # ...and their width
WHITE = "#ffffff"


@dataclass(frozen=True)
class ChartData:
    """What to draw, already localized: labels, values and the values as the reader sees them."""

    kind: str  # "bars" (horizontal) or "columns" (vertical)
    labels: tuple[str, ...]
    series: tuple[str, ...]  # names of compared series; () for a single series
    values: tuple[tuple[Decimal | None, ...], ...]  # values[category][series]
    shown: tuple[tuple[str, ...], ...]  # formatted per language; "" where the value is None
    scale_max: Decimal | None = None  # end of the scale (100 for shares); None: from the data


@dataclass(frozen=True)
class ChartLook:
    """How to draw it: the brochure's colours, fonts and the width it is drawn for."""

    width_mm: float
    rtl: bool  # the page's direction: the chart is mirrored, its lines are right-to-left
    language: str  # the page's language (BCP 47), for HarfBuzz's language-specific forms
    colours: tuple[str, ...]  # series fills, "#rrggbb"
    ink: str
    muted: str
    rule: str
    paper: str
    # (covered, regular, bold) per family: a character is drawn by the first that covers it
    fonts: tuple[tuple[frozenset[int], bytes, bytes], ...]
    size_pt: float


@dataclass(frozen=True)
class Drawing:
    """One `<svg>` element and its height when drawn at `width_mm`."""

    svg: str
    height_mm: float


# --- the scene: shapes and texts, laid out left to right ----------------------------------


@dataclass(frozen=True)
class _Box:
    """A bar, column or legend swatch of one series."""

    x: float
    y: float
    width: float
    height: float
    series: int
    role: str  # "bar" or "swatch"


@dataclass(frozen=True)
class _Text:
    """A text of one or more lines: x is its left, right or middle."""

    x: float
    baseline: float  # of the first line
    lines: tuple[str, ...]  # in logical order, clean
    align: str  # "left", "right" or "middle"
    role: str  # "label", "value" or "legend"
    colour: str
    line_height: float = 0.0
    bold: bool = False
    backdrop: tuple[float, float, float, float, str] | None = None  # x, y, w, h, fill
    size: float | None = None  # pt, where smaller than the chart's type (crowded values)


@dataclass(frozen=True)
class _Rule:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass
class _Scene:
    width: float
    height: float = 0.0
    boxes: list[_Box] = field(default_factory=list)
    texts: list[_Text] = field(default_factory=list)
    rules: list[_Rule] = field(default_factory=list)


@dataclass(frozen=True)
class _Setting:
    """What every layout step needs: the chart, its look and its measured type."""

    data: ChartData
    look: ChartLook
    type: chart_text.Type
    width: float  # pt
    line: float  # line height, pt

    @property
    def em(self) -> float:
        return self.look.size_pt

    @property
    def series_count(self) -> int:
        return max(1, len(self.data.series))

    def text(self, text: str) -> str:
        return chart_text.clean(text)

    def baseline_for(self, centre: float) -> float:
        """The baseline that centres capital letters on `centre`."""
        return centre + self.type.cap / 2

    def fill(self, series: int) -> str:
        return self.look.colours[series % len(self.look.colours)]

    def value_colour(self, series: int) -> str:
        """White or ink, whichever reads better on the bar's fill (WCAG contrast)."""
        fill = self.fill(series)
        return WHITE if contrast(WHITE, fill) >= contrast(self.look.ink, fill) else self.look.ink


def _scale(data: ChartData) -> Decimal:
    """The value at the end of the scale: `scale_max`, unless the data reach further."""
    top = max(
        (value for row in data.values for value in row if value is not None), default=Decimal(0)
    )
    end = max(top, data.scale_max or Decimal(0))
    return end if end > 0 else Decimal(1)


def _share(value: Decimal, scale: Decimal) -> float:
    """The share of the scale a value fills; negatives clamp at the baseline."""
    return float(max(value, Decimal(0)) / scale)


def _legend(setting: _Setting, scene: _Scene, start: float, top: float) -> float:
    """Swatch and name of each series, flowing from `start`; returns the legend's bottom."""
    em, line = setting.em, setting.line
    x, y = start, top
    for index, name in enumerate(setting.data.series):
        text = setting.text(name)
        item = SWATCH_EM * em + SWATCH_GAP_EM * em + setting.type.width(text)
        if x > start and x + item > setting.width:
            x, y = start, y + line
        centre = y + line / 2
        swatch = SWATCH_EM * em
        scene.boxes.append(_Box(x, centre - swatch / 2, swatch, swatch, index, "swatch"))
        scene.texts.append(
            _Text(
                x + swatch + SWATCH_GAP_EM * em,
                setting.baseline_for(centre),
                (text,),
                "left",
                "legend",
                setting.look.muted,
            )
        )
        x += item + LEGEND_ITEM_GAP_EM * em
    return y + line


def _value_text(
    setting: _Setting, series: int, shown: str, centre: float, bar_end: float, start: float
) -> _Text | None:
    """A bar's value: after its end, or inside it when it would run off the chart."""
    text = setting.text(shown)
    if not text:
        return None
    em, pad = setting.em, VALUE_PAD_EM * setting.em
    width = setting.type.width(text, bold=True)
    baseline = setting.baseline_for(centre)
    inside = bar_end + pad + width > setting.width and bar_end - start >= width + 2 * pad
    if not inside:
        return _Text(bar_end + pad, baseline, (text,), "left", "value", setting.look.ink, bold=True)
    backdrop = None
    colour = setting.value_colour(series)
    if series >= 2:  # hatching behind text is unreadable: the value sits on a paper patch
        colour = setting.look.ink
        height = setting.type.cap + 0.5 * em
        backdrop = (
            bar_end - width - 1.5 * pad,
            centre - height / 2,
            width + pad,
            height,
            setting.look.paper,
        )
    return _Text(
        bar_end - pad, baseline, (text,), "right", "value", colour, bold=True, backdrop=backdrop
    )


def _bar_length(setting: _Setting, room: float, scale: Decimal) -> float:
    """Length of a bar at the end of the scale: as long as lets every value sit after its
    bar, but not shorter than MIN_SCALE_SHARE of the room (then some go inside)."""
    pad = VALUE_PAD_EM * setting.em
    length = room
    for row, shown_row in zip(setting.data.values, setting.data.shown, strict=True):
        for value, shown in zip(row, shown_row, strict=True):
            share = _share(value, scale) if value is not None else 0.0
            if share > 0 and shown:
                needed = pad + setting.type.width(setting.text(shown), bold=True)
                length = min(length, (room - needed) / share)
    return max(length, MIN_SCALE_SHARE * room)


def _bars(setting: _Setting) -> _Scene:
    """Horizontal bars: labels in a column on the start side, bars from a baseline."""
    data, em, line = setting.data, setting.em, setting.line
    scene = _Scene(setting.width)
    count = setting.series_count
    labels = [setting.text(label) for label in data.labels]
    natural = max((setting.type.width(label) for label in labels), default=0.0)
    word = max(
        (setting.type.width(word) for label in labels for word in label.split(" ")), default=0.0
    )
    column = min(natural, max(LABEL_SHARE * setting.width, min(word, WORD_SHARE * setting.width)))
    wrapped = [chart_text.wrap(label, column, setting.type.width) for label in labels]
    used = max((setting.type.width(text) for lines in wrapped for text in lines), default=0.0)
    start = used + LABEL_GAP_EM * em if used else 0.0
    top = _legend(setting, scene, start, 0.0) + LEGEND_GAP_EM * em if count > 1 else 0.0
    thickness = (GROUPED_BAR_EM if count > 1 else BAR_EM) * em
    gap = IN_GROUP_GAP_EM * em
    group = count * thickness + (count - 1) * gap
    row_gap = (GROUPED_ROW_GAP_EM if count > 1 else ROW_GAP_EM) * em
    scale = _scale(data)
    length = _bar_length(setting, setting.width - start, scale)
    y = top
    groups: list[float] = []  # the baseline runs along the bars, not the labels
    for lines, row, shown_row in zip(wrapped, data.values, data.shown, strict=True):
        height = max(group, len(lines) * line)
        centre = y + height / 2
        groups += [centre - group / 2, centre + group / 2]
        if lines:
            scene.texts.append(
                _Text(
                    0.0,
                    setting.baseline_for(centre - (len(lines) - 1) * line / 2),
                    tuple(lines),
                    "left",
                    "label",
                    setting.look.ink,
                    line,
                )
            )
        for series, (value, shown) in enumerate(zip(row, shown_row, strict=True)):
            if value is None:
                continue
            bar_top = centre - group / 2 + series * (thickness + gap)
            bar = length * _share(value, scale)
            scene.boxes.append(_Box(start, bar_top, bar, thickness, series, "bar"))
            text = _value_text(setting, series, shown, bar_top + thickness / 2, start + bar, start)
            if text:
                scene.texts.append(text)
        y += height + row_gap
    bottom = y - row_gap if data.labels else y
    if groups:
        scene.rules.append(_Rule(start, min(groups), start, max(groups)))
    scene.height = bottom + _descent_room(setting)
    return scene


def _columns(setting: _Setting) -> _Scene:
    """Vertical columns on a baseline, values above them, category labels under it."""
    data, em, line = setting.data, setting.em, setting.line
    scene = _Scene(setting.width)
    count = setting.series_count
    top = _legend(setting, scene, 0.0, 0.0) + LEGEND_GAP_EM * em if count > 1 else 0.0
    slot = setting.width / max(1, len(data.labels))
    gap = IN_GROUP_GAP_EM * em
    widest = max(
        (setting.type.width(setting.text(text), bold=True) for row in data.shown for text in row),
        default=0.0,
    )
    thickness = max(
        min(
            max(COLUMN_EM * em, widest + VALUE_PAD_EM * em),
            (COLUMN_SLOT_SHARE * slot - (count - 1) * gap) / count,
        ),
        RULE_PT,
    )
    group = count * thickness + (count - 1) * gap
    # Values wider than the room beside their neighbours' are set smaller (down to
    # VALUE_MIN_SCALE); a value that still meets another value or a taller column stands
    # higher (see _place_values).
    room = (thickness + gap if count > 1 else slot) - VALUE_PAD_EM * em
    factor = min(1.0, max(VALUE_MIN_SCALE, room / widest)) if widest > 0 else 1.0
    plot = min(max(PLOT_WIDTH_SHARE * setting.width, PLOT_MIN_EM * em), PLOT_MAX_EM * em)
    scale = _scale(data)
    columns: list[tuple[float, float, float, int, str]] = []  # x, width, height, series, text
    for index, (row, shown_row) in enumerate(zip(data.values, data.shown, strict=True)):
        middle = index * slot + slot / 2
        for series, (value, shown) in enumerate(zip(row, shown_row, strict=True)):
            if value is not None:
                columns.append(
                    (
                        middle - group / 2 + series * (thickness + gap),
                        thickness,
                        plot * _share(value, scale),
                        series,
                        setting.text(shown),
                    )
                )
    lifts = _place_values(setting, columns, factor)
    highest = max(
        (
            height + VALUE_PAD_EM * em + lift + setting.type.cap * factor
            for (_, _, height, _, text), lift in zip(columns, lifts, strict=True)
            if text
        ),
        default=0.0,
    )
    baseline = top + max(line, highest - plot + 0.5 * line) + plot
    for (x, width, height, series, text), lift in zip(columns, lifts, strict=True):
        scene.boxes.append(_Box(x, baseline - height, width, height, series, "bar"))
        if text:
            scene.texts.append(
                _Text(
                    x + width / 2,
                    baseline - height - VALUE_PAD_EM * em - lift,
                    (text,),
                    "middle",
                    "value",
                    setting.look.ink,
                    bold=True,
                    size=em * factor if factor < 1 else None,
                )
            )
    label_width = max(slot - COLUMN_GUTTER_EM * em, em)
    deepest = 0
    for index, label in enumerate(data.labels):
        lines = chart_text.wrap(setting.text(label), label_width, setting.type.width)
        if lines:
            first = baseline + UNDER_BASELINE_EM * em + line / 2
            scene.texts.append(
                _Text(
                    index * slot + slot / 2,
                    setting.baseline_for(first),
                    tuple(lines),
                    "middle",
                    "label",
                    setting.look.ink,
                    line,
                )
            )
        deepest = max(deepest, len(lines))
    scene.rules.append(_Rule(0.0, baseline, setting.width, baseline))
    scene.height = (
        baseline
        + (UNDER_BASELINE_EM * em + deepest * line if deepest else 0.0)
        + _descent_room(setting)
    )
    return scene


def _place_values(
    setting: _Setting, columns: list[tuple[float, float, float, int, str]], factor: float
) -> list[float]:
    """How far above its natural place (just over its column) each value stands: as little
    as keeps it clear of the values placed before it and of every column it reaches across
    (heights measured up from the baseline)."""
    em = setting.em
    pad, margin = VALUE_PAD_EM * em, VALUE_MARGIN_EM * em
    cap = setting.type.cap * factor
    placed: list[tuple[float, float, float, float]] = []  # left, right, bottom, top
    lifts: list[float] = []
    for x, width, height, _series, text in columns:
        if not text:
            lifts.append(0.0)
            continue
        half = setting.type.width(text, bold=True) * factor / 2 + margin
        left, right = x + width / 2 - half, x + width / 2 + half
        bottom = height + pad
        for other_x, other_width, other_height, _, _ in columns:  # taller columns it crosses
            if other_x < right and left < other_x + other_width:
                bottom = max(bottom, other_height + pad)
        moved = True
        while moved:
            moved = False
            for other_left, other_right, other_bottom, other_top in placed:
                if (
                    other_left < right
                    and left < other_right
                    and other_bottom < bottom + cap
                    and bottom < other_top + margin
                ):
                    bottom, moved = other_top + margin, True
        placed.append((left, right, bottom, bottom + cap))
        lifts.append(bottom - height - pad)
    return lifts


def _descent_room(setting: _Setting) -> float:
    """Room below the last line box for descenders that reach below it (Arabic ones do)."""
    return 0.15 * setting.line


# --- writing the SVG ----------------------------------------------------------------------


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _mirror_box(box: _Box, width: float) -> _Box:
    return _Box(width - box.x - box.width, box.y, box.width, box.height, box.series, box.role)


def _mirror_text(text: _Text, width: float) -> _Text:
    align = {"left": "right", "right": "left"}.get(text.align, text.align)
    backdrop = text.backdrop
    if backdrop:
        x, y, w, h, fill = backdrop
        backdrop = (width - x - w, y, w, h, fill)
    return replace(text, x=width - text.x, align=align, backdrop=backdrop)


def _mirror(scene: _Scene) -> _Scene:
    """Right to left: the same chart seen in a mirror (text itself is not mirrored)."""
    width = scene.width
    return _Scene(
        width,
        scene.height,
        [_mirror_box(box, width) for box in scene.boxes],
        [_mirror_text(text, width) for text in scene.texts],
        [_Rule(width - rule.x1, rule.y1, width - rule.x2, rule.y2) for rule in scene.rules],
    )


def _hatch(defs: ET.Element, pattern_id: str, series: int, colour: str, paper: str) -> None:
    """Diagonal lines in the series colour on paper: series 3 one way, 4 the other, 5+
    crossed. The tile repeats seamlessly without a patternTransform."""
    step = HATCH_STEP_PT
    pattern = ET.SubElement(
        defs,
        "pattern",
        {
            "id": pattern_id,
            "patternUnits": "userSpaceOnUse",
            "width": _number(step),
            "height": _number(step),
        },
    )
    ET.SubElement(pattern, "rect", {"width": _number(step), "height": _number(step), "fill": paper})
    s, n = step, _number
    # Three lines per direction: through the tile and through two opposite corners, drawn
    # past the tile so the line ends never show at its edge.
    rising = (
        f"M{n(-s)},{n(s)} L{n(s)},{n(-s)} M{n(-s)},{n(2 * s)} L{n(2 * s)},{n(-s)} "
        f"M0,{n(2 * s)} L{n(2 * s)},0"
    )
    falling = (
        f"M{n(-s)},{n(-s)} L{n(2 * s)},{n(2 * s)} M{n(-s)},0 L{n(s)},{n(2 * s)} "
        f"M0,{n(-s)} L{n(2 * s)},{n(s)}"
    )
    kind = (series - 2) % 3
    paths = [rising] if kind == 0 else [falling] if kind == 1 else [rising, falling]
    for d in paths:
        ET.SubElement(
            pattern,
            "path",
            {"d": d, "stroke": colour, "stroke-width": _number(HATCH_LINE_PT), "fill": "none"},
        )


def _box_element(parent: ET.Element, box: _Box, setting: _Setting, prefix: str) -> None:
    """A bar or swatch as series `box.series` is drawn: solid; solid with an ink outline;
    hatched with an outline in its colour. Outlines lie inside the box's edge."""
    colour = setting.fill(box.series)
    attributes = {"class": f"{box.role} series-{box.series + 1}"}
    inset = 0.0
    if box.series == 0:
        attributes["fill"] = colour
    else:
        outlined = box.series == 1
        stroke = OUTLINE_PT if outlined else HATCH_OUTLINE_PT
        inset = stroke / 2 if box.width > stroke and box.height > stroke else 0.0
        attributes.update(
            {
                "fill": colour if outlined else f"url(#{prefix}-hatch-{box.series + 1})",
                "stroke": setting.look.ink if outlined else colour,
                "stroke-width": _number(stroke),
            }
        )
    attributes.update(
        {
            "x": _number(box.x + inset),
            "y": _number(box.y + inset),
            "width": _number(max(box.width - 2 * inset, 0.0)),
            "height": _number(max(box.height - 2 * inset, 0.0)),
        }
    )
    ET.SubElement(parent, "rect", attributes)


def _text_element(parent: ET.Element, text: _Text, kind: chart_text.Type) -> None:
    """One `<g>` per text, a `<g class="line">` per line, a `<path>` per glyph: the outline
    in font units, put in place (and y flipped) by its transform."""
    if text.backdrop:
        x, y, w, h, fill = text.backdrop
        ET.SubElement(
            parent,
            "rect",
            {
                "class": "patch",
                "x": _number(x),
                "y": _number(y),
                "width": _number(w),
                "height": _number(h),
                "fill": fill,
            },
        )
    group = ET.SubElement(parent, "g", {"class": text.role, "fill": text.colour})
    size = text.size if text.size is not None else kind.size
    for index, content in enumerate(text.lines):
        line = kind.line(content, text.bold)
        width = line.width * size
        left = {"left": text.x, "right": text.x - width}.get(text.align, text.x - width / 2)
        baseline = text.baseline + index * text.line_height
        element = ET.SubElement(group, "g", {"class": "line", "data-text": content})
        for glyph in line.glyphs:
            outline = glyph.font.outline(glyph.id)
            if not outline:  # a space
                continue
            scale = f"{size / glyph.font.units_per_em:.6g}"
            ET.SubElement(
                element,
                "path",
                {
                    "transform": f"matrix({scale} 0 0 -{scale} {_number(left + glyph.x * size)} "
                    f"{_number(baseline - glyph.y * size)})",
                    "d": outline,
                },
            )


def _identity(data: ChartData, look: ChartLook, title: str) -> str:
    """A prefix for ids, from the chart itself: ids of inline SVGs share the HTML document,
    and the same chart always gets the same ids (reproducible output)."""
    key = repr((data, look.colours, look.paper, look.rtl, look.width_mm, title))
    return "chart-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _svg(scene: _Scene, setting: _Setting, title: str, prefix: str) -> str:
    look = setting.look
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "width": "100%",
            "viewBox": f"0 0 {_number(scene.width)} {_number(scene.height)}",
        },
    )
    ET.SubElement(root, "title").text = chart_text.INVALID_XML.sub("", title)
    hatched = sorted({box.series for box in scene.boxes if box.series >= 2})
    if hatched:
        defs = ET.SubElement(root, "defs")
        for series in hatched:
            _hatch(defs, f"{prefix}-hatch-{series + 1}", series, setting.fill(series), look.paper)
    for box in scene.boxes:
        _box_element(root, box, setting, prefix)
    for rule in scene.rules:
        ET.SubElement(
            root,
            "line",
            {
                "class": "baseline",
                "x1": _number(rule.x1),
                "y1": _number(rule.y1),
                "x2": _number(rule.x2),
                "y2": _number(rule.y2),
                "stroke": look.rule,
                "stroke-width": _number(RULE_PT),
            },
        )
    for text in scene.texts:
        _text_element(root, text, setting.type)
    return ET.tostring(root, encoding="unicode")


def _check(data: ChartData) -> None:
    """The caller's data must be consistent: a mismatch is a bug there, not a user error."""
    if data.kind not in ("bars", "columns"):
        raise ValueError(f"unknown chart kind {data.kind!r}: 'bars' or 'columns'")
    count = max(1, len(data.series))
    if len(data.values) != len(data.labels) or len(data.shown) != len(data.labels):
        raise ValueError("a chart needs one row of values and of shown values per label")
    for row, shown in zip(data.values, data.shown, strict=True):
        if len(row) != count or len(shown) != count:
            raise ValueError(f"each category needs {count} value(s), one per series")


def draw(data: ChartData, look: ChartLook, title: str) -> Drawing:
    """The chart as one `<svg>`; `title` is its alternative text (the first child, which
    WeasyPrint makes the /Alt of the Figure)."""
    _check(data)
    if not look.colours:
        raise ValueError("a chart needs at least one series colour")
    kind = chart_text.Type(chart_text.faces(look.fonts), look.size_pt, look.rtl, look.language)
    texts = [
        chart_text.clean(text)
        for text in (*data.labels, *data.series, *(shown for row in data.shown for shown in row))
    ]
    setting = _Setting(data, look, kind, look.width_mm * PT_PER_MM, kind.line_height(texts))
    scene = _bars(setting) if data.kind == "bars" else _columns(setting)
    if look.rtl:
        scene = _mirror(scene)
    return Drawing(
        _svg(scene, setting, title, _identity(data, look, title)), scene.height / PT_PER_MM
    )
