"""The `report` command: parse arguments, call the stage that does the work, print what
happened; one module per command group.

Only click and light modules are imported here; each command imports what it needs, so that a
build with nothing to do (every PDF up to date) never loads the content model or the engine.
"""

from __future__ import annotations

import click

from report import __version__
from report.cli import build, i18n, newsletter, start


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="report")
def cli() -> None:
    """Designed, accessible PDF brochures from YAML content."""


for command in (
    build.build,
    build.check,
    start.new_command,
    start.preview_command,
    start.schema,
    i18n.i18n,
    newsletter.newsletter_command,
):
    cli.add_command(command)


def main() -> None:
    cli()
