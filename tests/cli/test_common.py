"""The command line itself (report/cli): which brochure folder a command works on (the one given,
else the current folder if it is one, never a shipped one by surprise), exit statuses (0, 1 for
a problem of the content, 2 for a wrong command line) and no traceback for a user's mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import cli

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
