"""Transitional: the old names of the load stage (report/load.py); removed once po.py moved."""

from __future__ import annotations

from pathlib import Path

from . import load
from .load import SETTINGS_FILE, Folder as Brochure, validate  # noqa: F401


def open_brochure(root: Path) -> load.Folder:
    return load.open_folder(root)


def load_variant(folder: load.Folder, language: str) -> load.Variant:
    brochure = load.load(folder, [language])
    if language in brochure.problems:
        from .errors import UserError

        raise UserError(list(brochure.problems[language]))
    return brochure.variants[language]
