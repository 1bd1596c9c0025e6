"""The content model: what a brochure's YAML may say, checked strictly.

Page kinds are a tagged union on `kind`; text blocks inside a page are chosen by their one key
(`- paragraph: …`, `- list: […]`, `- heading: …`), which reads naturally in YAML.
"""

from __future__ import annotations

import re
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
        if Path(value).suffix.lower() not in IMAGE_SUFFIXES:
            raise ValueError(f"must be one of {', '.join(IMAGE_SUFFIXES)}")
        if root is None:
            return value
        base = root.resolve()
        target = (root / value).resolve()
        if not target.is_relative_to(base):
            raise ValueError("points outside the brochure folder; keep images inside it")
        if not target.is_file():
            raise ValueError(f"file not found: {value} (looked in {root})")
        if target.stat().st_size > MAX_IMAGE_BYTES:
            raise ValueError(
                f"is {target.stat().st_size // 1024} KiB; images may be at most "
                f"{MAX_IMAGE_BYTES // 1024 // 1024} MiB (make it smaller before adding it)")
        return value


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
