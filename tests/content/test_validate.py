"""Broken content (report/content/validate.py and the checks under it): each mistake is reported
as file:line:column with its key path and a plain-language hint, all problems of a file at
once; through the command, with exit status 1, no traceback, and the earlier PDF untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from report.base.errors import UserError
from report.builder import run as builder
from report.builder.check import check as check_brochure
from report.cli import cli
from report.content import load

from .. import pdfread
from ..helpers import CHAPTER, chapter_brochure, edit, listed, load_problems, load_variant


def replace(old: str, new: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        assert text.count(old) == 1, f"fixture text not unique: {old!r}"
        return text.replace(old, new)

    return mutate


def line_col(text: str, needle: str, offset: int = 0) -> str:
    """The 1-based line:column where `needle` starts (plus `offset` columns)."""
    index = text.index(needle)
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1 + offset
    return f"{line}:{col}"


# (id, mutation of de.yaml, text marking the reported place, expected words in the message)
CASES: list[tuple[str, Callable[[str], str], str | None, str]] = [
    (
        "unclosed-quote",
        replace("  - kind: text\n    section: Ausblick", '  - kind: text\n    section: "Ausblick'),
        None,
        "YAML syntax error",
    ),
    (
        "tab-indentation",
        replace("    title: Das macht Bündnisse stark!", "\ttitle: Das macht Bündnisse stark!"),
        None,
        "tab character",
    ),
    (
        "unknown-key",
        replace("    title: Das macht Bündnisse stark!", "    titel: Das macht Bündnisse stark!"),
        "titel: Das macht",
        "unknown key 'titel'",
    ),
    (
        "missing-key",
        replace("        title: Alle wesentlichen Beteiligten einbinden\n", ""),
        "icon:\n          src: images/icon-participation.svg",
        "the key 'title' is missing",
    ),
    (
        "unknown-page-kind",
        replace("  - kind: cards", "  - kind: poster"),
        "poster",
        "unknown page kind 'poster'",
    ),
    (
        "text-instead-of-list",
        replace("        items:\n          - Die **Ansprache", "        items: Die **Ansprache"),
        "Die **Ansprache",
        "expected a list",
    ),
    (
        "list-instead-of-text",
        replace(
            "    title: Das macht Bündnisse stark!",
            "    title:\n      - Das macht Bündnisse stark!",
        ),
        "- Das macht Bündnisse stark!",
        "expected a text",
    ),
    (
        "image-not-found",
        replace("src: images/icon-structures.svg", "src: images/icon-structure.svg"),
        "images/icon-structure.svg",
        "picture not found: images/icon-structure.svg\n"
        "    hint: did you mean images/icon-structures.svg?",
    ),
    (
        "image-outside-folder",
        replace("src: images/icon-structures.svg", "src: ../../../etc/icon.svg"),
        "../../../etc/icon.svg",
        "outside the brochure folder",
    ),
    (
        "image-absolute-path",
        replace("src: images/icon-structures.svg", "src: /etc/passwd.png"),
        "/etc/passwd.png",
        "relative to the brochure folder",
    ),
    (
        "image-url",
        replace("src: images/icon-structures.svg", "src: http://127.0.0.1:9/x.svg"),
        "http://127.0.0.1:9/x.svg",
        "not a URL",
    ),
    (
        "image-file-url",
        replace("src: images/icon-structures.svg", "src: file:///etc/passwd.svg"),
        "file:///etc/passwd.svg",
        "not a URL",
    ),
    (
        "empty-alt",
        replace(
            "alt: Illustration junger Menschen mit Rucksack und Buch, eine Person hebt die Hand",
            'alt: ""',
        ),
        '""',
        "is empty",
    ),
    (
        "missing-alt",
        replace(
            "      alt: Illustration junger Menschen mit Rucksack und Buch, "
            "eine Person hebt die Hand\n",
            "",
        ),
        "src: images/illu-youth.svg",
        "the key 'alt' is missing",
    ),
    (
        "javascript-link",
        replace(
            "Kommunikation auf **Augenhöhe**", "Kommunikation auf [Augenhöhe](javascript:alert(1))"
        ),
        "Kommunikation auf [Augenhöhe]",
        "'javascript:' are not allowed",
    ),
    (
        "file-link",
        replace(
            "Kommunikation auf **Augenhöhe**", "Kommunikation auf [Augenhöhe](file:///etc/passwd)"
        ),
        "Kommunikation auf [Augenhöhe]",
        "'file:' are not allowed",
    ),
    (
        "duplicate-key",
        replace(
            "    title: Das macht Bündnisse stark!",
            "    title: Das macht Bündnisse stark!\n    title: Noch ein Titel",
        ),
        "title: Noch ein Titel",
        "appears twice",
    ),
    (
        "block-with-two-keys",
        replace(
            "      - heading: Lokale Bündnisse für Familie benennen Unterstützungsbedarf",
            "      - heading: Lokale Bündnisse für Familie benennen Unterstützungsbedarf\n"
            "        paragraph: zweiter Schlüssel",
        ),
        "heading: Lokale Bündnisse für Familie benennen",
        "exactly one of the keys",
    ),
    (
        "bad-email",
        replace(
            "      email: info@lokale-buendnisse-fuer-familie.de", "      email: info-at-example"
        ),
        "info-at-example",
        "not an e-mail address",
    ),
    (
        "website-without-scheme",
        replace(
            "website: https://www.lokale-buendnisse-familie.de",
            "website: www.lokale-buendnisse-familie.de",
        ),
        "www.lokale-buendnisse-familie.de\n",
        "has no scheme",
    ),
    (
        "alias",
        replace(
            "    title: Das macht Bündnisse stark!",
            "    title: &t Das macht Bündnisse stark!\n    lead: *t",
        ),
        "*t",
        "aliases",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "needle", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_broken_content_is_located(
    brochure: Path, tmp_path: Path, mutate: Callable[[str], str], needle: str | None, message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "lokale-buendnisse-befragung-2019-teil-2-de.pdf"
    earlier.write_bytes(b"%PDF-1.7 a good earlier build")
    file = brochure / "de.yaml"
    text = mutate(file.read_text(encoding="utf-8"))
    file.write_text(text, encoding="utf-8")

    result = CliRunner().invoke(
        cli, ["build", str(brochure), "--locale", "de", "--output", str(out)]
    )

    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert "Traceback" not in result.output
    assert message in result.output
    assert f"{file}:" in result.output or "de.yaml:" in result.output
    if needle is not None:
        assert f"de.yaml:{line_col(text, needle)}" in result.output, result.output
    assert earlier.read_bytes() == b"%PDF-1.7 a good earlier build"
    assert listed(out) == [earlier.name]  # no partial files


def test_all_problems_of_a_file_at_once(brochure: Path) -> None:
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "    title: Das macht Bündnisse stark!", "    titel: Das macht Bündnisse stark!"
    )
    text = text.replace("src: images/illu-youth.svg", "src: images/missing.svg")
    text = text.replace("      email: info@lokale-buendnisse-fuer-familie.de", "      email: nope")
    file.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    # the typo explains the missing title: reported once, as the unknown key
    assert len(caught.value.issues) == 3  # unknown key, missing image, e-mail
    assert "the key 'title' is missing" not in str(caught.value)
    assert [issue.line for issue in caught.value.issues] == sorted(
        issue.line for issue in caught.value.issues
    )


def test_yaml_11_words_stay_text(brochure: Path) -> None:
    """`NO`, `yes`, `01067` and `12:30` are text in a text field, not booleans or numbers."""
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8")
    text = text.replace(
        "        - DIHK Service GmbH\n",
        "        - DIHK Service GmbH\n        - NO\n        - yes\n"
        "        - 01067\n        - 12:30\n",
    )
    file.write_text(text, encoding="utf-8")
    variant = load_variant(brochure, "de").content
    address = variant.pages[-1].contact.address
    assert address[3:7] == ["NO", "yes", "01067", "12:30"]


def test_invalid_utf8_is_located(brochure: Path) -> None:
    file = brochure / "de.yaml"
    raw = file.read_bytes().replace("Breite Straße".encode(), "Breite Stra\xdfe".encode("latin-1"))
    file.write_bytes(raw)
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    issue = caught.value.issues[0]
    line = raw[: raw.index(b"Stra\xdfe")].count(b"\n") + 1
    assert issue.line == line and "not valid UTF-8" in issue.message


def test_empty_file(brochure: Path) -> None:
    (brochure / "de.yaml").write_text("# nothing yet\n", encoding="utf-8")
    with pytest.raises(UserError, match="is empty"):
        check_brochure(brochure)


def test_missing_settings_file(brochure: Path) -> None:
    (brochure / "brochure.yaml").unlink()
    with pytest.raises(UserError, match=r"brochure\.yaml: is missing"):
        check_brochure(brochure)


def test_bad_slug(brochure: Path) -> None:
    (brochure / "brochure.yaml").write_text("slug: Mein Bericht!\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    assert "brochure.yaml:1:7" in str(caught.value)
    assert "lower-case letters" in str(caught.value)


@pytest.mark.parametrize("phone", ["110", "115", "112", "(030) 115", "+49 30 1234-0"])
def test_short_public_numbers_are_phone_numbers(brochure: Path, phone: str) -> None:
    """110 and 115 are real German public numbers: accepted, and dialled as written."""
    edit(brochure / "de.yaml", "phone: (0800) 08 63 826", f'phone: "{phone}"')
    assert load_variant(brochure, "de").content.pages[-1].contact.phone == phone


@pytest.mark.parametrize("phone", ["12", "ab", "0800-FAMILIE"])
def test_what_is_no_phone_number_is_refused(brochure: Path, phone: str) -> None:
    edit(brochure / "de.yaml", "phone: (0800) 08 63 826", f'phone: "{phone}"')
    with pytest.raises(UserError, match="is not a phone number"):
        load_variant(brochure, "de")


# (file, text replaced, its replacement, the unknown key, the suggestion or None)
SUGGESTIONS = [
    (
        "de.yaml",
        "    title: Das macht Bündnisse stark!",
        "    font: Das macht Bündnisse stark!",
        "font",
        None,
    ),  # not 'footer': that is no key of a page
    (
        "de.yaml",
        "      alt: Illustration junger Menschen mit Rucksack und Buch, eine Person hebt die Hand",
        "      alt: Illustration junger Menschen mit Rucksack und Buch, eine Person hebt die Hand"
        "\n      caption: Jugendliche",
        "caption",
        None,
    ),  # not 'section': that is no key of a picture
    (
        "brochure.yaml",
        "source_language: de",
        "source_language: de\nfooter: Bericht",
        "footer",
        None,
    ),  # never the key itself, and footer is no key of brochure.yaml
    (
        "de.yaml",
        "    title: Das macht Bündnisse stark!",
        "    titel: Das macht Bündnisse stark!",
        "titel",
        "title",
    ),
    (
        "de.yaml",
        "    title: Das macht Bündnisse stark!",
        "    Title: Das macht Bündnisse stark!",
        "Title",
        "title",
    ),
    (
        "de.yaml",
        "          src: images/icon-structures.svg",
        "          bild: images/icon-structures.svg",
        "bild",
        None,
    ),  # bild -> image: not here
    (
        "de.yaml",
        "    image:\n      src: images/illu-partners.svg",
        "    bild:\n      src: images/illu-partners.svg",
        "bild",
        "image",
    ),
    ("brochure.yaml", "source_language: de", "sprache: de", "sprache", "source_language"),
]


@pytest.mark.parametrize(("name", "old", "new", "key", "suggestion"), SUGGESTIONS)
def test_unknown_keys_suggest_only_keys_allowed_there(
    brochure: Path, name: str, old: str, new: str, key: str, suggestion: str | None
) -> None:
    edit(brochure / name, old, new)
    with pytest.raises(UserError) as caught:
        check_brochure(brochure)
    issue = next(i for i in caught.value.issues if i.message == f"unknown key '{key}'")
    if suggestion is None:
        assert "did you mean" not in issue.hint, issue.hint
        assert "allowed here:" in issue.hint
    else:
        assert issue.hint == f"did you mean '{suggestion}'?"


@pytest.mark.e2e
def test_a_decorative_picture_needs_no_alt_and_is_an_artifact(
    brochure: Path, tmp_path: Path
) -> None:
    """`decorative: true` instead of an alt text: no figure in the structure tree, the
    picture is still drawn; an empty alt stays an error, and both at once are refused."""
    file = brochure / "de.yaml"
    edit(
        file,
        "      alt: Illustration junger Menschen mit Rucksack und Buch, eine Person hebt die Hand",
        "      decorative: true",
    )
    for language in ("en", "tr", "uk", "ar"):  # the translations' alt of that picture goes too
        translated = brochure / f"{language}.yaml"
        lines = translated.read_text(encoding="utf-8").splitlines(keepends=True)
        at = next(i for i, line in enumerate(lines) if "illu-youth.svg" in line)
        del lines[at + 1]
        translated.write_text("".join(lines), encoding="utf-8")
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert result.warnings == []
    tree = pdfread.structure(result.path)
    figures = [e.alt for e in tree.walk() if e.role == "Figure"]
    assert len(figures) == 7 and not any("Rucksack" in (alt or "") for alt in figures)
    assert all(alt and alt.strip() for alt in figures)
    with pikepdf.open(result.path) as pdf:
        artifacts = [
            op
            for op in pikepdf.parse_content_stream(pdf.pages[4])
            if str(op.operator) == "BDC"
            and str(op.operands[0]) == "/Artifact"
            and op.operands[1].get("/Type") == "/Layout"
        ]
    assert len(artifacts) == 1  # the picture is drawn, as an ornament
    youth = "      src: images/illu-youth.svg\n"
    edit(file, youth + "      decorative: true", youth + "      decorative: true\n      alt: x")
    with pytest.raises(UserError, match="a decorative picture has no alt text"):
        check_brochure(brochure)
    edit(file, youth + "      decorative: true\n      alt: x", youth + '      alt: ""')
    with pytest.raises(UserError, match="is empty"):
        check_brochure(brochure)


# --- blocks, each error at its line ------------------------------------------------------------


def test_a_table_row_of_the_wrong_width_is_shown_at_that_row(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - table: Tabelle
        columns: [A, B]
        rows:
          - [x, "1"]
          - [y, "2", "3"]
""",
    )
    (found,) = load_problems(root)
    assert "de.yaml:12:13: pages[1].blocks[1].rows[2]" in found
    assert "row 2 has 3 cells, the header 2" in found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("EUO", "did you mean 'EUR'?"),
        ("gbp", "did you mean 'GBP'?"),
        ('"€"', "did you mean 'EUR'?"),
        ("Pfund", "write the currency's ISO 4217 code, e.g. EUR, GBP, USD, UAH or TRY"),
    ],
)
def test_a_currency_that_is_no_code_is_shown_with_the_code_meant(
    tmp_path: Path, written: str, hint: str
) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        f"""      - table: Kosten
        currency: {written}
        columns: [Posten, Betrag]
        rows: [[Miete, "12.400"]]
""",
    )
    (found,) = load_problems(root)
    shown = written.strip('"')
    assert found == (
        f"{root / 'de.yaml'}:9:19: pages[1].blocks[1].currency: '{shown}' is not a currency "
        f"code\n    hint: {hint}"
    )


