"""The kinds of PDF a build writes (screen, print, archive): light data, read before any
rendering (the command line and the up-to-date check need it without loading the engine)."""

from __future__ import annotations

from dataclasses import dataclass


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
    "screen": Profile(
        "screen",
        "",
        "pdf/ua-1",
        "tagged PDF/UA-1, images for the screen, small",
        optimize_images=True,
        dpi=150,
        size_budget=True,
    ),
    # Not PDF/X: WeasyPrint 70's PDF/X needs a CMYK output profile we cannot ship under an open
    # licence, and its X-4 writes a random document ID (no reproducible output); see README.
    "print": Profile(
        "print",
        "-print",
        "pdf/ua-1",
        "3 mm bleed, crop and cross marks, full-resolution images",
        stylesheet="print.css",
        bleed_box=True,
    ),
    "archive": Profile(
        "archive",
        "-archive",
        "pdf/a-3a",
        "PDF/A-3a (tagged), source YAML attached",
        stylesheet="archive.css",
        attach_source=True,
        uncompressed_metadata=True,
    ),
}
