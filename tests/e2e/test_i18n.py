"""Every language variant as its reader gets it, and the translation workflow through a build:
fallback, staleness named at its line, glyph coverage, interface catalogs and the fit check.
(The PO round trip and `report i18n` alone: tests/cli/test_i18n.py, tests/tools/i18n/.)"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import page as page_validation
import pikepdf
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from report.base.errors import UserError
from report.builder import run as builder
from report.cli import cli
from report.content import load, markup, translation, yamlio
from report.tools.i18n import po

from .. import pdfread
from ..helpers import (
    LANGUAGES,
    SHIPPED,
    bundled_font_of,
    compare_with_golden,
    edit,
    embedded_fonts,
    load_variant,
    pdf_text,
    reader_form,
    render_html,
)

pytestmark = pytest.mark.e2e

LANG_TAGS = {"de": "de-DE", "en": "en-GB", "tr": "tr-TR", "uk": "uk-UA", "ar": "ar"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_variant_is_clean(shipped_builds, language: str) -> None:
    """No engine warning, every page fits, nothing untranslated, the German page count."""
    result = shipped_builds[language]
    assert result.warnings == []
    assert result.misfits == []
    assert result.untranslated == []
    assert result.pages == shipped_builds["de"].pages == 9


@pytest.mark.parametrize("language", LANGUAGES)
def test_variant_text_is_in_its_pdf(shipped_builds, language: str) -> None:
    """Every text of the language's YAML that is printed can be found in its PDF."""
    loaded = load_variant(SHIPPED, language)
    text = reader_form(" ".join(pdf_text(shipped_builds[language].path)), language)
    printed = [
        (path, value)
        for path, value in translation.leaves(loaded.document.data)
        if path[0] not in ("meta", "newsletter")
        and path[-1] not in ("alt", "src", "kind", "website", "decorative")
    ]
    assert len(printed) > 80
    if language == "ar":
        # pdfium gives mixed right-to-left/left-to-right lines in visual order ("2:" as ":2",
        # Latin runs reversed) and scatters letters around a shadda or other vowel mark:
        # compare word by word, leaving out the words that carry such a mark.
        found = set(_words(text))
        missing = [
            yamlio.format_path(path)
            for path, value in printed
            if not {
                reader_form(word, language)
                for word in _words(markup.plain_text(value))
                if not re.search("[\u064b-\u065f\u0670]", word)
            }
            <= found
        ]
    else:
        missing = [
            yamlio.format_path(path)
            for path, value in printed
            if reader_form(markup.plain_text(value), language) not in text
        ]
    assert missing == []


def _words(text: str) -> list[str]:
    return [w for w in (word.strip("«»()[]“”„\"'.,:;!?؟،…–-") for word in text.split()) if w]


@pytest.mark.parametrize("language", LANGUAGES)
def test_variant_language_metadata_and_bookmarks(shipped_builds, language: str) -> None:
    loaded = load_variant(SHIPPED, language).content
    with pikepdf.open(shipped_builds[language].path) as pdf:
        assert str(pdf.Root.Lang) == LANG_TAGS[language]
        assert str(pdf.docinfo["/Title"]) == markup.plain_text(loaded.meta.title)
        with pdf.open_outline() as outline:
            first = outline.root[0].title
    assert first == markup.plain_text(loaded.pages[0].title)


@pytest.mark.parametrize("language", LANGUAGES)
def test_variant_passes_pdf_ua1(shipped_builds, language: str) -> None:
    report = page_validation.validate_pdf(str(shipped_builds[language].path), profile="ua1")
    assert [str(f) for f in report.failures] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_variant_uses_only_bundled_fonts(shipped_builds, language: str) -> None:
    """Every font embedded, each one of the files in styles/fonts/ (glyph by glyph); the
    Arabic PDF sets its Arabic text in an Arabic one."""
    fonts = {
        name: program and bundled_font_of(program)
        for name, program in embedded_fonts(shipped_builds[language].path).items()
    }
    assert fonts and None not in fonts.values(), fonts
    if language == "ar":
        assert any(file.name.startswith("NotoSansArabic-") for file in fonts.values())


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "de"])
def test_variant_pages_match_reviewed_images(shipped_builds, language: str) -> None:
    """Includes the right-to-left Arabic pages."""
    compare_with_golden(shipped_builds[language].path, language)


def test_arabic_is_right_to_left_and_interface_strings_translated(shipped_builds) -> None:
    html = render_html(SHIPPED, "ar")
    assert '<html lang="ar" dir="rtl" class="landscape size-a4">' in html
    assert "@top-right { content: string(section, first-except)" in html
    pages = pdf_text(shipped_builds["ar"].path)
    assert "الصفحة 2 من 9" in pages[1]
    assert "الهاتف" in pages[-1]
    assert "Seite 2 von 9" in pdf_text(shipped_builds["de"].path)[1]
    assert "Sayfa 2 / 9" in pdf_text(shipped_builds["tr"].path)[1]


# --- the translation workflow on a private copy --------------------------------------------


def test_missing_text_falls_back_and_is_reported(brochure: Path, tmp_path: Path) -> None:
    tr = brochure / "tr.yaml"
    text = tr.read_text(encoding="utf-8")
    start = text.index("    title: İttifakları bunlar güçlendirir!")
    tr.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")

    (result,) = builder.build(brochure, languages=["tr"], output_dir=tmp_path)
    assert len(result.untranslated) == 1
    assert "de.yaml:" in result.untranslated[0] and "pages[3].title" in result.untranslated[0]
    assert "not translated yet" in result.untranslated[0]
    assert "Das macht Bündnisse stark!" in pdf_text(result.path)[2]  # the German fallback

    with pytest.raises(UserError, match="not translated yet"):
        builder.build(brochure, languages=["tr"], output_dir=tmp_path / "strict", strict=True)

    status = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    assert status.exit_code == 0
    assert "tr: 98 complete, 1 missing, 0 stale" in status.output
    assert "en: 99 complete, 0 missing, 0 stale" in status.output


