"""Content to HTML: one sandboxed Jinja2 environment over an ordered template search path.

The brochure folder's `templates/` comes first, then the project's, so a brochure can override
a single template. A brochure folder comes from other hands, so its templates are untrusted:
they run in Jinja2's immutable sandbox (no attribute starting with `_`, no access to Python
internals, no huge repetitions), with only the globals and filters listed here. Content strings
are passed as data and never compiled as templates.
"""

from __future__ import annotations

import operator
import os
import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError
from markupsafe import Markup

from report.base import languages
from report.base.errors import Issue, UserError
from report.content import markup, numbers
from report.design.layout import Layout
from report.design.theme import Theme
from report.render import catalogs, tables
from report.render import views as blocks

# Jinja's default globals that no brochure template needs (and that template-injection
# payloads reach for): lorem ipsum, cycler and joiner objects.
_DROPPED_GLOBALS = ("lipsum", "cycler", "joiner")
# The most characters or list entries one `*` may produce in a template, and the largest power.
MAX_REPEAT = 100_000
MAX_EXPONENT = 64


class BrochureSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's immutable sandbox, also refusing pydantic's `model_*` internals and repetition
    or powers large enough to exhaust memory."""

    intercepted_binops = frozenset({"*", "**"})

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if attr.startswith("model_"):
            return False
        return bool(super().is_safe_attribute(obj, attr, value))

    def call_binop(self, context: jinja2.runtime.Context, op: str, left: Any,
                   right: Any) -> Any:
        if op == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the power {right} is larger than a template may compute")
        if op == "*":
            for seq, count in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(count, int)
                        and len(seq) * count > MAX_REPEAT):
                    raise SecurityError("this repetition is larger than a template may make")
        return {"*": operator.mul, "**": operator.pow}[op](left, right)


# What a screen reader says for a link (its description in the PDF), through the catalogs.
LINK_MESSAGES = {
    "mailto": "E-mail to %(address)s",
    "tel": "Phone %(number)s",
    "web": "%(text)s (web page %(address)s)",
    "web-address": "Web page %(address)s",
}


# Environments by search path, language and the state of every file on the path: a build
# (and every page of a page-by-page build) compiles each template once, and a changed template
# or catalog (watch mode) gives a new environment.
_ENVIRONMENTS: dict[tuple[Any, ...], BrochureSandbox] = {}


def _fingerprint(template_path: Sequence[Path]) -> tuple[tuple[str, int, int], ...]:
    found = []
    for folder in template_path:
        for here, _dirs, files in os.walk(folder):
            for name in files:
                try:
                    info = os.stat(os.path.join(here, name))
                except OSError:
                    continue
                found.append((os.path.join(here, name), info.st_mtime_ns, info.st_size))
    return tuple(sorted(found))


def make_environment(template_path: Sequence[Path], language: str) -> BrochureSandbox:
    """The environment of a search path and language: the same one while no file on the path
    has changed (so a changed template is always seen, and an unchanged one compiled once)."""
    key = (tuple(str(p) for p in template_path), language, _fingerprint(template_path))
    env = _ENVIRONMENTS.get(key)
    if env is None:
        if len(_ENVIRONMENTS) >= 32:
            _ENVIRONMENTS.clear()
        env = _ENVIRONMENTS[key] = _new_environment(template_path, language)
    return env


def _new_environment(template_path: Sequence[Path], language: str) -> BrochureSandbox:
    env = BrochureSandbox(
        loader=jinja2.FileSystemLoader([str(p) for p in template_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    for name in _DROPPED_GLOBALS:
        env.globals.pop(name, None)
    translations = catalogs.load_translations(language, list(template_path))
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    direction = languages.direction(language)
    describe = link_describer(lambda message, **values: translations.gettext(message) % values)
    filters: dict[str, Callable[..., Any]] = {
        "inline": lambda text: inline(text, direction, describe),
        "link_words": lambda href, text: describe(str(href), str(text)),
        "plain": markup.plain_text,
        "lang_attr": lang_attr,
        "css_string": css_string,
        "css_counters": css_counters,
        "tel_uri": tel_uri,
        "web_label": web_label,
        "number": lambda value: numbers.format_value(value, language),
        "amount": lambda value, unit=None: blocks.amount(value, unit, language),
        "amount_parts": lambda value, unit=None: blocks.amount_parts(value, unit, language),
        "characters": blocks.characters,
        # a prefix of signs only (€, $, ~, >) stands right before the number, "ca." with a space
        "symbol": lambda text: not any(ch.isalpha() for ch in markup.plain_text(text)),
        "quoted": lambda text: quoted(text, language, direction, describe),
        "ltr": left_to_right if direction == "rtl" else (lambda value: value),
    }
    env.filters.update(filters)
    env.globals["contents"] = blocks.contents
    env.globals["runs"] = blocks.runs
    env.globals["short_table_rows"] = blocks.SHORT_TABLE_ROWS
    env.interface_text = translations.gettext  # type: ignore[attr-defined]
    return env


def render_template(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Render one template; a mistake in a brochure's own template is a located UserError."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(env, exc, exc.filename, exc.lineno,
                              f"template syntax error: {exc.message}") from None
    except (jinja2.TemplateError, SecurityError, ArithmeticError, TypeError, ValueError,
            RecursionError) as exc:
        filename, line = _template_frame(env, exc.__traceback__)
        if isinstance(exc, SecurityError):
            message = f"the template tried something templates may not do: {exc}"
        elif isinstance(exc, jinja2.UndefinedError):
            message = f"the template uses something that does not exist: {exc.message}"
        elif isinstance(exc, jinja2.TemplateNotFound):
            message = f"the template includes '{exc.name}', which does not exist"
        else:
            message = f"the template failed: {type(exc).__name__}: {exc}"
        raise _template_error(env, exc, filename, line, message) from None


def _own_template(env: jinja2.Environment, filename: str | None) -> bool:
    """Whether a template file comes from a brochure folder (not from the project)."""
    from report.base.resources import TEMPLATES

    if not filename:
        return False
    return not Path(filename).resolve().is_relative_to(TEMPLATES.resolve())


def _template_error(env: jinja2.Environment, exc: BaseException, filename: str | None,
                    line: int | None, message: str) -> BaseException:
    if not _own_template(env, filename):
        return exc  # a mistake in the tool's own templates is a bug: show the traceback
    return UserError(Issue(Path(filename or "template"), line, None, message, hint=(
        "correct the brochure's own template (templates may only show the content: no "
        "Python, no attributes starting with '_'), or delete it to use the built-in one")))


def _template_frame(env: jinja2.Environment, tb: types.TracebackType | None
                    ) -> tuple[str | None, int | None]:
    """The innermost template file and line in a traceback (Jinja rewrites its frames so
    that they name the template)."""
    found: tuple[str | None, int | None] = (None, None)
    for frame, line in _frames(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".txt", ".xml", ".svg")):
            found = (filename, line)
    return found


def _frames(tb: types.TracebackType | None) -> Iterator[tuple[types.FrameType, int]]:
    while tb is not None:
        yield tb.tb_frame, tb.tb_lineno
        tb = tb.tb_next


@dataclass(frozen=True)
class Numbering:
    """For one page laid out on its own (report/parts.py): where its sheets stand in the
    whole brochure."""

    first: int  # the number of its first sheet
    total: int  # the sheets of the whole brochure
    section: str | None  # the section in force before it
    header: str | None  # the running header of its sheets, unless it starts a section
    sheet_of: Mapping[int, int]  # page number -> the number of its first sheet (contents)


def render_html(*, template_path: Sequence[Path], language: str, content: Any,
                theme: Theme, fits: dict[int, int] | None = None,
                only_page: int | None = None, date: datetime | None = None,
                numbering: Numbering | None = None) -> str:
    """The whole brochure (or one page of it: to lay it out on its own, with `numbering`, or
    to find which page breaks the engine) as HTML.

    `fits` holds, for pages that did not fit, how much tighter to set them (a fit level).
    """
    env = make_environment(template_path, language)
    direction = languages.direction(language)
    env.globals["chart"] = lambda block, width: blocks.chart_view(
        block, float(width), theme=theme, language=language, rtl=direction == "rtl",
        gettext=env.interface_text)  # type: ignore[attr-defined]
    env.globals["table_view"] = lambda block: tables.view(block.columns, block.rows, language)
    every_page = list(enumerate(content.pages, start=1))
    pages = every_page if only_page is None else [every_page[only_page - 1]]
    return render_template(
        env, "base.html",
        meta=content.meta,
        pages=pages,
        every_page=every_page,
        language=language,
        lang_tag=languages.tag(language),
        direction=direction,
        layout=Layout(theme.format, direction, theme.type_scale),
        fits=fits or {},
        marks={"panel": theme.panel_logo},
        date=date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None,
        numbering=numbering,
    )


def link_describer(gettext: Callable[..., str]) -> Callable[[str, str], str]:
    """A function saying in words, in the brochure's language, where a link leads."""

    def describe(href: str, text: str) -> str:
        scheme, _, rest = href.partition(":")
        words = " ".join(text.split())
        if scheme == "mailto":
            return gettext(LINK_MESSAGES["mailto"], address=rest.split("?")[0])
        if scheme == "tel":
            return gettext(LINK_MESSAGES["tel"], number=words or rest)
        address = web_label(href)
        if not words or words == address:
            return gettext(LINK_MESSAGES["web-address"], address=address)
        return gettext(LINK_MESSAGES["web"], text=words, address=address)

    return describe


