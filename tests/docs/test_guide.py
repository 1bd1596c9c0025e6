"""The user guide cannot lie: every YAML example of docs/ is built under `--strict` in the
brochure around it, every command shown with its output is run and its output compared, and
every command shown without output is a valid command line (how pages mark their examples:
tests/docs/guide.py)."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from report.cli import cli

from . import guide

pytestmark = pytest.mark.e2e

BIN = Path(sys.executable).parent
HOME = "~/brochures"

# The brochure an example is built in: the starter's settings and pictures, a cover and a back
# page; a `pages` example goes before the back page, `blocks` into a chapter of their own.
_META = """\
meta:
  title: Our new brochure
  author: Sampletown Community Association
  subject: A brochure to try the examples of the guide in
  keywords: [sample]
  footer: Our new brochure
"""
_NEWSLETTER = """\
newsletter:
  subject: "Just out: our new brochure"
  summary: Our new brochure is attached to this e-mail.
  sender_name: Sampletown Community Association
  sender_email: info@example.org
"""
_COVER = """\
  - kind: cover
    title: Our new brochure
    subtitle: Where the examples of the guide are tried
    image:
      src: images/cover.svg
      alt: Illustration of an open brochure with a picture, text and a chart
"""
_BACK = """\
  - kind: back
    title: Thank you for reading!
    contact:
      title: Contact
      address: [Sampletown Community Association, 1 Market Square, Sampletown AB1 2CD]
      email: info@example.org
"""


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An English starter folder made by `report new`, for its settings and pictures."""
    folder = tmp_path_factory.mktemp("starter") / guide.FOLDER
    result = CliRunner().invoke(cli, ["new", str(folder), "--language", "en"])
    assert result.exit_code == 0, result.output
    return folder


def _indented(text: str, spaces: int) -> str:
    return "".join(" " * spaces + line if line.strip() else line for line in text.splitlines(True))


def _top_level_keys(block: guide.Block) -> list[str]:
    data = yaml.safe_load(block.text)
    assert isinstance(data, dict), f"{block.where}: a `{block.kind}` example is a mapping"
    return list(data)


def _language_file(block: guide.Block | None) -> str:
    """The base language file with one example put where it belongs."""
    sections = {"meta": _META, "newsletter": _NEWSLETTER}
    pages = _COVER
    if block is not None and block.kind == "language":
        for key in _top_level_keys(block):
            sections.pop(key, None)
        assert "pages" not in _top_level_keys(block), f"{block.where}: pages are `pages` examples"
    if block is not None and block.kind == "pages":
        pages += _indented(block.text, 2)
    if block is not None and block.kind == "blocks":
        pages += "  - kind: chapter\n    title: Example\n    blocks:\n"
        pages += _indented(block.text, 6)
    text = "# yaml-language-server: $schema=language.schema.json\n"
    text += "".join(sections.values())
    if block is not None and block.kind == "language":
        text += block.text
    return text + "pages:\n" + pages + _BACK


def _merged(base: dict[str, object], extra: dict[str, object]) -> dict[str, object]:
    out = dict(base)
    for key, value in extra.items():
        old = out.get(key)
        if isinstance(old, dict) and isinstance(value, dict):
            out[key] = _merged(old, value)
        else:
            out[key] = value
    return out


class Session:
    """The folder one guide page works in: `my-brochure/` and what the page's commands write."""

    def __init__(self, cwd: Path, starter: Path) -> None:
        self.cwd = cwd
        self.starter = starter
        self.files: dict[str, str] = {}  # `example: file` blocks, kept for later examples
        self.env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}")
        self.env.update(PYTHONUNBUFFERED="1", COLUMNS="100", NO_COLOR="1", TZ="UTC")

    @property
    def folder(self) -> Path:
        return self.cwd / guide.FOLDER

    def lay_out(self, block: guide.Block | None) -> None:
        """`my-brochure/` made anew: the base, the page's files so far, and this example."""
        shutil.rmtree(self.folder, ignore_errors=True)
        shutil.copytree(self.starter, self.folder)
        settings = yaml.safe_load((self.starter / "brochure.yaml").read_text(encoding="utf-8"))
        if block is not None and block.kind == "brochure":
            extra = yaml.safe_load(block.text)
            assert isinstance(extra, dict), f"{block.where}: a `brochure` example is a mapping"
            settings = _merged(settings, extra)
        (self.folder / "brochure.yaml").write_text(
            "# yaml-language-server: $schema=brochure.schema.json\n"
            + yaml.safe_dump(settings, sort_keys=False, allow_unicode=True),
            encoding="utf-8",
        )
        (self.folder / "en.yaml").write_text(_language_file(block), encoding="utf-8")
        for name, text in self.files.items():
            target = self.folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")

    def run(self, command: str) -> tuple[int, list[str]]:
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.cwd,
            env=self.env,
            capture_output=False,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=300,
            check=False,
        )
        # The folder the page works in is a temporary one; the guide calls it ~/brochures.
        output = done.stdout.replace(str(self.cwd.resolve()), HOME).replace(str(self.cwd), HOME)
        return done.returncode, output.splitlines()


def _build(session: Session, block: guide.Block) -> None:
    """`report build my-brochure --strict`, in this process: the engine stays warm between
    the examples (the commands a page shows run as processes of their own)."""
    with contextlib.chdir(session.cwd):
        result = CliRunner().invoke(
            cli, ["build", guide.FOLDER, "--strict", "--output", "out", "--jobs", "1", "--force"]
        )
    assert result.exit_code == 0, (
        f"{block.where}: the example does not build under --strict:\n{result.output}"
    )


def _check_command_line(block: guide.Block, line: str) -> None:
    """A `report …` line of a block without output names a command and options that exist."""
    words = shlex.split(line, comments=True)
    if not words or words[0] != "report":
        return
    result = CliRunner().invoke(cli, [*words[1:], "--help"])
    assert result.exit_code == 0, (
        f"{block.where}: `{line}` is not a valid command:\n{result.output}"
    )


@pytest.mark.parametrize("page", guide.pages_and_readme())
def test_examples_of_the_guide_build_and_commands_answer_as_shown(
    page: str, starter: Path, tmp_path: Path
) -> None:
    session = Session(tmp_path, starter)
    for block in guide.blocks(page):
        if block.language == "yaml":
            assert block.kind in guide.KINDS, (
                f"{block.where}: a YAML example needs a marker such as <!-- example: blocks --> "
                "on the line before it (see tests/docs/guide.py)"
            )
            if block.kind == "file":
                assert block.path, f"{block.where}: say which file: <!-- example: file de.yaml -->"
                session.files[block.path] = block.text
                session.lay_out(None)
            else:
                session.lay_out(block)
            if not block.broken:
                _build(session, block)
        elif block.language == "console":
            for step in guide.steps(block):
                _, output = session.run(step.command)
                assert guide.matches(step.expected, output), (
                    f"{block.where}: `{step.command}` answers otherwise than shown.\n"
                    "shown:\n  " + "\n  ".join(step.expected) + "\ngot:\n  " + "\n  ".join(output)
                )
        elif block.language in ("sh", "bash"):
            for line in block.text.splitlines():
                _check_command_line(block, line.strip())
