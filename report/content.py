"""Load and validate a brochure folder: `brochure.yaml` plus one `<language>.yaml` per language."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import model, translation, yamlio
from .errors import Issue, UserError

SETTINGS_FILE = "brochure.yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Brochure:
    """A brochure folder and the languages it holds (the source language first)."""

    root: Path
    settings: model.Settings
    languages: tuple[str, ...]

    @property
    def slug(self) -> str:
        return self.settings.slug

    def file(self, language: str) -> Path:
        return self.root / f"{language}.yaml"


def open_brochure(root: Path) -> Brochure:
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
    settings = validate(yamlio.load(settings_file), model.Settings)
    found = sorted(p.stem for p in root.glob("*.yaml")
                   if p.name != SETTINGS_FILE and model.is_language_code(p.stem))
    if settings.source_language not in found:
        raise UserError(Issue(
            root / f"{settings.source_language}.yaml", None, None,
            f"is missing: brochure.yaml names '{settings.source_language}' as source language",
            hint="add the file, or correct source_language in brochure.yaml"))
    others = [lang for lang in found if lang != settings.source_language]
    return Brochure(root, settings, (settings.source_language, *others))


@dataclass
class LoadedVariant:
    """One language's validated content, and how complete its translation is."""

    language: str
    content: model.Variant
    document: yamlio.Document  # the (merged) data with the file:line of every value
    status: translation.Status | None  # None for the source language


def load_variant(brochure: Brochure, language: str) -> LoadedVariant:
    """Load and validate one language; a translation is laid over the source language first.

    All problems of the file are reported at once.
    """
    file = brochure.file(language)
    if language not in brochure.languages:
        raise UserError(Issue(file, None, None, f"no content for language '{language}'",
                              hint=f"this brochure has: {', '.join(brochure.languages)}"))
    source_language = brochure.settings.source_language
    if language == source_language:
        document = yamlio.load(file)
        variant = validate(document, model.Variant, context={"root": brochure.root})
        return LoadedVariant(language, variant, document, None)
    source = yamlio.load(brochure.file(source_language))
    own = yamlio.load(file)
    if not isinstance(own.data, dict):
        raise UserError(Issue(file, 1, 1, "must be a mapping of keys (like 'meta:' and 'pages:')"))
    merged = translation.merge(source, own)
    if merged.problems:
        raise UserError(merged.problems)
    variant = validate(merged.document, model.Variant, context={"root": brochure.root})
    state = translation.status(source, own, language,
                               translation.load_fingerprints(brochure.root, language))
    return LoadedVariant(language, variant, merged.document, state)


def validate(doc: yamlio.Document, cls: type[M], context: dict[str, Any] | None = None) -> M:
    if not isinstance(doc.data, dict):
        raise UserError(Issue(doc.file, 1, 1, "must be a mapping of keys (like 'meta:' and "
                                              "'pages:') at the top level"))
    try:
        return cls.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = _drop_missing_explained_by_typos(exc.errors())
        issues = [friendly_issue(doc, error) for error in errors]
        issues.sort(key=lambda issue: (issue.line or 0, issue.column or 0))
        raise UserError(issues) from None


def _drop_missing_explained_by_typos(errors: list[Any]) -> list[Any]:
    """`titel:` gives "unknown key 'titel'" and "'title' is missing": report only the typo."""
    names = _all_field_names()
    typos = {
        (tuple(e["loc"][:-1]), close[0])
        for e in errors
        if e["type"] == "extra_forbidden"
        and (close := difflib.get_close_matches(str(e["loc"][-1]), names, n=1))
    }
    return [e for e in errors
            if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)]


# Field names a user may have meant, for "did you mean …?".
def _all_field_names() -> set[str]:
    names: set[str] = set()
    for cls in vars(model).values():
        if isinstance(cls, type) and issubclass(cls, BaseModel):
            for name, info in cls.model_fields.items():
                names.add(info.alias or name)
    return names


def friendly_issue(doc: yamlio.Document, error: Any) -> Issue:
    """Turn one pydantic error into a plain-language issue at the right line and column."""
    loc = tuple(error["loc"])
    kind = error["type"]
    given = error.get("input")
    if kind == "extra_forbidden":
        key = str(loc[-1])
        close = difflib.get_close_matches(key, _all_field_names(), n=1)
        hint = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling"
        return doc.issue(loc, f"unknown key '{key}'", hint, key=True)
    if kind == "missing":
        return doc.issue(loc, f"the key '{loc[-1]}' is missing", f"add '{loc[-1]}: …' here")
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return doc.issue(
            loc + ("kind",) if kind == "union_tag_invalid" else loc,
            "unknown page kind" + (f" '{given.get('kind')}'" if isinstance(given, dict) else ""),
            f"choose one of: {', '.join(model.PAGE_KINDS)}")
    if kind == "block_kind":
        return doc.issue(loc, "this block needs exactly one of the keys paragraph, heading, list",
                         "write e.g.  - paragraph: Some text")
    if kind == "string_type":
        return doc.issue(loc, f"expected a text, found {_describe(given)}",
                         "write the text on the same line after the key")
    if kind == "list_type":
        return doc.issue(loc, f"expected a list, found {_describe(given)}",
                         "write each entry on its own line starting with '- '")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return doc.issue(loc, f"expected keys and values here, found {_describe(given)}",
                         "indent the keys below this one")
    if kind == "too_short":
        return doc.issue(loc, f"needs at least {error['ctx']['min_length']} entr"
                              f"{'y' if error['ctx']['min_length'] == 1 else 'ies'}",
                         "add the entries below the key, each on its own line starting with '- '")
    if kind == "too_long":
        return doc.issue(loc, f"may have at most {error['ctx']['max_length']} entries",
                         "split the content over two pages")
    if kind == "literal_error":
        return doc.issue(loc, f"'{given}' is not allowed here",
                         f"expected {error['ctx']['expected']}")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return doc.issue(loc, f"expected a whole number, found {_describe(given)}",
                         "write digits only, e.g. 60")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(error.get("ctx", {}).values()), "?")
        relation = {"greater_than_equal": "at least", "less_than_equal": "at most",
                    "greater_than": "more than", "less_than": "less than"}[kind]
        return doc.issue(loc, f"must be {relation} {bound}, not {given}")
    if kind == "value_error":
        message = str(error["ctx"]["error"]) if "ctx" in error else error["msg"]
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
