"""The preview page's own words: one table, every language with the same texts and marks, in
the brochure's source language where it is translated, else in English."""

from __future__ import annotations

import re

import pytest

from report.tools.preview import interface


def test_every_language_has_every_text_with_the_same_marks() -> None:
    english = interface.TEXTS["en"]
    assert set(interface.TEXTS) >= {"en", "de"}
    for language, texts in interface.TEXTS.items():
        assert set(texts) == set(english), language
        for key, text in texts.items():
            marks = set(re.findall(r"\{(\w+)\}", text))
            assert marks == set(re.findall(r"\{(\w+)\}", english[key])), (language, key)
    assert interface.TEXTS["de"]["status.ok"] == "Aktuell · {time}"


@pytest.mark.parametrize(
    ("source", "language"),
    [("de", "de"), ("en", "en"), ("de-AT", "de"), ("tr", "en"), ("ar", "en"), ("", "en")],
)
def test_the_page_speaks_the_source_language_if_it_can(source: str, language: str) -> None:
    assert interface.language_for(source) == language


def test_marks_are_filled_once() -> None:
    assert interface.fill("Vorschau: {slug}", slug="{slug} {x}") == "Vorschau: {slug} {x}"
    with pytest.raises(KeyError):
        interface.fill("Preview: {name}", slug="x")
