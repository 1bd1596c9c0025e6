"""`report preview`: a local web page with every page of every language, rebuilt on each save.

One warm process does it all, so the engine is imported and warmed up once:

- the main thread renders (`rendering`, one language at a time in `language`): it waits for
  languages marked out of date, loads and renders the one the reader looks at first, turns its
  pages into PNG images (`images`) and publishes the result (the render time limit, a SIGALRM
  timer, works only in this thread);
- a thread watches the brochure folder (`watch`, watchfiles) and marks languages out of date;
- a thread serves the page on 127.0.0.1 (`server`, the page itself in `static/`, its words in
  the brochure's source language from `interface`); each open page holds a server-sent-events
  stream on which the state is pushed whenever it changes, and the page updates itself in place.

`state` holds what they share; `serve` starts and stops them. Nothing is written to disk: the
PDFs and page images live in memory, served by their id only, so the preview never touches the
real output and there are no paths to traverse.

This module imports nothing heavy: the command imports `report.tools.preview.serve`, which
brings the rest.
"""

from __future__ import annotations

from collections.abc import Callable

Echo = Callable[[str], None]


def print_line(line: str) -> None:
    """The default echo: a line to stdout at once (the first one, the address, is read by
    scripts and tests)."""
    print(line, flush=True)
