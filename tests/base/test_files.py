"""The names of a brochure folder's files and of what a build writes (report/base/files.py), the
names a user may have meant by a file that is not there, and writing a file so that it is the
old one or the complete new one, never half of either."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from report.base import files


@pytest.mark.parametrize(
    ("name", "language"),
    [
        ("de.yaml", "de"),
        ("pt-BR.yaml", "pt-BR"),
        ("ckb.yaml", "ckb"),
        ("brochure.yaml", None),  # the settings, not a language
        ("notes.yaml", None),
        ("de.yml", None),
        ("de.yaml.bak", None),
        ("DE.yaml", None),
        ("de.po", None),
    ],
)
def test_the_language_a_file_name_holds(name: str, language: str | None) -> None:
    assert files.language_of(name) == language


def test_the_names_of_a_folders_files_and_of_the_outputs(tmp_path: Path) -> None:
    assert files.language_file(tmp_path, "tr") == tmp_path / "tr.yaml"
    assert files.fingerprints_file(tmp_path, "tr") == tmp_path / "i18n" / "tr.sources.json"
    assert files.pdf_name("report-2019", "de") == "report-2019-de.pdf"
    assert files.pdf_name("report-2019", "de", "-print") == "report-2019-de-print.pdf"
    assert files.catalog_name("report-2019", "uk") == "report-2019-uk.po"
    assert files.newsletter_folder("report-2019", "ar") == "report-2019-ar-newsletter"
    assert files.catalog_files(tmp_path, "report-2019", "uk") == (
        tmp_path / "i18n" / "uk.po",
        tmp_path / "i18n" / "report-2019-uk.po",
    )


def test_a_brochure_folder_is_one_with_a_settings_file(tmp_path: Path) -> None:
    assert not files.is_brochure(tmp_path)
    (tmp_path / "brochure.yaml").mkdir()
    assert not files.is_brochure(tmp_path)  # a folder of that name is no settings file
    (tmp_path / "brochure.yaml").rmdir()
    (tmp_path / "brochure.yaml").write_text("slug: x\n", encoding="utf-8")
    assert files.is_brochure(tmp_path)


# --- a file that is not there ------------------------------------------------------------------

PICTURES = (".svg", ".png", ".jpg", ".jpeg")
# A name as a Mac writes it: the accent as a character of its own after the letter.
MUELL_DECOMPOSED = unicodedata.normalize("NFD", "Müll.svg")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A brochure folder with pictures, one of them in a hidden folder, and a font."""
    for name in (
        "images/elterncafe.svg",
        "images/Café.svg",
        f"images/{MUELL_DECOMPOSED}",
        "images/icon-structures.svg",
        "images/icon-partners.svg",
        "images/notes.txt",
        ".assets/p.svg",
        "logos/logo.svg",
        "fonts/House-Bold.ttf",
        "output/de-newsletter/cover.png",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "empty").mkdir()
    return tmp_path


def test_the_nearest_names_ignore_case_and_accents_then_spelling(folder: Path) -> None:
    images = folder / "images"
    assert files.nearest_names(images, "ELTERNCAFÉ.SVG") == ["elterncafe.svg"]
    assert files.nearest_names(images, "cafe.svg") == ["Café.svg"]
    assert files.nearest_names(images, "icon-structure.svg") == ["icon-structures.svg"]
    assert files.nearest_names(images, "icon-partner.png", PICTURES) == ["icon-partners.svg"]
    assert files.nearest_names(images, "notes.svg", PICTURES) == []  # notes.txt is no picture
    assert files.nearest_names(images, "zebra.svg") == []
    assert files.nearest_names(folder, "Images", folders=True) == ["images"]
    assert files.nearest_names(folder, "assets", folders=True) == []  # hidden: not for `assets`
    assert files.nearest_names(folder, ".Assets", folders=True) == [".assets"]
    assert files.nearest_names(folder / "nowhere", "x.svg") == []


