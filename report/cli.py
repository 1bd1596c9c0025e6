"""The `report` command: parse arguments, call the build, print what happened.

Only click and light modules are imported here; each command imports what it needs, so that a
build with nothing to do (every PDF up to date) never loads the content model or the engine.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from report import __version__
from report.base import files
from report.base.errors import Issue, UserError, user_errors
from report.builder import uptodate
from report.pdf.profiles import PROFILES

if TYPE_CHECKING:
    from report.builder import run as builder
    from report.tools.newsletter import send

DEFAULT_OUTPUT = files.DEFAULT_OUTPUT
PASSWORD_VARIABLE = "REPORT_SMTP_PASSWORD"  # as send.PASSWORD_VARIABLE


def _brochure_here(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path:
    """Without BROCHURE_DIR, the current folder, if it is a brochure (never a default one)."""
    if value is not None:
        return value
    here = Path.cwd()
    if files.is_brochure(here):
        return here
    raise click.UsageError(
        f"{here} is not a brochure folder (it has no {files.SETTINGS_FILE}); give the "
        "brochure's folder, e.g.  report build content/lokale-buendnisse-2019", ctx=ctx)


BROCHURE_DIR = click.argument(
    "brochure_dir", required=False, callback=_brochure_here,
    type=click.Path(path_type=Path, file_okay=False))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report")
def cli() -> None:
    """Designed, accessible PDF brochures from YAML content."""


def _brochures(ctx: click.Context, param: click.Parameter, values: tuple[Path, ...]
               ) -> list[Path]:
    """The brochure folders to build: each one given, or the brochures inside a folder given
    (a parent folder of several brochures); none given: the current folder."""
    if not values:
        return [_brochure_here(ctx, param, None)]
    found: list[Path] = []
    for value in values:
        inside = [] if (value / files.SETTINGS_FILE).exists() or not value.is_dir() else \
            sorted(child for child in value.iterdir() if files.is_brochure(child))
        # A brochure (or what the build then explains is not one) or a parent of brochures.
        found += inside or [value]
    return list(dict.fromkeys(found))


def _shard(ctx: click.Context, param: click.Parameter, value: str | None
           ) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise click.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4",
                                 ctx=ctx, param=param)
    return index, count


class Progress:
    """What a build shows while it works: a line per PDF as it is done (with a counter on a
    terminal), warnings, and at the end the problems; or, with --json, one JSON document."""

    def __init__(self, *, quiet: bool, verbose: bool, as_json: bool, total: int) -> None:
        self.quiet, self.verbose, self.as_json = quiet, verbose, as_json
        self.total, self.done = total, 0
        self.terminal = sys.stdout.isatty() and not as_json
        self.outputs: list[dict[str, Any]] = []

    def start(self, brochure: Path, languages: list[str], profiles: list[str],
              jobs: int) -> None:
        if self.verbose and not self.as_json:
            click.echo(f"building {brochure}: {', '.join(languages)} × {', '.join(profiles)} "
                       f"({jobs} worker{'s' if jobs != 1 else ''})", err=True)

    def result(self, brochure: Path, result: builder.Output | uptodate.Fresh) -> None:
        self.done += 1
        if isinstance(result, uptodate.Fresh):
            record = result.record
            entry = {"language": result.language, "profile": result.profile,
                     "path": str(result.path), "pages": record.pages, "size": record.size,
                     "seconds": 0.0, "up_to_date": True, "warnings": record.warnings,
                     "misfits": record.misfits, "untranslated": record.untranslated}
        else:
            entry = {"language": result.language, "profile": result.profile,
                     "path": str(result.path), "pages": result.pages, "size": result.size,
                     "seconds": round(result.seconds, 3), "up_to_date": result.up_to_date,
                     "warnings": result.warnings, "misfits": result.misfits,
                     "untranslated": result.untranslated}
        entry["brochure"] = str(brochure)
        self.outputs.append(entry)
        if self.as_json:
            return
        tag = f"{entry['language']}" + (f" {entry['profile']}"
                                        if entry["profile"] != "screen" else "")
        for warning in entry["warnings"]:
            click.secho(f"warning [{tag}]: {warning}", fg="yellow", err=True)
        for misfit in entry["misfits"]:
            click.secho(f"warning [{tag}]: written anyway (--allow-overflow): {misfit}",
                        fg="yellow", err=True)
        if not self.quiet:
            _notes(tag, entry["untranslated"], verbose=self.verbose)
        if self.quiet:
            return
        counter = f"[{self.done}/{self.total}] " if self.terminal else ""
        size = f"{entry['pages']} pages, {entry['size'] / 1024:.0f} KiB"
        if entry["up_to_date"]:
            click.echo(f"{counter}up to date: {entry['path']} ({size}; unchanged since it was "
                       "built, --force builds it again)")
        else:
            click.echo(f"{counter}wrote {entry['path']} ({size}, {entry['seconds']:.1f} s)")

    def finish(self, problems: list[Issue], title: str, seconds: float) -> None:
        if self.as_json:
            click.echo(json.dumps({
                "ok": not problems, "seconds": round(seconds, 3), "outputs": self.outputs,
                "problems": [{"file": str(issue.file) if issue.file else None,
                              "line": issue.line, "column": issue.column, "path": issue.path,
                              "message": issue.message, "hint": issue.hint,
                              "text": str(issue)} for issue in problems]},
                ensure_ascii=False, indent=2))
        if problems:
            if self.as_json:
                sys.exit(1)
            raise UserError(problems, title=title)


@cli.command()
@click.argument("brochure_dirs", nargs=-1, callback=_brochures,
                type=click.Path(path_type=Path, file_okay=False))
@click.option("--locale", "locale", default="all", show_default=True, metavar="CODE|all",
              help="Language to build, e.g. de; 'all' builds every language of the brochure.")
@click.option("--output", "output_dir", default=str(DEFAULT_OUTPUT), show_default=True,
              type=click.Path(path_type=Path, file_okay=False), help="Folder for the PDFs.")
@click.option("--strict", is_flag=True,
              help="Also fail on layout engine warnings and untranslated or stale texts.")
@click.option("--allow-overflow", is_flag=True,
              help="Write the PDF even if pages do not fit (they are reported); without it a "
                   "page that does not fit fails the build and a marked draft is written.")
@click.option("--profile", "profiles", type=click.Choice(list(PROFILES)), multiple=True,
              default=("screen",), show_default=True,
              help="screen: PDF/UA-1, small; print: bleed and marks; archive: PDF/A-3a with the "
                   "source YAML attached. Repeat for several, e.g. --profile screen --profile "
                   "print.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, metavar="N",
              help="Build N PDFs at a time in worker processes  [default: the machine's cores]")
@click.option("--force", is_flag=True,
              help="Build every PDF, also those whose inputs have not changed.")
@click.option("--shard", callback=_shard, metavar="K/N",
              help="Build only the K-th of N shares of the languages of all brochures given "
                   "(for a CI matrix: each share's PDFs are complete on their own).")
@click.option("--quiet", "-q", is_flag=True, help="Show only warnings and problems.")
@click.option("--verbose", "-v", is_flag=True,
              help="Show more: workers, every translation note.")
@click.option("--json", "as_json", is_flag=True,
              help="Print one JSON document (files, pages, sizes, warnings, fit, timings, "
                   "problems) instead of lines; exit status as always.")
@user_errors
def build(brochure_dirs: list[Path], locale: str, output_dir: Path, strict: bool,
          allow_overflow: bool, profiles: tuple[str, ...], jobs: int | None, force: bool,
          shard: tuple[int, int] | None, quiet: bool, verbose: bool, as_json: bool) -> None:
    """Render brochure folders (default: the current folder) into PDFs.

    A PDF whose inputs (content, pictures, fonts, templates, theme, tool) have not changed
    since it was built is not built again.
    """
    if strict and allow_overflow:
        raise click.UsageError("--strict and --allow-overflow contradict each other")
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose contradict each other")
    started = time.perf_counter()
    names = list(dict.fromkeys(profiles))
    languages = None if locale == "all" else [locale]  # None: every language of each
    # Each folder as it is now, its settings read once: for the shares, the up-to-date check
    # and the build.
    snapshots = {folder: uptodate.Snapshot(folder, output_dir) if folder.is_dir() else None
                 for folder in brochure_dirs}
    found = {folder: snapshot.languages if snapshot else []
             for folder, snapshot in snapshots.items()}
    wanted = {folder: languages for folder in brochure_dirs}
    if shard is not None:
        wanted = _share(wanted, found, *shard)
    progress = Progress(quiet=quiet, verbose=verbose, as_json=as_json,
                        total=sum(len(languages or found[folder] or [""])
                                  for folder, languages in wanted.items()
                                  if languages != []) * len(names))
    problems: list[Issue] = []
    titles: list[str] = []
    for folder, languages in wanted.items():
        if languages == []:
            continue  # nothing of this brochure in this shard
        snapshot = snapshots[folder]
        fresh = None if force or snapshot is None else uptodate.up_to_date(
            snapshot, languages, names, strict=strict, allow_overflow=allow_overflow)
        if fresh is not None:  # nothing to do: the engine is not even loaded
            for item in fresh:
                progress.result(folder, item)
            continue
        from report.builder import run as builder
        from report.builder.workers import default_jobs

        workers = jobs or default_jobs()
        progress.start(folder, languages or ["all languages"], names, workers)
        try:
            builder.build(folder, languages=languages, output_dir=output_dir, strict=strict,
                          profile=names, allow_overflow=allow_overflow, force=force,
                          jobs=workers, on_result=lambda out, f=folder: progress.result(f, out),
                          snapshot=snapshot)
        except UserError as error:
            problems += error.issues
            if error.title:
                titles.append(f"{folder}: {error.title}")
    progress.finish(problems, "; ".join(titles), time.perf_counter() - started)


def _share(wanted: dict[Path, list[str] | None], found: dict[Path, list[str]], index: int,
           count: int) -> dict[Path, list[str] | None]:
    """The index-th of `count` shares of all (brochure, language) pairs, dealt out in a fixed
    order, so that every machine of a CI matrix computes the same split without talking to
    the others."""
    pairs = []
    for folder in sorted(wanted, key=lambda path: str(path.resolve())):
        languages = wanted[folder]
        if languages is None:
            languages = found[folder]
        pairs += [(folder, language) for language in languages]
    mine: dict[Path, list[str] | None] = {folder: [] for folder in wanted}
    for position, (folder, language) in enumerate(pairs):
        if position % count == index - 1:
            mine[folder].append(language)  # type: ignore[union-attr]
    return mine


def _notes(tag: str, notes: list[str], *, verbose: bool) -> None:
    """Translation notes of one PDF, the same after a build and a check: the first five, or
    all of them with --verbose."""
    if not notes:
        return
    click.secho(f"translation [{tag}]: {len(notes)} item(s) to review "
                "(report i18n status shows all):", fg="yellow", err=True)
    for note in notes if verbose else notes[:5]:
        click.echo("  " + note.replace("\n", "\n  "), err=True)


@cli.command()
@BROCHURE_DIR
@click.option("--render", is_flag=True,
              help="Also lay out every language and check fit, engine warnings and PDF/UA-1 "
                   "accessibility (writes nothing).")
@user_errors
def check(brochure_dir: Path, render: bool) -> None:
    """Validate BROCHURE_DIR's content (and with --render its pages) without writing."""
    from report.builder.check import check as check_brochure

    summary = check_brochure(brochure_dir, render=render)
    if not render:
        click.echo(f"ok: {brochure_dir} ({', '.join(summary)})")
        return
    click.echo(f"ok: {brochure_dir}")
    for language, checked in summary.items():
        click.echo(f"  {language}: {checked.summary}")
        _notes(language, [str(note) for note in checked.notes], verbose=False)


