"""Hardening: broken and hostile input, engine failures, interrupted and concurrent builds.

Every broken input ends with exit status 1, a message naming file:line:column (where there is
a line) and what to do, no traceback, no hang, and the PDF of an earlier build untouched.
tests/content/test_validate.py has the everyday mistakes; this file has the nasty ones.
"""

from __future__ import annotations

import io
import os
import random
import select
import shutil
import signal
import struct
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from PIL import Image

from report.base.errors import UserError
from report.builder import run as builder
from report.builder.check import check as check_brochure
from report.cli import cli
from report.pdf import engine as pdf

from ..helpers import LANGUAGES, ROOT, SHIPPED, edit, listed, load_variant, run_cli

pytestmark = pytest.mark.e2e

SLUG = "lokale-buendnisse-befragung-2019-teil-2"
EARLIER = b"%PDF-1.7 a good earlier build\n"

TITLE = "    title: Das macht Bündnisse stark!"  # pages[3].title of de.yaml
TR_TITLE = "    title: İttifakları bunlar güçlendirir!"  # the same text in tr.yaml
ICON_SRC = "src: images/icon-structures.svg"  # pages[3].cards[1].icon.src (in de.yaml only)


def pdf_name(language: str) -> str:
    return f"{SLUG}-{language}.pdf"


# --- helpers to break a brochure and say where the error must be reported ------------------


def where(file: Path, text: str, needle: str, offset: int = 0) -> str:
    """`de.yaml:line:column` of `needle` (plus `offset` columns) in `text`, counted from 1."""
    index = text.index(needle) + offset
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return f"{file.name}:{line}:{column}"


def where_bytes(file: Path, raw: bytes, index: int) -> str:
    line_start = raw.rfind(b"\n", 0, index) + 1
    column = len(raw[line_start:index].decode("utf-8", errors="replace")) + 1
    line = raw.count(b"\n", 0, index) + 1
    return f"{file.name}:{line}:{column}"


Setup = Callable[[Path], str]  # breaks the brochure, returns the place the error must name


def title(value: str, at: str | None = None, file: str = "de.yaml", old: str = TITLE) -> Setup:
    """Replace a page title by `value` (as typed in the YAML); the error is at `at` inside it
    (default: where the value starts)."""

    def setup(brochure: Path) -> str:
        target = brochure / file
        line = "    title: " + value
        text = edit(target, old, line)
        offset = len("    title: ") + (value.index(at) if at is not None else 0)
        return where(target, text, line, offset)

    return setup


def line_of(old: str, new: str, needle: str, offset: int = 0, file: str = "de.yaml") -> Setup:
    def setup(brochure: Path) -> str:
        text = edit(brochure / file, old, new)
        return where(brochure / file, text, needle, offset)

    return setup


def whole_file(
    data: bytes | Callable[[bytes], bytes], place: Callable[[bytes], str], file: str = "de.yaml"
) -> Setup:
    """Replace a whole file's bytes; `place` computes the expected location from them."""

    def setup(brochure: Path) -> str:
        target = brochure / file
        raw = data(target.read_bytes()) if callable(data) else data
        target.write_bytes(raw)
        return place(raw)

    return setup


def src(value: str) -> Setup:
    """Put `value` (as typed) into an image's `src`; the error is at the value."""
    return line_of(ICON_SRC, f"src: {value}", f"src: {value}", len("src: "))


def picture(name: str, data: bytes | Callable[[], bytes]) -> Setup:
    """A picture file in images/ used as a card icon; the error is at its `src`."""

    def setup(brochure: Path) -> str:
        (brochure / "images" / name).write_bytes(data() if callable(data) else data)
        return src(f"images/{name}")(brochure)

    return setup


def svg(body: str, prolog: str = "") -> bytes:
    return (
        prolog + '<svg xmlns="http://www.w3.org/2000/svg" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" width="64" height="64">\n' + body + "\n</svg>\n"
    ).encode()


