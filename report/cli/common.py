"""What the commands share: the command group (commands in the order of the work, a near miss
answered with the command meant), the examples at the end of each command's help, the brochure
folder argument, and how translation notes are shown (the same after a build and a check)."""

from __future__ import annotations

import difflib
import os
import shlex
from pathlib import Path

import click

from report.base import files

PLACEHOLDER_FOLDER = "my-brochure"  # the folder an example names when none can be found


class Group(click.Group):
    """A command group that lists its commands in the order they were added (the order of
    the work, not the alphabet) and answers a mistyped command with the one meant."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0]
        # An option where a command belongs is click's to name ("No such option").
        if not (self.get_command(ctx, name) or ctx.resilient_parsing or name.startswith("-")):
            raise click.UsageError(f"No such command '{name}'.{self.suggestion(name)}", ctx=ctx)
        return super().resolve_command(ctx, args)

    def suggestion(self, name: str) -> str:
        """What follows "No such command": the closest command, also one of a subgroup
        (`export`: "Did you mean 'i18n export'?"), or nothing when none is close."""
        meant = {command: command for command in self.commands}
        for group_name, group in self.commands.items():
            if isinstance(group, click.Group):
                for command in group.commands:
                    meant.setdefault(command, f"{group_name} {command}")
        found = difflib.get_close_matches(name, list(meant), n=1)
        return f" Did you mean '{meant[found[0]]}'?" if found else ""


def examples(*lines: str) -> str:
    """The epilog of a command's help: real invocations, kept as written (`\\b`: click does
    not rewrap the paragraph)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


def brochure_here(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """Without BROCHURE_DIR, the current folder, if it is a brochure (never a default one)."""
    if value is not None:
        return value
    here = Path.cwd()
    if files.is_brochure(here):
        return here
    raise click.UsageError(
        f"{here} is not a brochure folder (it has no {files.SETTINGS_FILE}); give the "
        f"brochure's folder, e.g.  {example_with_folder(ctx, likely_folder(ctx, here))}",
        ctx=ctx,
    )


def example_with_folder(ctx: click.Context, folder: str) -> str:
    """The command the user ran, with the folder in its place: its other arguments as given
    (or their names) and its required options (`report i18n export FOLDER --locale tr`)."""
    words = [ctx.command_path]
    for param in ctx.command.get_params(ctx):
        given = ctx.params.get(param.name or "")
        if param.name in ("brochure_dir", "brochure_dirs"):
            words.append(folder)
        elif isinstance(param, click.Argument):
            words.append(shlex.quote(str(given)) if given else param.human_readable_name)
        elif isinstance(param, click.Option) and param.required:
            value = shlex.quote(str(given)) if given else param.metavar or "VALUE"
            words += [param.opts[0], value]
    return " ".join(words)


def likely_folder(ctx: click.Context, here: Path) -> str:
    """The brochure folder the user most likely meant, as they would type it: the one that
    holds the PO file being imported, else one below the current folder (for a PO file the
    one whose slug names it), else `my-brochure`."""
    po_file = ctx.params.get("po_file")
    holders = [po_file.parent, po_file.parent.parent] if isinstance(po_file, Path) else []
    nearby = [*holders, *_brochures_below(here)]
    found = [folder for folder in nearby if files.is_brochure(folder)]
    if isinstance(po_file, Path):
        found.sort(key=lambda folder: folder not in holders and not _names(folder, po_file))
    return _as_typed(found[0], here) if found else PLACEHOLDER_FOLDER


def _brochures_below(here: Path) -> list[Path]:
    """Brochure folders among the current folder's subfolders, then theirs (`content/…`);
    hidden folders are left out."""
    found: list[Path] = []
    level = [here]
    for _ in range(2):
        below: list[Path] = []
        for folder in level:
            try:
                below += sorted(
                    child
                    for child in folder.iterdir()
                    if child.is_dir() and not child.name.startswith(".")
                )
            except OSError:
                continue
        found += [folder for folder in below if files.is_brochure(folder)]
        level = [folder for folder in below if not files.is_brochure(folder)]
    return found


def _names(folder: Path, po_file: Path) -> bool:
    """Whether the PO file is named after this brochure (`<slug>-<language>.po`)."""
    from report.builder.uptodate import Snapshot

    slug = Snapshot(folder, files.DEFAULT_OUTPUT).slug
    return slug is not None and po_file.name.startswith(f"{slug}-")


def _as_typed(folder: Path, here: Path) -> str:
    """The folder relative to the current one where it lies below it, else as a full path."""
    path = os.path.relpath(folder.absolute(), here)
    return shlex.quote(str(folder.absolute()) if path.split(os.sep)[0] == os.pardir else path)


def status_command(folder: Path) -> str:
    """`report i18n status` for the brochure folder a command worked on (no folder where it
    is the current one)."""
    word = _as_typed(folder, Path.cwd())
    return "report i18n status" + ("" if word == os.curdir else f" {word}")


BROCHURE_DIR = click.argument(
    "brochure_dir",
    required=False,
    callback=brochure_here,
    type=click.Path(path_type=Path, file_okay=False),
)


def show_notes(tag: str, notes: list[str], folder: Path, *, verbose: bool) -> None:
    """Translation notes of one PDF of `folder`, the same after a build and a check: the
    first five, or all of them with --verbose."""
    if not notes:
        return
    click.secho(
        f"translation [{tag}]: {len(notes)} item(s) to review ({status_command(folder)} "
        "shows all):",
        fg="yellow",
        err=True,
    )
    for note in notes if verbose else notes[:5]:
        click.echo("  " + note.replace("\n", "\n  "), err=True)
