"""Layouts adapt to the amount of content and to the page format: one to six key figures, one to
six cards, one to three groups (with and without a picture), a cover without a picture, long
text without anything beside it, and a chapter, in every format, laid out on their sheets
(built under --strict: nothing cut off, over the footer or spilled) and read back from the PDF.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from report.builder import run as builder
from report.pdf import hyphenation

from ..helpers import SHIPPED, pdf_text

pytestmark = pytest.mark.e2e

FORMATS = [
    ("A4", "landscape"),
    ("A4", "portrait"),
    ("A5", "landscape"),
    ("A5", "portrait"),
    ("letter", "landscape"),
    ("letter", "portrait"),
]
SENTENCE = (
    "Die Bündnisse arbeiten mit Unternehmen, Verwaltung und Vereinen zusammen und "
    "entwickeln gemeinsam Angebote für Familien in ihrer Stadt. "
)
ICONS = ["icon-structures", "icon-communication", "icon-participation", "icon-partners"]


def figures(count: int) -> str:
    return "".join(
        f'      - value: "{12 * (n + 1)}"\n        label: Kennzahl Nummer {n + 1}\n'
        for n in range(count)
    )


def cards(count: int) -> str:
    return "".join(
        f"""      - icon: {{src: images/{ICONS[n % 4]}.svg, decorative: true}}
        title: Handlungsfeld {n + 1}
        items: [Erster Punkt des Felds, Zweiter Punkt mit etwas mehr Text]
"""
        for n in range(count)
    )


def groups(count: int) -> str:
    return "".join(
        f"""      - title: Gruppe {n + 1}
        items: [Ein Punkt der Gruppe, Ein zweiter Punkt, Ein dritter Punkt]
"""
        for n in range(count)
    )


def shapes_yaml() -> str:
    pages = [
        """  - kind: cover
    title: Formen und Formate
    subtitle: Jede Seitenart mit wenig und viel Inhalt
    logo: {alt: Bildzeichen}
"""
    ]
    for count in range(1, 7):
        picture = (
            "    image: {src: images/illu-partners.svg, alt: Illustration}\n"
            if (count in (2, 5))
            else ""
        )
        pages.append(f"""  - kind: text
    section: Kennzahlen
    title: {count} Kennzahlen
    blocks:
      - paragraph: {SENTENCE * 2}
    figures:
{figures(count)}{picture}""")
    for count in range(1, 7):
        pages.append(f"""  - kind: cards
    section: Karten
    title: {count} Karten
    cards:
{cards(count)}""")
    for count in range(1, 4):
        for picture in ("", "    image: {src: images/illu-outlook.svg, alt: Illustration}\n"):
            pages.append(f"""  - kind: groups
    section: Gruppen
    title: {count} Gruppen
    groups:
{groups(count)}{picture}""")
    pages.append(f"""  - kind: text
    section: Langer Text
    title: Langer Text ohne Bild
    blocks:
      - paragraph: {SENTENCE * 3}
      - paragraph: {SENTENCE * 2}
      - heading: Eine Zwischenüberschrift
      - paragraph: {SENTENCE * 2}
""")
    pages.append(f"""  - kind: chapter
    section: Kapitel
    title: Ein Kapitel über mehrere Seiten
    blocks:
{"".join(f"      - paragraph: {SENTENCE * 6}" + chr(10) for _ in range(14))}""")
    pages.append("""  - kind: back
    title: Danke!
    contact:
      title: Kontakt
      address: [Servicebüro, Breite Straße 29, 10178 Berlin]
      email: info@example.org
""")
    return "meta:\n  title: Formen und Formate\n  author: Test\npages:\n" + "".join(pages)


@pytest.fixture(scope="module")
def shapes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("shapes") / "brochure"
    shutil.copytree(SHIPPED / "images", root / "images")
    (root / "de.yaml").write_text(shapes_yaml(), encoding="utf-8")
    return root


def build_in(shapes: Path, tmp_path: Path, size: str, orientation: str) -> Path:
    (shapes / "brochure.yaml").write_text(
        "slug: formen\nsource_language: de\ntheme:\n  logos:\n"
        "    dark: images/logo-on-dark.svg\n    light: images/logo.svg\n"
        f"page:\n  size: {size}\n  orientation: {orientation}\n",
        encoding="utf-8",
    )
    (result,) = builder.build(shapes, languages=["de"], output_dir=tmp_path, strict=True)
    return result.path


def positions(pdf: Path, page: int, words: list[str]) -> dict[str, tuple[float, float]]:
    """Where each word starts on a page: (x, y from the top) in points."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        sheet = document[page]
        height = sheet.get_height()
        text = sheet.get_textpage()
        whole = text.get_text_range()
        found = {}
        for word in words:
            index = whole.index(word)
            left, _, _, top = text.get_charbox(index)
            found[word] = (left, height - top)
        return found
    finally:
        document.close()


