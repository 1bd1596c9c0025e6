"""Up to date means no work: a PDF is not built again while nothing it was built from changed.

What a PDF was built from is what its build read, recorded as it read it (base/inputs.py: the
files of the brochure folder it opened and the ones it looked for and did not find, as a
compiler's depfile lists the headers it opened), plus:
  - the tool: its version and every file of its package (code, templates, styles, themes,
    fonts), however deep;
  - the engine: the installed versions of WeasyPrint and the Python libraries under it, and of
    the system libraries under those (Pango, HarfBuzz, fontconfig);
  - the language, the profile and SOURCE_DATE_EPOCH.
Beside each PDF the build keeps a record (in `<output>/.report/`): those dependencies, the key
made of them, a hash of the PDF as written, and what the build reported (pages, warnings, pages
that did not fit, translation notes). A PDF is up to date when each recorded dependency is as
it was, the tool and engine are the same, the file is still the one written, and the record
holds nothing the requested build would refuse.

This module is read before anything heavy: it needs neither the content model nor the engine,
so a build with nothing to do costs a few file reads and hashes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from report import __version__
from report.base import files, resources
from report.base.errors import UserError
from report.base.inputs import Dependency, Inputs
from report.content import yamlio
from report.pdf.profiles import PROFILES, Profile

# Distributions whose version can change the bytes of a PDF.
ENGINE = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "pyphen",
    "fonttools",
    "pillow",
    "pikepdf",
    "babel",
    "jinja2",
    "markdown-it-py",
    "pyyaml",
    "pydantic",
    "uharfbuzz",
)
# The system libraries text is laid out and drawn with (Pango, HarfBuzz, fontconfig under
# WeasyPrint; FriBidi under Pango and the charts), and the symbol that names the version.
LIBRARIES = (
    ("libpango-1.0.so.0", "pango_version_string"),
    ("libharfbuzz.so.0", "hb_version_string"),
    ("libfontconfig.so.1", "FcGetVersion"),
    ("libfribidi.so.0", "fribidi_version_info"),
)


@dataclass
class Record:
    """What the build of one PDF read and reported, kept beside it."""

    key: str
    sha256: str
    pages: int
    size: int
    warnings: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the build took (to start the longest builds first)
    dependencies: list[Dependency] = field(default_factory=list)

    def acceptable(self, *, strict: bool, allow_overflow: bool) -> bool:
        """Whether this build's outcome is one the requested build would also accept."""
        if self.misfits and not allow_overflow:
            return False
        return not (strict and (self.warnings or self.untranslated))


@functools.cache
def tool_digest() -> str:
    """The tool's own files and the versions of the engine under it (a property of the
    installed tool, the same for the whole life of a process)."""
    hasher = hashlib.sha256(f"report {__version__}\n".encode())
    for name in ENGINE:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        hasher.update(f"{name} {version}\n".encode())
    for library in library_versions():
        hasher.update(f"{library}\n".encode())
    folders = [resources.PACKAGE, resources.TEMPLATES, resources.STYLES, resources.THEMES]
    for folder in dict.fromkeys(folders):  # in a wheel the last three are inside the package
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                hasher.update(f"{path.relative_to(folder).as_posix()}\0".encode())
                hasher.update(hashlib.sha256(path.read_bytes()).digest())
    return hasher.hexdigest()


def library_versions() -> list[str]:
    """`name version` of each system library in LIBRARIES, asked through ctypes (loading the
    engine would cost half a second, and no build is to be made yet)."""
    import ctypes

    found = []
    for soname, symbol in LIBRARIES:
        try:
            library = ctypes.CDLL(soname)
            if symbol == "FcGetVersion":
                library.FcGetVersion.restype = ctypes.c_int
                version = str(library.FcGetVersion())
            elif symbol == "fribidi_version_info":  # "(GNU FriBidi) 1.0.13\n…", a variable
                text = ctypes.c_char_p.in_dll(library, symbol).value or b""
                version = text.decode().split()[2]
            else:
                function = getattr(library, symbol)
                function.restype = ctypes.c_char_p
                version = function().decode()
        except (OSError, AttributeError, ValueError, IndexError):
            version = "-"
        found.append(f"{soname} {version}")
    return found


