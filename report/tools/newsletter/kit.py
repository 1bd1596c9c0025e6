"""The newsletter kit of one language: the PDF, its cover as a picture, the teaser (HTML and
text) and the finished e-mail. Sending it is `send.py`'s job.
"""

from __future__ import annotations

import email.policy
import hashlib
import io
import os
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageChops, ImageStat

from report.base import files, languages
from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.builder import run as builder
from report.content import load, markup, model
from report.design import brochure as brochures
from report.design.brochure import Brochure
from report.render.html import Renderer

MAX_PDF_BYTES = 1024 * 1024  # what mail servers and inboxes accept without grumbling
COVER_WIDTH = 600  # the usual width of a mail body
COVER_NAME = "cover.png"
COVER_CID = "cover"
# A palette may replace the full-colour cover only while it stays this close to it (0-255 scale).
PALETTE_MAX_MEAN_ERROR = 1.0
# 7-bit transfer encodings (quoted-printable/base64) pass every SMTP server, with or without
# 8BITMIME; CRLF line ends as on the wire.
MAIL_POLICY = email.policy.SMTP.clone(cte_type="7bit")


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
    pdf: builder.Output
    files: tuple[Path, ...]  # everything written besides the PDF
    message_id: str  # of message.eml


def make_kit(
    brochure_dir: Path,
    language: str,
    folder: Path | None = None,
    *,
    sender_address: str | None = None,
) -> Kit:
    """Build the screen PDF into the kit folder and write cover, teasers and message.eml."""
    brochure = brochures.load(brochure_dir, [language])
    if language in brochure.problems:
        raise UserError(list(brochure.problems[language]))
    variant = brochure.variants[language]
    letter_content = newsletter_of(variant)
    folder = folder or files.DEFAULT_OUTPUT / files.newsletter_folder(brochure.slug, language)
    folder.mkdir(parents=True, exist_ok=True)
    # The kit's PDF is written to be sent, not kept up to date: no record of its inputs.
    result = builder.build_variant(brochure, variant, folder, remember=False)
    pdf = result.path.read_bytes()
    if len(pdf) > MAX_PDF_BYTES:
        raise UserError(
            Issue(
                result.path,
                None,
                None,
                f"is {len(pdf) / 1024:.0f} KiB; a newsletter attachment may be at most "
                f"{MAX_PDF_BYTES // 1024} KiB",
                hint="use smaller pictures in the brochure (SVG, or JPEG/PNG at most 2000 px wide)",
            )
        )
    cover, width, height = cover_image(pdf)
    renderer = Renderer(brochure.template_path, language, brochure.theme, brochure.inputs)
    address = sender_address or letter_content.sender_email
    letter = Letter(
        language=language,
        subject=markup.plain_text(letter_content.subject),
        sender_name=markup.plain_text(letter_content.sender_name),
        sender_address=address,
        text=render_teaser(renderer, brochure, variant, letter_content, "teaser.txt"),
        html=render_teaser(
            renderer,
            brochure,
            variant,
            letter_content,
            "teaser.html",
            cover_src=f"cid:{COVER_CID}",
            cover_size=(width, height),
        ),
        cover_png=cover,
        pdf=pdf,
        pdf_name=result.path.name,
    )
    standalone = render_teaser(
        renderer,
        brochure,
        variant,
        letter_content,
        "teaser.html",
        cover_src=COVER_NAME,
        cover_size=(width, height),
    )
    message_id = make_msgid(domain=domain_of(address))
    message = compose(letter, date=kit_date(), message_id=message_id)
    outputs = {
        COVER_NAME: cover,
        "teaser.html": standalone.encode("utf-8"),
        "teaser.txt": letter.text.encode("utf-8"),
        "message.eml": message.as_bytes(),
    }
    for name, data in outputs.items():
        write_atomically(folder / name, data)
    return Kit(folder, letter, result, tuple(folder / name for name in outputs), message_id)


def newsletter_of(variant: load.Variant) -> model.Newsletter:
    """The `newsletter:` block of a language, or an error that says what to add where."""
    if variant.content.newsletter is not None:
        return variant.content.newsletter
    raise UserError(
        Issue(
            variant.file,
            None,
            None,
            "has no 'newsletter:' block, which the e-mail needs",
            hint="add it at the top level of the file (in the source language's file it also "
            "serves the translations):\n"
            "      newsletter:\n"
            "        subject: The subject line of the e-mail\n"
            "        summary: Two or three sentences for the mail body.\n"
            "        sender_name: Your organisation\n"
            "        sender_email: info@example.org",
        )
    )


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


def render_teaser(
    renderer: Renderer,
    brochure: Brochure,
    variant: load.Variant,
    letter: model.Newsletter,
    name: str,
    *,
    cover_src: str = COVER_NAME,
    cover_size: tuple[int, int] = (0, 0),
) -> str:
    """templates/newsletter/<name> in the variant's language (a brochure may override it)."""
    colours = brochure.theme.palette
    return (
        renderer.template(
            f"newsletter/{name}",
            title=variant.content.meta.title,
            subject=letter.subject,
            summary=letter.summary,
            sender_name=letter.sender_name,
            cover_src=cover_src,
            cover_width=cover_size[0],
            cover_height=cover_size[1],
            lang_tag=languages.tag(variant.language),
            direction=languages.direction(variant.language),
            colours=colours,
            font=brochure.theme.text.css_name,
        ).strip()
        + "\n"
    )


def compose(
    letter: Letter,
    *,
    date: str,
    message_id: str,
    to: str | None = None,
    attachment_name: str | None = None,
) -> EmailMessage:
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
    alternatives = message.get_payload()
    assert isinstance(alternatives, list)  # text and HTML, just made
    html_part = alternatives[1]
    assert isinstance(html_part, EmailMessage)
    html_part.add_related(
        letter.cover_png,
        maintype="image",
        subtype="png",
        cid=f"<{COVER_CID}>",
        disposition="inline",
        filename=COVER_NAME,
    )
    # A non-ASCII name is written as RFC 2231 `filename*=utf-8''…` by the email package.
    message.add_attachment(
        letter.pdf,
        maintype="application",
        subtype="pdf",
        filename=attachment_name or letter.pdf_name,
    )
    # Only now: making the message multipart moves every Content-* header into the first part.
    message["Content-Language"] = languages.tag(letter.language)
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


def domain_of(address: str) -> str:
    return address.rpartition("@")[2]
