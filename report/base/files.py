"""The names of a brochure folder's files and of what a build writes, kept once; the names a
user may have meant by a file that is not there; and writing a file so that it is either the
old one or the complete new one, never half of either.
"""

from __future__ import annotations

import difflib
import glob
import os
import tempfile
import unicodedata
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from report.base import languages

SETTINGS_FILE = "brochure.yaml"  # what makes a folder a brochure folder
LANGUAGE_SUFFIX = ".yaml"  # a language's content: <code>.yaml
TEMPLATES_FOLDER = "templates"  # a brochure's own templates, before the tool's
FINGERPRINTS_FOLDER = "i18n"  # the source texts each translation was made from
DEFAULT_OUTPUT = Path("output")  # where PDFs go unless the command says otherwise
RECORDS_FOLDER = ".report"  # inside the output folder: what each PDF was built from


def is_brochure(folder: Path) -> bool:
    """Whether a folder is a brochure folder (it holds the settings file)."""
    return (folder / SETTINGS_FILE).is_file()


def language_file(root: Path, language: str) -> Path:
    return root / f"{language}{LANGUAGE_SUFFIX}"


def language_of(name: str) -> str | None:
    """The language a file name of a brochure folder holds (`de.yaml` -> `de`), else None."""
    if not name.endswith(LANGUAGE_SUFFIX) or name == SETTINGS_FILE:
        return None
    code = name[: -len(LANGUAGE_SUFFIX)]
    return code if languages.is_code(code) else None


def fingerprints_file(root: Path, language: str) -> Path:
    return root / FINGERPRINTS_FOLDER / f"{language}.sources.json"


def catalog_files(root: Path, slug: str, language: str) -> tuple[Path, Path]:
    """Where a brochure folder keeps the PO file of a language its translator works in, if it
    keeps one: beside the fingerprints, as `i18n/<code>.po` or under the name `report i18n
    export` gives it. (A PO file elsewhere is no input of the build.)"""
    folder = root / FINGERPRINTS_FOLDER
    return folder / f"{language}.po", folder / catalog_name(slug, language)


def pdf_name(slug: str, language: str, suffix: str = "") -> str:
    """`<slug>-<language><profile suffix>.pdf`, e.g. `report-2019-de-print.pdf`."""
    return f"{slug}-{language}{suffix}.pdf"


def catalog_name(slug: str, language: str) -> str:
    """The PO file `report i18n export` writes for translators."""
    return f"{slug}-{language}.po"


def newsletter_folder(slug: str, language: str) -> str:
    return f"{slug}-{language}-newsletter"


# --- a file that is not there ----------------------------------------------------------------

_SHOWN = 8  # names listed when none is close
# difflib's similarity from which a name counts as close: `logo.png` for `logo.svg` is 0.75,
# `House-Regular.ttf` for `House-Bold.ttf` 0.71 (another file, not a slip of the pen).
_CLOSE = 0.75
_NEARLY_AS_CLOSE = 0.1  # further names offered only when they are about as close as the best
_SEARCHED = 5000  # files looked at for the same name elsewhere in the folder


def folded(name: str) -> str:
    """A name as a reader compares it: accents and upper/lower case ignored."""
    return _without_accents(name).casefold()


def nearest_names(
    folder: Path, name: str, suffixes: Sequence[str] = (), *, folders: bool = False
) -> list[str]:
    """The names in `folder` that someone who wrote `name` may have meant, best first: those
    that differ only in accents or upper/lower case, else those spelled alike; [] when none
    is close. Files with one of `suffixes` (any file when empty), or subfolders if `folders`;
    hidden ones only for a hidden name."""
    by_fold: dict[str, list[str]] = {}
    for candidate in _entries(folder, suffixes, folders=folders, hidden=name.startswith(".")):
        by_fold.setdefault(folded(candidate), []).append(candidate)
    wanted = folded(name)
    if wanted in by_fold:
        return by_fold[wanted]
    close = difflib.get_close_matches(wanted, list(by_fold), n=3, cutoff=_CLOSE)
    if not close:
        return []
    best = difflib.SequenceMatcher(None, close[0], wanted).ratio()
    return [
        candidate
        for match in close
        if difflib.SequenceMatcher(None, match, wanted).ratio() >= best - _NEARLY_AS_CLOSE
        for candidate in by_fold[match]
    ]


