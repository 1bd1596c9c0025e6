"""Load a content YAML file into plain data while keeping where every value stands.

Why not `yaml.safe_load`: it forgets line numbers, silently keeps the last of two duplicate
keys, and turns YAML 1.1 words into other types (`NO` -> False, `01067` -> 567, `12:30` -> 750).
Here every scalar stays the text the user typed (the content model converts the few non-text
fields itself), duplicates and aliases are errors, and each value keeps its line and column.
"""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

from report.base.errors import Issue, UserError
from report.base.inputs import Inputs

MAX_FILE_BYTES = 1024 * 1024  # a brochure's text is a few dozen KiB; more means a wrong file
MAX_DEPTH = 40  # content nests four or five levels; deeper is a mistake or an attack

Loc = tuple[str | int, ...]

# C0 controls other than tab, newline and carriage return, DEL and C1 controls: never content.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Never characters: lone UTF-16 surrogates (only reachable through a "\ud800" escape in quotes)
# and the noncharacters U+FFFE/U+FFFF (PyYAML refuses them without a location).
_NOT_CHARACTER = re.compile(r"[\ud800-\udfff\ufffe\uffff]")
# Line and paragraph separators: PyYAML counts them as line breaks, editors mostly do not, so
# every line number after one would be wrong.
_SEPARATOR = re.compile(r"[\u2028\u2029]")
# The one tag allowed: `!!str` asks for text, which every value here is anyway.
_STR_TAG = "tag:yaml.org,2002:str"
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
    # Values written in quotes: text, even where they read like a number or true.
    quoted: set[Loc] = field(default_factory=set)
    text: str = ""  # the file as read (attached to an archive PDF as its source)

    def locate(self, loc: Loc, *, key: bool = False) -> tuple[tuple[int, int] | None, Loc, Path]:
        """Map a (pydantic) location to the nearest known mark and the clean data path.

        Tagged-union tags ('cards') and validator names pydantic inserts into a location are
        skipped: only steps that exist in the data are kept.
        """
        clean: list[str | int] = []
        node = self.data
        previous: str | int | None = None
        for position, step in enumerate(loc):
            after_index, previous = isinstance(previous, int), step
            if after_index and isinstance(node, dict) and node.get("kind") == step:
                continue  # the tag pydantic adds after a list index for a tagged union
            following = loc[position + 1] if position + 1 < len(loc) else None
            if (
                after_index
                and isinstance(node, dict)
                and step in node
                and isinstance(following, str)
                and following in node
                and not isinstance(node[step], dict)
            ):
                continue  # a block's tag (`table`) before a key of the same block (`rows`)
            found, child = _child(node, step)
            if found:
                node = child
                clean.append(step)
            elif (
                isinstance(node, dict)
                and isinstance(step, str)
                and step not in node
                and step == loc[-1]
                and not _VALIDATOR_STEP.match(step)
            ):  # a missing key
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
        """An issue at a pydantic location (which may hold union tags and validator names)."""
        mark, path, file = self.locate(loc, key=key)
        line, col = mark if mark else (None, None)
        return Issue(file, line, col, message, format_path(path), hint)

    def issue_at(self, path: Loc, message: str, hint: str = "", *, key: bool = False) -> Issue:
        """An issue at a path of the data itself (every step is a key or an index).

        Unlike `issue`, no step is taken for pydantic bookkeeping: in a cards page the key
        `cards` is data, although it is also the page's kind.
        """
        marks = self.key_marks if key else self.value_marks
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            for table in (marks, self.value_marks):
                if prefix in table:
                    line, col = table[prefix]
                    return Issue(
                        self.origins.get(prefix, self.file),
                        line,
                        col,
                        message,
                        format_path(path),
                        hint,
                    )
        return Issue(self.file, None, None, message, format_path(path), hint)


# A validator's name in a pydantic location, e.g. `function-wrap[_keep_language()]`.
_VALIDATOR_STEP = re.compile(r"^function-(wrap|after|before|plain)\[")