@cli.command()
@click.option("--output", "output_dir", default=".", show_default=True,
              type=click.Path(path_type=Path, file_okay=False),
              help="Folder for the schema files.")
def schema(output_dir: Path) -> None:
    """Write the JSON Schemas of the content files (for editor autocompletion)."""
    from report.content import model
    output_dir.mkdir(parents=True, exist_ok=True)
    for name, document in model.json_schemas().items():
        target = output_dir / name
        target.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n",
                          encoding="utf-8")
        click.echo(f"wrote {target}")


@cli.command(name="new")
@click.argument("brochure_dir", type=click.Path(path_type=Path))
@click.option("--language", default="de", show_default=True, metavar="CODE",
              help="Language of the starter texts and the source language: de or en.")
@user_errors
def new_command(brochure_dir: Path, language: str) -> None:
    """Create BROCHURE_DIR (new or empty) with a starter brochure to edit: every page kind and
    every block, with comments, its own pictures and a theme to change."""
    from report.tools import new as starter

    for path in starter.create(brochure_dir, language):
        click.echo(f"wrote {path}")
    folder = starter.shell_word(brochure_dir)
    click.echo(f"next: edit {brochure_dir / f'{language}.yaml'}, then run\n"
               f"  report build {folder} --strict     # the PDF, in output/\n"
               f"  report preview {folder} --open     # or watch the pages while you edit")