@pytest.mark.parametrize(
    ("src", "hint"),
    [
        (
            "images/Elterncafe.svg",
            "did you mean images/elterncafe.svg? (the name differs only in upper/lower case; "
            "file names are case-sensitive)",
        ),
        (
            "Images/elterncafe.svg",
            "did you mean images/elterncafe.svg? (the name differs only in upper/lower case; "
            "file names are case-sensitive)",
        ),
        ("images/Cafe.svg", "did you mean images/Café.svg? (the name differs only in accents)"),
        (
            "images/cafe.svg",
            "did you mean images/Café.svg? (the name differs only in accents and upper/lower case)",
        ),
        (
            "images/Müll.svg",
            f"did you mean images/{MUELL_DECOMPOSED}? (the names look the same, but one stores "
            "its accents as separate characters; rename the file, typing its name anew)",
        ),
        ("images/icon-structure.svg", "did you mean images/icon-structures.svg?"),
        ("imgs/elterncafe.svg", "did you mean images/elterncafe.svg?"),
        (
            "./images/Elterncafe.svg",
            "did you mean images/elterncafe.svg? (the name differs "
            "only in upper/lower case; file names are case-sensitive)",
        ),
        ("logo.svg", "did you mean logos/logo.svg?"),  # the same name in another folder
        ("pictures/logo.svg", "did you mean logos/logo.svg?"),
        (
            "images/zebra.svg",
            "no file in images/ has a similar name; it holds: Café.svg, elterncafe.svg, "
            f"icon-partners.svg, icon-structures.svg, {MUELL_DECOMPOSED}",
        ),
        ("empty/zebra.svg", "empty/ holds no .svg, .png, .jpg or .jpeg file"),
        (
            "pictures/zebra.svg",
            "there is no folder pictures/ in the brochure folder; its folders are: empty/, "
            "fonts/, images/, logos/, output/",
        ),
        ("cover.png", "the brochure folder holds no .svg, .png, .jpg or .jpeg file"),  # not output/
    ],
)
def test_a_missing_file_is_answered_with_the_names_there_are(
    folder: Path, src: str, hint: str
) -> None:
    assert files.missing_file_hint(folder, src, PICTURES) == hint


def test_without_a_close_name_the_folder_is_listed_up_to_eight_names(tmp_path: Path) -> None:
    for number in range(1, 12):
        (tmp_path / f"photo-{number:02}.jpg").write_bytes(b"")
    assert files.missing_file_hint(tmp_path, "zebra.svg", otherwise="add it") == (
        "no file in the brochure folder has a similar name; it holds: photo-01.jpg, "
        "photo-02.jpg, photo-03.jpg, photo-04.jpg, photo-05.jpg, photo-06.jpg, photo-07.jpg, "
        "photo-08.jpg (and 3 more); add it"
    )


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_a_write_replaces_the_file_and_leaves_nothing_beside_it(tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    files.write_atomically(target, b"first")
    files.write_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable, as a plain write makes it


def test_a_failed_rename_keeps_the_old_file_and_leaves_no_part_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def failing_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        files.write_atomically(target, b"new")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.pdf"]


def test_a_write_that_fails_halfway_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk fills up after part of the data is written (here: when it is flushed to the
    disk): the target is untouched and the half-written temporary file is gone."""
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")

    def no_space(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", no_space)
    with pytest.raises(OSError, match="No space left"):
        files.write_atomically(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_temporary_files_of_killed_builds_are_cleaned_up(tmp_path: Path) -> None:
    """A .part file whose process is gone is removed by the next write; a live one is kept,
    and so are the part files of another target."""
    target = tmp_path / "x.pdf"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    orphan = tmp_path / f".x.pdf.{dead}.abc123.part"
    orphan.write_bytes(b"half a PDF")
    live = tmp_path / f".x.pdf.{os.getpid()}.def456.part"
    live.write_bytes(b"being written")
    other = tmp_path / f".y.pdf.{dead}.abc123.part"
    other.write_bytes(b"half of another PDF")
    files.write_atomically(target, b"new")
    assert target.read_bytes() == b"new"
    assert not orphan.exists() and live.exists() and other.exists()