def test_messages_name_the_exact_key_path_and_line_inside_cards_and_groups(
    brochure: Path, tmp_path: Path
) -> None:
    """A stale or missing text inside a card or a group is named by its own key path and the
    line and column of its own value, in status, in the build, and for the fallback."""
    # (the last item of a group: a translation list can only lack trailing entries)
    card_item, group_item = (
        ("pages", 2, "cards", 1, "items", 0),
        ("pages", 5, "groups", 0, "items", 2),
    )
    de, tr, uk = (yamlio.load(brochure / f"{code}.yaml") for code in ("de", "tr", "uk"))
    edit(
        brochure / "de.yaml",
        '- "**Regelmäßige Treffen** in festen Arbeitsstrukturen"',
        '- "**Regelmäßige Treffen** in festen, verlässlichen Arbeitsstrukturen"',
    )
    uk_item = translation.get_path(uk.data, group_item)
    edit(brochure / "uk.yaml", f"          - {uk_item}\n", "")

    status = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    line, col = tr.value_marks[card_item]
    assert f"stale: {brochure / 'tr.yaml'}:{line}:{col} pages[3].cards[2].items[1]" in (
        status.output.replace(str(Path.cwd()) + "/", "")
    )
    line, col = de.value_marks[group_item]
    assert f"missing: {brochure / 'de.yaml'}:{line}:{col} pages[6].groups[1].items[3]" in (
        status.output.replace(str(Path.cwd()) + "/", "")
    )

    (result,) = builder.build(brochure, languages=["uk"], output_dir=tmp_path)
    assert any(
        f"de.yaml:{line}:{col}: pages[6].groups[1].items[3]: not translated yet" in note
        for note in result.untranslated
    ), result.untranslated

    # the translator's PO file points to the text's own line in the source file
    catalog = read_po(io.BytesIO(po.export(load.open_folder(brochure), "tr")))
    message = next(m for m in catalog if m.context == "pages[3].cards[2].items[1]")
    assert message.locations == [("de.yaml", de.value_marks[card_item][0])]


def test_fallback_text_is_marked_with_its_language(brochure: Path, tmp_path: Path) -> None:
    """A text a translation leaves out is German inside the English PDF: its element says so
    (HTML lang, /Lang on its structure element), so a screen reader reads it as German."""
    en = brochure / "en.yaml"
    text = en.read_text(encoding="utf-8")
    line = next(
        line for line in text.splitlines() if "This is what makes alliances strong!" in line
    )
    en.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    html = render_html(brochure, "en")
    assert (
        '<h2 class="page-title"><span lang="de-DE">Das macht Bündnisse stark!</span></h2>' in html
    )
    (result,) = builder.build(brochure, languages=["en"], output_dir=tmp_path)
    with pikepdf.open(result.path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
    tree, marked = pdfread.structure(result.path), pdfread.marked_texts(result.path)
    tagged = [
        (element.role, element.lang, pdfread.element_text(element, marked))
        for element in tree.walk()
        if element.lang
    ]
    assert ("Span", "de-DE", "Das macht Bündnisse stark!") in tagged
    span = next(e for e in tree.walk() if e.lang and "Das macht" in pdfread.element_text(e, marked))
    assert span.parent is not None and span.parent.role == "H2"  # the page title, read as German


def test_character_missing_from_the_fonts_is_an_error(brochure: Path, tmp_path: Path) -> None:
    edit(brochure / "uk.yaml", "Ось що робить альянси сильними!", "中 робить альянси сильними!")
    out = tmp_path / "out"
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["uk"], output_dir=out)
    message = str(caught.value)
    assert "uk.yaml:" in message and "pages[3].title" in message
    assert "U+4E2D" in message and "is not in the headings font (Noto Sans)" in message
    assert not out.exists() or list(out.iterdir()) == []


def test_missing_interface_catalog_is_reported(brochure: Path, tmp_path: Path) -> None:
    shutil.copy(brochure / "tr.yaml", brochure / "pl.yaml")
    (brochure / "i18n" / "tr.sources.json").replace(brochure / "i18n" / "pl.sources.json")
    (result,) = builder.build(brochure, languages=["pl"], output_dir=tmp_path)
    assert any("locales/pl.po: is missing" in note for note in result.untranslated)
    assert "Page 2 of 9" in pdf_text(result.path)[1]


def test_too_long_translation_is_reported_by_the_fit_check(brochure: Path, tmp_path: Path) -> None:
    """A translation far longer than its source: the build fails naming the text's own line."""
    file = brochure / "en.yaml"
    text = file.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "also depends" in line)
    long_text = (
        "Alliances also recruit partners by presenting their projects, successes and "
        "plans in local newspapers, on the radio and at town fairs. "
    ) * 9
    file.write_text(text.replace(line, line.split("- ")[0] + "- " + long_text), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["en"], output_dir=tmp_path / "out")
    (issue,) = caught.value.issues
    assert issue.file == file and issue.path.startswith("pages[3].cards[4].items[")
    assert issue.message.startswith('does not fit: page 3 "This is what makes alliances strong!"')
    assert "spills onto" in issue.message
    assert issue.line == text.splitlines().index(line) + 1
