"""The command line itself (report/cli): which brochure folder a command works on (the one given,
else the current folder if it is one, never a shipped one by surprise), exit statuses (0, 1 for
a problem of the content, 2 for a wrong command line) and no traceback for a user's mistake."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from report.cli import cli
from report.cli.common import show_notes

from ..helpers import SHIPPED, listed, run_cli

PDF_NAME = "lokale-buendnisse-befragung-2019-teil-2-de.pdf"


def test_in_a_brochure_folder_a_command_works_on_it(
    brochure: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(brochure)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 0, result.output
    assert "ok:" in result.output


@pytest.mark.parametrize(
    "command", [["check"], ["build"], ["i18n", "status"], ["newsletter", "--locale", "de"]]
)
def test_elsewhere_a_command_without_a_folder_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    (tmp_path / "de.yaml").write_text("meta: {title: T}\n", encoding="utf-8")  # no brochure.yaml
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    assert "is not a brochure folder (it has no brochure.yaml)" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["de.yaml"]  # nothing written


def test_unknown_language_requested(brochure: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["build", str(brochure), "--locale", "fr", "--output", str(tmp_path)]
    )
    assert result.exit_code == 1
    assert "no content for language 'fr'" in result.output


@pytest.mark.e2e
def test_version_and_check() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and "report, version 0.1.0" in version.stdout
    checked = run_cli("check", str(SHIPPED))
    assert checked.returncode == 0 and "ok:" in checked.stdout


@pytest.mark.e2e
def test_without_a_folder_the_current_folder_is_built(brochure: Path, tmp_path: Path) -> None:
    """No shipped brochure is built by surprise: in a brochure folder, that one is built; in
    any other folder the command says so and exits 2 (a wrong command line)."""
    out = tmp_path / "out"
    here = run_cli("build", "--locale", "de", "--output", str(out), cwd=brochure)
    assert here.returncode == 0, here.stderr
    assert listed(out) == [PDF_NAME]
    elsewhere = run_cli("build", "--locale", "de", "--output", str(tmp_path / "x"), cwd=tmp_path)
    assert elsewhere.returncode == 2
    assert "is not a brochure folder (it has no brochure.yaml)" in elsewhere.stderr
    assert "Traceback" not in elsewhere.stderr
    assert not (tmp_path / "x").exists()
    for command in (["check"], ["i18n", "status"], ["newsletter", "--locale", "de"]):
        result = run_cli(*command, cwd=tmp_path)
        assert result.returncode == 2, (command, result.stderr)


@pytest.mark.e2e
def test_cli_exit_codes_in_a_real_process(brochure: Path, tmp_path: Path) -> None:
    (brochure / "de.yaml").write_text("meta: [\n", encoding="utf-8")
    broken = run_cli("check", str(brochure))
    assert broken.returncode == 1
    assert "de.yaml:" in broken.stderr and "Traceback" not in broken.stderr
    usage = run_cli("build", "--no-such-option")
    assert usage.returncode == 2
    missing = run_cli("build", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "no such brochure folder" in missing.stderr


# --- help, examples and near misses ------------------------------------------------------------


def _commands(
    group: click.Group, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], click.Command]]:
    """Every command of the tree under `group` (groups included) with the words that name it."""
    yield path, group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield (*path, name), command


def _examples(help_text: str) -> list[str]:
    """The lines of the Examples section that ends a help text."""
    parts = re.split(r"\n *Examples:\n", help_text)
    assert len(parts) == 2, help_text
    return [line.strip() for line in parts[1].splitlines()]


def _parse(line: str) -> click.Context:
    """An example command line parsed as `report` parses it, down to its command and through
    every option's checks and callbacks, without running the command."""
    words = shlex.split(line)
    assert words[0] == "report", line
    parent = click.Context(cli, info_name="report")
    command: click.Command = cli
    name, words = "report", words[1:]
    while isinstance(command, click.Group):
        found = command.get_command(parent, words[0]) if words else None
        if found is None:
            raise click.UsageError(f"{line}: names no command", ctx=parent)
        if isinstance(found, click.Group):
            parent = click.Context(found, info_name=words[0], parent=parent)
        name, command, words = words[0], found, words[1:]
    return command.make_context(name, words, parent=parent)


def test_report_help_lists_every_command_in_the_order_of_the_work() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    assert result.exit_code == 0, result.output
    listed = re.findall(r"^  (\S+)  +(.+)$", result.output.split("Commands:")[1], re.MULTILINE)
    assert [name for name, _ in listed[: len(cli.commands)]] == [
        "new",
        "build",
        "check",
        "preview",
        "i18n",
        "newsletter",
        "schema",
    ]
    assert {name for name, _ in listed} >= set(cli.commands)
    summaries = dict(listed)
    assert summaries["newsletter"] == "Write the newsletter kit of one language; send it."
    assert summaries["i18n"] == "Translations: status, export, import, accept."
    assert not [summary for summary in summaries.values() if summary.endswith("...")]
    i18n_help = CliRunner().invoke(cli, ["i18n", "--help"]).output
    assert re.findall(r"^  (status|export|import|accept)  +\S", i18n_help, re.MULTILINE) == [
        "status",
        "export",
        "import",
        "accept",
    ]


