"""HTML to PDF with WeasyPrint: a fetcher that reads only the project's own files, engine
warnings collected, the output profiles (screen, print, archive) and the document metadata."""

from __future__ import annotations

import contextlib
import hashlib
import mimetypes
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.text.fonts import FontConfiguration

from report.pdf import fit, hyphenation, patches, tagging
from report.pdf.profiles import PROFILES, Profile

BLEED_PT = 3 * 72 / 25.4  # the 3 mm the print shop trims away


YAML_MIME = "application/yaml"  # RFC 9512 (Python 3.11's table does not know it)


class RefusedURL(ValueError):
    """Raised inside WeasyPrint for a URL outside the allowed folders (it then logs a warning)."""


class SafeFetcher(weasyprint.URLFetcher):  # type: ignore[misc]  # untyped engine
    """Serve `data:` URLs, the brochure's pictures (already read and checked, from memory) and
    files inside the allowed folders; refuse and record everything else.

    Why: the default fetcher reads any local file (`file:///etc/passwd` as an attachment) and
    any URL on the network.
    """

    def __init__(
        self,
        allowed_roots: list[Path],
        in_memory: Mapping[Path, tuple[bytes, str]] | None = None,
        read: Callable[[Path], bytes] = Path.read_bytes,
    ) -> None:
        super().__init__(allowed_protocols=("data", "file"), allow_redirects=False)
        self.allowed_roots = [root.resolve() for root in allowed_roots]
        self.in_memory = dict(in_memory or {})
        self.read = read
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
                    url, body=body, headers={"Content-Type": mime}
                )
            # The folder test comes first: nothing outside them is even looked at.
            if (
                path is not None
                and any(path.is_relative_to(root) for root in self.allowed_roots)
                and path.is_file()
            ):
                guessed, _ = mimetypes.guess_type(path.name)
                return weasyprint.urls.URLFetcherResponse(
                    url,
                    body=self.read(path),
                    headers={"Content-Type": guessed or "application/octet-stream"},
                )
        self.refused.append(url)
        raise RefusedURL(f"refused to load {url}: only files inside the brochure are used")


@dataclass
class Rendered:
    pdf: bytes
    page_count: int
    warnings: list[str]
    refused: list[str]
    misfits: list[fit.Misfit] = field(default_factory=list)
    sheet_size: tuple[float, float] = (0.0, 0.0)  # of the first sheet, CSS px (for drafts)
    lost: list[str] = field(default_factory=list)  # texts the engine left out (fit.lost_text)


