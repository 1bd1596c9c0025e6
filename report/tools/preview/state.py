"""What the preview page shows, shared by the render loop, the watcher and the server.

One lock (`Preview.changed`) guards it all; every change bumps the version and wakes the event
streams, which send the state as JSON.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from report.base import languages
from report.base.errors import Issue
from report.builder import page_cache
from report.tools.preview import interface

if TYPE_CHECKING:
    from report.content import load


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
    return {
        "kind": kind,
        "language": language,
        "where": issue.location(),
        "path": issue.path,
        "message": issue.message,
        "hint": issue.hint,
        "text": str(issue),
    }


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
        self.store = page_cache.Store()  # the layouts of the pages, kept between rebuilds

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
            if (
                path.parent == self.root
                and path.suffix == ".yaml"
                and path.is_file()
                and path.stem in self.columns
                and path.stem != self.source
            ):
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

    @property
    def interface_language(self) -> str:
        """The language of the page's own words: the brochure's source language where they
        are translated into it, else English."""
        with self.changed:
            return interface.language_for(self.source)

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
                self._json = (self.version, json.dumps(self._state(), ensure_ascii=False).encode())
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
            problems += [
                _issue_json(kind, column.language, issue) for kind, issue in column.problems
            ]
        building = next((c.language for c in self.columns.values() if c.building), "")
        return {
            "version": self.version,
            "slug": self.slug,
            # the page's `lang`: a page in another language is loaded again in this one
            "interface": languages.tag(interface.language_for(self.source)),
            "focus": self.focus,
            "building": building,
            "waiting": sorted(self.outdated) if not self.everything else list(self.columns),
            "problems": problems,
            "languages": [
                {
                    "code": column.language,
                    "name": column.name,
                    "dir": languages.direction(column.language),
                    "stale": column.stale,
                    "building": column.building,
                    "draft": column.draft,
                    "seconds": round(column.seconds, 2),
                    "pdf": f"/pdf/{column.language}.pdf" if column.pdf else "",
                    "sheets": [
                        {
                            "src": f"/image/{sheet.image}.png",
                            "width": sheet.width,
                            "height": sheet.height,
                            "text": sheet.text,
                            "misfit": sheet.misfit,
                        }
                        for sheet in column.sheets
                    ],
                }
                for column in self.columns.values()
            ],
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
            self.changed.wait_for(
                lambda: self.everything or self.outdated or self.stopping, timeout
            )
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
            self.columns = {
                lang: self.columns.get(lang) or Column(lang, languages.own_name(lang))
                for lang in folder.languages
            }
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

    def rendered(
        self,
        language: str,
        *,
        sheets: list[Sheet] | None = None,
        images: dict[str, bytes] | None = None,
        pdf: bytes = b"",
        is_draft: bool = False,
        seconds: float = 0.0,
        problems: list[tuple[str, Issue]] | None = None,
    ) -> None:
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
