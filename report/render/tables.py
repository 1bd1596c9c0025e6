"""Tables as a reader needs them: which columns hold numbers, and every number split at its
decimal sign so that a column of numbers lines up on it, in the number format of the page's
language.

A column is a number column when every filled cell of it is a number (read with the rules of
the source language when the content was loaded); it is set right-aligned with tabular digits,
each number as an integer part and a fraction part of the column's widest fraction, so that
`1.284`, `12,5` and `3` stand under each other on the decimal sign. A first column of words
names its rows (row headers, `scope="row"`), as in most statistics tables. A table may end in
a totals row (`total: true`): its first cell heads it even where the other rows have no head.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from report.content import numbers


@dataclass(frozen=True)
class Cell:
    """One cell: a text (with markup), or a number in two parts; both empty for an empty
    cell."""

    text: Any = ""  # the cell's content string (rendered with the `inline` filter)
    whole: str = ""  # a number: up to the decimal sign ("1.284")
    fraction: str = ""  # a number: the decimal sign and the digits after it (",5")

    @property
    def is_number(self) -> bool:
        return bool(self.whole)


@dataclass(frozen=True)
class Column:
    header: Any
    numeric: bool
    fraction: int  # characters of the widest fraction (",25" is 3): the width kept for it


@dataclass(frozen=True)
class TableView:
    columns: list[Column]
    rows: list[list[Cell]]
    row_headers: bool  # the first column names the rows
    total: bool = False  # the last row is the total of the rows above it


def split_number(
    value: numbers.Number, language: str, unit: str | None = None, currency: str | None = None
) -> Cell:
    """A number as shown in `language` (an amount of `currency` with its sign in the
    language's place), split at its decimal sign."""
    if currency:
        before, shown, after = numbers.money_parts(value, currency, language)
    else:
        shown = numbers.format_value(value, language)
        before, after = numbers.unit_around(unit, language)
    decimal, _ = numbers.symbols(language)
    whole, sign, fraction = shown.rpartition(decimal) if decimal in shown else (shown, "", "")
    return Cell(whole=before + whole, fraction=sign + fraction + after)


def view(
    columns: list[Any],
    rows: list[list[Any]],
    language: str,
    *,
    total: bool = False,
    currency: str | None = None,
) -> TableView:
    """The table of a `table:` block (cells: numbers.Number, text, or "" for empty); with
    `total`, its last row is the totals row; with `currency`, the numbers of its number
    columns are amounts of that currency."""
    count = len(columns)
    numeric = [
        all(isinstance(row[i], numbers.Number) for row in rows if row[i] != "")
        and any(row[i] != "" for row in rows)
        for i in range(count)
    ]
    # In a column of words, a number is one more text (a year in a column of names): shown
    # whole, in the page's number format, not as the two parts only a number column sets.
    shown = [
        [
            (
                split_number(cell, language, currency=currency)
                if numeric[i]
                else Cell(text=numbers.format_value(cell, language))
            )
            if isinstance(cell, numbers.Number)
            else Cell(text=cell)
            for i, cell in enumerate(row)
        ]
        for row in rows
    ]
    widths = [max((len(row[i].fraction) for row in shown), default=0) for i in range(count)]
    row_headers = count > 1 and not numeric[0]
    return TableView(
        [Column(header, numeric[i], widths[i]) for i, header in enumerate(columns)],
        shown,
        row_headers,
        total,
    )
