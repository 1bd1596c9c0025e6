"""`report preview`: a local web page with every page of every language, rebuilt on each save.

One warm process does it all, so the engine is imported and warmed up once:

- the main thread renders: it waits for languages marked out of date, loads and renders one
  at a time (the language the reader looks at first), turns its pages into PNG images and
  publishes the result (the render time limit, a SIGALRM timer, works only in this thread);
- a thread watches the brochure folder (watchfiles) and marks languages out of date;
- a thread serves the page on 127.0.0.1; each open page holds a server-sent-events stream on
  which the state is pushed whenever it changes, and the page updates itself in place.

Nothing is written to disk: the PDFs and page images live in memory, served by their id only,
so the preview never touches the real output and there are no paths to traverse.
"""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import re
import secrets
import signal
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import watchfiles

from report.base import files, languages
from report.base.errors import Issue, UserError
from report.builder import parts
from report.builder import run as builder
from report.content import load
from report.design import brochure as brochures
from report.design import coverage as fonts
from report.pdf import draft, fit

HOST = "127.0.0.1"
DEFAULT_PORT = 8765
IMAGE_WIDTH_PX = 720  # page images: sharp in a column of up to ~480 CSS px on a HiDPI screen
KEEPALIVE_S = 15.0  # an idle event stream sends a comment this often (finds closed pages)
# Saves of these files change what the pages show; anything else in the folder (PDFs, PO files,
# translation fingerprints, editor swap files) does not.
WATCHED_SUFFIXES = frozenset({
    ".yaml", ".yml",  # content, settings and theme
    ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp",  # pictures, logos, icons
    ".html", ".htm", ".jinja", ".j2", ".css",  # the brochure's own templates
    ".ttf", ".otf", ".woff", ".woff2",  # the brochure's own fonts
})

Echo = Callable[[str], None]


def _print(line: str) -> None:
    print(line, flush=True)


# --- what the page shows --------------------------------------------------------------------

@dataclass(frozen=True)
class Sheet:
    """One PDF page as the preview shows it."""

    image: str  # id of its PNG in the image store
    width: int
    height: int
    text: str  # the page's text, for the image's alt text
    misfit: str = ""  # what does not fit on this sheet, or ""


@dataclass
class Column:
    """One language of the brochure: its last good render and what is wrong now."""

    language: str
    name: str  # the language's name for itself
    sheets: list[Sheet] = field(default_factory=list)
    pdf: bytes = b""  # the PDF (the marked draft when pages do not fit)
    draft: bool = False
    seconds: float = 0.0
    problems: list[tuple[str, Issue]] = field(default_factory=list)  # (kind, issue)
    stale: bool = False  # it did not render: the sheets are the last good ones
    building: bool = False


def _issue_json(kind: str, language: str, issue: Issue) -> dict[str, str]:
    return {"kind": kind, "language": language, "where": issue.location(), "path": issue.path,
            "message": issue.message, "hint": issue.hint, "text": str(issue)}


