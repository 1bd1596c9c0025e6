"""The base of every model of a brochure's files: strict (an unknown key is an error) and
immutable; the few values that are not text (whole numbers, numbers, true or false), read as
YAML 1.2 reads them; and what a path to a file of the brochure folder may look like."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


# How YAML 1.2 (core schema) writes a whole number, a number and true or false without quotes.
# yamlio keeps every value the text that was typed; these are read from it here, strictly:
# pydantic's own reading would take "10" in quotes, 10.0 as 10, and yes, on or 1 as true.
_WHOLE = re.compile(r"[-+]?[0-9]+")
_REAL = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_TRUTH = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}


def _whole(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    raise PydanticCustomError("whole_number", "expected a whole number")


def _real(value: Any) -> float | None:
    if value is None:
        return None  # not set, where the model allows that
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _REAL.fullmatch(value):
        return float(value)
    raise PydanticCustomError("real_number", "expected a number")


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in _TRUTH:
        return _TRUTH[value]
    raise PydanticCustomError("truth_value", "expected true or false")


Whole = Annotated[int, BeforeValidator(_whole)]
# A number that may be left unset. (Not `Annotated[float, …] | None`: pydantic would then
# write its bounds into the JSON Schema under its own names, ge and le.)
RealOrNone = Annotated[float | None, BeforeValidator(_real)]
Truth = Annotated[bool, BeforeValidator(_truth)]
# What each of them is called in a message.
KINDS: dict[type, str] = {int: "a whole number", float: "a number", bool: "true or false"}


def reads_as(kind: type, text: str) -> bool:
    """Whether `text`, written without quotes, is a value of `kind` (int, float or bool)."""
    if kind is bool:
        return text in _TRUTH
    pattern = {int: _WHOLE, float: _REAL}.get(kind)
    return pattern is not None and pattern.fullmatch(text) is not None


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
