"""The names of a brochure folder's files and of what a build writes, kept once; and writing a
file so that it is either the old one or the complete new one, never half of either.
"""

from __future__ import annotations

import glob
import os
import tempfile
from pathlib import Path

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


def pdf_name(slug: str, language: str, suffix: str = "") -> str:
    """`<slug>-<language><profile suffix>.pdf`, e.g. `report-2019-de-print.pdf`."""
    return f"{slug}-{language}{suffix}.pdf"


def catalog_name(slug: str, language: str) -> str:
    """The PO file `report i18n export` writes for translators."""
    return f"{slug}-{language}.po"


def newsletter_folder(slug: str, language: str) -> str:
    return f"{slug}-{language}-newsletter"


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
