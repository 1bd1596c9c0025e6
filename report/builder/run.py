"""The orchestrator: load once -> HTML -> PDF -> judgement -> write, for each language and
profile of a brochure; nothing built whose inputs have not changed.

A build is a plain function call with no module-level state, so a long-running process (the
preview) can call it again and again.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from report.base import files
from report.base.errors import Issue, UserError
from report.base.files import write_atomically
from report.builder import judge, page_cache, uptodate, workers
from report.builder.variant import render_variant
from report.content.load import Variant
from report.design import brochure as brochures
from report.design.brochure import Brochure
from report.pdf import draft
from report.pdf.profiles import PROFILES, Profile


@dataclass
class Output:
    """One PDF a build wrote (or, for a page that does not fit, the draft it wrote instead)."""

    language: str
    profile: str
    path: Path
    pages: int
    size: int
    seconds: float
    warnings: list[str] = field(default_factory=list)  # engine warnings
    misfits: list[str] = field(default_factory=list)  # written anyway with --allow-overflow
    untranslated: list[str] = field(default_factory=list)  # fallbacks, stale texts, furniture
    up_to_date: bool = False  # nothing changed since it was built: not built again

    @classmethod
    def fresh(cls, fresh: uptodate.Fresh) -> Output:
        record = fresh.record
        return cls(
            fresh.language,
            fresh.profile,
            fresh.path,
            record.pages,
            record.size,
            0.0,
            record.warnings,
            record.misfits,
            record.untranslated,
            up_to_date=True,
        )


@dataclass(frozen=True)
class Task:
    """One PDF to build: a language in a profile."""

    language: str
    profile: str
    seconds: float | None = None  # how long its last build took, if known


def build(
    brochure_dir: Path,
    *,
    languages: list[str] | None = None,
    output_dir: Path = files.DEFAULT_OUTPUT,
    strict: bool = False,
    profile: str | Sequence[str] = "screen",
    allow_overflow: bool = False,
    force: bool = False,
    jobs: int = 1,
    on_result: Callable[[Output], None] | None = None,
    store: page_cache.Store | None = None,
    snapshot: uptodate.Snapshot | None = None,
) -> list[Output]:
    """Build the PDFs of the given languages (all when None) in the given profiles into
    `output_dir`; outputs whose inputs have not changed are not built again (unless `force`).

    Every language is attempted; problems of all of them are raised together at the end, so one
    broken translation does not hide the state of the others. Earlier PDFs are only ever
    replaced by complete new ones, and never by one whose pages do not fit (unless
    `allow_overflow`). With `jobs` > 1, the PDFs are built in that many worker processes; the
    files are the same as with one. `on_result` hears of each PDF as soon as it is done. A
    long-running process passes its `store` of laid-out pages (see page_cache.py): then only the
    pages that changed are laid out again, in this process. A caller that has looked at the
    folder already (to see whether anything is to do) passes that `snapshot`: what it read is
    not read again.
    """
    names = [profile] if isinstance(profile, str) else list(dict.fromkeys(profile))
    output_dir.mkdir(parents=True, exist_ok=True)
    if snapshot is None and brochure_dir.is_dir():
        snapshot = uptodate.Snapshot(brochure_dir, output_dir)
    brochure = brochures.load(
        brochure_dir,
        languages,
        inputs=snapshot.inputs if snapshot else None,
        settings_document=snapshot.settings_document if snapshot else None,
    )
    results: list[Output] = []
    problems: list[Issue] = [issue for issues in brochure.problems.values() for issue in issues]
    tasks: list[Task] = []
    for variant in brochure.variants.values():
        for name in names:
            chosen = PROFILES[name]
            target = output_dir / files.pdf_name(brochure.slug, variant.language, chosen.suffix)
            record = (
                None
                if force or snapshot is None
                else snapshot.current(target, variant.language, chosen)
            )
            if record is not None and record.acceptable(
                strict=strict, allow_overflow=allow_overflow
            ):
                # The PDF is that of these inputs: a draft beside it is of others (content that
                # did not fit, and was then changed back), so it goes as after a new build.
                draft.draft_path(target).unlink(missing_ok=True)
                done = Output.fresh(uptodate.Fresh(variant.language, name, target, record))
                results.append(done)
                if on_result:
                    on_result(done)
                continue
            tasks.append(Task(variant.language, name, uptodate.last_seconds(target)))
    # The longest builds first (as long as the last time; unknown ones first of all): the
    # workers then finish close together instead of one waiting for a long build at the end.
    tasks.sort(key=lambda task: -(task.seconds if task.seconds is not None else float("inf")))
    work = functools.partial(
        _build_task, brochure, output_dir, strict=strict, allow_overflow=allow_overflow, store=store
    )
    pool = workers.Pool(work, tasks, 1 if store is not None else jobs)
    for _, (output, issues) in pool.results():
        if output is not None:
            results.append(output)
            if on_result:
                on_result(output)
        problems.extend(issues)
    order = {
        (language, name): index
        for index, (language, name) in enumerate(
            (language, name) for language in brochure.variants for name in names
        )
    }
    results.sort(key=lambda out: order[(out.language, out.profile)])
    if problems:
        written = ", ".join(dict.fromkeys(result.language for result in results))
        wanted = (len(brochure.variants) + len(brochure.problems)) * len(names)
        raise UserError(
            problems,
            title=(
                f"{len(results)} of {wanted} PDFs written or up to date ({written}); problems:"
                if results
                else ""
            ),
        )
    return results


def _build_task(
    brochure: Brochure,
    output_dir: Path,
    task: Task,
    *,
    strict: bool,
    allow_overflow: bool,
    store: page_cache.Store | None,
) -> tuple[Output | None, list[Issue]]:
    """One task, its problems returned (a worker process sends them back as data)."""
    try:
        return build_variant(
            brochure,
            brochure.variants[task.language],
            output_dir,
            profile=PROFILES[task.profile],
            strict=strict,
            allow_overflow=allow_overflow,
            store=store,
        ), []
    except UserError as error:
        return None, list(error.issues)


def build_variant(
    brochure: Brochure,
    variant: Variant,
    output_dir: Path,
    *,
    strict: bool = False,
    profile: Profile = PROFILES["screen"],
    allow_overflow: bool = False,
    store: page_cache.Store | None = None,
    remember: bool = True,
) -> Output:
    """One language in one profile: check, render, judge, write (and keep the record of what
    it was built from, unless `remember` is False)."""
    started = time.perf_counter()
    if missing_glyphs := judge.before_render(brochure, variant):
        raise UserError(missing_glyphs)
    target = output_dir / files.pdf_name(brochure.slug, variant.language, profile.suffix)
    rendering = render_variant(
        brochure,
        variant,
        profile=profile,
        attachments={variant.file: variant.document.text.encode()} if profile.attach_source else {},
        store=store,
    )
    rendered = rendering.rendered
    verdict = judge.judge(brochure, variant, rendering, profile)
    if verdict.errors:
        raise UserError(verdict.errors)
    if verdict.misfits and not allow_overflow:
        write_atomically(draft.draft_path(target), draft.mark(rendered.pdf, rendered.misfits))
        raise UserError(verdict.misfits)
    if strict and (verdict.warnings or verdict.notes):
        raise UserError(verdict.warnings + verdict.notes)
    write_atomically(target, rendered.pdf)
    draft.draft_path(target).unlink(missing_ok=True)  # an earlier draft is out of date now
    output = Output(
        variant.language,
        profile.name,
        target,
        rendered.page_count,
        len(rendered.pdf),
        time.perf_counter() - started,
        verdict.warning_texts,
        [str(issue) for issue in verdict.misfits],
        [str(note) for note in verdict.notes],
    )
    if remember:
        dependencies = brochure.dependencies | variant.dependencies | rendering.dependencies
        uptodate.remember(
            target,
            variant.language,
            profile.name,
            dependencies,
            rendered.pdf,
            pages=output.pages,
            warnings=output.warnings,
            misfits=output.misfits,
            untranslated=output.untranslated,
            seconds=output.seconds,
        )
    else:
        uptodate.forget(target)
    return output
