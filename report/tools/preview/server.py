"""The preview's web server on 127.0.0.1: the page (static/), its event stream, the page images
and the PDFs, by id only; nothing from disk but the page's own three files."""

from __future__ import annotations

import http.server
import importlib.resources
import json
import re
import sys
import threading
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from report.base import files, languages
from report.base.errors import Issue, UserError
from report.pdf import draft
from report.tools.preview import interface
from report.tools.preview.state import Preview

HOST = "127.0.0.1"
KEEPALIVE_S = 15.0  # an idle event stream sends a comment this often (finds closed pages)
# The page loads its style and script from here and nothing else: no inline script or style
# (nothing injected into the page can run), no other origin, no framing, no forms.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src 'self'; connect-src 'self'; "
    "style-src 'self'; script-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
# A reader that went away: a closed tab, a reset connection, a stopped download, a client
# slower than the socket's timeout. Normal events, not errors of the preview.
DISCONNECTED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)
FOCUS_BYTES = 64  # the most a POST /focus may carry: a language code, nothing more
_PLACE = re.compile(r"\{\{(\w+)\}\}")  # where index.html takes a value: {{name}}


@dataclass(frozen=True)
class Page:
    """The page's own files (static/ in this package), read once when the server starts."""

    html: str  # holds {{name}} where a value goes: the brochure's name, the page's words
    style: bytes
    script: bytes

    @classmethod
    def read(cls) -> Page:
        static = importlib.resources.files("report.tools.preview").joinpath("static")
        return cls(
            static.joinpath("index.html").read_text(encoding="utf-8"),
            static.joinpath("preview.css").read_bytes(),
            static.joinpath("preview.js").read_bytes(),
        )

    def html_for(self, slug: str, language: str) -> bytes:
        """The page in `language` (an interface language), with the brochure's name in its
        title and heading, and all its words for the script (each value escaped: the name
        comes from the brochure's settings; the script keeps it up to date from then on)."""
        text = interface.TEXTS[language]
        values = {
            **text,
            "lang": languages.tag(language),
            "dir": languages.direction(language),
            "slug": slug,
            "title": interface.fill(text["title"], slug=slug),
            "text": json.dumps(text, ensure_ascii=False),
        }
        return _PLACE.sub(lambda found: escape(values[found[1]]), self.html).encode()


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    preview: Preview
    hosts: frozenset[str]
    page: Page

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A reader that went away is no error: nothing to print, the connection is closed.
        Anything else is a bug of this tool: the usual traceback."""
        # Called inside the `except` of the request's thread: the exception is the current one.
        # Checked here, not in each handler, so no write or read of any request is missed:
        # the request line, the headers, a POST body, a page image, an event stream.
        if isinstance(sys.exc_info()[1], DISCONNECTED):
            return
        super().handle_error(request, client_address)


class _Handler(http.server.BaseHTTPRequestHandler):
    """The page, its event stream, the page images and the PDFs: nothing else, by id only."""

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = 120  # an idle kept-alive connection is closed

    def log_message(self, format: str, *args: Any) -> None:
        pass  # the terminal shows rebuilds, not requests

    def _allowed(self) -> bool:
        # Only the preview's own address: a page elsewhere that points a name of its own at
        # 127.0.0.1 (DNS rebinding) gets nothing.
        if self.headers.get("Host", "") in self.server.hosts:
            return True
        self._send(403, b"forbidden\n", "text/plain; charset=utf-8")
        return False

    def _send(
        self, status: int, body: bytes, media_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        if not self._allowed():
            return
        path = self.path.split("?", 1)[0]
        preview = self.server.preview
        page = self.server.page
        if path in ("/", "/index.html"):
            self._send(
                200,
                page.html_for(preview.slug, preview.interface_language),
                "text/html; charset=utf-8",
                {"Cache-Control": "no-store", "Content-Security-Policy": CONTENT_SECURITY_POLICY},
            )
        elif path == "/preview.css":
            self._send(200, page.style, "text/css; charset=utf-8", {"Cache-Control": "no-store"})
        elif path == "/preview.js":
            self._send(
                200, page.script, "text/javascript; charset=utf-8", {"Cache-Control": "no-store"}
            )
        elif path == "/events":
            self._events()
        elif path == "/state":
            self._send(
                200, preview.state_json()[1], "application/json", {"Cache-Control": "no-store"}
            )
        elif (found := re.fullmatch(r"/image/([0-9a-f]{32})\.png", path)) and (
            data := preview.image(found[1])
        ) is not None:
            # Named by their pixels: the same name is always the same image.
            self._send(
                200, data, "image/png", {"Cache-Control": "private, max-age=31536000, immutable"}
            )
        elif (found := re.fullmatch(r"/pdf/([A-Za-z-]{2,12})\.pdf", path)) and (
            pdf := preview.pdf(found[1])
        ) is not None:
            data, is_draft = pdf
            name = files.pdf_name(preview.slug, found[1])
            if is_draft:
                name = draft.draft_path(Path(name)).name
            self._send(
                200,
                data,
                "application/pdf",
                {"Cache-Control": "no-store", "Content-Disposition": f'inline; filename="{name}"'},
            )
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def do_POST(self) -> None:
        if not self._allowed():
            return
        length = (
            int(self.headers.get("Content-Length") or 0)
            if (self.headers.get("Content-Length") or "0").isdigit()
            else -1
        )
        if not 0 <= length <= FOCUS_BYTES:
            self.close_connection = True
            self._send(413, b"too large\n", "text/plain; charset=utf-8")
            return
        body = self.rfile.read(length).decode("ascii", "replace").strip()
        if self.path == "/focus" and self.server.preview.look_at(body):
            self._send(204, b"", "text/plain")
        else:
            self._send(404, b"not found\n", "text/plain; charset=utf-8")

    def _events(self) -> None:
        """Server-sent events: the whole state on connecting and after every change.

        A closed page ends the stream: the next write raises one of DISCONNECTED, which
        `_Server.handle_error` takes as the normal end it is.
        """
        preview = self.server.preview
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")  # the stream ends with the connection
        self.end_headers()
        self.close_connection = True
        seen = -1
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


def start_server(preview: Preview, port: int) -> tuple[_Server, threading.Thread]:
    """Serve the preview on 127.0.0.1:`port` (0: any free port) in a thread."""
    page = Page.read()  # before listening: a broken installation fails here, not per request
    try:
        server = _Server((HOST, port), _Handler)
    except OSError as exc:
        raise UserError(
            Issue(
                None,
                None,
                None,
                f"cannot listen on {HOST}:{port}: {exc.strerror or exc}",
                hint="another program (or preview) uses the port: give another "
                "one with --port, or --port 0 for any free one",
            )
        ) from None
    server.preview = preview
    server.page = page
    bound = server.server_address[1]
    server.hosts = frozenset({f"{HOST}:{bound}", f"localhost:{bound}"})
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.2},
        name="preview-server",
        daemon=True,
    )
    thread.start()
    return server, thread
