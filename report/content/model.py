"""The content model: what a language file (`<language>.yaml`) may say, checked strictly.

Page kinds are a tagged union on `kind`; text blocks inside a page are chosen by their one key
(`- paragraph: …`, `- list: […]`, `- heading: …`), which reads naturally in YAML.
"""

from __future__ import annotations

import difflib
import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    AfterValidator,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    ValidationInfo,
    WithJsonSchema,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from report.base import languages
from report.content import markup, numbers, pictures
from report.content.fields import Strict, Truth, folder_path


def _check_text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write the text or remove the key")
    for code in markup.span_languages(value):
        if not languages.is_code(code):
            raise ValueError(
                f"'{{lang={code}}}' is not a language code; write a code like "
                "de, en, tr, uk, ar or pt-BR, e.g. [Lokale Bündnisse]{lang=de}"
            )
    for target in markup.link_targets(value):
        if (why := markup.bad_link(target)) is not None:
            raise ValueError(why)
    if (why := markup.unclosed_bold(value)) is not None:
        raise ValueError(why)
    return value


def _keep_language(value: Any, handler: Any) -> Any:
    """Validation makes a plain str of every text; a text marked with its own language (a
    fallback to the source language) keeps the mark."""
    result = handler(value)
    language = markup.language_of(value)
    return markup.LanguageText(result, language) if language else result


# A content string: inline **bold**, *italic* and [links](https://…) allowed.
Text = Annotated[str, AfterValidator(_check_text), WrapValidator(_keep_language)]


def _cell(value: Any, info: ValidationInfo) -> numbers.Number | str:
    """A table cell: a number (read with the rules of the source language), a text, or empty."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if not value.strip():
        return ""
    try:
        read = numbers.read(value, (info.context or {}).get("language", "en"))
    except numbers.NotANumber as problem:
        raise _not_a_number(problem) from None
    if isinstance(read, numbers.Number):
        return read
    text = _check_text(value)
    language = markup.language_of(value)
    return markup.LanguageText(text, language) if language else text


Cell = Annotated[
    numbers.Number | str,
    PlainValidator(_cell),
    WithJsonSchema(
        {
            "type": "string",
            "description": (
                "A text, or a number written as in the source language (German 1.284 or 0,5), or "
                '"" for an empty cell.'
            ),
        }
    ),
]

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
# Digits with the usual separators; short public numbers (110, 115) are phone numbers too.
_PHONE = re.compile(r"^\+?(?=(?:[^0-9]*[0-9]){3})[0-9 ()/\-]+$")


class Image(Strict):
    """A picture from the brochure folder, with the text a screen reader says for it.

    A purely decorative picture (an ornament, an icon that repeats its heading) says
    `decorative: true` instead of an alt text: screen readers then skip it.
    """

    src: str = Field(description="Path of the file, relative to the brochure folder.")
    alt: Text | None = Field(
        None,
        description=(
            "What the picture shows, for readers who cannot see it. Required unless decorative."
        ),
    )
    decorative: Truth = Field(
        False,
        description=(
            "true for an ornament that carries no information: no alt text, skipped by screen "
            "readers."
        ),
    )

    @field_validator("src")
    @classmethod
    def _relative_path(cls, value: str | None) -> str | None:
        return None if value is None else folder_path(value, pictures.SUFFIXES, "images/cover.svg")

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Image:
        if self.decorative and self.alt is not None:
            raise PydanticCustomError(
                "decorative_alt",
                "a decorative picture has no alt text; remove 'alt', or "
                "remove 'decorative: true' if the picture carries information",
            )
        if not self.decorative and self.alt is None:
            raise PydanticCustomError(
                "alt_missing",
                "the key 'alt' is missing: say what the picture shows, or write "
                "'decorative: true' for a pure ornament",
            )
        return self


def _currency(value: Any) -> str:
    """An ISO 4217 currency code CLDR knows (EUR, GBP, UAH); a near miss gets a suggestion."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    code = value.strip()
    if numbers.is_currency(code):
        return code
    meant = numbers.currency_of_sign(code) or (
        code.upper() if numbers.is_currency(code.upper()) else None
    )
    close = [meant] if meant else difflib.get_close_matches(code.upper(), numbers.currencies(), 3)
    raise PydanticCustomError(
        "currency",
        "{message}",
        {
            "message": f"'{code}' is not a currency code",
            "hint": f"did you mean {' or '.join(repr(c) for c in close)}?"
            if close
            else "write the currency's ISO 4217 code, e.g. EUR, GBP, USD, UAH or TRY",
        },
    )


