"""HTML to PDF with WeasyPrint: a fetcher that reads only the project's own files, engine
warnings collected, PDF/UA-1 tagging and the document metadata."""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.text.fonts import FontConfiguration

from . import fit

PDF_VARIANT = "pdf/ua-1"


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
               allowed_roots: list[Path], titles: dict[int, str] | None = None) -> Rendered:
    """Lay out and write one PDF; engine warnings, refused URLs and pages that do not fit are
    returned, not printed. `titles` names the content pages for the fit report."""
    fetcher = SafeFetcher(allowed_roots)
    log = EngineLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(log)
    previous_propagate = logger.propagate
    logger.propagate = False  # the warnings are shown by the CLI, once, with context
    try:
        # One font configuration for the stylesheets and the document: @font-face needs it.
        fonts = FontConfiguration()
        css = [weasyprint.CSS(filename=str(s), url_fetcher=fetcher, font_config=fonts)
               for s in stylesheets]
        document = weasyprint.HTML(
            string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=fetcher
        ).render(font_config=fonts, stylesheets=css, pdf_variant=PDF_VARIANT)
        pdf = document.write_pdf(pdf_variant=PDF_VARIANT, uncompressed_pdf=False)
    finally:
        logger.removeHandler(log)
        logger.propagate = previous_propagate
    misfits = fit.check_fit(document, titles or {})
    return Rendered(pdf, len(document.pages), log.records, fetcher.refused, misfits)
