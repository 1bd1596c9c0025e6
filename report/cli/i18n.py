"""`report i18n`: translation status, PO files for translators, confirming reviews."""

from __future__ import annotations

from pathlib import Path

import click

from report.base import files
from report.base.errors import UserError, user_errors
from report.cli.common import BROCHURE_DIR, Group, examples


@click.group(
    cls=Group,
    short_help="Translations: status, export, import, accept.",
    epilog=examples(
        "report i18n status my-brochure",
        "report i18n export my-brochure --locale tr",
    ),
)
def i18n() -> None:
    """Translations: status, PO export/import for translators, confirming reviews."""


@i18n.command(
    short_help="Complete, missing and stale texts per language.",
    epilog=examples("report i18n status my-brochure", "report i18n status my-brochure --show 20"),
)
@BROCHURE_DIR
@click.option("--show", default=5, show_default=True, help="Items to list per language and state.")
@user_errors
def status(brochure_dir: Path, show: int) -> None:
    """Per language: complete, missing (shown in the source language) and stale texts."""
    from report.content import load

    folder = load.open_folder(brochure_dir)
    brochure = load.load(folder)
    click.echo(f"{folder.source_language}: source language")
    for language in folder.languages[1:]:
        if language in brochure.problems:
            raise UserError(list(brochure.problems[language]))
        state = brochure.variants[language].status
        assert state is not None
        complete, missing, stale = (state.of(s) for s in ("complete", "missing", "stale"))
        click.echo(
            f"{language}: {len(complete)} complete, {len(missing)} missing, {len(stale)} stale"
        )
        for label, entries in (("missing", missing), ("stale", stale)):
            for entry in entries[:show]:
                click.echo(f"  {label}: {entry.where.location()} {entry.where.path}")
            if len(entries) > show:
                click.echo(f"  … and {len(entries) - show} more {label}")


@i18n.command(
    name="export",
    short_help="Write a PO file of one language for translators.",
    epilog=examples(
        "report i18n export my-brochure --locale tr",
        "report i18n export content/lokale-buendnisse-2019 --locale uk --output uk.po",
    ),
)
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE", help="Language to export.")
@click.option(
    "--output",
    "output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="PO file to write [default: output/<slug>-<locale>.po].",
)
@user_errors
def export_command(brochure_dir: Path, locale: str, output: Path | None) -> None:
    """Write a PO file of one language's texts for translators."""
    from report.content import load
    from report.tools.i18n import po

    brochure = load.open_folder(brochure_dir)
    target = output or files.DEFAULT_OUTPUT / files.catalog_name(brochure.slug, locale)
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomically(target, po.export(brochure, locale))
    click.echo(f"wrote {target}")


@i18n.command(
    name="import",
    short_help="Write a translated PO file back into the YAML.",
    epilog=examples("report i18n import output/my-brochure-tr.po my-brochure"),
)
@click.argument("po_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@BROCHURE_DIR
@user_errors
def import_command(po_file: Path, brochure_dir: Path) -> None:
    """Write the translations of PO_FILE back into the brochure's YAML."""
    from report.content import load
    from report.tools.i18n import po

    brochure = load.open_folder(brochure_dir)
    language, changed = po.import_po(po_file, brochure)
    click.echo(f"{language}: {changed} text(s) changed in {brochure.file(language)}")


@i18n.command(
    short_help="Confirm a language's texts after editing them by hand.",
    epilog=examples("report i18n accept my-brochure --locale tr"),
)
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE", help="Language to confirm.")
@user_errors
def accept(brochure_dir: Path, locale: str) -> None:
    """Confirm that LOCALE's present texts translate the current source texts."""
    from report.content import load
    from report.tools.i18n import po

    brochure = load.open_folder(brochure_dir)
    if locale not in brochure.languages[1:]:
        raise UserError(
            f"'{locale}' is not a translation of this brochure "
            f"(translations: {', '.join(brochure.languages[1:]) or 'none'})"
        )
    count = po.accept(brochure, locale)
    click.echo(f"{locale}: {count} text(s) confirmed as up to date")
