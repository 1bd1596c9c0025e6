"""What the templates are given for the blocks people write (report/render/views.py): numbers
with units in each language's place, the words a chart is read as, the table of contents, and a
figure's sign kept right before its number."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.content import numbers
from report.render import views as blocks

from ..helpers import chapter_brochure, chart_block, render_html

# --- numbers with units --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "42,5\u00a0%"), ("en", "42.5%"), ("tr", "%42,5"), ("uk", "42,5%")],
)
def test_a_percentage_is_written_where_each_language_puts_the_sign(
    language: str, shown: str
) -> None:
    value = numbers.read("42,5", "de")
    assert blocks.amount(value, "%", language) == shown


def test_other_units_follow_the_number_and_stay_with_it() -> None:
    value = numbers.read("2,5", "de")
    assert blocks.amount(value, "Mio.", "en") == "2.5\u00a0Mio."
    assert blocks.amount(value, None, "en") == "2.5"


# --- charts: the words for readers who cannot see them ----------------------------------------


def test_a_chart_is_described_by_its_numbers_in_the_pages_language() -> None:
    block = chart_block()
    labels = ("very satisfied", "dissatisfied")
    shown = (("12.5%",), ("41%",))
    words = blocks.describe(block, labels, (), shown, lambda s: s)
    assert words == "Bar chart. very satisfied: 12.5%; dissatisfied: 41%."


def test_a_comparison_names_its_series() -> None:
    block = chart_block(
        chart="columns", series=["2019", "2024"], data=[{"label": "Nord", "values": ["14", "19"]}]
    )
    words = blocks.describe(block, ("North",), ("2019", "2024"), (("14%", "19%"),), lambda s: s)
    assert words == "Column chart. compared: 2019, 2024. North: 2019 14%, 2024 19%."


# --- the table of contents --------------------------------------------------------------------


def test_the_contents_group_pages_by_section_and_skip_the_furniture() -> None:
    def page(kind: str, title: str, section: str | None = None) -> object:
        return type("Page", (), {"kind": kind, "title": title, "section": section})()

    pages = list(
        enumerate(
            [
                page("cover", "Titel"),
                page("contents", "Inhalt"),
                page("text", "Vorwort"),
                page("chapter", "Wer", "Ergebnisse"),
                page("cards", "Felder", "Ergebnisse"),
                page("text", "Anhang", "Anhang"),
                page("back", "Danke"),
            ],
            start=1,
        )
    )
    entries = blocks.contents(pages, 2)
    assert [(e.title, e.number, [(p.title, p.number) for p in e.pages]) for e in entries] == [
        ("Vorwort", 3, []),
        ("Ergebnisse", 4, [("Wer", 4), ("Felder", 5)]),
        ("Anhang", 6, [("Anhang", 6)]),
    ]


# --- key figures ------------------------------------------------------------------------------


def test_a_sign_before_a_figure_stands_right_before_the_number(tmp_path: Path) -> None:
    root = tmp_path / "b"
    root.mkdir()
    (root / "brochure.yaml").write_text("slug: test\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text(
        """meta: {title: T, author: A}
pages:
  - kind: text
    title: Zahlen
    blocks: [paragraph: Text]
    figures:
      - {prefix: "~", value: "1.200", label: je Monat}
      - {prefix: ca., value: "30", label: Angebote}
      - {prefix: "€", value: "1.200", label: je Jahr}
""",
        encoding="utf-8",
    )
    html = render_html(root, "de")
    assert '~</span><span class="amount">1.200' in html
    assert 'ca.&#160;</span><span class="amount">30' in html
    # A currency sign is no prefix but the currency, set where German writes it.
    assert (
        '<span class="amount" style="direction: inherit">1.200'
        '<span class="figure-affix">\u00a0€</span>' in html
    )


# --- money ------------------------------------------------------------------------------------


def test_an_amount_is_written_as_the_language_writes_money() -> None:
    value = numbers.read("486.200", "de")
    assert blocks.amount_parts(value, None, "de", "GBP") == ("", "486.200", "\u00a0£")
    assert blocks.amount(value, None, "en", "GBP") == "£486,200"
    # without a currency, the same number stays a number
    assert blocks.amount(value, None, "en") == "486,200"


def test_a_chart_of_amounts_is_read_with_the_currencys_name(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - chart: bars
        title: Spenden
        currency: GBP
        show_table: true
        data:
          - { label: Sommerfest, value: "1.250" }
          - { label: Basar, value: "980,5" }
""",
    )
    html = render_html(root, "de")
    assert (
        "<title>Balkendiagramm. Sommerfest: 1.250\u00a0Britische Pfund; "
        "Basar: 980,50\u00a0Britische Pfund.</title>" in html
    )
    # its numbers table: each amount with its sign, on the decimal sign
    assert '<span class="whole">980</span><span class="fraction">,50\u00a0£</span>' in html


def test_a_unit_of_words_is_said_once_and_a_per_cent_sign_at_each_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`unit: Personen` stands once beside the title, in the screen readers' text at each value
    and in the numbers table's head; the drawn values carry the number only. A `%` stays at
    each drawn value."""
    from report.render import charts

    drawn: list[tuple[tuple[str, ...], ...]] = []
    draw = charts.draw
    monkeypatch.setattr(charts, "draw", lambda data, *a: drawn.append(data.shown) or draw(data, *a))
    root = chapter_brochure(
        tmp_path / "b",
        """      - chart: columns
        title: Teilnehmende
        unit: Personen
        show_table: true
        data:
          - { label: Kurse, value: "6.240" }
          - { label: Treffen, value: "812" }
      - chart: bars
        title: Anteile
        unit: "%"
        data:
          - { label: Kurse, value: "46,5" }
""",
    )
    html = render_html(root, "de")
    assert (
        '<p class="chart-title">Teilnehmende <span class="chart-unit">(Personen)</span></p>' in html
    )
    assert "Kurse: 6.240\u00a0Personen; Treffen: 812\u00a0Personen." in html  # read aloud
    assert '<th scope="col" class="num">Personen</th>' in html  # the numbers table's head
    assert '<p class="chart-title">Anteile</p>' in html  # a sign is no unit of words
    assert drawn == [(("6.240",), ("812",)), (("46,5\u00a0%",),)]
