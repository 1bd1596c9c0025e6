"""One language, from its files to the pages the preview shows: load, check, render, judge
what is wrong, turn the pages into images and publish them (or only the problems)."""

from __future__ import annotations

import time

from report.base.errors import Issue, UserError
from report.builder import judge
from report.builder.variant import render_variant
from report.design import brochure as brochures
from report.pdf import draft, fit
from report.pdf.profiles import PROFILES
from report.tools.preview import Echo, print_line
from report.tools.preview.images import page_images
from report.tools.preview.state import Preview


def count_problems(issues: list[Issue]) -> str:
    """ "1 problem", "3 problems"."""
    return f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"


def render_language(preview: Preview, language: str, echo: Echo = print_line) -> None:
    """Load, check and render one language and publish its pages (or its problems)."""
    preview.building(language)
    started = time.perf_counter()
    brochure = brochures.load(preview.root, [language])  # UserError: settings or source broken
    if language in brochure.problems:
        issues = list(brochure.problems[language])
        preview.rendered(language, problems=[("error", issue) for issue in issues])
        echo(f"preview: {language}: {count_problems(issues)} (shown in the page)")
        return
    variant = brochure.variants[language]
    # The one judgement of a rendered variant, as the build and `check --render` give it.
    problems: list[tuple[str, Issue]] = [
        ("error", issue) for issue in judge.before_render(brochure, variant)
    ]
    try:
        # The store keeps each page's layout: after an edit, only changed pages are laid out.
        rendering = render_variant(brochure, variant, store=preview.store)
    except UserError as error:
        preview.rendered(language, problems=problems + [("error", i) for i in error.issues])
        echo(f"preview: {language}: {count_problems(error.issues)} (shown in the page)")
        return
    verdict = judge.judge(brochure, variant, rendering, PROFILES["screen"])
    problems += [("error", issue) for issue in verdict.errors + verdict.misfits]
    problems += [("warning", issue) for issue in verdict.warnings]
    problems += [("translation", issue) for issue in verdict.notes]
    rendered = rendering.rendered
    pdf = rendered.pdf
    labels: dict[int, list[str]] = {}
    if rendered.misfits:
        pdf = draft.mark(rendered.pdf, rendered.misfits)
        for misfit in fit.summarize(rendered.misfits):
            labels.setdefault(misfit.sheet, []).append(
                f"does not fit: page {misfit.page} {misfit.describe()}"
            )
    if preview.stopping:  # stopped while rendering: the result may lack a picture
        return
    sheets, images = page_images(pdf, labels, known=preview.images)
    seconds = time.perf_counter() - started
    preview.rendered(
        language,
        sheets=sheets,
        images=images,
        pdf=pdf,
        is_draft=bool(rendered.misfits),
        seconds=seconds,
        problems=problems,
    )
    note = f", {count_problems([i for _, i in problems])} (shown in the page)" if problems else ""
    echo(f"preview: {language}: {len(sheets)} pages in {seconds:.1f} s{note}")
