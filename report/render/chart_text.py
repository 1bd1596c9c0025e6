"""Chart text as glyph outlines: ordered by the Unicode bidi algorithm, shaped by HarfBuzz.

WeasyPrint 70 draws SVG `<text>` one character at a time, without shaping or bidi reordering:
Arabic came out as isolated letters in reverse order, and vowel marks stood alone on dotted
circles. A chart's text is therefore drawn as paths. Each line is split into directional runs
(FriBidi, which Pango uses for the page's own text) put in visual order; each run is
shaped by HarfBuzz (joining forms, ligatures such as lam-alef, marks placed on their letters,
kerning) with, per character, the first font of the chart that covers it; and each glyph is
its outline from the font file (fontTools). Widths for wrapping and layout come from the same
shaping, so what is measured is what is drawn.

Readers never get this text from the drawing: the chart is one Figure whose alternative text
is made from its numbers (see `views.describe`).
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import threading
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import uharfbuzz as hb

_SPACES = re.compile(r"[ \t\r\n]+")  # not no-break spaces: "42 %" stays together
INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MARKS = frozenset({"Mn", "Me", "Mc"})
_ZWJ = "\u200d"


def clean(text: str) -> str:
    """Plain one-line text: no characters XML forbids (the SVG keeps each line's text), and
    runs of spaces as one."""
    text = unicodedata.normalize("NFC", INVALID_XML.sub("", text))
    return _SPACES.sub(" ", text).strip()


# --- fonts: each file parsed once per process -----------------------------------------------


@dataclass(frozen=True, eq=False)
class Font:
    """One font file, ready to shape with (HarfBuzz) and to draw from (fontTools outlines)."""

    digest: str  # SHA-256 of the file's bytes
    units_per_em: int
    height_em: float  # typographic ascender to descender
    cap_em: float
    shaper: Any  # uharfbuzz.Font, never changed after it is made
    _glyph_set: Any  # fontTools glyph set
    _names: tuple[str, ...]  # glyph names by glyph id
    _outlines: dict[int, str] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def outline(self, glyph: int) -> str:
        """The glyph's outline as SVG path data, in font units with y pointing up ("" for a
        space). Made once per glyph; the lock because the preview renders in threads."""
        with self._lock:
            if glyph not in self._outlines:
                from fontTools.pens.svgPathPen import SVGPathPen

                pen = SVGPathPen(self._glyph_set, ntos=_units)
                name = self._names[glyph] if glyph < len(self._names) else self._names[0]
                self._glyph_set[name].draw(pen)
                self._outlines[glyph] = pen.getCommands()
            return self._outlines[glyph]


def _units(value: float) -> str:
    """A coordinate in font units, short: 17 rather than 17.0 (TrueType's implied on-curve
    points are halves)."""
    return str(int(value)) if value == int(value) else f"{value:.2f}".rstrip("0")


# Fonts by the SHA-256 of their bytes: a pure function of the bytes, so the cache only
# decides when the parsing happens, never what a caller gets; no caller can change an entry.
_LOADED: dict[str, Font] = {}
_LOADING = threading.Lock()


def font(data: bytes) -> Font:
    """The font in `data` (TrueType, OpenType, WOFF or WOFF2), parsed on first use."""
    digest = hashlib.sha256(data).hexdigest()
    with _LOADING:
        if digest not in _LOADED:
            _LOADED[digest] = _parse(data, digest)
        return _LOADED[digest]


def _parse(data: bytes, digest: str) -> Font:
    from fontTools.ttLib import TTFont

    parsed = TTFont(io.BytesIO(data))
    if parsed.flavor:  # HarfBuzz reads plain sfnt data only: unpack WOFF/WOFF2 first
        parsed.flavor = None
        unpacked = io.BytesIO()
        parsed.save(unpacked)
        data = unpacked.getvalue()
        parsed = TTFont(io.BytesIO(data))
    upem = parsed["head"].unitsPerEm
    os2 = parsed.get("OS/2")
    hhea = parsed["hhea"]
    ascent = os2.sTypoAscender if os2 else hhea.ascent
    descent = os2.sTypoDescender if os2 else hhea.descent
    cap = getattr(os2, "sCapHeight", 0) or 0.7 * upem
    return Font(
        digest,
        upem,
        (ascent - descent) / upem,
        cap / upem,
        hb.Font(hb.Face(data)),
        parsed.getGlyphSet(),
        tuple(parsed.getGlyphOrder()),
    )


@dataclass(frozen=True)
class Face:
    """One family of the chart's font list: what it covers, its regular and its bold."""

    covered: frozenset[int]
    regular: Font
    bold: Font


