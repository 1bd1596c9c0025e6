"""YAML syntax errors as the mistake a person most likely made, where it was made.

PyYAML names what its grammar expected, often lines after the mistake (an unclosed quote is
noticed at the end of the file). The text around its marks tells the usual mistakes apart: a
': ' inside a text, a key indented too far, a quote or '[' left open, a text that starts with a
character YAML reserves. What cannot be told apart gets a general hint.
tests/content/test_yamlhints.py holds the table of real cases this is judged by.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from report.base.errors import Issue


def _line_col_text(text: str, offset: int) -> tuple[int, int]:
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def syntax_issue(file: Path, exc: yaml.MarkedYAMLError) -> Issue:
    """A YAML syntax error as the mistake a person most likely made, where it was made.

    PyYAML names what its grammar expected, often lines after the mistake (an unclosed quote
    is noticed at the end of the file). The text around its marks tells the usual mistakes
    apart: a ': ' inside a text, a key indented too far, a quote or '[' left open, a text that
    starts with a character YAML reserves. What it cannot tell apart gets the general hint.
    """
    mark = exc.problem_mark or exc.context_mark
    text = _marked_text(mark)
    if text is not None and (explained := _explain(exc, _Source(text))) is not None:
        offset, problem, hint = explained
        line, col = _line_col_text(text, offset)
        return Issue(file, line, col, f"YAML syntax error: {problem}", "", hint)
    problem, hint = _general_explanation(exc)
    if mark is None:
        return Issue(file, None, None, f"YAML syntax error: {problem}", "", hint)
    return Issue(file, mark.line + 1, mark.column + 1, f"YAML syntax error: {problem}", "", hint)


def _general_explanation(exc: yaml.MarkedYAMLError) -> tuple[str, str]:
    """Message and hint from PyYAML's words alone, for what `_explain` does not recognise."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "invalid YAML"
    hint = "check the indentation and quoting around this place"
    if "'\\t'" in problem or "\\t" in problem:
        if _only_blanks_before(mark):
            problem = "a tab character is used for indentation"
            hint = "indent with spaces only (two per level)"
        else:
            problem = "a tab character is used after a key or dash, where YAML needs a space"
            hint = "replace the tab by a space"
    elif problem.startswith("expected <block end>"):
        problem = _UNFIT.format(found=_found(problem))
        hint = _INDENT_HINT
    elif "incompatible YAML document" in problem:
        hint = "remove the %YAML line at the top of the file"
    elif "mapping values are not allowed" in problem:
        hint = "a text containing ': ' must be put in quotes, e.g. title: \"Teil 2: Ergebnisse\""
    elif "expected a single document" in (exc.context or ""):
        problem = "the file holds more than one YAML document ('---')"
        hint = "remove the extra '---' line; one file holds one language of one brochure"
    elif "could not find expected ':'" in problem:
        hint = "each line of a mapping needs 'key: value'; continue long text in quotes"
    return problem, hint


