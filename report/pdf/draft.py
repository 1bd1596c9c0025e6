"""A draft PDF for a build that does not fit: the real pages with what does not fit marked.

The real output is never written for such a build; the draft, under a name that says what it
is, shows the user where to cut: every box that runs past the page area (or spills onto an
extra sheet) is outlined and tinted red, the page area is drawn as a dashed line, and a label
says by how much.
"""

from __future__ import annotations

import io
from pathlib import Path

from report.pdf import fit

SUFFIX = ".DRAFT-does-not-fit.pdf"
_RED = "0.86 0.1 0.1"


def draft_path(target: Path) -> Path:
    """`brochure-de.pdf` -> `brochure-de.DRAFT-does-not-fit.pdf` (never the real name)."""
    return target.with_name(target.stem + SUFFIX)


def mark(pdf: bytes, misfits: list[fit.Misfit]) -> bytes:
    """The PDF with every misfit drawn over its sheet."""
    # Imported here: only a build that does not fit needs pikepdf (0.03 s to import), and
    # every build imports this module for draft_path.
    import pikepdf

    by_sheet: dict[int, list[fit.Misfit]] = {}
    for misfit in misfits:
        by_sheet.setdefault(misfit.sheet, []).append(misfit)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        font = document.make_indirect(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Font,
                Subtype=pikepdf.Name.Type1,
                BaseFont=pikepdf.Name.Helvetica,
                Encoding=pikepdf.Name.WinAnsiEncoding,
            )
        )
        tint = document.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.ExtGState, ca=0.18))
        for sheet, found in by_sheet.items():
            page = document.pages[sheet - 1]
            trim = [float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox)]
            resources = page.obj.Resources
            # The resources may be shared by all pages; a copy keeps the other pages untouched.
            resources = pikepdf.Dictionary(dict(resources.items()))
            fonts = pikepdf.Dictionary(dict(resources.get("/Font", pikepdf.Dictionary()).items()))
            states = pikepdf.Dictionary(dict(resources.get("/ExtGState", {}).items()))
            fonts["/Fdraft"] = font
            states["/GSdraft"] = tint
            resources["/Font"], resources["/ExtGState"] = fonts, states
            page.obj.Resources = resources
            page.contents_add(pikepdf.Stream(document, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(document, b"Q\n" + _overlay(found, trim)))
        out = io.BytesIO()
        document.save(out)
    return out.getvalue()


def _overlay(misfits: list[fit.Misfit], trim: list[float]) -> bytes:
    left, top = trim[0], trim[3]

    def box(rect: fit.Rect) -> str:
        x = left + rect.x * fit.PT_PER_PX
        y = top - (rect.y + rect.height) * fit.PT_PER_PX
        return (
            f"{x:.2f} {y:.2f} {rect.width * fit.PT_PER_PX:.2f} {rect.height * fit.PT_PER_PX:.2f} re"
        )

    ops = ["/Artifact BMC", "q", f"{_RED} RG", f"{_RED} rg"]
    limit = misfits[0].limit
    ops += ["1 w", "[4 3] 0 d", box(limit) + " S", "[] 0 d"]
    for misfit in misfits:
        ops += ["q", "/GSdraft gs"] + [box(r) + " f" for r in misfit.marks] + ["Q"]
        ops += ["1.5 w"] + [box(r) + " S" for r in misfit.marks]
    labels = [f"DOES NOT FIT: page {m.page} {m.describe()}" for m in fit.summarize(misfits)]
    # The labels on a white band, legible on any background.
    width = (trim[2] - trim[0]) - 16
    ops += [
        "q",
        "1 1 1 rg",
        f"{left + 8:.2f} {top - 8 - 11 * len(labels) - 4:.2f} "
        f"{width:.2f} {11 * len(labels) + 6:.2f} re f",
        "Q",
    ]
    y = top - 17
    for label in labels:
        ops += [
            "BT",
            "/Fdraft 9 Tf",
            f"{left + 12:.2f} {y:.2f} Td",
            f"({_pdf_text(label)}) Tj",
            "ET",
        ]
        y -= 11
    ops += ["Q", "EMC"]
    return ("\n".join(ops) + "\n").encode("latin-1")


def _pdf_text(text: str) -> str:
    """A label as a PDF string in WinAnsi: characters it lacks become '?'."""
    raw = text.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
