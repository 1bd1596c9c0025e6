"""One language rendered: its HTML made and laid out, set tighter where a page does not fit,
within the time the brochure allows, an engine crash blamed on the page that causes it.

What the render gives is judged elsewhere (judge.py), the same way wherever a variant is
rendered: by the build, by `report check --render` and by the preview.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from report.base import languages, resources
from report.base.errors import Issue, UserError
from report.base.inputs import Dependency
from report.builder import page_cache
from report.builder.limits import RenderTimeout, time_limit
from report.content.load import Variant
from report.design import theme
from report.design.brochure import Brochure
from report.pdf import engine, fit
from report.pdf.profiles import PROFILES, Profile
from report.render.html import Renderer

STYLESHEETS = [resources.STYLES / "brochure.css"]
# How far a page that does not fit may be set tighter (see the fit levels in brochure.css:
# smaller pictures and icons, less space between blocks; never smaller type).
MAX_FIT_LEVEL = 3


@dataclass(frozen=True)
class Rendering:
    """A variant rendered: the PDF with what the engine and the layout checks saw, the
    renderer that made its HTML, and the brochure's files the render read."""

    rendered: engine.Rendered
    renderer: Renderer
    dependencies: frozenset[Dependency]


def source_date() -> datetime | None:
    """The date to write into PDFs: SOURCE_DATE_EPOCH (reproducible builds) or none at all."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), UTC)
    except (ValueError, OverflowError, OSError):
        raise UserError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{value}'") from None


def render_variant(
    brochure: Brochure,
    variant: Variant,
    *,
    profile: Profile = PROFILES["screen"],
    attachments: Mapping[Path, bytes] | None = None,
    store: page_cache.Store | None = None,
) -> Rendering:
    """HTML and PDF of one variant; an engine crash is reported with the page that causes it.

    With a `store` (a long-running process), the variant is laid out page by page and the
    pages that have not changed since the last build are taken from the store."""
    allowed = [brochure.root, *brochure.template_path, resources.STYLES]
    date = source_date()
    limit = brochure.settings.render_time_limit_s
    pictures = files_in_memory(brochure)
    design = theme.stylesheet(brochure.theme)
    lang = languages.tag(variant.language)
    # The engine set-up, the same for the whole document and page by page.
    setup: dict[str, Any] = {
        "base_dir": brochure.root,
        "stylesheets": STYLESHEETS,
        "allowed_roots": allowed,
        "design": design,
        "pictures": pictures,
        "profile": profile,
        "attachments": attachments,
        "read": brochure.inputs.read,
    }
    with brochure.inputs.recording() as read:
        renderer = (
            store.renderer(brochure, variant.language)
            if store is not None
            else Renderer(brochure.template_path, variant.language, brochure.theme, brochure.inputs)
        )
        try:
            with time_limit(limit):
                if store is not None and not _own_skeleton(brochure):
                    rendered = page_cache.render_by_page(
                        cache=store.cache(brochure.root, variant.language, profile.name),
                        renderer=renderer,
                        engine=lambda: engine.Engine(**setup),
                        setup=_setup_key(allowed, design, pictures, profile, attachments),
                        content=variant.content,
                        lang=lang,
                        date=date,
                        attachments=attachments,
                        tighten=pages_to_tighten,
                    )
                else:
                    fits: dict[int, int] = {}
                    while True:  # the whole document, set tighter where pages do not fit
                        html = renderer.document(variant.content, fits=fits, date=date)
                        rendered = engine.render_pdf(html, lang=lang, date=date, **setup)
                        tighter = pages_to_tighten(rendered.misfits, fits)
                        if not tighter:
                            break
                        fits.update({page: fits.get(page, 0) + 1 for page in tighter})
        except RenderTimeout:
            raise UserError(
                Issue(
                    variant.file,
                    None,
                    None,
                    f"rendering '{brochure.slug}' [{variant.language}] took longer than {limit} s "
                    "and was stopped",
                    hint="look for runaway content (a huge list or word), or raise "
                    "render_time_limit_s in brochure.yaml",
                )
            ) from None
        except UserError:
            raise
        except Exception as exc:
            if not _raised_by_the_engine(exc):
                raise  # a bug of this tool: shown with its traceback, never blamed on content
            page = _find_failing_page(brochure, variant, renderer, allowed, pictures, design)
            where = (
                f"page {page} (kind '{variant.content.pages[page - 1].kind}')"
                if page
                else "the brochure as a whole"
            )
            raise UserError(
                variant.document.issue_at(
                    ("pages", page - 1) if page else (),
                    f"the layout engine failed on {where} of '{brochure.slug}' "
                    f"[{variant.language}]: {type(exc).__name__}: {exc}",
                    hint="shorten or restructure the text of that page; if the problem stays, "
                    "report it with this message",
                )
            ) from exc
    return Rendering(rendered, renderer, frozenset(read) | renderer.dependencies)


def files_in_memory(brochure: Brochure) -> dict[Path, tuple[bytes, str]]:
    """The pictures and fonts the renderer asks for, already read by the load stage."""
    served = {
        picture.path: (picture.data, picture.media_type) for picture in brochure.pictures.values()
    }
    served.update(theme.font_files(brochure.theme))
    return served


def _own_skeleton(brochure: Brochure) -> bool:
    """Whether the brochure brings its own document skeleton or table of contents: those of
    the tool know how to be laid out page by page (see page_cache.py), a brochure's may not."""
    own = brochure.template_path[:-1]
    return any(
        brochure.inputs.is_file(folder / name)
        for folder in own
        for name in ("base.html", "pages/contents.html")
    )


