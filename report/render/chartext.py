"""Text for SVG that WeasyPrint 70 draws: shaped, in visual order, cleaned and wrapped.

WeasyPrint lays out SVG `<text>` one character at a time, without shaping or bidi reordering
(Arabic came out as isolated letters in reverse order). Text a chart draws is therefore made
ready here: Arabic letters replaced by their contextual presentation forms (and lam-alef by its
ligature), the line put into visual order with the Unicode bidi algorithm (without explicit
embeddings), and words wrapped to a width measured with the real font metrics. Vowel marks
that cannot be combined with their letter are left out (drawn alone, WeasyPrint puts them on
a dotted circle); the chart's text for screen readers keeps them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable


def _presentation_forms() -> dict[tuple[str, str], str]:
    """(letter or lam+alef, form) -> presentation form character, from Unicode's own
    decompositions of the Arabic presentation form blocks."""
    table: dict[tuple[str, str], str] = {}
    for code in [*range(0xFE70, 0xFEFD), *range(0xFB50, 0xFDFC)]:
        tag, *parts = (unicodedata.decomposition(chr(code)) or "x").split()
        form = tag.strip("<>")
        if form not in ("isolated", "final", "initial", "medial"):
            continue
        base = "".join(chr(int(part, 16)) for part in parts)
        if len(base) == 1 or (len(base) == 2 and base[0] == _LAM and base[1] in _ALEFS):
            table.setdefault((base, form), chr(code))
    return table


_LAM = "\u0644"
_ALEFS = frozenset("\u0622\u0623\u0625\u0627")
_ZWJ, _ZWNJ, _TATWEEL = "\u200d", "\u200c", "\u0640"
_FORMS = _presentation_forms()  # a constant of Unicode, not state
_MIRRORED = dict(zip("()[]{}<>«»‹›", ")(][}{><»«›‹"))
_REMOVED_TYPES = frozenset({"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI", "BN"})
_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: steer the order, drawn as nothing
_NEUTRAL = frozenset({"B", "S", "WS", "ON"})


def _joining(char: str) -> str:
    """Joining type: D (both sides), R (to the previous letter only), C (causes joining),
    T (transparent: marks), U (none)."""
    if char in (_ZWJ, _TATWEEL):
        return "C"
    if char == _ZWNJ:
        return "U"
    if (char, "initial") in _FORMS or (char, "medial") in _FORMS:
        return "D"
    if (char, "final") in _FORMS:
        return "R"
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return "T"
    return "U"


def shape(text: str, drawable: Callable[[str], bool]) -> str:
    """Arabic letters in their contextual forms (and lam-alef as one ligature), so that
    drawing one character at a time still joins them. Forms the fonts lack stay as the
    letter."""
    types = [_joining(char) for char in text]

    def neighbour(index: int, step: int) -> int:
        index += step
        while 0 <= index < len(text) and types[index] == "T":
            index += step
        return index

    def joins(index: int, kinds: str) -> bool:
        return 0 <= index < len(text) and types[index] in kinds

    out: list[str] = []
    i = 0
    while i < len(text):
        char, kind = text[i], types[i]
        if kind not in ("D", "R"):
            out.append(char)
            i += 1
            continue
        after_joining = joins(neighbour(i, -1), "DC")
        following = neighbour(i, 1)
        if char == _LAM and following < len(text) and text[following] in _ALEFS:
            ligature = _FORMS.get((char + text[following], "final" if after_joining
                                   else "isolated"))
            if ligature and drawable(ligature):
                out.append(ligature)
                out.extend(text[i + 1:following])  # marks on the lam
                i = following + 1
                continue
        before_joining = kind == "D" and joins(following, "DRC")
        form = {(True, True): "medial", (True, False): "final", (False, True): "initial",
                (False, False): "isolated"}[(after_joining, before_joining)]
        shaped = _FORMS.get((char, form), char)
        out.append(shaped if drawable(shaped) else char)
        i += 1
    return "".join(out)


def _resolved_types(text: str, rtl: bool) -> list[str]:
    """Bidi types after the weak and neutral rules (UAX #9 W1-W7, N1-N2); one paragraph,
    no explicit embeddings (plain labels have none)."""
    base = "R" if rtl else "L"
    types = [unicodedata.bidirectional(char) or "L" for char in text]
    previous = base
    for i, kind in enumerate(types):  # W1: a mark takes the type of its base
        types[i] = previous if kind == "NSM" else kind
        previous = types[i]
    strong = base
    for i, kind in enumerate(types):  # W2, W3: numbers after Arabic letters are Arabic
        if kind in ("L", "R", "AL"):
            strong = kind
        elif kind == "EN" and strong == "AL":
            types[i] = "AN"
    types = ["R" if kind == "AL" else kind for kind in types]
    for i in range(1, len(types) - 1):  # W4: 1,5 and 1.000 stay one number
        if types[i] in ("ES", "CS") and types[i - 1] == types[i + 1] == "EN":
            types[i] = "EN"
        elif types[i] == "CS" and types[i - 1] == types[i + 1] == "AN":
            types[i] = "AN"
    _spread_terminators(types)  # W5
    types = ["ON" if kind in ("ES", "ET", "CS") else kind for kind in types]  # W6
    strong = base
    for i, kind in enumerate(types):  # W7: European numbers in Latin text are Latin
        if kind in ("L", "R"):
            strong = kind
        elif kind == "EN" and strong == "L":
            types[i] = "L"
    _resolve_neutrals(types, base)
    return types


def _spread_terminators(types: list[str]) -> None:
    """W5: % and currency signs next to a European number belong to it."""
    i = 0
    while i < len(types):
        if types[i] != "ET":
            i += 1
            continue
        end = i
        while end < len(types) and types[end] == "ET":
            end += 1
        if (i > 0 and types[i - 1] == "EN") or (end < len(types) and types[end] == "EN"):
            types[i:end] = ["EN"] * (end - i)
        i = end


def _resolve_neutrals(types: list[str], base: str) -> None:
    """N1, N2: spaces and punctuation between text of one direction take it, else the
    paragraph's."""
    def direction(kind: str) -> str:
        return "L" if kind == "L" else "R"

    i = 0
    while i < len(types):
        if types[i] not in _NEUTRAL:
            i += 1
            continue
        end = i
        while end < len(types) and types[end] in _NEUTRAL:
            end += 1
        before = direction(types[i - 1]) if i > 0 else base
        after = direction(types[end]) if end < len(types) else base
        types[i:end] = [before if before == after else base] * (end - i)
        i = end


def visual(text: str, rtl: bool) -> str:
    """One line in the order it is drawn, left to right (UAX #9 I1-I2, L2, L4)."""
    text = "".join(char for char in text
                   if unicodedata.bidirectional(char) not in _REMOVED_TYPES)
    if not rtl and not any(unicodedata.bidirectional(char) in ("R", "AL", "AN")
                           for char in text):
        return "".join(char for char in text if char not in _MARKS)
    types = _resolved_types(text, rtl)
    base_level = 1 if rtl else 0
    levels = []
    for kind in types:
        if base_level == 0:
            levels.append({"R": 1, "AN": 2, "EN": 2}.get(kind, 0))
        else:
            levels.append(2 if kind in ("L", "EN", "AN") else 1)
    chars = list(text)
    for level in range(max(levels, default=0), 0, -1):  # L2
        i = 0
        while i < len(chars):
            if levels[i] < level:
                i += 1
                continue
            end = i
            while end < len(chars) and levels[end] >= level:
                end += 1
            chars[i:end] = chars[i:end][::-1]
            levels[i:end] = levels[i:end][::-1]
            i = end
    return "".join(_MIRRORED.get(char, char) if level % 2 else char  # L4
                   for char, level in zip(chars, levels) if char not in _MARKS)


_SPACES = re.compile(r"[ \t\r\n]+")  # not no-break spaces: "42 %" stays together
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """Plain one-line text: no characters XML forbids, runs of spaces as one, and no
    combining marks that NFC cannot join to their letter: WeasyPrint draws such a mark on
    its own, on a dotted circle (seen with Arabic vowel signs)."""
    text = unicodedata.normalize("NFC", INVALID_XML.sub("", text))
    text = "".join(char for char in text if unicodedata.category(char) not in ("Mn", "Me"))
    return _SPACES.sub(" ", text).strip()


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines no wider than `width`, broken between words; a word wider than a line is broken
    after a hyphen or slash if it has one, else between characters."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if measure(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = [word] if measure(word) <= width else _break_word(word, width, measure)
        lines.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines


def _break_word(word: str, width: float, measure: Callable[[str], float]) -> list[str]:
    parts = [part for part in re.split(r"(?<=[-\u2010\u2013/])", word) if part]
    pieces: list[str] = []
    for part in parts:
        if pieces and measure(pieces[-1] + part) <= width:
            pieces[-1] += part
            continue
        if measure(part) <= width:
            pieces.append(part)
            continue
        piece = ""
        for char in part:  # a mark stays with its letter
            if piece and measure(piece + char) > width and not unicodedata.combining(char):
                pieces.append(piece)
                piece = ""
            piece += char
        pieces.append(piece)
    return pieces
