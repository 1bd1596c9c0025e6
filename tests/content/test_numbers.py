"""Numbers keep their meaning: read with the rules of the language they are written in, shown
with the rules of the PDF's language, and never changed by a translation."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from report.base.errors import UserError
from report.builder import run as builder
from report.content import numbers

from ..helpers import edit, load_variant, normalize, pdf_text

FIGURES = """      - value: "58"
        label: Akteurinnen und Akteure
      - value: "10"
        label: Interviewpartnerinnen und -partner
"""

# (text, language written in, value or None for text kept as written, grouped, decimals)
READINGS = [
    ("1.284", "de", Decimal("1284"), True, 0),
    ("12.345", "de", Decimal("12345"), True, 0),
    ("1284", "de", Decimal("1284"), False, 0),
    ("0,5", "de", Decimal("0.5"), False, 1),
    ("1,50", "de", Decimal("1.50"), False, 2),
    ("-1.000.000,25", "de", Decimal("-1000000.25"), True, 2),
    ("1,284", "en", Decimal("1284"), True, 0),
    ("1.284", "en", Decimal("1.284"), False, 3),
    ("1\u00a0284,5", "uk", Decimal("1284.5"), True, 1),
    ("1 284", "fr", Decimal("1284"), True, 0),
    ("\u0665\u0668", "ar", Decimal("58"), False, 0),
    ("\u06f5\u06f8", "fa", Decimal("58"), False, 0),  # Persian writes its own digits too
    ("\u096b\u096e", "hi", Decimal("58"), False, 0),
    ("123.456.789.012.345", "de", Decimal("123456789012345"), True, 0),  # 15 digits: fine
    ("0,00000000000001", "de", Decimal("0.00000000000001"), False, 14),
    ("12,34,567", "hi", Decimal("1234567"), True, 0),
    ("> 50", "de", None, False, 0),
    ("24/7", "en", None, False, 0),
    ("2019/20", "de", None, False, 0),
    ("01067", "de", None, False, 0),  # a postcode, not a quantity
    ("ca. 300", "de", None, False, 0),
    ("5\u00b2", "de", None, False, 0),  # a superscript is no digit: text, as m² is
    ("\u2460", "de", None, False, 0),
]


@pytest.mark.parametrize(("text", "language", "value", "grouped", "decimals"), READINGS)
def test_a_value_is_read_with_the_rules_of_its_language(
    text: str, language: str, value: Decimal | None, grouped: bool, decimals: int
) -> None:
    read = numbers.read(text, language)
    if value is None:
        assert read == numbers.Verbatim(text)
    else:
        assert isinstance(read, numbers.Number)
        assert (read.value, read.grouped, read.decimals) == (value, grouped, decimals)


@pytest.mark.parametrize(
    ("text", "language", "words"),
    [
        ("1.5", "de", "'.' separates groups of 3 digits"),
        ("1.28", "de", "'.' separates groups of 3 digits"),
        ("1.284", "uk", "Ukrainian writes the decimal sign as ','"),  # babel would take 1.284
        ("1,5", "en", "',' separates groups of 3 digits"),
        ("1,2,3", "de", "more than one decimal sign"),
        ("12,", "de", "not a complete number"),
        (
            "\u0665\u0668",
            "en",
            "'\u0665\u0668' is not a number in English: English writes the digits 0-9",
        ),
        ("\uff15\uff18", "de", "German writes the digits 0-9"),  # full-width digits
        ("1.234.567.890.123.456", "de", "'1.234.567.890.123.456' has 16 digits; a number may"),
    ],
)
def test_a_number_that_is_none_in_its_language_is_refused(
    text: str, language: str, words: str
) -> None:
    with pytest.raises(numbers.NotANumber) as caught:
        numbers.read(text, language)
    assert words in str(caught.value)
    assert "one and a half" in caught.value.hint or "another unit" in caught.value.hint


def test_a_number_of_more_digits_than_a_chart_can_draw_is_refused() -> None:
    """29 digits passed the check once and then failed the build inside Babel (Decimal's
    InvalidOperation); more than 15 digits is refused where the number is read."""
    with pytest.raises(numbers.NotANumber) as caught:
        numbers.read("12345678901234567890123456789", "de")
    assert str(caught.value) == (
        "'12345678901234567890123456789' has 29 digits; a number may have at most 15"
    )
    assert caught.value.hint == (
        "round it, or give it in another unit: 2,5 with the unit Mio. instead of 2.500.000"
    )
    assert caught.value.reason == "it has 29 digits, more than 15"
    with pytest.raises(numbers.NotANumber, match="has 41 digits"):
        numbers.read("0." + "0" * 40 + "1", "en")  # as many decimals would be shown


# Digits of any script, separators of every language, signs and a few other characters.
NUMBER_LIKE = st.text(
    alphabet=st.sampled_from(
        list("0123456789.,'  +-−٫٬") + ["\u0665", "\u06f8", "\u096b", "\uff15", "\u00b2", "%", "a"]
    ),
    max_size=40,
)


@given(text=NUMBER_LIKE, language=st.sampled_from(["de", "en", "uk", "ar", "hi", "fr"]))
def test_any_text_is_a_number_shown_in_every_language_or_refused_as_none(
    text: str, language: str
) -> None:
    """Whatever is typed as a value, reading it gives a value every language can show, or
    NotANumber (a located message): never Decimal's InvalidOperation or another error."""
    try:
        value = numbers.read(text, language)
    except numbers.NotANumber:
        return
    for shown_in in ("de", "en", "ar", "uk"):
        shown = numbers.format_value(value, shown_in)
        if isinstance(value, numbers.Verbatim):
            assert shown == text
        else:
            assert any(ch in "0123456789" for ch in shown)