def inline(text: str, direction: str = "ltr",
           describe_link: Callable[[str, str], str] | None = None) -> Markup:
    """A content string as safe inline HTML; a text in another language keeps its `lang`."""
    html = markup.render_inline(text, direction=direction, describe_link=describe_link)
    language = markup.language_of(text)
    if language is None:
        return html
    own = markup.direction_of(language)
    if own == direction:
        return Markup('<span lang="{}">').format(languages.tag(language)) + html + Markup(
            "</span>")
    # A text in the other writing direction (a German fallback on an Arabic page) keeps its
    # own order: isolated, as a span marked in the text is.
    start, end = markup.ISOLATES[own]
    return (Markup('<span lang="{}" dir="{}">{}').format(languages.tag(language), own, start)
            + html + Markup("{}</span>").format(end))


def quoted(text: str, language: str, direction: str,
           describe_link: Callable[[str, str], str] | None = None) -> Markup:
    """A quotation in the quotation marks of the page's language (part of the text: they are
    read and copied with it)."""
    opening, closing = languages.quotation_marks(language)
    return Markup("{}{}{}").format(opening, inline(text, direction, describe_link), closing)


def lang_attr(text: str) -> Markup:
    """` lang="de-DE"` for an attribute text in another language than the page (an alt text
    that falls back to the source language), else nothing."""
    language = markup.language_of(text)
    if language is None:
        return Markup("")
    return Markup(' lang="{}"').format(languages.tag(language))


