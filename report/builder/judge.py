"""The one judgement of a rendered variant: what is wrong with it, said the same way wherever a
variant is rendered (the build, `report check --render`, the preview), each problem located at
the content it comes from.

The callers differ only in what they do with it: the build writes nothing while there are
errors (a draft with the misfits marked instead), and with --strict also not while there are
warnings or translation notes; `check --render` reports everything and writes nothing; the
preview shows everything above the pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from report.base import files
from report.base.errors import Issue
from report.builder.variant import Rendering
from report.content import markup, translation
from report.content.load import Variant, picture_uses
from report.design import coverage
from report.design.brochure import Brochure
from report.pdf import draft, fit
from report.pdf.patches import ENGINE_ERROR
from report.pdf.profiles import Profile


@dataclass
class Judgement:
    """What is wrong with a rendered variant, by what it means for the PDF."""

    errors: list[Issue] = field(default_factory=list)  # the PDF would be wrong: never written
    misfits: list[Issue] = field(default_factory=list)  # pages that do not fit: a draft instead
    warnings: list[Issue] = field(default_factory=list)  # the engine's: --strict refuses them
    notes: list[Issue] = field(default_factory=list)  # translation: --strict refuses them
    warning_texts: list[str] = field(default_factory=list)  # the engine's words, as recorded

    @property
    def issues(self) -> list[Issue]:
        return [*self.errors, *self.misfits, *self.warnings, *self.notes]


def before_render(brochure: Brochure, variant: Variant) -> list[Issue]:
    """What makes rendering pointless: characters the theme's fonts cannot draw (the engine
    would take them from a system font)."""
    return coverage.uncovered(variant.document, brochure.theme)


def judge(
    brochure: Brochure, variant: Variant, rendering: Rendering, profile: Profile
) -> Judgement:
    """Everything wrong with a rendered variant in one profile."""
    rendered = rendering.rendered
    verdict = Judgement()
    verdict.errors += [refused_issue(variant, url) for url in dict.fromkeys(rendered.refused)]
    failed = [w[len(ENGINE_ERROR) :] for w in rendered.warnings if w.startswith(ENGINE_ERROR)]
    verdict.errors += [
        engine_error(brochure, variant, message) for message in dict.fromkeys(failed)
    ]
    verdict.errors += lost_issues(variant, rendered.lost)
    if rendered.page_count > brochure.settings.page_limit:
        verdict.errors.append(page_limit(brochure, variant, rendered.page_count))
    if profile.size_budget and (over := size_budget(rendered.pdf, brochure, variant)):
        verdict.errors.append(over)
    name = draft.draft_path(
        Path(files.pdf_name(brochure.slug, variant.language, profile.suffix))
    ).name
    verdict.misfits += misfit_issues(variant, rendered.misfits, name)
    verdict.warning_texts = [w for w in rendered.warnings if not w.startswith(ENGINE_ERROR)]
    verdict.warnings += [
        Issue(
            variant.file,
            None,
            None,
            f"layout engine warning: {warning}",
            hint="fix the cause; report build --strict refuses it",
        )
        for warning in verdict.warning_texts
    ]
    verdict.notes += translation_notes(variant, rendering)
    return verdict


def page_limit(brochure: Brochure, variant: Variant, pages: int) -> Issue:
    """More pages than the limit: said at `page_limit` in brochure.yaml, where the limit is
    set (or at the top of the file, where the default applies)."""
    limit = brochure.settings.page_limit
    settings = brochure.folder.settings_document
    default = "" if ("page_limit",) in settings.value_marks else " (the default)"
    return settings.issue_at(
        ("page_limit",),
        f"'{brochure.slug}' [{variant.language}] has {pages} pages, more than the limit of "
        f"{limit}{default}",
        f"shorten {variant.file.name} (see the fit report), or raise page_limit in "
        f"{files.SETTINGS_FILE}",
    )


def translation_notes(variant: Variant, rendering: Rendering) -> list[Issue]:
    """Texts shown in the source language, stale texts, and untranslated page furniture."""
    notes: list[Issue] = []
    if variant.status is not None:
        notes += [entry.where for entry in variant.status.of("missing")]
        notes += [entry.where for entry in variant.status.of("stale")]
    return notes + rendering.renderer.missing_interface_strings()


def refused_issue(variant: Variant, url: str) -> Issue:
    return Issue(
        variant.file,
        None,
        None,
        f"refused to load {url}",
        hint="pictures, fonts and styles must be files inside the brochure folder, "
        "templates/ or styles/; nothing is fetched from the network",
    )


def misfit_issues(variant: Variant, misfits: list[fit.Misfit], draft_name: str) -> list[Issue]:
    """What does not fit, located at the content it comes from (or at its page)."""
    issues = []
    for misfit in fit.summarize(misfits):
        pages = variant.content.pages
        title = (
            markup.plain_text(getattr(pages[misfit.page - 1], "title", ""))
            if (0 < misfit.page <= len(pages))
            else ""
        )
        path = _content_path(variant, misfit.page, misfit.text)
        issues.append(
            variant.document.issue_at(
                path,
                f'does not fit: page {misfit.page} "{fit.short(title)}" {misfit.describe()}',
                "shorten the text of this page or split it over two pages (the type is never "
                f"shrunk); the draft {draft_name} shows in red what does not fit",
            )
        )
    return issues


def lost_issues(variant: Variant, lost: list[str]) -> list[Issue]:
    """Texts the layout engine left out of the PDF, located at the content they come from."""
    issues = []
    for text in dict.fromkeys(lost):
        path: tuple[str | int, ...] = ()
        for page in range(1, len(variant.content.pages) + 1):
            path = _content_path(variant, page, text)
            if len(path) > 2:
                break
        issues.append(
            variant.document.issue_at(
                path if len(path) > 2 else (),
                f'the layout engine left this text out of the PDF: "{fit.short(text)}"',
                "a fault of the layout engine, not of the text: another page format or another "
                "order of the blocks avoids it; please report it with this message",
            )
        )
    return issues


def engine_error(brochure: Brochure, variant: Variant, message: str) -> Issue:
    """Something the engine could not draw and left out of the PDF (WeasyPrint logs it and
    goes on): an error at the picture's place in the YAML where the message names one."""
    url = message.rsplit(" ", 1)[-1]
    src = ""
    if urlsplit(url).scheme == "file":
        try:
            src = (
                Path(unquote(urlsplit(url).path))
                .resolve()
                .relative_to(brochure.root.resolve())
                .as_posix()
            )
        except ValueError:
            src = ""
    uses = [path for path, value in picture_uses(variant.document) if value == src]
    if uses:
        return variant.document.issue_at(
            uses[0],
            f"the layout engine could not draw the picture {src}, and would leave it "
            "out of the PDF",
            "the file is damaged or uses SVG the engine cannot draw "
            "(check its viewBox and sizes); export it again, or use PNG",
        )
    return Issue(
        variant.file,
        None,
        None,
        f"the layout engine could not draw part of the brochure: {message}",
        hint="it would be missing from the PDF; if the message names a file, check or "
        "replace it, else report it with this message",
    )


