"""Content strings as inline HTML: `**bold**`, `*italic*`, links with the words a screen
reader says for them, spans in another language with their `lang` (isolated where their
writing direction differs from the page's), quotations in the page's quotation marks, and the
small helpers templates need for text (CSS strings, phone links, web addresses).

The markup itself (the parser, what a link may be) is content/markup.py; this is its HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from markdown_it.token import Token
from markupsafe import Markup

from report.base import languages
from report.content import markup, numbers

# A word that starts with a hyphen ("Partnerinnen und -partner") must not be split after it.
_LEADING_HYPHEN = re.compile(r"(^|(?<=[\s(]))(-\w[^\s<]*)")
_NOBR_HYPHEN = r'\1<span class="nobr">\2</span>'
_TAG = re.compile(r"(<[^>]*>)")
# A number and its sign or short unit ("60 %", "3,5 Mio. €", "€ 12", Turkish "% 17") are one
# word to the eye: where the author left a breakable space between them, they are kept on one
# line in a no-break span. Without a space ("17.5%", "%17,5", "60€") no line breaks there
# anyway (Unicode line breaking), nor at a no-break space (U+00A0, U+202F); the text itself,
# and so what a screen reader says, is unchanged.
_NUMBER = (
    r"(?<![\w#&.,])(?:\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\w.,]?\d)"  # 486 200
    r"|\d+(?:[.,\u00a0\u202f]\d+)*(?![\w.,]?\d))"  # 1.284,5
)
_CURRENCY = re.escape("".join(numbers.CURRENCY_SIGNS))
_SIGN_BEFORE = rf"(?<!\w)[%\u066a{_CURRENCY}]"
_SIGN_AFTER = (
    rf"(?:[%‰\u066a\u0609{_CURRENCY}]|°C|km|kg|t|Mio\.|Mrd\.|Tsd\.|TL|млн|млрд|тис\.|грн)(?!\w)"
)
_SPACES = "[ \u2009\u00a0\u202f]?"
_NUMBER_WITH_SIGN = re.compile(
    rf"{_NUMBER}(?:{_SPACES}{_SIGN_AFTER})+|{_SIGN_BEFORE}{_SPACES}{_NUMBER}"
)
_BREAKABLE = re.compile("[ \u2009]")  # a space a line may break at (a thin one too)


def _keep_together(found: re.Match[str]) -> str:
    text = found.group(0)
    return f'<span class="nobr">{text}</span>' if _BREAKABLE.search(text) else text


# Quotation marks that belong to the words they enclose (kept on one line with a span).
_QUOTES = "«»„“”‚‘’‹›\"'"
ISOLATES = {"ltr": ("\u2066", "\u2069"), "rtl": ("\u2067", "\u2069")}  # LRI/RLI ... PDI


def render_inline(
    text: str,
    *,
    direction: str = "ltr",
    language_tag: Any = languages.tag,
    describe_link: Any = None,
) -> Markup:
    """Turn one content string into safe inline HTML.

    `direction` is the page's writing direction; `language_tag` maps a span's language code
    to the tag written into `lang` (e.g. de -> de-DE, which picks the hyphenation patterns);
    `describe_link(href, words)` gives a link the words a screen reader says for it (`title`).
    """
    md = markup.parser()
    tokens = md.parseInline(text)
    for token in tokens:
        if token.children:
            token.children = _mark_spans(token.children, direction, language_tag)
            if describe_link is not None:
                _describe_links(token.children, describe_link)
    html = md.renderer.render(tokens, md.options, {}).strip()
    html = _in_text(html, lambda text: _NUMBER_WITH_SIGN.sub(_keep_together, text))
    html = _in_text(html, lambda text: _LEADING_HYPHEN.sub(_NOBR_HYPHEN, text))
    return Markup(html)


def _in_text(html: str, change: Callable[[str], str]) -> str:
    """`html` with `change` applied to the text between its tags."""
    parts = _TAG.split(html)
    for i in range(0, len(parts), 2):  # even parts are text between tags
        parts[i] = change(parts[i])
    return "".join(parts)


def _mark_spans(children: list[Any], direction: str, language_tag: Any) -> list[Any]:
    """Give each language span its `lang` tag; isolate a span in the other writing direction
    and keep it on one line with the quotation marks around it."""
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
        inner = children[i + 1 : end]
        span_direction = languages.direction(code)
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
        isolated = [
            Token("text", "", 0, content=start_mark),
            *inner,
            Token("text", "", 0, content=end_mark),
        ]
        out.extend(
            [
                keep,
                *opening,
                token,
                *isolated,
                children[end],
                *closing,
                Token("span_close", "span", -1),
            ]
        )
        i = end + 2 if closing else end + 1
        if closing and following is not None and following.content:
            out.append(following)
    return out


def _describe_links(children: list[Any], describe_link: Any) -> None:
    for i, token in enumerate(children):
        if token.type != "link_open":
            continue
        words = []
        for inner in children[i + 1 :]:
            if inner.type == "link_close":
                break
            if inner.type in ("text", "code_inline"):
                words.append(inner.content)
        token.attrSet("title", describe_link(str(token.attrGet("href")), "".join(words)))


def _split_quote(token: Any, *, at_end: bool) -> list[Any]:
    """Take a quotation mark off the end (or start) of a text token; return it as a token."""
    if token is None or token.type != "text" or not token.content:
        return []
    char = token.content[-1] if at_end else token.content[0]
    if char not in _QUOTES:
        return []
    token.content = token.content[:-1] if at_end else token.content[1:]
    return [Token("text", "", 0, content=char)]


# What a screen reader says for a link (its description in the PDF), through the catalogs.
LINK_MESSAGES = {
    "mailto": "E-mail to %(address)s",
    "tel": "Phone %(number)s",
    "web": "%(text)s (web page %(address)s)",
    "web-address": "Web page %(address)s",
}


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


def inline(
    text: str, direction: str = "ltr", describe_link: Callable[[str, str], str] | None = None
) -> Markup:
    """A content string as safe inline HTML; a text in another language keeps its `lang`."""
    html = render_inline(text, direction=direction, describe_link=describe_link)
    language = markup.language_of(text)
    if language is None:
        return html
    own = languages.direction(language)
    if own == direction:
        return Markup('<span lang="{}">').format(languages.tag(language)) + html + Markup("</span>")
    # A text in the other writing direction (a German fallback on an Arabic page) keeps its
    # own order: isolated, as a span marked in the text is.
    start, end = ISOLATES[own]
    return (
        Markup('<span lang="{}" dir="{}">{}').format(languages.tag(language), own, start)
        + html
        + Markup("{}</span>").format(end)
    )


def quoted(
    text: str, language: str, direction: str, describe_link: Callable[[str, str], str] | None = None
) -> Markup:
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
            url = url[len(prefix) :]
    return url.rstrip("/")
