"""The `report` command: parse arguments, call the build, print what happened."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, model
from . import build as builder
from .errors import UserError


def user_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Show a UserError as a clean message with exit status 1 (no traceback)."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except UserError as error:
            count = len(error.issues)
            click.secho(f"error: {count} problem{'s' if count != 1 else ''} found", fg="red",
                        err=True, bold=True)
            click.echo(error.render(), err=True)
            sys.exit(1)

    return wrapper


BROCHURE_DIR = click.argument(
    "brochure_dir", required=False, default=str(builder.DEFAULT_BROCHURE),
    type=click.Path(path_type=Path, file_okay=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report")
def cli() -> None:
    """Designed, accessible PDF brochures from YAML content."""


@cli.command()
@BROCHURE_DIR
@click.option("--locale", "locale", default="all", show_default=True, metavar="CODE|all",
              help="Language to build, e.g. de; 'all' builds every language of the brochure.")
@click.option("--output", "output_dir", default=str(builder.DEFAULT_OUTPUT), show_default=True,
              type=click.Path(path_type=Path, file_okay=False), help="Folder for the PDFs.")
@click.option("--strict", is_flag=True,
              help="Fail on layout engine warnings and on pages that do not fit.")
@user_errors
def build(brochure_dir: Path, locale: str, output_dir: Path, strict: bool) -> None:
    """Render BROCHURE_DIR (default: the shipped brochure) into PDFs."""
    languages = None if locale == "all" else [locale]
    for result in builder.build(brochure_dir, languages=languages, output_dir=output_dir,
                                strict=strict):
        for warning in result.warnings:
            click.secho(f"warning [{result.language}]: {warning}", fg="yellow", err=True)
        for misfit in result.misfits:
            click.secho(f"does not fit: {misfit}", fg="yellow", err=True)
        click.echo(f"wrote {result.path} ({result.pages} pages, {result.size / 1024:.0f} KiB, "
                   f"{result.seconds:.1f} s)")


@cli.command()
@BROCHURE_DIR
@user_errors
def check(brochure_dir: Path) -> None:
    """Validate BROCHURE_DIR's content without rendering."""
    languages = builder.check(brochure_dir)
    click.echo(f"ok: {brochure_dir} ({', '.join(languages)})")


@cli.command()
@click.option("--output", "output_dir", default=str(builder.DEFAULT_BROCHURE.parent),
              show_default=True, type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the schema files.")
def schema(output_dir: Path) -> None:
    """Write the JSON Schemas of the content files (for editor autocompletion)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, document in model.json_schemas().items():
        target = output_dir / name
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        click.echo(f"wrote {target}")


def main() -> None:
    cli()
