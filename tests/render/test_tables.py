"""A table block as the template gets it (report/render/tables.py): number columns found and
set on the decimal sign in the page's language, and a first column of words heading the rows."""

from __future__ import annotations

import re
from pathlib import Path

from report.content import numbers
from report.render import tables

from ..helpers import chapter_brochure, render_html


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


def test_a_table_of_amounts_writes_every_number_column_as_money() -> None:
    rows = [["Miete", numbers.read("12.400", "de"), numbers.read("2019", "de")]]
    rows.append(["Druck", numbers.read("860,5", "de"), "2020 bis 2021"])
    table = tables.view(["Posten", "Betrag", "Jahr"], rows, "de", currency="EUR")
    assert [(c.whole, c.fraction) for c in (table.rows[0][1], table.rows[1][1])] == [
        ("12.400", "\u00a0€"),
        ("860", ",50\u00a0€"),
    ]
    assert table.rows[0][2].text == "2019"  # a number in a column of words is no amount
    english = tables.view(["Posten", "Betrag", "Jahr"], rows, "en", currency="EUR")
    assert (english.rows[1][1].whole, english.rows[1][1].fraction) == ("€860", ".50")


def test_a_totals_row_is_marked_and_its_numbers_count_in_their_columns() -> None:
    rows = [
        ["Nord", numbers.read("1.284", "de"), numbers.read("12,5", "de")],
        ["Süd", numbers.read("716", "de"), numbers.read("7", "de")],
        ["Gesamt", numbers.read("2.000", "de"), numbers.read("19,5", "de")],
    ]
    view = tables.view(["Stadtteil", "Befragte", "Anteil"], rows, "de", total=True)
    assert view.total and view.row_headers
    assert [c.numeric for c in view.columns] == [False, True, True]
    assert (view.rows[-1][1].whole, view.rows[-1][2].fraction) == ("2.000", ",5")
    assert not tables.view(["Stadtteil", "Befragte", "Anteil"], rows, "de").total


def test_the_totals_row_is_headed_by_its_first_cell_and_set_once(tmp_path: Path) -> None:
    """Its first cell is a row header even in a table of one column (whose rows have none),
    and it stays in the body: a footer group would be drawn again on every sheet."""
    root = chapter_brochure(
        tmp_path / "b",
        """      - table: Spenden
        columns: [Euro]
        total: true
        rows: [["1.200"], ["800"], ["2.000"]]
      - table: Orte
        columns: [Ort, Zahl]
        total: true
        rows: [[Nord, "3"], [Gesamt, "3"]]
""",
    )
    html = re.sub(r"\s+", " ", render_html(root, "de"))
    assert "<tfoot" not in html
    assert html.count('<tr class="total">') == 2
    assert (
        '<tr class="total"> <th scope="row" class="num"><span class="number" '
        'style="--fraction: 0"><span class="whole">2.000</span>' in html
    )
    assert (
        '<td class="num"><span class="number" style="--fraction: 0"><span class="whole">800' in html
    )
    assert '<tr class="total"> <th scope="row">Gesamt</th>' in html