def css_string(value: str) -> Markup:
    """Quote a text for a CSS `content:` value inside a <style> element."""
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ")
    escaped = escaped.replace("<", "\\3c ").replace(">", "\\3e ")
    return Markup(f'"{escaped}"')


def css_counters(label: str) -> Markup:
    """A translated "Page \x01 of \x02" as a CSS `content:` value with live page counters."""
    parts: list[str] = []
    for i, chunk in enumerate(str(label).replace("\x02", "\x01\x02").split("\x01")):
        if chunk.startswith("\x02"):
            parts.append("counter(pages)")
            chunk = chunk[1:]
        elif i > 0:
            parts.append("counter(page)")
        if chunk:
            parts.append(css_string(chunk))
    return Markup(" ".join(parts))


def left_to_right(value: str) -> Markup:
    """Keep a Latin address, number or link in its own order inside right-to-left text.

    WeasyPrint 70 ignores `unicode-bidi`, so the Unicode isolate characters LRI … PDI do it.
    """
    return Markup("\u2066") + value + Markup("\u2069")


def tel_uri(phone: str) -> str:
    """`(0800) 08 63 826` -> `tel:08000863826` (digits and a leading + only)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    return "tel:" + ("+" if phone.strip().startswith("+") else "") + digits


def web_label(url: str) -> str:
    """A web address as people write it: without scheme and trailing slash."""
    for prefix in ("https://", "http://"):
        if url.startswith(prefix):
            url = url[len(prefix):]
    return url.rstrip("/")
