"""Content model to HTML: one Jinja2 environment over an ordered template search path.

The brochure folder's `templates/` comes first, then the project's, so a brochure can
override a single template. Content strings are passed as data and never compiled as templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import i18n, markup, model

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PROJECT_TEMPLATES = PROJECT_ROOT / "templates"
PROJECT_STYLES = PROJECT_ROOT / "styles"


@dataclass(frozen=True)
class Variant:
    """One language of one brochure, ready to render."""

    root: Path  # the brochure folder
    language: str
    content: model.Variant

    @property
    def template_path(self) -> list[Path]:
        own = self.root / "templates"
        return [own, PROJECT_TEMPLATES] if own.is_dir() else [PROJECT_TEMPLATES]


def make_environment(search_path: list[Path], language: str) -> jinja2.Environment:
    """A fresh environment per build (no cache shared between builds, so watch mode is safe)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(  # type: ignore[attr-defined]
        i18n.load_translations(language, search_path), newstyle=True)
    env.filters["inline"] = markup.render_inline
    env.filters["plain"] = markup.plain_text
    env.filters["css_string"] = css_string
    env.filters["css_counters"] = css_counters
    env.filters["tel_uri"] = tel_uri
    env.filters["web_label"] = web_label
    env.filters["number"] = lambda value: i18n.format_number(value, language)
    env.filters["ltr"] = (left_to_right if i18n.direction(language) == "rtl"
                          else lambda value: value)
    return env


def render_html(variant: Variant, *, only_page: int | None = None,
                date: datetime | None = None) -> str:
    """The whole brochure (or one page of it, to find which page breaks the engine) as HTML."""
    env = make_environment(variant.template_path, variant.language)
    pages = list(enumerate(variant.content.pages, start=1))
    if only_page is not None:
        pages = [pages[only_page - 1]]
    return env.get_template("base.html").render(
        meta=variant.content.meta,
        pages=pages,
        language=variant.language,
        lang_tag=i18n.language_tag(variant.language),
        direction=i18n.direction(variant.language),
        date=date.strftime("%Y-%m-%dT%H:%M:%SZ") if date else None,
    )


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
