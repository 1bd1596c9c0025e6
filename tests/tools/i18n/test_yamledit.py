"""`report i18n import` edits the translation file as text: only the characters of changed
texts change, missing texts are added as new lines, a note on `~` is added once at the top, and
everything else - comments, blank lines, quoting, flow mappings, folded blocks, CRLF line ends, a
byte order mark - stays byte for byte as it was."""

from __future__ import annotations

import difflib
import io
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report.base.errors import UserError
from report.content import load, translation, yamlio
from report.tools.i18n import po, yamledit

from ...helpers import edit, load_variant

# Texts YAML would read as something else, or not at all, if they were written unquoted.
TRICKY = [
    "Teil 2: Ergebnisse",
    "# not a comment",
    "text # not a comment either",
    "- dash",
    "yes",
    "No",
    "on",
    "null",
    "~",
    "01067",
    "12:30",
    "3.5",
    "2019-10-01",
    " leading space",
    "trailing space ",
    'a "quoted" word',
    "it's",
    "'single'",
    "back\\slash",
    "@handle",
    "`code`",
    "[link](https://x.org) and more",
    "{braces}",
    "a, b: c",
    "&anchor",
    "*alias",
    "!tag",
    "%percent",
    "| pipe",
    "> greater",
    "? question",
    ": colon",
    "---",
    "two\nlines",
    "ends with a line break\n",
    "tab\there",
    "Ümlaute und „Anführungszeichen“ – ok",
]


def catalog_of(brochure: Path, language: str) -> Catalog:
    data = po.export(load.open_folder(brochure), language)
    return read_po(io.BytesIO(data))


def message(catalog: Catalog, context: str) -> Message:
    found = [m for m in catalog if m.context == context]
    assert len(found) == 1, context
    return found[0]


def import_catalog(brochure: Path, catalog: Catalog, tmp_path: Path) -> tuple[str, int]:
    po_file = tmp_path / f"{catalog.locale}.po"
    with po_file.open("wb") as handle:
        write_po(handle, catalog, width=0)
    return po.import_po(po_file, load.open_folder(brochure))


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.ndiff(before.splitlines(keepends=True), after.splitlines(keepends=True))
        if line.startswith(("- ", "+ "))
    ]


def with_note(text: bytes, newline: bytes = b"\n") -> bytes:
    """A shipped language file (an editor's modeline, then comments of its own) as an import
    that changes it leaves it: the note about `~` after the modeline, then a `#` line."""
    first = text.index(newline) + len(newline)
    note = b"".join(line.encode() + newline for line in yamledit.NOTE.splitlines())
    return text[:first] + note + b"#" + newline + text[first:]


NOTE_ADDED = ["+ " + line + "\n" for line in yamledit.NOTE.splitlines()] + ["+ #\n"]


