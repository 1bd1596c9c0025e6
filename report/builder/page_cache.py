"""A one-page edit costs one page: a variant laid out page by page, for a long-running process.

The whole-document render (variant.render_variant without a store) lays out every sheet of a
variant each time. A process that builds the same brochure again and again (the preview) keeps
a `Store`: per variant and profile, the engine set-up (stylesheets parsed, fonts loaded) and the
layout of each content page, keyed by the page's HTML. That HTML holds everything the layout
depends on besides the engine set-up: the content, the fit level, and where the page stands in
the whole (the number of its first sheet, the total, the running header it continues, the page
numbers the table of contents shows). A rebuild lays out only the pages whose key changed, then
writes one complete PDF from the sheets of all pages: one structure tree, page numbers,
bookmarks and links across pages, as the whole-document render gives. The store also keeps,
per language, the renderer with its compiled templates, while none of the files it read has
changed.

When a page's number of sheets changes (a chapter grows a sheet), the pages after it get new
numbers and are laid out again; that is rare, and it is still never wrong.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from report.pdf import engine as pdf
from report.pdf import fit
from report.render.html import Numbering, Renderer

if TYPE_CHECKING:
    from report.design.brochure import Brochure


@dataclass
class Part:
    """One content page, laid out on its own."""

    document: Any  # WeasyPrint's document of the page's sheets
    warnings: list[str]
    misfits: list[fit.Misfit]  # sheet numbers counted inside the part
    lost: list[str]

    @property
    def sheets(self) -> int:
        return len(self.document.pages)


@dataclass
class Cache:
    """The layouts of one variant in one profile, kept between builds."""

    setup: str = ""  # the key of the engine set-up the parts were laid out with
    engine: pdf.Engine | None = None
    parts: dict[str, Part] = field(default_factory=dict)  # by the key of the page's HTML
    sheets: dict[int, int] = field(default_factory=dict)  # page -> its sheets, last build
    laid_out: list[int] = field(default_factory=list)  # pages the last build laid out


class Store:
    """What a long-running process keeps: caches by (brochure folder, language, profile), and
    renderers by (brochure folder, language)."""

    def __init__(self) -> None:
        self._caches: dict[tuple[str, str, str], Cache] = {}
        self._renderers: dict[tuple[str, str], Renderer] = {}

    def cache(self, root: Path, language: str, profile: str) -> Cache:
        return self._caches.setdefault((str(root.resolve()), language, profile), Cache())

    def renderer(self, brochure: Brochure, language: str) -> Renderer:
        """The renderer of the last build while its templates, catalog and theme are as they
        were (its templates stay compiled), else a new one."""
        key = (str(brochure.root.resolve()), language)
        kept = self._renderers.get(key)
        if (
            kept is not None
            and kept.template_path == brochure.template_path
            and kept.theme == brochure.theme
            and brochure.inputs.unchanged(kept.dependencies)
        ):
            return kept
        made = Renderer(brochure.template_path, language, brochure.theme, brochure.inputs)
        self._renderers[key] = made
        return made


def sections(pages: list[Any]) -> list[tuple[str | None, str | None]]:
    """For each page: the section in force before it, and the running header of its sheets
    if it does not start a section itself (else its own section heading sets the header of
    its later sheets, and its first has none), as templates/base.html and
    `string(section, first-except)` give them in one document."""
    found: list[tuple[str | None, str | None]] = []
    current: str | None = None
    for page in pages:
        own = getattr(page, "section", None)
        starts = bool(own) and own != current
        found.append((current, None if starts or page.kind == "cover" else current))
        if page.kind == "cover":
            current = page.title
        elif own:
            current = own
    return found


def render_by_page(
    *,
    cache: Cache,
    renderer: Renderer,
    engine: Callable[[], pdf.Engine],
    setup: str,
    content: Any,
    lang: str,
    date: datetime | None,
    attachments: Mapping[Path, bytes] | None,
    tighten: Callable[[list[fit.Misfit], dict[int, int]], set[int]],
) -> pdf.Rendered:
    """The PDF of a variant from its pages, laying out only those not in `cache`.

    `engine` makes the engine set-up when `setup` (its key) differs from the cache's;
    `tighten` says which pages to set a fit level tighter (as for the whole document)."""
    if cache.setup != setup or cache.engine is None:
        cache.setup, cache.engine, cache.parts = setup, engine(), {}
    laid_out: list[int] = []
    pages = list(content.pages)
    context = sections(pages)
    guess = [cache.sheets.get(number, 1) for number in range(1, len(pages) + 1)]
    used: list[tuple[str, Part]] = []
    for _ in range(len(pages) + 1):  # settles at once unless a page's sheet count changed
        firsts = [1 + sum(guess[:index]) for index in range(len(pages))]
        total = sum(guess)
        sheet_of = dict(enumerate(firsts, start=1))
        used = []
        for number in range(1, len(pages) + 1):
            section, header = context[number - 1]
            numbering = Numbering(firsts[number - 1], total, section, header, sheet_of)
            used.append(
                _page(
                    cache,
                    renderer,
                    number,
                    numbering,
                    content=content,
                    date=date,
                    tighten=tighten,
                    laid_out=laid_out,
                )
            )
        actual = [part.sheets for _, part in used]
        if actual == guess:
            break
        guess = actual
    cache.sheets = {number: part.sheets for number, (_, part) in enumerate(used, start=1)}
    cache.laid_out = laid_out
    keep = {key for key, _ in used}
    cache.parts = {key: part for key, part in cache.parts.items() if key in keep}
    documents = [part.document for _, part in used]
    whole = documents[0].copy([sheet for document in documents for sheet in document.pages])
    identity = "\n".join(key for key, _ in used)
    data, written = cache.engine.write(
        whole, identity=identity, lang=lang, attachments=attachments, date=date
    )
    misfits: list[fit.Misfit] = []
    lost: list[str] = []
    warnings: list[str] = list(cache.engine.setup_warnings)
    offset = 0
    for _, part in used:
        misfits += [replace(misfit, sheet=misfit.sheet + offset) for misfit in part.misfits]
        lost += part.lost
        warnings += part.warnings
        offset += part.sheets
    return pdf.rendered(
        whole, data, [*warnings, *written], cache.engine.fetcher.refused, misfits, lost
    )


def _page(
    cache: Cache,
    renderer: Renderer,
    number: int,
    numbering: Numbering,
    *,
    content: Any,
    date: datetime | None,
    tighten: Callable[[list[fit.Misfit], dict[int, int]], set[int]],
    laid_out: list[int],
) -> tuple[str, Part]:
    """One page at the fit level it needs: from the cache, or laid out now."""
    assert cache.engine is not None
    fits: dict[int, int] = {}
    while True:
        html = renderer.document(
            content, fits=fits, only_page=number, date=date, numbering=numbering
        )
        key = hashlib.sha256(html.encode()).hexdigest()
        part = cache.parts.get(key)
        if part is None:
            document, warnings = cache.engine.lay_out(html)
            part = Part(document, warnings, fit.check_fit(document), fit.lost_text(document))
            cache.parts[key] = part
            laid_out.append(number)
        if not tighten(part.misfits, fits):
            return key, part
        fits[number] = fits.get(number, 0) + 1
