"""What the templates need from the content beyond its text: how much text a page holds (for
its layout), the entries of the table of contents, numbers with their units, and charts with
the words that describe them.

Everything here is computed from the validated content and the resolved theme; the templates
call it through the functions `render.py` registers, and nothing reaches back into the build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from report.content import markup, model, numbers
from report.content.fields import Strict
from report.design import theme as themes
from report.render import tables


def characters(blocks: Iterable[Any]) -> int:
    """How many characters of text the blocks hold (to choose one column or two)."""
    total = 0
    for block in blocks:
        for _, text in _texts(block):
            total += len(markup.plain_text(text))
    return total


def _texts(value: Any) -> Iterable[tuple[str, str]]:
    if isinstance(value, str):
        yield "", value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, Strict):
        for name in type(value).model_fields:
            if name not in ("picture", "chart", "decorative", "show_table"):
                yield from _texts(getattr(value, name))


def amount_parts(
    value: numbers.Value, unit: str | None, language: str, currency: str | None = None
) -> tuple[str, str, str]:
    """What stands before a number, the number and what stands after it, as `language` writes
    it: for its unit (42 %, 42%, %42, 2,5 Mio.) or, as an amount of `currency`, for money
    (486.200 £, £486,200, 486 200 GBP)."""
    if currency and isinstance(value, numbers.Number):
        return numbers.money_parts(value, currency, language)
    shown = numbers.format_value(value, language)
    before, after = numbers.unit_around(markup.plain_text(unit) if unit else None, language)
    return before, shown, after


def amount(
    value: numbers.Value, unit: str | None, language: str, currency: str | None = None
) -> str:
    return "".join(amount_parts(value, unit, language, currency))


# --- the table of contents --------------------------------------------------------------------


@dataclass
class Entry:
    title: str
    number: int  # the page it links to
    pages: list[Entry] = field(default_factory=list)  # the pages of a section


# A table of up to this many rows stays on one sheet (and in its column); a longer one may
# break between sheets, and stands across the page in a chapter set in columns.
SHORT_TABLE_ROWS = 20


def stands_across(block: Any) -> bool:
    """Whether a block of a chapter in columns stands across the page: a long table (see
    `runs`)."""
    return getattr(block, "block", None) == "table" and len(block.rows) > SHORT_TABLE_ROWS


def runs(items: Iterable[Any]) -> list[tuple[bool, list[Any]]]:
    """Blocks in runs: (True, [a long table]) stands across the page, (False, [...]) runs of
    the other blocks go into the columns. A long table leaves the columns instead of spanning
    them: WeasyPrint 70 drops everything after a `column-span: all` box in columns that
    continue on another sheet, and lays out a table that breaks inside columns many times
    over."""
    grouped: list[tuple[bool, list[Any]]] = []
    for item in items:
        wide = stands_across(item)
        if wide or not grouped or grouped[-1][0]:
            grouped.append((wide, [item]))
        else:
            grouped[-1][1].append(item)
    return grouped


def contents(pages: Iterable[tuple[int, Any]], own: int) -> list[Entry]:
    """The sections (each with the pages it holds) and the pages outside any section, in
    order: every inner page but the table of contents itself."""
    entries: list[Entry] = []
    section: Entry | None = None
    for number, page in pages:
        if page.kind in ("cover", "back", "contents") or number == own:
            continue
        name = getattr(page, "section", None)
        if name:
            if section is None or section.title != name:
                section = Entry(name, number)
                entries.append(section)
            section.pages.append(Entry(page.title, number))
        else:
            section = None
            entries.append(Entry(page.title, number))
    return entries


# --- charts -------------------------------------------------------------------------------------

# Interface strings used here (translated in templates/locales/<language>.po).
MESSAGES = ("Bar chart", "Column chart", "compared: %(series)s", "Category", "Value")


@dataclass(frozen=True)
class ChartView:
    svg: Markup
    alt: str
    table: tables.TableView
    unit: str | None = None  # a unit of words, written once beside the title, not at each value


# Units that stay at each value of a chart; a unit of words ("Personen") is said once.
SIGN_UNITS = frozenset({"%", "‰"})


def chart_colours(palette: dict[str, str]) -> tuple[str, ...]:
    """Fills of the series: the brand colour, the accent (made dark enough to stand out from
    the paper, 3:1), and the dark brand colour; the drawing adds outlines and hatching so that
    they stay apart in black-and-white print."""
    paper = palette["paper"]
    accent = palette["accent"]
    if themes.contrast(accent, paper) < 3.0:
        accent = themes.nearest_passing(accent, [(paper, 3.0)])
    return (palette["brand"], accent, palette["brand_dark"])


def chart_view(
    block: model.Chart,
    width_mm: float,
    *,
    theme: themes.Theme,
    language: str,
    rtl: bool,
    gettext: Callable[[str], str],
) -> ChartView:
    """The chart of a `chart:` block drawn for a column `width_mm` wide, its alternative text
    made from its numbers (unless the content gives one), and its numbers as a table."""
    # Imported here: a brochure without charts need not load the drawing and text shaping
    # (0.02 s of every build).
    from report.render import charts

    rows = block.rows()
    unit = markup.plain_text(block.unit) if block.unit else None
    at_each = unit if unit is not None and unit.strip() in SIGN_UNITS else None
    shown = tuple(
        tuple(amount(v, at_each, language, block.currency) if v is not None else "" for v in values)
        for _, values in rows
    )
    labels = tuple(markup.plain_text(label) for label, _ in rows)
    series = tuple(markup.plain_text(name) for name in block.series)
    # Amounts are read aloud with the currency's name (486.200 Britische Pfund): a screen
    # reader may spell a symbol or a code (GBP) letter by letter.
    spoken = (
        tuple(
            tuple(
                numbers.spoken_money(v, block.currency, language) if v is not None else ""
                for v in values
            )
            for _, values in rows
        )
        if block.currency
        else tuple(
            tuple(amount(v, unit, language) if v is not None else "" for v in values)
            for _, values in rows
        )
    )
    alt = (
        markup.plain_text(block.alt)
        if block.alt
        else describe(block, labels, series, spoken, gettext)
    )
    data = charts.ChartData(
        kind=block.chart,
        labels=labels,
        series=series,
        values=tuple(
            tuple(v.value if v is not None else None for v in values) for _, values in rows
        ),
        shown=shown,
        scale_max=block.scale.value if block.scale is not None else None,
    )
    palette = dict(theme.palette)
    scale = theme.format.type_scale * theme.type_scale
    look = charts.ChartLook(
        width_mm=width_mm,
        rtl=rtl,
        language=language,
        colours=chart_colours(palette),
        ink=palette["ink"],
        muted=palette["ink_soft"],
        rule=palette["tint"],
        paper=palette["paper"],
        # The page's own family first, as the CSS font list of the page's text has them.
        fonts=tuple(
            (
                family.covered,
                family.faces["regular"][1],
                family.faces.get("bold", family.faces["regular"])[1],
            )
            for family in (
                (theme.text, theme.text_arabic) if not rtl else (theme.text_arabic, theme.text)
            )
        ),
        size_pt=themes.TYPE_PT["chart"] * scale,
    )
    drawing = charts.draw(data, look, alt)
    return ChartView(
        Markup(drawing.svg),
        alt,
        _numbers_table(block, rows, language, gettext),
        unit if at_each is None else None,
    )


def describe(
    block: model.Chart,
    labels: tuple[str, ...],
    series: tuple[str, ...],
    shown: tuple[tuple[str, ...], ...],
    gettext: Callable[[str], str],
) -> str:
    """The chart in words, for readers who cannot see it: its kind, the series compared, and
    every value with its label."""
    kind = gettext("Bar chart") if block.chart == "bars" else gettext("Column chart")
    parts = [kind]
    if series:
        parts.append(gettext("compared: %(series)s") % {"series": ", ".join(series)})
    values = []
    for label, row in zip(labels, shown, strict=True):
        if series:
            each = ", ".join(
                f"{name} {value}" for name, value in zip(series, row, strict=True) if value
            )
        else:
            each = row[0]
        values.append(f"{label}: {each}" if each else label)
    return ". ".join(parts) + ". " + "; ".join(values) + "."


def _numbers_table(
    block: model.Chart,
    rows: list[tuple[str, list[Any]]],
    language: str,
    gettext: Callable[[str], str],
) -> tables.TableView:
    """The chart's numbers as a table: a row per category, a column per series (the unit in
    the column heads)."""
    unit = markup.plain_text(block.unit) if block.unit else None
    heads = [
        f"{name} ({unit})" if unit else name
        for name in (markup.plain_text(s) for s in block.series)
    ]
    headers: list[Any] = [gettext("Category"), *(heads or [unit or gettext("Value")])]
    cells = [[label] + [v if v is not None else "" for v in values] for label, values in rows]
    return tables.view(headers, cells, language, currency=block.currency)
