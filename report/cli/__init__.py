"""The `report` command: parse arguments, call the stage that does the work, print what
happened; one module per command group.

Only click and light modules are imported here; each command imports what it needs, so that a
build with nothing to do (every PDF up to date) never loads the content model or the engine.
"""

from __future__ import annotations

import click

from report import __version__
from report.cli import build, i18n, newsletter, start
from report.cli.common import Group, examples


@click.group(
    name="report",
    cls=Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=examples(
        "report new my-brochure",
        "report build my-brochure --strict",
    ),
)
@click.version_option(__version__, prog_name="report")
def cli() -> None:
    """Designed, accessible PDF brochures from YAML content.

    Run `report COMMAND --help` for what a command does, its options and examples.
    """


for command in (  # the order of the work, as `report --help` lists them
    start.new_command,
    build.build,
    build.check,
    start.preview_command,
    i18n.i18n,
    newsletter.newsletter_command,
    start.schema,
):
    cli.add_command(command)


def main() -> None:
    cli()
