"""What the commands share: the brochure folder argument, and how translation notes are shown
(the same after a build and a check)."""

from __future__ import annotations

from pathlib import Path

import click

from report.base import files


def brochure_here(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """Without BROCHURE_DIR, the current folder, if it is a brochure (never a default one)."""
    if value is not None:
        return value
    here = Path.cwd()
    if files.is_brochure(here):
        return here
    raise click.UsageError(
        f"{here} is not a brochure folder (it has no {files.SETTINGS_FILE}); give the "
        "brochure's folder, e.g.  report build content/lokale-buendnisse-2019",
        ctx=ctx,
    )


BROCHURE_DIR = click.argument(
    "brochure_dir",
    required=False,
    callback=brochure_here,
    type=click.Path(path_type=Path, file_okay=False),
)


def show_notes(tag: str, notes: list[str], *, verbose: bool) -> None:
    """Translation notes of one PDF, the same after a build and a check: the first five, or
    all of them with --verbose."""
    if not notes:
        return
    click.secho(
        f"translation [{tag}]: {len(notes)} item(s) to review (report i18n status shows all):",
        fg="yellow",
        err=True,
    )
    for note in notes if verbose else notes[:5]:
        click.echo("  " + note.replace("\n", "\n  "), err=True)
