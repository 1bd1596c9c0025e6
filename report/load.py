"""The load stage: a brochure folder, read once, into one immutable `Brochure`.

`brochure.yaml`, every language file, every picture: each is read and checked once here, and
later stages only read the result. A translation is laid over the source language first, so
that what it leaves out falls back to the source and is reported. Problems in a translation
keep only that language from being built; problems in the source stop everything (the
translations would only echo them).
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import model, pictures, resources, translation, yamlio
from . import theme as themes
from .errors import Issue, UserError

SETTINGS_FILE = "brochure.yaml"
TEMPLATES_FOLDER = "templates"

M = TypeVar("M", bound=BaseModel)


# --- the folder ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Folder:
    """A brochure folder: its settings and the language files it holds (the source first)."""

    root: Path
    settings: model.Settings
    languages: tuple[str, ...]
    settings_document: yamlio.Document  # brochure.yaml with the line of every key

    @property
    def slug(self) -> str:
        return self.settings.slug

    @property
    def source_language(self) -> str:
        return self.settings.source_language

    def file(self, language: str) -> Path:
        return self.root / f"{language}.yaml"

    @property
    def template_path(self) -> tuple[Path, ...]:
        """Where templates are looked up: the brochure's own first, then the project's."""
        own = self.root / TEMPLATES_FOLDER
        return (own, resources.TEMPLATES) if own.is_dir() else (resources.TEMPLATES,)


def is_brochure(root: Path) -> bool:
    return (root / SETTINGS_FILE).is_file()


def open_folder(root: Path) -> Folder:
    """Read `brochure.yaml` and find the language files of a brochure folder."""
    if not root.exists():
        raise UserError(Issue(root, None, None, "no such brochure folder",
                              hint="give the folder that holds brochure.yaml"))
    if not root.is_dir():
        raise UserError(Issue(root, None, None, "is not a folder",
                              hint="give the folder that holds brochure.yaml"))
    settings_file = root / SETTINGS_FILE
    if not settings_file.exists():
        raise UserError(Issue(settings_file, None, None, "is missing",
                              hint="every brochure folder needs a brochure.yaml with its slug, "
                                   "e.g.  slug: annual-report-2019"))
    settings_document = yamlio.load(settings_file)
    settings = validate(settings_document, model.Settings)
    found = sorted(p.stem for p in root.glob("*.yaml")
                   if p.name != SETTINGS_FILE and model.is_language_code(p.stem))
    if settings.source_language not in found:
        raise UserError(Issue(
            root / f"{settings.source_language}.yaml", None, None,
            f"is missing: brochure.yaml names '{settings.source_language}' as source language",
            hint="add the file, or correct source_language in brochure.yaml"))
    others = [lang for lang in found if lang != settings.source_language]
    return Folder(root, settings, (settings.source_language, *others), settings_document)


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


@dataclass(frozen=True)
class Brochure:
    """Everything a build needs from a brochure folder, read once."""

    folder: Folder
    variants: Mapping[str, Variant]  # the languages that loaded, source first
    problems: Mapping[str, tuple[Issue, ...]]  # the languages that did not, and why
    pictures: Mapping[str, pictures.Picture]  # by `src`
    theme: themes.Theme

    @property
    def root(self) -> Path:
        return self.folder.root

    @property
    def settings(self) -> model.Settings:
        return self.folder.settings

    @property
    def slug(self) -> str:
        return self.folder.slug

    @property
    def template_path(self) -> tuple[Path, ...]:
        return self.folder.template_path


def load(root: Path | Folder, languages: Iterable[str] | None = None) -> Brochure:
    """Load the given languages (all when None) of a brochure folder.

    Raises UserError when the folder, its settings or its source language are broken, or when
    a language is asked for that the folder does not have. A broken translation is recorded in
    `problems` and the others still load.
    """
    folder = root if isinstance(root, Folder) else open_folder(root)
    wanted = list(folder.languages) if languages is None else list(dict.fromkeys(languages))
    unknown = [lang for lang in wanted if lang not in folder.languages]
    if unknown:
        raise UserError([Issue(folder.file(lang), None, None,
                               f"no content for language '{lang}'",
                               hint=f"this brochure has: {', '.join(folder.languages)}")
                         for lang in unknown])
    theme = themes.resolve(folder.settings, folder.settings_document, folder.root)
    theme_pictures = _theme_pictures(folder, theme)
    source_document = yamlio.load(folder.file(folder.source_language))
    source = _validate_variant(folder, folder.source_language, source_document, None, ())
    variants: dict[str, Variant] = {}
    problems: dict[str, tuple[Issue, ...]] = {}
    if folder.source_language in wanted:
        variants[folder.source_language] = source
    for language in wanted:
        if language == folder.source_language:
            continue
        try:
            variants[language] = _load_translation(folder, language, source_document)
        except UserError as error:
            problems[language] = tuple(error.issues)
    found, failed = _read_pictures(folder, [v.document for v in (source, *variants.values())])
    found.update(theme_pictures)
    if missing_marks := _marks_without_file(source, theme):
        raise UserError(missing_marks)
    if failed:
        if source_issues := _picture_issues(source, failed):
            raise UserError(source_issues)  # every translation uses the source's pictures
        for language, variant in list(variants.items()):
            if issues := _picture_issues(variant, failed):
                del variants[language]
                problems[language] = tuple(issues)
    return Brochure(folder, variants, problems, found, theme)


def _theme_pictures(folder: Folder, theme: themes.Theme) -> dict[str, pictures.Picture]:
    """The theme's logos, read and checked like every picture (errors in brochure.yaml)."""
    found, problems = {}, []
    for key, src in theme.logos.items():
        if src is None or src in found:
            continue
        try:
            found[src] = pictures.read_picture(folder.root, src)
        except pictures.PictureProblem as problem:
            problems.append(folder.settings_document.issue_at(("theme", "logos", key),
                                                              str(problem)))
    if problems:
        raise UserError(problems)
    return found


