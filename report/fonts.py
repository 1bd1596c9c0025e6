"""Glyph coverage: every character of the content must be in one of the bundled fonts.

Why: WeasyPrint silently takes a missing character from some system font and embeds it, so
the PDF would depend on the machine it was built on. Checked before rendering, with file:line.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

from .errors import Issue
from .translation import leaves
from .yamlio import Document

# Not drawn with a glyph of their own: controls, format characters (ZWJ, ZWNJ, bidi marks).
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


def covered_characters(font_dir: Path) -> frozenset[int]:
    """The code points the fonts in `font_dir` can draw."""
    covered: set[int] = set()
    for file in sorted(font_dir.glob("*.ttf")) + sorted(font_dir.glob("*.otf")):
        with TTFont(file, lazy=True) as font:
            covered.update(font.getBestCmap() or {})
    return frozenset(covered)


def uncovered(document: Document, covered: frozenset[int]) -> list[Issue]:
    """One issue per text and character that no bundled font has."""
    issues = []
    for path, text in leaves(document.data):
        seen: set[str] = set()
        for char in text:
            if (ord(char) in covered or char in seen or char.isspace()
                    or unicodedata.category(char) in _INVISIBLE):
                continue
            seen.add(char)
            name = unicodedata.name(char, "unnamed character")
            issues.append(document.issue(
                path, f"the character '{char}' (U+{ord(char):04X} {name}) is in none of the "
                      "bundled fonts",
                "replace it (e.g. '₂' by '2'), or add a font that has it to styles/fonts/ "
                "and styles/brochure.css"))
    return issues
