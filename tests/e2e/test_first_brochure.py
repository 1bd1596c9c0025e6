"""The first example brochure (content/lokale-buendnisse-2019, made from the seed text) as its
reader gets it: pages, words, bookmarks, links, metadata, fonts, tags and PDF/UA-1."""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import page as page_validation
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from ..helpers import (
    SEED,
    SEED_COPY,
    bundled_font_of,
    embedded_fonts,
    normalize,
    pdf_text,
    seed_lines,
)

pytestmark = pytest.mark.e2e

A4_LANDSCAPE = (841.89, 595.28)  # points


def test_engine_gave_no_warnings(shipped_build) -> None:
    assert shipped_build.warnings == []


def test_page_count_and_size(shipped_pdf: Path) -> None:
    with pikepdf.open(shipped_pdf) as pdf:
        assert len(pdf.pages) == 9
        for page in pdf.pages:
            box = [float(v) for v in page.MediaBox]
            assert box[2:] == pytest.approx(A4_LANDSCAPE, abs=0.1)


def test_committed_seed_copy_matches_shared_seed() -> None:
    """The tests read the committed copy (tests/data/seed-de.txt); where the original is beside
    the checkout, the copy must be the same text."""
    if not SEED.exists():
        pytest.skip("the shared seed is not beside this checkout")
    assert SEED_COPY.read_text(encoding="utf-8") == SEED.read_text(encoding="utf-8")


def test_every_seed_line_is_in_the_pdf(shipped_pdf: Path) -> None:
    # pdfium gives the same U+FFFE where the engine hyphenated a word and where a word's own
    # hyphen ends a line ("VHS-" / "Kurses"): the lines are compared without hyphens
    text = normalize(" ".join(pdf_text(shipped_pdf))).replace("-", "")
    missing = [line for line in seed_lines() if normalize(line).replace("-", "") not in text]
    assert missing == []


