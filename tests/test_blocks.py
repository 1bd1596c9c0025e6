"""The blocks people write, checked without a full brochure: the content model (and its
errors), numbers with units, tables' number columns, chart descriptions, the table of contents,
and what a translation of the new blocks must and must not translate."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from report.base.errors import UserError
from report.content import load, model, numbers, translation, yamlio
from report.render import tables
from report.render import views as blocks
from report.tools.i18n import po

from .conftest import load_variant

# A minimal brochure of one chapter page, for the model and the translation rules.
HEAD = """meta:
  title: Testbroschüre
  author: Test
pages:
  - kind: chapter
    title: Kapitel
    blocks:
"""


def write(root: Path, blocks_yaml: str, translation_yaml: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "brochure.yaml").write_text("slug: test\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text(HEAD + blocks_yaml, encoding="utf-8")
    if translation_yaml is not None:
        (root / "en.yaml").write_text(translation_yaml, encoding="utf-8")
    return root


def problems(root: Path, language: str = "de") -> list[str]:
    with pytest.raises(UserError) as caught:
        load_variant(root, language)
    return [str(issue) for issue in caught.value.issues]


# --- numbers with units --------------------------------------------------------------------

@pytest.mark.parametrize(("language", "shown"), [
    ("de", "42,5\u00a0%"), ("en", "42.5%"), ("tr", "%42,5"), ("uk", "42,5%")])
def test_a_percentage_is_written_where_each_language_puts_the_sign(language: str,
                                                                   shown: str) -> None:
    value = numbers.read("42,5", "de")
    assert blocks.amount(value, "%", language) == shown


def test_other_units_follow_the_number_and_stay_with_it() -> None:
    value = numbers.read("2,5", "de")
    assert blocks.amount(value, "Mio.", "en") == "2.5\u00a0Mio."
    assert blocks.amount(value, None, "en") == "2.5"


# --- tables -------------------------------------------------------------------------------

def test_number_columns_are_found_and_split_at_the_decimal_sign() -> None:
    rows = [["Nord", numbers.read("1.284", "de"), numbers.read("32,1", "de"), "ja"],
            ["Süd", numbers.read("7", "de"), "", "nein"]]
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


# --- charts: the words for readers who cannot see them ----------------------------------------

def chart(**changes: object) -> model.Chart:
    data = {"chart": "bars", "title": "Zufriedenheit", "unit": "%",
            "data": [{"label": "sehr zufrieden", "value": "12,5"},
                     {"label": "unzufrieden", "value": "41"}]}
    data.update(changes)
    return model.Chart.model_validate(data, context={"language": "de"})


def test_a_chart_is_described_by_its_numbers_in_the_pages_language() -> None:
    block = chart()
    labels = ("very satisfied", "dissatisfied")
    shown = (("12.5%",), ("41%",))
    words = blocks.describe(block, labels, (), shown, lambda s: s)
    assert words == "Bar chart. very satisfied: 12.5%; dissatisfied: 41%."


def test_a_comparison_names_its_series() -> None:
    block = chart(chart="columns", series=["2019", "2024"],
                  data=[{"label": "Nord", "values": ["14", "19"]}])
    words = blocks.describe(block, ("North",), ("2019", "2024"), (("14%", "19%"),),
                            lambda s: s)
    assert words == "Column chart. compared: 2019, 2024. North: 2019 14%, 2024 19%."


@pytest.mark.parametrize(("data", "words"), [
    ({"series": ["2019", "2024"], "data": [{"label": "A", "values": ["1"]}]},
     "row 1 has 1 values for 2 series"),
    ({"series": ["2019", "2024"], "data": [{"label": "A", "value": "1"}]},
     "with 'series', write 'values:'"),
    ({"data": [{"label": "A", "values": ["1", "2"]}]}, "write 'value:'"),
    ({"series": ["2019"], "data": [{"label": "A", "values": ["1"]}]},
     "a comparison needs two series"),
    ({"data": [{"label": "A", "value": "viele"}]}, "is not a number; a chart draws numbers"),
])
def test_chart_data_that_cannot_be_drawn_is_refused(data: dict[str, object],
                                                    words: str) -> None:
    with pytest.raises(ValueError, match=words):
        chart(**data)


# --- errors at their line -------------------------------------------------------------------

def test_a_table_row_of_the_wrong_width_is_shown_at_that_row(tmp_path: Path) -> None:
    root = write(tmp_path / "b", """      - table: Tabelle
        columns: [A, B]
        rows:
          - [x, "1"]
          - [y, "2", "3"]
""")
    (found,) = problems(root)
    assert "de.yaml:12:13: pages[1].blocks[1].rows[2]" in found
    assert "row 2 has 3 cells, the header 2" in found


def test_an_unknown_block_lists_the_blocks_there_are(tmp_path: Path) -> None:
    root = write(tmp_path / "b", "      - absatz: Text\n")
    (found,) = problems(root)
    assert "this block needs exactly one of the keys paragraph, heading, list, numbered, " \
           "quote, picture, chart, table, callout" in found


def test_a_box_holds_no_box(tmp_path: Path) -> None:
    root = write(tmp_path / "b", """      - callout: Außen
        blocks:
          - callout: Innen
            blocks:
              - paragraph: Text
""")
    (found,) = problems(root)
    assert "de.yaml:10:13: pages[1].blocks[1].blocks[1]: a call-out box cannot hold another" \
           in found


def test_a_missing_picture_of_a_picture_block_is_shown_at_its_line(tmp_path: Path) -> None:
    root = write(tmp_path / "b", """      - paragraph: Vorher
      - picture: images/fehlt.jpg
        alt: Ein Foto
