"""The base of every model of a brochure's files: strict (an unknown key is an error) and
immutable; and what a path to a file of the brochure folder may look like."""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# Characters that change the meaning of a relative URL (and `\`, a Windows folder separator).
_URL_SPECIAL = re.compile(r"[%?#\\]")


def folder_path(value: str, suffixes: tuple[str, ...], example: str) -> str:
    """A path to a file of the brochure folder, as written in a content or settings file."""
    if Path(value).is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
        raise ValueError(f"must be a path relative to the brochure folder, e.g. {example}")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
        raise ValueError("must be a file in the brochure folder, not a URL")
    if (bad := _URL_SPECIAL.search(value)) is not None:
        # The path becomes a URL in the HTML: `%2e%2e` would turn into `..`, `?` and `#`
        # would cut it, and `\` separates folders only on Windows.
        raise ValueError(
            f"must not contain '{bad.group()}'; rename the file, and use / "
            f"between folders, e.g. {example}"
        )
    if Path(value).suffix.lower() not in suffixes:
        raise ValueError(f"must be one of {', '.join(suffixes)}")
    return value