def _marks_without_file(variant: Variant, theme: themes.Theme) -> list[Issue]:
    """A page's mark with no file of its own needs the theme's logo for its panel."""
    if theme.panel_logo is not None:
        return []
    return [variant.document.issue_at(
        ("pages", number, "logo"), "the mark has no picture: neither 'src' here nor a logo in "
        "the theme", "add 'src: images/logo.svg' here, or the logos to brochure.yaml: "
        "theme: {logos: {dark: images/logo-on-dark.svg, light: images/logo.svg}}")
        for number, page in enumerate(variant.content.pages)
        if getattr(page, "logo", None) is not None and page.logo.src is None]


def _load_translation(folder: Folder, language: str,
                      source: yamlio.Document) -> Variant:
    file = folder.file(language)
    own = yamlio.load(file)
    if not isinstance(own.data, dict):
        raise UserError(Issue(file, 1, 1, "must be a mapping of keys (like 'meta:' and 'pages:')"))
    merged = translation.merge(source, own, source_language=folder.source_language,
                               language=language)
    if merged.problems:
        raise UserError(merged.problems)
    state = translation.status(source, own, language,
                               translation.load_fingerprints(folder.root, language))
    return _validate_variant(folder, language, merged.document, state, merged.missing)


def _validate_variant(folder: Folder, language: str, document: yamlio.Document,
                      state: translation.Status | None,
                      fallback: Iterable[yamlio.Loc]) -> Variant:
    # Numbers are read with the rules of the source language: a translation takes its
    # figures from there (translation.merge makes sure it cannot change them).
    try:
        content = validate(document, model.Content,
                           context={"language": folder.source_language})
    except UserError as error:
        # All problems of a file at once: its broken pictures too, not only after a fix.
        _, failed = _read_pictures(folder, [document])
        reported = {issue.path for issue in error.issues}
        pictures_issues = [document.issue_at(path, failed[src])
                           for path, src in picture_uses(document)
                           if src in failed and yamlio.format_path(path) not in reported]
        issues = sorted(error.issues + pictures_issues,
                        key=lambda issue: (issue.line or 0, issue.column or 0))
        raise UserError(issues) from None
    return Variant(language, folder.file(language), content, document, state,
                   frozenset(fallback))


