"""`report new`, `report preview` and `report schema`: starting and writing a brochure."""

from __future__ import annotations

import json
from pathlib import Path

import click

from report.base import files
from report.base.errors import user_errors
from report.cli.common import BROCHURE_DIR, examples


@click.command(
    name="new",
    short_help="Start a brochure folder from a sample to edit.",
    epilog=examples("report new my-brochure", "report new annual-report --language en"),
)
@click.argument("brochure_dir", type=click.Path(path_type=Path))
@click.option(
    "--language",
    default="de",
    show_default=True,
    metavar="CODE",
    help="Language of the starter texts and the source language: de or en.",
)
@user_errors
def new_command(brochure_dir: Path, language: str) -> None:
    """Create BROCHURE_DIR (new or empty) with a starter brochure to edit: every page kind and
    every block, with comments, its own pictures and a theme to change."""
    from report.tools import new as starter

    for path in starter.create(brochure_dir, language):
        click.echo(f"wrote {path}")
    folder = starter.shell_word(brochure_dir)
    click.echo(
        f"next: edit {files.language_file(brochure_dir, language)}, then run\n"
        f"  report build {folder} --strict     # the PDF, in output/\n"
        f"  report preview {folder} --open     # or watch the pages while you edit"
    )


@click.command(
    name="preview",
    short_help="Watch every page in a web page while you edit.",
    epilog=examples(
        "report preview my-brochure --open",
        "report preview content/lokale-buendnisse-2019 --port 8800",
    ),
)
@BROCHURE_DIR
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port on 127.0.0.1 to serve the page on; 0 picks a free one.",
)
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser.")
@user_errors
def preview_command(brochure_dir: Path, port: int, open_browser: bool) -> None:
    """Show every page of every language of BROCHURE_DIR in a local web page that updates
    itself on every save (only this computer can open it). Ctrl-C stops it."""
    from report.tools.preview.serve import serve

    serve(brochure_dir, port=port, open_browser=open_browser, echo=click.echo)


@click.command(
    short_help="Write the JSON Schemas for editor support.",
    epilog=examples("report schema --output my-brochure"),
)
@click.option(
    "--output",
    "output_dir",
    default=".",
    show_default=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the schema files.",
)
def schema(output_dir: Path) -> None:
    """Write the JSON Schemas of the content files (for editor autocompletion)."""
    from report.content import schema as schema_module

    output_dir.mkdir(parents=True, exist_ok=True)
    for name, document in schema_module.json_schemas().items():
        target = output_dir / name
        target.write_text(
            json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        click.echo(f"wrote {target}")
