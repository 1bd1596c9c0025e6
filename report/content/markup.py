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
from markupsafe import Markup

from report.base import languages

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


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
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


def direction_of(language: str) -> str:
    return languages.direction(language)


def span_languages(text: str) -> list[str]:
    """The language codes of the `[…]{lang=xx}` spans of a content string."""
    return [str(child.attrGet("lang")) for token in _parser().parseInline(text)
            for child in (token.children or []) if child.type == "span_open"]


# A word that starts with a hyphen ("Partnerinnen und -partner") must not be split after it.
_LEADING_HYPHEN = re.compile(r"(^|(?<=[\s(]))(-\w[^\s<]*)")
_TAG = re.compile(r"(<[^>]*>)")


# Quotation marks that belong to the words they enclose (kept on one line with a span).
_QUOTES = "«»„“”‚‘’‹›\"'"
ISOLATES = {"ltr": ("\u2066", "\u2069"), "rtl": ("\u2067", "\u2069")}  # LRI/RLI ... PDI


def render_inline(text: str, *, direction: str = "ltr", language_tag: Any = languages.tag,
                  describe_link: Any = None) -> Markup:
    """Turn one content string into safe inline HTML.

    `direction` is the page's writing direction; `language_tag` maps a span's language code
    to the tag written into `lang` (e.g. de -> de-DE, which picks the hyphenation patterns);
    `describe_link(href, words)` gives a link the words a screen reader says for it (`title`).
    """
    md = _parser()
    tokens = md.parseInline(text)
    for token in tokens:
        if token.children:
            token.children = _mark_spans(token.children, direction, language_tag)
            if describe_link is not None:
                _describe_links(token.children, describe_link)
    html = md.renderer.render(tokens, md.options, {}).strip()
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # even parts are text between tags
        parts[i] = _LEADING_HYPHEN.sub(r'\1<span class="nobr">\2</span>', parts[i])
    return Markup("".join(parts))


def _mark_spans(children: list[Any], direction: str, language_tag: Any) -> list[Any]:
    """Give each language span its `lang` tag; isolate a span in the other writing direction
    and keep it on one line with the quotation marks around it."""
    from markdown_it.token import Token

    out: list[Any] = []
    i = 0
    while i < len(children):
        token = children[i]
        if token.type != "span_open":
            out.append(token)
            i += 1
            continue
        code = str(token.attrGet("lang"))
        token.attrSet("lang", language_tag(code))
        depth, end = 0, i
        for end in range(i, len(children)):
            depth += {"span_open": 1, "span_close": -1}.get(children[end].type, 0)
            if depth == 0:
                break
        inner = children[i + 1:end]
        span_direction = direction_of(code)
        if span_direction == direction:
            out.extend([token, *inner, children[end]])
            i = end + 1
            continue
        token.attrSet("dir", span_direction)
        start_mark, end_mark = ISOLATES[span_direction]
        opening = _split_quote(out[-1] if out else None, at_end=True)
        following = children[end + 1] if end + 1 < len(children) else None
        closing = _split_quote(following, at_end=False)
        keep = Token("span_open", "span", 1, attrs={"class": "nobr"})
        isolated = [Token("text", "", 0, content=start_mark), *inner,
                    Token("text", "", 0, content=end_mark)]
        out.extend([keep, *opening, token, *isolated, children[end], *closing,
                    Token("span_close", "span", -1)])
        i = end + 2 if closing else end + 1
        if closing and following is not None and following.content:
            out.append(following)
    return out


def _describe_links(children: list[Any], describe_link: Any) -> None:
    for i, token in enumerate(children):
        if token.type != "link_open":
            continue
        words = []
        for inner in children[i + 1:]:
            if inner.type == "link_close":
                break
            if inner.type in ("text", "code_inline"):
                words.append(inner.content)
        token.attrSet("title", describe_link(str(token.attrGet("href")), "".join(words)))


def _split_quote(token: Any, *, at_end: bool) -> list[Any]:
    """Take a quotation mark off the end (or start) of a text token; return it as a token."""
    from markdown_it.token import Token

    if token is None or token.type != "text" or not token.content:
        return []
    char = token.content[-1] if at_end else token.content[0]
    if char not in _QUOTES:
        return []
    token.content = token.content[:-1] if at_end else token.content[1:]
    return [Token("text", "", 0, content=char)]


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
