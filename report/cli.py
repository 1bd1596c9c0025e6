"""The `report` command: parse arguments, call the build, print what happened."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from . import __version__, load, model, newsletter, pdf, po, send
from . import build as builder
from .errors import UserError, user_errors


def _brochure_here(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """Without BROCHURE_DIR, the current folder, if it is a brochure (never a default one)."""
    if value is not None:
        return value
    here = Path.cwd()
    if load.is_brochure(here):
        return here
    raise click.UsageError(
        f"{here} is not a brochure folder (it has no {load.SETTINGS_FILE}); give the "
        "brochure's folder, e.g.  report build content/lokale-buendnisse-2019", ctx=ctx)


BROCHURE_DIR = click.argument(
    "brochure_dir", required=False, callback=_brochure_here,
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
              help="Also fail on layout engine warnings and untranslated or stale texts.")
@click.option("--allow-overflow", is_flag=True,
              help="Write the PDF even if pages do not fit (they are reported); without it a "
                   "page that does not fit fails the build and a marked draft is written.")
@click.option("--profile", type=click.Choice(list(pdf.PROFILES)), default="screen",
              show_default=True, help="screen: PDF/UA-1, small; print: bleed and marks; "
                                      "archive: PDF/A-3a with the source YAML attached.")
@user_errors
def build(brochure_dir: Path, locale: str, output_dir: Path, strict: bool,
          allow_overflow: bool, profile: str) -> None:
    """Render BROCHURE_DIR (default: the current folder) into PDFs."""
    if strict and allow_overflow:
        raise click.UsageError("--strict and --allow-overflow contradict each other")
    languages = None if locale == "all" else [locale]
    for result in builder.build(brochure_dir, languages=languages, output_dir=output_dir,
                                strict=strict, profile=profile, allow_overflow=allow_overflow):
        for warning in result.warnings:
            click.secho(f"warning [{result.language}]: {warning}", fg="yellow", err=True)
        for misfit in result.misfits:
            click.secho(f"warning [{result.language}]: written anyway (--allow-overflow): "
                        f"{misfit}", fg="yellow", err=True)
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
@click.option("--output", "output_dir", default=".", show_default=True,
              type=click.Path(path_type=Path, file_okay=False),
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
    folder = load.open_folder(brochure_dir)
    brochure = load.load(folder)
    click.echo(f"{folder.source_language}: source language")
    for language in folder.languages[1:]:
        if language in brochure.problems:
            raise UserError(list(brochure.problems[language]))
        state = brochure.variants[language].status
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
    brochure = load.open_folder(brochure_dir)
    target = output or builder.DEFAULT_OUTPUT / f"{brochure.slug}-{locale}.po"
    target.parent.mkdir(parents=True, exist_ok=True)
    builder.write_atomically(target, po.export(brochure, locale))
    click.echo(f"wrote {target}")


@i18n.command(name="import")
@click.argument("po_file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@BROCHURE_DIR
@user_errors
def import_command(po_file: Path, brochure_dir: Path) -> None:
    """Write the translations of PO_FILE back into the brochure's YAML."""
    brochure = load.open_folder(brochure_dir)
    language, changed = po.import_po(po_file, brochure)
    click.echo(f"{language}: {changed} text(s) changed in {brochure.file(language)}")


@i18n.command()
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE")
@user_errors
def accept(brochure_dir: Path, locale: str) -> None:
    """Confirm that LOCALE's present texts translate the current source texts."""
    brochure = load.open_folder(brochure_dir)
    if locale not in brochure.languages[1:]:
        raise UserError(f"'{locale}' is not a translation of this brochure "
                        f"(translations: {', '.join(brochure.languages[1:]) or 'none'})")
    count = po.accept(brochure, locale)
    click.echo(f"{locale}: {count} text(s) confirmed as up to date")


@cli.command(name="newsletter")
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE",
              help="Language of the newsletter, e.g. de.")