@pytest.mark.parametrize(
    ("figure", "message", "hint"),
    [
        (
            '{value: "> 50", currency: EUR, label: x}',
            "'> 50' is not a number; an amount of money is one",
            "write the amount only (486,200), or remove 'currency'",
        ),
        (
            '{prefix: "£", value: "12", currency: GBP, label: x}',
            "the prefix '£' and 'currency: GBP' both name the currency",
            "remove the prefix: each language writes the currency's sign in its own place",
        ),
        (
            '{value: "2,5", suffix: Mio., currency: EUR, label: x}',
            "an amount of money has no suffix: the currency's sign stands where each language "
            "puts it",
            "write the whole amount (2500000) and remove the suffix, or say the unit in the label",
        ),
    ],
)
def test_a_key_figure_that_cannot_be_an_amount_is_refused(
    tmp_path: Path, figure: str, message: str, hint: str
) -> None:
    root = tmp_path / "b"
    root.mkdir()
    (root / "brochure.yaml").write_text("slug: test\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text(
        "meta: {title: T, author: A}\npages:\n  - kind: text\n    title: Zahlen\n"
        f"    blocks: [paragraph: Text]\n    figures:\n      - {figure}\n",
        encoding="utf-8",
    )
    (found,) = load_problems(root)
    assert found == f"{root / 'de.yaml'}:7:9: pages[1].figures[1]: {message}\n    hint: {hint}"


