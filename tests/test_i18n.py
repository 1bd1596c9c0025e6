"""Every language variant as its reader gets it, and the translation workflow: fallback,
staleness, the PO round-trip, glyph coverage, interface catalogs and the fit check."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import page as page_validation
import pikepdf
import pytest
from babel.messages.pofile import read_po, write_po
from click.testing import CliRunner

from report.base.errors import UserError
from report.builder import run as builder
from report.cli import cli
from report.content import load, markup, translation, yamlio
from report.tools.i18n import po

from . import pdfread
from .conftest import LANGUAGES, SHIPPED, edit, load_variant, pdf_text, reader_form, render_html
from .test_pages import compare_with_golden

LANG_TAGS = {"de": "de-DE", "en": "en-GB", "tr": "tr-TR", "uk": "uk-UA", "ar": "ar"}


def test_brochure_declares_its_languages() -> None:
    brochure = load.open_folder(SHIPPED)
    assert brochure.settings.source_language == "de"
    assert sorted(brochure.languages) == sorted(LANGUAGES)
    assert brochure.languages[0] == "de"


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
    printed = [(path, value) for path, value in translation.leaves(loaded.document.data)
               if path[0] not in ("meta", "newsletter")
               and path[-1] not in ("alt", "src", "kind", "website", "decorative")]
    assert len(printed) > 80
    if language == "ar":
        # pdfium gives mixed right-to-left/left-to-right lines in visual order ("2:" as ":2",
        # Latin runs reversed) and scatters letters around a shadda or other vowel mark:
        # compare word by word, leaving out the words that carry such a mark.
        found = set(_words(text))
        missing = [yamlio.format_path(path) for path, value in printed
                   if not {reader_form(word, language)
                           for word in _words(markup.plain_text(value))
                           if not re.search("[\u064b-\u065f\u0670]", word)} <= found]
    else:
        missing = [yamlio.format_path(path) for path, value in printed
                   if reader_form(markup.plain_text(value), language) not in text]
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
    with pikepdf.open(shipped_builds[language].path) as pdf:
        names = {str(obj.FontName).split("+", 1)[-1] for obj in pdf.objects
                 if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor"}
    assert names and all(name.startswith("Brochure-") for name in names), names
    if language == "ar":
        assert any("Arabic" in name for name in names)


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
    tr.write_text(text[:start] + text[text.index("\n", start) + 1:], encoding="utf-8")

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


def test_changed_source_makes_translations_stale(brochure: Path) -> None:
    edit(brochure / "de.yaml", "title: Das macht Bündnisse stark!",
         "title: Das macht Bündnisse wirklich stark!")
    result = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    for language in ("en", "tr", "uk", "ar"):
        assert f"{language}: 98 complete, 0 missing, 1 stale" in result.output
    assert "stale: content" not in result.output  # paths are the copy's, not the project's
    assert "tr.yaml:" in result.output and "pages[3].title" in result.output

    accepted = CliRunner().invoke(cli, ["i18n", "accept", str(brochure), "--locale", "tr"])
    assert accepted.exit_code == 0
    after = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    assert "tr: 99 complete, 0 missing, 0 stale" in after.output
    assert "en: 98 complete, 0 missing, 1 stale" in after.output


def test_messages_name_the_exact_key_path_and_line_inside_cards_and_groups(
        brochure: Path, tmp_path: Path) -> None:
    """A stale or missing text inside a card or a group is named by its own key path and the
    line and column of its own value, in status, in the build, and for the fallback."""
    # (the last item of a group: a translation list can only lack trailing entries)
    card_item, group_item = ("pages", 2, "cards", 1, "items", 0), ("pages", 5, "groups", 0,
                                                                    "items", 2)
    de, tr, uk = (yamlio.load(brochure / f"{code}.yaml") for code in ("de", "tr", "uk"))
    edit(brochure / "de.yaml", '- "**Regelmäßige Treffen** in festen Arbeitsstrukturen"',
         '- "**Regelmäßige Treffen** in festen, verlässlichen Arbeitsstrukturen"')
    uk_item = translation.get_path(uk.data, group_item)
    edit(brochure / "uk.yaml", f"          - {uk_item}\n", "")

    status = CliRunner().invoke(cli, ["i18n", "status", str(brochure)])
    line, col = tr.value_marks[card_item]
    assert f"stale: {brochure / 'tr.yaml'}:{line}:{col} pages[3].cards[2].items[1]" in (
        status.output.replace(str(Path.cwd()) + "/", ""))
    line, col = de.value_marks[group_item]
    assert f"missing: {brochure / 'de.yaml'}:{line}:{col} pages[6].groups[1].items[3]" in (
        status.output.replace(str(Path.cwd()) + "/", ""))

    (result,) = builder.build(brochure, languages=["uk"], output_dir=tmp_path)
    assert any(f"de.yaml:{line}:{col}: pages[6].groups[1].items[3]: not translated yet" in note
               for note in result.untranslated), result.untranslated

    # the translator's PO file points to the text's own line in the source file
    catalog = read_po(io.BytesIO(po.export(load.open_folder(brochure), "tr")))
    message = next(m for m in catalog if m.context == "pages[3].cards[2].items[1]")
    assert message.locations == [("de.yaml", de.value_marks[card_item][0])]


def test_fallback_text_is_marked_with_its_language(brochure: Path, tmp_path: Path) -> None:
    """A text a translation leaves out is German inside the English PDF: its element says so
    (HTML lang, /Lang on its structure element), so a screen reader reads it as German."""
    en = brochure / "en.yaml"
    text = en.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if "This is what makes alliances strong!"
                in line)
    en.write_text(text.replace(line + "\n", ""), encoding="utf-8")
    html = render_html(brochure, "en")
    assert '<h2 class="page-title"><span lang="de-DE">Das macht Bündnisse stark!</span></h2>' in html
    (result,) = builder.build(brochure, languages=["en"], output_dir=tmp_path)
    with pikepdf.open(result.path) as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
    tree, marked = pdfread.structure(result.path), pdfread.marked_texts(result.path)
    tagged = [(element.role, element.lang, pdfread.element_text(element, marked))
              for element in tree.walk() if element.lang]
    assert ("Span", "de-DE", "Das macht Bündnisse stark!") in tagged
    span = next(e for e in tree.walk() if e.lang and "Das macht" in pdfread.element_text(
        e, marked))
    assert span.parent is not None and span.parent.role == "H2"  # the page title, read as German


def test_po_round_trip_changes_nothing(brochure: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in brochure.rglob("*") if p.is_file()}
    po_file = tmp_path / "tr.po"
    runner = CliRunner()
    exported = runner.invoke(cli, ["i18n", "export", str(brochure), "--locale", "tr",
                                   "--output", str(po_file)])
    assert exported.exit_code == 0, exported.output
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    message = catalog.get("Das macht Bündnisse stark!", context="pages[3].title")
    assert message is not None and message.string == "İttifakları bunlar güçlendirir!"
    assert any("keep it under about" in c for c in message.auto_comments)
    assert len([m for m in catalog if m.id]) == 99

    imported = runner.invoke(cli, ["i18n", "import", str(po_file), str(brochure)])
    assert imported.exit_code == 0, imported.output
    assert "tr: 0 text(s) changed" in imported.output
    after = {p.name: p.read_bytes() for p in brochure.rglob("*") if p.is_file()}
    assert after == before


def test_po_import_writes_translations_and_keeps_comments(brochure: Path, tmp_path: Path) -> None:
    """A translator's changes land in the YAML; the rest of the file stays as it was."""
    opened = load.open_folder(brochure)
    po_file = tmp_path / "uk.po"
    po_file.write_bytes(po.export(opened, "uk"))
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    catalog.get("Das macht Bündnisse stark!", context="pages[3].title").string = "Нова назва!"
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)
    original = (brochure / "uk.yaml").read_text(encoding="utf-8")

    language, changed = po.import_po(po_file, opened)

    assert (language, changed) == ("uk", 1)
    updated = (brochure / "uk.yaml").read_text(encoding="utf-8")
    assert load_variant(brochure, "uk").content.pages[2].title == "Нова назва!"
    changed_lines = [a for a, b in zip(original.splitlines(), updated.splitlines()) if a != b]
    assert len(changed_lines) == 1 and len(original.splitlines()) == len(updated.splitlines())
    assert load_variant(brochure, "uk").status.of("stale") == []


