"""`report newsletter`: the e-mail kit of one language (PDF, cover picture, teaser, message) and
sending it over SMTP, one message per recipient, with a log so that a re-run never sends twice.
"""

from __future__ import annotations

import email.policy
import hashlib
import io
import json
import os
import re
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid, parseaddr
from pathlib import Path

import click
import pypdfium2 as pdfium
from markupsafe import Markup
from PIL import Image, ImageChops, ImageStat

from . import content, i18n, markup, model, render
from . import build as builder
from .errors import Issue, UserError, user_errors

MAX_PDF_BYTES = 1024 * 1024  # what mail servers and inboxes accept without grumbling
COVER_WIDTH = 600  # the usual width of a mail body
COVER_NAME = "cover.png"
COVER_CID = "cover"
SEND_LOG_NAME = "send-log.json"
PASSWORD_VARIABLE = "REPORT_SMTP_PASSWORD"
SMTP_TIMEOUT = 30  # seconds
# A palette may replace the full-colour cover only while it stays this close to it (0-255 scale).
PALETTE_MAX_MEAN_ERROR = 1.0
# 7-bit transfer encodings (quoted-printable/base64) pass every SMTP server, with or without
# 8BITMIME; CRLF line ends as on the wire.
MAIL_POLICY = email.policy.SMTP.clone(cte_type="7bit")

_ADDRESS = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$")


# --- the kit --------------------------------------------------------------------------------

@dataclass(frozen=True)
class Letter:
    """Everything one newsletter mail is made of; the kit files and every sent mail use it."""

    language: str
    subject: str
    sender_name: str
    sender_address: str
    text: str
    html: str  # the cover picture as cid:cover
    cover_png: bytes
    pdf: bytes
    pdf_name: str

    @property
    def sender(self) -> str:
        return formataddr((self.sender_name, self.sender_address))

    @property
    def pdf_sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


@dataclass(frozen=True)
class Kit:
    """The written kit folder and what it holds."""

    folder: Path
    letter: Letter
    pdf: builder.VariantResult
    files: tuple[Path, ...]  # everything written besides the PDF
    message_id: str  # of message.eml

    @property
    def send_log(self) -> Path:
        return self.folder / SEND_LOG_NAME


def make_kit(brochure_dir: Path, language: str, folder: Path | None = None, *,
             sender_address: str | None = None) -> Kit:
    """Build the screen PDF into the kit folder and write cover, teasers and message.eml."""
    brochure = content.open_brochure(brochure_dir)
    variant = render.Variant(brochure.root, language,
                             content.load_variant(brochure, language).content)
    letter_content = newsletter_of(brochure, variant)
    folder = folder or builder.DEFAULT_OUTPUT / f"{brochure.slug}-{language}-newsletter"
    (result,) = builder.build(brochure.root, languages=[language], output_dir=folder)
    pdf = result.path.read_bytes()
    if len(pdf) > MAX_PDF_BYTES:
        raise UserError(Issue(
            result.path, None, None,
            f"is {len(pdf) / 1024:.0f} KiB; a newsletter attachment may be at most "
            f"{MAX_PDF_BYTES // 1024} KiB",
            hint="use smaller pictures in the brochure (SVG, or JPEG/PNG at most 2000 px wide)"))
    cover, width, height = cover_image(pdf)
    address = sender_address or letter_content.sender_email
    letter = Letter(
        language=language,
        subject=markup.plain_text(letter_content.subject),
        sender_name=markup.plain_text(letter_content.sender_name),
        sender_address=address,
        text=render_teaser(variant, letter_content, "teaser.txt"),
        html=render_teaser(variant, letter_content, "teaser.html", cover_src=f"cid:{COVER_CID}",
                           cover_size=(width, height)),
        cover_png=cover,
        pdf=pdf,
        pdf_name=result.path.name,
    )
    standalone = render_teaser(variant, letter_content, "teaser.html", cover_src=COVER_NAME,
                               cover_size=(width, height))
    message_id = make_msgid(domain=domain_of(address))
    message = compose(letter, date=kit_date(), message_id=message_id)
    outputs = {
        COVER_NAME: cover,
        "teaser.html": standalone.encode("utf-8"),
        "teaser.txt": letter.text.encode("utf-8"),
        "message.eml": message.as_bytes(),
    }
    for name, data in outputs.items():
        builder.write_atomically(folder / name, data)
    return Kit(folder, letter, result, tuple(folder / name for name in outputs), message_id)


