"""HTML to PDF with WeasyPrint: a fetcher that reads only the project's own files, engine
warnings collected, the output profiles (screen, print, archive) and the document metadata."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from . import fit

BLEED_PT = 3 * 72 / 25.4  # the 3 mm the print shop trims away


@dataclass(frozen=True)
class Profile:
    """What one kind of PDF needs: its standard, its extra stylesheet, its images."""

    name: str
    suffix: str  # file name: <slug>-<language><suffix>.pdf
    pdf_variant: str
    stylesheet: str | None = None  # in styles/
    optimize_images: bool = False
    dpi: int | None = None  # images are downsampled to this resolution
    attach_source: bool = False  # the language's YAML goes into the PDF (provenance)
    uncompressed_metadata: bool = False  # PDF/A-2/3 forbid a Filter on the XMP stream
    bleed_box: bool = False  # BleedBox exactly 3 mm around the trimmed page

    @property
    def description(self) -> str:
        return {"screen": "tagged PDF/UA-1, images for the screen, small",
                "print": "3 mm bleed, crop and cross marks, full-resolution images",
                "archive": "PDF/A-3a (tagged), source YAML attached"}[self.name]


PROFILES = {
    "screen": Profile("screen", "", "pdf/ua-1", optimize_images=True, dpi=150),
    # Not PDF/X: WeasyPrint 70's PDF/X needs a CMYK output profile we cannot ship under an open
    # licence, and its X-4 writes a random document ID (no reproducible output); see README.
    "print": Profile("print", "-print", "pdf/ua-1", stylesheet="print.css", bleed_box=True),
    "archive": Profile("archive", "-archive", "pdf/a-3a", stylesheet="archive.css",
                       attach_source=True, uncompressed_metadata=True),
}


class RefusedURL(ValueError):
    """Raised inside WeasyPrint for a URL outside the allowed folders (it then logs a warning)."""


class SafeFetcher(weasyprint.URLFetcher):
    """Serve `data:` URLs and files inside the allowed folders; refuse and record everything else.

    Why: the default fetcher reads any local file (`file:///etc/passwd` as an attachment) and
    any URL on the network.
    """

    def __init__(self, allowed_roots: list[Path]) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
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
            # The folder test comes first: nothing outside them is even looked at.
            if (path is not None and any(path.is_relative_to(root) for root in self.allowed_roots)
                    and path.is_file()):
                mime, _ = mimetypes.guess_type(path.name)
                return weasyprint.urls.URLFetcherResponse(
                    url, body=path.read_bytes(),
                    headers={"Content-Type": mime or "application/octet-stream"})
        self.refused.append(url)
        raise RefusedURL(f"refused to load {url}: only files inside the brochure are used")


@dataclass
class EngineLog(logging.Handler):
    """Collects WeasyPrint's warnings and errors during one render."""

    records: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        logging.Handler.__init__(self, level=logging.WARNING)

    def __hash__(self) -> int:  # logging keeps handlers in a list and compares by identity
        return id(self)

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    warnings: list[str]
    refused: list[str]
    misfits: list[fit.Misfit] = field(default_factory=list)


def render_pdf(html: str, *, base_dir: Path, stylesheets: list[Path],
               allowed_roots: list[Path], titles: dict[int, str] | None = None,
               profile: Profile = PROFILES["screen"], attachments: list[Path] | None = None,
               date: datetime | None = None) -> Rendered:
    """Lay out and write one PDF; engine warnings, refused URLs and pages that do not fit are
    returned, not printed. `titles` names the content pages for the fit report.

    The PDF identifier is derived from the input, so the same input gives the same bytes.
    """
    fetcher = SafeFetcher(allowed_roots)
    log = EngineLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(log)
    previous_propagate = logger.propagate
    logger.propagate = False  # the warnings are shown by the CLI, once, with context
    sheets = list(stylesheets)
    if profile.stylesheet:
        sheets.append(stylesheets[0].parent / profile.stylesheet)
    try:
        # One font configuration for the stylesheets and the document: @font-face needs it.
        fonts = FontConfiguration()
        css = [weasyprint.CSS(filename=str(s), url_fetcher=fetcher, font_config=fonts)
               for s in sheets]
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=fonts, stylesheets=css, pdf_variant=profile.pdf_variant)
        files = [weasyprint.Attachment(
            filename=str(path), url_fetcher=fetcher, name=path.name,
            description="Source content of this PDF (YAML)", relationship="Source",
            created=date, modified=date) for path in attachments or []]
        identifier = hashlib.sha256(f"{profile.name}\n{html}".encode()).hexdigest()[:32]
        pdf = document.write_pdf(
            pdf_variant=profile.pdf_variant, optimize_images=profile.optimize_images,
            dpi=profile.dpi, jpeg_quality=85 if profile.optimize_images else None,
            attachments=files, pdf_identifier=identifier.encode(),
            finisher=lambda doc, out: _finish(out, profile))
    finally:
        logger.removeHandler(log)
        logger.propagate = previous_propagate
    misfits = fit.check_fit(document, titles or {})
    return Rendered(pdf, len(document.pages), log.records, fetcher.refused, misfits)


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
