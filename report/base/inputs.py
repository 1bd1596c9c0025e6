"""Every file of a brochure folder that a build reads, read once and written down.

Each stage reads the folder's files through one `Inputs`: the bytes are read once per build
(the up-to-date check, the load stage, the renderer and the engine's fetcher share them), and
each read, and each look for a file that may not be there, is recorded as a `Dependency`, as a
compiler's depfile records the headers it opened. A PDF's key is made of exactly the
dependencies recorded while it was built (see builder/uptodate.py): a picture in a hidden
folder, a font in a nested folder and a template override added after the build are all seen,
because the build looked for them, not because a folder walk happened to pass them.

Only files inside the brochure folder are recorded; the tool's own files are covered by the
tool's digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

# (kind, path relative to the brochure folder in POSIX form, state):
#   ("read", "images/cover.svg", "<size>:<sha256>")   its bytes
#   ("stat", "templates/pages/cover.html", "absent")  whether it is a file, a folder or absent
#   ("list", "templates", "<sha256 of the names>")     the names of the files below a folder
Dependency = tuple[str, str, str]

ABSENT = "absent"
OUTSIDE = "outside the folder"


def digest(data: bytes) -> str:
    return f"{len(data)}:{hashlib.sha256(data).hexdigest()}"


class Inputs:
    """The files of one brochure folder as one build reads them (see the module docstring).

    Not thread-safe: one build, one process (a worker process gets its own copy by fork).
    """

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._given = Path(os.path.abspath(root))  # as named: it may be reached by a link
        self._bytes: dict[Path, bytes] = {}
        self._recordings: list[set[Dependency]] = []

    # -- recording ---------------------------------------------------------------------------

    @contextlib.contextmanager
    def recording(self) -> Iterator[set[Dependency]]:
        """The dependencies of every read and look inside the block (also of reads that the
        cache answers: what counts is that this part of the build used the file)."""
        found: set[Dependency] = set()
        self._recordings.append(found)
        try:
            yield found
        finally:  # recordings nest: the innermost ends first (sets compare by content)
            assert self._recordings[-1] is found
            self._recordings.pop()

    def _note(self, kind: str, path: Path, state: str) -> None:
        relative = self._relative(path)
        if relative is None or not self._recordings:
            return
        for found in self._recordings:
            found.add((kind, relative, state))

    def _relative(self, path: Path) -> str | None:
        """`path` relative to the folder, without resolving links (a link is recorded under
        the name the build used); None for a path outside it."""
        absolute = Path(os.path.abspath(path))
        for root in (self._given, self.root):
            if absolute.is_relative_to(root):
                return absolute.relative_to(root).as_posix() or "."
        return None

    # -- reading -----------------------------------------------------------------------------

    def read(self, path: Path, limit: int | None = None) -> bytes:
        """The bytes of a file (at most `limit` + 1 of them, so that a caller can tell that
        a file is too large without reading all of it); read once, whatever asks again.

        Raises OSError as `open` does. Callers check first what they must refuse (a link out
        of the folder, something that is not a regular file)."""
        key = Path(os.path.abspath(path))
        data = self._bytes.get(key)
        if data is None:
            with open(key, "rb", buffering=0) as handle:
                data = _read_at_most(handle, None if limit is None else limit + 1)
            if limit is not None and len(data) > limit:
                return data  # too large: the caller refuses it; nothing kept or recorded
            self._bytes[key] = data
        self._note("read", key, digest(data))
        return data

    def kind(self, path: Path) -> str:
        """ "file", "folder", "other" or ABSENT (links followed), recorded."""
        state = _kind(path)
        self._note("stat", path, state)
        return state

    def is_file(self, path: Path) -> bool:
        return self.kind(path) == "file"

    def is_dir(self, path: Path) -> bool:
        return self.kind(path) == "folder"

    def names(self, folder: Path) -> list[str]:
        """Every file below `folder` (relative, POSIX, sorted), recorded as one dependency:
        a file added or removed anywhere below it changes it."""
        found = _names(folder)
        self._note("list", folder, hashlib.sha256("\n".join(found).encode()).hexdigest())
        return found

    # -- checking ----------------------------------------------------------------------------

    def state(self, dependency: Dependency) -> str:
        """What the dependency's file is now (read through this object's cache, so that a
        build that follows the check reads nothing twice)."""
        kind, relative, _ = dependency
        path = self.root / relative
        if kind == "stat":
            return _kind(path)
        if kind == "list":
            return hashlib.sha256("\n".join(_names(path)).encode()).hexdigest()
        try:
            if not path.resolve().is_relative_to(self.root):
                return OUTSIDE
            return digest(self.read(path))
        except OSError:
            return ABSENT

    def unchanged(self, dependencies: Iterable[Dependency]) -> bool:
        """Whether every dependency is still as it was recorded."""
        return all(self.state(dependency) == dependency[2] for dependency in dependencies)


def _kind(path: Path) -> str:
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return ABSENT
    if stat.S_ISREG(mode):
        return "file"
    return "folder" if stat.S_ISDIR(mode) else "other"


def _names(folder: Path) -> list[str]:
    found: list[str] = []
    for here, dirs, files in os.walk(folder):
        dirs.sort()
        base = Path(here).relative_to(folder)
        found += [(base / name).as_posix() for name in sorted(files)]
    return found


def _read_at_most(handle: BinaryIO, limit: int | None) -> bytes:
    read = handle.read
    if limit is None:
        return bytes(read())
    chunks, total = [], 0
    while total < limit and (chunk := read(min(65536, limit - total))):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
