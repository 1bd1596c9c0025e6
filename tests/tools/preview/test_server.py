"""The preview page as the server fills it in: its language, its words and the brochure's
name, every value escaped. (The server on a real socket, in a real browser: tests/e2e.)"""

from __future__ import annotations

import html
import json
import re

from report.tools.preview import interface
from report.tools.preview.server import Page


def test_the_page_is_in_the_interface_language() -> None:
    page = Page.read().html_for("jahresbericht", "de").decode()
    assert '<html lang="de-DE" dir="ltr"' in page
    assert "<title>Vorschau: jahresbericht</title>" in page
    assert '<p class="tip">Klicken Sie auf eine Sprache' in page
    assert "{{" not in page
    text = re.search(r'data-text="([^"]*)"', page)
    assert text is not None
    assert json.loads(html.unescape(text[1])) == interface.TEXTS["de"]
    english = Page.read().html_for("annual", "en").decode()
    assert '<html lang="en-GB"' in english and "<title>Preview: annual</title>" in english


def test_a_hostile_name_is_escaped() -> None:
    page = Page.read().html_for('<img src=x onerror="alert(1)">', "en").decode()
    assert "<title>Preview: &lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in page
    assert "<img" not in page