def newsletter_of(brochure: content.Brochure, variant: render.Variant) -> model.Newsletter:
    """The `newsletter:` block of a language, or an error that says what to add where."""
    if variant.content.newsletter is not None:
        return variant.content.newsletter
    raise UserError(Issue(
        brochure.file(variant.language), None, None,
        "has no 'newsletter:' block, which the e-mail needs",
        hint="add it at the top level of the file (in the source language's file it also "
             "serves the translations):\n"
             "      newsletter:\n"
             "        subject: The subject line of the e-mail\n"
             "        summary: Two or three sentences for the mail body.\n"
             "        sender_name: Your organisation\n"
             "        sender_email: info@example.org"))


def cover_image(pdf: bytes) -> tuple[bytes, int, int]:
    """Page 1 as an optimised PNG exactly COVER_WIDTH px wide: (png, width, height)."""
    document = pdfium.PdfDocument(pdf)
    try:
        page = document[0]
        width, height = page.get_size()
        # Twice the size, then scaled down: smoother edges, and an exact width.
        bitmap = page.render(scale=2 * COVER_WIDTH / width)
        picture = bitmap.to_pil().convert("RGB")
    finally:
        document.close()
    size = (COVER_WIDTH, round(COVER_WIDTH * height / width))
    picture = picture.resize(size, Image.Resampling.LANCZOS)
    palette = picture.quantize(256, method=Image.Quantize.MEDIANCUT)
    error = ImageStat.Stat(ImageChops.difference(picture, palette.convert("RGB"))).mean
    chosen = palette if max(error) <= PALETTE_MAX_MEAN_ERROR else picture
    buffer = io.BytesIO()
    chosen.save(buffer, "PNG", optimize=True)
    return buffer.getvalue(), size[0], size[1]


def render_teaser(variant: render.Variant, letter: model.Newsletter, name: str, *,
                  cover_src: str = COVER_NAME, cover_size: tuple[int, int] = (0, 0)) -> str:
    """templates/newsletter/<name> in the variant's language (a brochure may override it)."""
    env = render.make_environment(variant.template_path, variant.language)
    env.filters["email_inline"] = email_inline
    return env.get_template(f"newsletter/{name}").render(
        title=variant.content.meta.title,
        subject=letter.subject,
        summary=letter.summary,
        sender_name=letter.sender_name,
        cover_src=cover_src,
        cover_width=cover_size[0],
        cover_height=cover_size[1],
        lang_tag=i18n.language_tag(variant.language),
        direction=i18n.direction(variant.language),
    ).strip() + "\n"


def email_inline(text: str) -> Markup:
    """Inline markup with its styles inline too: mail clients drop style sheets and classes."""
    html = str(markup.render_inline(text))
    html = html.replace('<span class="nobr">', '<span style="white-space: nowrap;">')
    html = html.replace("<a href=", '<a style="color: #0b5563;" href=')
    return Markup(html)


def compose(letter: Letter, *, date: str, message_id: str, to: str | None = None,
            attachment_name: str | None = None) -> EmailMessage:
    """The mail: text and HTML (with the cover inline) as alternatives, the PDF attached."""
    message = EmailMessage(policy=MAIL_POLICY)
    message["Subject"] = letter.subject
    message["From"] = letter.sender
    if to is not None:
        message["To"] = to
    message["Date"] = date
    message["Message-ID"] = message_id
    message.set_content(letter.text)
    message.add_alternative(letter.html, subtype="html")
    html_part = message.get_payload()[1]
    html_part.add_related(letter.cover_png, maintype="image", subtype="png",
                          cid=f"<{COVER_CID}>", disposition="inline", filename=COVER_NAME)
    # A non-ASCII name is written as RFC 2231 `filename*=utf-8''…` by the email package.
    message.add_attachment(letter.pdf, maintype="application", subtype="pdf",
                           filename=attachment_name or letter.pdf_name)
    # Only now: making the message multipart moves every Content-* header into the first part.
    message["Content-Language"] = i18n.language_tag(letter.language)
    return message


