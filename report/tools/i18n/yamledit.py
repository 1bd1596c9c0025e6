"""Setting texts in a YAML content file by editing its text, not by re-dumping it.

The new texts are spliced into the file at the characters of the old values (found with
PyYAML's composer, whose nodes know where they start and end), and missing keys and entries are
inserted as new lines beside their siblings. Every other byte - comments, blank lines, quoting,
flow mappings, folded blocks, line ends, a byte order mark - stays as it was; only a note on
what the `~` placeholders it writes mean is added at the top, once. The result is loaded again
and compared with what was intended before it replaces the file.
"""

from __future__ import annotations

import copy
import io
import itertools
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.content import translation, yamlio

_BOM = "\ufeff"
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_FOLD_WIDTH = 100  # folded blocks are wrapped to about this many columns, as the files are
_LINE_BREAK = re.compile(r"\r\n|[\r\n]")
_BLOCK_HEADER = re.compile(r"([|>])([1-9][+-]?|[+-][1-9]?)?")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\b": "b",
    "\t": "t",
    "\n": "n",
    "\x0b": "v",
    "\f": "f",
    "\r": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}
_RESOLVER = yaml.resolver.Resolver()
# Said once at the top of every file this writes: what its `~` placeholders mean.
NOTE = (
    "# A `~` stands for a text that is not translated yet: the source text is used until you\n"
    "# write the translation here. `report i18n status` (run in this folder) lists what is missing."
)
_MODELINE = "# yaml-language-server:"  # an editor's schema line: it stays the first line

# A subtree still to be written: str keys are mapping keys, int keys list positions; the
# leaves are the texts.
_Tree = dict[Any, Any]


def write_texts(file: Path, updates: dict[yamlio.Loc, str], *, header: str = "") -> int:
    """Set texts in a translation file, creating missing keys and entries; returns how many
    differed. Only the characters of changed texts and the lines of inserted ones change, and
    NOTE is added at the top of a file that does not hold it yet; the file is not written at
    all when nothing differs. `header` starts a new or empty file."""
    bom, text = _read_raw(file)
    root = _compose(text)
    empty = root is None or _is_null(root)
    old_data = None if empty else yamlio.load(file).data  # also: a broken file, located
    todo = {
        path: value
        for path, value in updates.items()
        if translation.get_path(old_data, path) != value
    }
    if not todo:
        return 0
    for path, value in todo.items():
        if (bad := yamlio.unwanted_character(value)) is not None:
            raise UserError(
                Issue(
                    file,
                    None,
                    None,
                    f"the new text contains the invisible character U+{ord(bad):04X}",
                    yamlio.format_path(path),
                    "remove it from the translation",
                )
            )
    editor = _Editor(text, root, file)
    for path, value in todo.items():
        editor.set(path, value)
    start = header + "\n" + NOTE if header else NOTE
    new_text = _noted(editor.result(start if not text.strip() else ""), editor.newline)
    data = (bom + new_text).encode("utf-8")
    _check(file, data, _intended(old_data, todo))
    write_atomically(file, data)
    return len(todo)


def _noted(text: str, newline: str) -> str:
    """The text with NOTE among its leading comments, once: first, or after an editor's
    modeline, and before the file's own comments (which stay as they are)."""
    first = NOTE.splitlines()[0]
    pos, at = 0, 0
    while pos < len(text):
        end = _line_end(text, pos)
        line = text[pos:end].strip()
        if line == first:
            return text
        if line and not line.startswith("#"):
            break
        if pos == 0 and line.startswith(_MODELINE):
            at = _next_line(text, pos)
        pos = _next_line(text, pos)
    rest = text[at:]
    separator = "#" + newline if rest.startswith("#") else ""
    return text[:at] + "".join(line + newline for line in NOTE.splitlines()) + separator + rest


def _read_raw(file: Path) -> tuple[str, str]:
    """(byte order mark or "", text) of a file exactly as stored, or ("", "") if it is absent.

    yamlio.read_text refuses what cannot be content (with a location) but normalises line
    ends; the edits need the characters as they are, so the bytes are read again."""
    if not file.exists() and not file.is_symlink():
        return "", ""
    checked = yamlio.read_text(file)
    raw = file.read_bytes().decode("utf-8")
    bom = _BOM if raw.startswith(_BOM) else ""
    text = raw[len(bom) :]
    if _LINE_BREAK.sub("\n", text) != checked:
        raise UserError(
            Issue(file, None, None, "changed while it was being read", hint="run the import again")
        )
    return bom, text


