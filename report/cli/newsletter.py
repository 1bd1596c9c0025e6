"""`report newsletter`: the kit of one language, and sending it."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from report.base import words
from report.base.errors import user_errors
from report.cli.common import BROCHURE_DIR, examples, status_command
from report.tools.newsletter import PASSWORD_VARIABLE

if TYPE_CHECKING:
    from report.tools.newsletter import send


@click.command(
    name="newsletter",
    short_help="Write the newsletter kit of one language; send it.",
    epilog=examples(
        "report newsletter my-brochure --locale de",
        "report newsletter my-brochure --locale de --send --smtp mail.example.org:587 "
        "--starttls --to team@example.org",
    ),
)
@BROCHURE_DIR
@click.option(
    "--locale", "locale", required=True, metavar="CODE", help="Language of the newsletter, e.g. de."
)
@click.option(
    "--output",
    "output_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the kit  [default: output/<slug>-<locale>-newsletter]",
)
@click.option(
    "--from",
    "sender",
    metavar="ADDR",
    help="Sender address instead of the content's newsletter.sender_email.",
)
@click.option("--send", "send_now", is_flag=True, help="Send the mail (needs --smtp and --to).")
@click.option("--smtp", metavar="HOST:PORT", help="The SMTP server to send through.")
@click.option(
    "--to",
    "recipients",
    multiple=True,
    metavar="ADDR",
    help="A recipient; repeat for more. Each gets a message of their own.",
)
@click.option("--starttls", is_flag=True, help="Encrypt the connection with STARTTLS.")
@click.option(
    "--user", metavar="NAME", help=f"Log in as NAME; the password comes from ${PASSWORD_VARIABLE}."
)
@user_errors
def newsletter_command(
    brochure_dir: Path,
    locale: str,
    output_dir: Path | None,
    sender: str | None,
    send_now: bool,
    smtp: str | None,
    recipients: tuple[str, ...],
    starttls: bool,
    user: str | None,
) -> None:
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
        click.secho(
            f"translation [{locale}]: {len(result.untranslated)} item(s) to review "
            f"({status_command(brochure_dir)} shows all)",
            fg="yellow",
            err=True,
        )
    click.echo(
        f"wrote {result.path} ({words.count(result.pages, 'page')}, {result.size / 1024:.0f} KiB)"
    )
    for path in kit.files:
        click.echo(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    if server is None:
        return
    if login is not None and not starttls:
        click.secho(
            "warning: without --starttls the password is sent unencrypted", fg="yellow", err=True
        )
    delivered = send.send(kit, addresses, server, starttls=starttls, login=login, echo=click.echo)
    click.echo(f"sent {len(delivered)} mail(s); log: {send.send_log_of(kit)}")


def _option(check: Callable[[str], Any], value: str, option: str) -> Any:
    """A checked option value; a wrong one is a wrong command line (exit status 2)."""
    try:
        return check(value)
    except ValueError as exc:
        raise click.UsageError(f"{option} {exc}") from None


def _send_options(
    send_now: bool, smtp: str | None, recipients: tuple[str, ...], starttls: bool, user: str | None
) -> tuple[send.Server | None, send.Login | None, list[str]]:
    """Check the sending options before anything is built: (server, login, recipients)."""
    from report.tools.newsletter import send

    if not send_now:
        given = [
            name
            for name, value in (
                ("--smtp", smtp),
                ("--to", recipients),
                ("--starttls", starttls),
                ("--user", user),
            )
            if value
        ]
        if given:
            verb = "works" if len(given) == 1 else "work"
            raise click.UsageError(
                f"{', '.join(given)} only {verb} with --send; add --send "
                "to send the mail, or leave them out"
            )
        return None, None, []
    missing = [
        name for name, value in (("--smtp HOST:PORT", smtp), ("--to ADDR", recipients)) if not value
    ]
    if missing:
        raise click.UsageError(
            f"--send needs {' and '.join(missing)}, e.g. --send --smtp "
            "mail.example.org:587 --starttls --to name@example.org"
        )
    assert smtp is not None
    server = _option(send.parse_server, smtp, "--smtp")
    addresses = [_option(send.check_address, value, "--to") for value in recipients]
    login = None
    if user is not None:
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise click.UsageError(
                f"--user needs the password in the environment variable "
                f"{PASSWORD_VARIABLE}; set it before running (it is never an option, so "
                "it stays out of the shell history)"
            )
        login = send.Login(user, password)
    return server, login, addresses