Currency = Annotated[
    str,
    PlainValidator(_currency),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[A-Z]{3}$",
            "description": (
                "An amount of money in this currency, by its ISO 4217 code (EUR, GBP, USD, UAH, "
                "TRY): each language writes the sign in its own place, e.g. 486.200 £ in German "
                "and £486,200 in English."
            ),
        }
    ),
]


def _figure_value(value: Any, info: ValidationInfo) -> numbers.Value:
    """A number read with the rules of the source language, or text kept as written."""
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if not value.strip():
        raise ValueError("is empty; write the number")
    language = (info.context or {}).get("language", "en")
    try:
        return numbers.read(value, language)
    except numbers.NotANumber as problem:
        raise _not_a_number(problem) from None


def _not_a_number(problem: numbers.NotANumber) -> PydanticCustomError:
    return PydanticCustomError(
        "not_a_number", "{message}", {"message": str(problem), "hint": problem.hint}
    )


# A figure's value: `58`, `1.284` (German) or `1,284` (English), or text such as `> 50`.
FigureValue = Annotated[
    numbers.Value,
    PlainValidator(_figure_value),
    WithJsonSchema(
        {
            "type": "string",
            "description": (
                "The number, written as in the source language (German 1.284 or 0,5): each "
                "language shows it in its own number format. Text that is not a number is "
                "shown as written."
            ),
        }
    ),
]


class Figure(Strict):
    """A key number with its label, e.g. `58` `Akteurinnen und Akteure`; `prefix` and `suffix`
    stand before and after the number (`ca.`, `mehr als`, `%`, `Mio.`), which is still shown
    in each language's number format (a `%` also in its place: 42 % in German, %42 in
    Turkish)."""

    value: FigureValue
    label: Text = Field(description="What the number counts, under it (e.g. 'members').")
    prefix: Text | None = Field(None, description="Before the number, e.g. 'ca.' or 'mehr als'.")
    suffix: Text | None = Field(None, description="After the number, e.g. '%' or 'Mio.'.")
    currency: Currency | None = Field(
        None,
        description=(
            "The number is an amount in this currency (EUR, GBP, USD, UAH, TRY …), written as "
            "each language writes money. A prefix or suffix of one currency sign (€, £, $, ₴, ₺, "
            "¥) says the same."
        ),
    )

    @model_validator(mode="after")
    def _an_amount(self) -> Figure:
        if self.currency is None:
            return self
        if not isinstance(self.value, numbers.Number):
            raise PydanticCustomError(
                "currency",
                "{message}",
                {
                    "message": f"'{self.value.written}' is not a number; an amount of money is one",
                    "hint": "write the amount only (486,200), or remove 'currency'",
                },
            )
        for key in ("prefix", "suffix"):
            if numbers.currency_of_sign(affix := getattr(self, key)):
                raise PydanticCustomError(
                    "currency",
                    "{message}",
                    {
                        "message": f"the {key} '{affix}' and 'currency: {self.currency}' both "
                        "name the currency",
                        "hint": f"remove the {key}: each language writes the currency's sign "
                        "in its own place",
                    },
                )
        if self.suffix is not None:
            raise PydanticCustomError(
                "currency",
                "{message}",
                {
                    "message": "an amount of money has no suffix: the currency's sign stands "
                    "where each language puts it",
                    "hint": "write the whole amount (2500000) and remove the suffix, or say "
                    "the unit in the label",
                },
            )
        return self

    @property
    def money(self) -> str | None:
        """The currency of an amount: `currency:`, or the one a prefix or suffix of one
        currency sign stands for (`prefix: "£"`), so that brochures written before
        `currency:` are set right."""
        if self.currency or not isinstance(self.value, numbers.Number):
            return self.currency
        before, after = (numbers.currency_of_sign(a) for a in (self.prefix, self.suffix))
        if before and self.suffix is None:
            return before
        if after and not before:
            return after
        return None

    @property
    def words_before(self) -> str | None:
        """The prefix as it is shown: none where it is the sign of the figure's currency."""
        return None if self.money and numbers.currency_of_sign(self.prefix) else self.prefix

    @property
    def words_after(self) -> str | None:
        """The suffix as it is shown: none where it is the sign of the figure's currency."""
        return None if self.money and numbers.currency_of_sign(self.suffix) else self.suffix