def _compose(text: str) -> yaml.Node | None:
    """The node tree of a text; None for a text without a document (blank, only comments).

    A text PyYAML cannot read gives None too: yamlio.load then reports what is wrong."""
    if not text.strip():
        return None
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return _UNREADABLE


_UNREADABLE = yaml.MappingNode("tag:yaml.org,2002:map", [])  # loads only to fail in yamlio


def _is_null(node: yaml.Node) -> TypeGuard[yaml.ScalarNode]:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == _NULL_TAG


def _is_flow(node: yaml.Node) -> TypeGuard[yaml.CollectionNode]:
    return isinstance(node, yaml.CollectionNode) and node.flow_style is True


def _intended(data: Any, todo: dict[yamlio.Loc, str]) -> Any:
    """The data the file must hold after the edits: `data` with the new texts set, missing
    lists padded with None (the `~` placeholders written for entries before a new one)."""
    result = copy.deepcopy(data) if isinstance(data, (dict, list)) else {}
    for path, value in todo.items():
        container = result
        for step, following in itertools.pairwise(path):
            child = translation.get_path(container, (step,))
            if not isinstance(child, (dict, list)):
                child = [] if isinstance(following, int) else {}
                _assign(container, step, child)
            container = child
        _assign(container, path[-1], value)
    return result


def _assign(container: Any, step: str | int, value: Any) -> None:
    if isinstance(container, list):
        assert isinstance(step, int)
        container.extend([None] * (step + 1 - len(container)))
    container[step] = value


def _ordered(data: Any) -> Any:
    """Data with the order of mapping keys made part of equality."""
    if isinstance(data, dict):
        return ("map", [(key, _ordered(value)) for key, value in data.items()])
    if isinstance(data, list):
        return ("seq", [_ordered(value) for value in data])
    return data


def _check(file: Path, data: bytes, intended: Any) -> None:
    """Load the edited text as a content file and compare it with what was intended: a
    difference is a bug in the writer, and the file is then left alone."""
    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / (file.name or "probe.yaml")
        probe.write_bytes(data)
        try:
            loaded = yamlio.load(probe).data
        except UserError as exc:
            raise AssertionError(f"editing {file} would make it unreadable: {exc}") from None
    if _ordered(loaded) != _ordered(intended):
        raise AssertionError(f"editing {file} would change more than the imported texts")


# The phases of edits at one place: changed texts first, then new items of flow collections
# and filled placeholders, then new lines.
_TEXT, _ITEMS, _LINES = 0, 1, 2


@dataclass(frozen=True)
class _Edit:
    """Characters start..end of the text replaced by `text` (start == end: an insertion)."""

    start: int
    end: int
    text: str
    phase: int = _TEXT
    rank: int = 0  # among insertions at one place: deeper collections first (lower rank)

    @property
    def lines(self) -> bool:
        return self.phase == _LINES


@dataclass(frozen=True)
class _Owner:
    """What holds a node: a block mapping key or list dash at `column`, or the document."""

    kind: str  # "key", "dash" or "root"
    column: int
    flow: bool  # inside a flow collection


@dataclass
class _Pending:
    """A subtree to be written under `node`: a missing part of a collection, or what replaces
    a null placeholder."""

    node: yaml.Node | None  # None: the document itself is missing
    owner: _Owner
    depth: int
    tree: _Tree = field(default_factory=dict)


