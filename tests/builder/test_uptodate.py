"""The up-to-date key is what the build read (report/builder/uptodate.py): each file a PDF's build
opened (or looked for and did not find) decides whether it is built again, and no other file
does; so do the tool's own files, however deep in its package, the engine and the system
libraries under it. The key, the record kept beside a PDF and the check of a snapshot against
it are tested first on their own; then a tiny brochure is built and changed."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from report.base import resources
from report.base.inputs import ABSENT, Inputs
from report.builder import run as builder
from report.builder import uptodate
from report.pdf.profiles import PROFILES

from ..helpers import PICTURE, edit, tiny

SCREEN = PROFILES["screen"]

# --- the key, the record and the check, without a build ------------------------------------

DEPENDENCIES = [
    ("read", "de.yaml", "9:abc"),
    ("stat", "templates", ABSENT),
    ("list", "images", "f00"),
]


def test_the_key_is_the_dependencies_in_any_order_the_language_profile_and_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    key = uptodate.key("de", "screen", DEPENDENCIES)
    assert uptodate.key("de", "screen", [*reversed(DEPENDENCIES), DEPENDENCIES[0]]) == key
    others = {
        uptodate.key("en", "screen", DEPENDENCIES),
        uptodate.key("de", "print", DEPENDENCIES),
        uptodate.key("de", "screen", DEPENDENCIES[:2]),
        uptodate.key("de", "screen", [("read", "de.yaml", "9:abd"), *DEPENDENCIES[1:]]),
        uptodate.key("de", "screen", [("stat", "de.yaml", "9:abc"), *DEPENDENCIES[1:]]),
    }
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1580515200")
    others.add(uptodate.key("de", "screen", DEPENDENCIES))
    assert key not in others and len(others) == 6


def test_a_record_is_kept_beside_the_pdf_and_read_back(tmp_path: Path) -> None:
    target = tmp_path / "tiny-de.pdf"
    uptodate.remember(
        target,
        "de",
        "screen",
        [*DEPENDENCIES, DEPENDENCIES[0]],
        b"%PDF-1.7 x",
        pages=2,
        warnings=["a warning"],
        misfits=[],
        untranslated=["a note"],
        seconds=1.23456,
    )
    assert uptodate.record_path(target) == tmp_path / ".report" / "tiny-de.pdf.json"
    assert uptodate.read_record(target) == uptodate.Record(
        uptodate.key("de", "screen", DEPENDENCIES),
        hashlib.sha256(b"%PDF-1.7 x").hexdigest(),
        2,
        10,
        ["a warning"],
        [],
        ["a note"],
        1.235,
        sorted(DEPENDENCIES),
    )
    assert uptodate.last_seconds(target) == 1.235
    uptodate.forget(target)
    assert uptodate.read_record(target) is None and uptodate.last_seconds(target) is None


@pytest.mark.parametrize("damage", ["not json", '{"key": "k"}', "[1, 2]", ""])
def test_a_damaged_record_is_no_record(tmp_path: Path, damage: str) -> None:
    target = tmp_path / "tiny-de.pdf"
    uptodate.remember(
        target,
        "de",
        "screen",
        DEPENDENCIES,
        b"%PDF",
        pages=1,
        warnings=[],
        misfits=[],
        untranslated=[],
    )
    uptodate.record_path(target).write_text(damage, encoding="utf-8")
    assert uptodate.read_record(target) is None


@pytest.mark.parametrize(
    ("reported", "strict", "allow_overflow", "accepted"),
    [
        ({}, True, False, True),
        ({"warnings": ["w"]}, False, False, True),
        ({"warnings": ["w"]}, True, False, False),
        ({"untranslated": ["u"]}, False, False, True),
        ({"untranslated": ["u"]}, True, True, False),
        ({"misfits": ["m"]}, False, False, False),
        ({"misfits": ["m"]}, False, True, True),
        ({"misfits": ["m"], "warnings": ["w"]}, True, True, False),
    ],
)
def test_a_record_is_accepted_only_by_a_build_that_would_accept_its_outcome(
    reported: dict[str, list[str]], strict: bool, allow_overflow: bool, accepted: bool
) -> None:
    record = uptodate.Record("key", "sha", 1, 1, **reported)
    assert record.acceptable(strict=strict, allow_overflow=allow_overflow) is accepted


def small(root: Path) -> Path:
    """A brochure folder the check can look at (nothing in it needs to be valid content)."""
    (root / "images").mkdir(parents=True)
    (root / "brochure.yaml").write_text("slug: tiny\nsource_language: de\n", encoding="utf-8")
    for language in ("de", "en"):
        (root / f"{language}.yaml").write_text(f"meta: {{title: {language}}}\n", encoding="utf-8")
    (root / "images" / "p.svg").write_text(PICTURE.format(colour="#336699"), encoding="utf-8")
    return root


def written(root: Path, out: Path, language: str, **reported: list[str]) -> Path:
    """A PDF of one language as a build leaves it: what the build read recorded beside it."""
    inputs = Inputs(root)
    with inputs.recording() as read:
        inputs.read(root / "de.yaml")
        inputs.read(root / f"{language}.yaml")
        inputs.read(root / "images" / "p.svg")
        inputs.is_dir(root / "templates")
    target = out / f"tiny-{language}.pdf"
    data = f"%PDF-1.7 {language}".encode()
    out.mkdir(exist_ok=True)
    target.write_bytes(data)
    uptodate.remember(
        target,
        language,
        "screen",
        read,
        data,
        pages=2,
        warnings=reported.get("warnings", []),
        misfits=reported.get("misfits", []),
        untranslated=[],
    )
    return target


def _edit_picture(root: Path, out: Path) -> None:
    (root / "images" / "p.svg").write_text(PICTURE.format(colour="#993366"), encoding="utf-8")


# (what changes, whether the German PDF is still up to date)
CHANGES = [
    ("nothing", lambda root, out: None, True),
    ("a file it did not read", lambda root, out: (root / "notes.txt").write_text("x"), True),
    ("another language", lambda root, out: (root / "en.yaml").write_text("meta: {}\n"), True),
    ("a file it read", lambda root, out: (root / "de.yaml").write_text("meta: {}\n"), False),
    ("a picture it read", _edit_picture, False),
    ("a file it read, removed", lambda root, out: (root / "images" / "p.svg").unlink(), False),
    ("a folder it looked for", lambda root, out: (root / "templates").mkdir(), False),
    ("the PDF", lambda root, out: (out / "tiny-de.pdf").write_bytes(b"%PDF-1.7 edited"), False),
    ("the PDF, removed", lambda root, out: (out / "tiny-de.pdf").unlink(), False),
    ("the record, removed", lambda root, out: uptodate.forget(out / "tiny-de.pdf"), False),
]


@pytest.mark.parametrize(
    ("change", "still_current"), [(c[1], c[2]) for c in CHANGES], ids=[c[0] for c in CHANGES]
)
def test_a_pdf_is_current_until_something_its_build_read_changes(
    tmp_path: Path, change, still_current: bool
) -> None:
    root, out = small(tmp_path / "brochure"), tmp_path / "out"
    target = written(root, out, "de")
    change(root, out)
    record = uptodate.Snapshot(root, out).current(target, "de", SCREEN)
    assert (record is not None) is still_current
    if still_current:
        assert record == uptodate.read_record(target)


def test_a_change_undone_makes_the_pdf_current_again(tmp_path: Path) -> None:
    """The key is the state of what was read, not the time it changed."""
    root, out = small(tmp_path / "brochure"), tmp_path / "out"
    target = written(root, out, "de")
    original = (root / "images" / "p.svg").read_bytes()
    _edit_picture(root, out)
    assert uptodate.Snapshot(root, out).current(target, "de", SCREEN) is None
    (root / "images" / "p.svg").write_bytes(original)
    assert uptodate.Snapshot(root, out).current(target, "de", SCREEN) is not None


def test_a_record_answers_only_for_its_own_language_and_profile(tmp_path: Path) -> None:
    root, out = small(tmp_path / "brochure"), tmp_path / "out"
    target = written(root, out, "de")
    snapshot = uptodate.Snapshot(root, out)
    assert snapshot.current(target, "de", PROFILES["print"]) is None
    assert snapshot.current(target, "en", SCREEN) is None


def test_up_to_date_means_every_requested_pdf_is_current_and_acceptable(tmp_path: Path) -> None:
    root, out = small(tmp_path / "brochure"), tmp_path / "out"
    written(root, out, "de")
    snapshot = uptodate.Snapshot(root, out)
    assert snapshot.languages == ["de", "en"]
    assert (
        uptodate.up_to_date(snapshot, None, ["screen"], strict=False, allow_overflow=False) is None
    )  # English was never built
    written(root, out, "en", warnings=["an engine warning"])
    fresh = uptodate.up_to_date(
        uptodate.Snapshot(root, out), None, ["screen"], strict=False, allow_overflow=False
    )
    assert fresh is not None
    assert [(f.language, f.profile, f.path.name) for f in fresh] == [
        ("de", "screen", "tiny-de.pdf"),
        ("en", "screen", "tiny-en.pdf"),
    ]
    assert (
        uptodate.up_to_date(
            uptodate.Snapshot(root, out), ["en"], ["screen"], strict=True, allow_overflow=False
        )
        is None
    )  # --strict refuses the warning
    assert (
        uptodate.up_to_date(
            uptodate.Snapshot(root, out),
            ["de"],
            ["screen", "print"],
            strict=False,
            allow_overflow=False,
        )
        is None
    )
    assert (
        uptodate.up_to_date(
            uptodate.Snapshot(root, out), ["fr"], ["screen"], strict=False, allow_overflow=False
        )
        is None
    )


# --- a tiny brochure, built and changed ----------------------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The tiny brochure and its output folder, built once."""
    base = tmp_path_factory.mktemp("built")
    root, out = tiny(base / "brochure"), base / "out"
    builder.build(root, output_dir=out, jobs=1)
    return root, out