def _language_name(code: str) -> str:
    """The language's own name for itself (Deutsch, Türkçe, العربية), else its code."""
    import babel

    try:
        name = babel.Locale.parse(code).get_display_name(code) or code
    except (ValueError, LookupError, babel.UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


class Preview:
    """The state the page shows, shared by the render loop, the watcher and the server.

    Every change bumps `version` and wakes the event streams. The languages waiting to be
    rendered are `outdated`; the render loop takes the one looked at (`focus`) first.
    """

    def __init__(self, root: Path, slug: str = "") -> None:
        self.root = root
        self.slug = slug or root.name
        self.changed = threading.Condition()
        self.version = 0
        self.columns: dict[str, Column] = {}
        self.source = ""  # source language, once the folder could be read
        self.general: list[Issue] = []  # problems that stop every language (settings, source)
        self.images: dict[str, bytes] = {}  # id -> PNG bytes, for the sheets shown now
        self.focus = ""
        self.outdated: set[str] = set()
        self.everything = True  # all languages are out of date (the folder must be re-read)
        self.stopping = False
        self._json: tuple[int, bytes] = (-1, b"")
        self.store = parts.Store()  # the layouts of the pages, kept between rebuilds

    # -- called by the watcher and the server --

    def files_changed(self, paths: Iterable[Path]) -> None:
        """Saved files: mark the languages they change as out of date."""
        with self.changed:
            only = None if self.general else self._languages_of(paths)
            if only is None:
                self.everything = True
            else:
                self.outdated |= only
            self.changed.notify_all()

    def _languages_of(self, paths: Iterable[Path]) -> set[str] | None:
        """A translation's own file changes only that language; anything else (the source
        language, settings, pictures, templates, fonts, a language file added or deleted)
        changes every language: None."""
        found: set[str] = set()
        for path in paths:
            if (path.parent == self.root and path.suffix == ".yaml" and path.is_file()
                    and path.stem in self.columns and path.stem != self.source):
                found.add(path.stem)
            else:
                return None
        return found

    def look_at(self, language: str) -> bool:
        """The page says which language the reader looks at: it is rendered first."""
        with self.changed:
            if language not in self.columns:
                return False
            if self.focus != language:
                self.focus = language
                self._publish()
            return True

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()

    def image(self, ident: str) -> bytes | None:
        with self.changed:
            return self.images.get(ident)

    def pdf(self, language: str) -> tuple[bytes, bool] | None:
        with self.changed:
            column = self.columns.get(language)
            return (column.pdf, column.draft) if column is not None and column.pdf else None

    def state_json(self) -> tuple[int, bytes]:
        """The state as JSON for the page, with its version (made once per version)."""
        with self.changed:
            if self._json[0] != self.version:
                self._json = (self.version, json.dumps(self._state(), ensure_ascii=False)
                              .encode())
            return self._json

    def wait_newer(self, version: int, timeout: float) -> int:
        """Block until the state is newer than `version`, the timeout is over or the preview
        stops; the current version."""
        with self.changed:
            self.changed.wait_for(lambda: self.version != version or self.stopping, timeout)
            return self.version

    def _state(self) -> dict[str, Any]:
        problems = [_issue_json("error", "", issue) for issue in self.general]
        for column in self.columns.values():
            problems += [_issue_json(kind, column.language, issue)
                         for kind, issue in column.problems]
        building = next((c.language for c in self.columns.values() if c.building), "")
        return {
            "version": self.version, "slug": self.slug, "focus": self.focus,
            "building": building,
            "waiting": sorted(self.outdated) if not self.everything else list(self.columns),
            "problems": problems,
            "languages": [{
                "code": column.language, "name": column.name,
                "dir": languages.direction(column.language), "stale": column.stale,
                "building": column.building, "draft": column.draft,
                "seconds": round(column.seconds, 2),
                "pdf": f"/pdf/{column.language}.pdf" if column.pdf else "",
                "sheets": [{"src": f"/image/{sheet.image}.png", "width": sheet.width,
                            "height": sheet.height, "text": sheet.text, "misfit": sheet.misfit}
                           for sheet in column.sheets],
            } for column in self.columns.values()],
        }

    def _publish(self) -> None:
        """Call with the lock held: a new version for the event streams."""
        self.version += 1
        used = {sheet.image for column in self.columns.values() for sheet in column.sheets}
        for ident in list(self.images):
            if ident not in used:
                del self.images[ident]
        self.changed.notify_all()

    # -- called by the render loop (main thread) --

    def next_language(self, timeout: float) -> str | None:
        """Wait for work: the language to render next (the one looked at first), "" when the
        folder must be read again first, None on timeout or stop."""
        with self.changed:
            self.changed.wait_for(lambda: self.everything or self.outdated or self.stopping,
                                  timeout)
            if self.stopping:
                return None
            if self.everything:
                return ""
            waiting = [lang for lang in self.columns if lang in self.outdated]
            if not waiting:
                self.outdated.clear()
                return None
            chosen = self.focus if self.focus in waiting else waiting[0]
            self.outdated.discard(chosen)
            return chosen

    def folder_read(self, folder: load.Folder) -> None:
        """The folder could be read: its languages become the columns, all out of date."""
        with self.changed:
            self.everything = False
            self.source = folder.source_language
            self.slug = folder.slug
            self.columns = {lang: self.columns.get(lang) or Column(lang, _language_name(lang))
                            for lang in folder.languages}
            if self.focus not in self.columns:
                self.focus = folder.source_language
            self.outdated = set(self.columns)
            self._publish()

    def failed(self, issues: list[Issue]) -> None:
        """Settings or the source language are broken: no language can be rendered; every
        column keeps its last good pages, dimmed."""
        with self.changed:
            self.general = list(issues)
            self.everything = False
            self.outdated.clear()
            for column in self.columns.values():
                column.stale = True
                column.building = False
                column.problems = []
            self._publish()

    def building(self, language: str) -> None:
        with self.changed:
            for column in self.columns.values():
                column.building = column.language == language
            self._publish()

    def rendered(self, language: str, *, sheets: list[Sheet] | None = None,
                 images: dict[str, bytes] | None = None, pdf: bytes = b"", is_draft: bool = False,
                 seconds: float = 0.0, problems: list[tuple[str, Issue]] | None = None) -> None:
        """A language is done: new pages (or, with `sheets` None, only problems: the last
        good pages stay, dimmed)."""
        with self.changed:
            column = self.columns.get(language)
            if column is None:  # its file is gone meanwhile
                return
            self.general = []  # the language loaded: settings and source language are fine
            column.building = False
            column.problems = list(problems or [])
            if sheets is None:
                column.stale = True
            else:
                self.images.update(images or {})
                column.sheets, column.pdf, column.draft = sheets, pdf, is_draft
                column.seconds, column.stale = seconds, False
            self._publish()


# --- rendering ------------------------------------------------------------------------------

def render_loop(preview: Preview, echo: Echo = _print) -> None:
    """Render what is out of date, one language at a time, until the preview stops.

    Runs in the main thread (the engine is imported once; its time limit works only there).
    """
    while not preview.stopping:
        language = preview.next_language(timeout=1.0)
        if language is None:
            continue
        if language == "":
            try:
                preview.folder_read(load.open_folder(preview.root))
            except UserError as error:
                preview.failed(error.issues)
                echo(f"preview: {_count(error.issues)} (shown in the page)")
            continue
        try:
            render_language(preview, language, echo)
        except UserError as error:  # settings or source language broken
            preview.failed(error.issues)
            echo(f"preview: {_count(error.issues)} (shown in the page)")
        except Exception as exc:  # noqa: BLE001 - a bug of this tool must not end the preview
            traceback.print_exc()
            preview.rendered(language, problems=[("error", Issue(
                None, None, None, f"the preview failed: {type(exc).__name__}: {exc}",
                hint="this is a bug of the tool; the terminal shows the details"))])


def _count(issues: list[Issue]) -> str:
    return f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"


def render_language(preview: Preview, language: str, echo: Echo = _print) -> None:
    """Load, check and render one language and publish its pages (or its problems)."""
    preview.building(language)
    started = time.perf_counter()
    brochure = brochures.load(preview.root, [language])  # UserError: settings or source broken
    if language in brochure.problems:
        issues = list(brochure.problems[language])
        preview.rendered(language, problems=[("error", issue) for issue in issues])
        echo(f"preview: {language}: {_count(issues)} (shown in the page)")
        return
    variant = brochure.variants[language]
    problems: list[tuple[str, Issue]] = [
        ("error", issue) for issue in fonts.uncovered(variant.document, brochure.theme)]
    try:
        # The store keeps each page's layout: after an edit, only changed pages are laid out.
        rendered = builder.render_variant(brochure, variant, store=preview.store)
    except UserError as error:
        preview.rendered(language, problems=problems + [("error", i) for i in error.issues])
        echo(f"preview: {language}: {_count(error.issues)} (shown in the page)")
        return
    problems += [("error", Issue(variant.file, None, None, f"refused to load {url}",
                                 hint="pictures, fonts and styles must be files inside the "
                                      "brochure folder"))
                 for url in dict.fromkeys(rendered.refused)]
    pdf = rendered.pdf
    labels: dict[int, list[str]] = {}
    if rendered.misfits:
        name = Path(files.pdf_name(brochure.slug, language))
        problems += [("error", issue) for issue in
                     builder.misfit_issues(variant, rendered.misfits, draft.draft_path(name))]
        pdf = draft.mark(rendered.pdf, rendered.misfits)
        for misfit in fit.summarize(rendered.misfits):
            labels.setdefault(misfit.sheet, []).append(
                f"does not fit: page {misfit.page} {misfit.describe()}")
    problems += [("warning", Issue(variant.file, None, None, f"layout engine warning: {w}"))
                 for w in rendered.warnings]
    if preview.stopping:  # stopped while rendering: the result may lack a picture
        return
    sheets, images = page_images(pdf, labels, known=preview.images)
    seconds = time.perf_counter() - started
    preview.rendered(language, sheets=sheets, images=images, pdf=pdf,
                     is_draft=bool(rendered.misfits), seconds=seconds, problems=problems)
    note = f", {_count([i for _, i in problems])} (shown in the page)" if problems else ""
    echo(f"preview: {language}: {len(sheets)} pages in {seconds:.1f} s{note}")


def page_images(pdf: bytes, labels: dict[int, list[str]], known: dict[str, bytes]
                ) -> tuple[list[Sheet], dict[str, bytes]]:
    """Every page of a PDF as a PNG with its text. An image is named by a hash of its pixels,
    so a page that did not change keeps its name (and the browser its cached copy)."""
    import pypdfium2

    sheets: list[Sheet] = []
    images: dict[str, bytes] = {}
    document = pypdfium2.PdfDocument(pdf)
    try:
        for number, page in enumerate(document, start=1):
            try:
                scale = IMAGE_WIDTH_PX / page.get_width()
                picture = page.render(scale=scale).to_pil()
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            ident = hashlib.sha256(picture.tobytes()).hexdigest()[:32]
            if ident not in known and ident not in images:
                buffer = io.BytesIO()
                picture.save(buffer, "PNG", compress_level=1)  # fast; served on localhost
                images[ident] = buffer.getvalue()
            sheets.append(Sheet(ident, picture.width, picture.height, _plain(text),
                                "; ".join(labels.get(number, []))))
    finally:
        document.close()
    return sheets, images


def _plain(text: str) -> str:
    """Text of a PDF page as one line: words broken by a hyphen at a line end joined again."""
    text = re.sub("\u2010\\s*\n\\s*", "", text)  # the engine's hyphenation at a line end
    text = re.sub("[\u00ad\ufffe\u2066-\u2069]", "", text)  # soft hyphens, bidi isolates
    return " ".join(text.split())


# --- watching -------------------------------------------------------------------------------

class _Watched(watchfiles.DefaultFilter):
    """Files whose save changes the pages (and not the usual editor and tool droppings)."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).suffix.lower() in WATCHED_SUFFIXES and super().__call__(change, path)


def watch(preview: Preview, stop: threading.Event, echo: Echo = _print) -> None:
    """Mark what a save changes as out of date, until `stop` is set (runs in a thread)."""
    try:
        for changes in watchfiles.watch(preview.root, watch_filter=_Watched(), stop_event=stop,
                                        step=50, rust_timeout=500, raise_interrupt=False):
            preview.files_changed(Path(path) for _, path in changes)
    except Exception as exc:  # noqa: BLE001 - e.g. the folder was deleted
        if not stop.is_set():
            echo(f"preview: stopped watching {preview.root}: {exc}")


# --- serving --------------------------------------------------------------------------------

class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    preview: Preview
    hosts: frozenset[str]


class _Handler(http.server.BaseHTTPRequestHandler):
    """The page, its event stream, the page images and the PDFs: nothing else, by id only."""

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 120  # an idle kept-alive connection is closed

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # the terminal shows rebuilds, not requests

    def _allowed(self) -> bool:
        # Only the preview's own address: a page elsewhere that points a name of its own at
        # 127.0.0.1 (DNS rebinding) gets nothing.
        if self.headers.get("Host", "") in self.server.hosts:
            return True
        self._send(403, b"forbidden\n", "text/plain; charset=utf-8")
        return False

    def _send(self, status: int, body: bytes, media_type: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if not self._allowed():
            return
        path = self.path.split("?", 1)[0]
        preview = self.server.preview
        if path in ("/", "/index.html"):
            nonce = secrets.token_urlsafe(16)
            self._send(200, page_html(preview.slug, nonce).encode(), "text/html; charset=utf-8",
                       {"Cache-Control": "no-store", "Content-Security-Policy": (
                           "default-src 'none'; img-src 'self'; connect-src 'self'; "
                           f"style-src 'nonce-{nonce}'; script-src 'nonce-{nonce}'; "
                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")})
        elif path == "/events":
            self._events()
        elif path == "/state":
            self._send(200, preview.state_json()[1], "application/json",
                       {"Cache-Control": "no-store"})
        elif (found := re.fullmatch(r"/image/([0-9a-f]{32})\.png", path)) and (
                data := preview.image(found[1])) is not None:
            # Named by their pixels: the same name is always the same image.
            self._send(200, data, "image/png",
                       {"Cache-Control": "private, max-age=31536000, immutable"})
        elif (found := re.fullmatch(r"/pdf/([A-Za-z-]{2,12})\.pdf", path)) and (
                pdf := preview.pdf(found[1])) is not None:
            data, is_draft = pdf
            name = files.pdf_name(preview.slug, found[1])
            if is_draft:
                name = draft.draft_path(Path(name)).name
            self._send(200, data, "application/pdf",
                       {"Cache-Control": "no-store",
                        "Content-Disposition": f'inline; filename="{name}"'})
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def do_POST(self) -> None:  # noqa: N802
        if not self._allowed():
            return
        length = int(self.headers.get("Content-Length") or 0) if (
            self.headers.get("Content-Length") or "0").isdigit() else -1
        if not 0 <= length <= 64:  # a language code, nothing more
            self.close_connection = True
            self._send(413, b"too large\n", "text/plain; charset=utf-8")
            return
        body = self.rfile.read(length).decode("ascii", "replace").strip()
        if self.path == "/focus" and self.server.preview.look_at(body):
            self._send(204, b"", "text/plain")
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _events(self) -> None:
        """Server-sent events: the whole state on connecting and after every change."""
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")  # the stream ends with the connection
        self.end_headers()
        self.close_connection = True
        seen = -1
        try:
            self.wfile.write(b"retry: 1000\n\n")
            while not preview.stopping:
                version, body = preview.state_json()
                if version != seen:
                    self.wfile.write(b"data: " + body + b"\n\n")
                    seen = version
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
                preview.wait_newer(seen, KEEPALIVE_S)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the page was closed


def start_server(preview: Preview, port: int) -> tuple[_Server, threading.Thread]:
    """Serve the preview on 127.0.0.1:`port` (0: any free port) in a thread."""
    try:
        server = _Server((HOST, port), _Handler)
    except OSError as exc:
        raise UserError(Issue(None, None, None, f"cannot listen on {HOST}:{port}: "
                                                f"{exc.strerror or exc}",
                              hint="another program (or preview) uses the port: give another "
                                   "one with --port, or --port 0 for any free one")) from None
    server.preview = preview
    bound = server.server_address[1]
    server.hosts = frozenset({f"{HOST}:{bound}", f"localhost:{bound}"})
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2},
                              name="preview-server", daemon=True)
    thread.start()
    return server, thread


class _Stopped(BaseException):
    """Ctrl-C or SIGTERM: a clean stop."""


def serve(brochure_dir: Path, *, port: int = DEFAULT_PORT, open_browser: bool = False,
          echo: Echo = _print) -> None:
    """Run the preview until Ctrl-C (or SIGTERM); print the address first."""
    root = brochure_dir.resolve()
    if not files.is_brochure(root):
        raise UserError(Issue(brochure_dir, None, None, f"has no {files.SETTINGS_FILE}",
                              hint="give the folder that holds brochure.yaml"))
    preview = Preview(root)
    server, server_thread = start_server(preview, port)
    url = f"http://{HOST}:{server.server_address[1]}/"
    echo(f"preview: {url}")
    stop = threading.Event()
    watcher = threading.Thread(target=watch, args=(preview, stop, echo), name="preview-watch",
                               daemon=True)
    watcher.start()
    if open_browser:  # some browsers block until they are closed: not on the main thread
        threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    def stop_signal(signum: int, frame: object) -> None:
        # The flag, not only the exception, ends the loop: WeasyPrint 70 swallows any
        # exception raised while it draws an SVG picture (`except BaseException`), so a Ctrl-C
        # then lets the current language finish first. A second one ends it at once.
        if preview.stopping:
            os._exit(130)
        preview.stop()
        raise _Stopped()

    previous = {number: signal.signal(number, stop_signal)
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        render_loop(preview, echo)
    except _Stopped:
        pass
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        preview.stop()
        stop.set()
        server.shutdown()
        server.server_close()
        server_thread.join(timeout=2)
        watcher.join(timeout=2)
    echo("preview: stopped")


# --- the page -------------------------------------------------------------------------------

_STYLE = """
:root { --ink: #1f2933; --soft: #52606d; --line: #d9dee4; --paper: #ffffff; --ground: #eef1f4;
  --focus: #1d5fb4; --bad: #c0262d; --bad-tint: #fdf0f0; --warn: #9a5b00; --warn-tint: #fff7e6; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", sans-serif;
  color: var(--ink); background: var(--ground); }
header.bar { position: sticky; top: 0; z-index: 2; display: flex; gap: 1rem; align-items: center;
  justify-content: space-between; padding: .6rem 1.25rem; background: var(--paper);
  border-bottom: 1px solid var(--line); }
header.bar h1 { margin: 0; font-size: 1rem; font-weight: 600; }
header.bar h1 span { color: var(--soft); font-weight: 400; }
header.bar .tip { margin: 0 auto 0 0; color: var(--soft); font-size: .85rem; }
#status { margin: 0; color: var(--soft); font-size: .9rem; display: flex; align-items: center;
  gap: .45rem; }
