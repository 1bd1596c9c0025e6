"""Inline markup as the author meant it: a bold mark left open is an error, not two asterisks
in the PDF."""

from __future__ import annotations

import pytest

from report.content import markup

OPEN = (
    "'**' starts bold text that is not closed; put '**' after the last bold word too "
    "(**like this**), or write \\*\\* for two asterisks"
)


@pytest.mark.parametrize("text", ["**Everyone is welcome", "**one** and **two", "a ** b"])
def test_a_bold_mark_left_open_is_named(text: str) -> None:
    assert markup.unclosed_bold(text) == OPEN


@pytest.mark.parametrize(
    "text", ["**bold** text", "Bürger*innen und *kursiv*", "two \\*\\* asterisks", "*open italic"]
)
def test_closed_bold_escaped_asterisks_and_gender_stars_pass(text: str) -> None:
    assert markup.unclosed_bold(text) is None