def _setup_key(
    allowed: list[Path],
    design: str,
    pictures: Mapping[Path, tuple[bytes, str]],
    profile: Profile,
    attachments: Mapping[Path, bytes] | None,
) -> str:
    """Everything the engine set-up of a page-by-page render depends on."""
    hasher = hashlib.sha256(f"{profile}\n{allowed}\n{design}\n".encode())
    for sheet in STYLESHEETS + (
        [STYLESHEETS[0].parent / profile.stylesheet] if profile.stylesheet else []
    ):
        hasher.update(sheet.read_bytes())
    for path, (data, mime) in sorted(
        {**pictures, **{p: (d, "") for p, d in (attachments or {}).items()}}.items()
    ):
        hasher.update(f"{path}\0{mime}\0".encode() + hashlib.sha256(data).digest())
    return hasher.hexdigest()


def pages_to_tighten(misfits: list[fit.Misfit], fits: dict[int, int]) -> set[int]:
    """The pages that do not fit and may still be set a level tighter: those whose content on
    extra sheets adds up to less than a page (more is too much content, not too loose a
    setting)."""
    spilled: dict[int, float] = {}
    for misfit in misfits:
        if misfit.what == "spill":
            spilled[misfit.page] = spilled.get(misfit.page, 0.0) + misfit.spilled_mm
    return {
        misfit.page
        for misfit in misfits
        if misfit.page
        and fits.get(misfit.page, 0) < MAX_FIT_LEVEL
        and spilled.get(misfit.page, 0.0) < misfit.limit.height / fit.PX_PER_MM
    }


def _raised_by_the_engine(exc: BaseException) -> bool:
    """Whether an exception comes from the layout engine (or a library under it) rather than
    from this tool's own code: only the engine's failures are blamed on the content."""
    tb = exc.__traceback__
    module = ""
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    return module.split(".")[0] != __name__.split(".")[0]


def _find_failing_page(
    brochure: Brochure,
    variant: Variant,
    renderer: Renderer,
    allowed: list[Path],
    pictures: dict[Path, tuple[bytes, str]],
    design: str,
) -> int | None:
    """Render page by page to find the one the engine cannot lay out."""
    for number in range(1, len(variant.content.pages) + 1):
        try:
            html = renderer.document(variant.content, only_page=number)
            engine.render_pdf(
                html,
                base_dir=brochure.root,
                stylesheets=STYLESHEETS,
                allowed_roots=allowed,
                design=design,
                pictures=pictures,
                read=brochure.inputs.read,
            )
        except Exception:  # noqa: BLE001
            return number
    return None