@pytest.mark.parametrize(
    ("text", "written_in", "shown"),
    [
        (
            "1.284",
            "de",
            {"de": "1.284", "en": "1,284", "tr": "1.284", "uk": "1\u00a0284", "ar": "1,284"},
        ),
        ("1284", "de", {"de": "1284", "en": "1284", "uk": "1284"}),  # ungrouped as written
        ("12345", "de", {"de": "12.345", "en": "12,345"}),  # five digits are always grouped
        ("0,50", "de", {"de": "0,50", "en": "0.50"}),  # the decimals as written
        ("> 50", "de", {"de": "> 50", "en": "> 50", "ar": "> 50"}),
    ],
)
def test_a_number_is_shown_in_each_language_s_format(
    text: str, written_in: str, shown: dict[str, str]
) -> None:
    value = numbers.read(text, written_in)
    assert {language: numbers.format_value(value, language) for language in shown} == shown


@pytest.mark.e2e
def test_german_thousands_keep_their_meaning_in_every_pdf(brochure: Path, tmp_path: Path) -> None:
    """`1.284` written in German is one thousand two hundred eighty-four in every PDF."""
    edit(
        brochure / "de.yaml",
        FIGURES,
        FIGURES.replace('"58"', '"1.284"').replace('"10"', '"12.345"'),
    )
    built = {
        result.language: result
        for result in builder.build(brochure, languages=["de", "en", "uk"], output_dir=tmp_path)
    }
    page = {language: normalize(pdf_text(result.path)[1]) for language, result in built.items()}
    assert "1.284 Akteurinnen und Akteure" in page["de"]
    assert "12.345 Interviewpartnerinnen" in page["de"]
    assert "1,284 stakeholders" in page["en"] and "12,345" in page["en"]
    assert "1,284" not in page["de"] and "12,345" not in page["de"]
    assert "1 284" in page["uk"] and "12 345" in page["uk"]


def test_a_translation_cannot_change_a_number(brochure: Path) -> None:
    """A translation that restates a figure in its own format is fine; one whose number reads
    differently is refused where it says so, with what to do."""
    file = brochure / "en.yaml"
    edit(
        file,
        "      - label: stakeholders\n",
        '      - value: "58.0"\n        label: stakeholders\n',
    )  # the same number
    assert load_variant(brochure, "en").content.pages[1].figures[0].value.value == 58
    edit(file, '      - value: "58.0"\n', '      - value: "5.8"\n')
    with pytest.raises(UserError) as caught:
        load_variant(brochure, "en")
    (issue,) = caught.value.issues
    text = file.read_text(encoding="utf-8")
    assert issue.file == file and issue.path == "pages[2].figures[1].value"
    assert issue.line == text.splitlines().index('      - value: "5.8"') + 1
    assert (
        issue.message == "the number '5.8' is 5.8 in English, but the source's '58' (de.yaml) is 58"
    )
    assert "leave 'value' out of en.yaml" in issue.hint


