"""The hyphenation patterns kept in a cache file (report/pdf/hyphenation.py): a process that
reads them from there hyphenates exactly as one that has pyphen parse them, and a cache file
that is damaged, foreign or cannot be written changes nothing but the time."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest

from report.pdf import hyphenation

from ..helpers import ROOT, pdf_text

# German compounds (pyphen's patterns break some of them badly: the same badly with the cache),
# capitals, umlauts, ß; Catalan for pyphen's non-standard hyphenation (l·l -> l-l).
GERMAN = [
    "Zusammenarbeit",
    "Öffentlichkeitsarbeit",
    "Netzwerkarbeit",
    "Arbeitsstrukturen",
    "Bündnispartnerinnen",
    "Kindertagesstätten",
    "Familienfreundlichkeit",
    "Straßenbahnhaltestelle",
    "SCHIFFFAHRT",
    "Ehrenamtlichen",
    "Verantwortlichkeiten",
]
CATALAN = ["col·lecció", "paral·lel", "intel·ligència", "il·lusió", "ŀŀengua"]

# A fresh process: lays out a narrow column of German with `hyphens: auto` through the
# engine set-up of a build, and hyphenates the words with pyphen; says whether pyphen parsed
# a pattern file (HyphDict.__init__ runs only then).
PROCESS = """
import json, sys
from pathlib import Path
import pyphen
parsed = []
original = pyphen.HyphDict.__init__
def counting(self, path):
    parsed.append(Path(path).name)
    original(self, path)
pyphen.HyphDict.__init__ = counting
from report.pdf import engine
folder, words = Path(sys.argv[1]), json.loads(sys.argv[2])
html = ('<html lang="de-DE"><head><style>@page { size: 60mm 200mm; margin: 5mm }'
        'p { width: 22mm; hyphens: auto; font-size: 10pt }</style></head><body>'
        + "".join(f"<p>{word} und {word}</p>" for word in words) + "</body></html>")
rendered = engine.render_pdf(html, base_dir=folder, stylesheets=[], allowed_roots=[folder],
                             lang="de-DE")
(folder / "out.pdf").write_bytes(rendered.pdf)
print(json.dumps({"parsed": parsed,
                  "words": [pyphen.Pyphen(lang="de_DE").inserted(w) for w in words]}))