def picture_uses(document: yamlio.Document) -> Iterable[tuple[yamlio.Loc, str]]:
    """Every picture of a language file with its path: `src` of an image, logo or icon, and
    the file of a `picture:` block."""
    for path, value in translation.leaves(document.data):
        if path and path[-1] in ("src", "picture") and isinstance(value, str):
            yield path, value


def _read_pictures(folder: Folder, documents: list[yamlio.Document]
                   ) -> tuple[dict[str, pictures.Picture], dict[str, str]]:
    """Every picture the documents name, each read once: (found by src, problems by src)."""
    found: dict[str, pictures.Picture] = {}
    failed: dict[str, str] = {}
    for document in documents:
        for _, src in picture_uses(document):
            if src in found or src in failed:
                continue
            try:
                found[src] = pictures.read_picture(folder.root, src)
            except pictures.PictureProblem as problem:
                failed[src] = str(problem)
    return found, failed


def _picture_issues(variant: Variant, failed: Mapping[str, str]) -> list[Issue]:
    """A broken picture, reported where this language names it (a value the translation
    takes from the source language is reported in the source file)."""
    return [variant.document.issue_at(path, failed[src])
            for path, src in picture_uses(variant.document) if src in failed]


# --- validation: pydantic errors as located, plain-language issues ------------------------

def validate(doc: yamlio.Document, cls: type[M], context: dict[str, Any] | None = None) -> M:
    if not isinstance(doc.data, dict):
        raise UserError(Issue(doc.file, 1, 1, "must be a mapping of keys (like 'meta:' and "
                                              "'pages:') at the top level"))
    try:
        return cls.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = _one_reading_per_union(_drop_missing_explained_by_typos(cls, exc.errors()))
        issues = [friendly_issue(doc, cls, error) for error in errors]
        issues.sort(key=lambda issue: (issue.line or 0, issue.column or 0))
        raise UserError(issues) from None


def _one_reading_per_union(errors: list[Any]) -> list[Any]:
    """A value that may be a text or a mapping (a list entry: a text, or `text:` with its own
    `list:`) gives an error for each reading; keep the one the writer meant. Keys of the
    mapping reading (or near misses of them) mean the mapping; anything else, such as
    `- Punkt 1: Text`, is a text with ': ' read as a key and a value."""
    drop: set[int] = set()
    for index, error in enumerate(errors):
        given = error.get("input")
        if error["type"] != "string_type" or not isinstance(given, dict):
            continue
        base = tuple(error["loc"][:-1])
        others = [other for other, found in enumerate(errors) if other != index
                  and tuple(found["loc"][:len(base)]) == base and len(found["loc"]) > len(base)]
        branch = {str(errors[other]["loc"][len(base)]) for other in others}
        fields: set[str] = set()
        for name in branch:
            reading = getattr(model, name, None)
            if isinstance(reading, type) and issubclass(reading, BaseModel):
                fields |= {info.alias or key for key, info in reading.model_fields.items()}
        if not fields:
            continue
        meant = any(key in fields or difflib.get_close_matches(str(key), fields, n=1)
                    for key in given)
        drop.update(others if not meant else [index])
    return [error for index, error in enumerate(errors) if index not in drop]


def _drop_missing_explained_by_typos(cls: type[BaseModel], errors: list[Any]) -> list[Any]:
    """`titel:` gives "unknown key 'titel'" and "'title' is missing": report only the typo."""
    typos = {(tuple(e["loc"][:-1]), close)
             for e in errors if e["type"] == "extra_forbidden"
             and (close := suggest_key(cls, tuple(e["loc"]))) is not None}
    return [e for e in errors
            if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)]


