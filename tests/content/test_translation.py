"""A translation laid over its source (report/content/translation.py): what it leaves out falls
back to the source, marked as text in the source language and located in the source file; a
number it restates must say the same; its shape must be the source's; and each text is
complete, missing or stale."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from report.base.errors import UserError
from report.content import load, markup, numbers, translation, yamlio
from report.tools.i18n import po

from ..helpers import chapter_brochure, edit, load_variant

SOURCE = """meta:
  title: Jahresbericht
  author: Familienbüro
pages:
  - kind: cover
    title: Willkommen
    image: {src: images/a.svg, alt: Ein Bild}
  - kind: text
    title: Zahlen
    blocks:
      - paragraph: Erster Absatz
    figures:
      - value: "1.284"
        label: Kommunen
"""
TRANSLATION = """meta:
  title: Annual report
pages:
  - title: Welcome
    image: {alt: A picture}
  - title: Figures
    figures:
      - label: municipalities
"""


def documents(
    tmp_path: Path, translated: str = TRANSLATION, source: str = SOURCE
) -> tuple[yamlio.Document, yamlio.Document]:
    (tmp_path / "de.yaml").write_text(source, encoding="utf-8")
    (tmp_path / "en.yaml").write_text(translated, encoding="utf-8")
    return yamlio.load(tmp_path / "de.yaml"), yamlio.load(tmp_path / "en.yaml")


def merged(tmp_path: Path, translated: str = TRANSLATION) -> translation.Merged:
    source, own = documents(tmp_path, translated)
    return translation.merge(source, own, source_language="de", language="en")


# --- merging -------------------------------------------------------------------------------


def test_a_translation_is_laid_over_its_source(tmp_path: Path) -> None:
    result = merged(tmp_path)
    assert result.problems == []
    assert result.document.data == {
        "meta": {"title": "Annual report", "author": "Familienbüro"},
        "pages": [
            {
                "kind": "cover",
                "title": "Welcome",
                "image": {"src": "images/a.svg", "alt": "A picture"},
            },
            {
                "kind": "text",
                "title": "Figures",
                "blocks": [{"paragraph": "Erster Absatz"}],
                "figures": [{"value": "1.284", "label": "municipalities"}],
            },
        ],
    }
    # what it leaves out and a reader would read: not the kind, the file or the number
    assert result.missing == [("meta", "author"), ("pages", 1, "blocks", 0, "paragraph")]


def test_a_text_left_out_is_marked_as_the_source_language(tmp_path: Path) -> None:
    data = merged(tmp_path).document.data
    assert markup.language_of(data["meta"]["author"]) == "de"
    assert markup.language_of(data["pages"][1]["blocks"][0]["paragraph"]) == "de"
    assert markup.language_of(data["meta"]["title"]) is None  # translated
    assert markup.language_of(data["pages"][0]["image"]["src"]) is None  # a file, no language


def test_a_text_left_out_is_located_in_the_source_file(tmp_path: Path) -> None:
    document = merged(tmp_path).document
    fallback = document.issue_at(("meta", "author"), "not translated yet")
    assert (fallback.file, fallback.line, fallback.column) == (tmp_path / "de.yaml", 3, 11)
    own = document.issue_at(("pages", 1, "figures", 0, "label"), "too long")
    assert (own.file, own.line, own.column) == (tmp_path / "en.yaml", 8, 16)


@pytest.mark.parametrize("restated", ['"1.284"', '"1,284"', '"1284"', '"1.284,0"', '"1,284.0"'])
def test_a_number_may_be_restated_as_written_or_in_the_translations_format(
    tmp_path: Path, restated: str
) -> None:
    result = merged(
        tmp_path,
        TRANSLATION.replace(
            "      - label: municipalities",
            f"      - value: {restated}\n        label: municipalities",
        ),
    )
    assert result.problems == []
    assert result.document.data["pages"][1]["figures"][0]["value"] == "1.284"  # the source's


@pytest.mark.parametrize(("restated", "read"), [('"1,285"', "1,285"), ('"12.84"', "12.84")])
def test_a_number_that_says_something_else_is_refused_at_its_line(
    tmp_path: Path, restated: str, read: str
) -> None:
    result = merged(
        tmp_path,
        TRANSLATION.replace(
            "      - label: municipalities",
            f"      - value: {restated}\n        label: municipalities",
        ),
    )
    (issue,) = result.problems
    assert (issue.file, issue.line, issue.path) == (
        tmp_path / "en.yaml",
        8,
        "pages[2].figures[1].value",
    )
    assert issue.message == (
        f"the number '{restated[1:-1]}' is {read} in English, but the "
        "source's '1.284' (de.yaml) is 1,284"
    )
    assert "leave 'value' out of en.yaml" in issue.hint


def restated(tmp_path: Path, value: str, language: str = "en") -> translation.Merged:
    """The translation of SOURCE restating the figure 1.284 as `value` (in quotes)."""
    source, own = documents(
        tmp_path,
        TRANSLATION.replace(
            "      - label: municipalities",
            f'      - value: "{value}"\n        label: municipalities',
        ),
    )
    return translation.merge(source, own, source_language="de", language=language)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("1.2.3", "it has more than one decimal sign '.'"),
        ("\u0661\u066c\u0662\u0668\u0664", "English writes the digits 0-9"),  # ١٬٢٨٤
        ("1284567890123456789", "it has 19 digits, more than 15"),
    ],
)
def test_a_restated_number_that_is_none_is_refused_at_its_line(
    tmp_path: Path, value: str, why: str
) -> None:
    """A value that is no number in the translation's language, nor as the source writes
    numbers, was once taken silently (the source's number shown): it is refused, with what
    the source's number is and that the key may be left out."""
    (issue,) = restated(tmp_path, value).problems
    assert (issue.file, issue.line, issue.column, issue.path) == (
        tmp_path / "en.yaml",
        8,
        16,
        "pages[2].figures[1].value",
    )
    assert issue.message == (
        f"'{value}' is not a number in English ({why}), nor as de.yaml writes numbers; a "
        "translation may only restate the source's '1.284' (de.yaml), which is 1,284 in English"
    )
    assert issue.hint == (
        "leave 'value' out of en.yaml: numbers are taken from de.yaml and shown in each "
        "language's own number format"
    )


def test_a_language_with_digits_of_its_own_may_restate_a_number_in_them(tmp_path: Path) -> None:
    assert restated(tmp_path, "\u0661\u066c\u0662\u0668\u0664", "ar").problems == []
    (issue,) = restated(tmp_path, "\u0661\u066c\u0662\u0668\u0665", "ar").problems
    assert issue.message == (
        "the number '\u0661\u066c\u0662\u0668\u0665' is 1,285 in Arabic, but the source's "
        "'1.284' (de.yaml) is 1,284"
    )


def test_a_number_restated_as_the_source_writes_numbers_is_read_so(tmp_path: Path) -> None:
    (issue,) = restated(tmp_path, "1.284,5").problems
    assert issue.message == (
        "the number '1.284,5' is 1,284.5 as de.yaml writes numbers, but the source's '1.284' "
        "(de.yaml) is 1,284"
    )


def test_a_value_kept_as_text_may_be_adapted_but_not_by_a_broken_number(tmp_path: Path) -> None:
    source = SOURCE.replace('value: "1.284"', 'value: "> 50"')
    translated = TRANSLATION.replace(
        "      - label: municipalities", '      - value: "more than 50"\n        label: x'
    )
    src, own = documents(tmp_path, translated, source)
    result = translation.merge(src, own, source_language="de", language="en")
    assert result.problems == []
    assert result.document.data["pages"][1]["figures"][0]["value"] == "more than 50"
    src, own = documents(tmp_path, translated.replace("more than 50", "1.2.3"), source)
    (issue,) = translation.merge(src, own, source_language="de", language="en").problems
    assert (issue.line, issue.path) == (8, "pages[2].figures[1].value")
    assert issue.message == "'1.2.3' has more than one decimal sign '.' for English"


CHART_AND_TABLE = """      - chart: bars
        title: Zufriedenheit
        data:
          - {label: sehr zufrieden, value: "12,5"}
      - chart: columns
        title: Vergleich
        series: ["2012", "2014"]
        data:
          - {label: A, values: ["1.284", "3"]}
      - table: Tabelle
        columns: [Gruppe, Anzahl]
        rows:
          - [Mitglieder, "1.284"]
"""


def chart_and_table(value: str = '"12.5"', values: str = '["1,284", "3"]', cell: str = '"1,284"'):
    return f"""meta:
  title: Test
  author: Test
pages:
  - title: Chapter
    blocks:
      - title: Satisfaction
        data:
          - {{label: very, value: {value}}}
      - title: Comparison
        data:
          - {{label: A, values: {values}}}
      - table: Table
        columns: [Group, Number]
        rows:
          - [Members, {cell}]
"""


@pytest.mark.parametrize(
    ("change", "place", "message", "hint"),
    [
        (
            {"value": '"13.5"'},
            "en.yaml:9:34: pages[1].blocks[1].data[1].value",
            "the number '13.5' is 13.5 in English, but the source's '12,5' (de.yaml) is 12.5",
            "leave 'value' out of en.yaml",
        ),
        (
            {"value": '"1.2.3"'},
            "en.yaml:9:34: pages[1].blocks[1].data[1].value",
            "'1.2.3' is not a number in English (it has more than one decimal sign '.'), nor as "
            "de.yaml writes numbers; a translation may only restate the source's '12,5' "
            "(de.yaml), which is 12.5 in English",
            "leave 'value' out of en.yaml",
        ),
        (
            {"values": '["1,285", "3"]'},
            "en.yaml:12:33: pages[1].blocks[2].data[1].values[1]",
            "the number '1,285' is 1,285 in English, but the source's '1.284' (de.yaml) is 1,284",
            "copy it as de.yaml writes it ('1.284') or write it in English format ('1,284')",
        ),
        (
            {"values": '["\u0661\u0662", "3"]'},
            "en.yaml:12:33: pages[1].blocks[2].data[1].values[1]",
            "'\u0661\u0662' is not a number in English (English writes the digits 0-9), nor as "
            "de.yaml writes numbers; a translation may only restate the source's '1.284' "
            "(de.yaml), which is 1,284 in English",
            "copy it as de.yaml writes it ('1.284') or write it in English format ('1,284')",
        ),
        (
            {"cell": '"1.2.3"'},
            "en.yaml:16:23: pages[1].blocks[3].rows[1][2]",
            "'1.2.3' is not a number in English (it has more than one decimal sign '.'), nor as "
            "de.yaml writes numbers; a translation may only restate the source's '1.284' "
            "(de.yaml), which is 1,284 in English",
            "copy it as de.yaml writes it ('1.284') or write it in English format ('1,284')",
        ),
    ],
)
def test_chart_values_and_table_numbers_follow_the_same_rule(
    tmp_path: Path, change: dict[str, str], place: str, message: str, hint: str
) -> None:
    root = chapter_brochure(tmp_path / "b", CHART_AND_TABLE, chart_and_table())
    assert load_variant(root, "en").content.pages[0].blocks[2].rows[0][1].value == 1284
    (root / "en.yaml").write_text(chart_and_table(**change), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_variant(root, "en")
    (issue,) = caught.value.issues
    assert f"{issue.file.name}:{issue.line}:{issue.column}: {issue.path}" == place
    assert issue.message == message
    assert issue.hint.startswith(hint)


@pytest.mark.parametrize(
    ("change", "words", "path"),
    [
        (
            ("  title: Annual report\n", "  title: Annual report\n  extra: text\n"),
            "'extra' is not in the source language file",
            "meta.extra",
        ),
        (
            ("  - title: Figures\n", "  - title: Figures\n  - title: One page too many\n"),
            "has 3 entries, the source language file 2",
            "pages[3]",
        ),
        (
            ("  title: Annual report\n", "  title: [Annual, report]\n"),
            "expected a text here, as in de.yaml",
            "meta.title",
        ),
        (
            ("    image: {alt: A picture}\n", "    image: A picture\n"),
            "expected keys and values here, as in de.yaml",
            "pages[1].image",
        ),
    ],
)
def test_a_translation_of_another_shape_is_refused_where_it_differs(
    tmp_path: Path, change: tuple[str, str], words: str, path: str
) -> None:
    (issue,) = merged(tmp_path, TRANSLATION.replace(*change)).problems
    assert issue.file == tmp_path / "en.yaml" and issue.line is not None
    assert issue.path == path and words in issue.message


def test_translation_with_a_different_shape_is_located(brochure: Path) -> None:
    edit(brochure / "en.yaml", "  - kind: cover\n", "  - kind: cover\n    extra: 1\n")
    with pytest.raises(UserError) as caught:
        load_variant(brochure, "en")
    assert "en.yaml:" in str(caught.value) and "'extra' is not in the source language file" in (
        str(caught.value)
    )


# --- what is translated ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "translated"),
    [
        (("pages", 0, "title"), "Willkommen", True),
        (("meta", "keywords", 0), "Netzwerkarbeit", True),
        (("pages", 0, "image", "src"), "images/a.svg", False),
        (("pages", 0, "kind"), "cover", False),
        (("pages", 1, "figures", 0, "value"), "58", False),
        (("pages", 1, "contact", "email"), "info@example.org", False),
        (("meta", "keywords", 1), "2019", False),  # no letters: the same in every language
        (("pages", 1, "blocks", 0, "unit"), "%", False),
    ],
)
def test_what_a_translator_is_asked_to_translate(path: tuple, text: str, translated: bool) -> None:
    assert translation.is_translatable(path, text) is translated


@pytest.mark.parametrize(
    ("path", "text", "number"),
    [
        (("pages", 1, "figures", 0, "value"), "> 50", True),  # a value, even one kept as text
        (("blocks", 0, "rows", 0, 1), "1.284", True),
        (("blocks", 0, "rows", 0, 0), "Nord", False),
        (("blocks", 0, "rows", 0, 1), "1.5", False),  # not a number in German: the model says so
        (("pages", 0, "title"), "2019", False),
    ],
)
def test_which_values_are_numbers_a_translation_may_not_change(
    path: tuple, text: str, number: bool
) -> None:
    assert translation.holds_number(path, text, "de") is number


@pytest.mark.parametrize(
    "path", [(), ("meta", "title"), ("pages", 2, "cards", 0, "items", 3), ("rows", 0, 1)]
)
def test_a_printed_path_reads_back(path: tuple) -> None:
    assert translation.parse_path(yamlio.format_path(path)) == path


def test_numbers_units_and_years_are_not_asked_of_translators(tmp_path: Path) -> None:
    root = chapter_brochure(tmp_path / "b", TABLE)
    source = yamlio.load(root / "de.yaml")
    wanted = [
        yamlio.format_path(path)
        for path, text in translation.leaves(source.data)
        if translation.is_translatable(path, text)
    ]
    assert wanted == [
        "meta.title",
        "meta.author",
        "pages[1].title",
        "pages[1].blocks[1].table",
        "pages[1].blocks[1].columns[1]",
        "pages[1].blocks[1].columns[2]",
        "pages[1].blocks[1].rows[1][1]",
        "pages[1].blocks[2].title",
        "pages[1].blocks[2].data[1].label",
    ]
    catalog = read_po(io.BytesIO(po.export(load.open_folder(root), "en")))
    assert {message.context for message in catalog if message.id} == set(wanted)


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
    root = chapter_brochure(tmp_path / "b", TABLE, translated)
    variant = load_variant(root, "en")
    cell = variant.content.pages[0].blocks[0].rows[0][1]
    assert isinstance(cell, numbers.Number) and cell.value == Decimal("1284")
    assert variant.content.pages[0].blocks[0].rows[0][0] == "North"
    changed = translated.replace('"1,284"', '"1,285"')
    (root / "en.yaml").write_text(changed, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load_variant(root, "en")
    (issue,) = caught.value.issues
    assert issue.message == (
        "the number '1,285' is 1,285 in English, but the source's '1.284' (de.yaml) is 1,284"
    )
    assert (
        "copy it as de.yaml writes it ('1.284') or write it in English format ('1,284')"
        in issue.hint
    )
    (root / "en.yaml").write_text(translated.replace('"1,284"', '"1.284"'), encoding="utf-8")
    assert load_variant(root, "en").content.pages[0].blocks[0].rows[0][1].value == 1284


# --- status ----------------------------------------------------------------------------------


def test_each_text_is_complete_missing_or_stale(tmp_path: Path) -> None:
    """Complete: translated from the source text as it is now (its fingerprint kept);
    stale: translated from another source text, or from one nobody recorded; missing: left
    out (located in the source file, the others in the translation)."""
    source, own = documents(tmp_path)
    fingerprints = {
        "meta.title": translation.fingerprint("Jahresbericht"),
        "pages[1].title": translation.fingerprint("Willkommen (alt)"),
        "pages[1].image.alt": translation.fingerprint("Ein Bild"),
        "pages[2].figures[1].label": translation.fingerprint("Kommunen"),
    }
    status = translation.status(source, own, "en", fingerprints)
    states = {yamlio.format_path(entry.path): entry.state for entry in status.entries}
    assert states == {
        "meta.title": "complete",
        "meta.author": "missing",
        "pages[1].title": "stale",
        "pages[1].image.alt": "complete",
        "pages[2].title": "stale",
        "pages[2].blocks[1].paragraph": "missing",
        "pages[2].figures[1].label": "complete",
    }
    changed, unrecorded = (
        next(e for e in status.of("stale") if yamlio.format_path(e.path) == p)
        for p in ("pages[1].title", "pages[2].title")
    )
    assert changed.where.message == "the source text changed since this was translated"
    assert unrecorded.where.message == "no record of the source text this was translated from"
    assert changed.where.file == tmp_path / "en.yaml" and changed.where.line == 4
    (author, _) = status.of("missing")
    assert (author.where.file, author.where.line) == (tmp_path / "de.yaml", 3)
    assert (author.source_text, author.text) == ("Familienbüro", None)


def test_a_missing_text_is_to_be_translated_where_the_translator_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the language file; or, when the brochure folder keeps a PO file for the language,
    in that file, with the command that brings it back (paths as typed where one stands)."""
    source, own = documents(tmp_path)
    (author, _) = translation.status(source, own, "en", {}).of("missing")
    assert author.where.hint == "add the translation to en.yaml"
    po_file = tmp_path / "i18n" / "en.po"
    monkeypatch.chdir(tmp_path)
    (author, _) = translation.status(source, own, "en", {}, po_file).of("missing")
    assert author.where.hint == (
        "translate it in i18n/en.po, then run: report i18n import i18n/en.po"
    )
    monkeypatch.chdir(tmp_path.parent)
    (author, _) = translation.status(source, own, "en", {}, po_file).of("missing")
    name = tmp_path.name
    assert author.where.hint == (
        f"translate it in {name}/i18n/en.po, then run: report i18n import {name}/i18n/en.po {name}"
    )