def test_a_chart_has_a_currency_or_a_unit(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - chart: bars
        title: Spenden
        unit: Pfund
        currency: GBP
        data: [{label: Basar, value: "980"}]
""",
    )
    (found,) = load_problems(root)
    assert "pages[1].blocks[1].chart: a chart of amounts has no 'unit'" in found
    assert "hint: remove 'unit', or 'currency' if the values are no amounts" in found


def test_an_unknown_block_lists_the_blocks_there_are(tmp_path: Path) -> None:
    root = chapter_brochure(tmp_path / "b", "      - absatz: Text\n")
    (found,) = load_problems(root)
    assert (
        "this block needs exactly one of the keys paragraph, heading, list, numbered, "
        "quote, picture, chart, table, callout" in found
    )


@pytest.mark.parametrize(("typed", "meant"), [("paragraf", "paragraph"), ("Heading", "heading")])
def test_a_misspelt_block_is_named_with_the_block_meant(
    tmp_path: Path, typed: str, meant: str
) -> None:
    root = chapter_brochure(tmp_path / "b", f"      - {typed}: Text\n")
    (found,) = load_problems(root)
    assert f"de.yaml:8:9: pages[1].blocks[1].{typed}: unknown block '{typed}'" in found
    assert f"hint: did you mean '{meant}'?" in found


def test_a_box_holds_no_box(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - callout: Außen
        blocks:
          - callout: Innen
            blocks:
              - paragraph: Text
""",
    )
    (found,) = load_problems(root)
    assert (
        "de.yaml:10:13: pages[1].blocks[1].blocks[1]: a call-out box cannot hold another" in found
    )


