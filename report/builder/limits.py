"""The render time limit: runaway content ends in a clear error, not a hang."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


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
