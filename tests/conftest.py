"""Shared fixtures: the shipped brochure built once per test session, and helpers to read PDFs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report import build as builder

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = builder.DEFAULT_BROCHURE
SEED = ROOT.parent / "shared" / "seed" / "000_f6847a55aa948b86.txt"
SEED_COPY = Path(__file__).parent / "data" / "seed-de.txt"


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> builder.VariantResult:
    """The shipped German brochure, built once, with engine warnings collected."""
    out = tmp_path_factory.mktemp("shipped")
    (result,) = builder.build(SHIPPED, languages=["de"], output_dir=out)
    return result


@pytest.fixture(scope="session")
def shipped_pdf(shipped_build: builder.VariantResult) -> Path:
    return shipped_build.path


@pytest.fixture
def brochure(tmp_path: Path) -> Path:
    """A private copy of the shipped brochure folder, free to break."""
    target = tmp_path / "brochure"
    shutil.copytree(SHIPPED, target)
    return target


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real `report` command in a fresh process."""
    return subprocess.run([sys.executable, "-m", "report", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=300)


def pdf_text(path: Path) -> list[str]:
    """The text a reader can copy, page by page (pypdfium2)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [page.get_textpage().get_text_range() for page in pdf]
    finally:
        pdf.close()


def normalize(text: str) -> str:
    """Join words hyphenated at line ends and fold all white space, as a reader's eye does."""
    text = re.sub("\u2010\\s*\\n\\s*", "", text)  # automatic hyphenation at a line end
    text = text.replace("\u00ad", "").replace("\ufffe", "")
    return re.sub(r"\s+", " ", text).strip()


def seed_lines() -> list[str]:
    """Every line of the seed brochure with its Markdown stripped: what a reader must find."""
    source = SEED if SEED.exists() else SEED_COPY
    lines = []
    for raw in source.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        line = re.sub(r"^#+\s*", "", line)
        line = re.sub(r"^-\s+", "", line)
        line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = line.replace("**", "").replace("\\_", "_").strip()
        if line:
            lines.append(line)
    return lines
