"""A table block as the template gets it (report/render/tables.py): number columns found and
set on the decimal sign in the page's language, and a first column of words heading the rows."""

from __future__ import annotations

from report.content import numbers
from report.render import tables


def test_number_columns_are_found_and_split_at_the_decimal_sign() -> None:
    rows = [
        ["Nord", numbers.read("1.284", "de"), numbers.read("32,1", "de"), "ja"],
        ["Süd", numbers.read("7", "de"), "", "nein"],
    ]
    view = tables.view(["Stadtteil", "Befragte", "Anteil", "Notiz"], rows, "en")
    assert [c.numeric for c in view.columns] == [False, True, True, False]
    assert view.row_headers  # a first column of words names the rows
    assert (view.rows[0][1].whole, view.rows[0][1].fraction) == ("1,284", "")
    assert (view.rows[0][2].whole, view.rows[0][2].fraction) == ("32", ".1")
    assert not view.rows[1][2].is_number  # an empty cell stays empty
    assert [c.fraction for c in view.columns] == [0, 0, 2, 0]  # room kept for ".1"


def test_a_first_column_of_numbers_names_no_rows() -> None:
    rows = [[numbers.read("2019", "de"), numbers.read("12", "de")]]
    assert not tables.view(["Jahr", "Wert"], rows, "de").row_headers


def test_a_number_in_a_column_of_words_is_shown_as_a_word() -> None:
    """A year among names, or a count among words: shown whole in the page's format, never
    split into parts that a column of words does not print."""
    rows = [
        ["Halle", numbers.read("1,284", "en")],
        [numbers.read("2024", "en"), numbers.read("1,302", "en")],
        ["Stand", numbers.read("12.5", "en")],
    ]
    view = tables.view(["Ort", "Besucher"], rows, "de")
    assert [c.numeric for c in view.columns] == [False, True]
    assert view.rows[1][0] == tables.Cell(text="2024")
    assert view.rows[2][1].whole + view.rows[2][1].fraction == "12,5"
