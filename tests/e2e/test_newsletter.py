"""The newsletter kit (`report newsletter`): its files, the e-mail read back as a mail client reads
it, and sending through a real SMTP server (aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import hashlib
import html
import json
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from click.testing import CliRunner, Result
from PIL import Image

from report.base.errors import UserError
from report.cli import cli
from report.content import load, markup
from report.tools.newsletter import kit as newsletter

from ..helpers import SHIPPED, load_variant

pytestmark = pytest.mark.e2e

EPOCH = 1_700_000_000  # SOURCE_DATE_EPOCH of the kits built here
SENDER = "info@lokale-buendnisse-fuer-familie.de"
NOTES = {
    "de": "Die Broschüre ist dieser E-Mail als PDF-Datei angehängt.",
    "ar": "الكتيّب مرفق بهذه الرسالة كملف PDF.",
}


def slug() -> str:
    return load.open_folder(SHIPPED).slug


def newsletter_block(language: str) -> Any:
    return load_variant(SHIPPED, language).content


@pytest.fixture(scope="module")
def kits(tmp_path_factory: pytest.TempPathFactory) -> dict[str, newsletter.Kit]:
    """The German and the Arabic kit, built once with a fixed SOURCE_DATE_EPOCH."""
    out = tmp_path_factory.mktemp("kits")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return {
            language: newsletter.make_kit(SHIPPED, language, out / language)
            for language in ("de", "ar")
        }


def read_eml(path: Path) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    assert isinstance(message, EmailMessage)
    return message


def html_part(message: EmailMessage) -> EmailMessage:
    part = message.get_body(preferencelist=("html",))
    assert part is not None
    return part  # type: ignore[return-value]


# --- the kit files ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_kit_has_every_file_and_a_small_pdf(kits: dict[str, newsletter.Kit], language: str) -> None:
    folder = kits[language].folder
    pdf = folder / f"{slug()}-{language}.pdf"
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([pdf.name, "cover.png", "teaser.html", "teaser.txt", "message.eml"])
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert pdf.stat().st_size <= 1024 * 1024


def test_cover_is_page_one_600_px_wide_and_small(kits: dict[str, newsletter.Kit]) -> None:
    cover = kits["de"].folder / "cover.png"
    with Image.open(cover) as picture:
        assert picture.format == "PNG"
        assert picture.width == 600
        assert picture.height == round(600 * 595.28 / 841.89)  # A4 landscape
        rgb = picture.convert("RGB")
        # The cover panel in the brand colour (--brand: #0b5563) on the left, white on the right.
        brand = (0x0B, 0x55, 0x63)
        assert max(abs(a - b) for a, b in zip(rgb.getpixel((10, 10)), brand, strict=True)) <= 3
        assert rgb.getpixel((590, 10)) == (255, 255, 255)
    assert cover.stat().st_size < 60 * 1024


@pytest.mark.parametrize("language,tag,direction", [("de", "de-DE", "ltr"), ("ar", "ar", "rtl")])
def test_teaser_html_is_email_safe(
    kits: dict[str, newsletter.Kit], language: str, tag: str, direction: str
) -> None:
    page = (kits[language].folder / "teaser.html").read_text(encoding="utf-8")
    variant = newsletter_block(language)
    assert f'<html lang="{tag}" dir="{direction}">' in page
    assert f'lang="{tag}" dir="{direction}"' in page.split("<body", 1)[1]  # clients drop <html>
    for forbidden in ("<style", "<link", "<script", "<div", "class=", "url(", "@import"):
        assert forbidden not in page.lower()
    assert '<table role="presentation"' in page
    sources = re.findall(r'\bsrc="([^"]*)"', page)
    assert sources == ["cover.png"]
    links = [html.unescape(h) for h in re.findall(r'\bhref="([^"]*)"', page)]
    assert set(links) <= set(markup.link_targets(variant.newsletter.summary))
    text = html.unescape(page)
    assert markup.plain_text(variant.meta.title) in text
    assert markup.plain_text(variant.newsletter.summary) in text
    assert NOTES[language] in text
    assert (f"text-align: {'right' if direction == 'rtl' else 'left'}") in page


def test_teaser_text_is_plain(kits: dict[str, newsletter.Kit]) -> None:
    text = (kits["de"].folder / "teaser.txt").read_text(encoding="utf-8")
    variant = newsletter_block("de")
    words = " ".join(text.split())
    assert markup.plain_text(variant.meta.title) in words
    assert markup.plain_text(variant.newsletter.summary) in words
    assert NOTES["de"] in text
    assert "<" not in text and "**" not in text and "&#" not in text
    assert max(len(line) for line in text.splitlines()) <= 72


# --- message.eml, read back as a mail client reads it ------------------------------------------


def test_message_carries_the_pdf_byte_for_byte(kits: dict[str, newsletter.Kit]) -> None:
    kit = kits["de"]
    message = read_eml(kit.folder / "message.eml")
    assert message.get_content_type() == "multipart/mixed"
    (attachment,) = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"{slug()}-de.pdf"
    assert attachment.get_content() == (kit.folder / f"{slug()}-de.pdf").read_bytes()
    body = message.get_payload()[0]
    assert body.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in body.iter_parts()] == ["text/plain", "multipart/related"]


def test_message_html_shows_the_cover_inline(kits: dict[str, newsletter.Kit]) -> None:
    kit = kits["de"]
    message = read_eml(kit.folder / "message.eml")
    page = html_part(message).get_content()
    assert re.findall(r'\bsrc="([^"]*)"', page) == ["cid:cover"]
    assert "http://" not in page and "https://" not in page
    related = message.get_payload()[0].get_payload()[1]
    cover = related.get_payload()[1]
    assert cover["Content-ID"] == "<cover>"
    assert cover.get_content_type() == "image/png"
    assert cover.get_content() == (kit.folder / "cover.png").read_bytes()
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None and NOTES["de"] in plain.get_content()


def test_message_headers(kits: dict[str, newsletter.Kit]) -> None:
    kit = kits["de"]
    raw = (kit.folder / "message.eml").read_bytes()
    message = read_eml(kit.folder / "message.eml")
    block = newsletter_block("de").newsletter
    assert message["Subject"] == markup.plain_text(block.subject)
    assert message["From"].addresses[0].addr_spec == SENDER
    # The display name is read with the RFC 2047 decoder: the modern parser wrongly inserts a
    # space where a long encoded name is folded (CPython gh-128110); the header itself is right.
    raw_from = BytesParser(policy=policy.compat32).parsebytes(raw, headersonly=True)["From"]
    assert (
        str(make_header(decode_header(raw_from)))
        == f"{markup.plain_text(block.sender_name)} <{SENDER}>"
    )
    assert message["Date"] == formatdate(EPOCH, localtime=False)
    assert message["Date"].datetime.timestamp() == EPOCH
    # A long Message-ID is folded onto its own line; the parser keeps the fold's space.
    message_id = message["Message-ID"].strip()
    assert re.fullmatch(r"<[^<>@\s]+@lokale-buendnisse-fuer-familie\.de>", message_id)
    assert message_id == kit.message_id
    assert message["Content-Language"] == "de-DE"
    assert message["To"] is None
    assert read_eml(kits["ar"].folder / "message.eml")["Content-Language"] == "ar"
    assert max(len(line) for line in raw.split(b"\r\n")) <= 78  # 7-bit, folded, every server


def test_non_ascii_attachment_name_is_rfc2231_encoded(kits: dict[str, newsletter.Kit]) -> None:
    name = "Broschüre Bündnisse.pdf"
    message = newsletter.compose(
        kits["de"].letter,
        date=formatdate(EPOCH),
        message_id="<x@example.org>",
        attachment_name=name,
    )
    raw = message.as_bytes()
    assert b"filename*=utf-8''Brosch%C3%BCre%20B%C3%BCndnisse.pdf" in raw
    (attachment,) = read_eml_bytes(raw).iter_attachments()
    assert attachment.get_filename() == name


def read_eml_bytes(raw: bytes) -> EmailMessage:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)
    return message


# --- content and option errors -----------------------------------------------------------------


def run(*args: str) -> Result:
    """`report newsletter` on the shipped brochure (unless the arguments name another)."""
    folder = [] if args and not args[0].startswith("-") else [str(SHIPPED)]
    return CliRunner().invoke(cli, ["newsletter", *folder, *args])


def assert_clean_failure(result: Result, *expected: str, status: int = 1) -> None:
    assert result.exit_code == status, result.output
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    for text in expected:
        assert text in result.output


def test_missing_newsletter_block_names_the_file(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "de.yaml"
    text = file.read_text(encoding="utf-8")
    without, count = re.subn(r"\nnewsletter:\n(  .*\n)+", "\n", text)
    assert count == 1
    file.write_text(without, encoding="utf-8")
    result = run(str(brochure), "--locale", "de", "--output", str(tmp_path / "kit"))
    assert_clean_failure(result, "de.yaml", "has no 'newsletter:' block", "sender_email:")
    assert not (tmp_path / "kit").exists()


def test_pdf_over_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(newsletter, "MAX_PDF_BYTES", 20 * 1024)
    with pytest.raises(
        UserError,
        match=r"-de\.pdf: is \d+ KiB; a newsletter attachment may be "
        r"at most 20 KiB",
    ):
        newsletter.make_kit(SHIPPED, "de", tmp_path / "kit")
    assert not (tmp_path / "kit" / "message.eml").exists()


@pytest.mark.parametrize(
    "args,expected",
    [
        (["--send", "--to", "a@example.org"], "--send needs --smtp HOST:PORT"),
        (["--send", "--smtp", "127.0.0.1:25"], "--send needs --to ADDR"),
        (["--to", "a@example.org"], "--to only works with --send"),
        (["--send", "--smtp", "localhost", "--to", "a@example.org"], "is not HOST:PORT"),
        (
            ["--send", "--smtp", "127.0.0.1:25", "--to", "not an address"],
            "--to 'not an address' is not an e-mail address",
        ),
        (
            ["--send", "--smtp", "127.0.0.1:25", "--to", "a@example.org, b@example.org"],
            "is not an e-mail address",
        ),
        (
            ["--from", "Name <news@example.org>"],
            "--from 'Name <news@example.org>' is not an e-mail",
        ),
        (
            ["--send", "--smtp", "127.0.0.1:25", "--to", "a@example.org", "--user", "me"],
            "--user needs the password in the environment variable REPORT_SMTP_PASSWORD",
        ),
    ],
)
def test_bad_options_fail_before_anything_is_built(
    args: list[str], expected: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("REPORT_SMTP_PASSWORD", raising=False)
    result = run("--locale", "de", "--output", str(tmp_path / "kit"), *args)
    assert_clean_failure(result, expected, status=2)  # a wrong command line
    assert not (tmp_path / "kit").exists()


# --- sending through a real SMTP server ------------------------------------------------------


@dataclass
class Inbox:
    """An aiosmtpd handler that keeps every envelope it receives."""

    envelopes: list[Any] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def reject_every_login(
    server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any
) -> AuthResult:
    return AuthResult(success=False, handled=False)


@pytest.fixture
def smtp_server(request: pytest.FixtureRequest) -> Iterator[tuple[int, Inbox]]:
    """A real SMTP server on 127.0.0.1; `@pytest.mark.parametrize(..., indirect=True)` with
    "reject-login" makes it offer AUTH and refuse every login."""
    inbox = Inbox()
    extra: dict[str, Any] = {}
    if getattr(request, "param", None) == "reject-login":
        extra = {"authenticator": reject_every_login, "auth_require_tls": False}
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), **extra)
    controller.start()
    try:
        yield controller.port, inbox
    finally:
        controller.stop()


def test_send_one_mail_per_recipient_and_never_twice(
    smtp_server: tuple[int, Inbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    port, inbox = smtp_server
    kit = tmp_path / "kit"
    args = [
        "--locale",
        "de",
        "--output",
        str(kit),
        "--from",
        "news@example.org",
        "--send",
        "--smtp",
        f"127.0.0.1:{port}",
        "--to",
        "a@example.org",
        "--to",
        "b@example.org",
    ]
    first = run(*args)
    assert first.exit_code == 0, first.output
    assert "sent to a@example.org" in first.output and "sent to b@example.org" in first.output

    pdf = (kit / f"{slug()}-de.pdf").read_bytes()
    assert sorted(e.rcpt_tos[0] for e in inbox.envelopes) == ["a@example.org", "b@example.org"]
    assert all(len(e.rcpt_tos) == 1 and e.mail_from == "news@example.org" for e in inbox.envelopes)
    subject = markup.plain_text(newsletter_block("de").newsletter.subject)
    ids = {}
    for envelope in inbox.envelopes:
        message = read_eml_bytes(envelope.content)
        assert message["To"] == envelope.rcpt_tos[0]
        assert message["Subject"] == subject
        assert message["From"].addresses[0].addr_spec == "news@example.org"
        assert message["Message-ID"].strip().endswith("@example.org>")
        assert abs(parsedate_to_datetime(message["Date"]).timestamp() - time.time()) < 300
        (attachment,) = message.iter_attachments()
        assert attachment.get_content() == pdf
        ids[envelope.rcpt_tos[0]] = message["Message-ID"].strip()
    assert len(set(ids.values())) == 2

    log = json.loads((kit / "send-log.json").read_text(encoding="utf-8"))["sent"]
    assert {entry["recipient"]: entry["message_id"] for entry in log} == ids
    assert {entry["pdf_sha256"] for entry in log} == {hashlib.sha256(pdf).hexdigest()}
    assert all(entry["time"] for entry in log)

    again = run(*args, "--to", "A@example.org")
    assert again.exit_code == 0, again.output
    assert "already sent to a@example.org, skipped" in again.output
    assert "already sent to b@example.org, skipped" in again.output
    assert len(inbox.envelopes) == 2


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    result = run(
        "--locale",
        "de",
        "--output",
        str(tmp_path / "kit"),
        "--send",
        "--smtp",
        f"127.0.0.1:{port}",
        "--to",
        "a@example.org",
    )
    assert_clean_failure(result, f"cannot reach SMTP server 127.0.0.1:{port}")
    assert not (tmp_path / "kit" / "send-log.json").exists()


@pytest.mark.parametrize("smtp_server", ["reject-login"], indirect=True)
def test_refused_login_is_a_clear_error(
    smtp_server: tuple[int, Inbox], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    port, inbox = smtp_server
    monkeypatch.setenv("REPORT_SMTP_PASSWORD", "wrong")
    result = run(
        "--locale",
        "de",
        "--output",
        str(tmp_path / "kit"),
        "--send",
        "--smtp",
        f"127.0.0.1:{port}",
        "--to",
        "a@example.org",
        "--user",
        "me",
    )
    assert_clean_failure(
        result,
        f"the SMTP server 127.0.0.1:{port} refused the login of 'me'",
        "REPORT_SMTP_PASSWORD",
    )
    assert "wrong" not in result.output
    assert inbox.envelopes == []
    assert not (tmp_path / "kit" / "send-log.json").exists()