# PyYAML's token names, as a person would say them.
_TOKENS = {
    "'<block mapping start>'": "a key",
    "'<block sequence start>'": "a list",
    "'<scalar>'": "a text",
    "'-'": "a list entry",
    "'?'": "'?'",
    "'<block end>'": "the end of a block",
}
_UNFIT = "the indentation of this line does not fit the lines above (found {found})"
_INDENT_HINT = (
    "indent keys of the same level by the same number of spaces; a text that "
    "continues on the next line must be indented further than its key"
)
# A key as content files spell them (title, page_limit); a German or English word with a
# capital or a space before ': ' is text that happens to contain a colon.
_KEY = re.compile(r"[a-z_][a-z0-9_]*")
# `  - key: value` (lead, key, value); a key ends at the first ':' followed by a blank.
_KEY_LINE = re.compile(
    r"(?P<lead>[ ]*(?:-[ ]+)*)(?P<key>[^\s#:'\"][^:#]*?)[ ]*:(?:[ ]+(?P<value>.*?))?[ ]*\Z"
)
# A line that starts a key or a list entry: swallowed by a quote, it shows the quote is open.
_STRUCTURE = re.compile(r"[ ]*(?:-[ ]|-\Z|[a-z_][a-z0-9_]*:(?:[ ]|\Z))")
# What YAML makes of a text's first character, for those that cannot start a plain text.
_RESERVED = {
    "[": "the start of a list in brackets",
    "{": "the start of a mapping in braces",
    "]": "the end of a list in brackets",
    "}": "the end of a mapping in braces",
    ",": "a separator between list items",
    "*": "an alias (a reference to an anchor)",
    "&": "an anchor",
    "!": "a tag",
    "|": "the start of a block of text",
    ">": "the start of a block of text",
    "-": "a list entry",
    "?": "a key",
    "%": "",
    "@": "",
    "`": "",
}
_INSIDE_QUOTES = {
    '"': 'a " inside a text in double quotes must be written \\"',
    "'": "a ' inside a text in single quotes must be doubled ('')",
}


class _Source:
    """The text PyYAML read, by offset and by line (offsets and lines counted from 0)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.starts = [0]
        for line in self.lines[:-1]:
            self.starts.append(self.starts[-1] + len(line) + 1)

    def line_col(self, offset: int) -> tuple[int, int]:
        line = self.text.count("\n", 0, offset)
        return line, offset - self.starts[line]

    def offset(self, line: int, col: int) -> int:
        return self.starts[line] + col

    def indent(self, line: int) -> int:
        return len(self.lines[line]) - len(self.lines[line].lstrip(" "))

    def previous(self, line: int) -> int | None:
        """The nearest line above `line` that holds more than blanks or a comment."""
        for number in range(line - 1, -1, -1):
            stripped = self.lines[number].strip()
            if stripped and not stripped.startswith("#"):
                return number
        return None

    def outline(self, line: int) -> list[int]:
        """Lines above `line` on the way up its outline: earlier siblings and parents, but not
        the lines nested inside an earlier sibling (at most 1000 lines up)."""
        found: list[int] = []
        lowest = float("inf")
        number: int | None = line
        while number is not None and (number := self.previous(number)) is not None:
            if line - number > 1000:
                break
            indent = self.indent(number)
            if indent <= lowest:
                found.append(number)
                lowest = indent
            if indent == 0:
                break
        return found


def _marked_text(mark: Any) -> str | None:
    """The whole text a mark points into (PyYAML keeps it, with a NUL at the end)."""
    buffer = getattr(mark, "buffer", None)
    if not isinstance(buffer, str) or not isinstance(getattr(mark, "pointer", None), int):
        return None
    return buffer[:-1] if buffer.endswith("\0") else buffer


def _explain(exc: yaml.MarkedYAMLError, src: _Source) -> tuple[int, str, str] | None:
    """(offset, message, hint) of the mistake behind a syntax error, or None if unsure."""
    problem, context = exc.problem or "", exc.context or ""
    at = exc.problem_mark.pointer if exc.problem_mark is not None else None
    opened = exc.context_mark.pointer if exc.context_mark is not None else None
    if at is None or not 0 <= at <= len(src.text):
        return None
    if opened is not None and not 0 <= opened < len(src.text):
        opened = None
    if "'\\t'" in problem:
        return _tab(src, at)
    if context == "while scanning a quoted scalar" and opened is not None:
        return _open_quote(src, opened, None)  # the file ended (or '---' came) inside quotes
    if context == "while scanning a double-quoted scalar" and opened is not None:
        if at >= len(src.text) or _swallows_lines(src.text[opened:at]):
            return _open_quote(src, opened, None)
        return _bad_escape(src, opened, at)
    if (
        context
        in (
            "while scanning an alias",
            "while scanning an anchor",
            "while scanning a block scalar",
            "while scanning a directive",
            "while scanning a tag",
            "while parsing a tag",
        )
        and opened is not None
    ):
        return _reserved_start(src, opened)
    if (
        "that cannot start any token" in problem
        or "tag handle" in problem
        or problem in ("sequence entries are not allowed here", "mapping keys are not allowed here")
        or problem.startswith("expected the node content")
    ):
        return _reserved_start(src, at)
    if problem.startswith("expected ',' or ") and opened is not None:
        return _reserved_start(src, opened, unclosed=True)  # '[' or '{' never closed
    if "expected a single document" in context:
        if not src.text.startswith("---", at):
            return None
        return (
            at,
            "the file holds more than one YAML document ('---')",
            "delete this '---' line (it starts a second document); one file holds one "
            "language of one brochure",
        )
    if "could not find expected ':'" in problem and opened is not None:
        return _runaway_quote(src, _tokens_before(src.text, at), at) or _no_colon(src, opened)
    if problem == "mapping values are not allowed here":
        tokens = _tokens_before(src.text, at)
        return _runaway_quote(src, tokens, at) or _colon_in_text(src, at, tokens)
    if problem.startswith("expected <block end>"):
        tokens = _tokens_before(src.text, at)
        return _runaway_quote(src, tokens, at) or _misplaced(src, at, tokens, _found(problem))
    if problem.startswith("expected '<document start>'"):
        return _runaway_quote(src, _tokens_before(src.text, at), at) or _after_document_end(src, at)
    return None


def _found(problem: str) -> str:
    found = problem.rsplit("but found ", maxsplit=1)[-1].strip()
    return _TOKENS.get(found, found)


def _tokens_before(text: str, limit: int) -> list[yaml.Token]:
    """The tokens PyYAML's scanner reads before offset `limit` (up to a scanner error)."""
    scanner = yaml.SafeLoader(text)
    tokens: list[yaml.Token] = []
    try:
        while scanner.check_token() and scanner.peek_token().start_mark.pointer < limit:
            tokens.append(scanner.get_token())
    except yaml.YAMLError:
        tokens.extend(token for token in scanner.tokens if token.start_mark.pointer < limit)
    finally:
        scanner.dispose()
    return tokens


