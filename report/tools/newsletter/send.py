"""Sending the newsletter kit over SMTP: one message per recipient, with a send log so that a
re-run after a crash never sends anyone the same PDF twice."""

from __future__ import annotations

import json
import re
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.tools.newsletter import PASSWORD_VARIABLE
from report.tools.newsletter.kit import Kit, compose, domain_of

SEND_LOG_NAME = "send-log.json"
SMTP_TIMEOUT = 30  # seconds

_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$"
)


def send_log_of(kit: Kit) -> Path:
    return kit.folder / SEND_LOG_NAME


def check_address(value: str) -> str:
    """A plain address like name@example.org (ValueError otherwise)."""
    address = value.strip()
    if _ADDRESS.match(address) and parseaddr(address)[1] == address:
        return address
    raise ValueError(
        f"'{value}' is not an e-mail address; write a plain address like name@example.org"
    )


@dataclass(frozen=True)
class Server:
    host: str
    port: int

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"


def parse_server(value: str) -> Server:
    """`HOST:PORT` (an IPv6 host in brackets: `[::1]:25`)."""
    host, _, port = value.strip().rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if host and port.isdigit() and 0 < int(port) < 65536:
        return Server(host, int(port))
    raise ValueError(f"'{value}' is not HOST:PORT, e.g. mail.example.org:587")


@dataclass(frozen=True)
class Delivery:
    """One line of the send log."""

    recipient: str
    message_id: str
    time: str
    pdf_sha256: str


class SendLog:
    """`send-log.json`: who got which PDF; rewritten atomically after every delivery."""

    def __init__(self, path: Path, deliveries: list[Delivery]) -> None:
        self.path = path
        self.deliveries = deliveries

    @classmethod
    def read(cls, path: Path) -> SendLog:
        if not path.exists():
            return cls(path, [])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            deliveries = [Delivery(**entry) for entry in data["sent"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise UserError(
                Issue(
                    path,
                    None,
                    None,
                    f"is not a send log of report newsletter ({exc})",
                    hint="repair it, or move it away; without it, everyone gets the mail again",
                )
            ) from None
        return cls(path, deliveries)

    def has(self, recipient: str, pdf_sha256: str) -> bool:
        return any(
            d.recipient.casefold() == recipient.casefold() and d.pdf_sha256 == pdf_sha256
            for d in self.deliveries
        )

    def record(self, delivery: Delivery) -> None:
        self.deliveries.append(delivery)
        text = json.dumps(
            {"sent": [asdict(d) for d in self.deliveries]}, indent=2, ensure_ascii=False
        )
        write_atomically(self.path, (text + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Login:
    user: str
    password: str


def send(
    kit: Kit,
    recipients: Iterable[str],
    server: Server,
    *,
    starttls: bool = False,
    login: Login | None = None,
    echo: Callable[[str], None] = print,
) -> list[Delivery]:
    """Send the kit's mail to each recipient not yet in the send log for this very PDF.

    One message per recipient (its own To: and Message-ID), so that the log can say who got it
    and a re-run after a crash picks up where it stopped.
    """
    letter = kit.letter
    log = SendLog.read(send_log_of(kit))
    pending: list[str] = []
    seen: set[str] = set()
    for recipient in recipients:
        if recipient.casefold() in seen:
            continue
        seen.add(recipient.casefold())
        if log.has(recipient, letter.pdf_sha256):
            echo(f"already sent to {recipient}, skipped")
        else:
            pending.append(recipient)
    if not pending:
        return []
    delivered: list[Delivery] = []
    refused: list[Issue] = []
    smtp = _connect(server)
    try:
        with smtp:
            if starttls:
                smtp.starttls(context=ssl.create_default_context())
            if login is not None:
                smtp.login(login.user, login.password)
            for recipient in pending:
                message_id = make_msgid(domain=domain_of(letter.sender_address))
                message = compose(
                    letter, date=formatdate(localtime=False), message_id=message_id, to=recipient
                )
                try:
                    smtp.send_message(
                        message, from_addr=letter.sender_address, to_addrs=[recipient]
                    )
                except smtplib.SMTPRecipientsRefused as exc:
                    code, reason = exc.recipients.get(recipient, (0, b""))
                    refused.append(
                        Issue(
                            None,
                            None,
                            None,
                            f"the SMTP server {server} refused the recipient "
                            f"{recipient}: {code} {_text(reason)}",
                        )
                    )
                    continue
                delivery = Delivery(
                    recipient,
                    message_id,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    letter.pdf_sha256,
                )
                log.record(delivery)
                delivered.append(delivery)
                echo(f"sent to {recipient} ({message_id})")
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(
            Issue(
                None,
                None,
                None,
                f"the SMTP server {server} refused the login of "
                f"'{login.user if login else ''}': {exc.smtp_code} {_text(exc.smtp_error)}",
                hint=f"check --user and the password in {PASSWORD_VARIABLE}",
            )
        ) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise UserError(
            Issue(
                None,
                None,
                None,
                f"the SMTP server {server} does not support this: {exc}",
                hint="leave out --starttls or --user if the server offers neither",
            )
        ) from None
    except smtplib.SMTPResponseException as exc:
        raise UserError(
            _stopped(server, f"{exc.smtp_code} {_text(exc.smtp_error)}", delivered, pending)
        ) from None
    except (smtplib.SMTPException, OSError) as exc:  # a dropped connection, a TLS failure
        raise UserError(
            _stopped(server, f"{type(exc).__name__}: {exc}", delivered, pending)
        ) from None
    if refused:
        raise UserError(
            refused,
            title=f"sent to {len(delivered)} of {len(pending)} "
            "recipient(s); the others were refused:",
        )
    return delivered


def _connect(server: Server) -> smtplib.SMTP:
    try:
        return smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
    except smtplib.SMTPException as exc:
        raise UserError(
            Issue(
                None, None, None, f"the SMTP server {server} did not accept the connection: {exc}"
            )
        ) from None
    except OSError as exc:  # refused, timed out, unknown host, no route
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise UserError(
            Issue(
                None,
                None,
                None,
                f"cannot reach SMTP server {server}: {reason}",
                hint="check the host name and port of --smtp and the network connection",
            )
        ) from None


def _stopped(server: Server, reason: str, delivered: list[Delivery], pending: list[str]) -> Issue:
    return Issue(
        None,
        None,
        None,
        f"sending through {server} stopped: {reason}",
        hint=f"{len(delivered)} of {len(pending)} mail(s) were sent and logged; run "
        "the same command again to send the rest",
    )


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else reason
