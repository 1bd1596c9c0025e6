"""Where things go on a page: the grid of each page kind, for the page format and the writing
direction, as the templates place them.

The columns of a grid depend on the sheet (a landscape page puts the key figures beside the
text, a portrait page below it; up to four cards stand in a row across a landscape A4 sheet,
two on a portrait one, never so narrow that their words break on every other line) and on the
amount of content. WeasyPrint 70 lays out grid columns left to right whatever the writing
direction, so every item is placed explicitly, mirrored on a right-to-left page: the first
card stands right.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from report.design.theme import TYPE_PT, PageFormat

MM_PER_PT = 25.4 / 72
CARD_PT = TYPE_PT["card"]  # the size of card text at A4, before the format's type scale
# The narrowest line of card text, in characters: measured on German cards, a narrower line
# (three cards across a portrait A4 sheet: 19) breaks a word on every other line, "Klei-ne",
# "Sprechstun-de"; a landscape A4 sheet's four cards (23) break few.
CARD_MEASURE = 22


@dataclass(frozen=True)
class Grid:
    """The columns of one grid and the place of each of its items."""

    tracks: tuple[str, ...]
    rtl: bool = False

    @property
    def columns(self) -> int:
        return len(self.tracks)

    def style(self) -> Markup:
        """`grid-template-columns` for the container (mirrored right to left)."""
        tracks = reversed(self.tracks) if self.rtl else self.tracks
        return Markup("grid-template-columns: " + " ".join(tracks))

    def cell(self, index: int, span: int = 1) -> Markup:
        """The place of the index-th item: filled row by row, in reading order."""
        row, column = divmod(int(index), self.columns)
        if span >= self.columns:
            return Markup(f"grid-row: {row + 1}; grid-column: 1 / span {self.columns}")
        if self.rtl:
            column = self.columns - column - span
        return Markup(f"grid-row: {row + 1}; grid-column: {column + 1} / span {span}")

    def row_of(self, index: int) -> int:
        return int(index) // self.columns + 1

    def below(self, count: int) -> Markup:
        """A place spanning the whole row after `count` items (a picture under cards)."""
        rows = -(-int(count) // self.columns)
        return Markup(f"grid-row: {rows + 1}; grid-column: 1 / span {self.columns}")


def _equal(count: int) -> tuple[str, ...]:
    return ("minmax(0, 1fr)",) * max(1, count)


@dataclass(frozen=True)
class TextPageLayout:
    """Where the parts of a text page go (see `Layout.text_page`)."""

    grid: Grid  # the text, and the aside where it stands beside the text
    beside: bool  # the aside stands beside the text (else: under it)
    figures: Grid | None  # the key figures
    figures_beside: bool  # the key figures are in the aside (else: in rows under the text)
    text_columns: int  # 1, or 2 for long text across a wide page
    text_width: float  # mm: one column of the text (a chart is drawn for it)


@dataclass(frozen=True)
class Layout:
    """The grids of every page kind for one page format and writing direction."""

    format: PageFormat
    direction: str = "ltr"
    type_scale: float = 1.0  # the theme's type size relative to its design

    @property
    def type_scale_total(self) -> float:
        return self.format.type_scale * self.type_scale

    @property
    def rtl(self) -> bool:
        return self.direction == "rtl"

    @property
    def landscape(self) -> bool:
        return self.format.orientation == "landscape"

    @property
    def classes(self) -> str:
        """Classes on <html> for what the stylesheet adapts to the sheet."""
        return f"{self.format.orientation} size-{self.format.size.lower()}"

    def _mm(self, share_of_width: float) -> str:
        return f"minmax(0, {self.format.width * share_of_width:.2f}mm)"

    def cover(self, fit: int = 0, picture: bool = True) -> Grid:
        """Panel (title) and picture: side by side across a landscape sheet, the picture
        below the panel on a portrait one. A long title that does not fit (fit level 2 and
        more) gets a wider panel; without a picture, the panel is the whole sheet."""
        if self.landscape and picture:
            panel = 150 / 297 if fit < 2 else 175 / 297
            return Grid((self._mm(panel), "minmax(0, 1fr)"), self.rtl)
        return Grid(_equal(1), self.rtl)

    @property
    def space(self) -> float:
        """The spacing unit in mm (1 on A4, less on a smaller sheet)."""
        return self.format.space_scale

    @property
    def content_width(self) -> float:
        """The width of the page area in mm, between the side margins of the design."""
        return self.format.width - 40 * self.space

    def text_page(
        self, figures: int, picture: bool, characters: int, fit: int = 0
    ) -> TextPageLayout:
        """A text page: the text, and key figures and a picture beside it or under it.

        Beside the text (landscape) stand a picture and up to three key figures; four or more
        figures stand in even rows under the text. A page set tighter gives the text more of
        the width, at last all of it (the aside under it, as on a portrait sheet). Text with
        nothing beside it uses the whole measure: long text in two columns where they are wide
        enough to read, short text in one column of a readable length.
        """
        figures_beside = figures <= 3
        aside = picture or (figures > 0 and figures_beside)
        beside = self.landscape and aside and fit < 3
        if beside:
            share = "5fr" if fit < 2 else "4fr"
            grid = Grid(("minmax(0, 7fr)", f"minmax(0, {share})"), self.rtl)
            text_width = (self.content_width - 14 * self.space) * 7 / (12 if fit < 2 else 11)
        else:
            grid = Grid(_equal(1), self.rtl)
            text_width = self.content_width
        two = (
            not beside
            and characters > 500
            and (text_width - 12 * self.space) / 2 >= 85 * self.type_scale_total
        )
        return TextPageLayout(
            grid=grid,
            beside=beside,
            figures=self.figures(figures, beside and figures_beside) if figures else None,
            figures_beside=beside and figures_beside,
            text_columns=2 if two else 1,
            text_width=(text_width - 12 * self.space) / 2
            if two
            else min(text_width, 175 * self.space if not beside else text_width),
        )

    def chapter_columns(self) -> int:
        """Running text of a chapter: two columns across a landscape sheet, one on a portrait
        one (a line of 60 to 100 characters either way)."""
        return 2 if (self.content_width - 12 * self.space) / 2 >= 85 * self.type_scale_total else 1

    def chapter_width(self) -> float:
        """The width in mm of one column of chapter text."""
        columns = self.chapter_columns()
        return (self.content_width - (columns - 1) * 12 * self.space) / columns

    def _fitting_columns(self, wanted: int, min_width_mm: float, gap_mm: float) -> int:
        """How many of `wanted` columns of at least `min_width_mm` (at A4 type size) the
        page area holds; the width grows with the type."""
        fmt = self.format
        space = fmt.space_scale
        area = fmt.width - 40 * space  # the side margins of the design
        minimum = min_width_mm * fmt.type_scale * self.type_scale
        columns = wanted
        while columns > 1 and (area - (columns - 1) * gap_mm * space) / columns < minimum:
            columns -= 1
        return columns

    def card_measure(self, columns: int) -> float:
        """The characters in a line of card text when `columns` cards stand in a row: the
        card's width less its padding and the hanging bullet, in average characters (half an
        em) of the card's type."""
        gap, inset = 6 * self.space, (2 * 6 + 5) * self.space
        width = (self.content_width - (columns - 1) * gap) / columns - inset
        return width / (CARD_PT * self.type_scale_total * MM_PER_PT / 2)

    def card_columns(self, most: int = 4) -> int:
        """The most cards that stand in a row with lines of at least `CARD_MEASURE`
        characters (at least one)."""
        columns = most
        while columns > 1 and self.card_measure(columns) < CARD_MEASURE:
            columns -= 1
        return columns

    def cards(self, count: int, fit: int = 0) -> Grid:
        """One to six cards, in rows as even as the width allows and never narrower than
        `CARD_MEASURE` characters: up to four in a row across a landscape A4 sheet, three
        across a landscape A5 or letter sheet, two on a portrait sheet. A page set tighter
        (any `fit` level) keeps that width: narrower cards would break their words."""
        widest = self.card_columns(min(count, 4))
        rows = -(-count // widest)
        return Grid(_equal(-(-count // rows)), self.rtl)

    def figures(self, count: int, beside_text: bool) -> Grid:
        """Key figures: stacked in an aside beside the text; under it, in rows as even as the
        width allows (four in a row, or two rows of two)."""
        if beside_text:
            return Grid(_equal(1), self.rtl)
        return Grid(_equal(self._even_columns(count, 4, 45)), self.rtl)

    def _even_columns(self, count: int, most: int, min_width_mm: float) -> int:
        """Columns for `count` boxes in as few rows as fit, filled evenly (5 → 3 + 2)."""
        widest = self._fitting_columns(min(count, most), min_width_mm, 6)
        rows = -(-count // widest)
        return -(-count // rows)

    def groups(self, count: int, picture: bool) -> Grid:
        """One to three titled lists, and a picture beside them (landscape) or below."""
        if self.landscape:
            if picture and count == 1:
                return Grid(("minmax(0, 7fr)", "minmax(0, 5fr)"), self.rtl)
            if picture and count == 2:
                return Grid(("minmax(0, 1fr)", "minmax(0, 1fr)", "minmax(0, 0.9fr)"), self.rtl)
            return Grid(_equal(count), self.rtl)
        return Grid(_equal(min(count, 2)), self.rtl)

    def groups_picture_beside(self, count: int) -> bool:
        return self.landscape and count <= 2

    def back(self) -> Grid:
        """Thanks and the contact block."""
        if self.landscape:
            return Grid(("minmax(0, 1fr)", self._mm(128 / 297)), self.rtl)
        return Grid(_equal(1), self.rtl)