class _Editor:
    """Collects the edits that set texts in one YAML text, and applies them."""

    def __init__(self, text: str, root: yaml.Node | None, file: Path) -> None:
        self.text, self.root, self.file = text, root, file
        match = _LINE_BREAK.search(text)
        self.newline = match.group() if match else "\n"
        self.step, self.list_offset = _layout(root)
        self.edits: list[_Edit] = []
        self.pending: dict[int, _Pending] = {}

    # -- planning ---------------------------------------------------------------------------

    def set(self, path: yamlio.Loc, value: str) -> None:
        node, owner = self.root, _Owner("root", 0, False)
        for depth, step in enumerate(path):
            if node is None or _is_null(node):
                self._pend(node, owner, depth, path[depth:], value)
                return
            flow = owner.flow or _is_flow(node)
            if isinstance(node, yaml.MappingNode) and isinstance(step, str):
                pair = next(((k, v) for k, v in node.value if k.value == step), None)
                if pair is None:
                    self._pend(node, owner, depth, path[depth:], value)
                    return
                node, owner = pair[1], _Owner("key", pair[0].start_mark.column, flow)
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
                if step >= len(node.value):
                    self._pend(node, owner, depth, path[depth:], value)
                    return
                node, owner = node.value[step], _Owner("dash", node.start_mark.column, flow)
            else:
                raise self._shape_error(
                    node, path[:depth], "a list" if isinstance(step, int) else "keys"
                )
        assert node is not None  # a text's path is never empty: the loop has run
        if not isinstance(node, yaml.ScalarNode):
            raise self._shape_error(node, path, "a text")
        self._replace(node, owner, value)

    def _pend(
        self, node: yaml.Node | None, owner: _Owner, depth: int, rest: yamlio.Loc, value: str
    ) -> None:
        pending = self.pending.setdefault(id(node), _Pending(node, owner, depth))
        tree = pending.tree
        for step in rest[:-1]:
            tree = tree.setdefault(step, {})
        tree[rest[-1]] = value

    def _shape_error(self, node: yaml.Node, path: yamlio.Loc, expected: str) -> UserError:
        mark = node.start_mark
        return UserError(
            Issue(
                self.file,
                mark.line + 1,
                mark.column + 1,
                f"expected {expected} here, as in the source language file",
                yamlio.format_path(path),
                "give this entry the same shape as in the source language file, then import again",
            )
        )

    # -- changed texts ----------------------------------------------------------------------

    def _replace(self, node: yaml.ScalarNode, owner: _Owner, value: str) -> None:
        """Replace a scalar's characters, in its own style where that can hold the text."""
        start, end = node.start_mark.index, node.end_mark.index
        if node.style in ("|", ">"):
            self._replace_block(node, value)
            return
        if node.style == "'" and _single_quotable(value):
            new = "'" + value.replace("'", "''") + "'"
        elif node.style is None and _plain_ok(value, owner.flow):
            new = value
        else:
            new = _double_quoted(value)
        if start == end:  # an empty value right after `key:` or `-`
            new = " " + new
        self.edits.append(_Edit(start, end, new))

    def _replace_block(self, node: yaml.ScalarNode, value: str) -> None:
        """A folded or literal block gets the new text as the same kind of block, at the same
        indentation; the header line (with any comment) and the lines after it are kept."""
        block = _BlockScalar.of(self.text, node)
        keep_block = block.lines and not block.digits and block.chomp != "+" and _blockable(value)
        if not keep_block:
            end = block.content_end
            suffix = ""
            if block.chomp == "+":  # the trailing blank lines are part of the old text
                end = node.end_mark.index
                suffix = self.newline if end > block.start and self.text[end - 1] in "\r\n" else ""
            self.edits.append(_Edit(block.start, end, _double_quoted(value) + suffix))
            return
        chomp = "" if value.endswith("\n") else "-"
        body = value[:-1] if value.endswith("\n") else value
        if chomp != block.chomp:
            self.edits.append(_Edit(block.start + 1, block.header_end, chomp))
        if block.style == ">":
            lines = _folded_lines(body, block.indent)
        else:
            lines = [" " * block.indent + line if line else "" for line in body.split("\n")]
        self.edits.append(_Edit(block.body_start, block.content_end, self.newline.join(lines)))

    # -- missing texts ----------------------------------------------------------------------

    def _insert(self, pending: _Pending) -> None:
        node, owner, tree = pending.node, pending.owner, pending.tree
        rank = -pending.depth  # at one place, the entries of the deeper collection come first
        if node is None:  # no document yet: the whole tree goes at the end
            self._append_lines(len(self.text), self._block(tree, 0), rank)
        elif _is_null(node):
            self._fill(node, owner, tree, rank)
        elif _is_flow(node):
            self._insert_flow(node, tree, rank)
        elif isinstance(node, yaml.MappingNode):
            where = _next_line(self.text, self._content_end(node))
            self._append_lines(where, self._block(tree, node.value[0][0].start_mark.column), rank)
        else:
            assert isinstance(node, yaml.SequenceNode)
            where = _next_line(self.text, self._content_end(node))
            lines = self._entries(tree, node.start_mark.column, len(node.value))
            self._append_lines(where, lines, rank)

    def _insert_flow(self, node: yaml.CollectionNode, tree: _Tree, rank: int) -> None:
        """New items of a flow collection go before its closing bracket, after ", "."""
        start = len(node.value) if isinstance(node, yaml.SequenceNode) else 0
        items = self._flow_items(tree, start)
        if not node.value:
            self.edits.append(
                _Edit(node.start_mark.index + 1, node.start_mark.index + 1, items, _ITEMS, rank)
            )
            return
        last = node.value[-1]
        last_node = last[1] if isinstance(last, tuple) else last
        where = self._content_end(last_node)
        self.edits.append(_Edit(where, where, ", " + items, _ITEMS, rank))

    def _fill(self, node: yaml.ScalarNode, owner: _Owner, tree: _Tree, rank: int) -> None:
        """A null placeholder (`~`, or nothing after `key:`) replaced by a subtree."""
        start, end = node.start_mark.index, node.end_mark.index
        if owner.flow:
            self.edits.append(
                _Edit(start, end, (" " if start == end else "") + self._flow(tree, 0), _ITEMS, rank)
            )
            return
        rest_of_line = self.text[end : _line_end(self.text, end)]
        if owner.kind == "dash" and not rest_of_line.strip():
            # `- ~` becomes `- key: text` with the following keys under the first one
            column = node.start_mark.column + (1 if start == end else 0)
            lines = self._block(tree, column)
            lines[0] = (" " if start == end else "") + lines[0][column:]
            self.edits.append(_Edit(start, end, self.newline.join(lines), _ITEMS, rank))
            return
        if start < end:  # drop the `~` and the blanks before it; the subtree goes below
            gap = len(self.text[:start]) - len(self.text[:start].rstrip(" \t"))
            self.edits.append(_Edit(start - gap, end, "", _ITEMS, rank))
        if owner.kind == "root":
            column = 0
        elif owner.kind == "dash":
            column = owner.column + 2
        else:
            column = owner.column + (self.list_offset if _is_list(tree) else self.step)
        self._append_lines(_next_line(self.text, end), self._block(tree, column), rank)

    def _append_lines(self, where: int, lines: list[str], rank: int) -> None:
        text = "".join(line + self.newline for line in lines)
        self.edits.append(_Edit(where, where, text, _LINES, rank))

    # -- writing subtrees -------------------------------------------------------------------

    def _block(self, tree: _Tree, indent: int) -> list[str]:
        """Block-style lines of a subtree whose keys (or dashes) stand at column `indent`."""
        if _is_list(tree):
            return self._entries(tree, indent, 0)
        lines = []
        for key, value in tree.items():
            head = " " * indent + _key(key) + ":"
            if isinstance(value, str):
                lines.append(head + " " + _scalar(value, flow=False))
            else:
                lines.append(head)
                step = self.list_offset if _is_list(value) else self.step
                lines.extend(self._block(value, indent + step))
        return lines

    def _entries(self, tree: _Tree, indent: int, start: int) -> list[str]:
        """List entries `start`.. of a subtree, dashes at column `indent`; entries without a
        text are written as `~`, which the translation falls back on like a missing one."""
        lines = []
        for index in range(start, max(tree) + 1):
            item = tree.get(index)
            if item is None or isinstance(item, str):
                text = "~" if item is None else _scalar(item, flow=False)
                lines.append(" " * indent + "- " + text)
            else:
                sub = self._block(item, indent + 2)
                sub[0] = " " * indent + "- " + sub[0][indent + 2 :]
                lines.extend(sub)
        return lines

    def _flow(self, tree: _Tree | str | None, start: int) -> str:
        if tree is None:
            return "~"
        if isinstance(tree, str):
            return _scalar(tree, flow=True)
        items = self._flow_items(tree, start)
        return f"[{items}]" if _is_list(tree) else f"{{{items}}}"

    def _flow_items(self, tree: _Tree, start: int) -> str:
        if _is_list(tree):
            return ", ".join(self._flow(tree.get(i), 0) for i in range(start, max(tree) + 1))
        return ", ".join(f"{_key(key)}: {self._flow(value, 0)}" for key, value in tree.items())

    # -- positions --------------------------------------------------------------------------

    def _content_end(self, node: yaml.Node) -> int:
        """Where a node's own characters end: for a block collection its last value's end,
        for a block scalar the end of its last line of text (not the blank lines after it)."""
        if isinstance(node, yaml.ScalarNode):
            if node.style in ("|", ">"):
                return _BlockScalar.of(self.text, node).content_end
            return node.end_mark.index
        if _is_flow(node) or not node.value:
            return node.end_mark.index
        last = node.value[-1]
        return self._content_end(last[1] if isinstance(last, tuple) else last)

    # -- result -----------------------------------------------------------------------------

    def result(self, header: str) -> str:
        for pending in self.pending.values():
            self._insert(pending)
        edits = sorted(self.edits, key=lambda e: (e.start, e.end, e.phase, e.rank))
        out, done = [], 0
        unterminated = bool(self.text) and self.text[-1] not in "\r\n"
        for edit in edits:
            assert edit.start >= done, f"overlapping edits at {edit.start}"
            out.append(self.text[done : edit.start])
            if edit.lines and edit.start == len(self.text) and unterminated:
                out.append(self.newline)  # the file's last line had no line break
                unterminated = False
            out.append(edit.text)
            done = edit.end
        out.append(self.text[done:])
        new = "".join(out)
        if header and not self.text.strip():
            new = "".join(line + self.newline for line in header.splitlines()) + new
        return new