@cli.command(name="preview")
@BROCHURE_DIR
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535),
              help="Port on 127.0.0.1 to serve the page on; 0 picks a free one.")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@user_errors
def preview_command(brochure_dir: Path, port: int, open_browser: bool) -> None:
    """Show every page of every language of BROCHURE_DIR in a local web page that updates
    itself on every save (only this computer can open it). Ctrl-C stops it."""
    from report.tools.preview.serve import serve

    serve(brochure_dir, port=port, open_browser=open_browser, echo=click.echo)


@cli.group()
def i18n() -> None:
    """Translations: status, PO export/import for translators, confirming reviews."""


@i18n.command()
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
    from report.content import load
    from report.tools.i18n import po
    brochure = load.open_folder(brochure_dir)
    target = output or files.DEFAULT_OUTPUT / files.catalog_name(brochure.slug, locale)
    target.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomically(target, po.export(brochure, locale))
    click.echo(f"wrote {target}")


@i18n.command(name="import")
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


@i18n.command()
@BROCHURE_DIR
@click.option("--locale", "locale", required=True, metavar="CODE")
@user_errors
def accept(brochure_dir: Path, locale: str) -> None:
    """Confirm that LOCALE's present texts translate the current source texts."""
    from report.content import load
    from report.tools.i18n import po
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
              help=f"Log in as NAME; the password comes from ${PASSWORD_VARIABLE}.")
@user_errors
def newsletter_command(brochure_dir: Path, locale: str, output_dir: Path | None,
                       sender: str | None, send_now: bool, smtp: str | None,
                       recipients: tuple[str, ...], starttls: bool, user: str | None) -> None:
    """Write the newsletter kit of BROCHURE_DIR in one language, and optionally send it."""
    from report.tools.newsletter import kit as newsletter
    from report.tools.newsletter import send
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
    from report.tools.newsletter import send

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