def _short(value: str, limit: int = 50) -> str:
    """A text shortened for an example: its first words and its last, with ' … ' between."""
    value = value.strip()
    if len(value) <= limit:
        return value
    words = value.split(" ")
    head = words[0]
    for word in words[1:]:
        if len(head) + len(word) >= 30:
            break
        head += " " + word
    tail = words[-1] if len(words) > 1 and len(words[-1]) <= 20 else value[-14:]
    return f"{head} … {tail}" if len(head) + len(tail) + 3 < len(value) else value


def _quoted(value: str) -> str:
    """`value` as a quoted YAML text: double quotes, single ones if it holds '"' or '\\'."""
    value = _short(value)
    if '"' in value or "\\" in value:
        return "'" + value.replace("'", "''") + "'"
    return f'"{value}"'


def _example(src: _Source, offset: int, value: str | None = None) -> str:
    """`key: "text"` for the text that starts at `offset`, keeping what stands before it."""
    line, col = src.line_col(offset)
    before = src.lines[line][:col].strip()
    text = src.lines[line][col:] if value is None else value
    return f"{before} {_quoted(text)}".strip()


def _tab(src: _Source, at: int) -> tuple[int, str, str]:
    line, col = src.line_col(at)
    before = src.lines[line][:col].rstrip(" \t")
    if not before:
        return (
            at,
            "a tab character is used for indentation",
            "indent with spaces only (two per level)",
        )
    if before.endswith((":", "-")):
        return (
            at,
            "a tab character is used after a key or dash, where YAML needs a space",
            "replace the tab by a space",
        )
    return at, "a tab character is used where YAML needs a space", "replace the tab by a space"


