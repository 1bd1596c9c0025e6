"""HTML to PDF with WeasyPrint: a fetcher that reads only the project's own files, engine
warnings collected, the output profiles (screen, print, archive) and the document metadata."""

from __future__ import annotations

import contextvars
import hashlib
import logging
import mimetypes
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from . import fit, tagging

BLEED_PT = 3 * 72 / 25.4  # the 3 mm the print shop trims away


def _unambiguous_stream_end(data: property) -> property:
    """pydyf writes `stream LF <data> LF endstream`. When the data itself ends in CR (for a
    compressed stream, whenever the last byte of its checksum is 13), `CR LF endstream` reads
    as a CR LF end-of-line after data one byte shorter than /Length, which PDF/A validators
    report as a wrong length. Such a stream is ended with CR LF instead: the data and /Length
    stay as they are, and pydyf counts the offsets from what it writes."""

    def written(stream: pydyf.Stream) -> bytes:
        raw: bytes = data.fget(stream)  # type: ignore[misc]
        if raw.endswith(b"\r\nendstream"):
            return raw[: -len(b"\nendstream")] + b"\r\nendstream"
        return raw

    written.original = data.fget  # type: ignore[attr-defined]
    return property(written)


if not hasattr(pydyf.Stream.data.fget, "original"):
    pydyf.Stream.data = _unambiguous_stream_end(pydyf.Stream.data)  # type: ignore[method-assign]


@dataclass(frozen=True)
class Profile:
    """What one kind of PDF needs: its standard, its extra stylesheet, its images."""

    name: str
    suffix: str  # file name: <slug>-<language><suffix>.pdf
    pdf_variant: str
    description: str
    stylesheet: str | None = None  # in styles/
    optimize_images: bool = False
    dpi: int | None = None  # images are downsampled to this resolution
    attach_source: bool = False  # the language's YAML goes into the PDF (provenance)
    uncompressed_metadata: bool = False  # PDF/A-2/3 forbid a Filter on the XMP stream
    bleed_box: bool = False  # BleedBox exactly 3 mm around the trimmed page
    size_budget: bool = False  # must stay within the brochure's size_budget_kib (e-mail)


PROFILES = {
    "screen": Profile("screen", "", "pdf/ua-1", "tagged PDF/UA-1, images for the screen, small",
                      optimize_images=True, dpi=150, size_budget=True),
    # Not PDF/X: WeasyPrint 70's PDF/X needs a CMYK output profile we cannot ship under an open
    # licence, and its X-4 writes a random document ID (no reproducible output); see README.
    "print": Profile("print", "-print", "pdf/ua-1",
                     "3 mm bleed, crop and cross marks, full-resolution images",
                     stylesheet="print.css", bleed_box=True),
    "archive": Profile("archive", "-archive", "pdf/a-3a",
                       "PDF/A-3a (tagged), source YAML attached", stylesheet="archive.css",
                       attach_source=True, uncompressed_metadata=True),
}


YAML_MIME = "application/yaml"  # RFC 9512 (Python 3.11's table does not know it)


class RefusedURL(ValueError):
    """Raised inside WeasyPrint for a URL outside the allowed folders (it then logs a warning)."""


class SafeFetcher(weasyprint.URLFetcher):
    """Serve `data:` URLs, the brochure's pictures (already read and checked, from memory) and
    files inside the allowed folders; refuse and record everything else.

    Why: the default fetcher reads any local file (`file:///etc/passwd` as an attachment) and
    any URL on the network.
    """

    def __init__(self, allowed_roots: list[Path],
                 in_memory: Mapping[Path, tuple[bytes, str]] | None = None) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.in_memory = dict(in_memory or {})
        self.refused: list[str] = []

    def fetch(self, url, headers=None):  # type: ignore[no-untyped-def]
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            try:
                path = Path(unquote(urlsplit(url).path)).resolve()
            except (OSError, ValueError):
                path = None
            if path is not None and path in self.in_memory:
                body, mime = self.in_memory[path]
                return weasyprint.urls.URLFetcherResponse(
                    url, body=body, headers={"Content-Type": mime})
            # The folder test comes first: nothing outside them is even looked at.
            if (path is not None and any(path.is_relative_to(root) for root in self.allowed_roots)
                    and path.is_file()):
                mime, _ = mimetypes.guess_type(path.name)
                return weasyprint.urls.URLFetcherResponse(
                    url, body=path.read_bytes(),
                    headers={"Content-Type": mime or "application/octet-stream"})
        self.refused.append(url)
        raise RefusedURL(f"refused to load {url}: only files inside the brochure are used")


