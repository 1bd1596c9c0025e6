"""The orchestrator: load -> validate -> HTML -> PDF -> write, for each language of a brochure.

A build is a plain function call with no module-level state, so a long-running process (watch
mode, a worker pool) can call it again and again.
"""

from __future__ import annotations

import contextlib
import glob
import os
import signal
import threading
from collections.abc import Iterator
import tempfile
import time
from datetime import datetime, timezone
from dataclasses import dataclass, field
from pathlib import Path

from . import content, fonts, i18n, markup, pdf, render
from .errors import Issue, UserError

DEFAULT_BROCHURE = render.PROJECT_ROOT / "content" / "lokale-buendnisse-2019"
DEFAULT_OUTPUT = Path("output")
STYLESHEETS = [render.PROJECT_STYLES / "brochure.css"]
FONT_DIR = render.PROJECT_STYLES / "fonts"


@dataclass
class VariantResult:
    """What one language's build produced."""

    language: str
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)  # fallbacks, stale texts, furniture


def build(brochure_dir: Path, *, languages: list[str] | None = None,
          output_dir: Path = DEFAULT_OUTPUT, strict: bool = False,
          profile: str = "screen") -> list[VariantResult]:
    """Build the PDFs of the given languages (all when None) into `output_dir`.

    Every language is attempted; problems of all of them are raised together at the end, so one
    broken translation does not hide the state of the others. Earlier PDFs are only ever
    replaced by complete new ones.
    """
    brochure = content.open_brochure(brochure_dir)
    wanted = list(brochure.languages) if not languages else languages
    output_dir.mkdir(parents=True, exist_ok=True)
    covered = fonts.covered_characters(FONT_DIR)
    results: list[VariantResult] = []
    problems: list[Issue] = []
    source = brochure.settings.source_language
    if any(language != source for language in wanted):
        # Translations are laid over the source: a broken source is reported as itself,
        # not as echoes in every translation.
        content.load_variant(brochure, source)
    for language in wanted:
        try:
            results.append(build_variant(brochure, language, output_dir, strict=strict,
                                         covered=covered, profile=pdf.PROFILES[profile]))
        except UserError as error:
            problems.extend(error.issues)
    if problems:
        written = ", ".join(result.language for result in results)
        raise UserError(problems, title=(f"wrote {len(results)} of {len(wanted)} PDFs "
                                         f"({written}); problems:" if results else ""))
    return results


def build_variant(brochure: content.Brochure, language: str, output_dir: Path, *,
                  strict: bool = False, covered: frozenset[int] | None = None,
                  profile: pdf.Profile = pdf.PROFILES["screen"]) -> VariantResult:
    """One language: load, check, render, check the fit, write."""
    started = time.perf_counter()
    loaded = content.load_variant(brochure, language)
    if covered is None:
        covered = fonts.covered_characters(FONT_DIR)
    if missing_glyphs := fonts.uncovered(loaded.document, covered):
        raise UserError(missing_glyphs)
    variant = render.Variant(brochure.root, language, loaded.content)
    translation_notes = translation_report(loaded, variant)
    file = brochure.file(language)
    rendered = render_variant(brochure, variant, profile=profile,
                              attachments=[file] if profile.attach_source else [])
    if rendered.refused:
        raise UserError([
            Issue(file, None, None, f"refused to load {url}",
                  hint="pictures, fonts and styles must be files inside the brochure folder, "
                       "templates/ or styles/; nothing is fetched from the network")
            for url in dict.fromkeys(rendered.refused)])
    fit_report = [f"{language}: {misfit}" for misfit in rendered.misfits]
    if strict and (rendered.warnings or fit_report or translation_notes):
        raise UserError(
            [Issue(file, None, None, f"layout engine warning: {w}",
                   hint="fix the cause, or build without --strict") for w in rendered.warnings]
            + [Issue(file, None, None, f"does not fit: {m}",
                     hint="shorten the text of that page or split it over two pages")
               for m in fit_report]
            + translation_notes)
    if profile.name == "screen":
        check_size_budget(rendered.pdf, brochure, file)
    target = output_dir / f"{brochure.slug}-{language}{profile.suffix}.pdf"
    write_atomically(target, rendered.pdf)
    return VariantResult(language, target, rendered.page_count, len(rendered.pdf),
                         time.perf_counter() - started, rendered.warnings, fit_report,
                         [str(note) for note in translation_notes])


