"""Page images: every page of a PDF as a PNG, with its text for the image's alt text."""

from __future__ import annotations

import hashlib
import io
import re

from report.tools.preview.state import Sheet

IMAGE_WIDTH_PX = 720  # page images: sharp in a column of up to ~480 CSS px on a HiDPI screen


def page_images(
    pdf: bytes, labels: dict[int, list[str]], known: dict[str, bytes]
) -> tuple[list[Sheet], dict[str, bytes]]:
    """Every page of a PDF as a PNG with its text. An image is named by a hash of its pixels,
    so a page that did not change keeps its name (and the browser its cached copy)."""
    import pypdfium2

    sheets: list[Sheet] = []
    images: dict[str, bytes] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            try:
                scale = IMAGE_WIDTH_PX / page.get_width()
                picture = page.render(scale=scale).to_pil()
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            ident = hashlib.sha256(picture.tobytes()).hexdigest()[:32]
            if ident not in known and ident not in images:
                buffer = io.BytesIO()
                picture.save(buffer, "PNG", compress_level=1)  # fast; served on localhost
                images[ident] = buffer.getvalue()
            sheets.append(
                Sheet(
                    ident,
                    picture.width,
                    picture.height,
                    _plain(text),
                    "; ".join(labels.get(number, [])),
                )
            )
    finally:
        document.close()
    return sheets, images


def _plain(text: str) -> str:
    """Text of a PDF page as one line: words broken by a hyphen at a line end joined again."""
    text = re.sub("\u2010\\s*\n\\s*", "", text)  # the engine's hyphenation at a line end
    text = re.sub("[\u00ad\ufffe\u2066-\u2069]", "", text)  # soft hyphens, bidi isolates
    return " ".join(text.split())