@pytest.fixture
def copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built brochure and its output, free to change."""
    root, out = built
    shutil.copytree(root, tmp_path / "brochure")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "brochure", tmp_path / "out"


def stale(root: Path, out: Path) -> set[str]:
    """The languages whose screen PDF would be built again."""
    snapshot = uptodate.Snapshot(root, out)
    return {
        language
        for language in ("de", "en")
        if snapshot.current(out / f"tiny-{language}.pdf", language, SCREEN) is None
    }


@pytest.mark.e2e
def test_an_unchanged_brochure_is_up_to_date(copy: tuple[Path, Path]) -> None:
    assert stale(*copy) == set()


@pytest.mark.e2e
def test_a_picture_in_a_hidden_folder_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#993366"), encoding="utf-8")
    assert stale(root, out) == {"de", "en"}


@pytest.mark.e2e
def test_a_font_in_a_nested_hidden_folder_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    shutil.copyfile(
        resources.FONTS / "NotoSerif-Regular.ttf",
        root / "fonts" / ".licensed" / "brand" / "Brand-Regular.ttf",
    )
    assert stale(root, out) == {"de", "en"}


@pytest.mark.e2e
def test_a_template_override_added_after_the_build_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    own = root / "templates" / "pages"
    own.mkdir(parents=True)
    shutil.copyfile(resources.TEMPLATES / "pages" / "cover.html", own / "cover.html")
    assert stale(root, out) == {"de", "en"}


@pytest.mark.e2e
def test_an_override_beside_one_the_build_used_rebuilds(tmp_path: Path) -> None:
    """With a templates folder of its own, the build looked there for every template: one
    added there later (not a new folder) is seen too."""
    root, out = tiny(tmp_path / "brochure"), tmp_path / "out"
    (root / "en.yaml").unlink()
    own = root / "templates" / "pages"
    own.mkdir(parents=True)
    shutil.copyfile(resources.TEMPLATES / "pages" / "back.html", own / "back.html")
    builder.build(root, output_dir=out, jobs=1)
    assert uptodate.Snapshot(root, out).current(out / "tiny-de.pdf", "de", SCREEN) is not None
    shutil.copyfile(resources.TEMPLATES / "pages" / "cover.html", own / "cover.html")
    assert uptodate.Snapshot(root, out).current(out / "tiny-de.pdf", "de", SCREEN) is None


@pytest.mark.e2e
def test_a_translation_rebuilds_only_its_own_language(copy: tuple[Path, Path]) -> None:
    root, out = copy
    edit(root / "en.yaml", "title: Thank you", "title: Thanks a lot")
    assert stale(root, out) == {"en"}
    edit(root / "de.yaml", "title: Danke", "title: Vielen Dank")
    assert stale(root, out) == {"de", "en"}


@pytest.mark.e2e
def test_files_the_build_never_read_change_nothing(copy: tuple[Path, Path]) -> None:
    """The key is what was read: notes, exports and another language's file beside the
    brochure are not in it."""
    root, out = copy
    (root / "notes.txt").write_text("to do: ask the printer\n", encoding="utf-8")
    (root / "tiny-en.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    (root / ".assets" / "unused.svg").write_text(PICTURE.format(colour="#000000"), encoding="utf-8")
    (root / "fr.yaml").write_text("meta:\n  title: Petit livret\n", encoding="utf-8")
    assert stale(root, out) == set()


@pytest.mark.e2e
def test_a_file_in_a_subpackage_of_the_tool_rebuilds(
    copy: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tool's own code counts however deep it lies in the package (a copy of the package
    stands in for the installed one)."""
    root, out = copy
    package = tmp_path / "package"
    shutil.copytree(resources.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(resources, "PACKAGE", package)
    uptodate.tool_digest.cache_clear()
    try:
        assert stale(root, out) == set()  # the same files are the same tool
        model = package / "content" / "model.py"
        model.write_text(model.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
        uptodate.tool_digest.cache_clear()
        assert stale(root, out) == {"de", "en"}
    finally:
        uptodate.tool_digest.cache_clear()


@pytest.mark.e2e
def test_the_engine_and_its_libraries_are_in_the_key(
    copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, out = copy
    versions = uptodate.library_versions()
    names = [line.split()[0] for line in versions]
    assert names == [
        "libpango-1.0.so.0",
        "libharfbuzz.so.0",
        "libfontconfig.so.1",
        "libfribidi.so.0",
    ]
    assert all(line.split()[1][0].isdigit() for line in versions), versions
    original = uptodate.metadata.version
    monkeypatch.setattr(
        uptodate.metadata,
        "version",
        lambda name: "71.0" if name == "weasyprint" else original(name),
    )
    uptodate.tool_digest.cache_clear()
    try:
        assert stale(root, out) == {"de", "en"}
    finally:
        uptodate.tool_digest.cache_clear()
    monkeypatch.setattr(uptodate, "library_versions", lambda: [*versions[:2], "fc 0"])
    uptodate.tool_digest.cache_clear()
    try:
        assert stale(root, out) == {"de", "en"}
    finally:
        uptodate.tool_digest.cache_clear()


@pytest.mark.e2e
def test_the_date_to_write_is_in_the_key(
    copy: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1580515200")
    assert stale(*copy) == {"de", "en"}


@pytest.mark.e2e
def test_a_build_after_a_change_builds_what_changed_and_nothing_else(
    copy: tuple[Path, Path],
) -> None:
    root, out = copy
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#993366"), encoding="utf-8")
    edit(root / "en.yaml", "title: Thank you", "title: Thanks a lot")
    outputs = builder.build(root, output_dir=out, jobs=1)
    assert {o.language: o.up_to_date for o in outputs} == {"de": False, "en": False}
    edit(root / "en.yaml", "title: Thanks a lot", "title: Many thanks")
    outputs = builder.build(root, output_dir=out, jobs=1)
    assert {o.language: o.up_to_date for o in outputs} == {"de": True, "en": False}
