"""`report preview` from start to stop: the state, the server and watcher threads, the render
loop in the main thread, and Ctrl-C (or SIGTERM) for a clean stop."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import webbrowser
from pathlib import Path

from report.base import files
from report.base.errors import Issue, UserError
from report.content import load
from report.tools.preview import Echo, print_line
from report.tools.preview.rendering import render_loop
from report.tools.preview.server import HOST, start_server
from report.tools.preview.state import Preview
from report.tools.preview.watch import watch

DEFAULT_PORT = 8765


class _Stopped(BaseException):
    """Ctrl-C or SIGTERM: a clean stop."""


def serve(
    brochure_dir: Path,
    *,
    port: int = DEFAULT_PORT,
    open_browser: bool = False,
    echo: Echo = print_line,
) -> None:
    """Run the preview until Ctrl-C (or SIGTERM); print the address first."""
    root = brochure_dir.resolve()
    if not files.is_brochure(root):
        raise UserError(
            Issue(
                brochure_dir,
                None,
                None,
                f"has no {files.SETTINGS_FILE}",
                hint="give the folder that holds brochure.yaml",
            )
        )
    preview = Preview(root)
    # Read before the page is served, so that its first answer is in the brochure's language;
    # what is wrong with the folder is the render loop's to show.
    with contextlib.suppress(UserError):
        preview.folder_read(load.open_folder(root))
    server, server_thread = start_server(preview, port)
    url = f"http://{HOST}:{server.server_address[1]}/"
    echo(f"preview: {url}")
    stop = threading.Event()
    watcher = threading.Thread(
        target=watch, args=(preview, stop, echo), name="preview-watch", daemon=True
    )
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

    previous = {
        number: signal.signal(number, stop_signal) for number in (signal.SIGINT, signal.SIGTERM)
    }
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