@pytest.mark.parametrize(("size", "orientation"), FORMATS)
def test_every_amount_of_content_fits_every_format(
    shapes: Path, tmp_path: Path, size: str, orientation: str
) -> None:
    """Twenty-two pages of different amounts, each on its own sheet (the chapter on several),
    in every format, under --strict."""
    pdf = build_in(shapes, tmp_path, size, orientation)
    document = pdfium.PdfDocument(str(pdf))
    try:
        count = len(document)
        texts = [document[i].get_textpage().get_text_range() for i in range(count)]
    finally:
        document.close()
    fixed = 1 + 6 + 6 + 6 + 1  # cover, text pages, cards, groups, long text
    assert count >= fixed + 2 + 1  # the chapter needs two sheets or more, then the back
    for number in range(1, 7):
        assert f"{number} Kennzahlen" in texts[number]
        assert f"{number} Karten" in texts[6 + number]


@pytest.mark.parametrize(
    ("size", "orientation", "rows"),
    [("A4", "landscape", [4]), ("A4", "portrait", [2, 2]), ("A5", "portrait", [2, 2])],
)
def test_four_key_figures_stand_in_even_rows(
    shapes: Path, tmp_path: Path, size: str, orientation: str, rows: list[int]
) -> None:
    pdf = build_in(shapes, tmp_path, size, orientation)
    found = positions(pdf, 4, [f"Kennzahl Nummer {n}" for n in range(1, 5)])
    lines = sorted({round(y) for _, y in found.values()})
    assert [sum(1 for _, y in found.values() if round(y) == line) for line in lines] == rows


def test_long_text_with_nothing_beside_it_is_set_in_two_columns(
    shapes: Path, tmp_path: Path
) -> None:
    """The measure is used: on a landscape sheet the long text is read in two columns side by
    side, not one narrow column with an empty right half."""
    pdf = build_in(shapes, tmp_path, "A4", "landscape")
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[19]
        text = page.get_textpage()
        assert "Langer Text ohne Bild" in text.get_text_range()
        width = page.get_width()
        starts = {
            round(text.get_charbox(i)[0])
            for i in range(text.count_chars())
            if text.get_text_range(i, 1) == "D"
            and (i == 0 or text.get_text_range(i - 1, 1) in " \n\r")
        }
    finally:
        document.close()
    assert any(x > width / 2 for x in starts) and any(x < width / 3 for x in starts)


def test_a_list_never_leaves_one_entry_alone_at_a_sheet_break(tmp_path: Path) -> None:
    """A chapter whose list meets the end of a sheet, at every distance from it: wherever it
    breaks, at least two entries stand on either side (else it moves whole)."""
    import re

    root = tmp_path / "lists"
    root.mkdir()
    (root / "brochure.yaml").write_text(
        "slug: lists\nsource_language: de\npage: {size: A5, orientation: portrait}\n",
        encoding="utf-8",
    )
    entries = "".join(f"          - Eintrag {n}\n" for n in range(1, 7))
    splits = 0
    for filler in range(16, 24):
        paragraphs = "".join(
            f"      - paragraph: Absatz {n} mit etwas Text, der eine Zeile "
            "füllt und noch eine halbe dazu.\n"
            for n in range(filler)
        )
        (root / "de.yaml").write_text(
            "meta: {title: T, author: A}\npages:\n  - kind: chapter\n    title: Kapitel\n"
            f"    blocks:\n{paragraphs}      - list:\n{entries}      - paragraph: Schluss.\n",
            encoding="utf-8",
        )
        (output,) = builder.build(root, output_dir=tmp_path / "out", force=True)
        document = pdfium.PdfDocument(str(output.path))
        parts = [
            len(re.findall(r"Eintrag \d", document[i].get_textpage().get_text_range()))
            for i in range(len(document))
        ]
        parts = [count for count in parts if count]
        assert sum(parts) == 6 and all(count >= 2 for count in parts), (filler, parts)
        splits += len(parts) > 1
    assert splits >= 2  # the range does make the list break


# --- hyphenation that reads well -----------------------------------------------------------