def test_every_help_ends_with_examples_that_parse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # where the PO files the examples import exist, as they would
    seen = []
    for path, command in _commands(cli):
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, result.output
        lines = _examples(result.output)
        assert 1 <= len(lines) <= 2, (path, lines)
        for line in lines:
            assert line.startswith(" ".join(["report", *path])), (path, line)
            for word in shlex.split(line):
                if word.endswith(".po"):
                    (tmp_path / word).parent.mkdir(parents=True, exist_ok=True)
                    (tmp_path / word).touch()
            parsed = _parse(line)
            assert parsed.command is not cli
            seen.append(parsed.command_path)
        assert command.epilog is not None and command.epilog.startswith("\b\n")  # kept as written
    assert "report i18n import" in seen and "report newsletter" in seen


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("report build my-brochure --strct", "--strct"),
        ("report build my-brochure --shard 5/4", "'5/4' is not K/N with 1 <= K <= N"),
        ("report i18n exprt my-brochure", "names no command"),
        ("report i18n export my-brochure", "Missing option '--locale'"),
    ],
)
def test_the_example_checker_finds_a_wrong_example(line: str, error: str) -> None:
    with pytest.raises(click.UsageError) as raised:
        _parse(line)
    assert error in raised.value.format_message()


@pytest.mark.parametrize(
    ("command", "message"),
    [
        (["buidl"], "Error: No such command 'buidl'. Did you mean 'build'?"),
        (["chek", "x"], "Error: No such command 'chek'. Did you mean 'check'?"),
        (["status"], "Error: No such command 'status'. Did you mean 'i18n status'?"),
        (["i18n", "exprot"], "Error: No such command 'exprot'. Did you mean 'export'?"),
        (["xyzzy"], "Error: No such command 'xyzzy'.\n"),
        (["build", "--strct", "x"], "Error: No such option '--strct'. Did you mean '--strict'?"),
    ],
)
def test_a_mistyped_command_or_option_gets_the_one_meant(command: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2
    assert message in result.output, result.output


# --- which folder a message names --------------------------------------------------------------


def _brochure_folder(folder: Path, slug: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "brochure.yaml").write_text(f"slug: {slug}\n", encoding="utf-8")
    return folder


def _usage_error(command: list[str]) -> str:
    result = CliRunner().invoke(cli, command)
    assert result.exit_code == 2, result.output
    return result.output.splitlines()[-1]


@pytest.mark.parametrize(
    ("command", "example"),
    [
        (["i18n", "status"], "report i18n status my-brochure"),
        (["build", "--strict"], "report build my-brochure"),
        (["i18n", "export", "--locale", "tr"], "report i18n export my-brochure --locale tr"),
        (["newsletter"], "report newsletter my-brochure --locale CODE"),
    ],
)
def test_without_a_brochure_near_the_message_names_the_command_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], example: str
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _usage_error(command) == (
        f"Error: {Path.cwd()} is not a brochure folder (it has no brochure.yaml); give the "
        f"brochure's folder, e.g.  {example}"
    )


def test_the_message_names_a_brochure_below_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _brochure_folder(tmp_path / "content" / "annual-2024", "annual-2024")
    (tmp_path / "content" / "notes").mkdir()
    (tmp_path / ".hidden" / "brochure.yaml").parent.mkdir()
    (tmp_path / ".hidden" / "brochure.yaml").write_text("slug: hidden\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert _usage_error(["check", "--render"]).endswith("e.g.  report check content/annual-2024")


def test_an_import_names_the_brochure_that_holds_the_po_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`report i18n import FILE.po` without a folder: the brochure whose output/ holds the
    file, else the one below the current folder whose slug names it."""
    _brochure_folder(tmp_path / "a-first", "first")
    held = _brochure_folder(tmp_path / "jahresbericht", "jahresbericht-2025") / "output"
    held.mkdir()
    (held / "jahresbericht-2025-tr.po").touch()
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "jahresbericht-2025-uk.po").touch()
    (tmp_path / "other.po").touch()
    monkeypatch.chdir(tmp_path)
    assert _usage_error(["i18n", "import", "jahresbericht/output/jahresbericht-2025-tr.po"]) == (
        f"Error: {Path.cwd()} is not a brochure folder (it has no brochure.yaml); give the "
        "brochure's folder, e.g.  report i18n import jahresbericht/output/jahresbericht-2025-tr.po "
        "jahresbericht"
    )
    assert _usage_error(["i18n", "import", "output/jahresbericht-2025-uk.po"]).endswith(
        "e.g.  report i18n import output/jahresbericht-2025-uk.po jahresbericht"
    )
    assert _usage_error(["i18n", "import", "other.po"]).endswith(
        "e.g.  report i18n import other.po a-first"
    )


def test_translation_notes_name_the_folder_to_ask_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    show_notes(
        "tr", ["de.yaml:3:5 pages[0].title: missing", "…"], Path("my brochure"), verbose=False
    )
    show_notes("uk", ["de.yaml:3:5 pages[0].title: missing"], tmp_path, verbose=False)
    show_notes("ar", [], tmp_path, verbose=False)
    assert capsys.readouterr().err.splitlines() == [
        "translation [tr]: 2 item(s) to review (report i18n status 'my brochure' shows all):",
        "  de.yaml:3:5 pages[0].title: missing",
        "  …",
        "translation [uk]: 1 item(s) to review (report i18n status shows all):",
        "  de.yaml:3:5 pages[0].title: missing",
    ]
