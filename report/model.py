"""The content model: what a brochure's YAML may say, checked strictly.

Page kinds are a tagged union on `kind`; text blocks inside a page are chosen by their one key
(`- paragraph: …`, `- list: […]`, `- heading: …`), which reads naturally in YAML.
"""

from __future__ import annotations

import errno
import re
import stat
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationInfo,
    field_validator,
)

from . import markup

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
MAX_IMAGE_BYTES = 5 * 1024 * 1024


class Strict(BaseModel):
    """Base of every content model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write the text or remove the key")
    for target in markup.link_targets(value):
        if (why := markup.bad_link(target)) is not None:
            raise ValueError(why)
    return value


# A content string: inline **bold**, *italic* and [links](https://…) allowed.
Text = Annotated[str, AfterValidator(_check_text)]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9 ()/\-]{5,}$")


class Image(Strict):
    """A picture from the brochure folder, with the text a screen reader says for it."""

    src: str = Field(description="Path of the file, relative to the brochure folder.")
    alt: Text = Field(description="What the picture shows, for readers who cannot see it.")

    @field_validator("src")
    @classmethod
    def _inside_brochure(cls, value: str, info: ValidationInfo) -> str:
        root: Path | None = (info.context or {}).get("root")
        if Path(value).is_absolute() or value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value):
            raise ValueError("must be a path relative to the brochure folder, e.g. images/cover.svg")
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value):
            raise ValueError("must be a file in the brochure folder, not a URL")
        if (bad := _URL_SPECIAL.search(value)) is not None:
            # The path becomes a URL in the HTML: `%2e%2e` would turn into `..`, `?` and `#`
            # would cut it, and `\` separates folders only on Windows.
            raise ValueError(f"must not contain '{bad.group()}'; rename the file, and use / "
                             "between folders, e.g. images/cover.svg")
        if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
            raise ValueError(f"must be one of {', '.join(IMAGE_SUFFIXES)}")
        if root is None:
            return value
        try:
            base = root.resolve()
            target = (root / value).resolve()
        except (OSError, RuntimeError):  # a loop of links
            raise ValueError(f"cannot be followed: {value} (a loop of links?)") from None
        if not target.is_relative_to(base):
            raise ValueError("points outside the brochure folder; keep images inside it")
        try:
            found = target.stat()
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                raise ValueError(f"file not found: {value} (looked in {root})") from None
            raise ValueError(f"cannot be read: {value} ({exc.strerror})") from None
        if stat.S_ISDIR(found.st_mode):
            raise ValueError(f"is a folder, not a picture: {value}; name the picture file")
        if not stat.S_ISREG(found.st_mode):
            raise ValueError(f"is not a regular file: {value}")
        if found.st_size > MAX_IMAGE_BYTES:
            raise ValueError(
                f"{value} is {found.st_size // 1024:,} KiB; images may be at most "
                f"{MAX_IMAGE_BYTES // 1024 // 1024} MiB (make it smaller before adding it)")
        # The type is judged by the name in `src`, as the renderer does (not a link's target).
        problem = _image_problem(target, base, Path(value).suffix.lower())
        if problem is not None:
            raise ValueError(f"{value} {problem}")
        return value


# Characters that change the meaning of a relative URL (and `\`, a Windows folder separator).
_URL_SPECIAL = re.compile(r"[%?#\\]")
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; more is far beyond any page's need
_PILLOW_FORMATS = {".png": ("PNG",), ".jpg": ("JPEG", "MPO"), ".jpeg": ("JPEG", "MPO")}


def _image_problem(path: Path, root: Path, suffix: str) -> str | None:
    """Why a picture file cannot go into the brochure, or None.

    Not cached: a module-level cache would outlive edits in a long-running process, and the
    dozen pictures of a brochure are checked in milliseconds.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if suffix == ".svg":
        return _svg_problem(data, path, Path(root))
    return _bitmap_problem(data, suffix)


def _bitmap_problem(data: bytes, suffix: str) -> str | None:
    """A PNG or JPEG must decode, be what its name says, and not be absurdly large."""
    import io
    import warnings

    from PIL import Image as PILImage
    from PIL import ImageFile

    expected = _PILLOW_FORMATS[suffix]
    kind = "PNG" if suffix == ".png" else "JPEG"
    # WeasyPrint switches this on for the whole process (it draws what it can of a truncated
    # picture); here a truncated file must be found, so it is off while this one is decoded.
    lenient, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(io.BytesIO(data)) as picture:
                width, height = picture.size
                if picture.format not in expected:
                    return (f"is not a {kind} picture but {picture.format or 'something else'}; "
                            f"convert it to {kind} or correct the file name")
                if width * height > MAX_IMAGE_PIXELS:
                    return _too_many_pixels(width, height)
                picture.load()  # decodes every pixel: a truncated or corrupt file fails here
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        return ("has far too many pixels (a decompression bomb?); use a picture of at most "
                f"{MAX_IMAGE_PIXELS // 1_000_000} megapixels")
    except Exception:  # noqa: BLE001 - a decoder fed damaged data may raise anything
        # Mostly OSError (PIL.UnidentifiedImageError, "image file is truncated"), ValueError,
        # SyntaxError (bad PNG chunks), EOFError; a damaged file is the user's to fix.
        return (f"cannot be read as a {kind} picture: the file is damaged, incomplete or "
                "not a picture; export it again from the image program")
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient
    return None


