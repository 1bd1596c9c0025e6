"""Errors a user can cause (shown cleanly, exit 1) versus bugs (shown with a traceback)."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One problem at one place in a user's file: `de.yaml:12:5 pages[3].title: … Hint: …`."""

    file: Path | None
    line: int | None  # 1-based
    column: int | None  # 1-based
    message: str
    path: str = ""  # the key path inside the file, e.g. "pages[3].cards[0].title"
    hint: str = ""

    def location(self) -> str:
        if self.file is None:
            return ""
        where = _display_path(self.file)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return where

    def __str__(self) -> str:
        parts = []
        where = self.location()
        if where:
            parts.append(where + ":")
        if self.path:
            parts.append(self.path + ":")
        parts.append(self.message)
        text = " ".join(parts)
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class UserError(Exception):
    """A problem the user can fix: printed without a traceback, exit status 1."""

    def __init__(self, issues: Issue | str | list[Issue], *, title: str = "") -> None:
        if isinstance(issues, str):
            issues = [Issue(None, None, None, issues)]
        elif isinstance(issues, Issue):
            issues = [issues]
        self.issues: list[Issue] = list(issues)
        self.title = title
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.title] if self.title else []
        lines.extend(str(issue) for issue in self.issues)
        return "\n".join(lines)


def _display_path(path: Path) -> str:
    """Show a path relative to the working directory when it is below it (shorter, clickable).

    Only its folder is resolved: a file that is a link is shown under its own name, the one
    the user sees in the folder, not under its target's."""
    try:
        absolute = path.absolute()
        if absolute.name not in ("", ".", ".."):
            absolute = absolute.parent.resolve() / absolute.name
        else:
            absolute = absolute.resolve()
        return str(absolute.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Decorate a CLI command: a UserError is shown as a clean message with exit status 1."""
    import click

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as error:
            count = len(error.issues)
            click.secho(
                f"error: {count} problem{'s' if count != 1 else ''} found",
                fg="red",
                err=True,
                bold=True,
            )
            click.echo(error.render(), err=True)
            sys.exit(1)

    return wrapper
