"""Every file a build reads, read once and written down (report/base/inputs.py): the bytes come
from disk once per build, each read and each look for a file is recorded where a recording is
open (recordings nest), and a recorded dependency can be checked against the folder now."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from report.base.inputs import ABSENT, OUTSIDE, Inputs, digest


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "brochure"
    (root / "images").mkdir(parents=True)
    (root / "de.yaml").write_text("meta: {}\n", encoding="utf-8")
    (root / "images" / "a.svg").write_text("<svg/>", encoding="utf-8")
    return root


def test_a_file_is_read_from_disk_once(folder: Path) -> None:
    """What a later stage reads is what the first one read: the bytes are kept (a file
    changed in between does not give a build two versions of it)."""
    inputs = Inputs(folder)
    first = inputs.read(folder / "de.yaml")
    (folder / "de.yaml").write_text("meta: {title: changed}\n", encoding="utf-8")
    assert inputs.read(folder / "de.yaml") == first == b"meta: {}\n"
    assert Inputs(folder).read(folder / "de.yaml") == b"meta: {title: changed}\n"


def test_a_file_over_the_limit_is_neither_kept_nor_recorded(folder: Path) -> None:
    inputs = Inputs(folder)
    with inputs.recording() as read:
        data = inputs.read(folder / "de.yaml", limit=4)
    assert data == b"meta:"  # one byte more than the limit: the caller sees it is too large
    assert read == set()
    assert inputs.read(folder / "de.yaml") == b"meta: {}\n"  # read whole when asked so


def test_reads_are_recorded_only_inside_a_recording(folder: Path) -> None:
    inputs = Inputs(folder)
    inputs.read(folder / "de.yaml")
    with inputs.recording() as read:
        inputs.read(folder / "images" / "a.svg")
    inputs.read(folder / "de.yaml")
    assert read == {("read", "images/a.svg", digest(b"<svg/>"))}


def test_recordings_nest(folder: Path) -> None:
    """A part of the build inside another records into both: the outer one holds what the
    inner one read, the inner one nothing from before or after it; a read the cache answers
    counts too."""
    inputs = Inputs(folder)
    with inputs.recording() as outer:
        inputs.read(folder / "de.yaml")
        with inputs.recording() as inner:
            inputs.read(folder / "images" / "a.svg")
            inputs.read(folder / "de.yaml")  # from the cache
        inputs.is_file(folder / "fr.yaml")
    yaml = ("read", "de.yaml", digest(b"meta: {}\n"))
    svg = ("read", "images/a.svg", digest(b"<svg/>"))
    looked = ("stat", "fr.yaml", ABSENT)
    assert inner == {yaml, svg}
    assert outer == {yaml, svg, looked}


def test_a_look_records_what_was_there(folder: Path) -> None:
    inputs = Inputs(folder)
    with inputs.recording() as looked:
        assert inputs.kind(folder / "de.yaml") == "file"
        assert inputs.is_dir(folder / "images")
        assert not inputs.is_file(folder / "templates" / "cover.html")
    assert looked == {
        ("stat", "de.yaml", "file"),
        ("stat", "images", "folder"),
        ("stat", "templates/cover.html", ABSENT),
    }


def test_a_listing_is_one_dependency_of_every_name_below_a_folder(folder: Path) -> None:
    (folder / "images" / "deep").mkdir()
    (folder / "images" / "deep" / "b.png").write_bytes(b"png")
    inputs = Inputs(folder)
    with inputs.recording() as listed:
        names = inputs.names(folder / "images")
    assert names == ["a.svg", "deep/b.png"]
    (dependency,) = listed
    assert dependency == ("list", "images", hashlib.sha256(b"a.svg\ndeep/b.png").hexdigest())


@pytest.mark.parametrize("change", ["edit", "delete", "add", "folder"])
def test_a_dependency_is_checked_against_the_folder_now(folder: Path, change: str) -> None:
    """Each kind of dependency, recorded, is unchanged until its file changes: the bytes of a
    file read, whether a file looked for is there, the names below a listed folder."""
    inputs = Inputs(folder)
    with inputs.recording() as recorded:
        inputs.read(folder / "de.yaml")
        inputs.is_file(folder / "en.yaml")
        inputs.names(folder / "images")
        inputs.kind(folder / "templates")
    assert Inputs(folder).unchanged(recorded)
    if change == "edit":
        (folder / "de.yaml").write_text("meta: {title: T}\n", encoding="utf-8")
    elif change == "delete":
        (folder / "de.yaml").unlink()
    elif change == "add":
        (folder / "images" / "new.svg").write_text("<svg/>", encoding="utf-8")
    else:
        (folder / "templates").mkdir()
    now = Inputs(folder)
    assert not now.unchanged(recorded)
    changed = {dependency[:2] for dependency in recorded if now.state(dependency) != dependency[2]}
    assert (
        changed
        == {
            "edit": {("read", "de.yaml")},
            "delete": {("read", "de.yaml")},
            "add": {("list", "images")},
            "folder": {("stat", "templates")},
        }[change]
    )


def test_states_of_a_file_that_is_gone_a_folder_and_a_file(folder: Path) -> None:
    inputs = Inputs(folder)
    assert inputs.state(("read", "gone.yaml", "x")) == ABSENT
    assert inputs.state(("stat", "images", "x")) == "folder"
    assert inputs.state(("stat", "de.yaml", "x")) == "file"
    assert inputs.state(("stat", "gone.yaml", "x")) == ABSENT


def test_a_link_out_of_the_folder_is_recorded_by_its_name_and_checked_as_outside(
    folder: Path, tmp_path: Path
) -> None:
    """A link inside the folder is recorded under the name the build used; checked again, a
    link that leads out of the folder is "outside", whatever its target holds (so a build that
    read one is never taken as up to date); a path outside the folder is no dependency of the
    brochure at all."""
    outside = tmp_path / "secret.svg"
    outside.write_text("<svg>secret</svg>", encoding="utf-8")
    (folder / "images" / "linked.svg").symlink_to(outside)
    inputs = Inputs(folder)
    with inputs.recording() as read:
        inputs.read(folder / "images" / "linked.svg")
        inputs.read(outside)
        inputs.is_file(tmp_path / "elsewhere.yaml")
    assert read == {("read", "images/linked.svg", digest(b"<svg>secret</svg>"))}
    (dependency,) = read
    assert Inputs(folder).state(dependency) == OUTSIDE


def test_a_folder_reached_through_a_link_records_its_files(folder: Path, tmp_path: Path) -> None:
    link = tmp_path / "link"
    link.symlink_to(folder)
    inputs = Inputs(link)
    with inputs.recording() as read:
        inputs.read(link / "de.yaml")
    assert read == {("read", "de.yaml", digest(b"meta: {}\n"))}
