"""The grids of report/design/layout.py: how many cards stand in a row on each sheet."""

from __future__ import annotations

import pytest

from report.design.layout import CARD_MEASURE, Layout
from report.design.theme import PageFormat

FORMATS = [(size, side) for size in ("A4", "A5", "letter") for side in ("portrait", "landscape")]


@pytest.mark.parametrize(
    ("size", "orientation", "most"),
    [
        ("A4", "landscape", 4),
        ("A5", "landscape", 3),
        ("letter", "landscape", 3),
        ("A4", "portrait", 2),
        ("A5", "portrait", 2),
        ("letter", "portrait", 2),
    ],
)
def test_cards_stand_in_rows_as_the_user_guide_says(size: str, orientation: str, most: int) -> None:
    layout = Layout(PageFormat(size, orientation))
    assert layout.card_columns() == most
    # in rows as even as that allows: 5 -> 3 + 2, never 4 + 1
    expected = {count: -(-count // -(-count // most)) for count in range(1, 7)}
    assert {count: layout.cards(count).columns for count in range(1, 7)} == expected


@pytest.mark.parametrize(("size", "orientation"), FORMATS)
@pytest.mark.parametrize("fit", [0, 1, 2, 3])
def test_no_card_is_narrower_than_the_shortest_line_of_text(
    size: str, orientation: str, fit: int
) -> None:
    layout = Layout(PageFormat(size, orientation))
    for count in range(2, 7):
        columns = layout.cards(count, fit).columns
        assert layout.card_measure(columns) >= CARD_MEASURE, (count, fit, columns)


def test_three_cards_across_a_portrait_a4_sheet_would_be_too_narrow() -> None:
    layout = Layout(PageFormat("A4", "portrait"))
    assert layout.card_measure(3) < CARD_MEASURE <= layout.card_measure(2)
    assert layout.cards(3).columns == 2 and layout.cards(6, fit=2).columns == 2


def test_larger_type_gets_fewer_cards_in_a_row() -> None:
    assert Layout(PageFormat("A4", "landscape")).cards(4).columns == 4
    assert Layout(PageFormat("A4", "landscape"), type_scale=1.2).cards(4).columns == 2


def test_a_page_set_tighter_keeps_the_cards_as_wide() -> None:
    for size, orientation in FORMATS:
        layout = Layout(PageFormat(size, orientation))
        for count in range(1, 7):
            assert {layout.cards(count, fit).columns for fit in range(4)} == {
                layout.cards(count).columns
            }
