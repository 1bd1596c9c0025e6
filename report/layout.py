"""Where things go on a page: the grid of each page kind, for the page format and the writing
direction, as the templates place them.

The columns of a grid depend on the sheet (a landscape page puts the key figures beside the
text, a portrait page below it; four cards stand in a row across a landscape page and in two
rows on a portrait one) and on the amount of content. WeasyPrint 70 lays out grid columns left
to right whatever the writing direction, so every item is placed explicitly, mirrored on a
right-to-left page: the first card stands right.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from .theme import PageFormat


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
class Layout:
    """The grids of every page kind for one page format and writing direction."""

    format: PageFormat
    direction: str = "ltr"
    type_scale: float = 1.0  # the theme's type size relative to its design

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

    def cover(self, fit: int = 0) -> Grid:
        """Panel (title) and picture: side by side across a landscape sheet, the picture
        below the panel on a portrait one. A long title that does not fit (fit level 2 and
        more) gets a wider panel."""
        if self.landscape:
            panel = 150 / 297 if fit < 2 else 175 / 297
            return Grid((self._mm(panel), "minmax(0, 1fr)"), self.rtl)
        return Grid(_equal(1), self.rtl)

    def with_aside(self, fit: int = 0) -> Grid:
        """Running text and its aside (key figures, a picture): side by side on a landscape
        sheet, the aside below the text on a portrait one. A page set tighter gives the text
        more of the width, at last all of it (the aside below, as on a portrait sheet)."""
        if self.landscape and fit < 3:
            aside = "5fr" if fit < 2 else "4fr"
            return Grid(("minmax(0, 7fr)", f"minmax(0, {aside})"), self.rtl)
        return Grid(_equal(1), self.rtl)

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

    def cards(self, count: int, fit: int = 0) -> Grid:
        """One to six cards, in rows as even as the width allows: one row of up to four
        across a landscape A4 sheet, two rows of two on a portrait one. A page set tighter
        (fit level 2 and more) tries fewer rows of narrower cards."""
        columns = self._even_columns(count, 4, 50)
        rows = -(-count // columns)
        if fit >= 2 and rows > 1:
            columns = -(-count // (rows - 1))
        return Grid(_equal(columns), self.rtl)

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
