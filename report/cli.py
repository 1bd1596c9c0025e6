"""The `report` command: parse arguments, call the build, print what happened."""

from __future__ import annotations

import json
from pathlib import Path

import click

from . import __version__, content, model, newsletter, pdf, po
from . import build as builder
from .errors import UserError, user_errors


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
@click.option("--profile", type=click.Choice(list(pdf.PROFILES)), default="screen",
              show_default=True, help="screen: PDF/UA-1, small; print: bleed and marks; "
                                      "archive: PDF/A-3a with the source YAML attached.")
@user_errors
def build(brochure_dir: Path, locale: str, output_dir: Path, strict: bool, profile: str) -> None:
    """Render BROCHURE_DIR (default: the shipped brochure) into PDFs."""
    languages = None if locale == "all" else [locale]
    for result in builder.build(brochure_dir, languages=languages, output_dir=output_dir,
                                strict=strict, profile=profile):
        for warning in result.warnings:
            click.secho(f"warning [{result.language}]: {warning}", fg="yellow", err=True)
        for misfit in result.misfits:
            click.secho(f"does not fit: {misfit}", fg="yellow", err=True)
        if result.untranslated:
            click.secho(f"translation [{result.language}]: {len(result.untranslated)} "
                        "item(s) to review (report i18n status shows all):", fg="yellow",
                        err=True)
            for note in result.untranslated[:5]:
                click.echo("  " + note.replace("\n", "\n  "), err=True)
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


@cli.group()
def i18n() -> None:
    """Translations: status, PO export/import for translators, confirming reviews."""


@i18n.command()
@BROCHURE_DIR
@click.option("--show", default=5, show_default=True, help="Items to list per language and state.")
@user_errors
def status(brochure_dir: Path, show: int) -> None:
    """Per language: complete, missing (shown in the source language) and stale texts."""
    brochure = content.open_brochure(brochure_dir)
    click.echo(f"{brochure.settings.source_language}: source language")
    for language in brochure.languages[1:]:
        state = content.load_variant(brochure, language).status
        assert state is not None
        complete, missing, stale = (state.of(s) for s in ("complete", "missing", "stale"))
        click.echo(f"{language}: {len(complete)} complete, {len(missing)} missing, "
                   f"{len(stale)} stale")
        for label, entries in (("missing", missing), ("stale", stale)):
            for entry in entries[:show]:
                click.echo(f"  {label}: {entry.where.location()} {entry.where.path}")
            if len(entries) > show:
                click.echo(f"  … and {len(entries) - show} more {label}")


@i18n.command(name="export")
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE", help="Language to export.")
@click.option("--output", "output", type=click.Path(path_type=Path, dir_okay=False),
              help="PO file to write [default: output/<slug>-<locale>.po].")
@user_errors
def export_command(brochure_dir: Path, locale: str, output: Path | None) -> None:
    """Write a PO file of one language's texts for translators."""
    brochure = content.open_brochure(brochure_dir)
    target = output or builder.DEFAULT_OUTPUT / f"{brochure.slug}-{locale}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    builder.write_atomically(target, po.export(brochure, locale))
    click.echo(f"wrote {target}")


@i18n.command(name="import")
@click.argument("po_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.argument("brochure_dir", required=False, default=str(builder.DEFAULT_BROCHURE),
                type=click.Path(path_type=Path, file_okay=False))
@user_errors
def import_command(po_file: Path, brochure_dir: Path) -> None:
    """Write the translations of PO_FILE back into the brochure's YAML."""
    brochure = content.open_brochure(brochure_dir)
    language, changed = po.import_po(po_file, brochure)
    click.echo(f"{language}: {changed} text(s) changed in {brochure.file(language)}")


@i18n.command()
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE")
@user_errors
def accept(brochure_dir: Path, locale: str) -> None:
    """Confirm that LOCALE's present texts translate the current source texts."""
    brochure = content.open_brochure(brochure_dir)
    if locale not in brochure.languages[1:]:
        raise UserError(f"'{locale}' is not a translation of this brochure "
                        f"(translations: {', '.join(brochure.languages[1:]) or 'none'})")
    count = po.accept(brochure, locale)
    click.echo(f"{locale}: {count} text(s) confirmed as up to date")


cli.add_command(newsletter.command, name="newsletter")


def main() -> None:
    cli()
