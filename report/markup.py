"""Inline emphasis in content strings: `**bold**`, `*italic*` and `[links](https://…)`.

Content is data: raw HTML in a string is shown literally, never interpreted, and only links
with an allowed scheme are made (the content model rejects the rest with a location).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markupsafe import Markup

ALLOWED_SCHEMES = ("https", "http", "mailto", "tel")


class LanguageText(str):
    """A text in another language than the brochure variant it stands in, e.g. a German
    sentence a translation leaves out: rendered with its own `lang`, so that screen readers
    and hyphenation use the right rules."""

    language: str

    def __new__(cls, text: str, language: str) -> LanguageText:
        made = super().__new__(cls, text)
        made.language = language
        return made

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]
        return str(self), self.language


def language_of(text: str) -> str | None:
    """The language a text is marked with (a LanguageText), else None."""
    return getattr(text, "language", None)

# Link destinations as markdown-it sees them: `[text](dest)` or `[text](<dest>)`.
_LINK = re.compile(r"\]\(\s*(<[^>]*>|[^)\s]*)")


def _parser() -> MarkdownIt:
    # "zero" preset: nothing but the rules enabled here (no headings, no HTML, no images).
    return MarkdownIt("zero", {"html": False, "typographer": False}).enable(
        ["emphasis", "link", "escape", "newline"]
    )


# A word that starts with a hyphen ("Partnerinnen und -partner") must not be split after it.
_LEADING_HYPHEN = re.compile(r"(^|(?<=[\s(]))(-\w[^\s<]*)")
_TAG = re.compile(r"(<[^>]*>)")


def render_inline(text: str) -> Markup:
    """Turn one content string into safe inline HTML."""
    html = _parser().renderInline(text).strip()
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # even parts are text between tags
        parts[i] = _LEADING_HYPHEN.sub(r'\1<span class="nobr">\2</span>', parts[i])
    return Markup("".join(parts))


def plain_text(text: str) -> str:
    """The words of a content string without markup (for bookmarks, metadata, alt text)."""
    tokens = _parser().parseInline(text)
    out: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out).strip()


def link_targets(text: str) -> list[str]:
    """Every link destination of a content string: as typed, and as the parser will make it.

    Both are needed: the parser silently drops `javascript:` links (which should be reported),
    and it reads some typed forms differently from a simple pattern (`>https://…` becomes a
    relative link, which would resolve to a local file).
    """
    typed = [m.group(1).strip("<>") for m in _LINK.finditer(text)]
    made = [str(child.attrGet("href")) for token in _parser().parseInline(text)
            for child in (token.children or []) if child.type == "link_open"]
    return list(dict.fromkeys(typed + made))


def bad_link(target: str) -> str | None:
    """Why a link destination is not allowed, or None when it is fine."""
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        return f"the link '{target}' is not a valid address; check the brackets and the spelling"
    scheme = parts.scheme.lower()
    if not scheme:
        return (f"the link '{target}' has no scheme; write it in full, "
                "e.g. https://example.org or mailto:name@example.org")
    if scheme not in ALLOWED_SCHEMES:
        return (f"links with '{scheme}:' are not allowed; "
                f"use one of {', '.join(s + ':' for s in ALLOWED_SCHEMES)}")
    if scheme in ("https", "http") and not parts.netloc:
        return f"the web link '{target}' has no host name"
    if scheme == "mailto" and re.search(r"[?&](attach|attachment)=", target, re.IGNORECASE):
        return "e-mail links must not ask for attachments"
    return None
