"""The settings model: what `brochure.yaml` may say (slug, languages, limits, the page format and
the theme) and what a ready-made theme (`themes/<name>.yaml`) holds, checked strictly."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema, field_validator

from report.base import languages
from report.content import pictures
from report.content.fields import RealOrNone, Strict, Whole, folder_path

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def _hex_colour(value: str) -> str:
    if not _HEX.match(value):
        raise ValueError(
            f"'{value}' is not a colour like \"#0b5563\" (# and six hex digits, in quotes)"
        )
    return value.lower()


HexColour = Annotated[
    str,
    AfterValidator(_hex_colour),
    WithJsonSchema({"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"}),
]


class Colours(Strict):
    """The theme's colours; brand and accent decide the rest unless it is set too."""

    brand: HexColour | None = Field(None, description="The main colour: panels, figures.")
    accent: HexColour | None = Field(
        None, description=("Second colour, for decoration: rules, bullets, borders.")
    )
    brand_dark: HexColour | None = Field(None, description="Titles and headings.")
    tint: HexColour | None = Field(None, description="Rules inside boxes.")
    tint_light: HexColour | None = Field(None, description="Background of boxes and cards.")
    ink: HexColour | None = Field(None, description="Running text.")
    ink_soft: HexColour | None = Field(None, description="Footer and secondary text.")
    accent_text: HexColour | None = Field(None, description="Accent colour for small text.")
    highlight: HexColour | None = Field(None, description="Subtitle on the cover panel.")
    paper: HexColour | None = Field(None, description="The page.")
    panel: HexColour | None = Field(
        None, description=("Cover and back page panels (default: brand).")
    )
    on_panel: HexColour | None = Field(None, description="Text on the panels.")


class FontFiles(Strict):
    """A font family from the brochure's own fonts/ folder, one file per style."""

    regular: str = Field(description="e.g. fonts/MyFont-Regular.ttf")
    bold: str | None = Field(
        None, description="e.g. fonts/MyFont-Bold.ttf (required for running text)."
    )
    italic: str | None = Field(None, description="e.g. fonts/MyFont-Italic.ttf (optional).")
    bold_italic: str | None = Field(
        None, description="e.g. fonts/MyFont-BoldItalic.ttf (optional)."
    )

    @field_validator("regular", "bold", "italic", "bold_italic")
    @classmethod
    def _font_path(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return folder_path(value, FONT_SUFFIXES, "fonts/MyFont-Regular.ttf")


class Fonts(Strict):
    """Families for running text and for headings: a bundled family's name, or files."""

    text: str | FontFiles | None = Field(
        None, description=("A bundled family (Noto Sans, Noto Serif) or the files of your own.")
    )
    headings: str | FontFiles | None = Field(
        None, description=("A bundled family (Noto Sans, Noto Serif) or the files of your own.")
    )


class Logos(Strict):
    """The mark, for light backgrounds and for dark panels (the design picks the one it needs
    wherever it puts the mark)."""

    light: str | None = Field(None, description="The mark on light backgrounds.")
    dark: str | None = Field(None, description="The mark on dark panels.")

    @field_validator("light", "dark")
    @classmethod
    def _logo_path(cls, value: str | None) -> str | None:
        return None if value is None else folder_path(value, pictures.SUFFIXES, "images/logo.svg")


class Shape(Strict):
    radius: RealOrNone = Field(None, ge=0, le=20, description="Corner radius of boxes, mm.")
    border: RealOrNone = Field(
        None, ge=0, le=3, description=("Outline of boxes and cards, mm (0: none).")
    )


class ThemeSettings(Strict):
    """`theme:` in brochure.yaml: a ready-made look (`base`) and what you change of it."""

    base: str = Field("default", description="default, report or contrast.")
    colors: Colours = Field(
        default_factory=Colours, description="Your colours; brand and accent are enough."
    )
    fonts: Fonts = Field(
        default_factory=Fonts, description="The families for running text and headings."
    )
    logos: Logos = Field(
        default_factory=Logos, description="Your mark, for light and dark backgrounds."
    )
    shape: Shape = Field(default_factory=Shape, description="Corners and outlines of boxes.")
    type_scale: RealOrNone = Field(
        None, ge=0.8, le=1.4, description=("Type size relative to the theme's (1.0: as designed).")
    )


class PageSettings(Strict):
    """`page:` in brochure.yaml: the sheet (default: the theme's, A4 landscape for default)."""

    size: Literal["A4", "A5", "letter"] | None = Field(
        None, description="The sheet: A4, A5 or letter (default: the theme's)."
    )
    orientation: Literal["landscape", "portrait"] | None = Field(
        None, description="landscape or portrait (default: the theme's)."
    )


class ThemeFile(ThemeSettings):
    """A ready-made theme (themes/<name>.yaml): a complete look."""

    description: str
    page: PageSettings = Field(default_factory=PageSettings)


class Settings(Strict):
    """`brochure.yaml`: what all languages of a brochure share."""

    slug: str = Field(description="File name stem of the PDFs, e.g. 'annual-report-2019'.")
    source_language: str = Field("de", description="The language the others are translated from.")
    size_budget_kib: Whole = Field(
        1024,
        ge=50,
        description=("Largest allowed screen PDF in KiB (e-mail attachments; 1024 = 1 MiB)."),
    )
    page_limit: Whole = Field(
        60,
        ge=1,
        le=2000,
        description=("Most pages one language may have; more means runaway content."),
    )
    render_time_limit_s: Whole = Field(
        120,
        ge=5,
        le=3600,
        description=("Seconds one language may take to render before it is stopped."),
    )
    page: PageSettings = Field(
        default_factory=PageSettings, description="The sheet: size and orientation."
    )
    theme: ThemeSettings = Field(
        default_factory=ThemeSettings,
        description="The look: a ready-made theme and what you change of it.",
    )

    @field_validator("slug")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not _SLUG.match(value):
            raise ValueError("use lower-case letters, digits and hyphens only, e.g. report-2019")
        return value

    @field_validator("source_language")
    @classmethod
    def _language(cls, value: str) -> str:
        if not languages.is_code(value):
            raise ValueError("is not a language code like de, en or pt-BR")
        return value
