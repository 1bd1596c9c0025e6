"""Load a content YAML file into plain data while keeping where every value stands.

Why not `yaml.safe_load`: it forgets line numbers, silently keeps the last of two duplicate
keys, and turns YAML 1.1 words into other types (`NO` -> False, `01067` -> 567, `12:30` -> 750).
Here every scalar stays the text the user typed (the content model converts the few non-text
fields itself), duplicates and aliases are errors, and each value keeps its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent

from .errors import Issue, UserError

MAX_FILE_BYTES = 1024 * 1024  # a brochure's text is a few dozen KiB; more means a wrong file
MAX_DEPTH = 40  # content nests four or five levels; deeper is a mistake or an attack

Loc = tuple[str | int, ...]

# C0 controls other than tab, newline and carriage return, DEL and C1 controls: never content.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NULL_WORDS = {"", "~", "null", "Null", "NULL"}


@dataclass
class Document:
    """A loaded YAML file: plain data plus the line/column of every key and value."""

    file: Path
    data: Any
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # For a merged translation: the file a value came from, where it is not `file`.
    origins: dict[Loc, Path] = field(default_factory=dict)

    def locate(self, loc: Loc, *, key: bool = False
               ) -> tuple[tuple[int, int] | None, Loc, Path]:
        """Map a (pydantic) location to the nearest known mark and the clean data path.

        Tagged-union tags ('cards') and validator names pydantic inserts into a location are
        skipped: only steps that exist in the data are kept.
        """
        clean: list[str | int] = []
        node = self.data
        previous: str | int | None = None
        for step in loc:
            after_index, previous = isinstance(previous, int), step
            if after_index and isinstance(node, dict) and node.get("kind") == step:
                continue  # the tag pydantic adds after a list index for a tagged union
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                node = node[step]
                clean.append(step)
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                node = node[step]
                clean.append(step)
            elif isinstance(node, dict) and isinstance(step, str) and step not in node:
                if step == loc[-1]:  # a missing key: report it at its parent
                    clean.append(step)
                    break
            # Anything else (validator names, union tags on non-dicts) is pydantic's bookkeeping.
        path = tuple(clean)
        marks = self.key_marks if key else self.value_marks
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            for table in (marks, self.value_marks):
                if prefix in table:
                    return table[prefix], path, self.origins.get(prefix, self.file)
        return None, path, self.file

    def issue(self, loc: Loc, message: str, hint: str = "", *, key: bool = False) -> Issue:
        mark, path, file = self.locate(loc, key=key)
        line, col = mark if mark else (None, None)
        return Issue(file, line, col, message, format_path(path), hint)


def format_path(path: Loc) -> str:
    out = ""
    for step in path:
        if isinstance(step, int):
            out += f"[{step + 1}]"  # counted from 1, as people count pages
        else:
            out += ("." if out else "") + str(step)
    return out


class _Loader(yaml.SafeLoader):
    """A SafeLoader whose composer refuses aliases and absurd nesting."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _ContentProblem(
                event.start_mark,
                "YAML aliases (*name) are not supported in content files",
                "write the text out in full where it is needed",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _ContentProblem(
                self.peek_event().start_mark,
                f"the content nests deeper than {MAX_DEPTH} levels",
                "check the indentation: brochure content needs only a few levels",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _ContentProblem(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def read_text(file: Path) -> str:
    """Read a content file as UTF-8, refusing what cannot be content (with a location)."""
    if file.is_dir():
        raise UserError(Issue(file, None, None, "is a folder, not a YAML file",
                              hint="remove or rename the folder"))
    try:
        size = file.stat().st_size
    except OSError as exc:
        raise UserError(Issue(file, None, None, f"cannot be read: {exc.strerror}")) from None
    if size > MAX_FILE_BYTES:
        raise UserError(Issue(
            file, None, None,
            f"is {size / 1024:.0f} KiB; content files may be at most {MAX_FILE_BYTES // 1024} KiB",
            hint="split the text or check that this is the right file"))
    raw = file.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UserError(Issue(file, 1, 1, "is saved as UTF-16",
                              hint="save the file as UTF-8 (most editors: 'Save with encoding')"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_bytes(raw, exc.start)
        what = "binary data" if b"\x00" in raw[:4096] else f"byte 0x{raw[exc.start]:02x}"
        raise UserError(Issue(
            file, line, col, f"is not valid UTF-8 text ({what} here)",
            hint="save the file as UTF-8; if it came from Word or Excel, copy the text into "
                 "a plain-text editor")) from None
    if (bad := _CONTROL.search(text)) is not None:
        line, col = _line_col_text(text, bad.start())
        raise UserError(Issue(
            file, line, col,
            f"contains the invisible control character U+{ord(bad.group()):04X}",
            hint="delete it (it often comes from copying out of another program)"))
    return text


def load(file: Path) -> Document:
    """Parse one content file into a Document, or raise UserError naming file:line:column."""
    text = read_text(file)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise UserError(Issue(file, 1, 1, "is empty", hint="add the brochure's content"))
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except _ContentProblem as problem:
        raise UserError(_mark_issue(file, problem.mark, problem.message, problem.hint)) from None
    except yaml.MarkedYAMLError as exc:
        raise UserError(_syntax_issue(file, exc)) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError without a mark object
        raise UserError(Issue(file, None, None, f"is not valid YAML: {exc}")) from None
    finally:
        loader.dispose()
    doc = Document(file, None)
    issues: list[Issue] = []
    doc.data = _convert(node, (), doc, issues)
    if issues:
        raise UserError(issues)
    return doc


def _convert(node: yaml.Node, path: Loc, doc: Document, issues: list[Issue]) -> Any:
    doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and node.value in _NULL_WORDS:
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, issues) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(_mark_issue(doc.file, key_node.start_mark,
                                      "a key must be a plain word, not a list or mapping"))
            continue
        key = key_node.value
        key_path = path + (key,)
        if key in result:
            first = doc.key_marks[key_path]
            issues.append(Issue(
                doc.file, key_node.start_mark.line + 1, key_node.start_mark.column + 1,
                f"the key '{key}' appears twice (first on line {first[0]})",
                format_path(key_path),
                "keep one of them; YAML would silently use only the last"))
            continue
        doc.key_marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _convert(value_node, key_path, doc, issues)
    return result


def _mark_issue(file: Path, mark: Any, message: str, hint: str = "") -> Issue:
    return Issue(file, mark.line + 1, mark.column + 1, message, "", hint)


def _syntax_issue(file: Path, exc: yaml.MarkedYAMLError) -> Issue:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    hint = "check the indentation and quoting around this place"
    if "'\\t'" in problem or "\\t" in problem:
        problem = "a tab character is used for indentation"
        hint = "indent with spaces only (two per level)"
    elif "mapping values are not allowed" in problem:
        hint = ("a text containing ': ' must be put in quotes, e.g. title: \"Teil 2: Ergebnisse\"")
    elif "but found another document" in (exc.context or "") or "expected a single document" in (
        exc.context or ""
    ):
        problem = "the file holds more than one YAML document ('---')"
        hint = "remove the extra '---' line; one file holds one language of one brochure"
    elif "found undefined alias" in problem or "found unhashable key" in problem:
        pass
    elif "could not find expected ':'" in problem:
        hint = "each line of a mapping needs 'key: value'; continue long text in quotes"
    if mark is None:
        return Issue(file, None, None, f"YAML syntax error: {problem}", "", hint)
    return Issue(file, mark.line + 1, mark.column + 1, f"YAML syntax error: {problem}", "", hint)


def _line_col_bytes(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


def _line_col_text(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