def faces(fonts: Sequence[tuple[frozenset[int], bytes, bytes]]) -> tuple[Face, ...]:
    """The chart's font list, (covered, regular, bold) per family, with its fonts parsed."""
    if not fonts:
        raise ValueError("a chart needs at least one font to draw its text with")
    return tuple(Face(covered, font(regular), font(bold)) for covered, regular, bold in fonts)


# --- one line: bidi runs in visual order, each shaped -----------------------------------------


@dataclass(frozen=True)
class Glyph:
    """A shaped glyph: where its origin stands from the line's left end on the baseline
    (em, y up), and the character of the line it comes from (HarfBuzz's cluster)."""

    font: Font
    id: int
    x: float
    y: float
    cluster: int


@dataclass(frozen=True)
class Line:
    """A line of text shaped and put in visual order: its glyphs left to right, its width."""

    text: str
    glyphs: tuple[Glyph, ...]
    width: float  # em


# The Unicode bidi algorithm is FriBidi's, the library Pango (and so WeasyPrint) orders the
# page's own text with: a chart orders its labels as the page around it does. It comes with
# Pango; its C interface is stable since FriBidi 1.0 (2018).
_PAR_LTR, _PAR_RTL = 0x110, 0x111  # FRIBIDI_PAR_LTR, FRIBIDI_PAR_RTL


@functools.cache
def _fribidi() -> Any:
    import ctypes

    library = ctypes.CDLL("libfribidi.so.0")
    library.fribidi_get_par_embedding_levels_ex.restype = ctypes.c_int8
    return library


def levels(text: str, rtl: bool) -> list[int]:
    """Each character's embedding level (UAX #9 up to I2, paired brackets included), with the
    page's direction as the paragraph's: even levels run left to right, odd ones right to
    left."""
    import ctypes

    if not text:
        return []
    count = len(text)
    library = _fribidi()
    characters = (ctypes.c_uint32 * count)(*map(ord, text))
    types = (ctypes.c_uint32 * count)()
    brackets = (ctypes.c_uint32 * count)()
    found = (ctypes.c_int8 * count)()
    library.fribidi_get_bidi_types(characters, count, types)
    library.fribidi_get_bracket_types(characters, count, types, brackets)
    direction = ctypes.c_uint32(_PAR_RTL if rtl else _PAR_LTR)
    if (
        library.fribidi_get_par_embedding_levels_ex(
            types, brackets, count, ctypes.byref(direction), found
        )
        <= 0
    ):
        raise RuntimeError(f"FriBidi could not order {text!r}")
    return list(found)


def _runs(text: str, rtl: bool) -> list[tuple[int, int, int]]:
    """(start, end, level) of the line's directional runs, in visual order (UAX #9 L2:
    from the highest level to the lowest odd one, reverse every sequence at least that
    high). A line is taken as a paragraph of its own."""
    runs: list[tuple[int, int, int]] = []
    for index, level in enumerate(levels(text, rtl)):
        if runs and runs[-1][2] == level:
            runs[-1] = (runs[-1][0], index + 1, level)
        else:
            runs.append((index, index + 1, level))
    if not runs:
        return runs
    lowest_odd = min(level for _, _, level in runs) | 1
    for level in range(max(level for _, _, level in runs), lowest_odd - 1, -1):
        index = 0
        while index < len(runs):
            if runs[index][2] < level:
                index += 1
                continue
            end = index
            while end < len(runs) and runs[end][2] >= level:
                end += 1
            runs[index:end] = runs[index:end][::-1]
            index = end
    return runs