def kit_date() -> str:
    """The Date of message.eml: SOURCE_DATE_EPOCH when set (reproducible kits), else now."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return formatdate(localtime=False)
    try:
        return formatdate(int(value), localtime=False)
    except (ValueError, OverflowError, OSError):
        raise UserError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{value}'") from None


# --- addresses ------------------------------------------------------------------------------

def check_address(value: str, option: str) -> str:
    """A plain address like name@example.org, or a UserError naming the option."""
    address = value.strip()
    if _ADDRESS.match(address) and parseaddr(address)[1] == address:
        return address
    raise UserError(Issue(None, None, None, f"{option} '{value}' is not an e-mail address",
                          hint="write a plain address like name@example.org"))


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]


# --- sending --------------------------------------------------------------------------------

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
    raise UserError(Issue(None, None, None, f"--smtp '{value}' is not HOST:PORT",
                          hint="e.g. --smtp mail.example.org:587 (with --starttls)"))


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
            raise UserError(Issue(
                path, None, None, f"is not a send log of report newsletter ({exc})",
                hint="repair it, or move it away; without it, everyone gets the mail again"
            )) from None
        return cls(path, deliveries)

    def has(self, recipient: str, pdf_sha256: str) -> bool:
        return any(d.recipient.casefold() == recipient.casefold() and d.pdf_sha256 == pdf_sha256
                   for d in self.deliveries)

    def record(self, delivery: Delivery) -> None:
        self.deliveries.append(delivery)
        text = json.dumps({"sent": [asdict(d) for d in self.deliveries]}, indent=2,
                          ensure_ascii=False)
        builder.write_atomically(self.path, (text + "\n").encode("utf-8"))


@dataclass(frozen=True)
class Login:
    user: str
    password: str


def send(kit: Kit, recipients: Iterable[str], server: Server, *, starttls: bool = False,
         login: Login | None = None, echo: Callable[[str], None] = print) -> list[Delivery]:
    """Send the kit's mail to each recipient not yet in the send log for this very PDF.

    One message per recipient (its own To: and Message-ID), so that the log can say who got it
    and a re-run after a crash picks up where it stopped.
    """
    letter = kit.letter
    log = SendLog.read(kit.send_log)
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
                message = compose(letter, date=formatdate(localtime=False),
                                  message_id=message_id, to=recipient)
                try:
                    smtp.send_message(message, from_addr=letter.sender_address,
                                      to_addrs=[recipient])
                except smtplib.SMTPRecipientsRefused as exc:
                    code, reason = exc.recipients.get(recipient, (0, b""))
                    refused.append(Issue(None, None, None,
                                         f"the SMTP server {server} refused the recipient "
                                         f"{recipient}: {code} {_text(reason)}"))
                    continue
                delivery = Delivery(recipient, message_id,
                                    datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                    letter.pdf_sha256)
                log.record(delivery)
                delivered.append(delivery)
                echo(f"sent to {recipient} ({message_id})")
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(Issue(
            None, None, None, f"the SMTP server {server} refused the login of "
            f"'{login.user if login else ''}': {exc.smtp_code} {_text(exc.smtp_error)}",
            hint=f"check --user and the password in {PASSWORD_VARIABLE}")) from None
    except smtplib.SMTPNotSupportedError as exc:
        raise UserError(Issue(
            None, None, None, f"the SMTP server {server} does not support this: {exc}",
            hint="leave out --starttls or --user if the server offers neither")) from None
    except smtplib.SMTPResponseException as exc:
        raise UserError(_stopped(server, f"{exc.smtp_code} {_text(exc.smtp_error)}",
                                 delivered, pending)) from None
    except (smtplib.SMTPException, OSError) as exc:  # a dropped connection, a TLS failure
        raise UserError(_stopped(server, f"{type(exc).__name__}: {exc}", delivered,
                                 pending)) from None
    if refused:
        raise UserError(refused, title=f"sent to {len(delivered)} of {len(pending)} "
                                       "recipient(s); the others were refused:")
    return delivered


def _connect(server: Server) -> smtplib.SMTP:
    try:
        return smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT)
    except smtplib.SMTPException as exc:
        raise UserError(Issue(None, None, None, f"the SMTP server {server} did not accept the "
                                                f"connection: {exc}")) from None
    except OSError as exc:  # refused, timed out, unknown host, no route
        reason = exc.strerror or str(exc) or type(exc).__name__
        raise UserError(Issue(None, None, None, f"cannot reach SMTP server {server}: {reason}",
                              hint="check the host name and port of --smtp and the network "
                                   "connection")) from None


def _stopped(server: Server, reason: str, delivered: list[Delivery],
             pending: list[str]) -> Issue:
    return Issue(None, None, None, f"sending through {server} stopped: {reason}",
                 hint=f"{len(delivered)} of {len(pending)} mail(s) were sent and logged; run "
                      "the same command again to send the rest")


def _text(reason: bytes | str) -> str:
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else reason


# --- the command ----------------------------------------------------------------------------

@click.command()
@click.argument("brochure_dir", required=False, default=str(builder.DEFAULT_BROCHURE),
                type=click.Path(path_type=Path, file_okay=False))
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
def command(brochure_dir: Path, locale: str, output_dir: Path | None, sender: str | None,
            send_now: bool, smtp: str | None, recipients: tuple[str, ...], starttls: bool,
            user: str | None) -> None:
    """Write the newsletter kit of BROCHURE_DIR in one language, and optionally send it."""
    sender_address = check_address(sender, "--from") if sender is not None else None
    server, login, addresses = _send_options(send_now, smtp, recipients, starttls, user)
    kit = make_kit(brochure_dir, locale, output_dir, sender_address=sender_address)
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
    delivered = send(kit, addresses, server, starttls=starttls, login=login, echo=click.echo)
    click.echo(f"sent {len(delivered)} mail(s); log: {kit.send_log}")


def _send_options(send_now: bool, smtp: str | None, recipients: tuple[str, ...], starttls: bool,
                  user: str | None) -> tuple[Server | None, Login | None, list[str]]:
    """Check the sending options before anything is built: (server, login, recipients)."""
    if not send_now:
        given = [name for name, value in (("--smtp", smtp), ("--to", recipients),
                                          ("--starttls", starttls), ("--user", user)) if value]
        if given:
            verb = "works" if len(given) == 1 else "work"
            raise UserError(Issue(None, None, None, f"{', '.join(given)} only {verb} with --send",
                                  hint="add --send to send the mail, or leave them out"))
        return None, None, []
    missing = [name for name, value in (("--smtp HOST:PORT", smtp), ("--to ADDR", recipients))
               if not value]
    if missing:
        raise UserError(Issue(None, None, None, f"--send needs {' and '.join(missing)}",
                              hint="e.g. --send --smtp mail.example.org:587 --starttls "
                                   "--to name@example.org"))
    assert smtp is not None
    server = parse_server(smtp)
    addresses = [check_address(value, "--to") for value in recipients]
    login = None
    if user is not None:
        password = os.environ.get(PASSWORD_VARIABLE, "")
        if not password:
            raise UserError(Issue(None, None, None,
                                  f"--user needs the password in the environment variable "
                                  f"{PASSWORD_VARIABLE}",
                                  hint=f"set {PASSWORD_VARIABLE} before running; it is never "
                                       "an option, so it stays out of the shell history"))
        login = Login(user, password)
    return server, login, addresses