def missing_file_hint(
    root: Path, src: str, suffixes: Sequence[str] = (), *, otherwise: str = ""
) -> str:
    """What to tell someone whose file `src` (relative to the brochure folder `root`) is not
    there: the names they may have meant, or else what its folder holds and `otherwise`."""
    parts = PurePosixPath(src).parts
    if not parts:
        return otherwise
    *path, name = parts
    folder, shown = root, ""
    for part in path:
        if not (folder / part).is_dir():
            near = nearest_names(folder, part, folders=True)
            if not near:
                if meant := _elsewhere(root, name, suffixes):
                    return _did_you_mean(parts, meant)
                inside = [sub + "/" for sub in _entries(folder, (), folders=True)]
                return _then(
                    f"there is no folder {part}/ in {shown or 'the brochure folder'}; "
                    + (f"its folders are: {_listed(inside)}" if inside else "it has no folders"),
                    otherwise,
                )
            part = near[0]
        folder, shown = folder / part, f"{shown}{part}/"
    found = [name] if (folder / name).is_file() else nearest_names(folder, name, suffixes)
    if meant := [shown + candidate for candidate in found] or _elsewhere(root, name, suffixes):
        return _did_you_mean(parts, meant)
    there = _entries(folder, suffixes)
    where = shown or "the brochure folder"
    if not there:
        kinds = " or ".join(", ".join(suffixes).rsplit(", ", 1))
        return _then(f"{where} holds no {kinds + ' ' if kinds else ''}file", otherwise)
    return _then(f"no file in {where} has a similar name; it holds: {_listed(there)}", otherwise)


def _then(found: str, advice: str) -> str:
    return f"{found}; {advice}" if advice else found


def _did_you_mean(written: Sequence[str], meant: Sequence[str]) -> str:
    hint = f"did you mean {' or '.join(meant)}?"
    why = _difference("/".join(written), meant[0])
    return f"{hint} ({why})" if why else hint


def _entries(
    folder: Path, suffixes: Sequence[str], *, folders: bool = False, hidden: bool = False
) -> list[str]:
    """The files (with one of `suffixes`, if any) or subfolders of a folder, sorted; hidden
    ones (`.name`) only if `hidden`."""
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    found = []
    for entry in entries:
        try:
            wanted = entry.is_dir() if folders else entry.is_file()
        except OSError:
            continue
        visible = hidden or not entry.name.startswith(".")
        if wanted and visible and _has_suffix(entry.name, suffixes):
            found.append(entry.name)
    return sorted(found, key=lambda name: (folded(name), name))


def _has_suffix(name: str, suffixes: Sequence[str]) -> bool:
    return not suffixes or name.lower().endswith(tuple(suffixes))


def _elsewhere(root: Path, name: str, suffixes: Sequence[str]) -> list[str]:
    """Files of the same name (accents and case aside) in another folder of the brochure,
    such as `images/logo.svg` for `logo.svg`; the output of a build is not searched."""
    wanted, found, seen = folded(name), [], 0
    for here, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in (DEFAULT_OUTPUT.name, RECORDS_FOLDER))
        for candidate in sorted(names):
            seen += 1
            if folded(candidate) == wanted and _has_suffix(candidate, suffixes):
                found.append((Path(here) / candidate).relative_to(root).as_posix())
        if seen > _SEARCHED or len(found) >= 3:
            break
    return found[:3]


def _difference(written: str, meant: str) -> str:
    """How two names that a reader takes for the same one differ, in words."""
    if folded(written) != folded(meant):
        return ""
    if unicodedata.normalize("NFC", written) == unicodedata.normalize("NFC", meant):
        return (
            "the names look the same, but one stores its accents as separate characters; "
            "rename the file, typing its name anew"
        )
    if unicodedata.normalize("NFC", written).casefold() == (
        unicodedata.normalize("NFC", meant).casefold()
    ):
        return "the name differs only in upper/lower case; file names are case-sensitive"
    if _without_accents(written) == _without_accents(meant):
        return "the name differs only in accents"
    return "the name differs only in accents and upper/lower case"


def _without_accents(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _listed(names: Sequence[str]) -> str:
    shown = ", ".join(names[:_SHOWN])
    return shown + (f" (and {len(names) - _SHOWN} more)" if len(names) > _SHOWN else "")


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file beside the target, then rename it over the target.

    A crash or a failed build therefore never leaves a half-written or missing file.
    """
    _remove_orphaned_parts(target)
    # Not a `with` block: the file must outlive it, to be renamed (or removed on failure).
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115
        dir=target.parent, prefix=f".{target.name}.{os.getpid()}.", suffix=".part", delete=False
    )
    try:
        with handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _remove_orphaned_parts(target: Path) -> None:
    """Delete temporary files that killed builds left beside `target` (a running build's own
    file is kept: its process id is in the name)."""
    for part in target.parent.glob(f".{glob.escape(target.name)}.*.part"):
        pid = part.name[len(target.name) + 2 :].split(".", 1)[0]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except PermissionError:
            pass  # another user's running process
