"""The load stage: a brochure folder's content, read once, into immutable, validated variants.

`brochure.yaml`, every language file, every picture: each is read (through the build's
`Inputs`) and checked once here, and later stages only read the result. A translation is laid
over the source language first, so that what it leaves out falls back to the source and is
reported. Problems in a translation keep only that language from being built; problems in the
source stop everything (the translations would only echo them). What each part read is kept
with it (`dependencies`), so that a PDF's up-to-date key holds exactly the files of its language.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from report.base import files, resources
from report.base.errors import Issue, UserError
from report.base.inputs import Dependency, Inputs
from report.content import model, pictures, translation, yamlio
from report.content.settings import Settings
from report.content.validate import validate

# --- the folder ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    """A brochure folder: its settings and the language files it holds (the source first)."""

    root: Path
    settings: Settings
    languages: tuple[str, ...]
    settings_document: yamlio.Document  # brochure.yaml with the line of every key
    template_path: tuple[Path, ...]  # where templates are looked up: its own, then the tool's
    dependencies: frozenset[Dependency] = frozenset()  # what opening it read

    @property
    def slug(self) -> str:
        return self.settings.slug

    @property
    def source_language(self) -> str:
        return self.settings.source_language

    def file(self, language: str) -> Path:
        return files.language_file(self.root, language)


def open_folder(
    root: Path, inputs: Inputs | None = None, settings_document: yamlio.Document | None = None
) -> Folder:
    """Read `brochure.yaml` and find the language files of a brochure folder (the settings
    document may come parsed already, from the up-to-date check that read it first)."""
    if not root.exists():
        raise UserError(
            Issue(
                root,
                None,
                None,
                "no such brochure folder",
                hint="give the folder that holds brochure.yaml",
            )
        )
    if not root.is_dir():
        raise UserError(
            Issue(
                root, None, None, "is not a folder", hint="give the folder that holds brochure.yaml"
            )
        )
    settings_file = root / files.SETTINGS_FILE
    if not settings_file.exists():
        raise UserError(
            Issue(
                settings_file,
                None,
                None,
                "is missing",
                hint="every brochure folder needs a brochure.yaml with its slug, "
                "e.g.  slug: annual-report-2019",
            )
        )
    inputs = inputs or Inputs(root)
    with inputs.recording() as read:
        if settings_document is None:
            settings_document = yamlio.load(settings_file, inputs)
        else:  # parsed from the same bytes: the read is recorded here too
            inputs.read(settings_file, yamlio.MAX_FILE_BYTES)
        settings = validate(settings_document, Settings)
        own_templates = root / files.TEMPLATES_FOLDER
        template_path = (
            (own_templates, resources.TEMPLATES)
            if inputs.is_dir(own_templates)
            else (resources.TEMPLATES,)
        )
    found = sorted(code for p in root.iterdir() if (code := files.language_of(p.name)))
    if settings.source_language not in found:
        raise UserError(_no_source_file(settings_document, settings.source_language, found))
    others = [lang for lang in found if lang != settings.source_language]
    return Folder(
        root,
        settings,
        (settings.source_language, *others),
        settings_document,
        template_path,
        frozenset(read),
    )


def _no_source_file(settings_document: yamlio.Document, language: str, found: list[str]) -> Issue:
    """The source language has no file: said at `source_language` in brochure.yaml (where the
    user chose it, or at the top where the default applies), with the files there are."""
    default = "" if ("source_language",) in settings_document.value_marks else " (the default)"
    name = files.language_file(Path(), language).name
    names = [files.language_file(Path(), code).name for code in found]
    if len(found) == 1:
        hint = (
            f"the only language file here is {names[0]}: set source_language to {found[0]}, "
            f"or add {name}"
        )
    elif found:
        hint = (
            f"the language files here are {', '.join(names)}: set source_language to one of "
            f"{', '.join(found)}, or add {name}"
        )
    else:
        hint = f"this folder has no language file yet: add {name} with the brochure's content"
    return settings_document.issue_at(
        ("source_language",),
        f"there is no {name} for the source language '{language}'{default}",
        hint,
    )


# --- the loaded brochure ------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    """One language of the brochure, validated: what is rendered into one PDF."""

    language: str
    file: Path
    content: model.Content
    document: yamlio.Document  # the (merged) data with the file:line of every value
    status: translation.Status | None  # None for the source language
    fallback: frozenset[yamlio.Loc] = frozenset()  # texts shown in the source language
    dependencies: frozenset[Dependency] = frozenset()  # what its content and pictures read


@dataclass(frozen=True)
class Loaded:
    """The content of a brochure folder, read once: what every language says."""

    folder: Folder
    source: Variant  # the source language, loaded even where it is not built
    variants: Mapping[str, Variant]  # the languages that loaded, source first
    problems: Mapping[str, tuple[Issue, ...]]  # the languages that did not, and why
    pictures: Mapping[str, pictures.Picture]  # by `src`


def load(
    root: Path | Folder, languages: Iterable[str] | None = None, inputs: Inputs | None = None
) -> Loaded:
    """Load the given languages (all when None) of a brochure folder.

    Raises UserError when the folder, its settings or its source language are broken, or when
    a language is asked for that the folder does not have. A broken translation is recorded in
    `problems` and the others still load.
    """
    folder = root if isinstance(root, Folder) else open_folder(root, inputs)
    inputs = inputs or Inputs(folder.root)
    wanted = list(folder.languages) if languages is None else list(dict.fromkeys(languages))
    unknown = [lang for lang in wanted if lang not in folder.languages]
    if unknown:
        raise UserError(
            [
                Issue(
                    folder.file(lang),
                    None,
                    None,
                    f"no content for language '{lang}'",
                    hint=f"this brochure has: {', '.join(folder.languages)}",
                )
                for lang in unknown
            ]
        )
    with inputs.recording() as source_read:
        source_document = yamlio.load(folder.file(folder.source_language), inputs)
        source = _validate_variant(
            folder, folder.source_language, source_document, None, (), inputs
        )
    source = dataclasses.replace(source, dependencies=frozenset(source_read))
    variants: dict[str, Variant] = {}
    problems: dict[str, tuple[Issue, ...]] = {}
    if folder.source_language in wanted:
        variants[folder.source_language] = source
    for language in wanted:
        if language == folder.source_language:
            continue
        try:
            with inputs.recording() as read:
                variant = _load_translation(folder, language, source_document, inputs)
            variants[language] = dataclasses.replace(
                variant, dependencies=frozenset(source_read | read)
            )
        except UserError as error:
            problems[language] = tuple(error.issues)
    found: dict[str, pictures.Picture] = {}
    failed: dict[str, pictures.PictureProblem] = {}
    with inputs.recording() as read:  # the source's pictures, which every language shows
        _read_pictures(folder, source.document, inputs, found, failed)
    if source_issues := _picture_issues(source, failed):
        raise UserError(source_issues)  # every translation uses the source's pictures
    source = dataclasses.replace(source, dependencies=source.dependencies | read)
    for language, variant in list(variants.items()):
        with inputs.recording() as used:
            _read_pictures(folder, variant.document, inputs, found, failed)
        if issues := _picture_issues(variant, failed):
            del variants[language]
            problems[language] = tuple(issues)
        else:
            variants[language] = dataclasses.replace(
                variant, dependencies=variant.dependencies | used
            )
    return Loaded(folder, source, variants, problems, found)


def _load_translation(
    folder: Folder, language: str, source: yamlio.Document, inputs: Inputs
) -> Variant:
    file = folder.file(language)
    own = yamlio.load(file, inputs)
    if not isinstance(own.data, dict):
        raise UserError(Issue(file, 1, 1, "must be a mapping of keys (like 'meta:' and 'pages:')"))
    merged = translation.merge(
        source, own, source_language=folder.source_language, language=language
    )
    if merged.problems:
        raise UserError(merged.problems)
    # Where the translator works: a PO file kept in the folder is named in the hints.
    catalog = next(
        (p for p in files.catalog_files(folder.root, folder.slug, language) if inputs.is_file(p)),
        None,
    )
    state = translation.status(
        source,
        own,
        language,
        translation.load_fingerprints(folder.root, language, inputs),
        catalog,
    )
    return _validate_variant(folder, language, merged.document, state, merged.missing, inputs)


def _validate_variant(
    folder: Folder,
    language: str,
    document: yamlio.Document,
    state: translation.Status | None,
    fallback: Iterable[yamlio.Loc],
    inputs: Inputs,
) -> Variant:
    # Numbers are read with the rules of the source language: a translation takes its
    # figures from there (translation.merge makes sure it cannot change them).
    try:
        content = validate(document, model.Content, context={"language": folder.source_language})
    except UserError as error:
        # All problems of a file at once: its broken pictures too, not only after a fix.
        failed: dict[str, pictures.PictureProblem] = {}
        _read_pictures(folder, document, inputs, {}, failed)
        reported = {issue.path for issue in error.issues}
        pictures_issues = [
            document.issue_at(path, str(failed[src]), failed[src].hint)
            for path, src in picture_uses(document)
            if src in failed and yamlio.format_path(path) not in reported
        ]
        issues = sorted(
            error.issues + pictures_issues, key=lambda issue: (issue.line or 0, issue.column or 0)
        )
        raise UserError(issues) from None
    return Variant(language, folder.file(language), content, document, state, frozenset(fallback))


def picture_uses(document: yamlio.Document) -> Iterable[tuple[yamlio.Loc, str]]:
    """Every picture of a language file with its path: `src` of an image, logo or icon, and
    the file of a `picture:` block."""
    for path, value in translation.leaves(document.data):
        if path and path[-1] in ("src", "picture") and isinstance(value, str):
            yield path, value


def _read_pictures(
    folder: Folder,
    document: yamlio.Document,
    inputs: Inputs,
    found: dict[str, pictures.Picture],
    failed: dict[str, pictures.PictureProblem],
) -> None:
    """Every picture the document names, read and checked once: into `found` by src, or its
    problem into `failed`. A picture found for an earlier document is only read again from
    `inputs` (its cache), so that this document's recording has it too."""
    for _, src in picture_uses(document):
        if src in failed:
            continue
        if src in found:
            inputs.read(folder.root / src)
            continue
        try:
            found[src] = pictures.read_picture(folder.root, src, inputs)
        except pictures.PictureProblem as problem:
            failed[src] = problem


def _picture_issues(variant: Variant, failed: Mapping[str, pictures.PictureProblem]) -> list[Issue]:
    """A broken picture, reported where this language names it (a value the translation
    takes from the source language is reported in the source file)."""
    return [
        variant.document.issue_at(path, str(failed[src]), failed[src].hint)
        for path, src in picture_uses(variant.document)
        if src in failed
    ]
