"""Helpers every test module may use: where things are, reading PDFs as a reader does, editing
a brochure copy, running the real command. (Fixtures are in conftest.py.)"""

from __future__ import annotations

import re
import subprocess
import sys
import unicodedata
from pathlib import Path

from report.content import load
from report.design import brochure as brochures

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "content" / "lokale-buendnisse-2019"
SECOND = ROOT / "content" / "engagement-2024"
SEED = ROOT.parent / "shared" / "seed" / "000_f6847a55aa948b86.txt"
SEED_COPY = Path(__file__).parent / "data" / "seed-de.txt"
LANGUAGES = ["de", "en", "tr", "uk", "ar"]


def load_variant(root: Path, language: str) -> load.Variant:
    """One language of a brochure folder, loaded as a build loads it (its problems raised)."""
    loaded = brochures.load(root, [language])
    if language in loaded.problems:
        from report.base.errors import UserError

        raise UserError(list(loaded.problems[language]))
    return loaded.variants[language]


def render_html(root: Path, language: str, **options: object) -> str:
    """The HTML a build gives to the engine for one language."""
    from report.render.html import Renderer

    loaded = brochures.load(root, [language])
    renderer = Renderer(loaded.template_path, language, loaded.theme, loaded.inputs)
    return renderer.document(loaded.variants[language].content, **options)  # type: ignore[arg-type]


def edit(file: Path, old: str, new: str) -> str:
    """Replace one unique piece of a file; return the new text."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"fixture text not unique: {old!r}"
    text = text.replace(old, new)
    file.write_text(text, encoding="utf-8")
    return text


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
    text = re.sub("[\u2066-\u2069]", "", text)  # bidi isolates around Latin lines in RTL
    return re.sub(r"\s+", " ", text).strip()


def reader_form(text: str, language: str) -> str:
    """`normalize`, and for Arabic what PDF text extraction cannot give back exactly.

    pdfium returns the lam-alef ligature as alef + lam and moves vowel marks, so for Arabic the
    vowel marks, lam and the alef forms are left out on both sides of a comparison; every other
    letter of every word is still compared, in order.
    """
    text = normalize(unicodedata.normalize("NFKC", text))
    if language == "ar":
        text = re.sub("[\u064b-\u065f\u0670\u0640\u0644\u0627\u0623\u0625\u0622]", "", text)
        text = re.sub(r"\s+", " ", text)
    return text


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


def listed(folder: Path) -> list[str]:
    """The names in an output folder, as a user lists them (partial files included), without
    the folder of up-to-date records the build keeps there."""
    from report.base import files

    return sorted(p.name for p in folder.iterdir() if p.name != files.RECORDS_FOLDER)
