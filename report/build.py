"""The orchestrator: load once -> HTML -> PDF -> checks -> write, for each language of a brochure.

A build is a plain function call with no module-level state, so a long-running process (watch
mode, a worker pool) can call it again and again.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import (blocks, draft, fit, fonts, i18n, load, markup, pdf, render, resources, theme,
               translation)
from .errors import Issue, UserError

DEFAULT_OUTPUT = Path("output")
STYLESHEETS = [resources.STYLES / "brochure.css"]


@dataclass
class Output:
    """One PDF a build wrote (or, for a page that does not fit, the draft it wrote instead)."""

    language: str
    profile: str
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: list[str] = field(default_factory=list)  # engine warnings
    misfits: list[str] = field(default_factory=list)  # written anyway with --allow-overflow
    untranslated: list[str] = field(default_factory=list)  # fallbacks, stale texts, furniture


def build(brochure_dir: Path, *, languages: list[str] | None = None,
          output_dir: Path = DEFAULT_OUTPUT, strict: bool = False,
          profile: str = "screen", allow_overflow: bool = False) -> list[Output]:
    """Build the PDFs of the given languages (all when None) into `output_dir`.

    Every language is attempted; problems of all of them are raised together at the end, so one
    broken translation does not hide the state of the others. Earlier PDFs are only ever
    replaced by complete new ones, and never by one whose pages do not fit (unless
    `allow_overflow`).
    """
    brochure = load.load(brochure_dir, languages)
    output_dir.mkdir(parents=True, exist_ok=True)
    results: list[Output] = []
    problems: list[Issue] = [issue for issues in brochure.problems.values() for issue in issues]
    for variant in brochure.variants.values():
        try:
            results.append(build_variant(brochure, variant, output_dir, strict=strict,
                                         profile=pdf.PROFILES[profile],
                                         allow_overflow=allow_overflow))
        except UserError as error:
            problems.extend(error.issues)
    if problems:
        written = ", ".join(result.language for result in results)
        wanted = len(brochure.variants) + len(brochure.problems)
        raise UserError(problems, title=(f"wrote {len(results)} of {wanted} PDFs "
                                         f"({written}); problems:" if results else ""))
    return results


def build_variant(brochure: load.Brochure, variant: load.Variant, output_dir: Path, *,
                  strict: bool = False,
                  profile: pdf.Profile = pdf.PROFILES["screen"],
                  allow_overflow: bool = False) -> Output:
    """One language: check, render, check the fit, write."""
    started = time.perf_counter()
    if missing_glyphs := fonts.uncovered(variant.document, brochure.theme):
        raise UserError(missing_glyphs)
    notes = translation_report(brochure, variant)
    target = output_dir / f"{brochure.slug}-{variant.language}{profile.suffix}.pdf"
    rendered = render_variant(brochure, variant, profile=profile,
                              attachments={variant.file: variant.document.text.encode()}
                              if profile.attach_source else {})
    if rendered.refused:
        raise UserError([
            Issue(variant.file, None, None, f"refused to load {url}",
                  hint="pictures, fonts and styles must be files inside the brochure folder, "
                       "templates/ or styles/; nothing is fetched from the network")
            for url in dict.fromkeys(rendered.refused)])
    misfits = misfit_issues(variant, rendered.misfits, draft.draft_path(target))
    if misfits and not allow_overflow:
        write_atomically(draft.draft_path(target), draft.mark(rendered.pdf, rendered.misfits))
        raise UserError(misfits)
    if strict and (rendered.warnings or notes):
        raise UserError(
            [Issue(variant.file, None, None, f"layout engine warning: {w}",
                   hint="fix the cause, or build without --strict") for w in rendered.warnings]
            + notes)
    if profile.size_budget:
        check_size_budget(rendered.pdf, brochure, variant.file)
    write_atomically(target, rendered.pdf)
    draft.draft_path(target).unlink(missing_ok=True)  # an earlier draft is out of date now
    return Output(variant.language, profile.name, target, rendered.page_count,
                  len(rendered.pdf), time.perf_counter() - started, rendered.warnings,
                  [str(issue) for issue in misfits], [str(note) for note in notes])


def misfit_issues(variant: load.Variant, misfits: list[fit.Misfit], draft_file: Path
                  ) -> list[Issue]:
    """What does not fit, located at the content it comes from (or at its page)."""
    issues = []
    for misfit in fit.summarize(misfits):
        pages = variant.content.pages
        title = markup.plain_text(getattr(pages[misfit.page - 1], "title", "")) if (
            0 < misfit.page <= len(pages)) else ""
        path = _content_path(variant, misfit.page, misfit.text)
        issues.append(variant.document.issue_at(
            path, f'does not fit: page {misfit.page} "{fit._short(title)}" {misfit.describe()}',
            "shorten the text of this page or split it over two pages (the type is never "
            f"shrunk); {draft_file.name} shows in red what does not fit"))
    return issues


def _content_path(variant: load.Variant, page: int, text: str) -> tuple[str | int, ...]:
    """The key path of the content a misfit shows: the text (or picture) of that page whose
    words contain `text`, else the page itself."""
    here: tuple[str | int, ...] = ("pages", page - 1)
    wanted = " ".join(text.split())
    if not wanted:
        return here
    shown = [(path, " ".join(markup.plain_text(value).split())) for path, value in
             translation.leaves(translation.get_path(variant.document.data, here), here)]
    tests = (lambda text: text == wanted,  # the whole text, else the leaf the text holds,
             lambda text: len(text) > 3 and text in wanted,  # (a figure: value and label)
             lambda text: wanted in text)  # else the leaf that holds the text
    for test in tests:
        for path, text in shown:
            if text and test(text):
                return path
    return here


def translation_report(brochure: load.Brochure, variant: load.Variant) -> list[Issue]:
    """Texts that fall back to the source language, stale texts, untranslated furniture."""
    notes: list[Issue] = []
    if variant.status is not None:
        notes += [entry.where for entry in variant.status.of("missing")]
        notes += [entry.where for entry in variant.status.of("stale")]
    env = render.make_environment(brochure.template_path, variant.language)
    notes += i18n.missing_interface_strings(
        variant.language, list(brochure.template_path), env,
        {**{message: ("report/render.py", 0) for message in render.LINK_MESSAGES.values()},
         **{message: ("report/blocks.py", 0) for message in blocks.MESSAGES}})
    return notes


def source_date() -> datetime | None:
    """The date to write into PDFs: SOURCE_DATE_EPOCH (reproducible builds) or none at all."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not value:
        return None
    try:
        return datetime.fromtimestamp(int(value), timezone.utc)
    except (ValueError, OverflowError, OSError):
        raise UserError(f"SOURCE_DATE_EPOCH must be seconds since 1970, not '{value}'") from None