@click.option("--output", "output_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the kit  [default: output/<slug>-<locale>-newsletter]")
@click.option("--from", "sender", metavar="ADDR",
              help="Sender address instead of the content's newsletter.sender_email.")
@click.option("--send", "send_now", is_flag=True, help="Send the mail (needs --smtp and --to).")
@click.option("--smtp", metavar="HOST:PORT", help="The SMTP server to send through.")
@click.option("--to", "recipients", multiple=True, metavar="ADDR",
              help="A recipient; repeat for more. Each gets a message of their own.")
@click.option("--starttls", is_flag=True, help="Encrypt the connection with STARTTLS.")
@click.option("--user", metavar="NAME",
              help=f"Log in as NAME; the password comes from ${send.PASSWORD_VARIABLE}.")
@user_errors
def newsletter_command(brochure_dir: Path, locale: str, output_dir: Path | None,
                       sender: str | None, send_now: bool, smtp: str | None,
                       recipients: tuple[str, ...], starttls: bool, user: str | None) -> None:
    """Write the newsletter kit of BROCHURE_DIR in one language, and optionally send it."""
    sender_address = _option(send.check_address, sender, "--from") if sender else None
    server, login, addresses = _send_options(send_now, smtp, recipients, starttls, user)
    kit = newsletter.make_kit(brochure_dir, locale, output_dir, sender_address=sender_address)
    result = kit.pdf
    for note in [*result.warnings, *result.misfits]:
        click.secho(f"warning [{locale}]: {note}", fg="yellow", err=True)
    if result.untranslated:
        click.secho(f"translation [{locale}]: {len(result.untranslated)} item(s) to review "
                    "(report i18n status shows all)", fg="yellow", err=True)
    click.echo(f"wrote {result.path} ({result.pages} pages, {result.size / 1024:.0f} KiB)")
    for path in kit.files:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    if server is None:
        return
    if login is not None and not starttls:
        click.secho("warning: without --starttls the password is sent unencrypted", fg="yellow",
                    err=True)
    delivered = send.send(kit, addresses, server, starttls=starttls, login=login,
                          echo=click.echo)
    click.echo(f"sent {len(delivered)} mail(s); log: {send.send_log_of(kit)}")


def _option(check: Callable[[str], Any], value: str, option: str) -> Any:
    """A checked option value; a wrong one is a wrong command line (exit status 2)."""
    try:
        return check(value)
    except ValueError as exc:
        raise click.UsageError(f"{option} {exc}") from None


def _send_options(send_now: bool, smtp: str | None, recipients: tuple[str, ...], starttls: bool,
                  user: str | None) -> tuple[send.Server | None, send.Login | None, list[str]]:
    """Check the sending options before anything is built: (server, login, recipients)."""
    if not send_now:
        given = [name for name, value in (("--smtp", smtp), ("--to", recipients),
                                          ("--starttls", starttls), ("--user", user)) if value]
        if given:
            verb = "works" if len(given) == 1 else "work"
            raise click.UsageError(f"{', '.join(given)} only {verb} with --send; add --send "
                                   "to send the mail, or leave them out")
        return None, None, []
    missing = [name for name, value in (("--smtp HOST:PORT", smtp), ("--to ADDR", recipients))
               if not value]
    if missing:
        raise click.UsageError(f"--send needs {' and '.join(missing)}, e.g. --send --smtp "
                               "mail.example.org:587 --starttls --to name@example.org")
    assert smtp is not None
    server = _option(send.parse_server, smtp, "--smtp")
    addresses = [_option(send.check_address, value, "--to") for value in recipients]
    login = None
    if user is not None:
        password = os.environ.get(send.PASSWORD_VARIABLE, "")
        if not password:
            raise click.UsageError(
                f"--user needs the password in the environment variable "
                f"{send.PASSWORD_VARIABLE}; set it before running (it is never an option, so "
                "it stays out of the shell history)")
        login = send.Login(user, password)
    return server, login, addresses


def main() -> None:
    cli()