""")
    (found,) = problems(root)
    assert "de.yaml:9:18: pages[1].blocks[2].picture: file not found" in found
    assert "images/fehlt.jpg" in found


def test_nested_and_numbered_lists_are_read(tmp_path: Path) -> None:
    root = write(tmp_path / "b", """      - numbered:
          - Erstens
          - text: Zweitens
            list: [a, b]
""")
    page = load_variant(root, "de").content.pages[0]
    (block,) = page.blocks
    assert block.block == "numbered"
    assert block.items[0] == "Erstens" and block.items[1].items == ["a", "b"]


# --- the table of contents --------------------------------------------------------------------

def test_the_contents_group_pages_by_section_and_skip_the_furniture() -> None:
    def page(kind: str, title: str, section: str | None = None) -> object:
        return type("Page", (), {"kind": kind, "title": title, "section": section})()

    pages = list(enumerate([page("cover", "Titel"), page("contents", "Inhalt"),
                            page("text", "Vorwort"), page("chapter", "Wer", "Ergebnisse"),
                            page("cards", "Felder", "Ergebnisse"),
                            page("text", "Anhang", "Anhang"),
                            page("back", "Danke")], start=1))
    entries = blocks.contents(pages, 2)
    assert [(e.title, e.number, [(p.title, p.number) for p in e.pages]) for e in entries] == [
        ("Vorwort", 3, []), ("Ergebnisse", 4, [("Wer", 4), ("Felder", 5)]),
        ("Anhang", 6, [("Anhang", 6)])]


# --- translation of the new blocks --------------------------------------------------------------

TABLE = """      - table: Teilnehmende
        columns: [Stadtteil, Anzahl]
        rows:
          - [Nord, "1.284"]
      - chart: bars
        title: Anteil
        unit: "%"
        series: ["2019", "2024"]
        data:
          - label: Nord
            values: ["14", "19"]
"""


def test_numbers_units_and_years_are_not_asked_of_translators(tmp_path: Path) -> None:
    root = write(tmp_path / "b", TABLE)
    source = yamlio.load(root / "de.yaml")
    wanted = [yamlio.format_path(path) for path, text in translation.leaves(source.data)
              if translation.is_translatable(path, text)]
    assert wanted == ["meta.title", "meta.author", "pages[1].title",
                      "pages[1].blocks[1].table", "pages[1].blocks[1].columns[1]",
                      "pages[1].blocks[1].columns[2]", "pages[1].blocks[1].rows[1][1]",
                      "pages[1].blocks[2].title", "pages[1].blocks[2].data[1].label"]
    catalog = read_po(io.BytesIO(po.export(load.open_folder(root), "en")))
    assert {message.context for message in catalog if message.id} == set(wanted)


def test_a_translated_table_keeps_the_sources_numbers(tmp_path: Path) -> None:
    translated = """meta:
  title: Test brochure
  author: Test
pages:
  - title: Chapter
    blocks:
      - table: Participants
        columns: [District, Number]
        rows:
          - [North, "1,284"]
"""
    root = write(tmp_path / "b", TABLE, translated)
    variant = load_variant(root, "en")
    cell = variant.content.pages[0].blocks[0].rows[0][1]
    assert isinstance(cell, numbers.Number) and cell.value == Decimal("1284")
    assert variant.content.pages[0].blocks[0].rows[0][0] == "North"
    changed = translated.replace('"1,284"', '"1,285"')
    (root / "en.yaml").write_text(changed, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_variant(root, "en")
    (issue,) = caught.value.issues
    assert issue.message == ("the number '1,285' is 1,285 in English, but the source's "
                             "'1.284' (de.yaml) is 1,284")
    assert "copy it as de.yaml writes it ('1.284') or write it in English format ('1,284')" \
        in issue.hint
    (root / "en.yaml").write_text(translated.replace('"1,284"', '"1.284"'), encoding="utf-8")
    assert load_variant(root, "en").content.pages[0].blocks[0].rows[0][1].value == 1284


def test_a_list_entry_with_a_colon_is_one_plain_error(tmp_path: Path) -> None:
    """`- Punkt 1: Text` is read by YAML as a key and a value: one error that says so, at the
    entry, with no validator name in the key path and no second reading of the entry."""
    root = write(tmp_path / "b", """      - list:
          - "Erster Punkt"
          - Punkt 2: Text
""")
    (found,) = problems(root)
    assert found.startswith(str(root / "de.yaml") + ":10:13: pages[1].blocks[1].list[2]: "
                            "expected a text, found 'Punkt 2: Text' read as a key and a value")
    assert "function-" not in found


def test_a_list_entry_meant_as_a_sub_list_keeps_that_reading(tmp_path: Path) -> None:
    root = write(tmp_path / "b", """      - list:
          - text: Erster Punkt
            lsit: [a, b]
""")
    found = problems(root)
    assert any("unknown key 'lsit'" in issue for issue in found)
    assert not any("expected a text" in issue for issue in found)


def test_a_sign_before_a_figure_stands_right_before_the_number(tmp_path: Path) -> None:
    from .conftest import render_html

    root = tmp_path / "b"
    root.mkdir()
    (root / "brochure.yaml").write_text("slug: test\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text("""meta: {title: T, author: A}
pages:
  - kind: text
    title: Zahlen
    blocks: [paragraph: Text]
    figures:
      - {prefix: "€", value: "1.200", label: je Monat}
      - {prefix: ca., value: "30", label: Angebote}
""", encoding="utf-8")
    html = render_html(root, "de")
    assert '€</span><span class="amount">1.200' in html
    assert 'ca.&#160;</span><span class="amount">30' in html
