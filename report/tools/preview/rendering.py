"""The render loop: what is out of date is rendered, one language at a time, until the preview
stops."""

from __future__ import annotations

import traceback

from report.base.errors import Issue, UserError
from report.content import load
from report.tools.preview import Echo, print_line
from report.tools.preview.language import count_problems, render_language
from report.tools.preview.state import Preview


def render_loop(preview: Preview, echo: Echo = print_line) -> None:
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
                echo(f"preview: {count_problems(error.issues)} (shown in the page)")
            continue
        try:
            render_language(preview, language, echo)
        except UserError as error:  # settings or source language broken
            preview.failed(error.issues)
            echo(f"preview: {count_problems(error.issues)} (shown in the page)")
        except Exception as exc:  # noqa: BLE001 - a bug of this tool must not end the preview
            traceback.print_exc()
            preview.rendered(
                language,
                problems=[
                    (
                        "error",
                        Issue(
                            None,
                            None,
                            None,
                            f"the preview failed: {type(exc).__name__}: {exc}",
                            hint="this is a bug of the tool; the terminal shows the details",
                        ),
                    )
                ],
            )