def size_budget(data: bytes, brochure: Brochure, variant: Variant) -> Issue | None:
    """A screen PDF over the brochure's budget: an error that names what makes it large."""
    budget = brochure.settings.size_budget_kib * 1024
    if len(data) <= budget:
        return None
    import pikepdf

    parts: list[tuple[int, str]] = []
    with pikepdf.open(io.BytesIO(data)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Stream):
                continue
            size = len(obj.read_raw_bytes())
            if obj.get("/Subtype") == "/Image":
                parts.append((size, f"an image of {obj.get('/Width')}×{obj.get('/Height')} px"))
            elif obj.get("/Type") == "/EmbeddedFile":
                parts.append((size, "an attached file"))
            elif "/Length1" in obj or obj.get("/Subtype") in ("/Type1C", "/CIDFontType0C"):
                parts.append((size, "an embedded font"))
    parts.sort(reverse=True)
    largest = ", ".join(f"{what} ({size / 1024:.0f} KiB)" for size, what in parts[:5])
    name = files.pdf_name(brochure.slug, variant.language)
    return brochure.folder.settings_document.issue_at(
        ("size_budget_kib",),
        f"the screen PDF of {name} is {len(data) / 1024:.0f} KiB, over the budget of "
        f"{budget // 1024} KiB; largest parts: {largest or 'page content'}",
        "use fewer or simpler pictures (SVG where possible), or raise size_budget_kib in "
        f"{files.SETTINGS_FILE}",
    )


def _content_path(variant: Variant, page: int, text: str) -> tuple[str | int, ...]:
    """The key path of the content a misfit shows: the text (or picture) of that page whose
    words contain `text`, else the page itself."""
    here: tuple[str | int, ...] = ("pages", page - 1)
    wanted = " ".join(text.split())
    if not wanted:
        return here
    shown = [
        (path, " ".join(markup.plain_text(value).split()))
        for path, value in translation.leaves(
            translation.get_path(variant.document.data, here), here
        )
    ]
    tests = (
        lambda leaf: leaf == wanted,  # the whole text, else the leaf the text holds
        lambda leaf: len(leaf) > 3 and leaf in wanted,  # (a figure: value and label),
        lambda leaf: wanted in leaf,  # else the leaf that holds the text
    )
    for test in tests:
        for path, leaf in shown:
            if leaf and test(leaf):
                return path
    return here
