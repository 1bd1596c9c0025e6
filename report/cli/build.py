"""`report build` and `report check`."""

from __future__ import annotations

import time
from pathlib import Path

import click

from report.base import files
from report.base.errors import Issue, UserError, user_errors
from report.builder import uptodate
from report.builder.plan import share
from report.cli.common import BROCHURE_DIR, brochure_here, examples, show_notes
from report.cli.progress import Progress
from report.pdf.profiles import PROFILES


def _brochures(ctx: click.Context, param: click.Parameter, values: tuple[Path, ...]) -> list[Path]:
    """The brochure folders to build: each one given, or the brochures inside a folder given
    (a parent folder of several brochures); none given: the current folder."""
    if not values:
        return [brochure_here(ctx, param, None)]
    found: list[Path] = []
    for value in values:
        inside = (
            []
            if (value / files.SETTINGS_FILE).exists() or not value.is_dir()
            else sorted(child for child in value.iterdir() if files.is_brochure(child))
        )
        # A brochure (or what the build then explains is not one) or a parent of brochures.
        found += inside or [value]
    return list(dict.fromkeys(found))


def _shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        index = count = 0
    if not 1 <= index <= count:
        raise click.BadParameter(
            f"'{value}' is not K/N with 1 <= K <= N, e.g. 2/4", ctx=ctx, param=param
        )
    return index, count


@click.command(
    short_help="Render brochure folders into PDFs.",
    epilog=examples(
        "report build my-brochure --strict",
        "report build content/ --locale de --profile screen --profile print",
    ),
)
@click.argument(
    "brochure_dirs", nargs=-1, callback=_brochures, type=click.Path(path_type=Path, file_okay=False)
)
@click.option(
    "--locale",
    "locale",
    default="all",
    show_default=True,
    metavar="CODE|all",
    help="Language to build, e.g. de; 'all' builds every language of the brochure.",
)
@click.option(
    "--output",
    "output_dir",
    default=str(files.DEFAULT_OUTPUT),
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the PDFs.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Also fail on layout engine warnings and untranslated or stale texts.",
)
@click.option(
    "--allow-overflow",
    is_flag=True,
    help="Write the PDF even if pages do not fit (they are reported); without it a "
    "page that does not fit fails the build and a marked draft is written.",
)
@click.option(
    "--profile",
    "profiles",
    type=click.Choice(list(PROFILES)),
    multiple=True,
    default=("screen",),
    show_default=True,
    help="screen: PDF/UA-1, small; print: bleed and marks; archive: PDF/A-3a with the "
    "source YAML attached. Repeat for several, e.g. --profile screen --profile "
    "print.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Build N PDFs at a time in worker processes  [default: the machine's cores]",
)
@click.option(
    "--force", is_flag=True, help="Build every PDF, also those whose inputs have not changed."
)
@click.option(
    "--shard",
    callback=_shard,
    metavar="K/N",
    help="Build only the K-th of N shares of the languages of all brochures given "
    "(for a CI matrix: each share's PDFs are complete on their own).",
)
@click.option("--quiet", "-q", is_flag=True, help="Show only warnings and problems.")
@click.option("--verbose", "-v", is_flag=True, help="Show more: workers, every translation note.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="Print one JSON document (files, pages, sizes, warnings, fit, timings, "
    "problems) instead of lines; exit status as always.",
)
@user_errors
def build(
    brochure_dirs: list[Path],
    locale: str,
    output_dir: Path,
    strict: bool,
    allow_overflow: bool,
    profiles: tuple[str, ...],
    jobs: int | None,
    force: bool,
    shard: tuple[int, int] | None,
    quiet: bool,
    verbose: bool,
    as_json: bool,
) -> None:
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
    snapshots = {
        folder: uptodate.Snapshot(folder, output_dir) if folder.is_dir() else None
        for folder in brochure_dirs
    }
    found = {
        folder: snapshot.languages if snapshot else [] for folder, snapshot in snapshots.items()
    }
    wanted: dict[Path, list[str] | None] = dict.fromkeys(brochure_dirs, languages)
    if shard is not None:
        wanted = share(wanted, found, *shard)
    progress = Progress(
        quiet=quiet,
        verbose=verbose,
        as_json=as_json,
        total=sum(
            len(languages or found[folder] or [""])
            for folder, languages in wanted.items()
            if languages != []
        )
        * len(names),
    )
    problems: list[Issue] = []
    titles: list[str] = []
    for folder, languages in wanted.items():
        if languages == []:
            continue  # nothing of this brochure in this shard
        snapshot = snapshots[folder]
        fresh = (
            None
            if force or snapshot is None
            else uptodate.up_to_date(
                snapshot, languages, names, strict=strict, allow_overflow=allow_overflow
            )
        )
        if fresh is not None:  # nothing to do: the engine is not even loaded
            for item in fresh:
                progress.result(folder, item)
            continue
        from report.builder import run as builder
        from report.builder.workers import default_jobs

        workers = jobs or default_jobs()
        progress.start(folder, languages or ["all languages"], names, workers)

        def heard(output: builder.Output, folder: Path = folder) -> None:
            progress.result(folder, output)

        try:
            builder.build(
                folder,
                languages=languages,
                output_dir=output_dir,
                strict=strict,
                profile=names,
                allow_overflow=allow_overflow,
                force=force,
                jobs=workers,
                on_result=heard,
                snapshot=snapshot,
            )
        except UserError as error:
            problems += error.issues
            if error.title:
                titles.append(f"{folder}: {error.title}")
    progress.finish(problems, "; ".join(titles), time.perf_counter() - started)


@click.command(
    short_help="Validate a brochure without writing anything.",
    epilog=examples(
        "report check my-brochure",
        "report check content/lokale-buendnisse-2019 --render",
    ),
)
@BROCHURE_DIR
@click.option(
    "--render",
    is_flag=True,
    help="Also lay out every language and check fit, engine warnings and PDF/UA-1 "
    "accessibility (writes nothing).",
)
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
        show_notes(language, [str(note) for note in checked.notes], brochure_dir, verbose=False)
