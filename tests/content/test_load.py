"""The load stage (report/content/load.py): a brochure folder opened (its settings, its languages,
source first, where its templates are looked up), its languages loaded, each with the problems
that keep only it from being built, and with what it read, so that a PDF's up-to-date key holds
the files of its own language and no other."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.base import resources
from report.base.errors import UserError
from report.base.inputs import ABSENT
from report.content import load

from ..helpers import SHIPPED, edit, tiny


def read_files(dependencies: frozenset) -> set[str]:
    return {path for kind, path, _ in dependencies if kind == "read"}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """The tiny brochure: German and English, a picture in a hidden folder."""
    return tiny(tmp_path / "brochure")


# --- opening a folder ------------------------------------------------------------------------


def test_the_shipped_brochure_declares_its_languages_source_first() -> None:
    opened = load.open_folder(SHIPPED)
    assert opened.source_language == "de"
    assert opened.slug == "lokale-buendnisse-befragung-2019-teil-2"
    assert opened.languages == ("de", "ar", "en", "tr", "uk")
    assert opened.file("tr") == SHIPPED / "tr.yaml"


def test_the_languages_are_the_files_with_a_language_code_as_name(folder: Path) -> None:
    for name in ("notes.yaml", "en.yml", "de.yaml.bak"):
        (folder / name).write_text("meta: {}\n", encoding="utf-8")
    (folder / "pt-BR.yaml").write_text("meta: {}\n", encoding="utf-8")
    edit(folder / "brochure.yaml", "source_language: de", "source_language: en")
    assert load.open_folder(folder).languages == ("en", "de", "pt-BR")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda root: root / "nowhere", "no such brochure folder"),
        (lambda root: root / "de.yaml", "is not a folder"),
        (lambda root: ((root / "brochure.yaml").unlink(), root)[1], "brochure.yaml: is missing"),
        (
            lambda root: ((root / "de.yaml").unlink(), root)[1],
            "there is no de.yaml for the source language 'de'",
        ),
        (
            lambda root: (
                (root / "brochure.yaml").write_text("slug: Tiny!\n", encoding="utf-8"),
                root,
            )[1],
            "use lower-case letters",
        ),
    ],
)
def test_a_folder_that_is_no_brochure_is_refused(folder: Path, make, words: str) -> None:
    with pytest.raises(UserError, match=words):
        load.open_folder(make(folder))


def test_a_source_language_without_its_file_is_shown_where_brochure_yaml_names_it(
    folder: Path,
) -> None:
    edit(folder / "brochure.yaml", "source_language: de", "source_language: xx")
    with pytest.raises(UserError) as caught:
        load.open_folder(folder)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.column, issue.path) == (
        folder / "brochure.yaml",
        2,
        18,
        "source_language",
    )
    assert issue.message == "there is no xx.yaml for the source language 'xx'"
    assert issue.hint == (
        "the language files here are de.yaml, en.yaml: set source_language to one of de, en, "
        "or add xx.yaml"
    )


def test_the_default_source_language_without_its_file_is_shown_at_the_top(folder: Path) -> None:
    edit(folder / "brochure.yaml", "source_language: de\n", "")
    (folder / "de.yaml").unlink()
    with pytest.raises(UserError) as caught:
        load.open_folder(folder)
    (issue,) = caught.value.issues
    assert (issue.file, issue.line, issue.column, issue.path) == (
        folder / "brochure.yaml",
        1,
        1,
        "source_language",
    )
    assert issue.message == "there is no de.yaml for the source language 'de' (the default)"
    assert issue.hint == (
        "the only language file here is en.yaml: set source_language to en, or add de.yaml"
    )


def test_own_templates_are_looked_up_first_and_the_look_is_recorded(folder: Path) -> None:
    opened = load.open_folder(folder)
    assert opened.template_path == (resources.TEMPLATES,)
    assert ("stat", "templates", ABSENT) in opened.dependencies
    assert read_files(opened.dependencies) == {"brochure.yaml"}
    (folder / "templates").mkdir()
    opened = load.open_folder(folder)
    assert opened.template_path == (folder / "templates", resources.TEMPLATES)
    assert ("stat", "templates", "folder") in opened.dependencies


# --- loading its languages -------------------------------------------------------------------


def test_every_language_is_loaded_the_source_first(folder: Path) -> None:
    loaded = load.load(folder)
    assert list(loaded.variants) == ["de", "en"] and loaded.problems == {}
    assert loaded.variants["de"] == loaded.source
    english = loaded.variants["en"]
    assert english.content.pages[0].title == "Small booklet"
    assert english.file == folder / "en.yaml"
    assert loaded.source.status is None and english.status is not None
    assert set(loaded.pictures) == {".assets/p.svg"}


def test_a_translation_alone_still_loads_its_source(folder: Path) -> None:
    loaded = load.load(folder, ["en"])
    assert list(loaded.variants) == ["en"]
    assert loaded.source.language == "de" and loaded.source.content.pages[1].title == "Danke"


def test_a_language_the_folder_does_not_have_is_refused_with_those_it_has(folder: Path) -> None:
    with pytest.raises(UserError) as caught:
        load.load(folder, ["en", "fr", "ar"])
    assert [issue.message for issue in caught.value.issues] == [
        "no content for language 'fr'",
        "no content for language 'ar'",
    ]
    assert caught.value.issues[0].hint == "this brochure has: de, en"


def test_what_a_translation_leaves_out_falls_back_and_is_kept_with_it(folder: Path) -> None:
    english = load.load(folder, ["en"]).variants["en"]
    assert ("meta", "title") not in english.fallback
    assert ("pages", 1, "contact", "address", 0) in english.fallback
    assert english.content.pages[1].contact.address[0] == "Marktplatz 1"
    missing = [entry.path for entry in english.status.of("missing")]
    assert ("pages", 1, "contact", "address", 0) in missing


def test_problems_of_a_translation_keep_only_that_language_from_being_built(folder: Path) -> None:
    edit(folder / "en.yaml", "  - title: Thank you\n", "  - title: Thank you\n    titel: x\n")
    loaded = load.load(folder)
    assert list(loaded.variants) == ["de"]
    (issue,) = loaded.problems["en"]
    assert issue.file == folder / "en.yaml" and "'titel' is not in the source" in issue.message


def test_a_picture_only_a_translation_names_keeps_only_that_language_back(folder: Path) -> None:
    edit(
        folder / "en.yaml",
        "    image: {alt: A blue rectangle}",
        "    image: {src: .assets/missing.svg, alt: A blue rectangle}",
    )
    loaded = load.load(folder)
    assert list(loaded.variants) == ["de"]
    (issue,) = loaded.problems["en"]
    assert (issue.file, issue.path) == (folder / "en.yaml", "pages[1].image.src")
    assert issue.message == "picture not found: .assets/missing.svg"
    assert issue.hint == (
        "no file in .assets/ has a similar name; it holds: p.svg; add the picture at that "
        "path, or correct the path"
    )


def test_a_po_file_kept_in_the_folder_is_named_in_the_hints_of_its_language(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader looks for the language's PO file in i18n/ (recorded, so that a PO file put
    there later changes the notes of an up-to-date PDF), and the hints name it."""
    monkeypatch.chdir(folder)
    english = load.load(folder).variants["en"]
    assert english.status is not None
    assert {e.where.hint for e in english.status.of("missing")} == {
        "add the translation to en.yaml"
    }
    assert {("stat", "i18n/en.po", ABSENT), ("stat", "i18n/tiny-en.po", ABSENT)} <= (
        english.dependencies
    )
    (folder / "i18n").mkdir()
    (folder / "i18n" / "tiny-en.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    loaded = load.load(folder)
    english = loaded.variants["en"]
    assert english.status is not None
    assert {e.where.hint for e in english.status.of("missing")} == {
        "translate it in i18n/tiny-en.po, then run: report i18n import i18n/tiny-en.po"
    }
    assert ("stat", "i18n/tiny-en.po", "file") in english.dependencies
    assert not any("tiny-en.po" in path for _, path, _ in loaded.source.dependencies)


def test_problems_of_the_source_stop_every_language(folder: Path) -> None:
    edit(folder / "de.yaml", "    title: Danke", "    title: Danke\n    titel: x")
    with pytest.raises(UserError) as caught:
        load.load(folder, ["en"])
    (issue,) = caught.value.issues
    assert issue.file == folder / "de.yaml" and issue.message == "unknown key 'titel'"


def test_a_missing_picture_of_the_source_stops_every_language(folder: Path) -> None:
    (folder / ".assets" / "p.svg").unlink()
    with pytest.raises(UserError) as caught:
        load.load(folder, ["en"])
    (issue,) = caught.value.issues
    assert (issue.file, issue.path) == (folder / "de.yaml", "pages[1].image.src")


def test_each_language_keeps_what_it_read_and_nothing_of_another(folder: Path) -> None:
    """The source read its file and its picture; a translation read the source too, and looked
    for its record of confirmed texts; neither holds the other translation's file."""
    (folder / "uk.yaml").write_text(
        (folder / "en.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    loaded = load.load(folder)
    german, english = loaded.variants["de"], loaded.variants["en"]
    assert read_files(german.dependencies) == {"de.yaml", ".assets/p.svg"}
    assert read_files(english.dependencies) == {"de.yaml", "en.yaml", ".assets/p.svg"}
    assert ("stat", "i18n/en.sources.json", ABSENT) in english.dependencies
    assert not any("uk" in path for _, path, _ in english.dependencies | german.dependencies)
    assert not any("en" in path for _, path, _ in german.dependencies)
