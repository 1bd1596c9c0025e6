"""Watching the brochure folder: a save marks the languages it changes as out of date."""

from __future__ import annotations

import threading
from pathlib import Path

import watchfiles

from report.tools.preview import Echo, print_line
from report.tools.preview.state import Preview

# Saves of these files change what the pages show; anything else in the folder (PDFs, PO files,
# translation fingerprints, editor swap files) does not.
WATCHED_SUFFIXES = frozenset(
    {
        ".yaml",
        ".yml",  # content, settings and theme
        ".svg",
        ".png",
        ".jpg",
        ".jpeg",
        ".gif",
        ".webp",  # pictures, logos, icons
        ".html",
        ".htm",
        ".jinja",
        ".j2",
        ".css",  # the brochure's own templates
        ".ttf",
        ".otf",
        ".woff",
        ".woff2",  # the brochure's own fonts
    }
)


class _Watched(watchfiles.DefaultFilter):
    """Files whose save changes the pages (and not the usual editor and tool droppings)."""

    def __call__(self, change: watchfiles.Change, path: str) -> bool:
        return Path(path).suffix.lower() in WATCHED_SUFFIXES and super().__call__(change, path)


def watch(preview: Preview, stop: threading.Event, echo: Echo = print_line) -> None:
    """Mark what a save changes as out of date, until `stop` is set (runs in a thread)."""
    try:
        for changes in watchfiles.watch(
            preview.root,
            watch_filter=_Watched(),
            stop_event=stop,
            step=50,
            rust_timeout=500,
            raise_interrupt=False,
        ):
            preview.files_changed(Path(path) for _, path in changes)
    except Exception as exc:  # noqa: BLE001 - e.g. the folder was deleted
        if not stop.is_set():
            echo(f"preview: stopped watching {preview.root}: {exc}")