"""


def fresh_process(folder: Path, cache: Path) -> tuple[dict[str, list[str]], list[str]]:
    """What PROCESS saw, and the text of the PDF it laid out, with `cache` as XDG_CACHE_HOME."""
    folder.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        [sys.executable, "-c", PROCESS, str(folder), json.dumps(GERMAN)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**os.environ, "XDG_CACHE_HOME": str(cache)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), pdf_text(folder / "out.pdf")


def cache_files(cache: Path) -> list[Path]:
    return sorted((cache / "report" / "hyphenation").glob("*.json"))


def test_a_fresh_process_with_the_cache_file_hyphenates_as_one_without(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("a file where the cache folder would be")
    cache = tmp_path / "cache"

    without, without_text = fresh_process(tmp_path / "without", not_a_folder)
    first, first_text = fresh_process(tmp_path / "first", cache)
    warm, warm_text = fresh_process(tmp_path / "warm", cache)

    # No cache folder to write: pyphen parses the patterns, and the PDF is made all the same.
    assert without["parsed"] == ["hyph_de_DE.dic"]
    # The first process parses them and writes the cache file; the next one only reads it.
    assert first["parsed"] == ["hyph_de_DE.dic"]
    assert [file.name.split("-")[0] for file in cache_files(cache)] == ["hyph_de_DE"]
    assert warm["parsed"] == []
    assert warm["words"] == first["words"] == without["words"]
    assert "Zu-sam-me-n-a-r-beit" in warm["words"]  # pyphen's own (poor) break points
    assert warm_text == first_text == without_text
    assert "\u2010" in "".join(warm_text) or "\ufffe" in "".join(warm_text), (
        "the column is to be narrow enough to hyphenate words"
    )


@pytest.mark.parametrize(("language", "words"), [("ca", CATALAN), ("de_DE", GERMAN)])
def test_the_cache_file_keeps_every_pattern(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, words: list[str]
) -> None:
    path = pyphen.LANGUAGES[language]
    parsed = pyphen.HyphDict(path)
    hyphenation.patterns(path, tmp_path)  # parses, writes the file
    monkeypatch.setattr(pyphen.HyphDict, "__init__", _no_parsing)
    cached = hyphenation.patterns(path, tmp_path)

    assert cached.patterns == parsed.patterns and cached.maxlen == parsed.maxlen
    # DataInt compares as its number: its non-standard hyphenation data compared apart.
    assert {
        key: [getattr(value, "data", None) for value in values]
        for key, (_, values) in cached.patterns.items()
    } == {
        key: [getattr(value, "data", None) for value in values]
        for key, (_, values) in parsed.patterns.items()
    }
    monkeypatch.setattr(pyphen, "hdcache", {path: cached})
    from_cache = [pyphen.Pyphen(lang=language).inserted(word) for word in words]
    monkeypatch.setattr(pyphen, "hdcache", {path: parsed})
    assert from_cache == [pyphen.Pyphen(lang=language).inserted(word) for word in words]
    if language == "ca":
        assert from_cache[0] == "col-lec-ció"  # l·l -> l-l: pyphen's non-standard data used


@pytest.mark.parametrize(
    "damage",
    [
        "truncated",
        "garbage",
        "empty",
        "payload changed",
        "other pyphen",
        "other dictionary",
        "not JSON patterns",
    ],
)
def test_a_damaged_or_foreign_cache_file_is_ignored_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    path = pyphen.LANGUAGES["ca"]
    expected = pyphen.HyphDict(path)
    hyphenation.patterns(path, tmp_path)
    [file] = sorted((tmp_path / "hyphenation").glob("*.json"))
    data = file.read_bytes()
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    if damage == "truncated":
        data = data[: len(data) // 2]
    elif damage == "garbage":
        data = bytes(range(256)) * 10
    elif damage == "empty":
        data = b""
    elif damage == "payload changed":  # one pattern's values changed, the header left as was
        data = head + b"\n" + payload.replace(b"[1,", b"[3,", 1)
    elif damage == "other pyphen":
        header["key"]["pyphen"] = "0.1"
        data = json.dumps(header, sort_keys=True).encode() + b"\n" + payload
    elif damage == "other dictionary":
        header["key"]["sha256"] = "0" * 64
        data = json.dumps(header, sort_keys=True).encode() + b"\n" + payload
    elif damage == "not JSON patterns":  # a well-formed file whose entries are no patterns
        payload = json.dumps({"entries": [["x", 1]], "patterns": {"a": 0}}).encode()
        header["payload"] = hashlib.sha256(payload).hexdigest()
        data = json.dumps(header, sort_keys=True).encode() + b"\n" + payload
    file.write_bytes(data)

    parses: list[Path] = []
    original = pyphen.HyphDict.__init__

    def counting(self: pyphen.HyphDict, dic: Path) -> None:
        parses.append(dic)
        original(self, dic)

    monkeypatch.setattr(pyphen.HyphDict, "__init__", counting)
    got = hyphenation.patterns(path, tmp_path)
    assert parses == [path]  # the file was not trusted
    assert got.patterns == expected.patterns
    # ... and it was written again: the next process reads it.
    monkeypatch.setattr(pyphen.HyphDict, "__init__", _no_parsing)
    assert hyphenation.patterns(path, tmp_path).patterns == expected.patterns


def test_a_cache_folder_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("a file where the cache folder would be")
    path = pyphen.LANGUAGES["ca"]
    assert hyphenation.patterns(path, blocked).patterns == pyphen.HyphDict(path).patterns


def test_prepare_fills_pyphens_cache_for_the_languages_of_a_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pyphen, "hdcache", {})
    html = "<html lang=\"ca\"><p xml:lang='ca-ES'>x</p><span lang=zz>y</span></html>"
    assert hyphenation.languages_in(html) == ["ca", "ca-ES", "zz"]
    hyphenation.prepare(hyphenation.languages_in(html), tmp_path)
    assert list(pyphen.hdcache) == [pyphen.LANGUAGES["ca"]]  # zz: pyphen has no patterns


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert hyphenation.cache_folder() == tmp_path / "report"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/path")  # to be ignored, says XDG
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert hyphenation.cache_folder() == tmp_path / "home" / ".cache" / "report"


def _no_parsing(self: pyphen.HyphDict, path: Path) -> None:
    raise AssertionError(f"pyphen parsed {path}: the cache file was not used")


# --- where a word may be broken --------------------------------------------------------------


CARD = """<html lang="de-DE"><body>
<section class="page inner cards"{fit}><h2 class="page-title">Ein Titel</h2>
<div class="card-grid"><article class="card"><h3 class="card-title">Hebammensprechstunde</h3>
<ul class="bullets"><li>Sprechstunde</li></ul></article>
<div class="group"><h3 class="group-title">Hebammensprechstunde</h3><p>Sprechstunde</p></div>
</div></section></body></html>"""


@pytest.mark.parametrize("fit", ["", ' data-fit="3"'])
def test_the_stylesheet_hyphenates_box_text_within_the_limits_and_no_heading(fit: str) -> None:
    import weasyprint

    from report.base import resources

    page = (
        weasyprint.HTML(string=CARD.format(fit=fit))
        .render(stylesheets=[weasyprint.CSS(filename=str(resources.STYLES / "brochure.css"))])
        .pages[0]
    )
    styles = {
        (box.element_tag, (box.element.get("class") or "").split(" ")[0]): box.style
        for box in page._page_box.descendants()
        if box.element is not None and box.element_tag in ("h2", "h3", "li", "p")
    }
    limits = (hyphenation.SHORTEST_WORD, hyphenation.SHORTEST_PART, hyphenation.SHORTEST_PART)
    assert {key: style["hyphens"] for key, style in styles.items()} == {
        ("h2", "page-title"): "manual",
        ("h3", "card-title"): "manual",
        ("h3", "group-title"): "manual",
        ("li", ""): "auto",
        ("p", ""): "auto",
    }
    assert {style["hyphenate_limit_chars"] for style in styles.values()} == {limits}
