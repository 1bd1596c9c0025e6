"""Glyph coverage: every character of the content must be in the fonts the theme draws it with.

Why: WeasyPrint silently takes a missing character from some system font and embeds it, so
the PDF would depend on the machine it was built on. Checked before rendering, with file:line:
titles against the theme's heading fonts, everything else against its text fonts (each with
the Arabic family that goes with it).
"""

from __future__ import annotations

import unicodedata

from report.base.errors import Issue
from report.content.translation import leaves
from report.content.yamlio import Document
from report.design.theme import Theme

# Not drawn with a glyph of their own: controls, format characters (ZWJ, ZWNJ, bidi marks).
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}
# Keys whose text is set in the heading font.
HEADING_KEYS = frozenset({"title", "section", "heading", "subtitle", "callout"})
# Keys whose values are never drawn as text (files, choices, switches).
NOT_DRAWN = frozenset({"src", "kind", "decorative", "picture", "chart", "show_table"})


def uncovered(document: Document, theme: Theme) -> list[Issue]:
    """One issue per text whose characters the theme's fonts for that text do not all have."""
    roles = {
        "headings": (theme.headings.covered | theme.headings_arabic.covered, theme.headings.label),
        "text": (theme.text.covered | theme.text_arabic.covered, theme.text.label),
    }
    issues = []
    for path, text in leaves(document.data):
        keys = [step for step in path if isinstance(step, str)]
        if keys and keys[-1] in NOT_DRAWN:
            continue
        role = "headings" if keys and keys[-1] in HEADING_KEYS else "text"
        covered, family = roles[role]
        missing = list(
            dict.fromkeys(
                char
                for char in text
                if ord(char) not in covered
                and not char.isspace()
                and unicodedata.category(char) not in _INVISIBLE
            )
        )
        if missing:
            issues.append(
                document.issue_at(
                    path,
                    f"{_characters(missing)} not in the {role} font ({family})",
                    "replace it (e.g. '₂' by '2'), or choose fonts for the theme that have it "
                    "(theme.fonts in brochure.yaml)",
                )
            )
    return issues


def _characters(chars: list[str]) -> str:
    """'the character 'Ω' (U+03A9 GREEK CAPITAL LETTER OMEGA) is', or the first few of several."""
    named = [f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed character')})" for c in chars]
    if len(named) == 1:
        return f"the character {named[0]} is"
    more = f" and {len(named) - 3} more" if len(named) > 3 else ""
    return f"{len(named)} characters, {', '.join(named[:3])}{more}, are"
