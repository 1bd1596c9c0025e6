"""Up to date means no work: a key for each PDF made from everything that decides its bytes.

The key of one output (a language in a profile) hashes
  - the tool: its version, its own code, templates, styles, themes and bundled fonts;
  - the engine and the libraries under it: their installed versions;
  - the brochure: brochure.yaml, the language file and the source-language file, that
    language's translation record in i18n/, and every other file of the folder (pictures,
    fonts, templates, styles) — other languages' files excepted;
  - the profile and SOURCE_DATE_EPOCH.
Beside each PDF the build keeps a small record (in `<output>/.report/`): the key, a hash of the
PDF as written, and what the build reported (pages, warnings, pages that did not fit,
translation notes). A PDF is up to date when its record's key is the key of the inputs now, the
file is still the one written, and the record holds nothing the requested build would refuse.

This module is read before anything heavy: it needs neither the content model nor the engine,
so a build with nothing to do costs a few file reads and hashes.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

from report import __version__
from report.base import files, languages, resources
from report.pdf.profiles import PROFILES, Profile

SETTINGS_FILE = files.SETTINGS_FILE
RECORDS = files.RECORDS_FOLDER
LANGUAGE = languages.CODE

# Distributions whose version can change the bytes of a PDF.
ENGINE = ("weasyprint", "pydyf", "tinycss2", "cssselect2", "pyphen", "fonttools", "pillow",
          "pikepdf", "babel", "jinja2", "markdown-it-py", "pyyaml", "pydantic")


@dataclass
class Record:
    """What the build of one PDF reported, kept beside it."""

    key: str
    sha256: str
    pages: int
    size: int
    warnings: list[str] = field(default_factory=list)
    misfits: list[str] = field(default_factory=list)
    untranslated: list[str] = field(default_factory=list)
    seconds: float = 0.0  # how long the build took (to start the longest builds first)

    def acceptable(self, *, strict: bool, allow_overflow: bool) -> bool:
        """Whether this build's outcome is one the requested build would also accept."""
        if self.misfits and not allow_overflow:
            return False
        return not (strict and (self.warnings or self.untranslated))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_digest(path: Path) -> str:
    """The hash of a regular file's bytes; of anything else (a link, a pipe, a file that cannot
    be read), what it is: the load stage refuses those with a located error."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return "link:" + os.readlink(path)
        if not stat.S_ISREG(info.st_mode):
            return f"not a file:{stat.S_IFMT(info.st_mode)}"
        return _digest(path.read_bytes())
    except OSError as error:
        return f"unreadable:{error.errno}"


def _files(root: Path, skip: set[Path]) -> list[Path]:
    """Every file under `root` (hidden files and folders and `skip` excepted), sorted."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and (here / d).resolve() not in skip)
        found += (here / f for f in files if not f.startswith("."))
    return sorted(found)


def _tool_digest() -> str:
    """The tool's own code and resources, and the versions of the engine under it."""
    hasher = hashlib.sha256(f"report {__version__}\n".encode())
    for name in ENGINE:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        hasher.update(f"{name} {version}\n".encode())
    package = resources.PACKAGE
    for path in [*sorted(package.rglob("*.py")), *_files(resources.TEMPLATES, set()),
                 *_files(resources.STYLES, set()), *_files(resources.THEMES, set())]:
        hasher.update(f"{path.name}\0".encode() + path.read_bytes())
    return hasher.hexdigest()