def png(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims `width`×`height` pixels but holds a few bytes (a pixel bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def symlink(name: str, target: Callable[[Path], Path]) -> Setup:
    def setup(brochure: Path) -> str:
        destination = target(brochure)
        (brochure / name).unlink()
        (brochure / name).symlink_to(destination)
        return f"{name}:"

    return setup


def outside_copy(name: str) -> Callable[[Path], Path]:
    """A valid copy of the file outside the brochure folder (it would even pass validation)."""

    def make(brochure: Path) -> Path:
        copy = brochure.parent / f"elsewhere-{name}"
        shutil.copy(brochure / name, copy)
        return copy

    return make


def folder_instead(name: str) -> Setup:
    def setup(brochure: Path) -> str:
        (brochure / name).unlink()
        (brochure / name).mkdir()
        (brochure / name / "inner.yaml").write_text("meta: {}\n", encoding="utf-8")
        return f"{name}:"

    return setup


def fifo_instead(name: str) -> Setup:
    def setup(brochure: Path) -> str:
        (brochure / name).unlink()
        os.mkfifo(brochure / name)
        return f"{name}:"

    return setup


def settings(text: str, needle: str, offset: int = 0) -> Setup:
    def setup(brochure: Path) -> str:
        (brochure / "brochure.yaml").write_text(text, encoding="utf-8")
        return where(brochure / "brochure.yaml", text, needle, offset)

    return setup


def _first_byte(predicate: Callable[[int], bool]) -> Callable[[bytes], int]:
    return lambda raw: next(i for i, b in enumerate(raw) if predicate(b))


@dataclass(frozen=True)
class Case:
    id: str
    setup: Setup
    message: tuple[str, ...]  # words the message must contain (including what to do)
    locale: str = "de"
    process: bool = False  # run in a real process (exit status, stderr, no hang)


SHIPPED_DE = (SHIPPED / "de.yaml").read_text(encoding="utf-8")
BILLION_LAUGHS = (
    "lol1: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    "lol2: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    "lol3: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
)
XXE = '<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY passwd SYSTEM "file:///etc/passwd">\n]>\n'
LAUGHS_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE svg [\n  <!ENTITY a "ha">\n'
    '  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
    '  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
)


def _flip_byte(data: bytes, at: int) -> bytes:
    """`data` with the byte at `at` inverted (a damaged file)."""
    return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]


CASES: list[Case] = [
    # --- the file itself: empty, encodings, binary, characters that are not text ----------
    Case("empty-file", whole_file(b"", lambda raw: "de.yaml:1:1"), ("is empty", "hint:")),
    Case(
        "only-blank-lines",
        whole_file(b"\n   \n\n", lambda raw: "de.yaml:1:1"),
        ("is empty", "add the brochure's content"),
    ),
    Case(
        "only-a-document-marker",
        whole_file(b"---\n...\n", lambda raw: "de.yaml:1:1"),
        ("is empty",),
    ),
    Case(
        "two-byte-order-marks",
        whole_file(b"\xef\xbb\xbf\xef\xbb\xbf\n", lambda raw: "de.yaml:1:1"),
        ("is empty",),
    ),
    Case(
        "utf16-with-bom",
        whole_file(SHIPPED_DE.encode("utf-16"), lambda raw: "de.yaml:1:1"),
        ("saved as UTF-16", "save the file as UTF-8"),
        process=True,
    ),
    Case(
        "utf16-le-without-bom",
        whole_file(SHIPPED_DE.encode("utf-16-le"), lambda raw: "de.yaml:1:1"),
        ("saved as UTF-16", "save the file as UTF-8"),
    ),
    Case(
        "utf16-be-without-bom",
        whole_file(SHIPPED_DE.encode("utf-16-be"), lambda raw: "de.yaml:1:1"),
        ("saved as UTF-16", "save the file as UTF-8"),
    ),
    Case(
        "latin-1",
        whole_file(
            SHIPPED_DE.encode("latin-1", errors="replace"),
            lambda raw: where_bytes(Path("de.yaml"), raw, _first_byte(lambda b: b >= 0x80)(raw)),
        ),
        ("not valid UTF-8", "byte 0xfc", "Latin-1 or Windows-1252", "save the file as UTF-8"),
    ),
    Case(
        "windows-1252-quotes",
        whole_file(
            "meta:\n  title: Jahresbericht\n  author: „Büro“ Musterstadt\n".encode("cp1252"),
            lambda raw: "de.yaml:3:11",
        ),
        ("not valid UTF-8", "byte 0x84", "Windows-1252", "save the file as UTF-8"),
    ),
    Case(
        "cesu-8-surrogate-bytes",
        whole_file(
            lambda raw: raw.replace(
                "Das macht Bündnisse".encode(), b"Das macht \xed\xa0\xbd Bundnisse"
            ),
            lambda raw: where_bytes(Path("de.yaml"), raw, raw.index(b"\xed\xa0")),
        ),
        ("not valid UTF-8", "byte 0xed", "the rest of the file is UTF-8: retype"),
    ),
    Case(
        "binary-png-as-yaml",
        whole_file(png(8, 8), lambda raw: where_bytes(Path("de.yaml"), raw, raw.index(b"\0"))),
        ("is not a text file (binary data here)", "give the YAML text file"),
        process=True,
    ),
    Case(
        "binary-random-bytes",
        whole_file(
            b"\x1f\x8b\x08\x00" + random.Random(7).randbytes(400),
            lambda raw: where_bytes(Path("de.yaml"), raw, raw.index(b"\0")),
        ),
        ("is not a text file",),
    ),
    Case(
        "raw-nul",
        title("Das macht \x00 stark!", at="\x00"),
        ("control character U+0000", "delete it"),
    ),
    Case(
        "raw-escape-character",
        title("Das macht \x1b[31m stark!", at="\x1b"),
        ("control character U+001B", "delete it"),
    ),
    Case(
        "raw-c1-next-line",
        title("Das macht \x85 stark!", at="\x85"),
        ("control character U+0085", "delete it"),
    ),
    Case(
        "raw-line-separator",
        title("Das macht\u2028Bündnisse stark!", at="\u2028"),
        ("line separator U+2028", "replace it"),
    ),
    Case(
        "raw-noncharacter",
        title("Das macht \ufffe stark!", at="\ufffe"),
        ("U+FFFE", "not a character", "delete it"),
    ),
    Case(
        "escaped-nul",
        title('"Das macht\\0 stark!"'),
        ("pages[3].title", "control character U+0000", "remove the backslash escape"),
    ),
    Case(
        "escaped-bell-and-escape",
        title('"Das \\a macht \\e stark!"'),
        ("control character U+0007", "remove the backslash escape"),
    ),
    Case(
        "escaped-lone-surrogate",
        title('"Das macht \\ud800 stark!"'),
        ("pages[3].title", "U+D800", "surrogate", "write the character itself"),
        process=True,
    ),
    Case(
        "escaped-surrogate-pair",
        title('"Emoji \\ud83d\\ude00"'),
        ("U+D83D", "surrogate", "\\U0001F600"),
    ),
    Case(
        "escaped-lone-surrogate-in-translation",
        title('"İttifak \\udc00"', file="tr.yaml", old=TR_TITLE),
        ("tr.yaml", "U+DC00", "surrogate"),
        locale="tr",
    ),
    Case(
        "escaped-noncharacter", title('"Das macht \\uffff stark!"'), ("U+FFFF", "not a character")
    ),
    # --- YAML syntax -------------------------------------------------------------------------
    Case(
        "colon-space-in-text",
        title("Teil 2: Ergebnisse", at=": "),
        ("mapping values are not allowed", "must be put in quotes"),
    ),
    Case(
        "indentation-off-by-one",
        line_of(TITLE, "   title: Das macht Bündnisse stark!", "   title: Das macht", 3),
        ("indentation of this line does not fit", "same number of spaces"),
    ),
    Case(
        "tab-indents-list-item",
        line_of(
            "          - Bundesweite Verteilung",
            "\t\t  - Bundesweite Verteilung",
            "\t\t  - Bundesweite",
        ),
        ("tab character is used for indentation", "spaces only"),
    ),
    Case(
        "tab-after-key",
        title("\tDas macht Bündnisse stark!"),
        ("tab character is used after a key", "replace the tab by a space"),
    ),
    Case(
        "yaml-2-directive",
        whole_file(lambda raw: b"%YAML 2.0\n---\n" + raw, lambda raw: "de.yaml:1:1"),
        ("incompatible YAML document", "remove the %YAML line"),
    ),
    Case(
        "key-is-a-list",
        line_of(TITLE, TITLE + "\n    ? [a, b]\n    : x", "? [a, b]", 2),
        ("a key must be a plain word", "e.g. title:"),
    ),
    # --- tags, anchors and aliases (billion laughs) --------------------------------------------
    Case(
        "billion-laughs",
        whole_file(
            lambda raw: BILLION_LAUGHS.encode() + raw,
            lambda raw: where(Path("de.yaml"), raw.decode(), "*a"),
        ),
        ("aliases (*name) are not supported", "write the text out in full"),
    ),
    Case(
        "merge-key-alias",
        line_of(TITLE, "    <<: *page\n" + TITLE, "*page"),
        ("aliases (*name) are not supported",),
    ),
    Case(
        "python-object-tag",
        title('!!python/object/apply:os.system ["touch /tmp/pwned"]'),
        ("YAML tags (!!python/object/apply:os.system) are not supported", "in quotes"),
    ),
    Case(
        "local-tag-swallows-text",
        title("!wichtig Das macht Bündnisse stark!"),
        ("YAML tags (!wichtig) are not supported", 'title: "!wichtig"'),
    ),
    Case(
        "anchor-swallows-text",
        title("&wichtig Das macht Bündnisse stark!"),
        ("YAML anchors (&wichtig) are not supported", "in quotes"),
    ),
    # --- nesting and size ----------------------------------------------------------------------
    Case(
        "deep-flow-nesting",
        whole_file(
            ("meta: " + "[" * 100_000 + "]" * 100_000 + "\n").encode(),
            lambda raw: f"de.yaml:1:{len('meta: ') + 40}",
        ),  # the 40th '['
        ("nests deeper than 40 levels", "check the indentation"),
    ),
    Case(
        "deep-block-nesting",
        whole_file(
            ("meta:\n" + "".join("  " * i + "- \n" for i in range(1, 200))).encode(),
            lambda raw: "de.yaml:41:81",
        ),
        ("nests deeper than 40 levels",),
    ),
    Case(
        "file-too-large",
        whole_file(
            ("meta:\n  title: " + "x" * (1024 * 1024) + "\n").encode(), lambda raw: "de.yaml:"
        ),
        ("is 1,048,592 bytes", "at most 1,048,576 bytes (1 MiB)", "split the text"),
    ),
    # --- wrong types, unknown keys, missing fields ----------------------------------------------
    Case(
        "meta-is-a-text",
        whole_file(
            b"meta: Jahresbericht\npages:\n  - kind: cover\n    title: T\n",
            lambda raw: "de.yaml:1:7",
        ),
        ("meta: expected keys and values here, found 'Jahresbericht'", "indent the keys below"),
    ),
    Case(
        "list-entry-where-a-key-belongs",
        line_of("  author: Servicebüro", "  - author: Servicebüro", "- author", 0),
        ("indentation of this line does not fit", "same number of spaces"),
    ),
    Case(
        "pages-is-a-text",
        whole_file(
            b"meta:\n  title: T\n  author: A\npages: alle Seiten\n", lambda raw: "de.yaml:4:8"
        ),
        ("pages: expected a list, found 'alle Seiten'", "starting with '- '"),
    ),
    Case(
        "page-limit-not-a-number",
        settings("slug: x\npage_limit: viele\n", "viele"),
        ("brochure.yaml", "page_limit: expected a whole number, found 'viele'", "digits only"),
    ),
    Case(
        "page-limit-zero",
        settings("slug: x\npage_limit: 0\n", "0\n"),
        ("page_limit: must be at least 1, not 0",),
    ),
    Case(
        "settings-typo",
        settings("slgu: x\n", "slgu"),
        ("unknown key 'slgu'", "did you mean 'slug'?"),
    ),
    Case(
        "contact-key-typo",
        line_of("      email: info@lokale", "      emial: info@lokale", "emial"),
        ("unknown key 'emial'", "did you mean 'email'?"),
    ),
    Case(
        "meta-missing",
        whole_file(b"pages:\n  - kind: cover\n    title: Titel\n", lambda raw: "de.yaml:1:1"),
        ("the key 'meta' is missing", "add 'meta: …'"),
    ),
    Case(
        "contact-missing",
        line_of(
            "    contact:\n      title: Kontakt\n",
            "    kontakt:\n      title: Kontakt\n",
            "kontakt",
        ),
        ("unknown key 'kontakt'", "did you mean 'contact'?"),
    ),
    Case(
        "no-pages",
        whole_file(b"meta:\n  title: T\n  author: A\npages: []\n", lambda raw: "de.yaml:4:8"),
        ("pages: needs at least 1 entry", "starting with '- '"),
    ),
    Case(
        "seven-figures",
        line_of(
            '      - value: "58"\n        label: Akteurinnen und Akteure',
            '      - { value: "1", label: a }\n' * 5
            + '      - value: "58"\n        label: Akteurinnen und Akteure',
            '      - { value: "1"',
            6,
        ),
        ("may have at most 6 entries", "split the content"),
    ),
    Case(
        "top-level-list",
        whole_file(b"- meta\n- pages\n", lambda raw: "de.yaml:1:1"),
        ("must be a mapping of keys",),
    ),
    Case(
        "duplicate-top-level-key",
        whole_file(
            lambda raw: raw + b"meta:\n  title: Noch einmal\n",
            lambda raw: where(Path("de.yaml"), raw.decode(), "meta:\n  title: Noch"),
        ),
        ("the key 'meta' appears twice (first on line 9)", "keep one of them"),
    ),
    Case(
        "duplicate-key-in-translation",
        line_of(TR_TITLE, TR_TITLE + "\n    title: İkinci", "title: İkinci", 0, file="tr.yaml"),
        ("tr.yaml", "the key 'title' appears twice"),
        locale="tr",
    ),
    Case(
        "invalid-ipv6-link",
        title('"[Link](http://[::1/x)"'),
        ("the link 'http://[::1/x' is not a valid address",),
    ),
    # --- files that are folders, links out of the brochure, pipes -------------------------------
    Case(
        "language-file-is-a-folder",
        folder_instead("de.yaml"),
        ("de.yaml: is a folder, not a YAML file", "remove or rename the folder"),
    ),
    Case(
        "settings-file-is-a-folder",
        folder_instead("brochure.yaml"),
        ("brochure.yaml: is a folder",),
    ),
    Case(
        "language-file-links-to-etc-passwd",
        symlink("de.yaml", lambda b: Path("/etc/passwd")),
        (
            "de.yaml: is a link to /etc/passwd, outside the folder",
            "was not read",
            "copy the file into it",
        ),
        process=True,
    ),
    Case(
        "language-file-links-outside",
        symlink("de.yaml", outside_copy("de.yaml")),
        ("is a link to", "elsewhere-de.yaml", "outside the folder", "was not read"),
    ),
    Case(
        "translation-links-outside",
        symlink("tr.yaml", outside_copy("tr.yaml")),
        ("tr.yaml: is a link to", "was not read"),
        locale="tr",
    ),
    Case(
        "settings-link-to-etc",
        symlink("brochure.yaml", lambda b: Path("/etc/hostname")),
        ("brochure.yaml: is a link to /etc/hostname", "was not read"),
    ),
    Case(
        "dangling-link",
        symlink("de.yaml", lambda b: b / "nowhere.yaml"),
        ("de.yaml: is a link to a file that does not exist",),
    ),
    Case(
        "language-file-is-a-fifo",
        fifo_instead("de.yaml"),
        ("de.yaml: is not a regular file", "plain YAML text file"),
        process=True,
    ),
    # --- pictures: missing, broken, oversized, outside -------------------------------------------
    Case("missing-photo", src("images/foto.png"), ("picture not found: images/foto.png",)),
    Case(
        "truncated-png",
        picture("t.png", lambda: png(40, 30)[:60]),
        ("images/t.png cannot be read as a PNG picture", "damaged", "export it again"),
    ),
    Case(
        "png-bad-checksum",
        picture("c.png", lambda: _flip_byte(png(40, 30), 40)),
        ("images/c.png cannot be read as a PNG picture",),
    ),
    Case(
        "truncated-jpeg",
        picture("t.jpg", lambda: jpeg(400, 300)[:300]),
        ("images/t.jpg cannot be read as a JPEG picture",),
    ),
    Case(
        "jpeg-garbage",
        picture("g.jpeg", b"\xff\xd8\xff\xe0" + b"\x00garbage" * 40),
        ("images/g.jpeg cannot be read as a JPEG picture",),
    ),
    Case(
        "jpeg-named-png",
        picture("photo.png", lambda: jpeg(40, 30)),
        ("images/photo.png is not a PNG picture but JPEG", "correct the file name"),
    ),
    Case(
        "svg-not-xml",
        picture("broken.svg", svg("<rect width='4'>")),
        (
            "images/broken.svg is not a valid SVG file (XML error at line 3",
            "mismatched tag",
            "export it again",
        ),
    ),
    Case(
        "svg-is-html",
        picture("page.svg", b"<html><body>Hallo</body></html>"),
        ("images/page.svg is not an SVG picture (it starts with <html>)",),
    ),
    Case(
        "image-file-too-large",
        picture("huge.png", b"\x89PNG\r\n\x1a\n" + bytes(26 * 1024 * 1024)),
        ("images/huge.png is 26 MiB", "at most 25 MiB"),
    ),
    Case(
        "png-over-40-megapixels",
        picture("wide.png", png_header_only(10_000, 5_000)),
        ("images/wide.png has 10000×5000 pixels (50 megapixels)", "at most 40 megapixels"),
    ),
    Case(
        "png-decompression-bomb",
        picture("bomb.png", png_header_only(100_000, 100_000)),
        ("images/bomb.png has far too many pixels",),
    ),
    Case(
        "src-traversal", src("images/../../../secret.svg"), ("points outside the brochure folder",)
    ),
    Case("src-windows-traversal", src("..\\..\\secret.svg"), ("must not contain '\\'",)),
    Case(
        "src-percent-encoded-traversal",
        src("images/%2e%2e/%2e%2e/secret.svg"),
        ("must not contain '%'", "rename the file"),
    ),
    Case(
        "src-windows-absolute",
        src("C:/Users/x/logo.png"),
        ("must be a path relative to the brochure folder",),
    ),
    Case(
        "src-unc-path",
        src('"\\\\\\\\server\\\\share\\\\logo.png"'),
        ("must be a path relative to the brochure folder",),
    ),
    Case(
        "src-is-a-folder",
        lambda b: ((b / "images" / "folder.svg").mkdir(), src("images/folder.svg")(b))[1],
        ("is a folder, not a picture", "name the picture file"),
    ),
    Case(
        "src-name-too-long",
        src("images/" + "a" * 300 + ".svg"),
        ("cannot be read", "File name too long"),
    ),
    # --- SVGs that reach outside: refused before anything is rendered ---------------------------
    Case(
        "svg-external-entity",
        picture("xxe.svg", svg("<text>&passwd;</text>", prolog=XXE)),
        ("images/xxe.svg declares a DOCTYPE (line 2 of the SVG)", "remove the <!DOCTYPE"),
        process=True,
    ),
    Case(
        "svg-entity-expansion",
        picture("laughs.svg", svg("<text>&c;</text>", LAUGHS_DTD)),
        ("images/laughs.svg declares a DOCTYPE",),
    ),
    Case(
        "svg-http-image",
        picture("http.svg", svg('<image xlink:href="http://127.0.0.1:9/x.png"/>')),
        (
            "refers to 'http://127.0.0.1:9/x.png' (line 2 of the SVG)",
            "an SVG may only use its own parts (#id), data: URLs and files inside the brochure",
        ),
    ),
    Case(
        "svg-file-url",
        picture("file.svg", svg('<image href="file:///etc/passwd"/>')),
        ("images/file.svg refers to 'file:///etc/passwd'",),
    ),
    Case(
        "svg-relative-path-out",
        picture("up.svg", svg('<image href="../../../outside.png"/>')),
        ("refers to '../../../outside.png'", "outside the brochure folder"),
    ),
    Case(
        "svg-protocol-relative",
        picture("net.svg", svg('<use xlink:href="//evil.example/s.svg#a"/>')),
        ("refers to '//evil.example/s.svg#a'",),
    ),
    Case(
        "svg-css-font-url",
        picture(
            "font.svg",
            svg(
                "<style>@font-face { font-family: x; "
                "src: url(https://evil.example/f.woff) }</style>"
            ),
        ),
        ("refers to 'https://evil.example/f.woff'",),
    ),
    Case(
        "svg-css-import",
        picture("import.svg", svg('<style>@import "http://evil/x.css";</style>')),
        ("refers to 'http://evil/x.css'",),
    ),
    Case(
        "svg-style-attribute-url",
        picture(
            "fill.svg",
            svg('<rect width="9" height="9" style="fill: url(\'file:///etc/passwd#g\')"/>'),
        ),
        ("refers to 'file:///etc/passwd#g'",),
    ),
    Case(
        "svg-css-escape-hides-url",
        picture(
            "escape.svg",
            svg(
                "<style>@font-face { font-family: x; "
                "src: u\\72l(https://evil.example/f.woff) }</style>"
            ),
        ),
        ("uses a backslash escape in its styles (line 2 of the SVG)", "without CSS escapes"),
    ),
    Case(
        "svg-xml-base",
        picture("base.svg", svg('<g xml:base="http://evil.example/"><image href="x.png"/></g>')),
        ("refers to 'http://evil.example/'",),
    ),
    Case(
        "svg-stylesheet-instruction",
        picture("pi.svg", svg("", prolog='<?xml-stylesheet href="http://evil/x.css"?>\n')),
        ("links a stylesheet", "own <style> element"),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_broken_input_is_located(case: Case, brochure: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / pdf_name(case.locale)
    earlier.write_bytes(EARLIER)
    place = case.setup(brochure)
    args = ["build", str(brochure), "--locale", case.locale, "--output", str(out)]

    if case.process:
        done = run_cli(*args, cwd=tmp_path)
        assert done.returncode == 1, done.stdout + done.stderr
        assert "Traceback" not in done.stderr + done.stdout
        output = done.stderr
    else:
        result = CliRunner().invoke(cli, args)
        # exit 1 through sys.exit, not an exception the runner caught (that, too, is exit 1)
        assert isinstance(result.exception, SystemExit), repr(result.exception)
        assert result.exit_code == 1, result.output
        output = result.output

    assert "Traceback" not in output
    assert output.startswith("error: "), output
    assert place in output, f"expected the place {place!r} in:\n{output}"
    for words in case.message:
        assert words in output, f"expected {words!r} in:\n{output}"
    if Path("/etc/passwd").is_file():  # nothing of a file outside was read or shown
        assert "root:x:" not in output
    assert earlier.read_bytes() == EARLIER
    assert sorted(p.name for p in out.iterdir()) == [earlier.name]  # no partial files


# --- what must keep working -----------------------------------------------------------------


def test_yaml_11_words_stay_text_in_every_kind_of_field(brochure: Path) -> None:
    """`NO`, `yes`, `on`, `off`, `01067`, `12:30`, `0x1F`, `1e3` stay the text that was typed,
    also as keys; nothing turns into a boolean or a number."""
    file = brochure / "de.yaml"
    edit(file, TITLE, "    title: NO\n    lead: on")
    edit(file, '    subtitle: "Teil 2: Auswertung Telefoninterviews"', "    subtitle: yes")
    edit(
        file,
        '      - value: "58"\n        label: Akteurinnen und Akteure',
        "      - value: 01067\n        label: 12:30",
    )
    edit(
        file,
        "        - DIHK Service GmbH\n",
        "        - DIHK Service GmbH\n        - off\n        - 0x1F\n        - 1e3\n",
    )
    variant = load_variant(brochure, "de").content
    cover, text, cards, back = *variant.pages[:3], variant.pages[-1]
    assert (cards.title, cards.lead, cover.subtitle) == ("NO", "on", "yes")
    assert (text.figures[0].value.written, text.figures[0].label) == ("01067", "12:30")
    assert back.contact.address[3:6] == ["off", "0x1F", "1e3"]


def test_bom_crlf_and_quoted_str_tag_are_fine(brochure: Path) -> None:
    """Windows line ends, a UTF-8 byte order mark and `!!str` (the one harmless tag) load."""
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8").replace(TITLE, "    title: !!str 01067")
    file.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    variant = load_variant(brochure, "de").content
    assert variant.pages[2].title == "01067"
    # …and a located error in such a file still names the right line
    file.write_bytes(
        b"\xef\xbb\xbf"
        + text.replace("title: !!str 01067", "titel: x").replace("\n", "\r\n").encode()
    )
    with pytest.raises(UserError, match=r"de\.yaml:66:5: pages\[3\]\.titel"):
        check_brochure(brochure)


def test_links_inside_the_brochure_folder_are_followed(brochure: Path) -> None:
    (brochure / "sources").mkdir()
    (brochure / "de.yaml").rename(brochure / "sources" / "de.yaml")
    (brochure / "de.yaml").symlink_to(Path("sources") / "de.yaml")
    assert next(iter(check_brochure(brochure))) == "de"


def test_svg_references_inside_the_brochure_are_accepted(brochure: Path) -> None:
    (brochure / "images" / "ok.svg").write_bytes(
        svg(
            '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/>'
            '<use href="#g"/><image href="icon-partners.svg" width="9" height="9"/>'
            '<image xlink:href="data:image/png;base64,iVBORw0KGgo=" width="1" height="1"/>',
            prolog='<?xml version="1.0" encoding="UTF-8"?>\n',
        )
    )
    (brochure / "images" / "ok.png").write_bytes(png(40, 30))
    (brochure / "images" / "ok.jpg").write_bytes(jpeg(40, 30))
    file = brochure / "de.yaml"
    edit(file, ICON_SRC, "src: images/ok.svg")
    edit(file, "src: images/icon-communication.svg", "src: images/ok.png")
    edit(file, "src: images/icon-participation.svg", "src: images/ok.jpg")
    assert next(iter(check_brochure(brochure))) == "de"


# --- 3. runaway content: one word of 100,000 characters -------------------------------------


def test_a_100000_character_word_ends_in_a_fit_report_or_a_clear_error(
    brochure: Path, tmp_path: Path
) -> None:
    word = ("Bündnis" * 14_286)[:100_000]
    edit(brochure / "de.yaml", TITLE, f"{TITLE}\n    lead: {word}")
    (brochure / "brochure.yaml").write_text(
        f"slug: {SLUG}\nrender_time_limit_s: 60\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)
    # the time or page limit, or the fit check: a clear message naming the file
    message = str(caught.value)
    assert "de.yaml" in message
    assert (
        "took longer than" in message
        or "more than the limit" in message
        or ("page 3" in message and "too wide" in message)
    ), message
    assert [p.name for p in out.iterdir() if not p.name.endswith(".DRAFT-does-not-fit.pdf")] == []


# --- 4. the layout engine fails on one language -----------------------------------------------


def test_engine_failure_in_one_language_leaves_the_others_built(
    brochure: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint raising on tr's groups page: the error names brochure, language and page,
    the four other languages are built, the exit status is 1 and tr's earlier PDF stays."""
    real_render = pdf.render_pdf

    def crash_on_turkish_groups(html: str, **kwargs):  # type: ignore[no-untyped-def]
        if 'lang="tr-TR"' in html and 'class="page inner groups' in html:
            raise AssertionError("assert not page_is_empty")  # as WeasyPrint 70 does
        return real_render(html, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", crash_on_turkish_groups)
    out = tmp_path / "out"
    out.mkdir()
    (out / pdf_name("tr")).write_bytes(EARLIER)

    result = CliRunner().invoke(cli, ["build", str(brochure), "--output", str(out)])

    assert isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "tr.yaml" in result.output
    assert f"page 5 (kind 'groups') of '{SLUG}' [tr]" in result.output
    assert "AssertionError: assert not page_is_empty" in result.output
    assert (out / pdf_name("tr")).read_bytes() == EARLIER
    for language in LANGUAGES:
        if language != "tr":
            with pikepdf.open(out / pdf_name(language)) as document:
                assert len(document.pages) == 9
    assert listed(out) == sorted(pdf_name(lang) for lang in LANGUAGES)


# --- 5. interrupted and concurrent builds, with real processes --------------------------------

# The real command, but the PDF is written slowly: half of it, then a pause. A kill during the
# pause lands while the temporary file is half written: the worst moment.
SLOW_WRITE = """
import sys, tempfile, time
from report.base import files as build

real = tempfile.NamedTemporaryFile


class HalfThenWait:
    def __init__(self, handle):
        self._handle = handle

    def __enter__(self):
        self._handle.__enter__()
        return self

    def __exit__(self, *exc):
        return self._handle.__exit__(*exc)

    def write(self, data):
        self._handle.write(data[: len(data) // 2])
        self._handle.flush()
        print("half written", flush=True)
        time.sleep(120)
        return self._handle.write(data[len(data) // 2:])

    def __getattr__(self, name):
        return getattr(self._handle, name)


class SlowTempfile:
    @staticmethod
    def NamedTemporaryFile(*args, **kwargs):
        return HalfThenWait(real(*args, **kwargs))


build.tempfile = SlowTempfile
from report.cli import cli
cli(sys.argv[1:], prog_name="report")
"""


def _one_page_pdf() -> bytes:
    document = pikepdf.new()
    document.add_blank_page()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _parts(out: Path) -> list[Path]:
    return sorted(out.glob(".*.part"))


def _assert_intact(target: Path, earlier: bytes) -> str:
    """The PDF is the earlier one, byte for byte, or a complete new one: never truncated."""
    data = target.read_bytes()
    if data == earlier:
        return "earlier"
    with pikepdf.open(target) as document:
        assert len(document.pages) == 9
    return "new"


def _start(args: list[str], cwd: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def test_a_killed_build_never_leaves_a_truncated_pdf(brochure: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    target = out / pdf_name("de")
    earlier = _one_page_pdf()
    target.write_bytes(earlier)
    command = ["build", str(brochure), "--locale", "de", "--output", str(out)]

    # 1. killed while the temporary file is half written (a deterministic worst case)
    slow = _start(["-c", SLOW_WRITE, *command], tmp_path)
    try:
        assert slow.stdout is not None and slow.stderr is not None
        ready, _, _ = select.select([slow.stdout], [], [], 180)
        assert ready, "the build did not reach the write within 180 s"
        assert slow.stdout.readline() == b"half written\n", slow.stderr.read().decode()
        part_files = _parts(out)
        assert len(part_files) == 1 and part_files[0].stat().st_size > 0
    finally:
        slow.send_signal(signal.SIGKILL)
        slow.communicate(timeout=30)
    assert target.read_bytes() == earlier

    # 2. the unmodified command killed at random moments, or as soon as its .part file appears
    chance = random.Random()
    outcomes = []
    for _ in range(3):
        process = _start(["-m", "report", *command], tmp_path)
        known = set(_parts(out))
        deadline = time.monotonic() + chance.uniform(1.0, 4.0)
        saw_part = False
        while process.poll() is None and time.monotonic() < deadline:
            if set(_parts(out)) - known:
                saw_part = True
                break
            time.sleep(0.0005)
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
        outcomes.append((_assert_intact(target, earlier), saw_part, process.returncode))

    # 3. leftover temporary files do not disturb the next normal build
    (result,) = builder.build(brochure, languages=["de"], output_dir=out)
    assert result.path == target
    with pikepdf.open(target) as document:
        assert len(document.pages) == 9
    assert all(p.name.startswith(f".{target.name}.") for p in _parts(out))
    print(
        "kill outcomes (pdf, .part seen, exit):",
        outcomes,
        "| leftover .part files:",
        len(_parts(out)),
    )


def test_two_builds_at_once_both_succeed_and_leave_a_complete_pdf(
    brochure: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / pdf_name("de")).write_bytes(_one_page_pdf())
    command = ["-m", "report", "build", str(brochure), "--locale", "de", "--output", str(out)]
    first, second = _start(command, tmp_path), _start(command, tmp_path)
    results = [process.communicate(timeout=300) for process in (first, second)]

    for process, (stdout, stderr) in zip((first, second), results, strict=True):
        assert process.returncode == 0, stderr.decode()
        assert f"wrote {out / pdf_name('de')}" in stdout.decode()
    with pikepdf.open(out / pdf_name("de")) as document:
        assert len(document.pages) == 9
    assert listed(out) == [pdf_name("de")]