def test_seed_order_is_kept(shipped_pdf: Path) -> None:
    """The seed's headings appear in the seed's order (first occurrence of each)."""
    text = normalize(" ".join(pdf_text(shipped_pdf)))
    headings = [
        "Das macht Bündnisse stark!",
        "Wie können Bündnispartnerinnen",
        "Wie kann Nachwuchs",
        "fördern Integration!",
        "in der Öffentlichkeit sichtbar!",
        "setzen sich neue Ziele",
        "benennen Unterstützungsbedarf",
        "So erreichen Sie uns:",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_pages_follow_the_seed(shipped_pdf: Path) -> None:
    pages = [normalize(t) for t in pdf_text(shipped_pdf)]
    expected = {
        1: "Teil 2: Auswertung Telefoninterviews",
        2: "58 Akteurinnen und Akteure",
        3: "Das macht Bündnisse stark!",
        4: "Wie können Bündnispartnerinnen und -partner gewonnen werden?",
        5: "Durch die Schaffung von ...",
        6: "Integration ermöglichen durch...",
        7: "Bündnisse machen ihre Arbeit in der Öffentlichkeit sichtbar!",
        8: "Lokale Bündnisse für Familie benennen Unterstützungsbedarf",
        9: "So erreichen Sie uns:",
    }
    for number, phrase in expected.items():
        assert phrase in pages[number - 1], f"page {number}"


def _bold_phrases() -> list[str]:
    return re.findall(r"\*\*([^*]+)\*\*", SEED_COPY.read_text(encoding="utf-8"))


def _text_in_bold(path: Path) -> str:
    """Only the text drawn in a bold font; everything else becomes a NUL separator.

    Read per text object (its font, and its text as extraction gives it, including an actual
    text such as a soft hyphen at a line end)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        runs = []
        for page in pdf:
            textpage = page.get_textpage()
            for number in range(pdfium_c.FPDFPage_CountObjects(page.raw)):
                obj = pdfium_c.FPDFPage_GetObject(page.raw, number)
                if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                font = pdfium_c.FPDFTextObj_GetFont(obj)
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
                size = pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, None, 0)
                buffer = (ctypes.c_ushort * max(1, size // 2))()
                pdfium_c.FPDFTextObj_GetText(obj, textpage.raw, buffer, size)
                text = bytes(buffer)[: max(0, size - 2)].decode("utf-16-le", errors="replace")
                text = text.replace("\x02", "\u00ad")
                runs.append(text if b"Bold" in name.value else "\0")
        return "".join(runs)
    finally:
        pdf.close()


def _bold_words(path: Path) -> str:
    return " | ".join(
        normalize(run.replace("\u00ad", "")) for run in _text_in_bold(path).split("\0")
    )


def test_seed_bold_stays_bold(shipped_pdf: Path) -> None:
    """Every **phrase** of the seed is set in the bold font, as one run."""
    bold = _bold_words(shipped_pdf)
    phrases = _bold_phrases()
    assert len(phrases) >= 15
    missing = [p for p in phrases if normalize(p) not in bold]
    assert missing == []


def test_regular_text_is_not_bold(shipped_pdf: Path) -> None:
    """The counter-check: plain list items are not in the bold text."""
    bold = _bold_words(shipped_pdf)
    assert "Zusammenarbeit mit Regeln" in bold
    assert "Hauptamtliche der Stadt" not in bold
    assert "in festen Arbeitsstrukturen" not in bold


def test_metadata(shipped_pdf: Path) -> None:
    with pikepdf.open(shipped_pdf) as pdf:
        info = pdf.docinfo
        assert str(info["/Title"]).startswith("Bundesweite Befragung der Lokalen Bündnisse")
        assert str(info["/Author"]) == "Servicebüro „Lokale Bündnisse für Familie“"
        assert "Erfolgsfaktoren" in str(info["/Subject"])
        assert "Netzwerkarbeit" in str(info["/Keywords"])
        assert str(pdf.Root.Lang) == "de-DE"
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        with pdf.open_metadata() as xmp:
            assert "Bundesweite Befragung" in xmp["dc:title"]
            assert xmp["pdfuaid:part"] == "1"


def test_bookmarks(shipped_pdf: Path) -> None:
    with pikepdf.open(shipped_pdf) as pdf, pdf.open_outline() as outline:
        tree = [(item.title, [child.title for child in item.children]) for item in outline.root]
    titles = [title for title, _ in tree]
    assert titles == [
        "Bundesweite Befragung der Lokalen Bündnisse für Familie 2019",
        "Erfolgsfaktoren für die Bündnisarbeit",
        "Ausblick",
        "Das Servicebüro bedankt sich bei allen Teilnehmerinnen und Teilnehmern der Befragung.",
    ]
    assert tree[1][1][0] == "Das macht Bündnisse stark!"
    assert len(tree[1][1]) == 5
    assert tree[3][1] == ["Kontakt"]


def test_links_are_live(shipped_pdf: Path) -> None:
    with pikepdf.open(shipped_pdf) as pdf:
        uris = {
            str(annot.A.URI)
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.Subtype == "/Link" and "/A" in annot
        }
    assert "mailto:info@lokale-buendnisse-fuer-familie.de" in uris
    assert "https://www.lokale-buendnisse-familie.de" in uris
    assert "tel:08000863826" in uris
    assert all(uri.split(":")[0] in ("https", "http", "mailto", "tel") for uri in uris)


def test_fonts_are_embedded_and_vendored(shipped_pdf: Path) -> None:
    """Every font of the PDF is embedded and is one of the files in styles/fonts/: each glyph
    it draws is that file's glyph (a system font the engine fell back to is none of them)."""
    fonts = embedded_fonts(shipped_pdf)
    assert [name for name, program in fonts.items() if program is None] == []
    made_from = {name: bundled_font_of(program) for name, program in fonts.items()}
    assert [name for name, file in made_from.items() if file is None] == []
    assert {file.name for file in made_from.values()} == {
        "NotoSans-Regular.ttf",
        "NotoSans-Bold.ttf",
    }


def test_tagged_with_alt_texts(shipped_pdf: Path) -> None:
    with pikepdf.open(shipped_pdf) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        figures, alts = 0, []

        def walk(node: pikepdf.Object) -> None:
            nonlocal figures
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
                return
            if not isinstance(node, pikepdf.Dictionary):
                return
            if node.get("/S") == "/Figure":
                figures += 1
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node.K)

        walk(pdf.Root.StructTreeRoot.K)
    assert figures == 8  # cover art, 2 logos, 5 illustrations (the 4 icons are ornaments)
    assert all(alt.strip() for alt in alts)


def test_pdf_ua1_passes(shipped_pdf: Path) -> None:
    report = page_validation.validate_pdf(str(shipped_pdf), profile="ua1")
    failures = [str(f) for f in report.failures]
    assert failures == []
    assert report.is_compliant


def test_hyphenation_never_splits_links(shipped_pdf: Path) -> None:
    last = normalize(pdf_text(shipped_pdf)[-1])
    assert "info@lokale-buendnisse-fuer-familie.de" in last
    assert "\u2010" not in pdf_text(shipped_pdf)[-1]
