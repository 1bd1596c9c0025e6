"""What this tool changes in the engine, in one place, installed by `install()`: the engine
module calls it before its first layout, never an import as a side effect.

- pydyf: a stream whose data ends in CR gets an end that PDF/A validators read right.
- logging: WeasyPrint's warnings and errors go to the render that runs (see `collect`), not to
  the terminal; a build reports them with what it built.
- WeasyPrint 70's tag builder is wrapped by `tagging.build_box_tree` (the structure tree a
  screen reader needs).

Each change is made once: `install()` looks at the patched objects themselves, so calling it
again (every Engine does) changes nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterator

import pydyf
from weasyprint.pdf import tags as weasy_tags

from report.pdf import tagging

# An engine record at error level: something the engine could not draw (and left out).
ENGINE_ERROR = "engine error: "

_RECORDS: contextvars.ContextVar[list[str] | None] = contextvars.ContextVar(
    "report_engine_records", default=None
)


def install() -> None:
    """Make the engine changes above (once; calling it again changes nothing)."""
    if not hasattr(pydyf.Stream.data.fget, "original"):
        pydyf.Stream.data = _unambiguous_stream_end(pydyf.Stream.data)
    engine_log = logging.getLogger("weasyprint")
    if not any(isinstance(handler, _EngineLog) for handler in engine_log.handlers):
        engine_log.addHandler(_EngineLog(level=logging.WARNING))
    if weasy_tags._build_box_tree is not tagging.build_box_tree:
        weasy_tags._build_box_tree = tagging.build_box_tree


@contextlib.contextmanager
def collect() -> Iterator[list[str]]:
    """The engine's warnings (and errors, marked ENGINE_ERROR) while inside, in this context
    only: renders in parallel threads never see each other's."""
    records: list[str] = []
    token = _RECORDS.set(records)
    try:
        yield records
    finally:
        _RECORDS.reset(token)


class _EngineLog(logging.Handler):
    """Routes WeasyPrint's log records to the `collect` block running in this context."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = _RECORDS.get()
        if sink is not None:
            message = record.getMessage()
            sink.append(ENGINE_ERROR + message if record.levelno >= logging.ERROR else message)


def _unambiguous_stream_end(data: property) -> property:
    """pydyf writes `stream LF <data> LF endstream`. When the data itself ends in CR (for a
    compressed stream, whenever the last byte of its checksum is 13), `CR LF endstream` reads
    as a CR LF end-of-line after data one byte shorter than /Length, which PDF/A validators
    report as a wrong length. Such a stream is ended with CR LF instead: the data and /Length
    stay as they are, and pydyf counts the offsets from what it writes."""

    def written(stream: pydyf.Stream) -> bytes:
        raw: bytes = data.fget(stream)  # type: ignore[misc]
        if raw.endswith(b"\r\nendstream"):
            return raw[: -len(b"\nendstream")] + b"\r\nendstream"
        return raw

    written.original = data.fget  # type: ignore[attr-defined]
    return property(written)
