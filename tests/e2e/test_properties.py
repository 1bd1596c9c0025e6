"""Property-based tests: whatever text a user types into a content field, the tool ends in
success or in a UserError (a clean, located message), never in any other exception.

The texts are arbitrary Unicode (no lone surrogates: a YAML file cannot hold them) mixed with
what tends to break things: control characters, right-to-left text, emoji, and Markdown, HTML
and Jinja syntax. They are written with yaml.safe_dump into a small brochure (cover, one text
page, back page, no pictures), then validated (fast) for most examples and built into a real
PDF for a few.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from report.base.errors import UserError
from report.builder import run as builder
from report.builder.check import check as check_brochure
from report.pdf import draft

from ..helpers import render_html

pytestmark = pytest.mark.e2e

SLUG = "property-test"

# Pieces that have broken parsers, templates and layout engines before.
AWKWARD = [
    "**",
    "*",
    "_",
    "`",
    "\\",
    "[",
    "]",
    "(",
    ")",
    "[Link](https://example.org)",
    "[x](javascript:alert(1))",
    "[x](http://[::1)",
    "[x](<https://example.org>)",
    "](",
    "<b>",
    "</p>",
    "<script>alert(1)</script>",
    "&amp;",
    "&",
    "{{ 6 * 7 }}",
    "{% raw %}",
    "{#",
    "}}",
    "${x}",
    "%s",
    ": ",
    "- ",
    "# ",
    "? ",
    "!",
    "!!str",
    "*alias",
    "&anchor",
    "|",
    ">",
    "'",
    '"',
    "~",
    "null",
    "NO",
    "yes",
    "on",
    "01067",
    "12:30",
    "1e3",
    "---",
    "...",
    "\t",
    "\n",
    "\r\n",
    "\x00",
    "\x07",
    "\x1b",
    "\x7f",
    "\x85",
    "\u00a0",
    "\u00ad",
    "\u200b",
    "\u200d",
    "\u2028",
    "\u2029",
    "\u202e",
    "\u2066",
    "\u2069",
    "\ufeff",
    "\ufffd",
    "\ufffe",
    "\uffff",
    "مرحبا بالعالم",
    "שלום",
    "Ünïcödé ẞ",
    "Привіт",
    "İı",
    "中文",
    "👩‍👩‍👧",
    "😀",
    "🏳️‍🌈",
    "\U0001d54f",
    "\U0010fffd",
    "e\u0301",
    "ﬁ",
]

characters = st.characters(blacklist_categories=("Cs",))  # every code point but surrogates
texts = st.lists(
    st.one_of(st.text(characters, max_size=12), st.sampled_from(AWKWARD)), max_size=6
).map("".join)

# What the bundled fonts can show, plus markup: text that reaches the layout engine.
printable = st.lists(
    st.one_of(
        st.text(
            st.sampled_from(list("abcxyz ÄÖÜäöüß0123456789.,;!?-–„“\"'()/&%€@#+")),
            min_size=1,
            max_size=20,
        ),
        st.sampled_from(
            [
                "**fett**",
                "*kursiv*",
                "[Link](https://example.org)",
                "<b>kein Tag</b>",
                "{{ 6 * 7 }}",
                "{% if x %}",
                "مرحبا",
                "Привіт",
                "İı",
                "\t",
                "\n",
                "Donaudampfschifffahrtsgesellschaftskapitän",
            ]
        ),
    ),
    min_size=1,
    max_size=8,
).map("".join)


def brochure_data(fields: dict[str, str]) -> dict[str, Any]:
    """A small, valid brochure with the given texts in its text fields."""
    return {
        "meta": {
            "title": fields["title"],
            "author": fields["author"],
            "keywords": [fields["keyword"]],
            "footer": fields["footer"],
        },
        "pages": [
            {"kind": "cover", "title": fields["cover"], "subtitle": fields["subtitle"]},
            {
                "kind": "text",
                "section": fields["section"],
                "title": fields["page"],
                "lead": fields["lead"],
                "blocks": [
                    {"paragraph": fields["paragraph"]},
                    {"heading": fields["heading"]},
                    {"list": [fields["item"], "Zweiter Punkt"]},
                ],
                "figures": [{"value": fields["value"], "label": fields["label"]}],
            },
            {
                "kind": "back",
                "title": fields["back"],
                "contact": {
                    "title": "Kontakt",
                    "address": [fields["address"], "12345 Musterstadt"],
                    "more": [fields["more"]],
                },
            },
        ],
    }


FIELDS = [
    "title",
    "author",
    "keyword",
    "footer",
    "cover",
    "subtitle",
    "section",
    "page",
    "lead",
    "paragraph",
    "heading",
    "item",
    "value",
    "label",
    "back",
    "address",
    "more",
]
SAFE = {name: f"Text {n}" for n, name in enumerate(FIELDS)}


def one_field_changed(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[dict[str, str]]:
    """All fields valid and plain, except one or two that get the generated text."""
    return st.dictionaries(st.sampled_from(FIELDS), strategy, min_size=1, max_size=2).map(
        lambda changed: {**SAFE, **changed}
    )


@pytest.fixture(scope="module")
def small_brochure(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("small") / "brochure"
    root.mkdir()
    (root / "brochure.yaml").write_text(f"slug: {SLUG}\nsource_language: de\n", encoding="utf-8")
    write(root, SAFE)
    assert list(check_brochure(root)) == ["de"]  # the baseline is valid
    return root


def write(root: Path, fields: dict[str, str]) -> None:
    text = yaml.safe_dump(brochure_data(fields), allow_unicode=True, sort_keys=False, width=72)
    (root / "de.yaml").write_text(text, encoding="utf-8")


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=one_field_changed(texts))
def test_validation_ends_in_success_or_a_user_error(
    small_brochure: Path, fields: dict[str, str]
) -> None:
    write(small_brochure, fields)
    try:
        check_brochure(small_brochure)
    except UserError as error:
        event(f"user error: {error.issues[0].message[:40]}")
        assert error.issues and all(issue.file is not None for issue in error.issues)
        assert "de.yaml" in str(error) or "brochure.yaml" in str(error)
        return
    # Valid content also makes HTML without any exception (the build would hide one as an
    # engine failure), and every text of it arrives as text.
    html = render_html(small_brochure, "de")
    assert "<script>" not in html


@settings(
    max_examples=12,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(fields=st.one_of(one_field_changed(printable), one_field_changed(texts)))
# Two that surely reach the layout engine: markup and template syntax, and a mix of scripts.
@example(
    fields={**SAFE, "paragraph": "**fett** <b>kein Tag</b> {{ 6 * 7 }} [Link](https://example.org)"}
)
@example(fields={**SAFE, "title": "مرحبا Привіт İı – „Zitat“", "item": "\tTab\nZeile"})
def test_build_ends_in_success_or_a_user_error(
    small_brochure: Path, tmp_path_factory, fields: dict[str, str]
) -> None:
    write(small_brochure, fields)
    out = tmp_path_factory.mktemp("out")
    try:
        (result,) = builder.build(small_brochure, languages=["de"], output_dir=out)
    except UserError as error:  # e.g. a character the bundled fonts do not have
        event(f"user error: {error.issues[0].message[:40]}")
        assert error.issues
        # nothing is written but, for a page that does not fit, the marked draft
        assert [p.name for p in out.iterdir() if not p.name.endswith(draft.SUFFIX)] == []
        return
    event("built")
    assert result.path.read_bytes().startswith(b"%PDF-")
    assert result.pages >= 3


# Whole files: YAML syntax soup and arbitrary bytes, instead of well-formed YAML.
yaml_soup = st.lists(
    st.one_of(
        st.sampled_from(
            [
                "meta:",
                "pages:",
                "  - kind: cover",
                "    title: ",
                "  title: ",
                "  author: ",
                "- ",
                ": ",
                "? ",
                "[",
                "]",
                "{",
                "}",
                ",",
                "&a ",
                "*a",
                "!!str ",
                "!x ",
                "|",
                ">-",
                "'",
                '"',
                "\\u",
                "\\ud800",
                "\\x",
                "#",
                "%YAML 1.1",
                "---",
                "...",
                "\t",
                "\n",
                "\r",
                "  ",
                "\ufeff",
                "\x00",
                "\x85",
                "\u2028",
            ]
        ),
        st.text(characters, max_size=6),
    ),
    max_size=40,
).map("".join)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    raw=st.one_of(
        yaml_soup.map(lambda text: text.encode("utf-8", "surrogatepass")), st.binary(max_size=200)
    )
)
def test_any_file_ends_in_success_or_a_user_error(small_brochure: Path, raw: bytes) -> None:
    (small_brochure / "de.yaml").write_bytes(raw)
    try:
        check_brochure(small_brochure)
    except UserError as error:
        event(f"user error: {error.issues[0].message[:30]}")
        assert error.issues and all(issue.file is not None for issue in error.issues)
    finally:
        write(small_brochure, SAFE)