def _swallows_lines(quoted: str) -> bool:
    """Whether a quoted text runs over lines that look like keys or list entries."""
    return any(_STRUCTURE.match(line) for line in quoted.split("\n")[1:])


def _open_quote(src: _Source, opened: int, closed_at: int | None) -> tuple[int, str, str]:
    """A quote that is not closed where the text ends: reported where it opens."""
    quote = src.text[opened]
    line, col = src.line_col(opened)
    if closed_at is None:
        message = "the quote that starts here is never closed"
    else:
        message = (
            f"the quote that starts here is not closed on its line (YAML reads on to "
            f"the {quote} on line {src.line_col(closed_at)[0] + 1})"
        )
    rest = _short(src.lines[line][col + 1 :])
    if quote in rest or (quote == '"' and "\\" in rest):  # show the other kind of quotes
        example = _example(src, opened, rest)
    else:
        example = f"{src.lines[line][:col].strip()} {quote}{rest}{quote}".strip()
    return (
        opened,
        message,
        (
            f"close the quote at the end of the text, e.g. {example}; "
            f"{_INSIDE_QUOTES[quote]}, or use the other kind of quotes"
        ),
    )


def _text_after_quote(src: _Source, token: yaml.ScalarToken) -> tuple[int, str, str]:
    """`"Das "Projekt" ist gut"`: a quote inside the text ended it early."""
    quote = token.style
    line, col = token.start_mark.line, token.start_mark.column
    value = src.lines[line][col:].rstrip()
    inner = value[1:-1] if len(value) > 1 and value.endswith(quote) else value
    inner = _short(inner)
    before = src.lines[line][:col].strip()
    if quote == '"':
        other = (
            f"'{inner}'"
            if "'" not in inner
            else '"' + inner.replace("\\", "\\\\").replace('"', '\\"') + '"'
        )
    else:
        other = (
            f'"{inner}"'
            if '"' not in inner and "\\" not in inner
            else "'" + inner.replace("'", "''") + "'"
        )
    return (
        token.end_mark.pointer - 1,
        "the quoted text ends here, but more text follows",
        f"{_INSIDE_QUOTES[quote]}, or put the whole text in the other kind of quotes, e.g. "
        + f"{before} {other}".strip(),
    )


def _runaway_quote(src: _Source, tokens: list[yaml.Token], at: int) -> tuple[int, str, str] | None:
    """A quote left open that swallowed the next lines, up to the next quote: PyYAML fails
    only after that quote, on the line of `at`."""
    at_line = src.line_col(at)[0]
    for token in reversed(tokens):
        if token.end_mark.line < at_line:
            break
        if (
            isinstance(token, yaml.ScalarToken)
            and token.style in ('"', "'")
            and token.start_mark.line < token.end_mark.line
            and _swallows_lines(src.text[token.start_mark.pointer : token.end_mark.pointer])
        ):
            return _open_quote(src, token.start_mark.pointer, token.end_mark.pointer - 1)
    return None


def _bad_escape(src: _Source, opened: int, at: int) -> tuple[int, str, str]:
    backslash = src.text.rfind("\\", opened, at + 1)
    if backslash < 0:
        backslash = at
    escape = src.text[backslash : max(at, backslash + 2)].split()  # `\q`, `\x4`, `\U0001F6`
    line, col = src.line_col(opened)
    value = src.lines[line][col:].rstrip()
    value = value[1:-1] if len(value) > 1 and value.endswith('"') else value[1:]
    return (
        backslash,
        f"'{escape[0] if escape else chr(92)}' is not a valid escape in a text in double quotes",
        "write \\\\ for a backslash, or put the text in single quotes, e.g. "
        + _example(src, opened, value),
    )


