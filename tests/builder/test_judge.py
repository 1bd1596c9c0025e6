"""One judgement of a rendered variant: the build, `report check --render` and the preview
report the same problems in the same words (translation notes included)."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.base.errors import UserError
from report.builder import judge
from report.builder import run as builder
from report.builder.check import check
from report.builder.variant import Rendering
from report.content import load
from report.design import brochure as brochures
from report.pdf.engine import Rendered
from report.pdf.profiles import PROFILES
from report.tools.preview.language import render_language
from report.tools.preview.state import Preview

from ..helpers import edit, tiny, warning_template


@pytest.fixture(scope="module")
def troubled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A brochure with one of each: a German cover whose title does not fit, a template
    the engine warns about, and an English text left untranslated."""
    root = tiny(tmp_path_factory.mktemp("judge") / "brochure")
    edit(
        root / "de.yaml",
        "    title: Kleines Heft\n    image",
        "    title: " + "Ein sehr langer Titel, der nicht passt " * 12 + "\n    image",
    )
    warning_template(root)
    edit(root / "en.yaml", "  - title: Thank you\n", "  - contact: {title: Contact}\n")
    edit(root / "en.yaml", "    contact:\n      title: Contact\n", "")
    return root


def _texts(issues: list) -> list[str]:
    return sorted(str(issue) for issue in issues)


@pytest.mark.e2e
def test_build_check_and_preview_say_the_same(troubled: Path, tmp_path: Path) -> None:
    # the build: what does not fit (written anyway with allow_overflow, else refused), and
    # with --strict the warnings and notes
    with pytest.raises(UserError) as refused:
        builder.build(troubled, output_dir=tmp_path / "a", jobs=1)
    built = {
        o.language: o
        for o in builder.build(troubled, output_dir=tmp_path / "b", jobs=1, allow_overflow=True)
    }
    with pytest.raises(UserError) as strict:
        builder.build(troubled, output_dir=tmp_path / "c", jobs=1, strict=True, allow_overflow=True)
    # check --render: everything but the notes fails it; the notes come with the summary
    with pytest.raises(UserError) as checked:
        check(troubled, render=True)
    notes = {language: _texts(result.notes) for language, result in _check_notes(troubled).items()}
    # the preview: everything above the pages, by kind
    preview = Preview(troubled)
    preview.folder_read(load.open_folder(troubled))
    shown: dict[str, dict[str, list[str]]] = {}
    for language in ("de", "en"):
        render_language(preview, language, echo=lambda line: None)
        kinds: dict[str, list[str]] = {}
        for kind, issue in preview.columns[language].problems:
            kinds.setdefault(kind, []).append(str(issue))
        shown[language] = {kind: sorted(texts) for kind, texts in kinds.items()}

    misfits = _texts(refused.value.issues)
    assert misfits and all("does not fit" in text for text in misfits)
    assert misfits == sorted(built["de"].misfits) == shown["de"]["error"]
    assert [t for t in _texts(checked.value.issues) if "does not fit" in t] == misfits

    warnings = [t for t in _texts(strict.value.issues) if "layout engine warning" in t]
    assert len(warnings) == 2 and all("no-such-property" in t for t in warnings)
    assert warnings == [t for t in _texts(checked.value.issues) if "engine warning" in t]
    assert warnings == sorted(shown["de"]["warning"] + shown["en"]["warning"])

    untranslated = [t for t in _texts(strict.value.issues) if "engine warning" not in t]
    assert any("pages[2].title: not translated yet" in t for t in untranslated)
    assert untranslated == sorted(built["de"].untranslated + built["en"].untranslated)
    assert untranslated == sorted(notes["de"] + notes["en"])
    assert untranslated == sorted(shown["de"].get("translation", []) + shown["en"]["translation"])


def _check_notes(root: Path) -> dict:
    """check's notes per language, from a copy that fits (check fails on the misfit)."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "brochure"
        shutil.copytree(root, copy)
        (copy / "templates").rename(copy / "unused-templates")
        text = (copy / "de.yaml").read_text(encoding="utf-8")
        start = text.index("    title: Ein sehr")
        end = text.index("\n", start)
        (copy / "de.yaml").write_text(
            text[:start] + "    title: Kleines Heft" + text[end:], encoding="utf-8"
        )
        results = check(copy, render=True)
        # the notes name the copy's file: name the original's instead
        for result in results.values():
            result.notes = [
                type(note)(
                    root / note.file.name if note.file else None,
                    note.line,
                    note.column,
                    note.message,
                    note.path,
                    note.hint,
                )
                for note in result.notes
            ]
        return results


class _CompleteFurniture:
    """Stands in for the renderer: the page furniture has every string it needs."""

    def missing_interface_strings(self) -> list:
        return []


@pytest.mark.parametrize(
    ("setting", "pages", "place", "limit"),
    [
        ("page_limit: 10\n", 13, (8, 13), "10"),
        ("", 61, (1, 1), "60 (the default)"),
    ],
)
def test_more_pages_than_the_limit_is_shown_where_the_limit_is_set(
    tmp_path: Path, setting: str, pages: int, place: tuple[int, int], limit: str
) -> None:
    """The page limit is a setting of brochure.yaml: the error stands at `page_limit` there
    (at the top of the file where the default applies), not at a language file with no line."""
    root = tiny(tmp_path / "brochure")
    with (root / "brochure.yaml").open("a", encoding="utf-8") as settings:
        settings.write(setting)
    brochure = brochures.load(root)
    variant = brochure.variants["en"]
    rendering = Rendering(Rendered(b"", pages, [], []), _CompleteFurniture(), frozenset())
    (issue,) = judge.judge(brochure, variant, rendering, PROFILES["print"]).errors
    assert (issue.file, (issue.line, issue.column), issue.path) == (
        root / "brochure.yaml",
        place,
        "page_limit",
    )
    assert issue.message == f"'tiny' [en] has {pages} pages, more than the limit of {limit}"
    assert issue.hint == (
        "shorten en.yaml (see the fit report), or raise page_limit in brochure.yaml"
    )
