"""Hyphenation patterns parsed once per machine instead of once per process.

WeasyPrint hyphenates `hyphens: auto` text with pyphen, which parses a language's `.dic`
pattern file the first time it is asked for it (German: 66,000 patterns, 0.45-0.9 s, in every
process). The parsed patterns are kept in a cache file (about 0.04 s to read) and put into
`pyphen.hdcache`, pyphen's own cache of parsed dictionaries keyed by the `.dic` path, before
the engine asks: pyphen then takes them from there. The patterns are exactly those pyphen
parses, so the PDFs are the same with and without the cache file.

The file is JSON, not pickle: reading it cannot run code. A cache file that is damaged, or
written for another pyphen or another `.dic` file, is ignored and written again; a cache
folder that cannot be written only means the patterns are parsed as before.

Where a word may be broken is set by the stylesheet (`hyphenate-limit-chars` in
styles/brochure.css, the numbers below): WeasyPrint breaks no shorter word, and hands the
shortest part to pyphen as its left and right minimums.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

import pyphen

from report.base.files import write_atomically

# The layout of the cache file; a new one makes the files of the old one foreign.
FORMAT = 1

# Hyphenation that reads well: no word under seven letters is broken, and no break leaves fewer
# than three letters on either side ("Klei-ne", "Sprechstun-de", "Be-treuer" are never set).
SHORTEST_WORD = 7
SHORTEST_PART = 3

# A language in the HTML: `lang="de-DE"` (also `xml:lang`, single quotes, no quotes).
_LANG_ATTRIBUTE = re.compile(r"""\blang\s*=\s*["']?([A-Za-z0-9_-]+)""")


def cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/report` (or `~/.cache/report`); None when there is no home folder."""
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG rule: a relative path is to be ignored
        return Path(xdg) / "report"
    try:
        return Path.home() / ".cache" / "report"
    except RuntimeError:  # no HOME and no passwd entry
        return None


def languages_in(html: str) -> list[str]:
    """The language tags of an HTML document (its own and those of its elements)."""
    return list(dict.fromkeys(_LANG_ATTRIBUTE.findall(html)))


def prepare(languages: Iterable[str], folder: Path | None = None) -> None:
    """Put the parsed patterns of `languages` (HTML language tags) into pyphen's cache, read
    from the cache file in `folder` (default: `cache_folder()`), or parsed and then written
    there for the next process. Languages pyphen has no patterns for are skipped, as the
    engine skips them."""
    folder = folder if folder is not None else cache_folder()
    for language in languages:
        name = pyphen.language_fallback(language)
        if name is None:
            continue
        # The same path object pyphen's `Pyphen(lang=…)` looks up in its cache.
        path = pyphen.LANGUAGES[name]
        if path not in pyphen.hdcache:
            pyphen.hdcache[path] = patterns(path, folder)


def patterns(path: Path, folder: Path | None) -> pyphen.HyphDict:
    """The parsed patterns of the `.dic` file at `path`: from the cache file if it holds
    them, else parsed by pyphen (and the cache file written, if `folder` can be written)."""
    source = path.read_bytes()
    key = {
        "format": FORMAT,
        "pyphen": pyphen.__version__,
        "dictionary": str(path),
        "sha256": hashlib.sha256(source).hexdigest(),
    }
    file = None
    if folder is not None:
        name = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:20]
        file = folder / "hyphenation" / f"{path.stem}-{name}.json"
        try:
            return decode(file.read_bytes(), key)
        except (OSError, ValueError, TypeError, KeyError, IndexError, RecursionError):
            pass  # none yet, damaged or foreign: parsed again and written anew
    parsed = pyphen.HyphDict(path)
    if file is not None:
        try:
            data = encode(parsed, key)
        except ValueError:
            return parsed  # a pyphen that keeps more than we know how to write
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(file, data)
        except OSError:
            pass  # a read-only or full disk: the next process parses the patterns again
    return parsed


def encode(parsed: pyphen.HyphDict, key: dict[str, Any]) -> bytes:
    """The cache file of `parsed`: a header line (the key, and the payload's SHA-256, which
    tells a damaged file), then the payload.

    The payload lists each distinct `(start, values)` pattern entry once (a few thousand
    for 66,000 patterns) and maps every pattern to its entry's index: small and fast to read.
    A value with pyphen's non-standard hyphenation data (`DataInt`) is `[value, *data]`.
    """
    if set(vars(parsed)) != {"patterns", "cache", "maxlen"}:
        raise ValueError("pyphen.HyphDict holds more than patterns")
    entries: dict[tuple[Any, ...], int] = {}
    codes = {}
    for pattern, (start, values) in parsed.patterns.items():
        entry = (start, *(_encode_value(value) for value in values))
        codes[pattern] = entries.setdefault(entry, len(entries))
    payload = json.dumps(
        {"entries": [list(entry) for entry in entries], "patterns": codes},
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    header = json.dumps(
        {"key": key, "payload": hashlib.sha256(payload).hexdigest()}, sort_keys=True
    ).encode("utf-8")
    return header + b"\n" + payload


def decode(data: bytes, key: dict[str, Any]) -> pyphen.HyphDict:
    """The patterns of a cache file written for `key`; ValueError (or TypeError, KeyError,
    IndexError) if it is damaged or was written for something else."""
    head, _, payload = data.partition(b"\n")
    header = json.loads(head)
    if header != {"key": key, "payload": hashlib.sha256(payload).hexdigest()}:
        raise ValueError("written for another dictionary, or damaged")
    content = json.loads(payload)
    entries = [_decode_entry(entry) for entry in content["entries"]]
    codes = content["patterns"]
    if not isinstance(codes, dict) or not codes or min(codes.values()) < 0:
        raise ValueError("no patterns")
    parsed = object.__new__(pyphen.HyphDict)  # what HyphDict.__init__ leaves, without parsing
    parsed.patterns = {pattern: entries[code] for pattern, code in codes.items()}
    parsed.cache = {}
    parsed.maxlen = max(map(len, parsed.patterns))  # as HyphDict.__init__ computes it
    return parsed


def _encode_value(value: int) -> int | tuple[Any, ...]:
    """A pattern value for the file: its number, or for a DataInt `(number, *data)` (a tuple,
    so that equal entries can be found; JSON writes it as a list)."""
    if isinstance(value, pyphen.DataInt):
        return (int(value), *(value.data or ()))
    if type(value) is not int:
        raise ValueError(f"unexpected pattern value {value!r}")
    return value


def _decode_entry(entry: Any) -> tuple[int, tuple[int, ...]]:
    """`[start, value, …]` as pyphen keeps it: `(start, (value, …))`."""
    if not isinstance(entry, list):
        raise ValueError("not a pattern entry")
    start, *values = entry  # ValueError if empty
    if type(start) is not int or not values:
        raise ValueError("not a pattern entry")
    return start, tuple(_decode_value(value) for value in values)


def _decode_value(value: Any) -> int:
    """A number, or `[number, change, index, cut]`: pyphen's DataInt with its data."""
    if type(value) is int:
        return int(value)
    if isinstance(value, list) and value and type(value[0]) is int:
        if len(value) == 1:
            return cast(int, pyphen.DataInt(value[0], None))
        change, index, cut = value[1:]  # ValueError if there are not three
        if type(change) is str and type(index) is int and type(cut) is int:
            return cast(int, pyphen.DataInt(value[0], (change, index, cut)))
    raise ValueError("not a pattern value")