def _reserved_start(
    src: _Source, offset: int, *, unclosed: bool = False
) -> tuple[int, str, str] | None:
    """A text that starts with a character YAML reads as syntax: it must be quoted."""
    char = src.text[offset : offset + 1]
    if char not in _RESERVED:
        return None
    meaning = _RESERVED[char] or "reserved"
    line, col = src.line_col(offset)
    before = src.lines[line][:col].strip()
    if (
        re.fullmatch(r"(?:-[ ]*)*(?:[a-z_][a-z0-9_]*[ ]*:)?", before) is None
        and ": " in before + " "
        and not any(quote in before for quote in "\"'")
    ):
        # `- Klare **Aufgabenverteilung: **`: the text went on after a ': ' inside it
        return (
            offset,
            f"after ': ' inside a text, YAML reads '{char}' as {meaning}",
            "a text containing ': ' must be put in quotes, e.g. " + _colon_example(src.lines[line]),
        )
    message = (
        f"a text starts with '{char}', which YAML reads as {meaning}"
        if meaning != "reserved"
        else f"a text starts with '{char}', which YAML reserves"
    )
    hint = f"a text that starts with '{char}' must be put in quotes, e.g. {_example(src, offset)}"
    if char in "|>" and before.endswith(":"):
        hint += f"; for a long text write '{before} >-' and the text on the lines below it"
    elif unclosed:
        hint += (
            "; a list in [ ] must end with ']'"
            if char == "["
            else "; a mapping in { } must end with '}'"
        )
    return offset, message, hint


def _no_colon(src: _Source, offset: int) -> tuple[int, str, str]:
    """A line PyYAML took for a key but found no ': ' after (`title:Text`, `title Text`)."""
    line, col = src.line_col(offset)
    words = src.lines[line][col:].rstrip()
    if words[:1] in ("[", "{") and (reserved := _reserved_start(src, offset)) is not None:
        return reserved
    glued = re.match(r"([^\s:]+):(\S.*)", words)
    if glued and _KEY.fullmatch(glued[1]) and not glued[2].startswith("//"):
        return (
            offset + len(glued[1]),
            f"the ':' after '{glued[1]}' must be followed by a space",
            f"write a space after the ':', e.g. {glued[1]}: {_short(glued[2])}",
        )
    first, _, rest = words.partition(" ")
    is_key = _KEY.fullmatch(first) is not None
    previous = src.previous(line)
    if previous is not None and src.indent(previous) == col:
        above = src.lines[previous].strip()
        if above.startswith("- ") or above == "-":
            return (
                offset,
                "this line has neither ': ' nor '- '",
                f"a list entry starts with '- ' like on line {previous + 1}, "
                f"e.g. - {_short(words)}",
            )
    match = _KEY_LINE.match(src.lines[previous]) if previous is not None else None
    if match is not None and match.start("key") == col and (rest.strip() or not is_key):
        key = match["key"]
        if match["value"]:  # text meant to go on from the line above, or a key without ':'
            return (
                offset,
                "this line has no ':' after a key",
                f"if it continues the text of '{key}' above, indent it further than "
                f"'{key}'; if it is a key, write ': ' after it",
            )
        return (
            offset,
            f"this text is not indented further than its key '{key}'",
            f"write it on the key's line, e.g. {key}: {_short(words)}, or indent it further "
            f"than '{key}'",
        )
    if not is_key:
        return (
            offset,
            "this line has no ':' after a key",
            f"write the key and ': ' before the text, e.g. title: {_short(words)}",
        )
    example = f"{first}: {_short(rest)}" if rest.strip() else f"{first}: …"
    return (
        offset,
        "this line has no ':' after its key",
        f"write ': ' after the key, e.g. {example}",
    )


def _stray_colon(at: int) -> tuple[int, str, str]:
    return (
        at,
        "this line starts with ':', without a key before it",
        "write the key before the ':', e.g. author: Familienbüro; if the line continues "
        "the text above, put that whole text in quotes",
    )