def files_of(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


COVER_ALT = (
    "Illustration of a network of people of different generations, families with "
    "children and houses, all connected by lines"
)
YOUTH_ALT = "Illustration of young people with a rucksack and a book, one of them raising a hand"


@pytest.fixture
def styled(brochure: Path) -> Path:
    """en.yaml rewritten the way people write YAML by hand: flow mappings with spaces, single
    quotes, comments at line ends, a byte order mark and CRLF line ends."""
    file = brochure / "en.yaml"
    edit(
        file,
        f"    image:\n      src: images/illu-cover.svg\n      alt: {COVER_ALT}\n",
        f"    image: {{ src: images/illu-cover.svg, alt: '{COVER_ALT}' }}  # the cover picture\n",
    )
    edit(
        file,
        f"    image:\n      src: images/illu-youth.svg\n      alt: {YOUTH_ALT}\n",
        f"    image: {{ src: images/illu-youth.svg, alt: '{YOUTH_ALT}' }}\n",
    )
    edit(
        file,
        "        title: Involving all key parties\n",
        "        title: 'Involving all key parties'  # single quotes\n",
    )
    edit(
        file,
        "  footer: Nationwide Survey of the Local Alliances for Families 2019\n",
        "  footer: Nationwide Survey of the Local Alliances for Families 2019   # every page\n",
    )
    edit(file, "\npages:\n", "\npages:  # nine of them, as in de.yaml\n")
    text = file.read_text(encoding="utf-8")
    file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    loaded = load_variant(brochure, "en")
    assert loaded.status is not None
    assert loaded.status.of("missing") == loaded.status.of("stale") == []
    return file


# --- changed texts ------------------------------------------------------------------------


def test_one_changed_text_changes_one_line(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "en.yaml"
    before = file.read_text(encoding="utf-8")
    catalog = catalog_of(brochure, "en")
    message(catalog, "pages[3].title").string = "This is what makes alliances really strong!"

    assert import_catalog(brochure, catalog, tmp_path) == ("en", 1)

    assert changed_lines(before, file.read_text(encoding="utf-8")) == [
        *NOTE_ADDED,
        "-     title: This is what makes alliances strong!\n",
        "+     title: This is what makes alliances really strong!\n",
    ]
    again = message(catalog_of(brochure, "en"), "pages[3].title")
    assert again.string == "This is what makes alliances really strong!"
    assert not again.fuzzy


def test_changes_in_a_hand_styled_file_touch_only_their_characters(
    styled: Path, brochure: Path, tmp_path: Path
) -> None:
    before = styled.read_bytes()
    catalog = catalog_of(brochure, "en")
    new_alt = "A network of people, families and houses"  # commas: quoted in a flow mapping
    message(catalog, "pages[1].image.alt").string = new_alt
    message(catalog, "pages[5].image.alt").string = "Young people: one raises a hand"
    message(catalog, "pages[3].cards[3].title").string = "Involving everyone who matters"
    message(catalog, "meta.footer").string = "Local Alliances for Families 2019"

    assert import_catalog(brochure, catalog, tmp_path) == ("en", 4)

    expected = with_note(before, b"\r\n")
    for old, new in [
        (f"'{COVER_ALT}'", f"'{new_alt}'"),
        (f"'{YOUTH_ALT}'", "'Young people: one raises a hand'"),
        ("'Involving all key parties'", "'Involving everyone who matters'"),
        (
            "footer: Nationwide Survey of the Local Alliances for Families 2019   #",
            "footer: Local Alliances for Families 2019   #",
        ),
    ]:
        assert expected.count(old.encode()) == 1
        expected = expected.replace(old.encode(), new.encode())
    assert styled.read_bytes() == expected
    data = yamlio.load(styled).data
    assert data["pages"][0]["image"] == {"src": "images/illu-cover.svg", "alt": new_alt}
    assert data["pages"][4]["image"]["alt"] == "Young people: one raises a hand"


def test_a_changed_folded_text_stays_a_folded_block(
    styled: Path, brochure: Path, tmp_path: Path
) -> None:
    before = styled.read_bytes()
    catalog = catalog_of(brochure, "en")
    new = (
        "What makes Local Alliances for Families strong? Ten in-depth telephone interviews "
        "with stakeholders reveal the success factors of alliance work, among them binding "
        "structures and communication on an equal footing.\nA second paragraph."
    )
    message(catalog, "newsletter.summary").string = new

    assert import_catalog(brochure, catalog, tmp_path) == ("en", 1)

    after = styled.read_bytes()
    noted = with_note(before, b"\r\n")
    head = noted[: noted.index(b"  summary: >-\r\n") + len(b"  summary: >-\r\n")]
    tail = noted[noted.index(b"  sender_name:") :]
    assert after.startswith(head) and after.endswith(tail)
    block = after[len(head) : len(after) - len(tail)].decode("utf-8")
    lines = block.split("\r\n")
    assert lines[-1] == ""  # the block's last line keeps its line break
    assert all(line.startswith("    ") or line == "" for line in lines)
    assert max(len(line) for line in lines) <= 100
    assert len(lines) > 3  # wrapped
    assert "\n" not in block.replace("\r\n", "")
    assert yamlio.load(styled).data["newsletter"]["summary"] == new


def test_a_text_keeps_its_quotes_only_where_they_are_needed(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "en.yaml"
    catalog = catalog_of(brochure, "en")
    message(catalog, "meta.title").string = "A title without a colon"  # was "…"
    message(catalog, "pages[1].subtitle").string = "Part 2: the interviews"  # stays "…"
    message(catalog, "pages[3].title").string = "Alliances: strong!"  # was plain
    import_catalog(brochure, catalog, tmp_path)
    text = file.read_text(encoding="utf-8")
    assert '  title: "A title without a colon"\n' in text  # double quotes stay double quotes
    assert '    subtitle: "Part 2: the interviews"\n' in text
    assert '    title: "Alliances: strong!"\n' in text


# --- missing texts ------------------------------------------------------------------------

LAST_CARD = (
    "      - icon:\n          src: images/icon-partners.svg\n"
    "          decorative: true\n        title: Recruiting alliance partners\n"
    "        items:\n          - How **alliance partners** are **approached and "
    "recruited** also depends on the alliance’s projects\n"
)


def test_a_partial_translation_gets_exactly_the_missing_texts(
    brochure: Path, tmp_path: Path
) -> None:
    file = brochure / "en.yaml"
    complete = yamlio.load(file).data
    for line in (
        "  footer: Nationwide Survey of the Local Alliances for Families 2019\n",
        "    title: This is what makes alliances strong!\n",
        "    - Networking\n",  # the last entry of a list
        LAST_CARD,  # a whole card
        "      title: Contact\n",
    ):  # the first key of a mapping at the end of the file
        edit(file, line, "")
    partial = file.read_text(encoding="utf-8")
    catalog = catalog_of(brochure, "en")
    empty = [m for m in catalog if m.id and not m.string]
    for entry in empty:
        entry.string = translation.get_path(complete, translation.parse_path(entry.context))
    assert len(empty) == 6

    assert import_catalog(brochure, catalog, tmp_path) == ("en", 6)

    after = file.read_text(encoding="utf-8")
    diff = changed_lines(partial, after)
    assert diff[: len(NOTE_ADDED)] == NOTE_ADDED
    assert all(line.startswith("+ ") for line in diff)  # only insertions
    assert "+ " + "  footer: Nationwide Survey of the Local Alliances for Families 2019\n" in diff
    assert "+ " + "    - Networking\n" in diff
    assert after.endswith(
        '        - "[XING: Servicebüro Lokale Bündnisse für Familie]{lang=de}"\n'
        "      title: Contact\n"
    )
    assert (
        "      - title: Recruiting alliance partners\n"
        "        items:\n          - How **alliance partners**"
    ) in after
    loaded = load_variant(brochure, "en")
    assert loaded.status is not None
    assert loaded.status.of("missing") == loaded.status.of("stale") == []
    # the icon's src and decorative are no texts to translate: not written
    icon = ("pages", 2, "cards", 3, "icon")
    assert dict(translation.leaves(yamlio.load(file).data)) == {
        path: text for path, text in translation.leaves(complete) if path[:5] != icon
    }


def test_a_new_language_file_is_created(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "fr.yaml"
    assert not file.exists()
    catalog = catalog_of(brochure, "fr")
    message(catalog, "meta.title").string = "Enquête nationale 2019"
    message(catalog, "pages[3].cards[2].items[3]").string = "« Mise en réseau : échange »"
    message(catalog, "pages[3].title").string = "Ce qui rend les alliances fortes !"
    assert import_catalog(brochure, catalog, tmp_path) == ("fr", 3)
    assert file.read_text(encoding="utf-8") == (
        "# fr: translated from de.yaml (report i18n import).\n"
        "# A `~` stands for a text that is not translated yet: the source text is used until you\n"
        "# write the translation here. `report i18n status` (run in this folder) lists what is "
        "missing.\n"
        "meta:\n"
        "  title: Enquête nationale 2019\n"
        "pages:\n"
        "  - ~\n"
        "  - ~\n"
        "  - title: Ce qui rend les alliances fortes !\n"
        "    cards:\n"
        "      - ~\n"
        "      - items:\n"
        "          - ~\n"
        "          - ~\n"
        '          - "« Mise en réseau : échange »"\n'
    )
    brochure_now = load.open_folder(brochure)
    assert "fr" in brochure_now.languages
    loaded = load_variant(brochure, "fr")
    assert loaded.status is not None and len(loaded.status.of("complete")) == 3
    assert loaded.content.pages[2].title == "Ce qui rend les alliances fortes !"

    # a second import fills the `~` placeholders it needs and leaves the rest alone
    before = file.read_text(encoding="utf-8")
    catalog = catalog_of(brochure, "fr")
    message(catalog, "pages[3].cards[2].title").string = "Communiquer"
    message(catalog, "pages[3].cards[1].items[1]").string = "Des règles"
    assert import_catalog(brochure, catalog, tmp_path) == ("fr", 2)
    assert changed_lines(before, file.read_text(encoding="utf-8")) == [
        "-       - ~\n",
        "+       - items:\n",
        "+           - Des règles\n",
        "+         title: Communiquer\n",
    ]
    load_variant(brochure, "fr")


def test_a_translation_of_the_wrong_shape_is_an_error(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "en.yaml"
    edit(file, "  footer: Nationwide Survey of the Local Alliances for Families 2019\n", "")
    catalog = catalog_of(brochure, "en")
    message(catalog, "meta.footer").string = "Footer"
    edit(file, "meta:\n", "meta:\n  footer:\n    - a list, not a text\n")
    before = file.read_bytes()
    line = before.decode("utf-8").splitlines().index("    - a list, not a text") + 1
    with pytest.raises(UserError, match=rf"en.yaml:{line}:5: meta.footer: expected a text here"):
        import_catalog(brochure, catalog, tmp_path)
    assert file.read_bytes() == before


# --- nothing changed ----------------------------------------------------------------------


@pytest.mark.parametrize("style", ["shipped", "styled"])
def test_export_then_import_changes_nothing(
    brochure: Path, tmp_path: Path, style: str, request: pytest.FixtureRequest
) -> None:
    if style == "styled":
        request.getfixturevalue("styled")
    catalog = catalog_of(brochure, "en")
    before = files_of(brochure)
    assert import_catalog(brochure, catalog, tmp_path) == ("en", 0)
    assert files_of(brochure) == before


# --- the note on `~` -----------------------------------------------------------------------


def test_a_written_file_explains_its_placeholders_once(brochure: Path, tmp_path: Path) -> None:
    """The note on `~` goes after the editor's modeline, before the file's own comments; an
    import that changes nothing writes nothing, and a later one does not repeat the note."""
    file = brochure / "en.yaml"
    before = file.read_text(encoding="utf-8")
    catalog = catalog_of(brochure, "en")
    message(catalog, "pages[3].title").string = "This is what makes alliances really strong!"
    assert import_catalog(brochure, catalog, tmp_path) == ("en", 1)
    after = file.read_text(encoding="utf-8")
    assert after.startswith(
        "# yaml-language-server: $schema=../language.schema.json\n"
        "# A `~` stands for a text that is not translated yet: the source text is used until you\n"
        "# write the translation here. `report i18n status` (run in this folder) lists what is "
        "missing.\n"
        "#\n"
        "# English (British) – translated from de.yaml.\n"
    )
    written = files_of(brochure)
    assert import_catalog(brochure, catalog, tmp_path) == ("en", 0)  # the same file again
    assert files_of(brochure) == written
    message(catalog, "pages[3].title").string = "This is what makes alliances very strong!"
    assert import_catalog(brochure, catalog, tmp_path) == ("en", 1)
    again = file.read_text(encoding="utf-8")
    assert again.count("# A `~` stands for") == 1
    assert changed_lines(before, again) == [
        *NOTE_ADDED,
        "-     title: This is what makes alliances strong!\n",
        "+     title: This is what makes alliances very strong!\n",
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # no modeline: the note comes first, the file's own comments after a `#` line
        (
            "# Mein Kommentar\nk: a\n",
            f"{yamledit.NOTE}\n#\n# Mein Kommentar\nk: b\n",
        ),
        # the one-line header of a file an earlier version created stays below the note
        (
            "# tr: translated from de.yaml (report i18n import).\nk: a\n",
            f"{yamledit.NOTE}\n#\n# tr: translated from de.yaml (report i18n import).\nk: b\n",
        ),
        # a note the user moved below their own comments is not written again
        (
            f"# Mein Kommentar\n\n{yamledit.NOTE}\nk: a\n",
            f"# Mein Kommentar\n\n{yamledit.NOTE}\nk: b\n",
        ),
        # CRLF line ends stay CRLF
        ("k: a\r\n", yamledit.NOTE.replace("\n", "\r\n") + "\r\nk: b\r\n"),
    ],
)
def test_the_note_joins_the_files_own_comments(tmp_path: Path, before: str, after: str) -> None:
    file = tmp_path / "tr.yaml"
    file.write_bytes(before.encode("utf-8"))
    assert yamledit.write_texts(file, {("k",): "b"}) == 1
    assert file.read_bytes() == after.encode("utf-8")
    assert yamledit.write_texts(file, {("k",): "b"}) == 0
    assert file.read_bytes() == after.encode("utf-8")


# --- texts that need quoting --------------------------------------------------------------


@pytest.mark.parametrize("style", ["shipped", "styled"])
def test_tricky_texts_round_trip_through_import(
    brochure: Path, tmp_path: Path, style: str, request: pytest.FixtureRequest
) -> None:
    """Each tricky text into another place: plain, quoted, folded, in a list or flow mapping."""
    if style == "styled":
        request.getfixturevalue("styled")
    catalog = catalog_of(brochure, "en")
    places = [m.context for m in catalog if m.id][: len(TRICKY)]
    assert {"newsletter.summary", "meta.keywords[2]", "pages[1].image.alt"} <= set(places)
    for place, text in zip(places, TRICKY, strict=True):
        message(catalog, place).string = text

    assert import_catalog(brochure, catalog, tmp_path) == ("en", len(TRICKY))

    data = yamlio.load(brochure / "en.yaml").data
    assert {
        place: translation.get_path(data, translation.parse_path(place)) for place in places
    } == dict(zip(places, TRICKY, strict=True))
    assert not any(m.fuzzy for m in catalog_of(brochure, "en"))


# Every place a text can stand, with the text `old` in it; `other` must survive unchanged.
PLACES = {
    "plain": "k: old  # note\nother: x\n",
    "single": "k: 'old'\nother: x\n",
    "double": 'k: "old"\nother: x\n',
    "folded": "k: >-\n  old\n  text\n\nother: x\n",
    "literal": "k: |\n  old\n\nother: x\n",
    "flow": "k: { a: 1, v: old }\nother: x\n",
    "flow-list": "l: [a, old]\nother: x\n",
    "null": "k:\nother: x\n",
    "tilde": "k: ~   # later\nother: x\n",
    "missing": "other: x\nz:\n  a: 1\n",
    "missing-in-flow": "f: {a: 1}\nother: x\n",
    "missing-entry": "l:\n  - a\nother: x\n",
    "missing-nested": "other: x",  # and no line break at the end
    "crlf": "k: old\r\nother: x\r\n",
}
WHERE = {
    "flow": ("k", "v"),
    "flow-list": ("l", 1),
    "missing-in-flow": ("f", "v"),
    "missing-entry": ("l", 1),
    "missing-nested": ("n", "m", 0, "t"),
}


def put_text(tmp_path: Path, place: str, text: str) -> tuple[Path, Any]:
    file = tmp_path / "tr.yaml"
    file.write_bytes(PLACES[place].encode("utf-8"))
    path = WHERE.get(place, ("k",))
    assert yamledit.write_texts(file, {path: text}) == 1
    return file, translation.get_path(yamlio.load(file).data, path)


@pytest.mark.parametrize("place", sorted(PLACES))
@pytest.mark.parametrize("text", TRICKY)
def test_tricky_texts_round_trip_in_every_place(tmp_path: Path, place: str, text: str) -> None:
    file, value = put_text(tmp_path, place, text)
    assert value == text
    assert yamlio.load(file).data["other"] == "x"


def test_a_write_that_would_go_wrong_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edited text is loaded again before it is written: a writer bug raises, and the file
    stays as it was."""
    file = tmp_path / "tr.yaml"
    file.write_text("k: old\n", encoding="utf-8")
    monkeypatch.setattr(yamledit, "_double_quoted", lambda value: value)  # no quotes at all
    with pytest.raises(AssertionError, match="unreadable"):
        yamledit.write_texts(file, {("k",): "Teil 2: Ergebnisse"})
    monkeypatch.setattr(yamledit, "_double_quoted", lambda value: '"something else"')
    with pytest.raises(AssertionError, match="more than the imported texts"):
        yamledit.write_texts(file, {("k",): "Teil 2: Ergebnisse"})
    assert file.read_text(encoding="utf-8") == "k: old\n"


TEXTS = st.text(
    st.one_of(
        st.sampled_from(list(" \n\t:#-'\"\\[]{},&*!|>%@`?~.0123456789yesnoYN")),
        st.characters(
            codec="utf-8",
            exclude_categories=("Cs", "Cc", "Zl", "Zp"),
            exclude_characters="\ufeff\ufffe\uffff",
        ),
    ),
    min_size=1,
    max_size=40,
)


@settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(place=st.sampled_from(sorted(PLACES)), text=TEXTS)
def test_any_text_round_trips_in_any_place(tmp_path: Path, place: str, text: str) -> None:
    _, value = put_text(tmp_path, place, text)
    assert value == text


@pytest.mark.parametrize(
    ("before", "updates", "after"),
    [
        # a changed empty value and new keys, all at the end of a file without a final line break
        (
            "a:\n  b: x\n  k:",
            {("a", "k"): "text", ("a", "n"): "new", ("c",): "top"},
            "a:\n  b: x\n  k: text\n  n: new\nc: top\n",
        ),
        # a changed empty value and a new key at the end of a flow mapping
        ("f: {a: }\n", {("f", "a"): "t", ("f", "v"): "w"}, "f: {a: t, v: w }\n"),
        # new entries of a nested list come before the new keys of the mapping around it
        (
            "m:\n  l:\n    - a\n",
            {("m", "l", 1): "b", ("m", "k"): "c"},
            "m:\n  l:\n    - a\n    - b\n  k: c\n",
        ),
        # placeholders: `- ~` filled in place, `k: ~` opened into a block
        (
            "l:\n  - ~  \n  - x\nk: ~  # later\n",
            {("l", 0, "t"): "a", ("l", 0, "u"): "b", ("k", "z"): "c"},
            "l:\n  - t: a\n    u: b  \n  - x\nk:  # later\n  z: c\n",
        ),
    ],
)
def test_several_edits_at_one_place(
    tmp_path: Path, before: str, updates: dict[Any, str], after: str
) -> None:
    file = tmp_path / "tr.yaml"
    file.write_text(before, encoding="utf-8")
    assert yamledit.write_texts(file, updates) == len(updates)
    assert file.read_text(encoding="utf-8") == yamledit.NOTE + "\n" + after


def test_an_invisible_character_in_a_translation_is_refused(brochure: Path, tmp_path: Path) -> None:
    before = (brochure / "en.yaml").read_bytes()
    catalog = catalog_of(brochure, "en")
    message(catalog, "meta.footer").string = "Foot\x07er"
    with pytest.raises(
        UserError,
        match=r"en.po:\d+: the translation of 'meta.footer' contains "
        r"the invisible character U\+0007",
    ):
        import_catalog(brochure, catalog, tmp_path)
    assert (brochure / "en.yaml").read_bytes() == before