def translation_report(loaded: content.LoadedVariant, variant: render.Variant) -> list[Issue]:
    """Texts that fall back to the source language, stale texts, untranslated furniture."""
    notes: list[Issue] = []
    if loaded.status is not None:
        notes += [entry.where for entry in loaded.status.of("missing")]
        notes += [entry.where for entry in loaded.status.of("stale")]
    env = render.make_environment(variant.template_path, variant.language)
    notes += i18n.missing_interface_strings(variant.language, variant.template_path, env)
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


def check_size_budget(data: bytes, brochure: content.Brochure, file: Path) -> None:
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
        brochure.root / content.SETTINGS_FILE, None, None,
        f"the screen PDF of {file.name} is {len(data) / 1024:.0f} KiB, over the budget of "
        f"{budget // 1024} KiB; largest parts: {largest or 'page content'}",
        hint="use smaller pictures (SVG, or JPEG/PNG at most 2000 px wide), or raise "
             "size_budget_kib in brochure.yaml"))


def render_variant(brochure: content.Brochure, variant: render.Variant, *,
                   profile: pdf.Profile = pdf.PROFILES["screen"],
                   attachments: list[Path] | None = None) -> pdf.Rendered:
    """HTML and PDF of one variant; an engine crash is reported with the page that causes it."""
    allowed = [brochure.root, *variant.template_path, render.PROJECT_STYLES]
    titles = {n: markup.plain_text(getattr(page, "title", ""))
              for n, page in enumerate(variant.content.pages, start=1)}
    date = source_date()
    limit = brochure.settings.render_time_limit_s
    file = brochure.file(variant.language)
    try:
        with time_limit(limit):
            rendered = pdf.render_pdf(
                render.render_html(variant, date=date), base_dir=brochure.root,
                stylesheets=STYLESHEETS, allowed_roots=allowed, titles=titles,
                profile=profile, attachments=attachments, date=date)
    except RenderTimeout:
        raise UserError(Issue(
            file, None, None,
            f"rendering '{brochure.slug}' [{variant.language}] took longer than {limit} s "
            "and was stopped",
            hint="look for runaway content (a huge list or word), or raise "
                 "render_time_limit_s in brochure.yaml")) from None
    except Exception as exc:  # noqa: BLE001 - the engine's crash becomes a located user error
        page = _find_failing_page(variant, allowed)
        where = (f"page {page} (kind '{variant.content.pages[page - 1].kind}')"
                 if page else "the brochure as a whole")
        raise UserError(Issue(
            brochure.file(variant.language), None, None,
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


def _find_failing_page(variant: render.Variant, allowed: list[Path]) -> int | None:
    """Render page by page to find the one the engine cannot lay out."""
    for number in range(1, len(variant.content.pages) + 1):
        try:
            pdf.render_pdf(render.render_html(variant, only_page=number), base_dir=variant.root,
                           stylesheets=STYLESHEETS, allowed_roots=allowed)
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
    brochure = content.open_brochure(brochure_dir)
    # Translations are laid over the source: with a broken source, their errors are echoes.
    content.load_variant(brochure, brochure.settings.source_language)
    problems: list[Issue] = []
    for language in brochure.languages[1:]:
        try:
            content.load_variant(brochure, language)
        except UserError as error:
            problems.extend(error.issues)
    if problems:
        raise UserError(problems)
    return list(brochure.languages)