def _is_list(tree: Any) -> bool:
    return isinstance(tree, dict) and bool(tree) and all(isinstance(k, int) for k in tree)


def _layout(root: yaml.Node | None) -> tuple[int, int]:
    """How the file indents: (nested mapping keys, list dashes under a key) relative to the
    key above; 2 and 2 unless the file shows otherwise."""
    step = offset = None
    nodes = [root] if root is not None else []
    while nodes and (step is None or offset is None):
        node = nodes.pop(0)
        if isinstance(node, yaml.MappingNode) and not _is_flow(node):
            for key, value in node.value:
                column = key.start_mark.column
                if (
                    step is None
                    and isinstance(value, yaml.MappingNode)
                    and not _is_flow(value)
                    and value.value
                ):
                    step = value.value[0][0].start_mark.column - column
                if offset is None and isinstance(value, yaml.SequenceNode) and not _is_flow(value):
                    offset = value.start_mark.column - column
        if isinstance(node, yaml.CollectionNode):
            nodes.extend(v[1] if isinstance(v, tuple) else v for v in node.value)
    return (step if step and step > 0 else 2), (offset if offset is not None and offset >= 0 else 2)


def _line_end(text: str, pos: int) -> int:
    match = _LINE_BREAK.search(text, pos)
    return match.start() if match else len(text)