class Snapshot:
    """The inputs of a brochure's outputs as they are now, read once (hashes only)."""

    def __init__(self, root: Path, output_dir: Path) -> None:
        self.root = root
        self.output_dir = output_dir
        self.settings = self._settings(root / SETTINGS_FILE)
        self.tool = _tool_digest()
        skip = {output_dir.resolve()}
        self.files = {path.relative_to(root).as_posix(): _file_digest(path)
                      for path in _files(root, skip)}

    @staticmethod
    def _settings(file: Path) -> dict[str, Any]:
        try:
            if not stat.S_ISREG(os.lstat(file).st_mode):
                return {}  # a link, a pipe, a folder: the load stage says what is wrong
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeError, yaml.YAMLError):
            return {}
        return data if isinstance(data, dict) else {}

    @property
    def slug(self) -> str | None:
        slug = self.settings.get("slug")
        return slug if isinstance(slug, str) and slug else None

    @property
    def source_language(self) -> str:
        language = self.settings.get("source_language", "de")
        return language if isinstance(language, str) else "de"

    @property
    def languages(self) -> list[str]:
        """The brochure's languages, source first (as load.open_folder finds them)."""
        return _languages([name for name in self.files if "/" not in name],
                          self.source_language)

    def target(self, language: str, profile: Profile) -> Path | None:
        if self.slug is None:
            return None
        return self.output_dir / f"{self.slug}-{language}{profile.suffix}.pdf"

    def key(self, language: str, profile: Profile) -> str:
        """The key of one output: every input that decides its bytes."""
        languages = set(self.languages)
        own = {f"{language}.yaml", f"{self.source_language}.yaml"}

        def counts(name: str) -> bool:
            if "/" not in name and name.endswith(".yaml") and name[:-5] in languages:
                return name in own
            if name.startswith("i18n/"):
                return name.split("/", 1)[1].split(".", 1)[0] == language
            return True

        hasher = hashlib.sha256(self.tool.encode())
        hasher.update(f"\0{language}\0{profile.name}\0"
                      f"{os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
        for name, digest in self.files.items():
            if counts(name):
                hasher.update(f"{name}\0{digest}\n".encode())
        return hasher.hexdigest()


def _languages(names: list[str], source: str) -> list[str]:
    found = sorted(name[:-5] for name in names if name.endswith(".yaml")
                   and name != SETTINGS_FILE and LANGUAGE.match(name[:-5]))
    return [source, *(code for code in found if code != source)] if source in found else []


def languages_of(root: Path) -> list[str]:
    """A brochure folder's languages, source first, from its file names alone ([] when it is
    no readable brochure: the build then says what is wrong)."""
    settings = Snapshot._settings(root / SETTINGS_FILE)
    source = settings.get("source_language", "de")
    try:
        names = [path.name for path in root.iterdir()]
    except OSError:
        return []
    return _languages(names, source if isinstance(source, str) else "de")


def record_path(target: Path) -> Path:
    return target.parent / RECORDS / f"{target.name}.json"


def current(target: Path, key: str) -> Record | None:
    """The record of `target` if the PDF there was built from inputs with this key and has
    not been changed since; else None."""
    record = _read(target)
    if record is None or record.key != key:
        return None
    try:
        written = target.read_bytes()
    except OSError:
        return None
    if len(written) != record.size or _digest(written) != record.sha256:
        return None
    return record


def _read(target: Path) -> Record | None:
    try:
        return Record(**json.loads(record_path(target).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def last_seconds(target: Path) -> float | None:
    """How long the last build of `target` took, if it is known (whatever changed since)."""
    record = _read(target)
    return record.seconds if record is not None and record.seconds > 0 else None


def remember(target: Path, key: str, data: bytes, *, pages: int, warnings: list[str],
             misfits: list[str], untranslated: list[str], seconds: float = 0.0) -> None:
    """Keep the record of a PDF just written (written atomically, like the PDF)."""
    record = Record(key, _digest(data), pages, len(data), warnings, misfits, untranslated,
                    round(seconds, 3))
    path = record_path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}.part")
    part.write_text(json.dumps(asdict(record), ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(part, path)


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


def up_to_date(snapshot: Snapshot, languages: list[str] | None, profiles: list[str], *,
               strict: bool, allow_overflow: bool) -> list[Fresh] | None:
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
            record = current(target, snapshot.key(language, profile))
            if record is None or not record.acceptable(strict=strict,
                                                       allow_overflow=allow_overflow):
                return None
            fresh.append(Fresh(language, name, target, record))
    return fresh
