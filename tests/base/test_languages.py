"""Language facts come from one place, Babel's CLDR data: the direction a page is laid out in
and the direction a span in that language is marked with cannot disagree, for any language."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from report.base import languages
from report.design import brochure as brochures
from report.design.layout import Layout
from report.design.theme import PageFormat
from report.render import inline
from report.render.html import Renderer

from ..helpers import tiny

RIGHT_TO_LEFT = ["ar", "fa", "he", "ur", "yi", "ps", "ckb", "dv", "sd", "ug"]


@pytest.mark.parametrize("code", RIGHT_TO_LEFT)
def test_right_to_left_languages_come_from_cldr(code: str) -> None:
    assert languages.direction(code) == "rtl"


@pytest.mark.parametrize("code", ["de", "en", "tr", "uk", "pt-BR", "sr", "xx"])
def test_left_to_right_languages_and_unknown_codes(code: str) -> None:
    assert languages.direction(code) == "ltr"


def test_tags_carry_the_region_whose_conventions_the_pdf_follows() -> None:
    assert [languages.tag(code) for code in ("de", "en", "tr", "uk", "ar", "ps", "pt-BR")] == [
        "de-DE",
        "en-GB",
        "tr-TR",
        "uk-UA",
        "ar",
        "ps-AF",
        "pt-BR",
    ]
    assert languages.tag("xx") == "xx"  # unknown to CLDR: the code as written


def test_names_and_quotation_marks() -> None:
    assert languages.own_name("de") == "Deutsch" and languages.english_name("uk") == "Ukrainian"
    assert languages.english_name("xx") == "xx"
    assert languages.quotation_marks("de-AT") == ("„", "“")


def _grid_places(html: str) -> list[str]:
    return re.findall(r"grid-column: [^;\"]+", html)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small brochure with a translation in every right-to-left language (the English text
    under each language's name: what counts here is the layout, not the words)."""
    root = tiny(tmp_path_factory.mktemp("languages") / "brochure")
    for code in [*RIGHT_TO_LEFT, "ps"]:
        shutil.copyfile(root / "en.yaml", root / f"{code}.yaml")
    return root


@pytest.mark.parametrize("code", ["ps", "ckb", "dv", "yi", "fa", "he", "ur"])
def test_page_direction_and_span_direction_agree_and_the_grid_mirrors(
    folder: Path, code: str
) -> None:
    brochure = brochures.load(folder, ["de", "ar", code])
    html = {
        language: Renderer(
            brochure.template_path, language, brochure.theme, brochure.inputs
        ).document(brochure.variants[language].content)
        for language in ("de", "ar", code)
    }
    # the page is laid out right to left ...
    assert f'<html lang="{languages.tag(code)}" dir="rtl"' in html[code]
    # ... as a span in that language is marked on a left-to-right page, and needs no
    # isolation on its own page
    span = str(inline.render_inline(f"[Wort]{{lang={code}}}", direction="ltr"))
    assert 'dir="rtl"' in span
    assert "dir=" not in str(inline.render_inline(f"[Wort]{{lang={code}}}", direction="rtl"))
    # ... and every grid is placed as on an Arabic page, mirrored from the German one
    assert _grid_places(html[code]) == _grid_places(html["ar"]) != _grid_places(html["de"])
    cards = Layout(PageFormat("A4", "landscape"), languages.direction(code)).cards(4)
    assert cards.cell(0).endswith("grid-column: 4 / span 1")
