"""The user guide's pages read as a test reads them: their fenced examples, each with the
marker that says where it belongs, and the folder a page's examples are built in.

How a page of docs/ marks its examples (the markers are HTML comments, invisible on the site):

- A `yaml` block is always built, under `--strict`, in the brochure around it: the line before
  it says which part of a brochure it is.
  - `<!-- example: pages -->` a list of pages, put before the back page;
  - `<!-- example: blocks -->` a list of blocks, put into a chapter page of their own;
  - `<!-- example: language -->` top-level keys of the language file (`meta:` …), each
    replacing the one of the same name;
  - `<!-- example: brochure -->` keys of `brochure.yaml`, merged into it;
  - `<!-- example: file PATH -->` a whole file of the brochure folder (`de.yaml`, …); such
    files stay for the page's later examples;
  - `broken` after the kind (`<!-- example: blocks broken -->`) marks a mistake: it is not
    built; the `console` block after it shows what `report` says about it, and is run.
- A `console` block shows commands (`$ report …`) and their output; it is run in the page's
  folder and its output compared. In the output, durations and sizes may differ, a line
  `...` stands for any number of lines, and the page's folder is called `~/brochures`.
- A `sh` block shows commands without output: each `report …` line is checked to be a valid
  command line (command and options exist), not run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
KINDS = ("pages", "blocks", "language", "brochure", "file")
FOLDER = "my-brochure"  # the brochure folder every page of the guide works in

_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>```+|~~~+)\s*(?P<info>[^\n]*)$")
_MARKER = re.compile(r"^\s*<!--\s*example:\s*(?P<spec>.*?)\s*-->\s*$")


@dataclass(frozen=True)
class Block:
    """One fenced block of a guide page."""

    page: str
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    marker: str | None  # the example marker's words, if the block has one

    @property
    def where(self) -> str:
        name = Path("docs", self.page).as_posix().removeprefix("docs/../")
        return f"{name}:{self.line}"

    @property
    def kind(self) -> str:
        return (self.marker or "").split()[0] if self.marker else ""

    @property
    def broken(self) -> bool:
        return bool(self.marker) and "broken" in (self.marker or "").split()[1:]

    @property
    def path(self) -> str:
        """The file an `example: file PATH` block is."""
        words = (self.marker or "").split()
        return words[1] if len(words) > 1 else ""


def pages() -> list[str]:
    """The guide's Markdown pages, by name."""
    return sorted(p.name for p in DOCS.glob("*.md"))


def pages_and_readme() -> list[str]:
    """The guide's pages and the README's tour, whose examples are kept true the same way."""
    return [*pages(), "../README.md"]


def blocks(page: str) -> list[Block]:
    """The fenced blocks of one page, in order, with their markers."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    found: list[Block] = []
    marker: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        if m := _MARKER.match(line):
            marker = m["spec"]
            i += 1
            continue
        fence = _FENCE.match(line)
        if not fence:
            if line.strip():
                marker = None
            i += 1
            continue
        indent, closing = len(fence["indent"]), fence["fence"]
        info = fence["info"].strip()
        body: list[str] = []
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(closing):
            text = lines[j]
            body.append(text[indent:] if text[:indent].strip() == "" else text.lstrip())
            j += 1
        language = info.split()[0] if info else ""
        found.append(Block(page, i + 1, language, "\n".join(body) + "\n", marker))
        marker = None
        i = j + 1
    return found


@dataclass(frozen=True)
class Step:
    """One command of a `console` block and the output shown for it."""

    command: str
    expected: list[str]


def steps(block: Block) -> list[Step]:
    """The commands of a console block with the output lines under each."""
    found: list[Step] = []
    for line in block.text.splitlines():
        if line.startswith("$ "):
            found.append(Step(line[2:].strip(), []))
        elif found:
            found[-1].expected.append(line)
        elif line.strip():
            raise AssertionError(f"{block.where}: output before the first `$ ` command")
    return found


_DURATION = re.compile(r"\d+(?:\.\d+)?(?= ?(?:s|ms|seconds?)\b)")
_SIZE = re.compile(r"\d+(?:\.\d+)?(?= ?(?:KiB|MiB|KB|MB|bytes)\b)")


def normalized(line: str) -> str:
    """A line of output with what differs between runs (durations, sizes) made equal."""
    line = _SIZE.sub("N", _DURATION.sub("N", line))
    return line.rstrip()


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the output shown matches the output got; `...` lines match any lines."""
    want = [normalized(x) for x in expected]
    got = [normalized(x) for x in actual]
    while want and not want[-1]:
        want.pop()
    while got and not got[-1]:
        got.pop()

    def match(w: int, g: int) -> bool:
        if w == len(want):
            return g == len(got)
        if want[w].strip() == "...":
            return any(match(w + 1, k) for k in range(g, len(got) + 1))
        return g < len(got) and want[w] == got[g] and match(w + 1, g + 1)

    return match(0, 0)