def _next_line(text: str, pos: int) -> int:
    """The start of the line after the one `pos` is on (the end of the text on the last)."""
    match = _LINE_BREAK.search(text, pos)
    return match.end() if match else len(text)


@dataclass(frozen=True)
class _BlockScalar:
    """Where the parts of a `|` or `>` block scalar stand in the text."""

    style: str  # "|" or ">"
    start: int  # the `|` or `>`
    header_end: int  # after the indicators (`>-`, `|2+`)
    chomp: str  # "", "-" or "+"
    digits: str  # an explicit indentation indicator
    body_start: int  # the start of the line after the header
    indent: int
    lines: bool  # whether it has any line of text
    content_end: int  # the end of its last line of text, before the line break

    @classmethod
    def of(cls, text: str, node: yaml.ScalarNode) -> _BlockScalar:
        header = _BLOCK_HEADER.search(text, node.start_mark.index)  # after a tag, if any
        assert header is not None and header.group(1) == node.style
        indicators = header.group(2) or ""
        body_start = _next_line(text, header.end())
        end = max(node.end_mark.index, body_start)
        spans = []
        pos = body_start
        while pos < end:
            spans.append((pos, _line_end(text, pos)))
            pos = _next_line(text, pos)
        filled = [(s, e) for s, e in spans if text[s:e].strip(" ")]
        indent = (
            len(text[filled[0][0] : filled[0][1]])
            - len(text[filled[0][0] : filled[0][1]].lstrip(" "))
            if filled
            else 0
        )
        # lines of only blanks beyond the indentation are text too
        content = [(s, e) for s, e in spans if e - s > indent] if filled else []
        return cls(
            node.style,
            header.start(),
            header.end(),
            "+" if "+" in indicators else "-" if "-" in indicators else "",
            indicators.strip("+-"),
            body_start,
            indent,
            bool(content),
            content[-1][1] if content else header.end(),
        )