def _colon_example(line: str) -> str:
    """`subtitle: "Teil 2: Auswertung"` from the line `  subtitle: Teil 2: Auswertung`."""
    match = _KEY_LINE.match(line)
    if match is None or not match["value"]:
        return 'title: "Teil 2: Ergebnisse"'
    lead = match["lead"].strip()
    lead = lead + " " if lead else ""
    if _KEY.fullmatch(match["key"]):
        return f"{lead}{match['key']}: {_quoted(match['value'])}"
    return lead + _quoted(line[match.start("key") :])  # `- Teil 2: Auswertung`: all of it


def _colon_in_text(src: _Source, at: int, tokens: list[yaml.Token]) -> tuple[int, str, str] | None:
    """'mapping values are not allowed here': a ': ' where no key can start."""
    line, col = src.line_col(at)
    if not src.lines[line][:col].strip():
        return _stray_colon(at)
    scalar = next((t for t in reversed(tokens) if isinstance(t, yaml.ScalarToken)), None)
    if scalar is None or scalar.style is not None or scalar.start_mark.line == line:
        # `subtitle: Teil 2: Auswertung`: the ': ' inside the text on its key's line
        return (
            at,
            "mapping values are not allowed here",
            f"a text containing ': ' must be put in quotes, e.g. {_colon_example(src.lines[line])}",
        )
    # The text began on an earlier line, and this line continues it as far as YAML can see.
    start = scalar.start_mark
    indent = src.indent(line)
    words = src.lines[line][indent:col].rstrip()
    owner = _KEY_LINE.match(src.lines[start.line])
    owner_key = (
        owner["key"]
        if owner
        and owner["value"]
        and _KEY.fullmatch(owner["key"])
        and start.column > owner.start("key")
        else None
    )
    entry = re.fullmatch(r"-[ ]+([a-z_][a-z0-9_]*)", words)
    if entry is not None and owner_key is not None:  # `- paragraph:` indented too far
        hint = _INDENT_HINT
        for number in src.outline(line):
            stripped = src.lines[number].lstrip(" ")
            if stripped.startswith("- ") and src.indent(number) < indent:
                hint = (
                    f"entries of one list need the same number of spaces before the '-': "
                    f"start this one in column {src.indent(number) + 1}, like on line "
                    f"{number + 1}"
                )
                break
        return (
            src.offset(line, indent),
            f"this line is indented further than the key '{owner_key}' above it",
            hint,
        )
    if _KEY.fullmatch(words):  # a key, as far as one can tell
        if owner_key is not None and owner is not None:
            return (
                src.offset(line, indent),
                f"this line is indented further than the key '{owner_key}' above it",
                f"keys of the same level need the same number of spaces: start '{words}' "
                f"in column {owner.start('key') + 1}, like '{owner_key}' on line "
                f"{start.line + 1}",
            )
        if not src.lines[start.line][: start.column].strip(" -") and start.column == indent:
            return _no_colon(src, start.pointer)  # `title:Text`, `- kind:cover` above
        # e.g. a key below a list entry's text: where it belongs is anyone's guess
        return src.offset(line, indent), _UNFIT.format(found="a key"), _INDENT_HINT
    hint = f"put the whole text in quotes, from its first word on line {start.line + 1} to its last"
    if owner_key is not None:
        hint += f", or write '{owner_key}: >-' and the text on the lines below it"
    return at, f"': ' inside a text that starts on line {start.line + 1}", hint