def test_an_ambiguous_number_is_refused_at_its_place(brochure: Path) -> None:
    file = brochure / "de.yaml"
    edit(file, '      - value: "58"\n', '      - value: "1.5"\n')
    with pytest.raises(UserError) as caught:
        load_variant(brochure, "de")
    (issue,) = caught.value.issues
    assert issue.path == "pages[2].figures[1].value"
    assert (
        issue.line
        == file.read_text(encoding="utf-8").splitlines().index('      - value: "1.5"') + 1
        and issue.column == 16
    )
    assert "'1.5' is not a number in German" in issue.message
    assert "write 1,5 for one and a half" in issue.hint


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "pounds", "euros"),
    [
        ("de", "486.200\u00a0£", "1.234,50\u00a0€"),
        ("en", "£486,200", "€1,234.50"),
        ("tr", "£486.200", "€1.234,50"),
        # CLDR writes a foreign currency's code in Ukrainian, and groups with a no-break space
        ("uk", "486\u00a0200\u00a0GBP", "1\u00a0234,50\u00a0EUR"),
        # Arabic: the symbol of letters kept one word (LRM) in right-to-left text
        ("ar", "486,200\u00a0UK£\u200e", "1,234.50\u00a0€"),
    ],
)
def test_money_is_written_as_each_language_writes_it(
    language: str, pounds: str, euros: str
) -> None:
    assert numbers.format_money(numbers.read("486.200", "de"), "GBP", language) == pounds
    assert numbers.format_money(numbers.read("1.234,5", "de"), "EUR", language) == euros


def test_an_amount_keeps_no_decimals_or_the_currencys_own() -> None:
    assert numbers.format_money(numbers.read("486,200", "en"), "GBP", "de") == "486.200\u00a0£"
    assert numbers.format_money(numbers.read("12,5", "de"), "EUR", "de") == "12,50\u00a0€"
    # never fewer than written: nothing is rounded away (the yen has no decimals)
    assert numbers.format_money(numbers.read("1.234,5", "de"), "JPY", "en") == "¥1,234.5"
    assert numbers.format_money(numbers.read("0,125", "de"), "EUR", "de") == "0,125\u00a0€"
    # money is grouped as the language groups it, however it was written
    assert numbers.format_money(numbers.read("1234", "de"), "EUR", "de") == "1.234\u00a0€"


def test_a_symbol_of_letters_keeps_a_space_from_the_number() -> None:
    # Babel's pattern gives "UAH486,200"; CLDR's currency spacing puts a no-break space there
    assert numbers.format_money(numbers.read("486.200", "de"), "UAH", "en") == "UAH\u00a0486,200"
    assert numbers.format_money(numbers.read("486.200", "de"), "UAH", "uk") == "486\u00a0200\u00a0₴"
    assert numbers.format_money(numbers.read("-3", "de"), "USD", "en") == "-$3"


@pytest.mark.parametrize(
    ("language", "spoken"),
    [
        ("de", "486.200\u00a0Britische Pfund"),
        ("en", "486,200\u00a0British pounds"),
        ("tr", "486.200\u00a0İngiliz sterlini"),
        ("uk", "486\u00a0200\u00a0англійських фунтів"),
        ("ar", "486,200\u00a0جنيه إسترليني"),
    ],
)
def test_an_amount_is_read_aloud_with_the_currencys_name(language: str, spoken: str) -> None:
    assert numbers.spoken_money(numbers.read("486.200", "de"), "GBP", language) == spoken


def test_one_currency_sign_stands_for_its_currency() -> None:
    assert [numbers.currency_of_sign(s) for s in ("£", " € ", "$", "₴", "₺", "¥")] == [
        "GBP",
        "EUR",
        "USD",
        "UAH",
        "TRY",
        "JPY",
    ]
    assert numbers.currency_of_sign("ca.") is None
    assert numbers.currency_of_sign("€/Monat") is None
    assert numbers.is_currency("UAH") and not numbers.is_currency("EUO")
    assert "EUR" in numbers.currencies() and "XEU" not in numbers.currencies()
