"""Inline markup in content strings: `**bold**`, `*italic*`, `[links](https://…)` and
`[words in another language]{lang=de}`.

Content is data: raw HTML in a string is shown literally, never interpreted, and only links
with an allowed scheme are made (the content model rejects the rest with a location).

The language span follows Pandoc's and Quarto's bracketed spans, so a text written for those
tools reads the same here: `[Lokale Bündnisse für Familie]{lang=de}` in an English text says
that the name is German. It becomes an element with its own `lang` (hyphenation, and `/Lang` in
the PDF's structure tree, so a screen reader reads it with German rules). A span whose writing
direction differs from the page's (a German name in an Arabic sentence) is isolated and kept on
one line together with the quotation marks around it.
"""

from __future__ import annotations

import functools
import re
from typing import Any
from urllib.parse import urlsplit

from markdown_it import MarkdownIt

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


@functools.cache
def parser() -> MarkdownIt:
    """The one parser (made once: building it costs more than parsing a text with it).
    "zero" preset: nothing but the rules enabled here (no headings, no HTML, no images)."""
    md = MarkdownIt("zero", {"html": False, "typographer": False}).enable(
        ["emphasis", "link", "escape", "newline"]
    )
    md.inline.ruler.before("link", "language_span", _language_span)
    return md


# `{lang=de}` right after a `[…]`: the only attribute a span may have.
_SPAN_ATTRIBUTES = re.compile(r"\{\s*lang\s*=\s*([^\s{}]+)\s*\}")


def _language_span(state: Any, silent: bool) -> bool:
    """`[text]{lang=xx}`: a span of text in language xx (markdown-it inline rule)."""
    if state.src[state.pos] != "[":
        return False
    label_end = state.md.helpers.parseLinkLabel(state, state.pos, False)
    if label_end < 0:
        return False
    attributes = _SPAN_ATTRIBUTES.match(state.src, label_end + 1)
    if attributes is None:
        return False
    if not silent:
        maximum = state.posMax
        state.pos, state.posMax = state.pos + 1, label_end
        token = state.push("span_open", "span", 1)
        token.attrs = {"lang": attributes.group(1)}
        state.md.inline.tokenize(state)
        state.push("span_close", "span", -1)
        state.posMax = maximum
    state.pos = attributes.end()
    return True


def span_languages(text: str) -> list[str]:
    """The language codes of the `[…]{lang=xx}` spans of a content string."""
    return [
        str(child.attrGet("lang"))
        for token in parser().parseInline(text)
        for child in (token.children or [])
        if child.type == "span_open"
    ]


def plain_text(text: str) -> str:
    """The words of a content string without markup (for bookmarks, metadata, alt text)."""
    tokens = parser().parseInline(text)
    out: list[str] = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
    return "".join(out).strip()


def unclosed_bold(text: str) -> str | None:
    """Why a `**` is wrong when the parser left it as text (bold opened and not closed), else
    None. A single `*` stays allowed as text: German writes Bürger*innen."""
    masked = text.replace("\\*", "\0")  # an escaped \* is meant as an asterisk
    for token in parser().parseInline(masked):
        for child in token.children or []:
            if child.type == "text" and "**" in child.content:
                return (
                    "'**' starts bold text that is not closed; put '**' after the last bold word "
                    "too (**like this**), or write \\*\\* for two asterisks"
                )
    return None


def link_targets(text: str) -> list[str]:
    """Every link destination of a content string: as typed, and as the parser will make it.

    Both are needed: the parser silently drops `javascript:` links (which should be reported),
    and it reads some typed forms differently from a simple pattern (`>https://…` becomes a
    relative link, which would resolve to a local file).
    """
    typed = [m.group(1).strip("<>") for m in _LINK.finditer(text)]
    made = [
        str(child.attrGet("href"))
        for token in parser().parseInline(text)
        for child in (token.children or [])
        if child.type == "link_open"
    ]
    return list(dict.fromkeys(typed + made))


def bad_link(target: str) -> str | None:
    """Why a link destination is not allowed, or None when it is fine."""
    try:
        parts = urlsplit(target)
    except ValueError:  # e.g. "http://[::1" (an unclosed IPv6 address)
        return f"the link '{target}' is not a valid address; check the brackets and the spelling"
    scheme = parts.scheme.lower()
    if not scheme:
        return (
            f"the link '{target}' has no scheme; write it in full, "
            "e.g. https://example.org or mailto:name@example.org"
        )
    if scheme not in ALLOWED_SCHEMES:
        return (
            f"links with '{scheme}:' are not allowed; "
            f"use one of {', '.join(s + ':' for s in ALLOWED_SCHEMES)}"
        )
    if scheme in ("https", "http") and not parts.netloc:
        return f"the web link '{target}' has no host name"
    if scheme == "mailto" and re.search(r"[?&](attach|attachment)=", target, re.IGNORECASE):
        return "e-mail links must not ask for attachments"
    return None