def _misplaced(
    src: _Source, at: int, tokens: list[yaml.Token], found: str
) -> tuple[int, str, str] | None:
    """'expected <block end>': something stands where the block above should have ended."""
    line, col = src.line_col(at)
    last = tokens[-1] if tokens else None
    if last is not None and last.end_mark.line == line:
        if isinstance(last, yaml.ScalarToken) and last.style in ('"', "'"):
            return _text_after_quote(src, last)
        if isinstance(last, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
            depth = 0
            for token in reversed(tokens):  # back to the '[' or '{' this one closes
                if isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
                    depth += 1
                elif isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                    depth -= 1
                    if depth == 0:
                        return _reserved_start(src, token.start_mark.pointer)
    if src.text.startswith(":", at) and not src.lines[line][:col].strip():
        return _stray_colon(at)
    if found in ("a list", "a list entry"):
        return _misplaced_dash(src, at)
    if found in ("a key", "'?'"):
        return _misplaced_key(src, at)
    return None


def _misplaced_dash(src: _Source, at: int) -> tuple[int, str, str] | None:
    line, col = src.line_col(at)
    message = _UNFIT.format(found="a list entry")
    previous = src.previous(line)
    above = _KEY_LINE.match(src.lines[previous]) if previous is not None else None
    if (
        above is not None
        and previous is not None
        and above.start("key") == col
        and _KEY.fullmatch(above["key"])
    ):
        key = above["key"]
        entry = re.match(r"-[ ]+([a-z_][a-z0-9_]*):(?:[ ]|\Z)", src.lines[line][col:])
        if entry is not None:  # `- author: …` among keys
            return (
                at,
                message,
                f"remove the '- ' before '{entry[1]}': keys of the same level need the same "
                f"number of spaces and no '- ', like '{key}' on line {previous + 1}",
            )
        if above["value"]:  # `keywords: Stichworte` and then `- …` below it
            return (
                at,
                f"'{key}' has both a text and a list",
                f"a key holds either a text or a list: leave only '{key}:' on line "
                f"{previous + 1} and put the entries below it, each starting with '- '",
            )
    for number in src.outline(line):
        stripped = src.lines[number].lstrip(" ")
        if (stripped.startswith("- ") or stripped == "-") and src.indent(number) != col:
            return (
                at,
                message,
                f"entries of one list need the same number of spaces before the '-': "
                f"start this one in column {src.indent(number) + 1}, like on line "
                f"{number + 1}",
            )
    return None


def _misplaced_key(src: _Source, at: int) -> tuple[int, str, str] | None:
    line, col = src.line_col(at)
    this = _KEY_LINE.match(src.lines[line])
    if this is None or this.start("key") != col:
        return None
    best: tuple[int, int, str] | None = None  # (line, column, key) of the nearest column
    for number in src.outline(line):
        match = _KEY_LINE.match(src.lines[number])
        if match is None or match.start("key") == col:
            continue
        distance = abs(match.start("key") - col)
        if best is None or distance < abs(best[1] - col):
            best = (number, match.start("key"), match["key"])
    if best is None:
        return None
    number, column, key = best
    further = column < col and number == src.previous(line)
    message = (
        f"this line is indented further than the key '{key}' above it"
        if further
        else _UNFIT.format(found="a key")
    )
    return (
        at,
        message,
        f"keys of the same level need the same number of spaces: start '{this['key']}' in "
        f"column {column + 1}, like '{key}' on line {number + 1}",
    )


def _after_document_end(src: _Source, at: int) -> tuple[int, str, str] | None:
    """'expected <document start>': text after a `...` line (the end of a YAML document)."""
    line, col = src.line_col(at)
    for number in range(line, -1, -1):
        stripped = (src.lines[number][:col] if number == line else src.lines[number]).strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped == "..." or stripped.startswith("... "):
            return (
                src.offset(number, src.indent(number)),
                "the line '...' ends the YAML document, but more follows",
                "delete the '...' line: three dots alone on a line end a YAML document",
            )
        if stripped.startswith("%"):
            return _reserved_start(src, src.offset(number, src.indent(number)))
        return None
    return None


def _only_blanks_before(mark: Any) -> bool:
    """Whether only spaces and tabs stand before `mark` on its line (i.e. indentation)."""
    buffer = getattr(mark, "buffer", None)
    if mark is None or not isinstance(buffer, str):
        return True
    start = max(buffer.rfind("\n", 0, mark.pointer), buffer.rfind("\r", 0, mark.pointer)) + 1
    return not buffer[start : mark.pointer].strip(" \t")
