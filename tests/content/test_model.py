"""The content model (report/content/model.py), given plain data as a loaded language file holds
it: what a page, a block and a field may be, and the error for what it may not (each names the
place; located in the file by validate.py, see test_validate.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from report.content import markup, model, numbers

from ..helpers import chart_block

COVER = {"kind": "cover", "title": "Jahresbericht"}
BACK = {
    "kind": "back",
    "title": "Danke",
    "contact": {"title": "Kontakt", "address": ["Marktplatz 1", "12345 Musterstadt"]},
}


def content(*pages: dict[str, Any], language: str = "de", **meta: Any) -> model.Content:
    data = {
        "meta": {"title": "Jahresbericht", "author": "Familienbüro", **meta},
        "pages": list(pages),
    }
    return model.Content.model_validate(data, context={"language": language})


def refused(*pages: dict[str, Any], language: str = "de") -> list[tuple[tuple, str]]:
    """The errors of content with these pages: (location, message) each."""
    with pytest.raises(ValidationError) as caught:
        content(*pages, language=language)
    return [(error["loc"], error["msg"]) for error in caught.value.errors()]


def text_page(**fields: Any) -> dict[str, Any]:
    return {"kind": "text", "title": "Zahlen", "blocks": [{"paragraph": "Text"}], **fields}


def test_every_page_kind_is_read_by_its_kind() -> None:
    pages = [
        COVER,
        {"kind": "contents", "title": "Inhalt"},
        text_page(),
        {"kind": "chapter", "title": "Kapitel", "blocks": [{"heading": "Teil"}]},
        {
            "kind": "cards",
            "title": "Karten",
            "cards": [
                {
                    "icon": {"src": "images/i.svg", "decorative": "true"},
                    "title": "Eins",
                    "items": ["Punkt"],
                }
            ],
        },
        {"kind": "groups", "title": "Gruppen", "groups": [{"title": "A", "items": ["x"]}]},
        BACK,
    ]
    read = content(*pages)
    assert [type(page).__name__ for page in read.pages] == [
        "CoverPage",
        "ContentsPage",
        "TextPage",
        "ChapterPage",
        "CardsPage",
        "GroupsPage",
        "BackPage",
    ]
    assert tuple(page.kind for page in read.pages) == model.PAGE_KINDS
    assert read.pages[4].cards[0].icon.decorative is True


@pytest.mark.parametrize(
    ("page", "words"),
    [
        ({"kind": "poster", "title": "T"}, "does not match any of the expected tags"),
        ({"kind": "cover"}, "Field required"),
        ({**COVER, "titel": "T"}, "Extra inputs are not permitted"),
        ({**COVER, "title": "   "}, "is empty; write the text or remove the key"),
        ({**COVER, "title": ["a", "list"]}, "Input should be a valid string"),
    ],
)
def test_a_page_that_is_none_of_the_kinds_is_refused(page: dict[str, Any], words: str) -> None:
    assert any(words in message for _, message in refused(page))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[hier](javascript:alert(1))", "links with 'javascript:' are not allowed"),
        ("[hier](www.example.org)", "has no scheme"),
        ("[hier](mailto:a@example.org?attach=/etc/passwd)", "must not ask for attachments"),
        ("[Wort]{lang=deutsch}", "'{lang=deutsch}' is not a language code"),
    ],
)
def test_a_text_with_a_link_or_language_it_may_not_have_is_refused(text: str, words: str) -> None:
    ((location, message),) = refused({**COVER, "subtitle": text})
    assert location == ("pages", 0, "cover", "subtitle") and words in message


def test_a_text_keeps_the_language_it_is_marked_with() -> None:
    """A fallback text (in the source language, inside a translation) stays marked through
    validation, so that it is rendered with its own `lang`."""
    read = content({**COVER, "subtitle": markup.LanguageText("Teil 2", "de")}, language="en")
    assert read.pages[0].subtitle == "Teil 2"
    assert markup.language_of(read.pages[0].subtitle) == "de"
    assert markup.language_of(read.pages[0].title) is None


@pytest.mark.parametrize(
    ("image", "words"),
    [
        ({"src": "images/a.svg"}, "the key 'alt' is missing"),
        (
            {"src": "images/a.svg", "alt": "Bild", "decorative": "true"},
            "a decorative picture has no alt text",
        ),
        ({"src": "/etc/a.svg", "alt": "Bild"}, "must be a path relative to the brochure folder"),
        ({"src": "https://example.org/a.svg", "alt": "Bild"}, "not a URL"),
        ({"src": "images/%2e%2e/a.svg", "alt": "Bild"}, "must not contain '%'"),
        ({"src": "images/a.gif", "alt": "Bild"}, "must be one of"),
    ],
)
def test_a_picture_says_what_it_shows_and_lies_in_the_folder(
    image: dict[str, str], words: str
) -> None:
    assert any(words in message for _, message in refused({**COVER, "image": image}))


def test_a_decorative_picture_needs_no_alt() -> None:
    read = content({**COVER, "image": {"src": "images/a.svg", "decorative": "true"}})
    assert read.pages[0].image.alt is None and read.pages[0].image.decorative


@pytest.mark.parametrize(
    ("value", "language", "read"),
    [
        ("1.284", "de", Decimal("1284")),
        ("1.284", "en", Decimal("1.284")),
        ("0,5", "de", Decimal("0.5")),
    ],
)
def test_a_figure_is_read_with_the_rules_of_the_source_language(
    value: str, language: str, read: Decimal
) -> None:
    page = content(
        text_page(figures=[{"value": value, "label": "Kommunen"}]), language=language
    ).pages[0]
    figure = page.figures[0].value
    assert isinstance(figure, numbers.Number) and figure.value == read


def test_a_figure_that_is_no_number_is_kept_as_written_and_an_ambiguous_one_refused() -> None:
    page = content(text_page(figures=[{"value": "> 50", "label": "Kommunen"}])).pages[0]
    assert page.figures[0].value == numbers.Verbatim("> 50")
    ((location, message),) = refused(text_page(figures=[{"value": "1.5", "label": "x"}]))
    assert location == ("pages", 0, "text", "figures", 0, "value")
    assert "'1.5' is not a number in German" in message


@pytest.mark.parametrize(
    ("fields", "money", "before", "after"),
    [
        ({"prefix": "£"}, "GBP", None, None),
        ({"suffix": "€"}, "EUR", None, None),
        ({"prefix": "ca.", "suffix": "€"}, "EUR", "ca.", None),
        ({"currency": "UAH", "prefix": "ca."}, "UAH", "ca.", None),
        # a sign with another unit, or two signs, is not read as money: shown as written
        ({"prefix": "€", "suffix": "Mio."}, None, "€", "Mio."),
        ({"prefix": "$", "suffix": "€"}, None, "$", "€"),
        ({"prefix": "~"}, None, "~", None),
    ],
)
def test_a_figure_is_an_amount_by_its_currency_or_its_sign(
    fields: dict[str, str], money: str | None, before: str | None, after: str | None
) -> None:
    page = content(text_page(figures=[{"value": "486.200", "label": "x", **fields}])).pages[0]
    figure = page.figures[0]
    assert (figure.money, figure.words_before, figure.words_after) == (money, before, after)


def test_a_figure_that_is_no_number_is_no_amount() -> None:
    page = content(text_page(figures=[{"value": "> 50", "prefix": "€", "label": "x"}])).pages[0]
    assert page.figures[0].money is None


def test_at_most_six_key_figures() -> None:
    figures = [{"value": str(n), "label": f"Zahl {n}"} for n in range(7)]
    assert any("at most 6 items" in message for _, message in refused(text_page(figures=figures)))
    assert content(text_page(figures=figures[:6])).pages[0].figures[5].label == "Zahl 5"


@pytest.mark.parametrize(
    ("block", "words"),
    [
        ({"absatz": "Text"}, "a block must have exactly one of the keys paragraph, heading"),
        ({"paragraph": "Text", "heading": "Titel"}, "a block must have exactly one of the keys"),
        (
            {"callout": "Außen", "blocks": [{"callout": "Innen", "blocks": [{"paragraph": "x"}]}]},
            "a block must have exactly one of the keys paragraph, heading, list, numbered, quote, "
            "picture, chart, table\n",
        ),
        (
            {"table": "T", "columns": ["A", "B"], "rows": [["x", "1", "2"]]},
            "row 1 has 3 cells, the header 2",
        ),
        ({"list": []}, "List should have at least 1 item"),
    ],
)
def test_a_block_that_cannot_be_set_is_refused(block: dict[str, Any], words: str) -> None:
    """(Inside a call-out box the list of blocks ends before `callout`: a box holds no box.)"""
    messages = [message + "\n" for _, message in refused(text_page(blocks=[block]))]
    assert any(words in message for message in messages), messages


def test_a_list_entry_is_a_text_or_a_text_with_a_list_under_it() -> None:
    (block,) = (
        content(
            text_page(blocks=[{"numbered": ["Erstens", {"text": "Zweitens", "list": ["a", "b"]}]}])
        )
        .pages[0]
        .blocks
    )
    assert isinstance(block, model.NumberedList)
    assert block.items[0] == "Erstens"
    assert isinstance(block.items[1], model.ListItem) and block.items[1].items == ["a", "b"]


def test_a_table_cell_is_a_number_a_text_or_empty() -> None:
    (block,) = (
        content(
            text_page(
                blocks=[
                    {
                        "table": "T",
                        "columns": ["Ort", "Zahl", "Notiz"],
                        "rows": [["Nord", "1.284", ""]],
                    }
                ]
            )
        )
        .pages[0]
        .blocks
    )
    place, number, note = block.rows[0]
    assert place == "Nord" and note == ""
    assert isinstance(number, numbers.Number) and number.value == Decimal("1284")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (
            {"series": ["2019", "2024"], "data": [{"label": "A", "values": ["1"]}]},
            "row 1 has 1 values for 2 series",
        ),
        (
            {"series": ["2019", "2024"], "data": [{"label": "A", "value": "1"}]},
            "with 'series', write 'values:'",
        ),
        ({"data": [{"label": "A", "values": ["1", "2"]}]}, "write 'value:'"),
        (
            {"series": ["2019"], "data": [{"label": "A", "values": ["1"]}]},
            "a comparison needs two series",
        ),
        ({"data": [{"label": "A", "value": "viele"}]}, "is not a number; a chart draws numbers"),
    ],
)
def test_chart_data_that_cannot_be_drawn_is_refused(data: dict[str, object], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        chart_block(**data)


def test_a_chart_gives_its_rows_one_value_per_series() -> None:
    compared = chart_block(
        chart="columns", series=["2019", "2024"], data=[{"label": "Nord", "values": ["14", "19,5"]}]
    )
    ((label, values),) = compared.rows()
    assert label == "Nord" and [v.value for v in values] == [Decimal(14), Decimal("19.5")]
    assert [(label, [v.value for v in values]) for label, values in chart_block().rows()] == [
        ("sehr zufrieden", [Decimal("12.5")]),
        ("unzufrieden", [Decimal(41)]),
    ]


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [
        ("phone", "110", True),
        ("phone", "+49 30 1234-0", True),
        ("phone", "(030) 115", True),
        ("phone", "12", False),
        ("phone", "0800-FAMILIE", False),
        ("email", "info@example.org", True),
        ("email", "info-at-example", False),
        ("email", "a@b", False),
        ("website", "https://example.org", True),
        ("website", "www.example.org", False),
        ("website", "ftp://example.org", False),
        ("website", "mailto:a@example.org", False),
    ],
)
def test_contact_details_are_checked(field: str, value: str, valid: bool) -> None:
    back = {**BACK, "contact": {**BACK["contact"], field: value}}
    if valid:
        assert getattr(content(COVER, back).pages[1].contact, field) == value
    else:
        ((location, _),) = refused(COVER, back)
        assert location == ("pages", 1, "back", "contact", field)


def test_the_content_is_immutable() -> None:
    read = content(COVER)
    with pytest.raises(ValidationError):
        read.pages[0].title = "Anders"  # type: ignore[misc]