def _chart_number(value: Any, info: ValidationInfo) -> numbers.Number:
    """A value a chart or table draws: a number, read with the rules of the source language."""
    read = _figure_value(value, info)
    if not isinstance(read, numbers.Number):
        raise PydanticCustomError(
            "not_a_number",
            "{message}",
            {
                "message": f"'{read.written}' is not a number; a chart draws numbers",
                "hint": "write the number only (42 or 42,5); put a unit into 'unit:'",
            },
        )
    return read


ChartNumber = Annotated[
    numbers.Number,
    PlainValidator(_chart_number),
    WithJsonSchema(
        {
            "type": "string",
            "description": (
                "A number, written as in the source language (German 42,5): each language shows it "
                "in its own number format."
            ),
        }
    ),
]


# --- blocks of running text ---------------------------------------------------------------
# A block is chosen by its first key (`- paragraph: …`, `- table: …`); its other keys say more
# about it. Every block but a heading may have a `source:` line (a source or a footnote)
# under it.

SOURCE = Field(None, description="A line under the block: its source or a footnote.")


class Paragraph(Strict):
    block: ClassVar[str] = "paragraph"  # the key that names this kind of block
    paragraph: Text = Field(
        description="The text of the paragraph; **bold**, *italic* and [links](https://…) allowed."
    )
    source: Text | None = SOURCE


class Heading(Strict):
    block: ClassVar[str] = "heading"
    heading: Text = Field(description="A sub-heading inside the page.")


class ListItem(Strict):
    """A list entry with a list of its own under it."""

    text: Text = Field(description="The entry's own text, above its sub-list.")
    items: list[Text] = Field(alias="list", min_length=1, description="The entries under it.")


ListEntry = Annotated[Text | ListItem, Field(union_mode="left_to_right")]


class BulletList(Strict):
    block: ClassVar[str] = "list"
    items: list[ListEntry] = Field(
        alias="list",
        min_length=1,
        description=("Entries: a text, or 'text:' with a 'list:' of entries under it."),
    )
    source: Text | None = SOURCE


class NumberedList(Strict):
    block: ClassVar[str] = "numbered"
    items: list[ListEntry] = Field(
        alias="numbered",
        min_length=1,
        description=("Entries, numbered 1., 2., …: a text, or 'text:' with a 'list:' under it."),
    )
    source: Text | None = SOURCE


class Quote(Strict):
    """A quotation set apart, e.g. from an interview."""

    block: ClassVar[str] = "quote"
    quote: Text = Field(description="The quotation, without quotation marks (they are added).")
    by: Text | None = Field(None, description="Who said it.")
    source: Text | None = SOURCE


class Picture(Strict):
    """A picture in the text, with a caption and the credit its licence asks for."""

    block: ClassVar[str] = "picture"
    picture: str = Field(description="Path of the file, relative to the brochure folder.")
    alt: Text | None = Field(
        None, description="What the picture shows (required unless decorative)."
    )
    decorative: Truth = Field(
        False, description="true for an ornament that carries no information: no alt text needed."
    )
    caption: Text | None = Field(None, description="A line under the picture.")
    credit: Text | None = Field(None, description="e.g. 'Foto: Name' or 'Illustration: Name'.")
    source: Text | None = SOURCE

    @field_validator("picture")
    @classmethod
    def _relative_path(cls, value: str) -> str:
        return folder_path(value, pictures.SUFFIXES, "images/photo.jpg")

    @model_validator(mode="after")
    def _alt_or_decorative(self) -> Picture:
        if self.decorative and self.alt is not None:
            raise PydanticCustomError("decorative_alt", "a decorative picture has no alt text")
        if not self.decorative and self.alt is None:
            raise PydanticCustomError(
                "alt_missing", "the key 'alt' is missing: say what the picture shows"
            )
        return self

    @property
    def src(self) -> str:
        return self.picture


class ChartRow(Strict):
    """One category of a chart: its label and its value (or one value per series)."""

    label: Text = Field(description="The name of this bar or column.")
    value: ChartNumber | None = Field(
        None, description="The number (one series), written as in the source language."
    )
    values: list[ChartNumber | None] | None = Field(
        None, description=("One value per series (see 'series'), in the same order.")
    )


