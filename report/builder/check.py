"""`report check`: validate a brochure, and with `--render` lay every language out and judge
it as a build would (builder/judge.py), and validate it against PDF/UA-1; nothing is written."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from report.base import words
from report.base.errors import Issue, UserError
from report.builder import judge
from report.builder.variant import render_variant
from report.design import brochure as brochures
from report.pdf.profiles import PROFILES


@dataclass
class Checked:
    """What the check found in one language that does not fail it."""

    summary: str  # "9 pages, every page fits, PDF/UA-1 passed"
    notes: list[Issue] = field(default_factory=list)  # translation notes (build --strict fails)


def check(brochure_dir: Path, *, render: bool = False) -> dict[str, Checked]:
    """Validate every language file of a brochure; with `render`, also lay every language out
    and check that each page fits, the engine has nothing to say, and the PDF passes the
    PDF/UA-1 validation — without writing anything. Returns what was checked per language,
    with its translation notes; raises UserError with every problem."""
    brochure = brochures.load(brochure_dir)
    problems = [issue for issues in brochure.problems.values() for issue in issues]
    summary: dict[str, Checked] = {}
    for variant in brochure.variants.values():
        missing = judge.before_render(brochure, variant)
        problems += missing
        summary[variant.language] = Checked("content and glyphs ok")
        if not render or missing:
            continue
        try:
            rendering = render_variant(brochure, variant)
        except UserError as error:
            problems += error.issues
            continue
        verdict = judge.judge(brochure, variant, rendering, PROFILES["screen"])
        problems += verdict.errors + verdict.misfits + verdict.warnings
        rendered = rendering.rendered
        summary[variant.language] = Checked(
            f"{words.count(rendered.page_count, 'page')}, every page fits, "
            f"{accessibility(rendered.pdf, variant.file, problems)}",
            verdict.notes,
        )
    if problems:
        raise UserError(problems)
    return summary


def accessibility(data: bytes, file: Path, problems: list[Issue]) -> str:
    """Validate a PDF against PDF/UA-1 (page-validation, the checker the tests use); its
    failures are added to `problems`. Returns what was checked."""
    try:
        import page as page_validation
    except ImportError:
        return (
            "PDF/UA-1 not validated (install page-validation: "
            ".venv/bin/pip install 'page-validation>=0.11,<0.12')"
        )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "check.pdf"
        path.write_bytes(data)
        report = page_validation.validate_pdf(str(path), profile="ua1")
    failures = [str(failure) for failure in report.failures]
    problems += [
        Issue(
            file,
            None,
            None,
            f"PDF/UA-1: {failure}",
            hint="an accessibility failure of the PDF; if the content cannot cause "
            "it, report it with this message",
        )
        for failure in failures
    ]
    return f"PDF/UA-1 {'passed' if not failures else f'{len(failures)} failure(s)'}"