# Keys people write in German (the language of most of our users) or from habit, and the key
# they mean. Only suggested where the meant key is allowed.
_MEANT = {
    "titel": "title", "untertitel": "subtitle", "bild": "image", "grafik": "image",
    "seiten": "pages", "seite": "pages", "art": "kind", "typ": "kind", "type": "kind",
    "text": "paragraph", "absatz": "paragraph", "liste": "list", "punkte": "items",
    "überschrift": "heading", "zahlen": "figures", "kennzahlen": "figures", "wert": "value",
    "beschriftung": "label", "karten": "cards", "gruppen": "groups", "abschnitt": "section",
    "kontakt": "contact", "adresse": "address", "telefon": "phone", "tel": "phone",
    "mail": "email", "e-mail": "email", "webseite": "website", "url": "website",
    "homepage": "website", "alt_text": "alt", "alttext": "alt", "alternativtext": "alt",
    "symbol": "icon", "autor": "author", "autorin": "author", "stichwörter": "keywords",
    "schlagwörter": "keywords", "fußzeile": "footer", "einleitung": "lead", "intro": "lead",
    "dekorativ": "decorative", "sprache": "source_language", "quellsprache": "source_language",
}


def suggest_key(root: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The key the user probably meant instead of the unknown `loc[-1]`, or None.

    Only keys that are allowed at that very place are suggested, and only close matches (or a
    known synonym); never the key itself.
    """
    typed = str(loc[-1])
    allowed = fields_at(root, loc[:-1])
    if not allowed:
        return None
    meant = _MEANT.get(typed.casefold())
    if meant in allowed and meant != typed:
        return meant
    close = difflib.get_close_matches(typed.casefold(), [a.casefold() for a in allowed],
                                      n=1, cutoff=0.75)
    if close:
        match = next(a for a in allowed if a.casefold() == close[0])
        return match if match != typed else None
    return None


def fields_at(root: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at a pydantic location (empty when unknown)."""
    current: Any = root
    for step in loc:
        current = _step(current, step)
        if current is None:
            return []
    model_cls = _as_model(current)
    if model_cls is None:
        return []
    return [info.alias or name for name, info in model_cls.model_fields.items()]


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    return annotation


def _members(annotation: Any) -> list[Any]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or str(origin) == "<class 'types.UnionType'>":
        return list(typing.get_args(annotation))
    return [annotation]


def _as_model(annotation: Any) -> type[BaseModel] | None:
    for member in _members(_unwrap(annotation)):
        member = _unwrap(member)
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def _step(annotation: Any, step: Any) -> Any:
    """The annotation one step further along a pydantic location."""
    annotation = _unwrap(annotation)
    if isinstance(step, int):
        for member in _members(annotation):
            if typing.get_origin(_unwrap(member)) is list:
                return typing.get_args(_unwrap(member))[0]
        return None
    members = [_unwrap(m) for m in _members(annotation)]
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    # A tagged union: the step names the member (a page kind, or a block's key).
    if len(members) > 1:
        for full, member in zip(_members(annotation), members):
            if member in models and (_tag_of(full) == step or _kind_of(member) == step):
                return member
    for member in models:
        for name, info in member.model_fields.items():
            if step in (name, info.alias):
                return info.annotation
    return None


def _tag_of(annotation: Any) -> str | None:
    for meta in getattr(annotation, "__metadata__", ()):
        if hasattr(meta, "tag"):
            return str(meta.tag)
    return None


def _kind_of(cls: type[BaseModel]) -> str | None:
    kind = cls.model_fields.get("kind")
    if kind is None:
        return None
    args = typing.get_args(kind.annotation)
    return str(args[0]) if args else None


def friendly_issue(doc: yamlio.Document, root: type[BaseModel], error: Any) -> Issue:
    """Turn one pydantic error into a plain-language issue at the right line and column."""
    loc = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = suggest_key(root, loc)
        hint = f"did you mean '{close}'?" if close else "remove it or check the spelling"
        allowed = fields_at(root, loc[:-1])
        if not close and allowed:
            hint += f"; allowed here: {', '.join(allowed)}"
        return doc.issue(loc, f"unknown key '{key}'", hint, key=True)
    if kind == "missing":
        return doc.issue(loc, f"the key '{loc[-1]}' is missing", f"add '{loc[-1]}: …' here")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return doc.issue(
            loc + ("kind",) if kind == "union_tag_invalid" else loc,
            "unknown page kind" + (f" '{given.get('kind')}'" if isinstance(given, dict) else ""),
            f"choose one of: {', '.join(model.PAGE_KINDS)}")
    if kind == "block_kind":
        if isinstance(given, dict) and "callout" in given and "callout" not in error["msg"]:
            return doc.issue(loc, "a call-out box cannot hold another call-out box",
                             "put the second box after the first, as a block of its own")
        return doc.issue(loc, error["msg"].replace("a block must have", "this block needs"),
                         "write e.g.  - paragraph: Some text")
    if kind in ("chart_values", "table_row"):  # point at the row that is wrong
        row = ("data" if kind == "chart_values" else "rows", int(ctx.get("index", 1)) - 1)
        return doc.issue(loc + row if "index" in ctx else loc, error["msg"],
                         "give every row one value per series" if kind == "chart_values"
                         else "give every row one cell per column (an empty one as \"\")")
    if kind == "string_type":
        if isinstance(given, dict) and len(given) == 1:
            (word, rest), = given.items()
            return doc.issue(loc, f"expected a text, found '{word}: {rest}' read as a key and "
                                  "a value", "a text containing ': ' must be put in quotes, "
                                             f"e.g.  \"{word}: {rest}\"")
        hint = ("write the text on the same line after the key" if given is None else
                "write one text here, not a list" if isinstance(given, list) else
                "write the text itself here, not keys and values")
        return doc.issue(loc, f"expected a text, found {_describe(given)}", hint)
    if kind == "list_type":
        return doc.issue(loc, f"expected a list, found {_describe(given)}",
                         "write each entry on its own line starting with '- '")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return doc.issue(loc, f"expected keys and values here, found {_describe(given)}",
                         "indent the keys below this one")
    if kind == "too_short":
        return doc.issue(loc, f"needs at least {ctx['min_length']} entr"
                              f"{'y' if ctx['min_length'] == 1 else 'ies'}",
                         "add the entries below the key, each on its own line starting with '- '")
    if kind == "too_long":
        return doc.issue(loc, f"may have at most {ctx['max_length']} entries",
                         "split the content over two pages")
    if kind == "literal_error":
        return doc.issue(loc, f"'{given}' is not allowed here", f"expected {ctx['expected']}")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return doc.issue(loc, f"expected a whole number, found {_describe(given)}",
                         "write digits only, e.g. 60")
    if kind in ("bool_parsing", "bool_type"):
        return doc.issue(loc, f"expected true or false, found {_describe(given)}",
                         "write true or false")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "?")
        relation = {"greater_than_equal": "at least", "less_than_equal": "at most",
                    "greater_than": "more than", "less_than": "less than"}[kind]
        return doc.issue(loc, f"must be {relation} {bound}, not {given}")
    if kind == "not_a_number":
        return doc.issue(loc, str(ctx.get("message", error["msg"])), str(ctx.get("hint", "")))
    if kind == "alt_missing":
        return doc.issue(loc, "the key 'alt' is missing",
                         "add 'alt: …' saying what the picture shows, or 'decorative: true' "
                         "for a pure ornament")
    if kind == "value_error":
        message = str(ctx["error"]) if "error" in ctx else error["msg"]
        return doc.issue(loc, message)
    return doc.issue(loc, error["msg"])


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "keys and values"
    if isinstance(value, list):
        return "a list"
    return f"'{value}'"