class Chart(Strict):
    """Numbers drawn as a chart: `bars` (horizontal, e.g. answers and their shares) or
    `columns`; with `series`, each row has one value per series (a comparison, e.g. 2012
    and 2014)."""

    block: ClassVar[str] = "chart"
    chart: Literal["bars", "columns"] = Field(
        description="The kind of chart: bars (horizontal) or columns."
    )
    title: Text = Field(description="What the chart shows: its heading.")
    unit: Text | None = Field(
        None,
        description=(
            "What the values count: '%' stands at every value; a unit of words ('Bündnisse') "
            "once, after the title."
        ),
    )
    currency: Currency | None = Field(
        None,
        description=(
            "The values are amounts in this currency (EUR, GBP, …), each written as the "
            "language writes money; instead of 'unit'."
        ),
    )
    series: list[Text] = Field(
        default_factory=list, description=("Names of the series to compare, e.g. ['2012', '2014'].")
    )
    data: list[ChartRow] = Field(
        min_length=1,
        max_length=24,
        description="The rows: a label and a value (or values, one per series) each.",
    )
    scale: ChartNumber | None = Field(
        None,
        description=("Where the scale ends, e.g. 100 for shares (default: the largest value)."),
    )
    alt: Text | None = Field(
        None,
        description=("Text for readers who cannot see the chart (default: made from the numbers)."),
    )
    show_table: Truth = Field(False, description="Also give the numbers as a table under it.")
    source: Text | None = SOURCE

    @model_validator(mode="after")
    def _one_value_per_series(self) -> Chart:
        for index, row in enumerate(self.data, start=1):
            if self.series:
                if row.values is None or row.value is not None:
                    raise PydanticCustomError(
                        "chart_values",
                        "row {index}: with 'series', write 'values:' (one per "
                        "series) instead of 'value:'",
                        {"index": index},
                    )
                if len(row.values) != len(self.series):
                    raise PydanticCustomError(
                        "chart_values",
                        "row {index} has {found} values for {wanted} series",
                        {"index": index, "found": len(row.values), "wanted": len(self.series)},
                    )
            elif row.values is not None or row.value is None:
                raise PydanticCustomError(
                    "chart_values",
                    "row {index}: write 'value:' (or name the 'series' and give 'values:')",
                    {"index": index},
                )
        if self.unit is not None and self.currency is not None:
            raise PydanticCustomError(
                "currency",
                "{message}",
                {
                    "message": "a chart of amounts has no 'unit': its currency's sign stands "
                    "at every value",
                    "hint": "remove 'unit', or 'currency' if the values are no amounts",
                },
            )
        if len(self.series) == 1:
            raise PydanticCustomError(
                "chart_values",
                "a comparison needs two series or more; "
                "for one, leave 'series' out and write 'value:'",
            )
        return self

    def rows(self) -> list[tuple[str, list[numbers.Number | None]]]:
        """(label, values) per category: one value per series, or one."""
        return [
            (row.label, list(row.values) if row.values is not None else [row.value])
            for row in self.data
        ]


class Table(Strict):
    """A table: a header row, then rows of cells. Columns whose cells are all numbers are
    set right-aligned on the decimal sign and shown in each language's number format; a first
    column of words names its rows."""

    block: ClassVar[str] = "table"
    table: Text = Field(description="The caption: what the table shows.")
    columns: list[Text] = Field(min_length=1, max_length=8, description="The header row.")
    rows: list[list[Cell]] = Field(
        min_length=1,
        max_length=400,
        description=(
            "The rows, one list of cells each, as many cells as columns; numbers written as in "
            "the source language."
        ),
    )
    currency: Currency | None = Field(
        None,
        description=(
            "The numbers of its number columns are amounts in this currency (EUR, GBP, …), "
            "each written as the language writes money."
        ),
    )
    total: Truth = Field(
        False,
        description=(
            "The last row is the total: set bold under a rule, its first cell heading it, and "
            "never repeated on a further sheet."
        ),
    )
    source: Text | None = SOURCE

    @model_validator(mode="after")
    def _rows_as_wide_as_the_header(self) -> Table:
        for index, row in enumerate(self.rows, start=1):
            if len(row) != len(self.columns):
                raise PydanticCustomError(
                    "table_row",
                    "row {index} has {found} cells, the header {wanted}",
                    {"index": index, "found": len(row), "wanted": len(self.columns)},
                )
        if self.total and len(self.rows) < 2:
            raise PydanticCustomError(
                "table_total",
                "`total: true` makes the last row the total of the rows above it, and there are "
                "none: add them, or remove `total`",
            )
        return self