# Where the engine broke a word at a line end: pdfium gives U+FFFE there (or the drawn U+2010
# and the line end); the rest of the word follows on the same line of pdfium's text.
_BREAK = re.compile(r"(\w*)(?:\ufffe|\u2010\s*\n\s*)(\w*)")


def broken_words(text: str) -> list[tuple[str, str]]:
    """Each word the engine broke: (the part before the hyphen, the part after it)."""
    return [(match[1], match[2]) for match in _BREAK.finditer(text)]


def hyphenated_in_a_row(text: str) -> int:
    """The most lines in a row that end in a hyphen (pdfium keeps them on one line of text)."""
    text = re.sub("\u2010\\s*\n\\s*", "\ufffe", text)
    return max((line.count("\ufffe") for line in text.splitlines()), default=0)


def short_breaks(text: str) -> list[str]:
    """Breaks that leave a part under SHORTEST_PART letters or break a word under SHORTEST_WORD."""
    return [
        f"{head}-{tail}"
        for head, tail in broken_words(text)
        if min(len(head), len(tail)) < hyphenation.SHORTEST_PART
        or len(head + tail) < hyphenation.SHORTEST_WORD
    ]


GERMAN_CARDS = """meta:
  title: Familienzentrum
  author: Test
pages:
  - kind: cards
    title: Was wir anbieten
    cards:
      - icon: {src: images/icon-structures.svg, decorative: true}
        title: Kleine Gruppen
        items: [Kleine Gruppen am Vormittag, Sprechstunde im Familienzentrum,
                Hebammensprechstunde jeden Dienstag]
      - icon: {src: images/icon-communication.svg, decorative: true}
        title: Hebammensprechstunde
        items: [Sprechstunde für Schwangere, Kleine Gruppen für Eltern,
                Beratung zur Elternzeit und zum Elterngeld]
      - icon: {src: images/icon-participation.svg, decorative: true}
        title: Sprechstunde
        items: [Hebammensprechstunde, Kinderbetreuung während der Sprechstunde,
                Kleine Runde mit Kaffee und Kuchen]
      - icon: {src: images/icon-partners.svg, decorative: true}
        title: Beratung
        items: [Hilfe bei Anträgen, Sprechstunde im Rathaus, Beratung am Telefon]
      - icon: {src: images/icon-structures.svg, decorative: true}
        title: Treffen
        items: [Sprachcafé, Stammtisch für Neue, Spieleabend, Familienfrühstück]
      - icon: {src: images/icon-communication.svg, decorative: true}
        title: Familienbildung
        items: [Elternbriefe, Erziehungsberatung, Familienbildungsstätte]
"""


def test_german_cards_on_a_portrait_sheet_break_no_short_word_or_part(tmp_path: Path) -> None:
    """Six German cards on A4 portrait: two in a row (three would be 19 characters wide); a word
    is broken only where it leaves three letters or more on either side, never a word under
    seven letters and never a title; at most two lines in a row end in a hyphen."""
    root = tmp_path / "brochure"
    shutil.copytree(SHIPPED / "images", root / "images")
    (root / "brochure.yaml").write_text(
        "slug: karten\nsource_language: de\npage:\n  size: A4\n  orientation: portrait\n",
        encoding="utf-8",
    )
    (root / "de.yaml").write_text(GERMAN_CARDS, encoding="utf-8")
    (result,) = builder.build(root, languages=["de"], output_dir=tmp_path / "out", strict=True)
    (text,) = pdf_text(result.path)

    # the titles, whole (a broken one would not be found): three rows of two
    titles = ["Kleine Gruppen", "Hebammensprechstunde", "Sprechstunde", "Beratung", "Treffen"]
    found = positions(result.path, 0, [*titles, "Familienbildung"])
    assert len({round(y) for _, y in found.values()}) == 3
    left, right = min(x for x, _ in found.values()), max(x for x, _ in found.values())
    assert right - left > 100 and all(min(x - left, right - x) < 5 for x, _ in found.values())
    assert broken_words(text), "the cards are to be narrow enough to break some words"
    assert short_breaks(text) == []
    assert hyphenated_in_a_row(text) <= 2


def test_the_shipped_brochure_breaks_no_short_word_or_part(
    shipped_builds: dict[str, builder.Output],
) -> None:
    """Four cards across a landscape sheet, groups and lists, in every language (Arabic and
    Turkish have no hyphenation patterns: nothing is broken there)."""
    for language, result in shipped_builds.items():
        text = "\n".join(pdf_text(result.path))
        assert short_breaks(text) == [], language
    german = "\n".join(pdf_text(shipped_builds["de"].path))
    assert broken_words(german)
