"""`report new`: a brochure folder to start from, which builds under `--strict` at once.

The starter files are package data (`report/starter/`), so an installed wheel has them too.
They are filled in by plain string substitution of a few `@NAME@` marks (the slug, the
language, the folder), never by a template engine: the folder name is the user's input.
"""

from __future__ import annotations

import json
import re
import shlex
import unicodedata
from pathlib import Path

from report.base import files
from report.base.errors import Issue, UserError
from report.content import schema

STARTER = Path(__file__).resolve().parent / "starter"
# The languages the starter's texts and comments are written in. Another language would get
# text it does not contain and page furniture without a catalog (`templates/locales/`), so it
# is refused with a hint rather than started half-way.
LANGUAGES = ("de", "en")
_MARK = re.compile(r"@(SLUG|LANGUAGE|FOLDER)@")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def create(target: Path, language: str) -> list[Path]:
    """Write a starter brochure in `language` into `target` (missing or empty); the files
    written, in order."""
    if language not in LANGUAGES:
        raise UserError(
            Issue(
                None,
                None,
                None,
                f"there is no starter text in '{language}'; choose one of: {', '.join(LANGUAGES)}",
                hint=f"start in one of them, then add {files.language_file(target, language).name} "
                "as a translation (user guide: docs/translate.md), or rename the file and set "
                "source_language in brochure.yaml",
            )
        )
    _check_empty(target)
    values = {"SLUG": slug_of(target), "LANGUAGE": language, "FOLDER": shell_word(target)}
    texts = STARTER / language
    target.mkdir(parents=True, exist_ok=True)
    written = [
        _write(
            target / files.SETTINGS_FILE,
            _fill((texts / "brochure.yaml").read_text("utf-8"), values),
        ),
        _write(
            files.language_file(target, language),
            _fill((texts / "content.yaml").read_text("utf-8"), values),
        ),
    ]
    # The editor schemas sit next to the files whose first line names them, so the folder
    # stays self-contained; `report schema --output FOLDER` refreshes them.
    for name, document in schema.json_schemas().items():
        written.append(
            _write(target / name, json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        )
    (target / "images").mkdir()
    for picture in sorted((STARTER / "images").iterdir()):
        if picture.is_file():
            written.append(_write(target / "images" / picture.name, picture.read_text("utf-8")))
    return written


def slug_of(folder: Path) -> str:
    """The PDF file name stem for a folder: its name in lower-case letters, digits and
    hyphens (`Jahresbericht 2025` -> `jahresbericht-2025`)."""
    name = unicodedata.normalize("NFKC", folder.resolve().name).lower().translate(_UMLAUTS)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", name).strip("-") or "brochure"


def _check_empty(target: Path) -> None:
    if target.is_dir():
        if any(target.iterdir()):
            raise UserError(
                Issue(
                    target,
                    None,
                    None,
                    "is not empty; report new only writes "
                    "into a new or empty folder, so nothing is overwritten",
                    hint="give a folder name that does not exist yet",
                )
            )
    elif target.exists() or target.is_symlink():
        raise UserError(
            Issue(
                target,
                None,
                None,
                "is a file, not a folder",
                hint="give a folder name that does not exist yet",
            )
        )


def shell_word(target: Path) -> str:
    """The folder as the user wrote it, for the commands in the comments (a YAML comment
    ends at a line break, so a name with one is not shown)."""
    text = str(target)
    return shlex.quote(text) if text.isprintable() else "FOLDER"


def _fill(text: str, values: dict[str, str]) -> str:
    """Replace each `@NAME@` mark in one pass (a value is never searched for marks again)."""
    return _MARK.sub(lambda match: values[match.group(1)], text)


def _write(path: Path, text: str) -> Path:
    with path.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path