class Callout(Strict):
    """A highlighted box with a title, e.g. 'Praxisbeispiel', holding blocks of its own."""

    block: ClassVar[str] = "callout"
    callout: Text = Field(description="The box's title.")
    blocks: list[InnerBlock] = Field(
        min_length=1, description="The blocks inside the box (any block but another box)."
    )
    source: Text | None = SOURCE


_BLOCK_TYPES: dict[str, type[Strict]] = {
    "paragraph": Paragraph,
    "heading": Heading,
    "list": BulletList,
    "numbered": NumberedList,
    "quote": Quote,
    "picture": Picture,
    "chart": Chart,
    "table": Table,
    "callout": Callout,
}
BLOCK_KEYS = tuple(_BLOCK_TYPES)


def _block_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        found = [key for key in value if key in _BLOCK_TYPES]
        return found[0] if len(found) == 1 else None
    return next((key for key, cls in _BLOCK_TYPES.items() if type(value) is cls), None)


_BLOCK_ERROR = "a block must have exactly one of the keys "
# A block is chosen by its first key (see _block_kind); the tags name the members for errors.
InnerBlock = Annotated[  # inside a call-out box: every block but another box
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[Heading, Tag("heading")]
    | Annotated[BulletList, Tag("list")]
    | Annotated[NumberedList, Tag("numbered")]
    | Annotated[Quote, Tag("quote")]
    | Annotated[Picture, Tag("picture")]
    | Annotated[Chart, Tag("chart")]
    | Annotated[Table, Tag("table")],
    Discriminator(
        _block_kind,
        custom_error_type="block_kind",
        custom_error_message=_BLOCK_ERROR + ", ".join(k for k in BLOCK_KEYS if k != "callout"),
    ),
]
Block = Annotated[
    Annotated[Paragraph, Tag("paragraph")]
    | Annotated[Heading, Tag("heading")]
    | Annotated[BulletList, Tag("list")]
    | Annotated[NumberedList, Tag("numbered")]
    | Annotated[Quote, Tag("quote")]
    | Annotated[Picture, Tag("picture")]
    | Annotated[Chart, Tag("chart")]
    | Annotated[Table, Tag("table")]
    | Annotated[Callout, Tag("callout")],
    Discriminator(
        _block_kind,
        custom_error_type="block_kind",
        custom_error_message=_BLOCK_ERROR + ", ".join(BLOCK_KEYS),
    ),
]
Callout.model_rebuild()


# --- pages --------------------------------------------------------------------------------


class Card(Strict):
    icon: Image = Field(description="The card's icon, usually decorative.")
    title: Text = Field(description="The card's title.")
    items: list[Text] = Field(min_length=1, description="The lines of the card, as a short list.")


class Group(Strict):
    title: Text = Field(description="The group's title.")
    items: list[Text] = Field(min_length=1, description="The entries of the group's list.")


class Mark(Image):
    """The mark (logo) on a page: what it shows, for screen readers. The file is the theme's
    logo for the panel it stands on, unless `src` names one."""

    # An Image whose file may be left out: the theme's logo stands in for it.
    src: str | None = Field(  # type: ignore[assignment]
        None,
        description=(
            "Path of the file; leave it out to use the theme's logo (theme.logos in brochure.yaml)."
        ),
    )


class CoverPage(Strict):
    """The front: title, subtitle, logo and a large picture; no header or footer."""

    kind: Literal["cover"] = Field(description="Which kind of page this is: always `cover` here.")
    title: Text = Field(description="The brochure's title, large on the cover.")
    subtitle: Text | None = Field(None, description="A line under the title.")
    image: Image | None = Field(None, description="The cover picture beside the title panel.")
    logo: Mark | None = Field(
        None, description="The mark on the cover: its alt text (the file comes from theme.logos)."
    )