def _blockable(value: str) -> bool:
    """Whether a text can be a `|`/`>` block as written here: it starts with text, ends with
    at most one line break, and no line starts with a blank (that would need an indentation
    indicator) or holds a line break other than \\n."""
    if not value or value.startswith("\n") or value.endswith("\n\n"):
        return False
    if re.search(r"[\r\x85\u2028\u2029\ufeff]", value) or not _printable(value, tab=True):
        return False
    body = value[:-1] if value.endswith("\n") else value
    return not any(line.startswith((" ", "\t")) for line in body.split("\n"))


def _folded_lines(body: str, indent: int) -> list[str]:
    """The lines of a folded block: each line break of the text is an empty line (a single
    break between lines would fold into a space), and long lines are wrapped at single spaces
    (which the folding turns back into those spaces)."""
    lines: list[str] = []
    for number, paragraph in enumerate(body.split("\n")):
        if number:
            lines.append("")
        if not paragraph:
            continue
        current = ""
        for word in re.split(r"(?<=[^ ]) (?=[^ ])", paragraph):
            if current and indent + len(current) + 1 + len(word) > _FOLD_WIDTH:
                lines.append(" " * indent + current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(" " * indent + current)
    return lines


def _printable(text: str, *, tab: bool = False) -> bool:
    """Whether every character may stand unescaped in YAML (PyYAML's printable set)."""
    return all(
        "\x20" <= ch <= "\x7e"
        or (tab and ch == "\t")
        or ch == "\n"
        or "\xa0" <= ch <= "\ud7ff"
        or "\ue000" <= ch <= "\ufffd"
        or ch >= "\U00010000"
        for ch in text
    )


def _single_quotable(value: str) -> bool:
    """Single quotes can hold the text on one line: no line breaks, nothing to escape."""
    return not re.search(r"[\n\r\x85\u2028\u2029\ufeff]", value) and _printable(value, tab=True)


def _plain_ok(value: str, flow: bool) -> bool:
    """Whether a text can stand unquoted at a value's place (in a flow collection if `flow`)
    and read back as the same text - also for YAML 1.1 readers, so `yes`, `01067`, `12:30`
    or `null` are quoted even though the content loader would keep them as text."""
    if not value or "\n" in value or not _printable(value):
        return False
    analysis = yaml.emitter.Emitter(io.StringIO(), allow_unicode=True).analyze_scalar(value)
    if analysis.multiline or not (
        analysis.allow_flow_plain if flow else analysis.allow_block_plain
    ):
        return False
    if _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR_TAG:
        return False
    # Belt and braces: read it back where it will stand.
    for snippet in [f"{{k: {value}}}", f"[{value}]"] if flow else [f"k: {value}\n", f"- {value}\n"]:
        try:
            node = yaml.compose(snippet, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return False
        if node is None:
            return False
        item = node.value[0][1] if isinstance(node, yaml.MappingNode) else node.value[0]
        if len(node.value) != 1 or item.style is not None or item.value != value:
            return False
    return True


def _double_quoted(value: str) -> str:
    """A text as a one-line double-quoted YAML scalar, with everything unusual escaped."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append("\\" + _ESCAPES[ch])
        elif ch != "\ufeff" and _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(
                f"\\x{code:02X}"
                if code <= 0xFF
                else f"\\u{code:04X}"
                if code <= 0xFFFF
                else f"\\U{code:08X}"
            )
    return '"' + "".join(out) + '"'


def _scalar(value: str, *, flow: bool) -> str:
    """A new text: plain where that is safe, double-quoted otherwise."""
    return value if _plain_ok(value, flow) else _double_quoted(value)


def _key(key: str | int) -> str:
    text = str(key)
    if (
        _PLAIN_KEY.fullmatch(text)
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == _STR_TAG
    ):
        return text
    return _double_quoted(text)
