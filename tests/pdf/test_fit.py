"""Pages that do not fit (report/pdf/fit.py, draft.py): never a PDF with cut, overlapping or
spilled content and exit 0.

Such a build fails (exit 1), leaves the earlier PDF alone, names the page, the exact content
(file:line:column and key path) and by how much, and writes a clearly named draft in which what
does not fit is marked in red. `--allow-overflow` writes the real file for someone who knows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops

from report.base import resources
from report.base.errors import UserError
from report.builder import run as builder
from report.content import translation, yamlio
from report.pdf import draft

from ..helpers import edit, listed, run_cli

PDF_NAME = "lokale-buendnisse-befragung-2019-teil-2-de.pdf"
DRAFT_NAME = "lokale-buendnisse-befragung-2019-teil-2-de.DRAFT-does-not-fit.pdf"
EARLIER = b"%PDF-1.7 the earlier, good build"

FIGURES = """      - value: "10"
        label: Interviewpartnerinnen und -partner
"""
ITEM = "          - Hauptamtlich bzw. ehrenamtlich Aktive\n"
MORE_ITEMS = ITEM + "".join(
    f"          - Ein weiteres Kriterium der Auswahl, Nummer {n}, das die Liste verlängert\n"
    for n in range(1, 9)
)
MORE_FIGURES = (
    FIGURES
    + """      - value: "12"
        label: Bundesländer
      - value: "1.284"
        label: Kommunen
    image:
      src: images/illu-partners.svg
      alt: Illustration eines Unternehmensgebäudes
"""
)


def red_pixels(pdf: Path, page: int) -> int:
    """Pixels of the pure draft red (0.86, 0.1, 0.1), opaque or tinted over white."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = document[page - 1].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    r, g, b = image.split()

    def where(band: Image.Image, test: Callable[[int], bool]) -> Image.Image:
        return band.point(lambda v: 255 if test(v) else 0)

    red = ImageChops.multiply(
        ImageChops.multiply(where(r, lambda v: v > 180), where(g, lambda v: v < 70)),
        where(b, lambda v: v < 70),
    )
    tinted = ImageChops.multiply(
        ImageChops.multiply(where(r, lambda v: v > 235), where(g, lambda v: 195 < v < 225)),
        where(b, lambda v: 195 < v < 225),
    )
    return red.histogram()[255] + tinted.histogram()[255]


@pytest.mark.e2e
def test_a_page_that_does_not_fit_fails_and_leaves_a_marked_draft(
    brochure: Path, tmp_path: Path
) -> None:
    """Eight more list items, four key figures and a picture on page 2: even set as tight as
    the design allows, they spill onto an extra sheet. The build fails in a real process,
    names the content, keeps the earlier PDF and writes a draft that marks the overflow in
    red."""
    file = brochure / "de.yaml"
    edit(file, FIGURES, MORE_FIGURES)
    edit(file, ITEM, MORE_ITEMS)
    out = tmp_path / "out"
    out.mkdir()
    (out / PDF_NAME).write_bytes(EARLIER)

    done = run_cli("build", str(brochure), "--locale", "de", "--output", str(out))

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr and "wrote" not in done.stdout
    assert (out / PDF_NAME).read_bytes() == EARLIER
    assert listed(out) == [DRAFT_NAME, PDF_NAME]
    # the first content on the extra sheet, at its own line and column, with the amount
    document = yamlio.load(file)
    found = re.findall(
        r"de\.yaml:(\d+):(\d+): (pages\[2\]\S*): does not fit: page 2 "
        r'"Teil 2: Ergebnisse aus den Telefoninterviews" spills onto \d extra '
        r"sheets? \(from",
        done.stderr,
    )
    assert len(found) == 1, done.stderr
    for line, col, path in found:
        assert document.value_marks[translation.parse_path(path)] == (int(line), int(col))
    assert f"{DRAFT_NAME} shows in red what does not fit" in done.stderr

    # The draft is the real layout, marked: compare it with the same pages written anyway.
    anyway = tmp_path / "anyway"
    (written,) = builder.build(brochure, languages=["de"], output_dir=anyway, allow_overflow=True)
    marked = out / DRAFT_NAME
    assert red_pixels(marked, 3) > red_pixels(written.path, 3) + 2000  # the extra sheet
    assert red_pixels(marked, 2) == red_pixels(written.path, 2)  # the page itself is whole
    assert red_pixels(marked, 1) == red_pixels(written.path, 1)  # the cover fits: unmarked