def _too_many_pixels(width: int, height: int) -> str:
    return (f"has {width}×{height} pixels ({width * height / 1e6:.0f} megapixels); pictures may "
            f"have at most {MAX_IMAGE_PIXELS // 1_000_000} megapixels (a page needs about 3): "
            "make it smaller")


class _SvgRefused(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


_SVG_REFERENCES = ("an SVG may only use its own parts (#id), data: URLs and files inside the "
                   "brochure folder")
_SVG_DECLARATIONS = ("SVGs with DOCTYPE or ENTITY declarations are not accepted; remove the "
                     "<!DOCTYPE …> part, or export the SVG again")


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
    state = {"root_seen": False, "style": 0, "css": []}

    def where() -> str:
        return f"line {parser.CurrentLineNumber} of the SVG"

    def check_reference(value: str) -> None:
        ref = value.strip()
        if not ref or ref.startswith("#") or ref.lower().startswith("data:"):
            return
        if _SCHEME.match(ref) or ref.startswith(("/", "\\")) or "\\" in ref:
            raise _SvgRefused(f"refers to '{ref}' ({where()}), outside the brochure",
                              _SVG_REFERENCES)
        from urllib.parse import unquote

        local = unquote(ref.split("#", 1)[0].split("?", 1)[0])
        try:
            inside = (path.parent / local).resolve().is_relative_to(root)
        except (OSError, RuntimeError, ValueError):
            inside = False
        if not inside:
            raise _SvgRefused(f"refers to '{ref}' ({where()}), outside the brochure folder",
                              _SVG_REFERENCES)

    def check_css(text: str) -> None:
        if "\\" in text:  # `u\72l(` is url( to a CSS parser, but not to the patterns below
            raise _SvgRefused(f"uses a backslash escape in its styles ({where()})",
                              "write the styles without CSS escapes")
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
            raise _SvgRefused(f"links a stylesheet ({where()})",
                              "put the styles into the SVG's own <style> element")

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rsplit(" ", 1)[-1]
        if not state["root_seen"]:
            state["root_seen"] = True
            if local != "svg":
                raise _SvgRefused(f"is not an SVG picture (it starts with <{local}>)",
                                  "export the picture as SVG, PNG or JPEG")
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
        return (f"is not a valid SVG file (XML error at line {exc.lineno}, column "
                f"{exc.offset + 1}: {expat.ErrorString(exc.code)}); export it again from the "
                "drawing program")
    except (ValueError, RecursionError) as exc:
        return f"is not a valid SVG file ({exc})"
    if not state["root_seen"]:
        return "is not a valid SVG file (no <svg> element)"
    return None


class Figure(Strict):
    """A key number with its label, e.g. `58` `Akteurinnen und Akteure`."""

    value: str
    label: Text


# --- blocks of running text ---------------------------------------------------------------

class Paragraph(Strict):
    paragraph: Text


class Heading(Strict):
    heading: Text


class BulletList(Strict):
    items: list[Text] = Field(alias="list", min_length=1)


BLOCK_KEYS = {"paragraph": "paragraph", "heading": "heading", "list": "list"}


def _block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        found = [key for key in value if key in BLOCK_KEYS]
        return found[0] if len(found) == 1 else None
    return {Paragraph: "paragraph", Heading: "heading", BulletList: "list"}.get(type(value))


Block = Annotated[
    Union[
        Annotated[Paragraph, Tag("paragraph")],
        Annotated[Heading, Tag("heading")],
        Annotated[BulletList, Tag("list")],
    ],
    Discriminator(
        _block_kind,
        custom_error_type="block_kind",
        custom_error_message="a block must have exactly one of the keys paragraph, heading, list",
    ),
]


# --- pages --------------------------------------------------------------------------------

class Card(Strict):
    icon: Image
    title: Text
    items: list[Text] = Field(min_length=1)


class Group(Strict):
    title: Text
    items: list[Text] = Field(min_length=1)


class CoverPage(Strict):
    """The front: title, subtitle, logo and a large picture; no header or footer."""

    kind: Literal["cover"]
    title: Text
    subtitle: Text | None = None
    image: Image | None = None
    logo: Image | None = None


class ContentPage(Strict):
    """Fields every inner page has: the section (running header, bookmark) and a title."""

    section: Text | None = Field(
        None, description="Section name: shown above the title and in the running header.")
    title: Text
    lead: Text | None = Field(None, description="A short, larger text under the title.")


class TextPage(ContentPage):
    """Running text (paragraphs, lists, sub-headings) with key figures or a picture beside it."""

    kind: Literal["text"]
    blocks: list[Block] = Field(min_length=1)
    figures: list[Figure] = Field(default_factory=list, max_length=4)
    image: Image | None = None


class CardsPage(ContentPage):
    """Two to four cards side by side, each with an icon, a title and a short list."""

    kind: Literal["cards"]
    cards: list[Card] = Field(min_length=1, max_length=4)


class GroupsPage(ContentPage):
    """One or two titled lists next to each other, with an optional picture."""

    kind: Literal["groups"]
    groups: list[Group] = Field(min_length=1, max_length=2)
    image: Image | None = None


class Contact(Strict):
    title: Text
    intro: Text | None = None
    address: list[Text] = Field(min_length=1)
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    more: list[Text] = Field(default_factory=list, description="Further lines, e.g. social media.")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise ValueError("is not a phone number (digits, spaces, ( ) / - and a leading +)")
        return value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not _EMAIL.match(value):
            raise ValueError("is not an e-mail address like name@example.org")
        return value

    @field_validator("website")
    @classmethod
    def _website(cls, value: str | None) -> str | None:
        if value is not None and (why := markup.bad_link(value)) is not None:
            raise ValueError(why)
        if value is not None and not value.startswith(("https://", "http://")):
            raise ValueError("must start with https:// (or http://)")
        return value


class BackPage(Strict):
    """The last page: thanks and the contact block; no header or footer."""

    kind: Literal["back"]
    title: Text
    contact: Contact
    logo: Image | None = None


Page = Annotated[
    Union[CoverPage, TextPage, CardsPage, GroupsPage, BackPage],
    Field(discriminator="kind"),
]

PAGE_KINDS = ("cover", "text", "cards", "groups", "back")


class Meta(Strict):
    """Document information: goes into the PDF's metadata and the running footer."""

    title: Text = Field(description="The document title (PDF metadata, window title).")
    author: Text
    subject: Text | None = None
    keywords: list[Text] = Field(default_factory=list)
    footer: Text | None = Field(None, description="Short title in the running footer.")


class Newsletter(Strict):
    """The e-mail that carries the brochure: `report newsletter` builds it from this."""

    subject: Text = Field(description="Subject line of the e-mail.")
    summary: Text = Field(description="Two or three sentences for the mail body.")
    sender_name: Text = Field(description="Name shown as the sender.")
    sender_email: str = Field(description="Address the mail comes from (--from overrides it).")

    @field_validator("sender_email")
    @classmethod
    def _email(cls, value: str) -> str:
        if not _EMAIL.match(value):
            raise ValueError("is not an e-mail address like name@example.org")
        return value


class Variant(Strict):
    """One language of a brochure: the content of one `<language>.yaml` file."""

    meta: Meta
    newsletter: Newsletter | None = None
    pages: list[Page] = Field(min_length=1)


class Settings(Strict):
    """`brochure.yaml`: what all languages of a brochure share."""

    slug: str = Field(description="File name stem of the PDFs, e.g. 'annual-report-2019'.")
    source_language: str = Field("de", description="The language the others are translated from.")
    size_budget_kib: int = Field(1024, ge=50, description=(
        "Largest allowed screen PDF in KiB (e-mail attachments; 1024 = 1 MiB)."))
    page_limit: int = Field(60, ge=1, le=2000, description=(
        "Most pages one language may have; more means runaway content."))
    render_time_limit_s: int = Field(120, ge=5, le=3600, description=(
        "Seconds one language may take to render before it is stopped."))

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("use lower-case letters, digits and hyphens only, e.g. report-2019")
        return value

    @field_validator("source_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not _LANGUAGE.match(value):
            raise ValueError("is not a language code like de, en or pt-BR")
        return value


def is_language_code(stem: str) -> bool:
    return bool(_LANGUAGE.match(stem))


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the two file kinds, for editor autocompletion (`report schema`)."""
    schemas = {}
    for name, cls, title in (
        ("language.schema.json", Variant, "Brochure content in one language (<language>.yaml)"),
        ("brochure.schema.json", Settings, "Brochure settings (brochure.yaml)"),
    ):
        schema = cls.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        schemas[name] = schema
    return schemas