@dataclass(frozen=True)
class Type:
    """The chart's type: shapes and measures its lines. Made for one chart (it remembers the
    lines it has shaped, which layout and drawing both ask for)."""

    faces: tuple[Face, ...]
    size: float  # pt
    rtl: bool  # the paragraph direction of every line: the page's
    language: str  # BCP 47, for language-specific forms
    _shaped: dict[tuple[str, bool], Line] = field(default_factory=dict, compare=False, repr=False)

    def face_of(self, text: str) -> list[int]:
        """Per character, the index of the face that draws it: the first that covers it; a
        mark stays with the face of its letter where that face has it, so HarfBuzz can put
        it in place."""
        chosen: list[int] = []
        for char in text:
            code = ord(char)
            if (
                chosen
                and unicodedata.category(char) in _MARKS
                and code in self.faces[chosen[-1]].covered
            ):
                chosen.append(chosen[-1])
                continue
            chosen.append(next((i for i, face in enumerate(self.faces) if code in face.covered), 0))
        return chosen

    def line(self, text: str, bold: bool = False) -> Line:
        """`text` (one line, clean) shaped and in visual order."""
        key = (text, bold)
        if key not in self._shaped:
            self._shaped[key] = self._shape(text, bold)
        return self._shaped[key]

    def _shape(self, text: str, bold: bool) -> Line:
        codes = [ord(char) for char in text]
        chosen = self.face_of(text)
        glyphs: list[Glyph] = []
        pen = 0.0
        for start, end, level in _runs(text, self.rtl):
            pieces: list[list[int]] = []  # stretches of one face, in logical order
            for index in range(start, end):
                if pieces and chosen[index] == chosen[pieces[-1][0]]:
                    pieces[-1][1] = index + 1
                else:
                    pieces.append([index, index + 1])
            if level % 2:  # right to left: the first stretch stands rightmost
                pieces.reverse()
            for first, last in pieces:
                face = self.faces[chosen[first]]
                used = face.bold if bold else face.regular
                buffer = hb.Buffer()
                # The whole line is the context (joining across stretches), `first:last` the
                # part shaped; clusters are indexes into the line.
                buffer.add_codepoints(codes, first, last - first)
                buffer.direction = "rtl" if level % 2 else "ltr"
                if self.language:
                    buffer.language = self.language
                buffer.guess_segment_properties()
                hb.shape(used.shaper, buffer, {})
                upem = used.units_per_em
                for info, position in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True):
                    glyphs.append(
                        Glyph(
                            used,
                            info.codepoint,
                            pen + position.x_offset / upem,
                            position.y_offset / upem,
                            info.cluster,
                        )
                    )
                    pen += position.x_advance / upem
        return Line(text, tuple(glyphs), pen)

    def width(self, text: str, bold: bool = False) -> float:
        """Width of a line in pt, as it is drawn (shaped, kerned)."""
        return self.line(text, bold).width * self.size

    def line_height(self, texts: Sequence[str]) -> float:
        """From the tallest font the texts use, within 1.2 and 1.6 em: Arabic needs more
        room between lines than Latin."""
        used = {
            index
            for text in texts
            for index, char in zip(self.face_of(text), text, strict=True)
            if not char.isspace()
        }
        tallest = max(self.faces[index].regular.height_em for index in used or {0})
        return min(max(tallest, 1.2), 1.6) * self.size

    @property
    def cap(self) -> float:
        """Cap height of the first font (pt): text is centred on shapes by it."""
        return self.faces[0].regular.cap_em * self.size


# --- wrapping ---------------------------------------------------------------------------------


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Lines no wider than `width`, broken between words; a word wider than a line is broken
    after a hyphen or slash if it has one, else between letters (a mark stays with its
    letter)."""
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


def letters(word: str) -> list[str]:
    """The word in pieces that must stay together: a letter with the marks that follow it,
    and characters joined by a zero width joiner."""
    pieces: list[str] = []
    for char in word:
        if pieces and (
            unicodedata.category(char) in _MARKS or char == _ZWJ or pieces[-1].endswith(_ZWJ)
        ):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


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
        for letter in letters(part):
            if piece and measure(piece + letter) > width:
                pieces.append(piece)
                piece = ""
            piece += letter
        pieces.append(piece)
    return pieces
