"""The orchestrator: load once -> HTML -> PDF -> checks -> write, for each language of a brochure.

A build is a plain function call with no module-level state, so a long-running process (watch
mode, a worker pool) can call it again and again.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from report.base import files, languages, resources
from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.builder import parts, uptodate
from report.content import markup, translation
from report.content.load import Variant, picture_uses
from report.design import brochure as brochures
from report.design import coverage as fonts
from report.design import theme
from report.design.brochure import Brochure
from report.pdf import draft, fit
from report.pdf import engine as pdf
from report.render import catalogs
from report.render import html as render
from report.render import views as blocks

DEFAULT_OUTPUT = files.DEFAULT_OUTPUT
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
    up_to_date: bool = False  # nothing changed since it was built: not built again

    @classmethod
    def fresh(cls, fresh: uptodate.Fresh) -> Output:
        record = fresh.record
        return cls(fresh.language, fresh.profile, fresh.path, record.pages, record.size, 0.0,
                   record.warnings, record.misfits, record.untranslated, up_to_date=True)


def default_jobs() -> int:
    """The machine's cores (those this process may use)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def build(brochure_dir: Path, *, languages: list[str] | None = None,
          output_dir: Path = DEFAULT_OUTPUT, strict: bool = False,
          profile: str | Sequence[str] = "screen", allow_overflow: bool = False,
          force: bool = False, jobs: int = 1,
          on_result: Callable[[Output], None] | None = None,
          store: parts.Store | None = None,
          snapshot: uptodate.Snapshot | None = None) -> list[Output]:
    """Build the PDFs of the given languages (all when None) in the given profiles into
    `output_dir`; outputs whose inputs have not changed are not built again (unless `force`).

    Every language is attempted; problems of all of them are raised together at the end, so one
    broken translation does not hide the state of the others. Earlier PDFs are only ever
    replaced by complete new ones, and never by one whose pages do not fit (unless
    `allow_overflow`). With `jobs` > 1, the PDFs are built in that many worker processes; the
    files are the same as with one. `on_result` hears of each PDF as soon as it is done. A
    long-running process passes its `store` of laid-out pages (see parts.py): then only the
    pages that changed are laid out again, in this process. A caller that has hashed the
    inputs already (to see whether anything is to do) passes that `snapshot`.
    """
    names = [profile] if isinstance(profile, str) else list(dict.fromkeys(profile))
    output_dir.mkdir(parents=True, exist_ok=True)
    if snapshot is None and brochure_dir.is_dir():  # the inputs as they are before reading
        snapshot = uptodate.Snapshot(brochure_dir, output_dir)
    brochure = brochures.load(brochure_dir, languages)
    results: list[Output] = []
    problems: list[Issue] = [issue for issues in brochure.problems.values() for issue in issues]
    tasks: list[Task] = []
    for variant in brochure.variants.values():
        for name in names:
            chosen = pdf.PROFILES[name]
            target = output_dir / files.pdf_name(brochure.slug, variant.language, chosen.suffix)
            key = snapshot.key(variant.language, chosen) if snapshot else ""
            record = None if force or not key else uptodate.current(target, key)
            if record is not None and record.acceptable(strict=strict,
                                                        allow_overflow=allow_overflow):
                done = Output.fresh(uptodate.Fresh(variant.language, name, target, record))
                results.append(done)
                if on_result:
                    on_result(done)
                continue
            tasks.append(Task(variant.language, name, key, uptodate.last_seconds(target)))
    # The longest builds first (as long as the last time; unknown ones first of all): the
    # workers then finish close together instead of one waiting for a long build at the end.
    tasks.sort(key=lambda task: -(task.seconds if task.seconds is not None else float("inf")))
    options: dict[str, Any] = {"strict": strict, "allow_overflow": allow_overflow,
                               "store": store}
    for task, output, issues in _run(brochure, output_dir, tasks, options,
                                     1 if store is not None else jobs):
        if output is not None:
            results.append(output)
            if on_result:
                on_result(output)
        problems.extend(issues)
    order = {(language, name): index for index, (language, name) in
             enumerate((language, name) for language in brochure.variants for name in names)}
    results.sort(key=lambda out: order[(out.language, out.profile)])
    if problems:
        written = ", ".join(dict.fromkeys(result.language for result in results))
        wanted = (len(brochure.variants) + len(brochure.problems)) * len(names)
        raise UserError(problems, title=(f"{len(results)} of {wanted} PDFs written or up to "
                                         f"date ({written}); problems:" if results else ""))
    return results