def test_a_missing_picture_of_a_picture_block_is_shown_at_its_line(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - paragraph: Vorher
      - picture: images/fehlt.jpg
        alt: Ein Foto
""",
    )
    (found,) = load_problems(root)
    assert found.endswith(
        "de.yaml:9:18: pages[1].blocks[2].picture: picture not found: images/fehlt.jpg\n"
        "    hint: there is no folder images/ in the brochure folder; it has no folders; add "
        "the picture at that path, or correct the path"
    )


def test_nested_and_numbered_lists_are_read(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - numbered:
          - Erstens
          - text: Zweitens
            list: [a, b]
""",
    )
    page = load_variant(root, "de").content.pages[0]
    (block,) = page.blocks
    assert block.block == "numbered"
    assert block.items[0] == "Erstens" and block.items[1].items == ["a", "b"]


def test_a_list_entry_with_a_colon_is_one_plain_error(tmp_path: Path) -> None:
    """`- Punkt 1: Text` is read by YAML as a key and a value: one error that says so, at the
    entry, with no validator name in the key path and no second reading of the entry."""
    root = chapter_brochure(
        tmp_path / "b",
        """      - list:
          - "Erster Punkt"
          - Punkt 2: Text
""",
    )
    (found,) = load_problems(root)
    assert found.startswith(
        str(root / "de.yaml") + ":10:13: pages[1].blocks[1].list[2]: "
        "expected a text, found 'Punkt 2: Text' read as a key and a value"
    )
    assert "function-" not in found