class Engine:
    """The engine set-up of one variant, shared by every layout of it: the fetcher (pictures,
    fonts and attachments from memory), one font configuration and the parsed stylesheets. A
    long-running process keeps it, so that a rebuild parses no stylesheet and loads no font
    again; engine warnings are collected per layout."""

    def __init__(
        self,
        *,
        base_dir: Path,
        stylesheets: list[Path],
        allowed_roots: list[Path],
        design: str = "",
        pictures: Mapping[Path, tuple[bytes, str]] | None = None,
        profile: Profile = PROFILES["screen"],
        attachments: Mapping[Path, bytes] | None = None,
        read: Callable[[Path], bytes] = Path.read_bytes,
    ) -> None:
        patches.install()
        self.profile = profile
        self.base_url = base_dir.resolve().as_uri() + "/"
        self.fetcher = SafeFetcher(
            allowed_roots,
            {
                **(pictures or {}),
                **{path.resolve(): (data, YAML_MIME) for path, data in (attachments or {}).items()},
            },
            read,
        )
        self.images = {
            "dpi": profile.dpi,
            "optimize_images": profile.optimize_images,
            "jpeg_quality": 85 if profile.optimize_images else None,
        }
        sheets = list(stylesheets)
        if profile.stylesheet:
            sheets.append(stylesheets[0].parent / profile.stylesheet)
        # One font configuration for the stylesheets and the documents: @font-face needs it.
        self.fonts = FontConfiguration()
        with self.collecting() as self.setup_warnings:
            self.css = (
                [
                    weasyprint.CSS(
                        string=design,
                        url_fetcher=self.fetcher,
                        font_config=self.fonts,
                        base_url=self.base_url,
                    )
                ]
                if design
                else []
            )
            self.css += [
                weasyprint.CSS(filename=str(s), url_fetcher=self.fetcher, font_config=self.fonts)
                for s in sheets
            ]

    @contextlib.contextmanager
    def collecting(self) -> Iterator[list[str]]:
        """The engine's warnings while inside."""
        with patches.collect() as records:
            yield records

    def lay_out(self, html: str) -> tuple[Any, list[str]]:
        """The laid-out document of `html`, and the engine's warnings about it."""
        # Here rather than in __init__: the HTML tells which languages it holds. Their parsed
        # patterns come from the cache file (0.04 s) instead of being parsed (0.45-0.9 s).
        hyphenation.prepare(hyphenation.languages_in(html))
        # The image options belong to render(): pictures are decoded (and their resolution
        # chosen) during layout; given to write_pdf only, they would change nothing.
        with self.collecting() as records:
            document = weasyprint.HTML(
                string=html, base_url=self.base_url, url_fetcher=self.fetcher
            ).render(
                font_config=self.fonts,
                stylesheets=self.css,
                pdf_variant=self.profile.pdf_variant,
                **self.images,
            )
        return document, records

    def write(
        self,
        document: Any,
        *,
        identity: str,
        lang: str = "",
        attachments: Mapping[Path, bytes] | None = None,
        date: datetime | None = None,
    ) -> tuple[bytes, list[str]]:
        """The PDF of a laid-out document, tagged and finished; and the engine's warnings.
        The PDF identifier is derived from `identity` (the input), so the same input gives
        the same bytes."""
        profile = self.profile
        with self.collecting() as records:
            files = [
                weasyprint.Attachment(
                    url=path.resolve().as_uri(),
                    url_fetcher=self.fetcher,
                    name=path.name,
                    description="Source content of this PDF (YAML)",
                    relationship="Source",
                    created=date,
                    modified=date,
                )
                for path in attachments or {}
            ]
            identifier = hashlib.sha256(f"{profile.name}\n{identity}".encode()).hexdigest()[:32]
            record = tagging.Tagging(document_lang=lang)

            def finisher(doc: Any, out: Any) -> None:
                tagging.finish(out, doc, record)
                _finish(out, profile)

            with tagging.recording(record):
                pdf = document.write_pdf(
                    pdf_variant=profile.pdf_variant,
                    attachments=files,
                    pdf_identifier=identifier.encode(),
                    finisher=finisher,
                    **self.images,
                )
        return pdf, records


def render_pdf(
    html: str,
    *,
    base_dir: Path,
    stylesheets: list[Path],
    allowed_roots: list[Path],
    lang: str = "",
    design: str = "",
    pictures: Mapping[Path, tuple[bytes, str]] | None = None,
    profile: Profile = PROFILES["screen"],
    attachments: Mapping[Path, bytes] | None = None,
    date: datetime | None = None,
    read: Callable[[Path], bytes] = Path.read_bytes,
) -> Rendered:
    """Lay out and write one PDF; engine warnings, refused URLs and pages that do not fit are
    returned, not printed. `design` is the stylesheet of the theme's tokens and fonts, which
    comes before the others; `pictures` are files served from memory (pictures, fonts), and
    so are `attachments` (the source YAML as it was read, never read again); other files
    inside the allowed folders are read with `read` (the build's Inputs, which record them).
    """
    engine = Engine(
        base_dir=base_dir,
        stylesheets=stylesheets,
        allowed_roots=allowed_roots,
        design=design,
        pictures=pictures,
        profile=profile,
        attachments=attachments,
        read=read,
    )
    document, laid_out = engine.lay_out(html)
    pdf, written = engine.write(
        document, identity=html, lang=lang, attachments=attachments, date=date
    )
    return rendered(
        document, pdf, [*engine.setup_warnings, *laid_out, *written], engine.fetcher.refused
    )


def rendered(
    document: Any,
    pdf: bytes,
    warnings: list[str],
    refused: list[str],
    misfits: list[fit.Misfit] | None = None,
    lost: list[str] | None = None,
) -> Rendered:
    """What a render gives the build: the PDF and what the checks found in its layout."""
    first = document.pages[0] if document.pages else None
    size = (first.width, first.height) if first is not None else (0.0, 0.0)
    return Rendered(
        pdf,
        len(document.pages),
        warnings,
        list(refused),
        fit.check_fit(document) if misfits is None else misfits,
        size,
        fit.lost_text(document) if lost is None else lost,
    )


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
            extra["BleedBox"] = pydyf.Array(
                [left - BLEED_PT, bottom - BLEED_PT, right + BLEED_PT, top + BLEED_PT]
            )
