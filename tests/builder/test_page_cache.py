"""A one-page edit costs one page: a long-running process (the preview) lays out only the pages
that changed, and still writes the whole brochure as one build of the whole document would:
the same page images and text, the same structure tree read in tag order, bookmarks, links and
page numbers, and PDF/UA-1."""

from __future__ import annotations

import shutil
from pathlib import Path

import page as page_validation
import pikepdf
import pypdfium2 as pdfium
import pytest

from report.builder import page_cache
from report.builder import run as builder

from .. import pdfread
from ..helpers import SECOND, SHIPPED, changed_ratio, edit

pytestmark = pytest.mark.e2e


def page_images(path: Path) -> list:
    document = pdfium.PdfDocument(str(path))
    return [document[i].render(scale=72 / 72).to_pil().convert("RGB") for i in range(len(document))]


def reader_view(path: Path) -> dict[str, object]:
    """What a reader and a screen reader get: text per page, the structure tree as roles and
    text in tag order, bookmarks with their pages, links with where they lead."""
    document = pdfium.PdfDocument(str(path))
    texts = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    tree = pdfread.structure(path)
    marked = pdfread.marked_texts(path)
    tags = [
        (element.role, element.language(), pdfread.element_text(element, marked))
        for element in tree.walk()
    ]
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages)}
        with pdf.open_outline() as outline:

            def walk(items, depth=0):
                for item in items:
                    target = item.destination[0].objgen if item.destination else None
                    yield depth, item.title, pages.get(target)
                    yield from walk(item.children, depth + 1)

            bookmarks = list(walk(outline.root))
        names = pdf.Root.get("/Names")
        named = pikepdf.NameTree(names.Dests) if names is not None and "/Dests" in names else {}

        def target(dest):  # an explicit destination, or the name of one
            if dest is None:
                return None
            if isinstance(dest, pikepdf.String):
                dest = named[str(dest)]
            return pages.get(dest[0].objgen)

        links = []
        for number, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                uri = str(action.get("/URI")) if action is not None and "/URI" in action else None
                dest = annot.get("/Dest")
                if dest is None and action is not None and "/D" in action:
                    dest = action.D
                links.append((number, uri, target(dest), str(annot.get("/Contents", ""))))
    return {"texts": texts, "tags": tags, "bookmarks": bookmarks, "links": links}


def assert_same_for_readers(whole: Path, paged: Path) -> None:
    assert reader_view(paged) == reader_view(whole)
    for number, (a, b) in enumerate(
        zip(page_images(whole), page_images(paged), strict=True), start=1
    ):
        assert changed_ratio(a, b)[0] == 0, f"page {number} differs"


@pytest.mark.parametrize(
    ("brochure", "language"), [(SHIPPED, "de"), (SECOND, "de"), (SECOND, "ar")]
)
def test_page_by_page_gives_what_the_whole_document_gives(
    tmp_path: Path, brochure: Path, language: str
) -> None:
    """The second brochure has a table of contents (page numbers and links to later pages)
    and chapters that continue over sheets (running headers of continued sections)."""
    (whole,) = builder.build(brochure, languages=[language], output_dir=tmp_path / "whole")
    (paged,) = builder.build(
        brochure, languages=[language], output_dir=tmp_path / "paged", store=page_cache.Store()
    )
    assert paged.pages == whole.pages
    assert_same_for_readers(whole.path, paged.path)
    report = page_validation.validate_pdf(str(paged.path), profile="ua1")
    assert [str(failure) for failure in report.failures] == []


def copy_of(brochure: Path, tmp_path: Path) -> Path:
    target = tmp_path / "brochure"
    shutil.copytree(brochure, target)
    return target


def test_a_one_word_edit_lays_out_one_page(tmp_path: Path) -> None:
    root = copy_of(SHIPPED, tmp_path)
    store = page_cache.Store()
    builder.build(root, languages=["de"], output_dir=tmp_path / "paged", store=store)
    cache = store.cache(root, "de", "screen")
    assert cache.laid_out == list(range(1, 10))

    edit(
        root / "de.yaml",
        "Wie kann **Nachwuchs** gewonnen werden?",
        "Wie kann **Nachwuchs** dazu gewonnen werden?",
    )
    (paged,) = builder.build(root, languages=["de"], output_dir=tmp_path / "paged", store=store)
    assert cache.laid_out == [5]
    read = pdfread.element_text(pdfread.structure(paged.path), pdfread.marked_texts(paged.path))
    assert "Nachwuchs dazu gewonnen" in " ".join(read.split())
    (whole,) = builder.build(root, languages=["de"], output_dir=tmp_path / "whole")
    assert_same_for_readers(whole.path, paged.path)


def test_a_page_that_grows_a_sheet_renumbers_the_pages_after_it(tmp_path: Path) -> None:
    """A chapter that gets longer pushes the pages after it back: their numbers, the running
    footer's total and the contents' page numbers all follow."""
    root = copy_of(SECOND, tmp_path)
    (root / "en.yaml").unlink()
    (root / "ar.yaml").unlink()
    store = page_cache.Store()
    (before,) = builder.build(root, output_dir=tmp_path / "paged", store=store)
    anchor = "      - heading: Wo sich die Menschen engagieren"
    text = (root / "de.yaml").read_text(encoding="utf-8")
    assert text.count(anchor) == 1
    more = "".join(
        f"      - paragraph: Ein weiterer Absatz Nummer {n} mit etwas Text, damit "
        "das Kapitel über eine weitere Seite läuft und alles danach nach hinten "
        "rückt.\n"
        for n in range(14)
    )
    (root / "de.yaml").write_text(text.replace(anchor, more + anchor), encoding="utf-8")
    (after,) = builder.build(root, output_dir=tmp_path / "paged", store=store)
    assert after.pages == before.pages + 1
    cache = store.cache(root, "de", "screen")
    assert 5 in cache.laid_out  # (and the pages whose numbers or total changed)
    (whole,) = builder.build(root, output_dir=tmp_path / "whole")
    assert_same_for_readers(whole.path, after.path)