def test_a_list_entry_meant_as_a_sub_list_keeps_that_reading(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - list:
          - text: Erster Punkt
            lsit: [a, b]
""",
    )
    found = load_problems(root)
    assert any("unknown key 'lsit'" in issue for issue in found)
    assert not any("expected a text" in issue for issue in found)


# --- values that are not text: whole numbers, numbers, true or false ---------------------------


def settings_problems(root: Path, settings: str) -> list[str]:
    """The problems of a brochure.yaml of `slug: test` and the given lines."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "brochure.yaml").write_text("slug: test\n" + settings, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        load.open_folder(root)
    return [str(issue).replace(f"{root}/", "") for issue in caught.value.issues]


@pytest.mark.parametrize(
    ("setting", "problem"),
    [
        (
            'page_limit: "10"\n',
            "brochure.yaml:2:13: page_limit: expected a whole number, found '10' in quotes, which "
            "YAML reads as text\n    hint: remove the quotes: page_limit: 10",
        ),
        (
            "render_time_limit_s: '60'\n",
            "brochure.yaml:2:22: render_time_limit_s: expected a whole number, found '60' in "
            "quotes, which YAML reads as text\n"
            "    hint: remove the quotes: render_time_limit_s: 60",
        ),
        (
            'theme:\n  type_scale: "1.1"\n',
            "brochure.yaml:3:15: theme.type_scale: expected a number, found '1.1' in quotes, "
            "which YAML reads as text\n    hint: remove the quotes: type_scale: 1.1",
        ),
        (
            "page_limit: 10.0\n",
            "brochure.yaml:2:13: page_limit: expected a whole number, found '10.0'\n"
            "    hint: write digits only, e.g. 60",
        ),
        (
            'page_limit: "zehn"\n',
            "brochure.yaml:2:13: page_limit: expected a whole number, found 'zehn'\n"
            "    hint: write digits only, e.g. 60",
        ),
        (
            "theme:\n  shape:\n    radius: 1,5\n",
            "brochure.yaml:4:13: theme.shape.radius: expected a number, found '1,5'\n"
            "    hint: write digits, with a point before the decimals, e.g. 1.5",
        ),
    ],
)
def test_a_setting_that_is_a_number_is_written_as_one(
    tmp_path: Path, setting: str, problem: str
) -> None:
    """`page_limit: "10"` was once taken as 10 (pydantic reads text as a number): in quotes it
    is text, refused at its place; so is what YAML 1.2 would not read as the number (10.0)."""
    assert settings_problems(tmp_path / "b", setting) == [problem]


def test_a_number_in_quotes_that_is_out_of_bounds_gets_both_problems(tmp_path: Path) -> None:
    assert settings_problems(tmp_path / "b", 'page_limit: "0"\n') == [
        "brochure.yaml:2:13: page_limit: must be at least 1, not 0",
        "brochure.yaml:2:13: page_limit: expected a whole number, found '0' in quotes, which "
        "YAML reads as text\n    hint: remove the quotes: page_limit: 0",
    ]


def test_numbers_written_as_numbers_are_read(tmp_path: Path) -> None:
    root = tmp_path / "b"
    root.mkdir()
    (root / "de.yaml").write_text("meta: {}\n", encoding="utf-8")  # not read: only there
    (root / "brochure.yaml").write_text(
        "slug: test\npage_limit: 10\nsize_budget_kib: +200\ntheme:\n  type_scale: 1.1\n"
        "  shape: {radius: 2, border: .5}\n",
        encoding="utf-8",
    )
    settings = load.open_folder(root).settings
    assert (settings.page_limit, settings.size_budget_kib) == (10, 200)
    assert (settings.theme.type_scale, settings.theme.shape.radius) == (1.1, 2.0)
    assert settings.theme.shape.border == 0.5


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        (
            "yes",
            "de.yaml:9:21: pages[1].blocks[1].decorative: expected true or false, found 'yes'\n"
            "    hint: write true or false",
        ),
        (
            '"true"',
            "de.yaml:9:21: pages[1].blocks[1].decorative: expected true or false, found 'true' "
            "in quotes, which YAML reads as text\n    hint: remove the quotes: decorative: true",
        ),
    ],
)
def test_true_or_false_is_written_as_yaml_1_2_does(
    tmp_path: Path, written: str, problem: str
) -> None:
    """YAML 1.1's yes, on and 1 (and pydantic's lax reading of them) are no truth values."""
    block = "      - picture: images/photo.svg\n        decorative: {}\n"
    root = chapter_brochure(tmp_path / "b", block.format("true"))
    (root / "images").mkdir()
    (root / "images" / "photo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4 3" width="4" height="3"/>\n',
        encoding="utf-8",
    )
    assert load_variant(root, "de").content.pages[0].blocks[0].decorative is True
    (root / "de.yaml").write_text(CHAPTER + block.format(written), encoding="utf-8")
    assert [text.replace(f"{root}/", "") for text in load_problems(root)] == [problem]


def test_a_totals_row_needs_rows_to_add_up(tmp_path: Path) -> None:
    root = chapter_brochure(
        tmp_path / "b",
        """      - table: Tabelle
        columns: [A, B]
        total: true
        rows:
          - [Gesamt, "1"]
""",
    )
    (found,) = load_problems(root)
    assert found.endswith(
        "de.yaml:8:16: pages[1].blocks[1].table: `total: true` makes the last row the total of "
        "the rows above it, and there are none: add them, or remove `total`"
    )
