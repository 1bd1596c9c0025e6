"""What a build shows while it works: a line per PDF as it is done, its warnings and notes,
and at the end the problems; or, with --json, one JSON document."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from report.base import words
from report.base.errors import Issue, UserError
from report.builder import uptodate
from report.cli.common import show_notes

if TYPE_CHECKING:
    from report.builder import run as builder


class Progress:
    """What a build shows while it works: a line per PDF as it is done (with a counter on a
    terminal), warnings, and at the end the problems; or, with --json, one JSON document."""

    def __init__(self, *, quiet: bool, verbose: bool, as_json: bool, total: int) -> None:
        self.quiet, self.verbose, self.as_json = quiet, verbose, as_json
        self.total, self.done = total, 0
        self.terminal = sys.stdout.isatty() and not as_json
        self.outputs: list[dict[str, Any]] = []

    def start(self, brochure: Path, languages: list[str], profiles: list[str], jobs: int) -> None:
        if self.verbose and not self.as_json:
            click.echo(
                f"building {brochure}: {', '.join(languages)} × {', '.join(profiles)} "
                f"({jobs} worker{'s' if jobs != 1 else ''})",
                err=True,
            )

    def result(self, brochure: Path, result: builder.Output | uptodate.Fresh) -> None:
        self.done += 1
        entry: dict[str, Any]
        if isinstance(result, uptodate.Fresh):
            record = result.record
            entry = {
                "language": result.language,
                "profile": result.profile,
                "path": str(result.path),
                "pages": record.pages,
                "size": record.size,
                "seconds": 0.0,
                "up_to_date": True,
                "warnings": record.warnings,
                "misfits": record.misfits,
                "untranslated": record.untranslated,
            }
        else:
            entry = {
                "language": result.language,
                "profile": result.profile,
                "path": str(result.path),
                "pages": result.pages,
                "size": result.size,
                "seconds": round(result.seconds, 3),
                "up_to_date": result.up_to_date,
                "warnings": result.warnings,
                "misfits": result.misfits,
                "untranslated": result.untranslated,
            }
        entry["brochure"] = str(brochure)
        self.outputs.append(entry)
        if self.as_json:
            return
        tag = f"{entry['language']}" + (
            f" {entry['profile']}" if entry["profile"] != "screen" else ""
        )
        for warning in entry["warnings"]:
            click.secho(f"warning [{tag}]: {warning}", fg="yellow", err=True)
        for misfit in entry["misfits"]:
            click.secho(
                f"warning [{tag}]: written anyway (--allow-overflow): {misfit}",
                fg="yellow",
                err=True,
            )
        if not self.quiet:
            show_notes(tag, entry["untranslated"], brochure, verbose=self.verbose)
        if self.quiet:
            return
        counter = f"[{self.done}/{self.total}] " if self.terminal else ""
        size = f"{words.count(entry['pages'], 'page')}, {entry['size'] / 1024:.0f} KiB"
        if entry["up_to_date"]:
            click.echo(
                f"{counter}up to date: {entry['path']} ({size}; unchanged since it was "
                "built, --force builds it again)"
            )
        else:
            click.echo(f"{counter}wrote {entry['path']} ({size}, {entry['seconds']:.1f} s)")

    def finish(self, problems: list[Issue], title: str, seconds: float) -> None:
        if self.as_json:
            click.echo(
                json.dumps(
                    {
                        "ok": not problems,
                        "seconds": round(seconds, 3),
                        "outputs": self.outputs,
                        "problems": [
                            {
                                "file": str(issue.file) if issue.file else None,
                                "line": issue.line,
                                "column": issue.column,
                                "path": issue.path,
                                "message": issue.message,
                                "hint": issue.hint,
                                "text": str(issue),
                            }
                            for issue in problems
                        ],
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
        if problems:
            if self.as_json:
                sys.exit(1)
            raise UserError(problems, title=title)
