"""The up-to-date key is what the build read: each file a PDF's build opened (or looked for and
did not find) decides whether it is built again, and no other file does; so do the tool's own
files, however deep in its package, the engine and the system libraries under it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.base import resources
from report.builder import run as builder
from report.builder import uptodate
from report.pdf.profiles import PROFILES

from ..helpers import edit

SCREEN = PROFILES["screen"]
PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30" width="40" height="30">
<rect width="40" height="30" fill="{colour}"/></svg>
"""


def tiny(root: Path) -> Path:
    """A two-page brochure in German and English whose picture lies in a hidden folder and
    whose text font lies in a nested hidden folder (both named in the YAML)."""
    (root / ".assets").mkdir(parents=True)
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#336699"), encoding="utf-8")
    fonts = root / "fonts" / ".licensed" / "brand"
    fonts.mkdir(parents=True)
    for style in ("Regular", "Bold"):
        shutil.copyfile(resources.FONTS / f"NotoSans-{style}.ttf", fonts / f"Brand-{style}.ttf")
    (root / "brochure.yaml").write_text(
        "slug: tiny\nsource_language: de\ntheme:\n  fonts:\n    text:\n"
        "      regular: fonts/.licensed/brand/Brand-Regular.ttf\n"
        "      bold: fonts/.licensed/brand/Brand-Bold.ttf\n", encoding="utf-8")
    (root / "de.yaml").write_text("""meta:
  title: Kleines Heft
  author: Jemand
pages:
  - kind: cover
    title: Kleines Heft
    image: {src: .assets/p.svg, alt: Ein blaues Rechteck}
  - kind: back
    title: Danke
    contact:
      title: Kontakt
      address: [Marktplatz 1, 12345 Musterstadt]
""", encoding="utf-8")
    (root / "en.yaml").write_text("""meta:
  title: Small booklet
  author: Someone
pages:
  - title: Small booklet
    image: {alt: A blue rectangle}
  - title: Thank you
    contact:
      title: Contact
""", encoding="utf-8")
    return root


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
    return {language for language in ("de", "en")
            if snapshot.current(out / f"tiny-{language}.pdf", language, SCREEN) is None}


def test_an_unchanged_brochure_is_up_to_date(copy: tuple[Path, Path]) -> None:
    assert stale(*copy) == set()


def test_a_picture_in_a_hidden_folder_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#993366"), encoding="utf-8")
    assert stale(root, out) == {"de", "en"}


def test_a_font_in_a_nested_hidden_folder_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    shutil.copyfile(resources.FONTS / "NotoSerif-Regular.ttf",
                    root / "fonts" / ".licensed" / "brand" / "Brand-Regular.ttf")
    assert stale(root, out) == {"de", "en"}


def test_a_template_override_added_after_the_build_rebuilds(copy: tuple[Path, Path]) -> None:
    root, out = copy
    own = root / "templates" / "pages"
    own.mkdir(parents=True)
    shutil.copyfile(resources.TEMPLATES / "pages" / "cover.html", own / "cover.html")
    assert stale(root, out) == {"de", "en"}


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


def test_a_translation_rebuilds_only_its_own_language(copy: tuple[Path, Path]) -> None:
    root, out = copy
    edit(root / "en.yaml", "title: Thank you", "title: Thanks a lot")
    assert stale(root, out) == {"en"}
    edit(root / "de.yaml", "title: Danke", "title: Vielen Dank")
    assert stale(root, out) == {"de", "en"}


def test_files_the_build_never_read_change_nothing(copy: tuple[Path, Path]) -> None:
    """The key is what was read: notes, exports and another language's file beside the
    brochure are not in it."""
    root, out = copy
    (root / "notes.txt").write_text("to do: ask the printer\n", encoding="utf-8")
    (root / "tiny-en.po").write_text('msgid ""\nmsgstr ""\n', encoding="utf-8")
    (root / ".assets" / "unused.svg").write_text(PICTURE.format(colour="#000000"),
                                                 encoding="utf-8")
    (root / "fr.yaml").write_text("meta:\n  title: Petit livret\n", encoding="utf-8")
    assert stale(root, out) == set()


def test_a_file_in_a_subpackage_of_the_tool_rebuilds(copy: tuple[Path, Path], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The tool's own code counts however deep it lies in the package (a copy of the package
    stands in for the installed one)."""
    root, out = copy
    package = tmp_path / "package"
    shutil.copytree(resources.PACKAGE, package,
                    ignore=shutil.ignore_patterns("__pycache__"))
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


def test_the_engine_and_its_libraries_are_in_the_key(copy: tuple[Path, Path],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = copy
    versions = uptodate.library_versions()
    names = [line.split()[0] for line in versions]
    assert names == ["libpango-1.0.so.0", "libharfbuzz.so.0", "libfontconfig.so.1",
                     "libfribidi.so.0"]
    assert all(line.split()[1][0].isdigit() for line in versions), versions
    original = uptodate.metadata.version
    monkeypatch.setattr(uptodate.metadata, "version",
                        lambda name: "71.0" if name == "weasyprint" else original(name))
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


def test_the_date_to_write_is_in_the_key(copy: tuple[Path, Path],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1580515200")
    assert stale(*copy) == {"de", "en"}


def test_a_build_after_a_change_builds_what_changed_and_nothing_else(
        copy: tuple[Path, Path]) -> None:
    root, out = copy
    (root / ".assets" / "p.svg").write_text(PICTURE.format(colour="#993366"), encoding="utf-8")
    edit(root / "en.yaml", "title: Thank you", "title: Thanks a lot")
    outputs = builder.build(root, output_dir=out, jobs=1)
    assert {o.language: o.up_to_date for o in outputs} == {"de": False, "en": False}
    edit(root / "en.yaml", "title: Thanks a lot", "title: Many thanks")
    outputs = builder.build(root, output_dir=out, jobs=1)
    assert {o.language: o.up_to_date for o in outputs} == {"de": True, "en": False}