def _child(node: Any, step: str | int) -> tuple[bool, Any]:
    """Whether a mapping or list has a value at `step`, and the value."""
    if isinstance(node, dict) and isinstance(step, str) and step in node:
        return True, node[step]
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return True, node[step]
    return False, None


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
        self.first_anchor: _ContentProblem | None = None

    def compose_node(self, parent, index):  # type: ignore[no-untyped-def]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise _ContentProblem(
                event.start_mark,
                "YAML aliases (*name) are not supported in content files",
                "write the text out in full where it is needed",
            )
        event = self.peek_event()
        if isinstance(event, (ScalarEvent, CollectionStartEvent)):
            if event.anchor is not None and self.first_anchor is None:
                # Reported after the document is read, so that an alias (the real mistake
                # when there is one) is what the user sees.
                self.first_anchor = _ContentProblem(
                    event.start_mark,
                    f"YAML anchors (&{event.anchor}) are not supported in content files",
                    "a text that starts with '&' must be put in quotes, e.g. title: \"&-Zeichen\"",
                )
            if event.tag is not None and event.tag != _STR_TAG:
                raise _ContentProblem(
                    event.start_mark,
                    f"YAML tags ({_typed_tag(event.tag)}) are not supported in content files",
                    "a text that starts with '!' must be put in quotes, e.g. title: \"!wichtig\"",
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


def _typed_tag(tag: str) -> str:
    """`tag:yaml.org,2002:python/object` back to `!!python/object`, as it was typed."""
    return "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag


class _ContentProblem(Exception):
    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


_PASTED = "delete it (it often comes from copying out of another program)"
# What may not stand in a content file, checked in this order, each with what to do about it.
_UNWANTED_CHARACTERS = (
    (_CONTROL, "contains the invisible control character {code}", _PASTED),
    (_NOT_CHARACTER, "contains {code}, which is not a character", _PASTED),
    (
        _SEPARATOR,
        "contains the invisible line separator {code}",
        "replace it by a space, or by a real line break",
    ),
)


def read_text(file: Path, inputs: Inputs | None = None) -> str:
    """Read a content file as UTF-8, refusing what cannot be content (with a location).

    Nothing is read from a file that is a link to somewhere outside its own folder (a brochure
    folder is self-contained; `de.yaml -> /etc/passwd` must not be shown as "content"), nor
    from anything that is not a regular file (a FIFO would block forever).
    """
    _refuse_links_out(file)
    try:
        info = file.stat()
    except OSError as exc:
        if file.is_symlink():
            raise UserError(
                Issue(
                    file,
                    None,
                    None,
                    "is a link to a file that does not exist",
                    hint="replace the link by the file itself",
                )
            ) from None
        raise UserError(Issue(file, None, None, f"cannot be read: {exc.strerror}")) from None
    if stat.S_ISDIR(info.st_mode):
        raise UserError(
            Issue(
                file, None, None, "is a folder, not a YAML file", hint="remove or rename the folder"
            )
        )
    if not stat.S_ISREG(info.st_mode):
        raise UserError(
            Issue(
                file,
                None,
                None,
                "is not a regular file (a device or a pipe)",
                hint="replace it by a plain YAML text file",
            )
        )
    size = info.st_size
    if size > MAX_FILE_BYTES:
        raise UserError(
            Issue(
                file,
                None,
                None,
                f"is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes "
                f"({MAX_FILE_BYTES // 1024 // 1024} MiB)",
                hint="split the text or check that this is the right file",
            )
        )
    try:
        raw = (inputs or Inputs(file.parent)).read(file, MAX_FILE_BYTES)
    except OSError as exc:
        raise UserError(Issue(file, None, None, f"cannot be read: {exc.strerror}")) from None
    if len(raw) > MAX_FILE_BYTES:  # grew since stat()
        raise UserError(
            Issue(
                file,
                None,
                None,
                f"is larger than {MAX_FILE_BYTES:,} bytes, the limit for content files",
                hint="split the text or check that this is the right file",
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_like_utf16(raw):
        raise UserError(
            Issue(
                file,
                1,
                1,
                "is saved as UTF-16",
                hint="save the file as UTF-8 (most editors: 'Save with encoding')",
            )
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:4096]:
            line, col = _line_col_bytes(raw, raw.index(b"\x00"))
            raise UserError(
                Issue(
                    file,
                    line,
                    col,
                    "is not a text file (binary data here)",
                    hint="give the YAML text file; pictures belong in images/ and are named in "
                    "'src'",
                )
            ) from None
        line, col = _line_col_bytes(raw, exc.start)
        hint = (
            "save the file as UTF-8; if it came from Word or Excel, copy the text into "
            "a plain-text editor"
        )
        if _UTF8_SEQUENCE.search(raw):
            hint = (
                "the rest of the file is UTF-8: retype the character here (it was probably "
                "pasted from another program)"
            )
        else:
            hint = "the file seems to be saved as Latin-1 or Windows-1252: " + hint
        raise UserError(
            Issue(
                file,
                line,
                col,
                f"is not valid UTF-8 text (byte 0x{raw[exc.start]:02x} here)",
                hint=hint,
            )
        ) from None
    # PyYAML reads \r\n and a lone \r as one line break; so do the locations below.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for pattern, message, hint in _UNWANTED_CHARACTERS:
        if (bad := pattern.search(text)) is not None:
            line, col = _line_col_text(text, bad.start())
            raise UserError(
                Issue(file, line, col, message.format(code=f"U+{ord(bad.group()):04X}"), hint=hint)
            )
    return text


def _refuse_links_out(file: Path) -> None:
    """A content file must be in its folder: refuse a link that leads out, without reading."""
    try:
        folder = file.absolute().parent.resolve()
        target = file.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise UserError(
            Issue(
                file,
                None,
                None,
                "is a link that cannot be followed (a loop)",
                hint="replace the link by the file itself",
            )
        ) from None
    if not target.is_relative_to(folder):
        raise UserError(
            Issue(
                file,
                None,
                None,
                f"is a link to {target}, outside the folder {folder}; it was not read",
                hint=f"{file.name} must be a real file inside the brochure folder: copy the "
                "file into it instead of linking to it",
            )
        )


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte order mark: every second byte of the (mostly ASCII) text is 0."""
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    even, odd = sample[0::2], sample[1::2]
    return max(even.count(0) / len(even), odd.count(0) / len(odd)) > 0.6


# A well-formed UTF-8 sequence of two to four bytes (a file with some is UTF-8 with a flaw;
# a Latin-1 or Windows-1252 file with umlauts practically never has one).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


def load(file: Path, inputs: Inputs | None = None) -> Document:
    """Parse one content file into a Document, or raise UserError naming file:line:column
    (read through `inputs`, the build's record of what it read, when given)."""
    text = read_text(file, inputs)
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise UserError(Issue(file, 1, 1, "is empty", hint="add the brochure's content"))
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        # Characters PyYAML does not accept; read_text refuses the known ones with a location.
        line, col = _line_col_text(text, exc.position)
        raise UserError(
            Issue(
                file,
                line,
                col,
                f"contains the character U+{exc.character:04X}, which YAML does not allow",
                hint="delete it",
            )
        ) from None
    try:
        node = loader.get_single_node()
        if loader.first_anchor is not None:
            raise loader.first_anchor
    except _ContentProblem as problem:
        raise UserError(_mark_issue(file, problem.mark, problem.message, problem.hint)) from None
    except yaml.MarkedYAMLError as exc:
        # Imported here: the hints are needed only for a file that is not valid YAML.
        from report.content.yamlhints import syntax_issue

        raise UserError(syntax_issue(file, exc)) from None
    except yaml.YAMLError as exc:  # e.g. ReaderError without a mark object
        raise UserError(Issue(file, None, None, f"is not valid YAML: {exc}")) from None
    finally:
        loader.dispose()
    if node is None or (
        isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULL_WORDS
    ):  # only '---', a byte order mark, '~'
        raise UserError(Issue(file, 1, 1, "is empty", hint="add the brochure's content"))
    doc = Document(file, None, text=text)
    issues: list[Issue] = []
    doc.data = _convert(node, (), doc, issues)
    if issues:
        raise UserError(issues)
    return doc


def _convert(node: yaml.Node, path: Loc, doc: Document, issues: list[Issue]) -> Any:
    doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        if (problem := _not_text(node.value)) is not None:
            issues.append(
                Issue(
                    doc.file,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    problem[0],
                    format_path(path),
                    problem[1],
                )
            )
            return node.value
        if node.style is None and node.value in _NULL_WORDS and node.tag != _STR_TAG:
            return None
        if node.style is None and (cut := _cut_by_comment(doc.text, node)) is not None:
            issues.append(
                Issue(
                    doc.file,
                    node.end_mark.line + 1,
                    node.end_mark.column + 2,
                    f"the text ends before '{cut}': YAML reads ' #' as the start of a comment, "
                    "so that part would be left out",
                    format_path(path),
                    f'put the whole text in quotes: "{node.value} {cut}"',
                )
            )
        if node.style in ("'", '"'):
            doc.quoted.add(path)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, path + (i,), doc, issues) for i, item in enumerate(node.value)]
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            issues.append(
                _mark_issue(
                    doc.file,
                    key_node.start_mark,
                    "a key must be a plain word, not a list or mapping",
                    "write the key as a word followed by ':', e.g. title:",
                )
            )
            continue
        key = key_node.value
        if (problem := _not_text(key)) is not None:
            issues.append(_mark_issue(doc.file, key_node.start_mark, *problem))
            continue
        key_path = path + (key,)
        if key in result:
            first = doc.key_marks[key_path]
            issues.append(
                Issue(
                    doc.file,
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    f"the key '{key}' appears twice (first on line {first[0]})",
                    format_path(key_path),
                    "keep one of them; YAML would silently use only the last",
                )
            )
            continue
        doc.key_marks[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
        result[key] = _convert(value_node, key_path, doc, issues)
    return result


# A comment that is more likely the rest of the text: one space, then `#` and a word
# ("Room #3", "#hashtag"); comments are written `  # like this`.
_TEXT_LIKE_COMMENT = re.compile(r" #[^\s#]")


def _cut_by_comment(text: str | None, node: yaml.ScalarNode) -> str | None:
    """The rest of the line after an unquoted text, when it reads as part of the text."""
    if text is None or not node.value:
        return None
    start = node.end_mark.index  # characters into the text the loader read
    end = text.find("\n", start)
    rest = text[start : end if end >= 0 else len(text)]
    return rest.strip() if _TEXT_LIKE_COMMENT.match(rest) else None


def _not_text(value: str) -> tuple[str, str] | None:
    """What makes a parsed scalar impossible as text: characters that only a backslash escape
    in a double-quoted string (`"\\0"`, `"\\x07"`, `"\\ud800"`) can produce."""
    if (bad := _CONTROL.search(value)) is not None:
        return (
            f"the text contains the control character U+{ord(bad.group()):04X}",
            "remove the backslash escape (such as \\0, \\a, \\x1b) that produces it",
        )
    if (bad := _NOT_CHARACTER.search(value)) is not None:
        code = ord(bad.group())
        if 0xD800 <= code <= 0xDFFF:
            return (
                f"the text contains U+{code:04X}, half of a UTF-16 surrogate pair, which "
                "is not a character",
                "write the character itself instead of \\u escapes (for an emoji or "
                "another character beyond U+FFFF, one \\U0001F600 escape)",
            )
        return (
            f"the text contains U+{code:04X}, which is not a character",
            "remove the escape that produces it",
        )
    if (bad := _SEPARATOR.search(value)) is not None:
        return (
            f"the text contains the invisible line separator U+{ord(bad.group()):04X}",
            "write \\n for a line break, or a space",
        )
    return None


def unwanted_character(text: str) -> str | None:
    """The first character a content file may not hold (a control character, a non-character,
    a line separator), or None."""
    for pattern in (_CONTROL, _NOT_CHARACTER, _SEPARATOR):
        if (bad := pattern.search(text)) is not None:
            return bad.group()
    return None


def _mark_issue(file: Path, mark: Any, message: str, hint: str = "") -> Issue:
    return Issue(file, mark.line + 1, mark.column + 1, message, "", hint)


def _line_col_bytes(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    col = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, col


def _line_col_text(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1
