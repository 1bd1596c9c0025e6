"""The template search path: a brochure's own `templates/` first, then the tool's, so that a
brochure overrides one template without copying the others.

A brochure's templates are read through the build's `Inputs`, so that the build knows which of
them it used and which it looked for and did not find (a template override added after a build
makes the next build build again).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import jinja2
from jinja2.loaders import split_template_path

from report.base.inputs import Inputs


class TemplateLoader(jinja2.BaseLoader):
    """Jinja's loader over the search path, reading the brochure's templates via `inputs`."""

    def __init__(self, search_path: Sequence[Path], inputs: Inputs) -> None:
        self.search_path = tuple(search_path)
        self.inputs = inputs
        self._own = {
            folder: folder.resolve().is_relative_to(inputs.root) for folder in self.search_path
        }
        self._found: dict[str, tuple[str, str]] = {}  # name -> (source, file): read once

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        if template not in self._found:
            self._found[template] = self._find(template)
        source, file = self._found[template]
        return source, file, _unchanged

    def _find(self, template: str) -> tuple[str, str]:
        pieces = split_template_path(template)  # refuses '..'
        for folder in self.search_path:
            file = folder.joinpath(*pieces)
            if self._own[folder]:
                if self.inputs.is_file(file):
                    return self.inputs.read(file).decode("utf-8"), str(file)
            elif file.is_file():
                return file.read_text(encoding="utf-8"), str(file)
        raise jinja2.TemplateNotFound(template)

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.search_path:
            if self._own[folder]:
                if self.inputs.is_dir(folder):
                    found.update(self.inputs.names(folder))
            elif folder.is_dir():
                found.update(
                    path.relative_to(folder).as_posix()
                    for path in folder.rglob("*")
                    if path.is_file()
                )
        return sorted(found)


def _unchanged() -> bool:
    """Templates are read once per environment; an environment is made per build (and a
    long-running process makes a new one when a file it read changed)."""
    return True