def _long_cover_title(brochure: Path) -> None:
    edit(
        brochure / "de.yaml",
        "  - kind: cover\n    title: Bundesweite Befragung der Lokalen "
        "Bündnisse für Familie 2019\n",
        "  - kind: cover\n    title: Bundesweite Befragung der Lokalen Bündnisse für Familie "
        "2019 mit einem Titel, der viel zu lang für die Titelseite ist, weil er immer weiter "
        "geht" + " und geht" * 30 + "\n",
    )


def _twelve_more_items(brochure: Path) -> None:
    extra = "".join(
        f"\n          - Zusätzlicher Punkt Nummer {n} mit einem recht langen Text"
        for n in range(12)
    )
    edit(
        brochure / "de.yaml",
        "richtet sich auch nach den Projekten des Bündnisses",
        "richtet sich auch nach den Projekten des Bündnisses" + extra,
    )


def _word_too_long(brochure: Path) -> None:
    edit(
        brochure / "de.yaml",
        "title: Das macht Bündnisse stark!",
        "title: Das macht " + "Bündnisse" * 12,
    )


def _card_title_over_the_next_card(brochure: Path) -> None:
    """Inside the page area, but over the neighbouring card: a title word is never broken."""
    edit(
        brochure / "de.yaml",
        "title: Arbeitsfähige Strukturen für Netzwerke entwickeln und umsetzen",
        "title: Netzwerkstrukturentwicklungsvereinbarungen",
    )


def _own_template(brochure: Path, name: str, old: str, new: str) -> None:
    """The brochure's own copy of one page template, with `old` (found once) made `new`."""
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    original = (resources.TEMPLATES / "pages" / name).read_text(encoding="utf-8")
    assert original.count(old) == 1
    (own / name).write_text(original.replace(old, new), encoding="utf-8")


def _positioned_over_the_footer(brochure: Path) -> None:
    """A brochure's own text template that draws the key figures lower, over the footer."""
    _own_template(
        brochure,
        "text.html",
        '<div class="figures count-',
        '<div style="position: relative; top: 120mm" class="figures count-',
    )


def _clipping_template(brochure: Path) -> None:
    """A brochure's own card template that cuts off what does not fit its fixed height."""
    _own_template(
        brochure,
        "cards.html",
        '<article class="card" style="',
        '<article class="card" style="height: 45mm; overflow: hidden; ',
    )