def test_po_import_fills_a_partial_translation(brochure: Path, tmp_path: Path) -> None:
    """A new language with one text: export, translate one more text, import."""
    (brochure / "fr.yaml").write_text("meta:\n  title: Enquête 2019\n", encoding="utf-8")
    opened = load.open_folder(brochure)
    po_file = tmp_path / "fr.po"
    po_file.write_bytes(po.export(opened, "fr"))
    with po_file.open("rb") as handle:
        catalog = read_po(handle)
    # unconfirmed texts go out marked fuzzy, for the translator to review
    assert catalog.get(catalog_title := next(m.id for m in catalog if m.context == "meta.title"),
                       context="meta.title").fuzzy
    catalog.get("Kontakt", context="pages[9].contact.title").string = "Contact"
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)

    language, changed = po.import_po(po_file, opened)

    assert (language, changed) == ("fr", 1)
    loaded = load_variant(brochure, "fr")
    assert loaded.content.pages[-1].contact.title == "Contact"
    assert loaded.content.meta.title == "Enquête 2019" != catalog_title
    assert loaded.content.pages[2].title == "Das macht Bündnisse stark!"  # falls back
    assert len(loaded.status.of("missing")) == 97
    assert [e.path for e in loaded.status.of("stale")] == [("meta", "title")]


def test_po_import_rejects_a_foreign_file(brochure: Path, tmp_path: Path) -> None:
    po_file = tmp_path / "x.po"
    po_file.write_text('msgid ""\nmsgstr ""\n"Language: tr\\n"\n\nmsgctxt "pages[99].title"\n'
                       'msgid "x"\nmsgstr "y"\n', encoding="utf-8")
    with pytest.raises(UserError, match=r"'pages\[99\].title' is not a text of de.yaml"):
        po.import_po(po_file, load.open_folder(brochure))


def test_translation_with_a_different_shape_is_located(brochure: Path) -> None:
    edit(brochure / "en.yaml", "  - kind: cover\n", "  - kind: cover\n    extra: 1\n")
    with pytest.raises(UserError) as caught:
        load_variant(brochure, "en")
    assert "en.yaml:" in str(caught.value) and "'extra' is not in the source language file" in (
        str(caught.value))


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
    long_text = ("Alliances also recruit partners by presenting their projects, successes and "
                 "plans in local newspapers, on the radio and at town fairs. ") * 9
    file.write_text(text.replace(line, line.split("- ")[0] + "- " + long_text), encoding="utf-8")
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["en"], output_dir=tmp_path / "out")
    (issue,) = caught.value.issues
    assert issue.file == file and issue.path.startswith("pages[3].cards[4].items[")
    assert issue.message.startswith('does not fit: page 3 "This is what makes alliances strong!"')
    assert "spills onto" in issue.message
    assert issue.line == text.splitlines().index(line) + 1