def key(language: str, profile: str, dependencies: Iterable[Dependency]) -> str:
    """The key of one output: the tool, the engine, the language and profile, the date to
    write, and each dependency in its state."""
    hasher = hashlib.sha256(tool_digest().encode())
    hasher.update(f"\0{language}\0{profile}\0{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    for kind, path, state in sorted(set(dependencies)):
        hasher.update(f"{kind}\0{path}\0{state}\n".encode())
    return hasher.hexdigest()


class Snapshot:
    """A brochure folder as the up-to-date check sees it: its settings (read and parsed once,
    for the build to use too), its languages, and its files through one `Inputs`."""

    def __init__(self, root: Path, output_dir: Path) -> None:
        self.root = root
        self.output_dir = output_dir
        self.inputs = Inputs(root)
        self.settings_document: yamlio.Document | None = None
        with contextlib.suppress(UserError):  # the build says what is wrong with it
            self.settings_document = yamlio.load(root / files.SETTINGS_FILE, self.inputs)

    @property
    def settings(self) -> dict[str, object]:
        data = self.settings_document.data if self.settings_document is not None else None
        return data if isinstance(data, dict) else {}

    @property
    def slug(self) -> str | None:
        slug = self.settings.get("slug")
        return slug if isinstance(slug, str) and slug else None

    @property
    def languages(self) -> list[str]:
        """The brochure's languages, source first, from its file names (as
        content/load.py's open_folder finds them)."""
        return languages_of(self.root, self.settings)

    def target(self, language: str, profile: Profile) -> Path | None:
        if self.slug is None:
            return None
        return self.output_dir / files.pdf_name(self.slug, language, profile.suffix)

    def current(self, target: Path, language: str, profile: Profile) -> Record | None:
        """The record of `target` if the PDF there is still the one its build wrote and
        nothing that build read has changed since; else None."""
        record = read_record(target)
        if record is None:
            return None
        now = [
            (kind, path, self.inputs.state((kind, path, state)))
            for kind, path, state in record.dependencies
        ]
        if key(language, profile.name, now) != record.key:
            return None
        try:
            written = target.read_bytes()
        except OSError:
            return None
        if len(written) != record.size or hashlib.sha256(written).hexdigest() != record.sha256:
            return None
        return record


def languages_of(root: Path, settings: dict[str, object] | None = None) -> list[str]:
    """A brochure folder's languages, source first, from its file names alone ([] when it is
    no readable brochure: the build then says what is wrong)."""
    if settings is None:
        settings = Snapshot(root, files.DEFAULT_OUTPUT).settings
    source = settings.get("source_language", "de")
    source = source if isinstance(source, str) else "de"
    try:
        found = sorted(code for path in root.iterdir() if (code := files.language_of(path.name)))
    except OSError:
        return []
    return [source, *(code for code in found if code != source)] if source in found else []


def record_path(target: Path) -> Path:
    return target.parent / files.RECORDS_FOLDER / f"{target.name}.json"


def read_record(target: Path) -> Record | None:
    try:
        data = json.loads(record_path(target).read_text(encoding="utf-8"))
        record = Record(**data)
        record.dependencies = [(kind, path, state) for kind, path, state in record.dependencies]
    except (OSError, ValueError, TypeError):
        return None
    return record


def last_seconds(target: Path) -> float | None:
    """How long the last build of `target` took, if it is known (whatever changed since)."""
    record = read_record(target)
    return record.seconds if record is not None and record.seconds > 0 else None


def remember(
    target: Path,
    language: str,
    profile: str,
    dependencies: Iterable[Dependency],
    data: bytes,
    *,
    pages: int,
    warnings: list[str],
    misfits: list[str],
    untranslated: list[str],
    seconds: float = 0.0,
) -> None:
    """Keep the record of a PDF just written (written atomically, like the PDF)."""
    found = sorted(set(dependencies))
    record = Record(
        key(language, profile, found),
        hashlib.sha256(data).hexdigest(),
        pages,
        len(data),
        warnings,
        misfits,
        untranslated,
        round(seconds, 3),
        found,
    )
    path = record_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    files.write_atomically(
        path, json.dumps(asdict(record), ensure_ascii=False, indent=1).encode("utf-8")
    )


def forget(target: Path) -> None:
    """Drop the record of a PDF that is no longer the result of the latest build."""
    record_path(target).unlink(missing_ok=True)


@dataclass(frozen=True)
class Fresh:
    """An output that needs no work."""

    language: str
    profile: str
    path: Path
    record: Record


def up_to_date(
    snapshot: Snapshot,
    languages: list[str] | None,
    profiles: list[str],
    *,
    strict: bool,
    allow_overflow: bool,
) -> list[Fresh] | None:
    """Every requested output, if all of them are up to date; else None (something to do)."""
    known = snapshot.languages
    wanted = known if languages is None else languages
    if not known or any(language not in known for language in wanted):
        return None  # the full build explains what is wrong
    fresh = []
    for language in wanted:
        for name in profiles:
            profile = PROFILES[name]
            target = snapshot.target(language, profile)
            if target is None:
                return None
            record = snapshot.current(target, language, profile)
            if record is None or not record.acceptable(
                strict=strict, allow_overflow=allow_overflow
            ):
                return None
            fresh.append(Fresh(language, name, target, record))
    return fresh
