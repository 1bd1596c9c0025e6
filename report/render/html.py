"""Content to HTML: a `Renderer` per brochure, language and theme, over the template search
path (see templates.py), in the sandbox (see sandbox.py).

A Renderer's Jinja environment is made once, with every filter and function its templates call
bound to its language and theme, and never changed after: there is no environment shared
between callers, nothing set on it per call. Content strings are passed as data and never
compiled as templates.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from report.base import files, languages
from report.base.errors import Issue
from report.base.inputs import Dependency, Inputs
from report.content import markup, numbers
from report.design.layout import Layout
from report.design.theme import Theme
from report.render import catalogs, inline, tables, views
from report.render.sandbox import DROPPED_GLOBALS, BrochureSandbox, render_template
from report.render.templates import TemplateLoader

# Interface strings the tool's code uses besides the templates, and where.
CODE_MESSAGES = {
    **dict.fromkeys(inline.LINK_MESSAGES.values(), ("report/render/inline.py", 0)),
    **dict.fromkeys(views.MESSAGES, ("report/render/views.py", 0)),
}


@dataclass(frozen=True)
class Numbering:
    """For one page laid out on its own (builder/page_cache.py): where its sheets stand in the
    whole brochure."""

    first: int  # the number of its first sheet
    total: int  # the sheets of the whole brochure
    section: str | None  # the section in force before it
    header: str | None  # the running header of its sheets, unless it starts a section
    sheet_of: Mapping[int, int]  # page number -> the number of its first sheet (contents)


class Renderer:
    """The templates of one brochure for one language and theme, ready to make HTML."""

    def __init__(
        self, template_path: Sequence[Path], language: str, theme: Theme, inputs: Inputs
    ) -> None:
        self.template_path = tuple(template_path)
        self.language = language
        self.theme = theme
        self.direction = languages.direction(language)
        self.layout = Layout(theme.format, self.direction, theme.type_scale)
        with inputs.recording() as read:
            self.interface = catalogs.interface(language, self.template_path, inputs)
        self._read = read  # what making it and its templates read (see `dependencies`)
        self._inputs = inputs
        self.env = self._environment(TemplateLoader(self.template_path, inputs))

    def _environment(self, loader: jinja2.BaseLoader) -> BrochureSandbox:
        env = BrochureSandbox(
            loader=loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=["jinja2.ext.i18n"],
            trim_blocks=True,
            lstrip_blocks=True,
        )
        for name in DROPPED_GLOBALS:
            env.globals.pop(name, None)
        translations = self.interface.translations
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        language, direction, theme = self.language, self.direction, self.theme
        describe = inline.link_describer(
            lambda message, **values: translations.gettext(message) % values
        )
        brand = theme.palette["brand"]
        filters: dict[str, Callable[..., Any]] = {
            "inline": lambda text: inline.inline(text, direction, describe),
            "link_words": lambda href, text: describe(str(href), str(text)),
            "plain": markup.plain_text,
            "lang_attr": inline.lang_attr,
            "css_string": inline.css_string,
            "css_counters": inline.css_counters,
            "tel_uri": inline.tel_uri,
            "web_label": inline.web_label,
            "number": lambda value: numbers.format_value(value, language),
            "amount": lambda value, unit=None, currency=None: views.amount(
                value, unit, language, currency
            ),
            "amount_parts": lambda value, unit=None, currency=None: views.amount_parts(
                value, unit, language, currency
            ),
            "characters": views.characters,
            # a prefix of signs only (€, $, ~, >) stands right before the number, "ca." with
            # a space
            "symbol": lambda text: not any(ch.isalpha() for ch in markup.plain_text(text)),
            "quoted": lambda text: inline.quoted(text, language, direction, describe),
            "ltr": inline.left_to_right if direction == "rtl" else (lambda value: value),
            # the e-mail teaser: styles inline (mail programs drop style sheets and classes)
            "email_inline": lambda text: email_inline(text, direction, brand),
        }
        env.filters.update(filters)
        env.globals.update(
            {
                "contents": views.contents,
                "runs": views.runs,
                "short_table_rows": views.SHORT_TABLE_ROWS,
                "chart": lambda block, width: views.chart_view(
                    block,
                    float(width),
                    theme=theme,
                    language=language,
                    rtl=direction == "rtl",
                    gettext=translations.gettext,
                ),
                "table_view": lambda block: tables.view(
                    block.columns,
                    block.rows,
                    language,
                    total=block.total,
                    currency=block.currency,
                ),
            }
        )
        return env

    @property
    def dependencies(self) -> frozenset[Dependency]:
        """The brochure's files this renderer read so far: its catalog and templates, and
        those it looked for in the brochure's folder and did not find."""
        return frozenset(self._read)

    def template(self, name: str, **context: Any) -> str:
        """One template rendered; a mistake in a brochure's own template is a UserError at
        its file and line."""
        with self._inputs.recording() as read:
            try:
                return render_template(self.env, name, **context)
            finally:
                self._read |= read

    def document(
        self,
        content: Any,
        *,
        fits: dict[int, int] | None = None,
        only_page: int | None = None,
        date: datetime | None = None,
        numbering: Numbering | None = None,
    ) -> str:
        """The whole brochure (or one page of it: to lay it out on its own, with
        `numbering`, or to find which page breaks the engine) as HTML.

        `fits` holds, for pages that did not fit, how much tighter to set them (a fit level).
        """
        every_page = list(enumerate(content.pages, start=1))
        pages = every_page if only_page is None else [every_page[only_page - 1]]
        return self.template(
            "base.html",
            meta=content.meta,
            pages=pages,
            every_page=every_page,
            language=self.language,
            lang_tag=languages.tag(self.language),
            direction=self.direction,
            layout=self.layout,
            fits=fits or {},
            marks={"panel": self.theme.panel_logo},
            date=date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None,
            numbering=numbering,
        )

    @functools.cached_property
    def interface_messages(self) -> dict[str, tuple[str, int]]:
        """Every message id the templates translate, with the template and line it is in."""
        found: dict[str, tuple[str, int]] = {}
        with self._inputs.recording() as read:
            names = self.env.list_templates(filter_func=lambda n: n.endswith(".html"))
            for name in names:
                assert self.env.loader is not None
                source, filename, _ = self.env.loader.get_source(self.env, name)
                try:
                    messages = list(self.env.extract_translations(source))  # type: ignore[attr-defined]
                except jinja2.TemplateSyntaxError:
                    continue  # the render reports it, with the template's file and line
                for lineno, _function, message in messages:
                    for msgid in message if isinstance(message, tuple) else (message,):
                        if msgid and msgid not in found:
                            found[msgid] = (filename or name, lineno)
        self._read |= read
        return found

    def missing_interface_strings(self) -> list[Issue]:
        """Interface strings (of the templates and of the tool's code) without a translation
        into this language (English needs none)."""
        if languages.base(self.language) == "en":
            return []
        return self.interface.missing(
            {**self.interface_messages, **CODE_MESSAGES},
            self.template_path,
            self._inputs.root / files.TEMPLATES_FOLDER,
        )


def email_inline(text: str, direction: str, link_colour: str) -> Markup:
    """Inline markup with its styles inline too: mail clients drop style sheets and classes."""
    html = str(inline.render_inline(text, direction=direction))
    html = html.replace('<span class="nobr">', '<span style="white-space: nowrap;">')
    html = html.replace("<a href=", f'<a style="color: {link_colour};" href=')
    return Markup(html)