def check_size_budget(data: bytes, brochure: load.Brochure, file: Path) -> None:
    """A screen PDF over the brochure's budget is an error that names what makes it large."""
    budget = brochure.settings.size_budget_kib * 1024
    if len(data) <= budget:
        return
    import io

    import pikepdf

    parts: list[tuple[int, str]] = []
    with pikepdf.open(io.BytesIO(data)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            size = len(obj.read_raw_bytes())
            if obj.get("/Subtype") == "/Image":
                parts.append((size, f"an image of {obj.get('/Width')}×{obj.get('/Height')} px"))
            elif obj.get("/Type") == "/EmbeddedFile":
                parts.append((size, "an attached file"))
            elif "/Length1" in obj or obj.get("/Subtype") in ("/Type1C", "/CIDFontType0C"):
                parts.append((size, "an embedded font"))
    parts.sort(reverse=True)
    largest = "; ".join(f"{what} ({size / 1024:.0f} KiB)" for size, what in parts[:5])
    raise UserError(Issue(
        brochure.root / load.SETTINGS_FILE, None, None,
        f"the screen PDF of {file.name} is {len(data) / 1024:.0f} KiB, over the budget of "
        f"{budget // 1024} KiB; largest parts: {largest or 'page content'}",
        hint="use fewer or simpler pictures (SVG where possible), or raise size_budget_kib in "
             "brochure.yaml"))


def _files_in_memory(brochure: load.Brochure) -> dict[Path, tuple[bytes, str]]:
    """The pictures and fonts the renderer asks for, already read by the load stage."""
    files = {picture.path: (picture.data, picture.media_type)
             for picture in brochure.pictures.values()}
    files.update(theme.font_files(brochure.theme))
    return files


def render_variant(brochure: load.Brochure, variant: load.Variant, *,
                   profile: pdf.Profile = pdf.PROFILES["screen"],
                   attachments: Mapping[Path, bytes] | None = None) -> pdf.Rendered:
    """HTML and PDF of one variant; an engine crash is reported with the page that causes it."""
    allowed = [brochure.root, *brochure.template_path, resources.STYLES]
    date = source_date()
    limit = brochure.settings.render_time_limit_s
    file = variant.file
    pictures = _files_in_memory(brochure)
    design = theme.stylesheet(brochure.theme)
    fits: dict[int, int] = {}
    try:
        with time_limit(limit):
            while True:
                html = render.render_html(template_path=brochure.template_path,
                                          language=variant.language, content=variant.content,
                                          theme=brochure.theme, fits=fits, date=date)
                rendered = pdf.render_pdf(
                    html, base_dir=brochure.root, stylesheets=STYLESHEETS,
                    allowed_roots=allowed, lang=i18n.language_tag(variant.language),
                    design=design, pictures=pictures, profile=profile,
                    attachments=attachments, date=date)
                tighter = _pages_to_tighten(rendered.misfits, fits)
                if not tighter:
                    break
                fits.update({page: fits.get(page, 0) + 1 for page in tighter})
    except RenderTimeout:
        raise UserError(Issue(
            file, None, None,
            f"rendering '{brochure.slug}' [{variant.language}] took longer than {limit} s "
            "and was stopped",
            hint="look for runaway content (a huge list or word), or raise "
                 "render_time_limit_s in brochure.yaml")) from None
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - the engine's crash becomes a located user error
        if not _raised_by_the_engine(exc):
            raise  # a bug of this tool: shown with its traceback, never blamed on the content
        page = _find_failing_page(brochure, variant, allowed, pictures, design)
        where = (f"page {page} (kind '{variant.content.pages[page - 1].kind}')"
                 if page else "the brochure as a whole")
        raise UserError(variant.document.issue_at(
            ("pages", page - 1) if page else (),
            f"the layout engine failed on {where} of '{brochure.slug}' [{variant.language}]: "
            f"{type(exc).__name__}: {exc}",
            hint="shorten or restructure the text of that page; if the problem stays, "
                 "report it with this message")) from exc
    page_limit = brochure.settings.page_limit
    if rendered.page_count > page_limit:
        raise UserError(Issue(
            file, None, None,
            f"'{brochure.slug}' [{variant.language}] has {rendered.page_count} pages, more than "
            f"the limit of {page_limit}",
            hint="shorten the content (see the fit report), or raise page_limit in "
                 "brochure.yaml"))
    return rendered


# How far a page that does not fit may be set tighter (see the fit levels in brochure.css:
# smaller pictures and icons, less space between blocks; never smaller type).
MAX_FIT_LEVEL = 3


def _pages_to_tighten(misfits: list[fit.Misfit], fits: dict[int, int]) -> set[int]:
    """The pages that do not fit and may still be set a level tighter: those whose content on
    extra sheets adds up to less than a page (more is too much content, not too loose a
    setting)."""
    spilled: dict[int, float] = {}
    for misfit in misfits:
        if misfit.what == "spill":
            spilled[misfit.page] = spilled.get(misfit.page, 0.0) + misfit.spilled_mm
    return {misfit.page for misfit in misfits
            if misfit.page and fits.get(misfit.page, 0) < MAX_FIT_LEVEL
            and spilled.get(misfit.page, 0.0) < misfit.limit.height / fit.PX_PER_MM}


def _raised_by_the_engine(exc: BaseException) -> bool:
    """Whether an exception comes from the layout engine (or a library under it) rather than
    from this tool's own code: only the engine's failures are blamed on the content."""
    tb = exc.__traceback__
    module = ""
    while tb is not None:
        module = str(tb.tb_frame.f_globals.get("__name__", ""))
        tb = tb.tb_next
    return module.split(".")[0] != __name__.split(".")[0]


class RenderTimeout(BaseException):
    """Raised inside the engine when the render time limit is over (a BaseException, so the
    engine's own `except Exception` blocks cannot swallow it)."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Stop the code inside after `seconds` (main thread only; elsewhere no limit applies)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise RenderTimeout()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _find_failing_page(brochure: load.Brochure, variant: load.Variant, allowed: list[Path],
                       pictures: dict[Path, tuple[bytes, str]], design: str) -> int | None:
    """Render page by page to find the one the engine cannot lay out."""
    for number in range(1, len(variant.content.pages) + 1):
        try:
            html = render.render_html(template_path=brochure.template_path,
                                      language=variant.language, content=variant.content,
                                      theme=brochure.theme, only_page=number)
            pdf.render_pdf(html, base_dir=brochure.root, stylesheets=STYLESHEETS,
                           allowed_roots=allowed, design=design, pictures=pictures)
        except Exception:  # noqa: BLE001
            return number
    return None


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it over the target.

    A crash or a failed build therefore never leaves a half-written or missing PDF.
    """
    _remove_orphaned_parts(target)
    handle = tempfile.NamedTemporaryFile(
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part",
        delete=False)
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _remove_orphaned_parts(target: Path) -> None:
    """Delete temporary files that killed builds left beside `target` (a running build's own
    file is kept: its process id is in the name)."""
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = part.name[len(target.name) + 2:].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's running process


def check(brochure_dir: Path) -> list[str]:
    """Validate every language file of a brochure without rendering; return the languages."""
    brochure = load.load(brochure_dir)
    problems = [issue for issues in brochure.problems.values() for issue in issues]
    for variant in brochure.variants.values():  # characters the theme's fonts cannot draw
        problems += fonts.uncovered(variant.document, brochure.theme)
    if problems:
        raise UserError(problems)
    return list(brochure.variants)