@dataclass(frozen=True)
class Task:
    """One PDF to build: a language in a profile, and the key of its inputs."""

    language: str
    profile: str
    key: str
    seconds: float | None = None  # how long its last build took, if known


# What a worker process builds from: set in the parent before the workers are forked, so
# the brochure loaded once is shared with them, not read or sent again.
_SHARED: tuple[Brochure, Path, list[Task], dict[str, Any]] | None = None


def _build_task(index: int) -> tuple[int, Output | None, list[Issue]]:
    assert _SHARED is not None
    brochure, output_dir, tasks, options = _SHARED
    task = tasks[index]
    try:
        output = build_variant(brochure, brochure.variants[task.language], output_dir,
                               profile=pdf.PROFILES[task.profile], key=task.key, **options)
    except UserError as error:
        return index, None, list(error.issues)
    return index, output, []


def _run(brochure: Brochure, output_dir: Path, tasks: list[Task],
         options: dict[str, Any], jobs: int
         ) -> Iterator[tuple[Task, Output | None, list[Issue]]]:
    """Build the tasks here, or in `jobs` forked worker processes (each its own engine, its
    own warnings and its own time limit), yielding each result as it comes."""
    global _SHARED
    _SHARED = (brochure, output_dir, tasks, options)
    try:
        workers = min(jobs, len(tasks))
        if workers <= 1:
            for index in range(len(tasks)):
                yield tasks[index], *_build_task(index)[1:]
            return
        import multiprocessing

        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for index, output, issues in pool.imap_unordered(_build_task, range(len(tasks))):
                yield tasks[index], output, issues
    finally:
        _SHARED = None


def build_variant(brochure: Brochure, variant: Variant, output_dir: Path, *,
                  strict: bool = False,
                  profile: pdf.Profile = pdf.PROFILES["screen"],
                  allow_overflow: bool = False, key: str = "",
                  store: parts.Store | None = None) -> Output:
    """One language: check, render, check the fit, write."""
    started = time.perf_counter()
    if missing_glyphs := fonts.uncovered(variant.document, brochure.theme):
        raise UserError(missing_glyphs)
    notes = translation_report(brochure, variant)
    target = output_dir / files.pdf_name(brochure.slug, variant.language, profile.suffix)
    rendered = render_variant(brochure, variant, profile=profile,
                              attachments={variant.file: variant.document.text.encode()}
                              if profile.attach_source else {}, store=store)
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
    output = Output(variant.language, profile.name, target, rendered.page_count,
                    len(rendered.pdf), time.perf_counter() - started, rendered.warnings,
                    [str(issue) for issue in misfits], [str(note) for note in notes])
    if key:
        uptodate.remember(target, key, rendered.pdf, pages=output.pages,
                          warnings=output.warnings, misfits=output.misfits,
                          untranslated=output.untranslated, seconds=output.seconds)
    else:
        uptodate.forget(target)
    return output


def misfit_issues(variant: Variant, misfits: list[fit.Misfit], draft_file: Path | None
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
            "shrunk); " + (f"{draft_file.name} shows in red what does not fit" if draft_file
                           else "report build writes a draft that shows it in red")))
    return issues


def lost_issues(variant: Variant, lost: list[str]) -> list[Issue]:
    """Texts the layout engine left out of the PDF, located at the content they come from."""
    issues = []
    for text in dict.fromkeys(lost):
        path: tuple[str | int, ...] = ()
        for page in range(1, len(variant.content.pages) + 1):
            path = _content_path(variant, page, text)
            if len(path) > 2:
                break
        issues.append(variant.document.issue_at(
            path if len(path) > 2 else (),
            f'the layout engine left this text out of the PDF: "{fit._short(text)}"',
            "a fault of the layout engine, not of the text: another page format or another "
            "order of the blocks avoids it; please report it with this message"))
    return issues


def _content_path(variant: Variant, page: int, text: str) -> tuple[str | int, ...]:
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


