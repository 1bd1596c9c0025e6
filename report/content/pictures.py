"""The brochure's pictures: read once, checked once, then served from memory to the renderer.

Why here and not in the content model: validating a `src` is about the text the user wrote
(a relative path, a known suffix); whether the file exists, decodes and stays inside the folder
is about the folder, and it is checked once per build however often the picture is used.
"""

from __future__ import annotations

import errno
import io
import re
import stat
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from report.base import files
from report.base.inputs import Inputs

SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
# A camera photo is 3-12 MiB; the screen profile scales it down to what its place on the page
# needs, so such files are fine. Far more than that is a wrong file or an attack.
MAX_BYTES = 25 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is far beyond any page's need
MEDIA_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
_PILLOW_FORMATS = {".png": ("PNG",), ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO")}


@dataclass(frozen=True)
class Picture:
    """One picture file of the brochure, read and checked."""

    src: str  # as written in the content, relative to the brochure folder
    path: Path  # the resolved file, inside the brochure folder
    data: bytes
    media_type: str
    pixels: tuple[int, int] | None  # None for SVG


class PictureProblem(ValueError):
    """Why a picture cannot go into the brochure (the message names the file), and what to do
    where the message alone does not say it."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.hint = hint


def read_picture(root: Path, src: str, inputs: Inputs | None = None) -> Picture:
    """Read and check the picture `src` of the brochure folder `root` (through `inputs`, the
    build's record of what it read, when given)."""
    try:
        base = root.resolve()
        target = (root / src).resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise PictureProblem(f"cannot be followed: {src} (a loop of links?)") from None
    if not target.is_relative_to(base):
        raise PictureProblem("points outside the brochure folder; keep images inside it")
    try:
        found = target.stat()
    except OSError as exc:
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            raise PictureProblem(
                f"picture not found: {src}",
                files.missing_file_hint(
                    root,
                    src,
                    SUFFIXES,
                    otherwise="add the picture at that path, or correct the path",
                ),
            ) from None
        raise PictureProblem(f"cannot be read: {src} ({exc.strerror})") from None
    if stat.S_ISDIR(found.st_mode):
        raise PictureProblem(f"is a folder, not a picture: {src}; name the picture file")
    if not stat.S_ISREG(found.st_mode):
        raise PictureProblem(f"is not a regular file: {src}")
    if found.st_size > MAX_BYTES:
        raise PictureProblem(
            f"{src} is {found.st_size // 1024 // 1024:,} MiB; images may be at most "
            f"{MAX_BYTES // 1024 // 1024} MiB (make it smaller before adding it)"
        )
    try:
        data = (inputs or Inputs(root)).read(root / src)
    except OSError as exc:
        raise PictureProblem(f"{src} cannot be read ({exc.strerror})") from None
    # The type is judged by the name in `src`, as the renderer does (not a link's target).
    suffix = Path(src).suffix.lower()
    pixels = None
    if suffix == ".svg":
        problem = _svg_problem(data, target, base)
    else:
        problem, pixels = _bitmap_problem(data, suffix)
    if problem is not None:
        raise PictureProblem(f"{src} {problem}")
    return Picture(src, target, data, MEDIA_TYPES[suffix], pixels)


def _bitmap_problem(data: bytes, suffix: str) -> tuple[str | None, tuple[int, int] | None]:
    """A PNG or JPEG must decode completely, be what its name says, and not be absurdly large.

    Truncation is found from the file's structure (PNG chunk checksums, the JPEG end marker),
    not by switching Pillow's process-wide LOAD_TRUNCATED_IMAGES (WeasyPrint sets it).
    """
    from PIL import Image as PILImage

    expected = _PILLOW_FORMATS[suffix]
    kind = "PNG" if suffix == ".png" else "JPEG"
    damaged = (
        f"cannot be read as a {kind} picture: the file is damaged, incomplete or not a "
        "picture; export it again from the image program"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                size = picture.size
                if picture.format not in expected:
                    return (
                        f"is not a {kind} picture but {picture.format or 'something else'}; "
                        f"convert it to {kind} or correct the file name"
                    ), None
                if size[0] * size[1] > MAX_PIXELS:
                    return _too_many_pixels(*size), None
                if kind == "PNG":
                    picture.verify()  # every chunk's checksum, and a complete file
                elif not data.rstrip(b"\0").endswith(b"\xff\xd9"):
                    return damaged, None  # a JPEG without its end marker was cut off
            with PILImage.open(io.BytesIO(data)) as picture:
                picture.load()  # decodes every pixel: corrupt data fails here
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return (
            "has far too many pixels (a decompression bomb?); use a picture of at most "
            f"{MAX_PIXELS // 1_000_000} megapixels"
        ), None
    except Exception:  # noqa: BLE001 - a decoder fed damaged data may raise anything
        # Mostly OSError (PIL.UnidentifiedImageError, "Truncated File Read"), ValueError,
        # SyntaxError (bad PNG chunks), EOFError; a damaged file is the user's to fix.
        return damaged, None
    return None, size


def _too_many_pixels(width: int, height: int) -> str:
    return (
        f"has {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); pictures may "
        f"have at most {MAX_PIXELS // 1_000_000} megapixels (a page needs about 3): "
        "make it smaller"
    )


class _SvgRefused(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


_SVG_REFERENCES = (
    "an SVG may only use its own parts (#id), data: URLs and files inside the brochure folder"
)
_SVG_DECLARATIONS = (
    "SVGs with DOCTYPE or ENTITY declarations are not accepted; remove the "
    "<!DOCTYPE …> part, or export the SVG again"
)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _svg_problem(data: bytes, path: Path, root: Path) -> str | None:
    """Parse an SVG safely and refuse what could reach outside the brochure.

    No DOCTYPE (so no entities, internal or external: no XXE, no "billion laughs"), no
    stylesheet processing instructions, and every reference (href, xlink:href, src, CSS url()
    and @import) must be a '#fragment', a data: URL or a relative path that stays inside the
    brochure folder.
    """
    from xml.parsers import expat

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    state: dict[str, Any] = {"root_seen": False, "style": 0, "css": []}

    def where() -> str:
        return f"line {parser.CurrentLineNumber} of the SVG"

    def check_reference(value: str) -> None:
        ref = value.strip()
        if not ref or ref.startswith("#") or ref.lower().startswith("data:"):
            return
        if _SCHEME.match(ref) or ref.startswith(("/", "\\")) or "\\" in ref:
            raise _SvgRefused(
                f"refers to '{ref}' ({where()}), outside the brochure", _SVG_REFERENCES
            )
        local = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        try:
            inside = (path.parent / local).resolve().is_relative_to(root)
        except (OSError, RuntimeError, ValueError):
            inside = False
        if not inside:
            raise _SvgRefused(
                f"refers to '{ref}' ({where()}), outside the brochure folder", _SVG_REFERENCES
            )

    def check_css(text: str) -> None:
        if "\\" in text:  # `u\72l(` is url( to a CSS parser, but not to the patterns below
            raise _SvgRefused(
                f"uses a backslash escape in its styles ({where()})",
                "write the styles without CSS escapes",
            )
        for match in _CSS_URL.finditer(text):
            check_reference(next(g for g in match.groups() if g is not None))
        for match in _CSS_IMPORT.finditer(text):
            check_reference(next(g for g in match.groups() if g is not None))

    def doctype(name, system_id, public_id, has_internal_subset):  # type: ignore[no-untyped-def]
        raise _SvgRefused(f"declares a DOCTYPE ({where()})", _SVG_DECLARATIONS)

    def entity(*args):  # type: ignore[no-untyped-def]
        raise _SvgRefused(f"declares an ENTITY ({where()})", _SVG_DECLARATIONS)

    def instruction(target: str, data_: str) -> None:
        if target.lower() == "xml-stylesheet":
            raise _SvgRefused(
                f"links a stylesheet ({where()})",
                "put the styles into the SVG's own <style> element",
            )

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if not state["root_seen"]:
            state["root_seen"] = True
            if local != "svg":
                raise _SvgRefused(
                    f"is not an SVG picture (it starts with <{local}>)",
                    "export the picture as SVG, PNG or JPEG",
                )
        if local == "style":
            state["style"] += 1
        for key, value in attributes.items():
            # href and xlink:href (any prefix), src and data (HTML in a foreignObject), and
            # xml:base, against which relative references would be resolved
            if key.rsplit(" ", 1)[-1] in ("href", "src", "data", "base"):
                check_reference(value)
            if key.rsplit(" ", 1)[-1] == "style" or "url(" in value.lower():
                check_css(value)

    def end(name: str) -> None:
        if name.rsplit(" ", 1)[-1] == "style" and state["style"]:
            state["style"] -= 1
            check_css("".join(state["css"]))
            state["css"].clear()

    def text(data_: str) -> None:
        if state["style"]:
            state["css"].append(data_)

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = lambda *args: 0  # never resolved
    parser.ProcessingInstructionHandler = instruction
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _SvgRefused as refused:
        return f"{refused}; {refused.hint}"
    except expat.ExpatError as exc:
        return (
            f"is not a valid SVG file (XML error at line {exc.lineno}, column "
            f"{exc.offset + 1}: {expat.ErrorString(exc.code)}); export it again from the "
            "drawing program"
        )
    except (ValueError, RecursionError) as exc:
        return f"is not a valid SVG file ({exc})"
    if not state["root_seen"]:
        return "is not a valid SVG file (no <svg> element)"
    return None