class ContentPage(Strict):
    """Fields every inner page has: the section (running header, bookmark) and a title."""

    section: Text | None = Field(
        None, description="Section name: shown above the title and in the running header."
    )
    title: Text = Field(description="The page's title.")
    lead: Text | None = Field(None, description="A short, larger text under the title.")


class TextPage(ContentPage):
    """One sheet of text (any blocks) with up to six key figures and a picture beside or
    under it."""

    kind: Literal["text"] = Field(description="Which kind of page this is: always `text` here.")
    blocks: list[Block] = Field(min_length=1, description="The page's content, from top to bottom.")
    figures: list[Figure] = Field(
        default_factory=list,
        max_length=6,
        description="Up to six key figures beside or under the text.",
    )
    image: Image | None = Field(None, description="A picture beside or under the text.")


class ChapterPage(ContentPage):
    """Running text of any length (a report chapter): it continues on as many sheets as it
    needs."""

    kind: Literal["chapter"] = Field(
        description="Which kind of page this is: always `chapter` here."
    )
    blocks: list[Block] = Field(
        min_length=1,
        description="The chapter's content; it continues on as many sheets as it needs.",
    )


class ContentsPage(ContentPage):
    """The table of contents: the sections and page titles of the brochure, with their page
    numbers (found by the layout) and links to them."""

    kind: Literal["contents"] = Field(
        description="Which kind of page this is: always `contents` here."
    )


class CardsPage(ContentPage):
    """One to six cards, each with an icon, a title and a short list."""

    kind: Literal["cards"] = Field(description="Which kind of page this is: always `cards` here.")
    cards: list[Card] = Field(min_length=1, max_length=6, description="One to six cards.")


class GroupsPage(ContentPage):
    """One to three titled lists next to each other, with an optional picture."""

    kind: Literal["groups"] = Field(description="Which kind of page this is: always `groups` here.")
    groups: list[Group] = Field(
        min_length=1, max_length=3, description="One to three titled lists side by side."
    )
    image: Image | None = Field(None, description="A picture beside or under the groups.")


class Contact(Strict):
    title: Text = Field(description="The heading of the contact block.")
    intro: Text | None = Field(None, description="A line before the address.")
    address: list[Text] = Field(min_length=1, description="The postal address, one line per entry.")
    phone: str | None = Field(None, description="A telephone number (made a link).")
    email: str | None = Field(None, description="An e-mail address (made a link).")
    website: str | None = Field(None, description="A web address, https://… (made a link).")
    more: list[Text] = Field(default_factory=list, description="Further lines, e.g. social media.")

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        if value is not None and not _PHONE.match(value):
            raise ValueError(
                "is not a phone number (at least three digits; spaces, ( ) / - "
                "and a leading + allowed)"
            )
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

    kind: Literal["back"] = Field(description="Which kind of page this is: always `back` here.")
    title: Text = Field(description="The closing line, e.g. a thank-you.")
    contact: Contact = Field(description="Who to contact, with address and links.")
    logo: Mark | None = Field(
        None,
        description="The mark on the back page: its alt text (the file comes from theme.logos).",
    )


PAGE_TYPES = (CoverPage, ContentsPage, TextPage, ChapterPage, CardsPage, GroupsPage, BackPage)
Page = Annotated[
    CoverPage | ContentsPage | TextPage | ChapterPage | CardsPage | GroupsPage | BackPage,
    Field(discriminator="kind"),
]
# The names users write after `kind:`, in the order README lists them.
PAGE_KINDS = tuple(get_args(cls.model_fields["kind"].annotation)[0] for cls in PAGE_TYPES)


class Meta(Strict):
    """Document information: goes into the PDF's metadata and the running footer."""

    title: Text = Field(description="The document title (PDF metadata, window title).")
    author: Text = Field(description="The publisher or author (PDF metadata).")
    subject: Text | None = Field(None, description="What the brochure is about (PDF metadata).")
    keywords: list[Text] = Field(default_factory=list, description="Search words (PDF metadata).")
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


class Content(Strict):
    """What one `<language>.yaml` file says: the brochure in one language."""

    meta: Meta = Field(description="The document information: title, author, footer.")
    newsletter: Newsletter | None = Field(
        None, description="The e-mail that carries the PDF (report newsletter)."
    )
    pages: list[Page] = Field(
        min_length=1,
        description="The pages, from the first to the last; `kind` chooses each page's layout.",
    )