def translation_report(brochure: Brochure, variant: Variant) -> list[Issue]:
    """Texts that fall back to the source language, stale texts, untranslated furniture."""
    notes: list[Issue] = []
    if variant.status is not None:
        notes += [entry.where for entry in variant.status.of("missing")]
        notes += [entry.where for entry in variant.status.of("stale")]
    env = render.make_environment(brochure.template_path, variant.language)
    notes += catalogs.missing_interface_strings(
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


def check_size_budget(data: bytes, brochure: Brochure, file: Path) -> None:
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
        brochure.root / files.SETTINGS_FILE, None, None,
        f"the screen PDF of {file.name} is {len(data) / 1024:.0f} KiB, over the budget of "
        f"{budget // 1024} KiB; largest parts: {largest or 'page content'}",
        hint="use fewer or simpler pictures (SVG where possible), or raise size_budget_kib in "
             "brochure.yaml"))


def _files_in_memory(brochure: Brochure) -> dict[Path, tuple[bytes, str]]:
    """The pictures and fonts the renderer asks for, already read by the load stage."""
    files = {picture.path: (picture.data, picture.media_type)
             for picture in brochure.pictures.values()}
    files.update(theme.font_files(brochure.theme))
    return files


def render_variant(brochure: Brochure, variant: Variant, *,
                   profile: pdf.Profile = pdf.PROFILES["screen"],
                   attachments: Mapping[Path, bytes] | None = None,
                   store: parts.Store | None = None) -> pdf.Rendered:
    """HTML and PDF of one variant; an engine crash is reported with the page that causes it.

    With a `store` (a long-running process), the variant is laid out page by page and the
    pages that have not changed since the last build are taken from the store."""
    allowed = [brochure.root, *brochure.template_path, resources.STYLES]
    date = source_date()
    limit = brochure.settings.render_time_limit_s
    file = variant.file
    pictures = _files_in_memory(brochure)
    design = theme.stylesheet(brochure.theme)
    try:
        with time_limit(limit):
            if store is not None and not _own_skeleton(brochure):
                rendered = parts.render_by_page(
                    cache=store.cache(brochure.root, variant.language, profile.name),
                    engine=lambda: pdf.Engine(
                        base_dir=brochure.root, stylesheets=STYLESHEETS, allowed_roots=allowed,
                        design=design, pictures=pictures, profile=profile,
                        attachments=attachments),
                    setup=_setup_key(allowed, design, pictures, profile, attachments),
                    template_path=list(brochure.template_path), language=variant.language,
                    content=variant.content, theme=brochure.theme,
                    lang=languages.tag(variant.language), date=date,
                    attachments=attachments, tighten=_pages_to_tighten)
            else:
                fits: dict[int, int] = {}
                while True:  # the whole document, set tighter where pages do not fit
                    html = render.render_html(template_path=brochure.template_path,
                                              language=variant.language,
                                              content=variant.content, theme=brochure.theme,
                                              fits=fits, date=date)
                    rendered = pdf.render_pdf(
                        html, base_dir=brochure.root, stylesheets=STYLESHEETS,
                        allowed_roots=allowed, lang=languages.tag(variant.language),
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
    # What the engine would leave out of the PDF is an error wherever a variant is rendered.
    if failed := [w for w in rendered.warnings if w.startswith(pdf.ENGINE_ERROR)]:
        raise UserError([_engine_error(brochure, variant, w[len(pdf.ENGINE_ERROR):])
                         for w in dict.fromkeys(failed)])
    if rendered.lost:
        raise UserError(lost_issues(variant, rendered.lost))
    page_limit = brochure.settings.page_limit
    if rendered.page_count > page_limit:
        raise UserError(Issue(
            file, None, None,
            f"'{brochure.slug}' [{variant.language}] has {rendered.page_count} pages, more than "
            f"the limit of {page_limit}",
            hint="shorten the content (see the fit report), or raise page_limit in "
                 "brochure.yaml"))
    return rendered


def _engine_error(brochure: Brochure, variant: Variant, message: str) -> Issue:
    """Something the engine could not draw and left out of the PDF (WeasyPrint logs it and
    goes on): an error at the picture's place in the YAML where the message names one."""
    from urllib.parse import unquote, urlsplit

    url = message.rsplit(" ", 1)[-1]
    src = ""
    if urlsplit(url).scheme == "file":
        try:
            src = Path(unquote(urlsplit(url).path)).resolve().relative_to(
                brochure.root.resolve()).as_posix()
        except ValueError:
            src = ""
    uses = [path for path, value in picture_uses(variant.document) if value == src]
    if uses:
        return variant.document.issue_at(
            uses[0], f"the layout engine could not draw the picture {src}, and would leave it "
                     "out of the PDF", "the file is damaged or uses SVG the engine cannot draw "
                     "(check its viewBox and sizes); export it again, or use PNG")
    return Issue(variant.file, None, None,
                 f"the layout engine could not draw part of the brochure: {message}",
                 hint="it would be missing from the PDF; if the message names a file, check or "
                      "replace it, else report it with this message")


# How far a page that does not fit may be set tighter (see the fit levels in brochure.css:
# smaller pictures and icons, less space between blocks; never smaller type).
MAX_FIT_LEVEL = 3


def _own_skeleton(brochure: Brochure) -> bool:
    """Whether the brochure brings its own document skeleton or table of contents: those of
    the tool know how to be laid out page by page (see parts.py), a brochure's may not."""
    own = brochure.template_path[:-1]
    return any((folder / name).exists() for folder in own
               for name in ("base.html", "pages/contents.html"))


def _setup_key(allowed: list[Path], design: str, pictures: Mapping[Path, tuple[bytes, str]],
               profile: pdf.Profile, attachments: Mapping[Path, bytes] | None) -> str:
    """Everything the engine set-up of a page-by-page render depends on."""
    hasher = hashlib.sha256(f"{profile}\n{allowed}\n{design}\n".encode())
    for sheet in STYLESHEETS + ([STYLESHEETS[0].parent / profile.stylesheet]
                                if profile.stylesheet else []):
        hasher.update(sheet.read_bytes())
    for path, (data, mime) in sorted({**pictures, **{
            p: (d, "") for p, d in (attachments or {}).items()}}.items()):
        hasher.update(f"{path}\0{mime}\0".encode() + hashlib.sha256(data).digest())
    return hasher.hexdigest()


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
    # Then again every quarter second: WeasyPrint swallows any exception while it draws an
    # SVG (even this BaseException), so a single alarm could be lost there.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _find_failing_page(brochure: Brochure, variant: Variant, allowed: list[Path],
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


def check(brochure_dir: Path, *, render: bool = False) -> dict[str, str]:
    """Validate every language file of a brochure; with `render`, also lay every language out
    and check that each page fits, the engine has nothing to say, and the PDF passes the
    PDF/UA-1 validation — without writing anything. Returns a summary per language."""
    brochure = brochures.load(brochure_dir)
    problems = [issue for issues in brochure.problems.values() for issue in issues]
    summary: dict[str, str] = {}
    for variant in brochure.variants.values():  # characters the theme's fonts cannot draw
        missing = fonts.uncovered(variant.document, brochure.theme)
        problems += missing
        summary[variant.language] = "content and glyphs ok"
        if not render or missing:
            continue
        try:
            rendered = render_variant(brochure, variant)
        except UserError as error:
            problems += error.issues
            continue
        problems += misfit_issues(variant, rendered.misfits, None)
        problems += [Issue(variant.file, None, None, f"layout engine warning: {warning}",
                           hint="fix the cause (report build --strict refuses it)")
                     for warning in rendered.warnings]
        summary[variant.language] = (f"{rendered.page_count} pages, every page fits, "
                                     f"{accessibility(rendered.pdf, variant.file, problems)}")
    if problems:
        raise UserError(problems)
    return summary


def accessibility(data: bytes, file: Path, problems: list[Issue]) -> str:
    """Validate a PDF against PDF/UA-1 (page-validation, the checker the tests use); its
    failures are added to `problems`. Returns what was checked."""
    try:
        import page as page_validation
    except ImportError:
        return ("PDF/UA-1 not validated (install page-validation: "
                ".venv/bin/pip install 'page-validation>=0.11,<0.12')")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "check.pdf"
        path.write_bytes(data)
        report = page_validation.validate_pdf(str(path), profile="ua1")
    failures = [str(failure) for failure in report.failures]
    problems += [Issue(file, None, None, f"PDF/UA-1: {failure}",
                       hint="an accessibility failure of the PDF; if the content cannot cause "
                            "it, report it with this message") for failure in failures]
    return f"PDF/UA-1 {'passed' if not failures else f'{len(failures)} failure(s)'}"