class _EngineLog(logging.Handler):
    """Routes WeasyPrint's warnings and errors to the render running in the current context.

    Installed once; each render collects its own records through a context variable, so
    renders in parallel threads never see each other's warnings and no handler is added or
    removed per build.
    """

    def emit(self, record: logging.LogRecord) -> None:
        sink = _ENGINE_RECORDS.get()
        if sink is not None:
            sink.append(record.getMessage())


_ENGINE_RECORDS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "report_engine_records", default=None)
_ENGINE_LOG = _EngineLog(level=logging.WARNING)
logging.getLogger("weasyprint").addHandler(_ENGINE_LOG)


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    warnings: list[str]
    refused: list[str]
    misfits: list[fit.Misfit] = field(default_factory=list)
    sheet_size: tuple[float, float] = (0.0, 0.0)  # of the first sheet, CSS px (for drafts)


def render_pdf(html: str, *, base_dir: Path, stylesheets: list[Path],
               allowed_roots: list[Path], lang: str = "", design: str = "",
               pictures: Mapping[Path, tuple[bytes, str]] | None = None,
               profile: Profile = PROFILES["screen"],
               attachments: Mapping[Path, bytes] | None = None,
               date: datetime | None = None) -> Rendered:
    """Lay out and write one PDF; engine warnings, refused URLs and pages that do not fit are
    returned, not printed. `design` is the stylesheet of the theme's tokens and fonts, which
    comes before the others; `pictures` are files served from memory (pictures, fonts), and
    so are `attachments` (the source YAML as it was read, never read again).

    The PDF identifier is derived from the input, so the same input gives the same bytes.
    """
    fetcher = SafeFetcher(allowed_roots, {
        **(pictures or {}),
        **{path.resolve(): (data, YAML_MIME) for path, data in (attachments or {}).items()}})
    records: list[str] = []
    token = _ENGINE_RECORDS.set(records)
    sheets = list(stylesheets)
    if profile.stylesheet:
        sheets.append(stylesheets[0].parent / profile.stylesheet)
    images = {"dpi": profile.dpi, "optimize_images": profile.optimize_images,
              "jpeg_quality": 85 if profile.optimize_images else None}
    try:
        # One font configuration for the stylesheets and the document: @font-face needs it.
        fonts = FontConfiguration()
        css = [weasyprint.CSS(string=design, url_fetcher=fetcher, font_config=fonts,
                              base_url=base_dir.resolve().as_uri() + "/")] if design else []
        css += [weasyprint.CSS(filename=str(s), url_fetcher=fetcher, font_config=fonts)
                for s in sheets]
        # The image options belong to render(): pictures are decoded (and their resolution
        # chosen) during layout; given to write_pdf only, they would change nothing.
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=fonts, stylesheets=css, pdf_variant=profile.pdf_variant, **images)
        files = [weasyprint.Attachment(
            url=path.resolve().as_uri(), url_fetcher=fetcher, name=path.name,
            description="Source content of this PDF (YAML)", relationship="Source",
            created=date, modified=date) for path in attachments or {}]
        identifier = hashlib.sha256(f"{profile.name}\n{html}".encode()).hexdigest()[:32]
        record = tagging.Tagging(document_lang=lang)

        def finisher(doc: Any, out: Any) -> None:
            tagging.finish(out, doc, record)
            _finish(out, profile)

        with tagging.recording(record):
            pdf = document.write_pdf(
                pdf_variant=profile.pdf_variant, attachments=files,
                pdf_identifier=identifier.encode(), finisher=finisher, **images)
    finally:
        _ENGINE_RECORDS.reset(token)
    misfits = fit.check_fit(document)
    first = document.pages[0] if document.pages else None
    size = (first.width, first.height) if first is not None else (0.0, 0.0)
    return Rendered(pdf, len(document.pages), records, fetcher.refused, misfits, size)
def _finish(pdf: Any, profile: Profile) -> None:
    """Last touches on the PDF objects before they are written."""
    for obj in pdf.objects:
        if not isinstance(obj, (pydyf.Dictionary, pydyf.Stream)):
            continue
        extra = obj.extra if isinstance(obj, pydyf.Stream) else obj
        if profile.uncompressed_metadata and extra.get("Type") == "/Metadata":
            obj.compress = False
        if profile.bleed_box and extra.get("Type") == "/Page" and "TrimBox" in extra:
            left, bottom, right, top = (float(v) for v in extra["TrimBox"])
            # WeasyPrint puts the BleedBox up to 10 pt out; the print shop expects 3 mm.
            extra["BleedBox"] = pydyf.Array([left - BLEED_PT, bottom - BLEED_PT,
                                             right + BLEED_PT, top + BLEED_PT])