#status::before { content: ""; width: .6rem; height: .6rem; border-radius: 50%;
  background: #2f9e44; }
#status.building::before { background: var(--focus); animation: pulse 1s infinite alternate; }
#status.bad::before { background: var(--bad); }
#status.offline::before { background: #9aa5b1; }
@keyframes pulse { to { opacity: .25; } }
#problems { max-width: 72rem; margin: 1rem auto 0; padding: .9rem 1.1rem; background: var(--paper);
  border: 1px solid #efc4c4; border-left: 5px solid var(--bad); border-radius: 6px; }
#problems h2 { margin: 0 0 .5rem; font-size: 1rem; color: var(--bad); }
#problems h2 small { color: var(--soft); font-weight: 400; }
#problems ul { margin: 0; padding: 0; list-style: none; }
#problems li { padding: .45rem 0; border-top: 1px solid #f3dede; }
#problems li:first-child { border-top: 0; }
#problems li .kind { color: var(--warn); font-weight: 600; }
.where, .path { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .85rem; }
.where { font-weight: 600; }
.path { color: var(--soft); }
.hint { display: block; color: var(--soft); font-size: .9rem; }
#grid { display: grid; grid-template-columns: 2rem repeat(var(--n, 1), minmax(13rem, 30rem));
  justify-content: center; gap: 1.1rem 1.25rem; padding: 1rem 1.25rem 3rem; }
