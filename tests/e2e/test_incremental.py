"""Fast builds: nothing built twice (the up-to-date key: tests/builder/test_uptodate.py),
worker processes that give the same files as one process, a batch of brochures built by shares
(how they are dealt: tests/builder/test_plan.py), machine-readable results, and a check that
renders without writing."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from report import cli as commands
from report.base.errors import UserError
from report.builder import run as builder
from report.builder import uptodate
from report.pdf.profiles import PROFILES

from ..helpers import SHIPPED, edit, listed, run_cli, tiny, warning_template

pytestmark = pytest.mark.e2e
SCREEN = PROFILES["screen"]


def two_languages(tmp_path: Path) -> Path:
    """The shipped brochure in German and English only (a smaller, real brochure)."""
    target = tmp_path / "brochure"
    shutil.copytree(SHIPPED, target)
    for language in ("ar", "tr", "uk"):
        (target / f"{language}.yaml").unlink()
        (target / "i18n" / f"{language}.sources.json").unlink()
    return target


def note(file: Path) -> None:
    """Change a file (a comment at its end)."""
    file.write_text(file.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")


# --- up to date means no work --------------------------------------------------------------


def test_an_unchanged_build_does_nothing_and_never_loads_the_engine(tmp_path: Path) -> None:
    root = two_languages(tmp_path)
    out = tmp_path / "out"
    first = run_cli("build", str(root), "--output", str(out), "--jobs", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout.count("wrote ") == 2
    stamps = {path: path.stat().st_mtime_ns for path in out.glob("*.pdf")}

    again = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-m",
            "report",
            "build",
            str(root),
            "--output",
            str(out),
        ],
        capture_output=True,
        text=True,
    )
    assert again.returncode == 0, again.stderr
    assert again.stdout.count("up to date: ") == 2 and "wrote " not in again.stdout
    assert "--force builds it again" in again.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in again.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert imported and not imported & {
        "weasyprint",
        "pydantic",
        "report.content.load",
        "report.content.model",
    }
    assert {path: path.stat().st_mtime_ns for path in out.glob("*.pdf")} == stamps

    note(root / "en.yaml")  # one language changed: one PDF built
    partly = run_cli("build", str(root), "--output", str(out))
    assert partly.returncode == 0, partly.stderr
    assert "up to date: " in partly.stdout and partly.stdout.count("wrote ") == 1
    assert "-en.pdf" in partly.stdout.split("wrote ")[1]

    forced = run_cli("build", str(root), "--output", str(out), "--locale", "de", "--force")
    assert forced.stdout.count("wrote ") == 1


def test_a_changed_pdf_or_a_stricter_build_is_not_up_to_date(tmp_path: Path) -> None:
    root = two_languages(tmp_path)
    out = tmp_path / "out"
    (first,) = builder.build(root, languages=["de"], output_dir=out)
    assert not first.up_to_date
    (again,) = builder.build(root, languages=["de"], output_dir=out)
    assert again.up_to_date and again.pages == first.pages and again.size == first.size

    first.path.write_bytes(first.path.read_bytes() + b"\n% edited by hand\n")
    (rebuilt,) = builder.build(root, languages=["de"], output_dir=out)
    assert not rebuilt.up_to_date

    record = uptodate.Snapshot(root, out).current(rebuilt.path, "de", SCREEN)
    assert record is not None
    record.warnings.append("an engine warning")
    assert not record.acceptable(strict=True, allow_overflow=False)
    assert record.acceptable(strict=False, allow_overflow=False)
    record.misfits.append("does not fit")
    assert not record.acceptable(strict=False, allow_overflow=False)
    assert record.acceptable(strict=False, allow_overflow=True)


def test_a_successful_build_removes_the_draft_it_replaces(tmp_path: Path) -> None:
    """Whether it writes the PDF or finds it up to date (the content changed back to that of
    the last good build), a build that succeeds leaves no draft of another content beside it."""
    root = tiny(tmp_path / "brochure")
    out = tmp_path / "out"
    (good,) = builder.build(root, languages=["de"], output_dir=out)
    fitting = (root / "de.yaml").read_text(encoding="utf-8")
    too_long = "    title: " + "Ein sehr langer Titel " * 40 + "\n"
    drafted = out / "tiny-de.DRAFT-does-not-fit.pdf"

    edit(root / "de.yaml", "    title: Kleines Heft\n", too_long)
    with pytest.raises(UserError, match="does not fit"):
        builder.build(root, languages=["de"], output_dir=out)
    assert listed(out) == [drafted.name, good.path.name]

    (root / "de.yaml").write_text(fitting, encoding="utf-8")  # back to the last good build
    (again,) = builder.build(root, languages=["de"], output_dir=out)
    assert again.up_to_date
    assert listed(out) == [good.path.name]

    edit(root / "de.yaml", "    title: Kleines Heft\n", too_long)
    with pytest.raises(UserError, match="does not fit"):
        builder.build(root, languages=["de"], output_dir=out)
    edit(root / "de.yaml", too_long, "    title: Ein kleines Heft\n")  # fixed another way
    (rebuilt,) = builder.build(root, languages=["de"], output_dir=out)
    assert not rebuilt.up_to_date
    assert listed(out) == [good.path.name]


# --- all cores -----------------------------------------------------------------------------


def test_workers_write_the_same_files_as_one_process(tmp_path: Path) -> None:
    root = two_languages(tmp_path)
    one = builder.build(root, output_dir=tmp_path / "one", jobs=1)
    two = builder.build(root, output_dir=tmp_path / "two", jobs=2, profile=["screen", "print"])
    assert [(o.language, o.profile) for o in two] == [
        ("de", "screen"),
        ("de", "print"),
        ("en", "screen"),
        ("en", "print"),
    ]
    by_name = {o.path.name: o.path.read_bytes() for o in two}
    for output in one:
        assert by_name[output.path.name] == output.path.read_bytes()


def test_each_worker_keeps_its_own_warnings(tmp_path: Path) -> None:
    """Two languages in two workers at once: each PDF reports the engine warning of its own
    render, once."""
    root = two_languages(tmp_path)
    warning_template(root)
    heard: list[str] = []
    outputs = builder.build(
        root,
        output_dir=tmp_path / "out",
        jobs=2,
        on_result=lambda output: heard.append(output.language),
    )
    assert sorted(heard) == ["de", "en"]
    for output in outputs:
        assert [w for w in output.warnings if "no-such-property" in w] == [
            "Ignored `no-such-property: 1` at 1:1, unknown property."
        ]


def test_the_time_limit_stops_every_worker(tmp_path: Path) -> None:
    root = two_languages(tmp_path)
    (root / "en.yaml").unlink()
    edit(root / "brochure.yaml", "slug:", "render_time_limit_s: 5\nslug:")
    anchor = "          - Hauptamtlich bzw. ehrenamtlich Aktive"
    edit(
        root / "de.yaml",
        anchor,
        anchor + "".join(f"\n          - Punkt {n} einer sehr langen Liste" for n in range(5000)),
    )
    with pytest.raises(UserError) as caught:
        builder.build(root, output_dir=tmp_path / "out", jobs=2, profile=["screen", "print"])
    messages = [str(issue) for issue in caught.value.issues]
    assert len(messages) == 2, messages
    assert all("[de] took longer than 5 s and was stopped" in m for m in messages)


# --- batches, shares and results for machines ----------------------------------------------


def test_a_parent_folder_builds_its_brochures_and_reports_json(tmp_path: Path) -> None:
    parent = tmp_path / "brochures"
    parent.mkdir()
    two_languages(parent)
    broken = parent / "zz-broken"
    shutil.copytree(parent / "brochure", broken)
    edit(broken / "brochure.yaml", "slug: ", "slug: broken-")
    (broken / "en.yaml").unlink()
    edit(broken / "de.yaml", "kind: cover", "kind: covr")
    result = CliRunner().invoke(
        commands.cli,
        ["build", str(parent), "--output", str(tmp_path / "out"), "--shard", "1/2", "--json"],
    )
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert not document["ok"]
    assert [(o["language"], o["up_to_date"]) for o in document["outputs"]] == [("de", False)]
    assert document["outputs"][0]["pages"] == 9 and document["outputs"][0]["size"] > 10_000
    (problem,) = document["problems"]
    assert problem["file"].endswith("zz-broken/de.yaml") and problem["line"] > 0
    assert problem["path"].startswith("pages[")


def test_check_renders_without_writing(tmp_path: Path) -> None:
    root = two_languages(tmp_path)
    (root / "en.yaml").unlink()
    before = sorted(p.name for p in root.rglob("*"))
    good = CliRunner().invoke(commands.cli, ["check", str(root), "--render"])
    assert good.exit_code == 0, good.output
    assert "de: 9 pages, every page fits, PDF/UA-1 passed" in good.output
    assert sorted(p.name for p in root.rglob("*")) == before
    edit(root / "de.yaml", "title: Kontakt", "title: Kontakt " + "sehr lang " * 200)
    bad = CliRunner().invoke(commands.cli, ["check", str(root), "--render"])
    assert bad.exit_code == 1
    assert "does not fit" in bad.output and "de.yaml:" in bad.output


def test_quiet_and_plain_lines_off_a_terminal(tmp_path: Path) -> None:
    """Off a terminal, a line per PDF without a counter; --quiet prints nothing but problems;
    --verbose says how it builds."""
    root = two_languages(tmp_path)
    (root / "en.yaml").unlink()
    out = tmp_path / "out"
    verbose = run_cli("build", str(root), "--output", str(out), "--verbose", "--jobs", "1")
    assert verbose.returncode == 0, verbose.stderr
    assert "building " in verbose.stderr and "(1 worker)" in verbose.stderr
    assert verbose.stdout.startswith("wrote ") and "[1/1]" not in verbose.stdout
    quiet = run_cli("build", str(root), "--output", str(out), "--quiet")
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    both = run_cli("build", str(root), "--quiet", "--verbose")
    assert both.returncode == 2 and "contradict" in both.stderr
