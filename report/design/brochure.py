"""A brochure as the later stages take it: its content, loaded and translated, with its design
resolved (theme, fonts, logos), all read once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from report.base.errors import Issue, UserError
from report.base.inputs import Dependency, Inputs
from report.content import pictures, yamlio
from report.content.load import Folder, Loaded, Variant, open_folder
from report.content.load import load as load_content
from report.content.settings import Settings
from report.design.theme import Theme, resolve


@dataclass(frozen=True)
class Brochure:
    """Everything a build needs from a brochure folder, read once."""

    content: Loaded
    theme: Theme
    pictures: Mapping[str, pictures.Picture]  # by `src`: the content's and the theme's logos
    inputs: Inputs  # the folder's files as this build reads them (templates, fetched files)
    dependencies: frozenset[Dependency]  # what every language read: settings, theme, logos

    @property
    def folder(self) -> Folder:
        return self.content.folder

    @property
    def variants(self) -> Mapping[str, Variant]:
        """The languages that loaded, source first."""
        return self.content.variants

    @property
    def problems(self) -> Mapping[str, tuple[Issue, ...]]:
        """The languages that did not load, and why."""
        return self.content.problems

    @property
    def root(self) -> Path:
        return self.folder.root

    @property
    def settings(self) -> Settings:
        return self.folder.settings

    @property
    def slug(self) -> str:
        return self.folder.slug

    @property
    def template_path(self) -> tuple[Path, ...]:
        return self.folder.template_path


def load(
    root: Path | Folder,
    languages: Iterable[str] | None = None,
    *,
    inputs: Inputs | None = None,
    settings_document: yamlio.Document | None = None,
) -> Brochure:
    """The given languages (all when None) of a brochure folder, with its design, read
    through `inputs` (a fresh reader when None; the up-to-date check passes the one it used,
    and the settings it parsed).

    Raises UserError when the folder, its settings, its theme or its source language are
    broken, or when a language is asked for that the folder does not have; a broken
    translation is recorded in `problems` and the others still load.
    """
    if inputs is None:
        inputs = Inputs(root.root if isinstance(root, Folder) else root)
    folder = root if isinstance(root, Folder) else open_folder(root, inputs, settings_document)
    with inputs.recording() as read:
        theme = resolve(folder.settings, folder.settings_document, folder.root, inputs)
        logos = _theme_pictures(folder, theme, inputs)
    content = load_content(folder, languages, inputs)
    if missing_marks := _marks_without_file(content.source, theme):
        raise UserError(missing_marks)
    return Brochure(
        content, theme, {**content.pictures, **logos}, inputs, folder.dependencies | read
    )


def _theme_pictures(folder: Folder, theme: Theme, inputs: Inputs) -> dict[str, pictures.Picture]:
    """The theme's logos, read and checked like every picture (errors in brochure.yaml)."""
    found: dict[str, pictures.Picture] = {}
    problems = []
    for key, src in theme.logos.items():
        if src is None or src in found:
            continue
        try:
            found[src] = pictures.read_picture(folder.root, src, inputs)
        except pictures.PictureProblem as problem:
            problems.append(
                folder.settings_document.issue_at(
                    ("theme", "logos", key), str(problem), problem.hint
                )
            )
    if problems:
        raise UserError(problems)
    return found


def _marks_without_file(variant: Variant, theme: Theme) -> list[Issue]:
    """A page's mark with no file of its own needs the theme's logo for its panel."""
    if theme.panel_logo is not None:
        return []
    return [
        variant.document.issue_at(
            ("pages", number, "logo"),
            "the mark has no picture: neither 'src' here nor a logo in the theme",
            "add 'src: images/logo.svg' here, or the logos to brochure.yaml: "
            "theme: {logos: {dark: images/logo-on-dark.svg, light: images/logo.svg}}",
        )
        for number, page in enumerate(variant.content.pages)
        if (mark := getattr(page, "logo", None)) is not None and mark.src is None
    ]