#grid > .empty { grid-column: 1 / -1; text-align: center; color: var(--soft); padding: 4rem 0; }
.lang { position: sticky; top: 3.1rem; z-index: 1; display: grid; grid-template-columns: 1fr auto;
  align-items: baseline; gap: .3rem .6rem; padding: .5rem .7rem; background: var(--paper);
  border: 1px solid var(--line); border-bottom: 3px solid var(--line); border-radius: 6px;
  cursor: pointer; align-self: end; }
.lang .badges { grid-column: 1 / -1; display: flex; flex-wrap: wrap; gap: .3rem; min-height: 1.3rem; }
.lang.focus { border-bottom-color: var(--focus); }
.lang button { all: unset; cursor: pointer; font-weight: 600; }
.lang button:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.lang .code { color: var(--soft); font-size: .85rem; }
.lang a { color: var(--focus); font-size: .9rem; }
.badge { font-size: .75rem; padding: .05rem .45rem; border-radius: 1rem; background: var(--ground);
  color: var(--soft); }
.badge.bad { background: var(--bad-tint); color: var(--bad); }
.badge.busy { background: #e6effa; color: var(--focus); }
.row { color: var(--soft); font-size: .8rem; text-align: right; align-self: center; }
figure { margin: 0; cursor: pointer; align-self: end; }  /* a label above keeps rows aligned */
figure img { display: block; width: 100%; height: auto; background: var(--paper);
  box-shadow: 0 1px 3px rgba(31, 41, 51, .25); transition: opacity .2s; }
figure.misfit img { outline: 3px solid var(--bad); outline-offset: 2px; }
figure figcaption { margin-bottom: .35rem; padding: .2rem .5rem; border-radius: 4px;
  background: var(--bad); color: #fff; font-size: .8rem; line-height: 1.3; }
figure.stale img { opacity: .4; filter: grayscale(.7); }
.blank { min-height: 4rem; border: 1px dashed var(--line); border-radius: 4px; }
"""

_SCRIPT = r"""
window.__loaded = true;  // a reload would clear it: updates happen in place
window.__imageLoads = {};  // key -> [src, time] of the last image that finished loading
const grid = document.getElementById('grid');
const panel = document.getElementById('problems');
const statusLine = document.getElementById('status');
let state = null;

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  node.append(...children.filter(c => c !== null && c !== undefined && c !== ''));
  return node;
}

function problems(list) {
  panel.hidden = list.length === 0;
  if (!list.length) return;
  const notes = [];
  if (state.languages.some(l => l.stale)) notes.push('dimmed pages are the last version that built');
  if (state.languages.some(l => l.sheets.some(s => s.misfit))) notes.push('pages that do not fit are outlined in red');
  panel.querySelector('h2').replaceChildren(
    `${list.length} problem${list.length === 1 ? '' : 's'} `,
    notes.length ? el('small', {text: '— ' + notes.join('; ')}) : '');
  panel.querySelector('ul').replaceChildren(...list.map(p => el('li', {class: p.kind},
    p.where ? el('span', {class: 'where', text: p.where + ':'}) : null, ' ',
    p.path ? el('span', {class: 'path', text: p.path + ':'}) : null, ' ',
    p.kind === 'warning' ? el('span', {class: 'kind', text: 'warning: '}) : null,
    el('span', {class: 'message', text: p.message}),
    p.hint ? el('span', {class: 'hint'}, el('b', {text: 'hint:'}), ' ' + p.hint) : null)));
}

function header(lang) {
  const badges = [];
  if (lang.building) badges.push(el('span', {class: 'badge busy', text: 'updating…'}));
  else if (state.waiting.includes(lang.code)) badges.push(el('span', {class: 'badge busy', text: 'waiting'}));
  if (lang.stale) badges.push(el('span', {class: 'badge bad', text: 'not updated: see problems'}));
  else if (lang.draft) badges.push(el('span', {class: 'badge bad', text: 'does not fit'}));
  if (!lang.stale && !lang.building && lang.sheets.length)
    badges.push(el('span', {class: 'badge', text: `${lang.sheets.length} pages · ${lang.seconds} s`}));
  const focused = lang.code === state.focus;
  return el('div', {class: 'lang' + (focused ? ' focus' : ''), 'data-lang': lang.code},
    el('span', {},
      el('button', {type: 'button', 'aria-pressed': String(focused), lang: lang.code,
                    title: 'Update this language first', text: lang.name}),
      ' ', el('span', {class: 'code', text: lang.code})),
    lang.pdf ? el('a', {href: lang.pdf, target: '_blank', rel: 'noopener',
                        text: lang.draft ? 'draft PDF' : 'PDF'}) : el('span'),
    el('span', {class: 'badges'}, ...badges));
}

function cell(lang, index, old) {
  const sheet = lang.sheets[index];
  if (!sheet) return el('div', {class: 'blank', 'data-lang': lang.code});
  const key = `${lang.code}/${index + 1}`;
  let img = old.get(key);
  if (!img) {
    img = el('img', {'data-key': key});
    img.addEventListener('load', () => {
      window.__imageLoads[img.dataset.key] = [img.getAttribute('src'), Date.now()];
    });
  }
  // The old picture stays on screen until the new one has loaded: no flicker.
  if (img.getAttribute('src') !== sheet.src) img.setAttribute('src', sheet.src);
  img.width = sheet.width; img.height = sheet.height;
  img.alt = `Page ${index + 1}: ${sheet.text}`;
  return el('figure', {class: sheet.misfit ? 'misfit' : '', 'data-lang': lang.code},
    sheet.misfit ? el('figcaption', {text: sheet.misfit}) : null, img);
}

function show(next) {
  state = next;
  document.title = `Preview: ${state.slug}`;
  document.getElementById('slug').textContent = state.slug;
  problems(state.problems);
  const langs = state.languages;
  const old = new Map([...grid.querySelectorAll('img[data-key]')].map(i => [i.dataset.key, i]));
  grid.style.setProperty('--n', Math.max(langs.length, 1));
  const cells = [];
  const rows = Math.max(0, ...langs.map(l => l.sheets.length));
  if (langs.length) {
    cells.push(el('div'), ...langs.map(header));
    for (let i = 0; i < rows; i++) {
      cells.push(el('div', {class: 'row', text: String(i + 1), 'aria-hidden': 'true'}));
      for (const lang of langs) {
        const c = cell(lang, i, old);
        if (lang.stale) c.classList.add('stale');
        c.setAttribute('lang', lang.code); c.setAttribute('dir', lang.dir);
        cells.push(c);
      }
    }
  }
  if (!rows) cells.push(el('p', {class: 'empty', text: state.problems.length
    ? 'Nothing to show yet: fix the problems above and save.' : 'Building the preview…'}));
  grid.replaceChildren(...cells);
  const errors = state.problems.filter(p => p.kind === 'error').length;
  if (state.building) setStatus('building', `Updating ${state.building}…`);
  else if (errors) setStatus('bad', `${errors} problem${errors === 1 ? '' : 's'} · updated ${new Date().toLocaleTimeString()}`);
  else setStatus('', `Up to date · ${new Date().toLocaleTimeString()}`);
}

function setStatus(kind, text) { statusLine.className = kind; statusLine.textContent = text; }

grid.addEventListener('click', event => {
  const target = event.target.closest('[data-lang]');
  if (!target || !state || target.dataset.lang === state.focus) return;
  state.focus = target.dataset.lang;
  for (const h of grid.querySelectorAll('.lang')) {
    const on = h.dataset.lang === state.focus;
    h.classList.toggle('focus', on);
    h.querySelector('button').setAttribute('aria-pressed', String(on));
  }
  fetch('/focus', {method: 'POST', body: state.focus});
});

const events = new EventSource('/events');
events.onmessage = event => show(JSON.parse(event.data));
events.onerror = () => setStatus('offline', 'Disconnected: is "report preview" still running? Retrying…');
"""


def page_html(slug: str, nonce: str) -> str:
    """The preview page: plain HTML, its style and a small script; nothing external."""
    from html import escape

    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Preview: {escape(slug)}</title>
<style nonce="{nonce}">{_STYLE}</style>
</head>
<body>
<header class="bar">
  <h1>Preview <span id="slug">{escape(slug)}</span></h1>
  <p class="tip">Click a language to update it first after a save.</p>
  <p id="status" role="status" aria-live="polite">Connecting…</p>
</header>
<section id="problems" hidden aria-live="polite"><h2></h2><ul></ul></section>
<main id="grid" aria-label="Pages, one column per language"></main>
<script nonce="{nonce}">{_SCRIPT}</script>
</body>
</html>
"""
