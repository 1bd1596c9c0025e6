"""Loading a content file (report/content/yamlio.py): every value the text that was typed, with
the line and column of every key and value; what YAML would silently get wrong (duplicate
keys, YAML 1.1 words, aliases, tags) is refused or kept as text, every problem of a file at
once. (The hints for syntax errors: test_yamlhints.py; hostile files: tests/e2e/test_hardening.py.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from report.base.errors import UserError
from report.base.inputs import Inputs
from report.content import yamlio


def load_text(tmp_path: Path, text: str | bytes) -> yamlio.Document:
    file = tmp_path / "de.yaml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    return yamlio.load(file)


def issues(tmp_path: Path, text: str | bytes) -> list:
    with pytest.raises(UserError) as caught:
        load_text(tmp_path, text)
    return caught.value.issues


PAGES = """meta:
  title: Jahresbericht
pages:
  - kind: cover
    title: "Teil 2: Ergebnisse"
  - kind: text
    blocks:
      - paragraph: Erster Absatz
"""


def test_every_key_and_value_keeps_its_line_and_column(tmp_path: Path) -> None:
    document = load_text(tmp_path, PAGES)
    assert document.data["pages"][0]["title"] == "Teil 2: Ergebnisse"
    assert document.value_marks[("meta", "title")] == (2, 10)
    assert document.key_marks[("meta", "title")] == (2, 3)
    assert document.value_marks[("pages", 0)] == (4, 5)
    assert document.value_marks[("pages", 0, "title")] == (5, 12)
    assert document.value_marks[("pages", 1, "blocks", 0, "paragraph")] == (8, 20)
    assert document.key_marks[("pages", 1, "blocks", 0, "paragraph")] == (8, 9)
    assert document.text == PAGES


def test_a_place_without_a_mark_is_located_at_the_nearest_one_around_it(tmp_path: Path) -> None:
    document = load_text(tmp_path, PAGES)
    issue = document.issue_at(("pages", 1, "figures", 2, "value"), "is missing")
    assert (issue.line, issue.column) == (6, 5)  # the page it would belong to
    assert issue.path == "pages[2].figures[3].value" and issue.file == tmp_path / "de.yaml"


@pytest.mark.parametrize(
    ("path", "printed"),
    [
        ((), ""),
        (("meta", "title"), "meta.title"),
        (("pages", 0), "pages[1]"),
        (("pages", 2, "cards", 0, "items", 3), "pages[3].cards[1].items[4]"),
        (("rows", 0, 1), "rows[1][2]"),
    ],
)
def test_a_path_is_printed_as_people_count(path: tuple, printed: str) -> None:
    assert yamlio.format_path(path) == printed


@pytest.mark.parametrize(
    "word",
    [
        "NO",
        "yes",
        "on",
        "off",
        "y",
        "01067",
        "12:30",
        "0x1F",
        "1e3",
        "3.5",
        "2019-10-01",
        ".inf",
        "true",
    ],
)
def test_yaml_11_words_stay_the_text_that_was_typed(tmp_path: Path, word: str) -> None:
    """`NO` is no boolean, `01067` no number (a postcode), `12:30` no 750 seconds: as a value,
    as a list entry and as a key."""
    document = load_text(tmp_path, f"a: {word}\nb:\n  - {word}\n{word}: c\n")
    assert document.data == {"a": word, "b": [word], word: "c"}


def test_an_empty_value_is_none_and_a_quoted_one_is_text(tmp_path: Path) -> None:
    document = load_text(tmp_path, 'a:\nb: ~\nc: null\nd: "~"\ne: !!str null\nf: ""\n')
    assert document.data == {"a": None, "b": None, "c": None, "d": "~", "e": "null", "f": ""}


def test_a_duplicate_key_is_an_error_at_the_second_one(tmp_path: Path) -> None:
    (issue,) = issues(tmp_path, "meta:\n  title: A\n  author: B\n  title: C\n")
    assert (issue.line, issue.column, issue.path) == (4, 3, "meta.title")
    assert issue.message == "the key 'title' appears twice (first on line 2)"
    assert "keep one of them" in issue.hint


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    found = issues(tmp_path, 'a: 1\na: 2\nb:\n  c: "\\x07"\n  d: x\n  d: y\n')
    assert [(issue.line, issue.path) for issue in found] == [(2, "a"), (4, "b.c"), (6, "b.d")]
    assert "control character U+0007" in found[1].message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a: &x Text\nb: *x\n", "YAML aliases (*name) are not supported"),
        ("a: &x Text\n", "YAML anchors (&x) are not supported"),
        ("a: !!python/object:os.system x\n", "YAML tags (!!python/object:os.system)"),
        ("a: !wichtig Text\n", "YAML tags (!wichtig)"),
        ("a: " + "[" * 50 + "]" * 50 + "\n", "nests deeper than 40 levels"),
    ],
)
def test_what_yaml_could_do_beyond_text_is_refused_at_its_place(
    tmp_path: Path, text: str, words: str
) -> None:
    (issue,) = issues(tmp_path, text)
    assert words in issue.message
    assert issue.line is not None and issue.column is not None


def test_byte_order_mark_and_windows_line_ends_keep_the_lines_right(tmp_path: Path) -> None:
    document = load_text(tmp_path, b"\xef\xbb\xbfa: 1\r\nb:\r\n  c: Text\r\n")
    assert document.data == {"a": "1", "b": {"c": "Text"}}
    assert document.value_marks[("a",)] == (1, 4) and document.value_marks[("b", "c")] == (3, 6)
    assert document.text == "a: 1\nb:\n  c: Text\n"  # the text without the mark


@pytest.mark.parametrize(
    ("raw", "words", "place"),
    [
        (b"", "is empty", (1, 1)),
        (b"# only a comment\n\n", "is empty", (1, 1)),
        ("a: Text\n".encode("utf-16"), "is saved as UTF-16", (1, 1)),
        (b"a: 1\nb: Stra\xdfe\n", "is not valid UTF-8 text (byte 0xdf here)", (2, 8)),
        (b"a: 1\nb: x\x1by\n", "control character U+001B", (2, 5)),
        (b"a: 1\rb: x\x1by\r", "control character U+001B", (2, 5)),  # a lone CR ends a line
    ],
)
def test_a_file_that_is_no_text_is_refused_at_its_place(
    tmp_path: Path, raw: bytes, words: str, place: tuple
) -> None:
    (issue,) = issues(tmp_path, raw)
    assert words in issue.message
    assert (issue.line, issue.column) == place


def test_a_file_linked_from_outside_its_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("meta: {title: T}\n", encoding="utf-8")
    folder = tmp_path / "brochure"
    folder.mkdir()
    (folder / "de.yaml").symlink_to(outside)
    inputs = Inputs(folder)
    with inputs.recording() as read, pytest.raises(UserError) as caught:
        yamlio.load(folder / "de.yaml", inputs)
    assert "is a link to" in str(caught.value) and "outside the folder" in str(caught.value)
    assert read == set()


def test_a_linked_file_is_named_as_the_folder_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The link's own name, not its target's (`outside.yaml`, which the user never typed),
    and that it must be a real file inside the folder."""
    outside = tmp_path / "outside.yaml"
    outside.write_text("meta: {title: T}\n", encoding="utf-8")
    folder = tmp_path / "brochure"
    folder.mkdir()
    (folder / "en.yaml").symlink_to(outside)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(UserError) as caught:
        yamlio.load(Path("brochure") / "en.yaml")
    (issue,) = caught.value.issues
    assert issue.location() == "brochure/en.yaml"
    assert str(issue) == (
        f"brochure/en.yaml: is a link to {outside}, outside the folder {folder}; it was not "
        "read\n    hint: en.yaml must be a real file inside the brochure folder: copy the file "
        "into it instead of linking to it"
    )


