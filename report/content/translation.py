"""Translated content: a translation file laid over its source, with fallback and staleness.

A translation (`tr.yaml`) has the structure of the source (`de.yaml`); any text it lacks falls
back to the source text and is reported as missing. For every translated text, the fingerprint
of the source text it was translated from is kept in `i18n/<language>.sources.json`; when the
source text changes, the translation is reported as stale until a translator updates it
(`report i18n import`) or confirms it (`report i18n accept`).
"""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report.base import files, languages
from report.base.errors import Issue
from report.base.inputs import Inputs
from report.content import numbers
from report.content.markup import LanguageText
from report.content.yamlio import Document, Loc, format_path

# Keys whose values are the same in every language unless a translation sets them on purpose.
NOT_TRANSLATED = frozenset(
    {
        "kind",
        "src",
        "value",
        "values",
        "scale",
        "phone",
        "email",
        "website",
        "sender_email",
        "decorative",
        "picture",
        "chart",
        "show_table",
        "currency",
    }
)
# Keys holding numbers: a translation may restate them (in its own number format), never change
# them; each language shows them in its own format. A table cell (under `rows`) that is a
# number in the source is one too.
NUMBERS = frozenset({"value", "values", "scale"})
TABLE_CELLS = "rows"


def leaves(data: Any, path: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text in a content tree with its path, in document order."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def _key(path: Loc) -> str | None:
    """The name of the key a value stands under (list positions skipped)."""
    return next((step for step in reversed(path) if isinstance(step, str)), None)


def is_translatable(path: Loc, text: str) -> bool:
    """Whether a text is translated: not a file, a code or a number, and it has words (a unit
    such as `%` or a series name such as `2014` is the same in every language)."""
    key = _key(path)
    return key is not None and key not in NOT_TRANSLATED and any(ch.isalpha() for ch in text)


def holds_number(path: Loc, source_text: str, source_language: str) -> bool:
    """Whether a value of the source is a number a translation may not change."""
    key = _key(path)
    if key in NUMBERS:
        return True
    if key != TABLE_CELLS:
        return False
    try:
        return isinstance(numbers.read(source_text, source_language), numbers.Number)
    except numbers.NotANumber:
        return False


def parse_path(text: str) -> Loc:
    """`pages[3].cards[1].title` (as printed, counted from 1) back to a data path."""
    path: list[str | int] = []
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", text):
        path.append(int(index) - 1 if index else name)
    return tuple(path)


def fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_fingerprints(root: Path, language: str, inputs: Inputs | None = None) -> dict[str, str]:
    file = files.fingerprints_file(root, language)
    inputs = inputs or Inputs(root)
    if not inputs.is_file(file):
        return {}
    try:
        data = json.loads(inputs.read(file).decode("utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}  # a damaged record only means every translation is reported as unconfirmed
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def fingerprints_json(fingerprints: dict[str, str]) -> str:
    return json.dumps(dict(sorted(fingerprints.items())), indent=1, ensure_ascii=False) + "\n"


# --- merging ------------------------------------------------------------------------------


@dataclass
class Merged:
    """A translation laid over its source: the document to validate, and what fell back."""

    document: Document
    source_language: str
    language: str
    missing: list[Loc] = field(default_factory=list)  # translatable texts taken from the source
    problems: list[Issue] = field(default_factory=list)  # structure that does not match


def merge(
    source: Document, translation: Document, *, source_language: str, language: str
) -> Merged:
    """The translation laid over the source. Texts it leaves out come from the source, marked
    as text in the source language; numbers it restates must say the same as the source's."""
    merged = Document(translation.file, None, text=translation.text)
    result = Merged(merged, source_language, language)
    merged.data = _merge(source.data, translation.data, (), source, translation, result, True)
    return result


def _in_source_language(value: Any, path: Loc, language: str) -> Any:
    """A source subtree with each translatable text marked as being in the source language."""
    if isinstance(value, dict):
        return {k: _in_source_language(v, path + (k,), language) for k, v in value.items()}
    if isinstance(value, list):
        return [_in_source_language(v, path + (i,), language) for i, v in enumerate(value)]
    if isinstance(value, str) and is_translatable(path, value):
        return LanguageText(value, language)
    return value


def _take_marks(merged: Document, doc: Document, path: Loc, origin: Path | None) -> None:
    if path in doc.value_marks:
        merged.value_marks[path] = doc.value_marks[path]
    if path in doc.key_marks:
        merged.key_marks[path] = doc.key_marks[path]
    if path in doc.quoted:
        merged.quoted.add(path)
    if origin is not None:
        merged.origins[path] = origin


def _merge(
    src: Any,
    tr: Any,
    path: Loc,
    source: Document,
    translation: Document,
    result: Merged,
    present: bool,
) -> Any:
    merged = result.document
    if tr is None or not present:
        # Not in the translation: the source's value (and, for texts, a fallback to report).
        _copy_marks(merged, source, path, src)
        result.missing.extend(p for p, text in leaves(src, path) if is_translatable(p, text))
        return _in_source_language(src, path, result.source_language)
    if isinstance(src, dict):
        if not isinstance(tr, dict):
            return _mismatch(src, tr, path, source, translation, result, "keys and values")
        _take_marks(merged, translation, path, None)
        out = {}
        for key, value in src.items():
            out[key] = _merge(
                value, tr.get(key), path + (key,), source, translation, result, key in tr
            )
        for key in tr:
            if key not in src:
                result.problems.append(
                    translation.issue_at(
                        path + (key,),
                        f"'{key}' is not in the source language file",
                        f"remove it, or add it to {source.file.name} first",
                        key=True,
                    )
                )
        return out
    if isinstance(src, list):
        if not isinstance(tr, list):
            return _mismatch(src, tr, path, source, translation, result, "a list")
        _take_marks(merged, translation, path, None)
        out_list = [
            _merge(
                item,
                tr[i] if i < len(tr) else None,
                path + (i,),
                source,
                translation,
                result,
                i < len(tr),
            )
            for i, item in enumerate(src)
        ]
        if len(tr) > len(src):
            result.problems.append(
                translation.issue_at(
                    path + (len(src),),
                    f"has {len(tr)} entries, the source language file {len(src)}",
                    f"keep the entries of {source.file.name}, in the same order",
                )
            )
        return out_list
    if isinstance(tr, (dict, list)):
        return _mismatch(src, tr, path, source, translation, result, "a text")
    if (
        isinstance(src, str)
        and isinstance(tr, str)
        and holds_number(path, src, result.source_language)
    ):
        return _same_number(src, tr, path, source, translation, result)
    _take_marks(merged, translation, path, None)
    return tr


def _same_number(
    src: str, tr: str, path: Loc, source: Document, translation: Document, result: Merged
) -> str:
    """A number restated in a translation must equal the source's: copied exactly as the
    source writes it, or written in the translation's own format or the source's. The source's
    is kept, so that every language formats the same number."""
    if tr.strip() == src.strip():
        _copy_marks(result.document, source, path, src)
        return src  # copied as written: the same number, whatever the rules
    try:
        ours = numbers.read(src, result.source_language)
    except numbers.NotANumber:
        _copy_marks(result.document, source, path, src)
        return src  # reported where the source's number is validated
    readings, _ = _readings(tr, result)
    if any(numbers.same(ours, theirs) for theirs, _ in readings):
        if isinstance(ours, numbers.Verbatim):
            _take_marks(result.document, translation, path, None)
            return tr  # text, not a number: the translator may adapt it
        _copy_marks(result.document, source, path, src)
        return src
    result.problems.append(_changed_number(src, tr, ours, path, source, translation, result))
    _copy_marks(result.document, source, path, src)
    return src


def _readings(
    tr: str, result: Merged
) -> tuple[list[tuple[numbers.Value, str]], list[numbers.NotANumber]]:
    """A translation's value read in its own language, then as the source language writes
    numbers: each (value, language) it is read as, and why it is no number where it is none."""
    readings: list[tuple[numbers.Value, str]] = []
    refusals: list[numbers.NotANumber] = []
    for language in dict.fromkeys((result.language, result.source_language)):
        try:
            readings.append((numbers.read(tr, language), language))
        except numbers.NotANumber as problem:
            refusals.append(problem)
    return readings, refusals


def _changed_number(
    src: str,
    tr: str,
    ours: numbers.Value,
    path: Loc,
    source: Document,
    translation: Document,
    result: Merged,
) -> Issue:
    """A restated number that does not say what the source's says: what it says (or why it
    is no number), what the source's is, and what to do."""
    readings, refusals = _readings(tr, result)
    language = languages.english_name(result.language)
    shown = numbers.format_value(ours, result.language)
    if isinstance(path[-1], str):
        hint = (
            f"leave '{path[-1]}' out of {translation.file.name}: numbers are taken "
            f"from {source.file.name} and shown in each language's own number format"
        )
    else:  # a cell of a table row or a value of a list: the place must be kept
        hint = (
            f"copy it as {source.file.name} writes it ('{src}') or write it in "
            f"{language} format ('{shown}'); it is shown in each language's own format"
        )
    if readings:
        theirs, read_in = readings[0]
        how = (
            f"in {language}"
            if read_in == result.language
            else f"as {source.file.name} writes numbers"
        )
        return translation.issue_at(
            path,
            f"the number '{tr}' is {numbers.format_value(theirs, result.language)} {how}, but "
            f"the source's '{src}' ({source.file.name}) is {shown}",
            hint,
        )
    if isinstance(ours, numbers.Verbatim):  # the source's is text: only this value is wrong
        return translation.issue_at(path, str(refusals[0]), refusals[0].hint)
    why = f" ({refusals[0].reason})" if refusals[0].reason else ""
    return translation.issue_at(
        path,
        f"'{tr}' is not a number in {language}{why}, nor as {source.file.name} writes "
        f"numbers; a translation may only restate the source's '{src}' "
        f"({source.file.name}), which is {shown} in {language}",
        hint,
    )


def _mismatch(
    src: Any,
    tr: Any,
    path: Loc,
    source: Document,
    translation: Document,
    result: Merged,
    expected: str,
) -> Any:
    result.problems.append(
        translation.issue_at(
            path,
            f"expected {expected} here, as in {source.file.name}",
            "give this entry the same shape as in the source language file",
        )
    )
    _copy_marks(result.document, source, path, src)
    return src


def _copy_marks(merged: Document, source: Document, path: Loc, value: Any) -> None:
    _take_marks(merged, source, path, source.file)
    if isinstance(value, dict):
        for key, item in value.items():
            _copy_marks(merged, source, path + (key,), item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _copy_marks(merged, source, path + (index,), item)


# --- status ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One translatable text of a translation and its state."""

    path: Loc
    state: str  # "complete", "missing" or "stale"
    source_text: str
    text: str | None
    where: Issue  # the place to show: the translation's line, or the source's for a missing one


@dataclass
class Status:
    language: str
    entries: list[Entry]

    def of(self, state: str) -> list[Entry]:
        return [entry for entry in self.entries if entry.state == state]


def status(
    source: Document,
    translation: Document | None,
    language: str,
    fingerprints: dict[str, str],
    catalog: Path | None = None,
) -> Status:
    """Which texts of a translation are complete, missing (fall back) or stale; a missing one
    is to be translated in `catalog`, the PO file the brochure folder keeps for the language,
    if it keeps one, else in the language file."""
    tr_data = translation.data if translation is not None else None
    if catalog is not None:
        po_file, folder = _typed(catalog), _typed(source.file.parent)
        command = shlex.join(
            ["report", "i18n", "import", po_file] + ([folder] if folder != "." else [])
        )
        to_translate = f"translate it in {po_file}, then run: {command}"
    else:
        to_translate = (
            f"add the translation to {files.language_file(source.file.parent, language).name}"
        )
    entries = []
    for path, source_text in leaves(source.data):
        if not is_translatable(path, source_text):
            continue
        text = get_path(tr_data, path)
        key = format_path(path)
        if not isinstance(text, str):
            entries.append(
                Entry(
                    path,
                    "missing",
                    source_text,
                    None,
                    source.issue_at(
                        path, "not translated yet; the source text is used", to_translate
                    ),
                )
            )
            continue
        recorded = fingerprints.get(key)
        assert translation is not None
        if recorded == fingerprint(source_text):
            entries.append(
                Entry(path, "complete", source_text, text, translation.issue_at(path, ""))
            )
        else:
            why = (
                "the source text changed since this was translated"
                if recorded
                else "no record of the source text this was translated from"
            )
            entries.append(
                Entry(
                    path,
                    "stale",
                    source_text,
                    text,
                    translation.issue_at(
                        path,
                        why,
                        "update the translation (report i18n export/import), or confirm "
                        "it with: report i18n accept",
                    ),
                )
            )
    return Status(language, entries)


def _typed(path: Path) -> str:
    """A path as one types it in a command here: relative to the working folder inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def get_path(data: Any, path: Loc) -> Any:
    for step in path:
        if isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        elif isinstance(step, int) and isinstance(data, list) and step < len(data):
            data = data[step]
        else:
            return None
    return data
