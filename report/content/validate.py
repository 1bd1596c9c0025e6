"""Validation: a loaded YAML document checked against a pydantic model, every error turned
into a located, plain-language issue (file:line:column, the key path, a hint), all at once.

Pydantic names a location in its own terms (union tags, validator names, 0-based indexes) and
words its messages for programmers; a brochure's author gets the key they typed, the line it is
on, and what to write instead.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from report.base.errors import Issue, UserError
from report.content import model, translation, yamlio
from report.content.fields import KINDS, reads_as

M = TypeVar("M", bound=BaseModel)


def validate(doc: yamlio.Document, cls: type[M], context: dict[str, Any] | None = None) -> M:
    if not isinstance(doc.data, dict):
        raise UserError(
            Issue(
                doc.file,
                1,
                1,
                "must be a mapping of keys (like 'meta:' and 'pages:') at the top level",
            )
        )
    quoted = _quoted_values(doc, cls)
    try:
        validated = cls.model_validate(doc.data, context=context)
    except ValidationError as exc:
        errors = _one_reading_per_union(_drop_missing_explained_by_typos(cls, exc.errors()))
        issues = [friendly_issue(doc, cls, error) for error in errors] + quoted
        issues.sort(key=lambda issue: (issue.line or 0, issue.column or 0))
        raise UserError(issues) from None
    if quoted:
        raise UserError(sorted(quoted, key=lambda issue: (issue.line or 0, issue.column or 0)))
    return validated


def _quoted_values(doc: yamlio.Document, cls: type[BaseModel]) -> list[Issue]:
    """A whole number, a number or true/false written in quotes (`page_limit: "10"`): YAML
    makes it a text, which pydantic would silently read as the number; refused where it
    stands, with the quotes to remove."""
    issues = []
    for path in doc.quoted:
        kind = _scalar_kind(cls, path)
        value = translation.get_path(doc.data, path)
        if kind is not None and isinstance(value, str) and reads_as(kind, value):
            issues.append(
                doc.issue_at(
                    path,
                    f"expected {KINDS[kind]}, found '{value}' in quotes, which YAML reads as text",
                    f"remove the quotes: {path[-1]}: {value}",
                )
            )
    return issues


def _scalar_kind(root: type[BaseModel], path: yamlio.Loc) -> type | None:
    """The kind of value that is not text (int, float, bool) the model wants at a data path,
    or None (text, or a place the model does not know)."""
    current: Any = root
    for step in path:
        current = _step(current, step)
        if current is None:
            return None
    kinds = {_unwrap(member) for member in _members(_unwrap(current))} - {type(None)}
    kind = kinds.pop() if len(kinds) == 1 else None
    return kind if kind in KINDS else None


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
        others = [
            other
            for other, found in enumerate(errors)
            if other != index
            and tuple(found["loc"][: len(base)]) == base
            and len(found["loc"]) > len(base)
        ]
        branch = {str(errors[other]["loc"][len(base)]) for other in others}
        fields: set[str] = set()
        for name in branch:
            reading = getattr(model, name, None)
            if isinstance(reading, type) and issubclass(reading, BaseModel):
                fields |= {info.alias or key for key, info in reading.model_fields.items()}
        if not fields:
            continue
        meant = any(
            key in fields or difflib.get_close_matches(str(key), fields, n=1) for key in given
        )
        drop.update(others if not meant else [index])
    return [error for index, error in enumerate(errors) if index not in drop]


def _drop_missing_explained_by_typos(cls: type[BaseModel], errors: list[Any]) -> list[Any]:
    """`titel:` gives "unknown key 'titel'" and "'title' is missing": report only the typo."""
    typos = {
        (tuple(e["loc"][:-1]), close)
        for e in errors
        if e["type"] == "extra_forbidden"
        and (close := suggest_key(cls, tuple(e["loc"]))) is not None
    }
    return [
        e
        for e in errors
        if not (e["type"] == "missing" and (tuple(e["loc"][:-1]), e["loc"][-1]) in typos)
    ]


# Keys people write in German (the language of most of our users) or from habit, and the key
# they mean. Only suggested where the meant key is allowed.
_MEANT = {
    "titel": "title",
    "untertitel": "subtitle",
    "bild": "image",
    "grafik": "image",
    "seiten": "pages",
    "seite": "pages",
    "art": "kind",
    "typ": "kind",
    "type": "kind",
    "text": "paragraph",
    "absatz": "paragraph",
    "liste": "list",
    "punkte": "items",
    "überschrift": "heading",
    "zahlen": "figures",
    "kennzahlen": "figures",
    "wert": "value",
    "beschriftung": "label",
    "karten": "cards",
    "gruppen": "groups",
    "abschnitt": "section",
    "kontakt": "contact",
    "adresse": "address",
    "telefon": "phone",
    "tel": "phone",
    "mail": "email",
    "e-mail": "email",
    "webseite": "website",
    "url": "website",
    "homepage": "website",
    "alt_text": "alt",
    "alttext": "alt",
    "alternativtext": "alt",
    "symbol": "icon",
    "autor": "author",
    "autorin": "author",
    "stichwörter": "keywords",
    "schlagwörter": "keywords",
    "fußzeile": "footer",
    "einleitung": "lead",
    "intro": "lead",
    "dekorativ": "decorative",
    "sprache": "source_language",
    "quellsprache": "source_language",
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
    close = difflib.get_close_matches(
        typed.casefold(), [a.casefold() for a in allowed], n=1, cutoff=0.75
    )
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
        for full, member in zip(_members(annotation), members, strict=True):
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
            f"choose one of: {', '.join(model.PAGE_KINDS)}",
        )
    if kind == "block_kind":
        if isinstance(given, dict) and "callout" in given and "callout" not in error["msg"]:
            return doc.issue(
                loc,
                "a call-out box cannot hold another call-out box",
                "put the second box after the first, as a block of its own",
            )
        allowed = [k for k in model.BLOCK_KEYS if k in error["msg"]]
        if isinstance(given, dict) and given and not set(given) & set(allowed):
            first = str(next(iter(given)))
            meant = difflib.get_close_matches(first.lower(), allowed, n=1, cutoff=0.6)
            if meant:
                return doc.issue(
                    loc + (first,),
                    f"unknown block '{first}'",
                    f"did you mean '{meant[0]}'?",
                    key=True,
                )
        return doc.issue(
            loc,
            error["msg"].replace("a block must have", "this block needs"),
            "write e.g.  - paragraph: Some text",
        )
    if kind in ("chart_values", "table_row"):  # point at the row that is wrong
        row = ("data" if kind == "chart_values" else "rows", int(ctx.get("index", 1)) - 1)
        return doc.issue(
            loc + row if "index" in ctx else loc,
            error["msg"],
            "give every row one value per series"
            if kind == "chart_values"
            else 'give every row one cell per column (an empty one as "")',
        )
    if kind == "string_type":
        if isinstance(given, dict) and len(given) == 1:
            ((word, rest),) = given.items()
            return doc.issue(
                loc,
                f"expected a text, found '{word}: {rest}' read as a key and a value",
                f"a text containing ': ' must be put in quotes, e.g.  \"{word}: {rest}\"",
            )
        hint = (
            "write the text on the same line after the key"
            if given is None
            else "write one text here, not a list"
            if isinstance(given, list)
            else "write the text itself here, not keys and values"
        )
        return doc.issue(loc, f"expected a text, found {_describe(given)}", hint)
    if kind == "list_type":
        return doc.issue(
            loc,
            f"expected a list, found {_describe(given)}",
            "write each entry on its own line starting with '- '",
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return doc.issue(
            loc,
            f"expected keys and values here, found {_describe(given)}",
            "indent the keys below this one",
        )
    if kind == "too_short":
        return doc.issue(
            loc,
            f"needs at least {ctx['min_length']} entr{'y' if ctx['min_length'] == 1 else 'ies'}",
            "add the entries below the key, each on its own line starting with '- '",
        )
    if kind == "too_long":
        return doc.issue(
            loc, f"may have at most {ctx['max_length']} entries", "split the content over two pages"
        )
    if kind == "literal_error":
        return doc.issue(loc, f"'{given}' is not allowed here", f"expected {ctx['expected']}")
    if kind in ("whole_number", "int_parsing", "int_type", "int_from_float"):
        return doc.issue(
            loc, f"expected a whole number, found {_describe(given)}", "write digits only, e.g. 60"
        )
    if kind in ("real_number", "float_parsing", "float_type"):
        return doc.issue(
            loc,
            f"expected a number, found {_describe(given)}",
            "write digits, with a point before the decimals, e.g. 1.5",
        )
    if kind in ("truth_value", "bool_parsing", "bool_type"):
        return doc.issue(
            loc, f"expected true or false, found {_describe(given)}", "write true or false"
        )
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "?")
        relation = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return doc.issue(loc, f"must be {relation} {bound}, not {given}")
    if kind in ("not_a_number", "currency"):
        return doc.issue(loc, str(ctx.get("message", error["msg"])), str(ctx.get("hint", "")))
    if kind == "alt_missing":
        return doc.issue(
            loc,
            "the key 'alt' is missing",
            "add 'alt: …' saying what the picture shows, or 'decorative: true' for a pure ornament",
        )
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