def test_the_file_is_read_through_the_builds_inputs(tmp_path: Path) -> None:
    (tmp_path / "de.yaml").write_text("a: 1\n", encoding="utf-8")
    inputs = Inputs(tmp_path)
    with inputs.recording() as read:
        yamlio.load(tmp_path / "de.yaml", inputs)
    assert [(kind, path) for kind, path, _ in read] == [("read", "de.yaml")]


def test_a_text_cut_short_by_a_hash_is_an_error_at_the_hash(tmp_path: Path) -> None:
    """`Room #3 is open.` unquoted is "Room" to YAML: the rest would vanish from the PDF."""
    (found,) = issues(tmp_path, "pages:\n  - paragraph: Room #3 is open.\n")
    assert (found.line, found.column) == (2, 21)  # the hash
    assert found.message == (
        "the text ends before '#3 is open.': YAML reads ' #' as the start of a comment, "
        "so that part would be left out"
    )
    assert found.hint == 'put the whole text in quotes: "Room #3 is open."'


@pytest.mark.parametrize(
    "line",
    [
        "title: Room   # a comment after spaces",
        "title: Room # a comment with a space after the hash",
        'title: "Room #3"',
        "title: Room#3",
        "title: >-\n  Room #3 is open.",
    ],
)
def test_comments_and_hashes_inside_a_text_stay_allowed(tmp_path: Path, line: str) -> None:
    assert load_text(tmp_path, line + "\n").data["title"].startswith("Room")