# (id, how the brochure is broken, the key path named, words of the message)
CASES: list[tuple[str, Callable[[Path], None], str, str]] = [
    (
        "cover-split-over-two-sheets",
        _long_cover_title,
        "pages[1].title",
        'page 1 "Bundesweite Befragung der Lokalen Bündnisse für Familie 201…" spills onto',
    ),
    (
        "cards-spill-onto-extra-sheets",
        _twelve_more_items,
        "pages[3].cards[4].items[",
        'page 3 "Das macht Bündnisse stark!" spills onto',
    ),
    ("title-past-the-sheet-edge", _word_too_long, "pages[3].title", "mm too wide"),
    (
        "card-title-over-the-next-card",
        _card_title_over_the_next_card,
        "pages[3].cards[1].title",
        "mm too wide",
    ),
    (
        "figures-over-the-footer",
        _positioned_over_the_footer,
        "pages[2].figures[",
        "mm past the page area, over the running header or footer",
    ),
    ("content-cut-off-by-a-clipping-box", _clipping_template, "pages[3].cards[", "is cut off by"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("setup", "path", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_what_does_not_fit_is_an_error_at_its_content(
    brochure: Path, tmp_path: Path, setup: Callable[[Path], None], path: str, words: str
) -> None:
    setup(brochure)
    out = tmp_path / "out"
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)
    issues = caught.value.issues
    assert any(issue.path.startswith(path) and words in issue.message for issue in issues), (
        "\n".join(map(str, issues))
    )
    for issue in issues:
        assert issue.file == brochure / "de.yaml" and issue.line and issue.column
        assert issue.message.startswith("does not fit: page ")
    assert listed(out) == [DRAFT_NAME]


@pytest.mark.e2e
def test_allow_overflow_writes_the_real_file_and_says_so_first(
    brochure: Path, tmp_path: Path
) -> None:
    _twelve_more_items(brochure)
    out = tmp_path / "out"
    done = run_cli(
        "build", str(brochure), "--locale", "de", "--output", str(out), "--allow-overflow"
    )
    assert done.returncode == 0, done.stderr
    assert "warning [de]: written anyway (--allow-overflow): " in done.stderr
    assert "pages[3].cards[4].items[" in done.stderr
    assert listed(out) == [PDF_NAME]
    strict = run_cli("build", str(brochure), "--strict", "--allow-overflow")
    assert strict.returncode == 2  # the two contradict each other


@pytest.mark.e2e
def test_a_fixed_page_removes_the_old_draft(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "de.yaml"
    original = file.read_text(encoding="utf-8")
    _word_too_long(brochure)
    out = tmp_path / "out"
    with pytest.raises(UserError):
        builder.build(brochure, languages=["de"], output_dir=out)
    assert (out / DRAFT_NAME).exists()
    file.write_text(original, encoding="utf-8")
    builder.build(brochure, languages=["de"], output_dir=out)
    assert listed(out) == [PDF_NAME]


def test_draft_name_is_never_the_real_name() -> None:
    target = Path("out") / PDF_NAME
    assert draft.draft_path(target) != target
    assert draft.draft_path(target).name == DRAFT_NAME


def test_text_the_engine_leaves_out_is_found() -> None:
    """Text without a box on any sheet (here hidden by a brochure's own template) is found:
    WeasyPrint 70 has dropped content silently (after `column-span: all` in columns that
    continue onto another sheet), and a PDF missing words must not be written as a success."""
    import weasyprint

    from report.pdf import fit

    document = weasyprint.HTML(
        string=(
            "<p>Gezeigt</p><div><p style='display: none'>Verloren gegangen</p></div>"
            "<svg><text>im Bild</text></svg>"
        )
    ).render()
    assert fit.lost_text(document) == ["Verloren gegangen"]


@pytest.mark.e2e
def test_a_build_that_would_lose_text_fails_at_the_text(brochure: Path, tmp_path: Path) -> None:
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    (own / "back.html").write_text(
        '<section class="page back" id="page-{{ number }}">'
        '<h2 style="display: none">{{ page.title | inline }}</h2></section>',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", str(brochure), "--locale", "de", "--output", str(out))
    assert result.returncode == 1
    assert "left this text out of the PDF" in result.stderr
    assert "de.yaml:" in result.stderr and "pages[9].title" in result.stderr
    assert listed(out) == []


@pytest.mark.e2e
def test_a_picture_the_engine_cannot_draw_fails_at_its_line(brochure: Path, tmp_path: Path) -> None:
    """WeasyPrint leaves out an SVG it cannot draw (here: a viewBox of letters) and only logs
    it; the build must not write that PDF as a success, strict or not."""
    (brochure / "images" / "icon-structures.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" viewBox="0 0 a b">'
        '<rect width="1" height="1"/></svg>',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("build", str(brochure), "--locale", "de", "--output", str(out))
    assert result.returncode == 1
    assert "de.yaml:" in result.stderr and ".icon.src" in result.stderr
    assert "could not draw the picture images/icon-structures.svg" in result.stderr
    assert listed(out) == []
