"""A brochure's design: its theme (colours, fonts, logos, shapes) and its page format, turned
into the one set of design tokens every stylesheet and the newsletter read.

A ready-made theme (themes/<name>.yaml) is the base; `theme:` in brochure.yaml changes it key by
key; colours it does not set are derived from brand and accent. Every colour that text or a
graphic is drawn in is checked against the colour it is drawn on (WCAG 2.1 AA), and a failing
theme is an error that says which key, by how much, and which colour would pass. Sizes follow
the page format: margins and spacing from its short side, type a little less (a smaller sheet
gets denser, not unreadable).
"""

from __future__ import annotations

import colorsys
import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from report.base import resources
from report.base.errors import Issue, UserError
from report.base.files import missing_file_hint
from report.base.inputs import Inputs
from report.content import settings as settings_model
from report.content import yamlio
from report.content.validate import validate

# --- colours ------------------------------------------------------------------------------

RGB = tuple[float, float, float]


def _rgb(colour: str) -> RGB:
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def _hex(rgb: RGB) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(colour: str) -> float:
    """WCAG 2.1 relative luminance."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(a: str, b: str, share_of_b: float) -> str:
    (r1, g1, b1), (r2, g2, b2) = _rgb(a), _rgb(b)
    return _hex(
        (r1 + (r2 - r1) * share_of_b, g1 + (g2 - g1) * share_of_b, b1 + (b2 - b1) * share_of_b)
    )


def nearest_passing(colour: str, others: Sequence[tuple[str, float]]) -> str:
    """The colour of the same hue and saturation, as little lighter or darker as needed to
    reach each (other colour, ratio) of `others` (darker against light colours, lighter
    against dark ones, as the first of them decides)."""
    h, lightness, s = colorsys.rgb_to_hls(*_rgb(colour))
    darker = luminance(others[0][0]) > 0.18
    low, high = (0.0, lightness) if darker else (lightness, 1.0)
    best = _hex(colorsys.hls_to_rgb(h, 0.0 if darker else 1.0, s))

    def passes(candidate: str) -> bool:
        return all(contrast(candidate, other) >= ratio for other, ratio in others)

    for _ in range(40):  # bisect on lightness: the passing colour closest to the original
        middle = (low + high) / 2
        candidate = _hex(colorsys.hls_to_rgb(h, middle, s))
        if passes(candidate):
            best = candidate
            low, high = (middle, high) if darker else (low, middle)
        else:
            low, high = (low, middle) if darker else (middle, high)
    return best


def _readable_on(background: str, light: str = "#ffffff", dark: str = "#1d2a33") -> str:
    return light if contrast(light, background) >= contrast(dark, background) else dark


COLOUR_KEYS = tuple(settings_model.Colours.model_fields)


def derive_palette(given: Mapping[str, str]) -> dict[str, str]:
    """The full palette from what is given (brand and accent at least)."""
    p = dict(given)
    brand, accent = p["brand"], p["accent"]
    p.setdefault("paper", "#ffffff")
    p.setdefault("ink", "#1d2a33")
    p.setdefault("ink_soft", mix(p["ink"], p["paper"], 0.25))
    p.setdefault("tint", mix(brand, p["paper"], 0.82))
    p.setdefault("tint_light", mix(brand, p["paper"], 0.93))
    p.setdefault("brand_dark", mix(brand, "#000000", 0.27))
    titles_on = [(p["paper"], 4.5), (p["tint_light"], 4.5)]  # headings on paper and in boxes
    if "brand_dark" not in given and any(
        contrast(p["brand_dark"], bg) < ratio for bg, ratio in titles_on
    ):
        p["brand_dark"] = nearest_passing(p["brand_dark"], titles_on)
    p.setdefault("accent_text", nearest_passing(accent, [(p["paper"], 4.6)]))
    p.setdefault("panel", brand)
    p.setdefault("on_panel", _readable_on(p["panel"], "#ffffff", p["ink"]))
    if "highlight" not in p:
        light = mix(accent, "#ffffff", 0.35)
        p["highlight"] = (
            light
            if contrast(light, p["panel"]) >= 3.0
            else nearest_passing(accent, [(p["panel"], 3.0)])
        )
    return {key: p[key] for key in COLOUR_KEYS}


@dataclass(frozen=True)
class Pairing:
    """A colour drawn on another: what it is, and the contrast it needs."""

    foreground: str
    background: str
    ratio: float
    what: str


# Every text and graphic colour the design draws, on what, and what it needs (WCAG 2.1 AA:
# 4.5:1 for text, 3:1 for large text, 14 pt bold or 18 pt, and for graphics). The accent is
# decoration (rules, bullets) and needs none.
PAIRINGS = (
    Pairing("ink", "paper", 4.5, "running text"),
    Pairing("ink", "tint_light", 4.5, "text in boxes and cards"),
    Pairing("ink_soft", "paper", 4.5, "the footer and secondary text"),
    Pairing("brand_dark", "paper", 4.5, "titles and subheadings"),
    Pairing("brand_dark", "tint_light", 4.5, "titles of cards and groups"),
    Pairing("brand", "paper", 4.5, "the running header and links"),
    Pairing("brand", "tint_light", 3.0, "key figures (large)"),
    Pairing("accent_text", "paper", 4.5, "section names"),
    Pairing("on_panel", "panel", 4.5, "text on the cover and back panels"),
    Pairing("highlight", "panel", 3.0, "the cover subtitle (large)"),
)


# --- fonts --------------------------------------------------------------------------------

STYLES = ("regular", "bold", "italic", "bold_italic")
FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")
_FACES = {
    "regular": (400, "normal"),
    "bold": (700, "normal"),
    "italic": (400, "italic"),
    "bold_italic": (700, "italic"),
}
# The families that ship with the tool, and the Arabic family that goes with each.
BUNDLED = {
    "Noto Sans": (
        {
            "regular": "NotoSans-Regular.ttf",
            "bold": "NotoSans-Bold.ttf",
            "italic": "NotoSans-Italic.ttf",
            "bold_italic": "NotoSans-BoldItalic.ttf",
        },
        "Noto Sans Arabic",
    ),
    "Noto Serif": (
        {
            "regular": "NotoSerif-Regular.ttf",
            "bold": "NotoSerif-Bold.ttf",
            "italic": "NotoSerif-Italic.ttf",
            "bold_italic": "NotoSerif-BoldItalic.ttf",
        },
        "Noto Naskh Arabic",
    ),
}
ARABIC = {
    "Noto Sans Arabic": {
        "regular": "NotoSansArabic-Regular.ttf",
        "bold": "NotoSansArabic-Bold.ttf",
    },
    "Noto Naskh Arabic": {
        "regular": "NotoNaskhArabic-Regular.ttf",
        "bold": "NotoNaskhArabic-Bold.ttf",
    },
}


@dataclass(frozen=True)
class Family:
    """One font family as the PDF uses it: its files by style, and what it can draw."""

    label: str  # as the theme names it ("Noto Sans", or "fonts/X-Regular.ttf")
    faces: Mapping[str, tuple[Path, bytes]]  # style -> (file, contents)
    covered: frozenset[int]  # the characters every one of its styles has
    name: str = ""  # the family name the font files give themselves

    @property
    def css_name(self) -> str:
        """The family's own name, safe inside CSS quotes (for the e-mail's font list)."""
        return "".join(ch for ch in (self.name or self.label) if ch.isalnum() or ch in " -")


def _read_font(path: Path, data: bytes) -> tuple[frozenset[int], str]:
    """The characters a font file can draw, and its family name; ValueError if it is no
    font. (Kept by the bytes' hash: a long-running process reads each font's tables once.)"""
    digest = hashlib.sha256(data).digest()
    if digest not in _FONTS_READ:
        _FONTS_READ[digest] = _read_font_tables(path, data)
    return _FONTS_READ[digest]


_FONTS_READ: dict[bytes, tuple[frozenset[int], str]] = {}


def _read_font_tables(path: Path, data: bytes) -> tuple[frozenset[int], str]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(io.BytesIO(data), lazy=True, fontNumber=0) as font:
            name = font["name"].getDebugName(1) if "name" in font else None
            return frozenset(font.getBestCmap() or {}), str(name or "")
    except (TTLibError, OSError, ValueError, KeyError, AssertionError, IndexError) as exc:
        raise ValueError(
            f"{path.name} cannot be read as a font ({type(exc).__name__}); use "
            "a TrueType or OpenType file (.ttf, .otf, .woff, .woff2)"
        ) from None


def _family(label: str, files: Mapping[str, tuple[Path, bytes]]) -> Family:
    """A family from its files: style -> (the file, its bytes)."""
    faces, covered, name = {}, None, ""
    for style, (path, data) in files.items():
        characters, own_name = _read_font(path, data)
        name = name or own_name
        faces[style] = (path, data)
        covered = characters if covered is None else covered & characters
    return Family(label, faces, covered or frozenset(), name)


# --- the format -------------------------------------------------------------------------

SIZES_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "letter": (215.9, 279.4)}


@dataclass(frozen=True)
class PageFormat:
    size: str
    orientation: str

    @property
    def width(self) -> float:
        short, long = SIZES_MM[self.size]
        return long if self.orientation == "landscape" else short

    @property
    def height(self) -> float:
        short, long = SIZES_MM[self.size]
        return short if self.orientation == "landscape" else long

    @property
    def short_side(self) -> float:
        return min(self.width, self.height)

    @property
    def space_scale(self) -> float:
        """Margins and spacing follow the sheet's short side (A4 = 1)."""
        return round(min(1.1, max(0.68, self.short_side / 210)), 4)

    @property
    def type_scale(self) -> float:
        """Type shrinks less than the sheet: a smaller sheet gets denser, not unreadable."""
        return round(min(1.05, math.sqrt(self.short_side / 210)), 4)


# --- the resolved theme ---------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    """A brochure's design, resolved: what the stylesheets and the newsletter read."""

    name: str
    palette: Mapping[str, str]
    text: Family
    headings: Family
    text_arabic: Family
    headings_arabic: Family
    logos: Mapping[str, str | None]  # "light"/"dark" -> src in the brochure folder
    radius: float  # mm
    border: float  # mm
    type_scale: float
    format: PageFormat
    origins: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # key -> settings path

    def logo_for(self, background: str) -> str | None:
        """The logo file for a background colour: the light-background logo on a light one."""
        key = "dark" if luminance(background) < 0.4 else "light"
        return self.logos.get(key) or self.logos.get("light" if key == "dark" else "dark")

    @property
    def panel_logo(self) -> str | None:
        return self.logo_for(self.palette["panel"])

    def families(self) -> list[tuple[str, Family]]:
        """(CSS family name, family) of every family the stylesheet declares."""
        return [
            ("Brochure Text", self.text),
            ("Brochure Headings", self.headings),
            ("Brochure Text Arabic", self.text_arabic),
            ("Brochure Headings Arabic", self.headings_arabic),
        ]


def available_themes() -> list[str]:
    return sorted(p.stem for p in resources.THEMES.glob("*.yaml"))


def resolve(
    settings: settings_model.Settings,
    document: yamlio.Document,
    root: Path,
    inputs: Inputs | None = None,
) -> Theme:
    """The brochure's theme: the base theme with the brochure's own keys over it (its own
    font files read through `inputs`)."""
    inputs = inputs or Inputs(root)
    chosen = settings.theme
    names = available_themes()
    if chosen.base not in names:
        raise UserError(
            document.issue_at(
                ("theme", "base"),
                f"there is no theme '{chosen.base}'",
                f"choose one of: {', '.join(names)}",
            )
        )
    base_file = resources.THEMES / f"{chosen.base}.yaml"
    base = validate(yamlio.load(base_file), settings_model.ThemeFile)
    origins: dict[str, tuple[str, ...]] = {}
    given: dict[str, str] = {}
    for key in COLOUR_KEYS:
        own = getattr(chosen.colors, key)
        if own is not None:
            given[key] = own
            origins[key] = ("theme", "colors", key)
        elif getattr(base.colors, key) is not None and not _derived_from_own(key, chosen):
            given[key] = getattr(base.colors, key)
    palette = derive_palette(given)
    for key in COLOUR_KEYS:  # a derived colour answers to the key it is derived from
        if key not in origins:
            source = "accent" if key in ("accent_text", "highlight") else "brand"
            if source in origins:
                origins[key] = origins[source]
    page = settings.page
    fmt = PageFormat(
        page.size or base.page.size or "A4",
        page.orientation or base.page.orientation or "landscape",
    )
    problems: list[Issue] = []
    families: dict[str, Family] = {}
    made: dict[str, Family] = {}  # each family read once, however often the theme uses it
    for role in ("text", "headings"):
        families[role] = _resolve_family(
            getattr(chosen.fonts, role) or getattr(base.fonts, role) or "Noto Sans",
            ("theme", "fonts", role),
            role,
            document,
            root,
            problems,
            made,
            inputs,
        )
    if problems:
        raise UserError(problems)
    logos = {
        key: getattr(chosen.logos, key) or getattr(base.logos, key) for key in ("light", "dark")
    }
    shape = chosen.shape
    theme = Theme(
        name=chosen.base,
        palette=palette,
        text=families["text"],
        headings=families["headings"],
        text_arabic=_arabic_for(families["text"], made),
        headings_arabic=_arabic_for(families["headings"], made),
        logos=logos,
        radius=shape.radius if shape.radius is not None else (base.shape.radius or 0.0),
        border=shape.border if shape.border is not None else (base.shape.border or 0.0),
        type_scale=chosen.type_scale or base.type_scale or 1.0,
        format=fmt,
        origins=origins,
    )
    if problems := contrast_problems(theme, document, given):
        raise UserError(problems)
    return theme


def _derived_from_own(key: str, chosen: settings_model.ThemeSettings) -> bool:
    """Whether a colour the brochure does not set should follow the brochure's own brand or
    accent rather than the base theme's value for it (a new brand gets its own tints)."""
    own = chosen.colors
    brand_family = ("brand_dark", "tint", "tint_light", "panel", "on_panel")
    if key in brand_family and own.brand is not None:
        return True
    if key in ("accent_text", "highlight") and own.accent is not None:
        return True
    return key == "highlight" and own.brand is not None and own.panel is None


def _resolve_family(
    choice: str | settings_model.FontFiles,
    path: tuple[str, ...],
    role: str,
    document: yamlio.Document,
    root: Path,
    problems: list[Issue],
    made: dict[str, Family],
    inputs: Inputs,
) -> Family:
    if isinstance(choice, str):
        if choice not in BUNDLED:
            problems.append(
                document.issue_at(
                    path,
                    f"'{choice}' is not a bundled font family",
                    f"choose one of: {', '.join(BUNDLED)}, or name the files of your own in "
                    "the brochure's fonts/ folder (regular:, bold:, italic:, bold_italic:)",
                )
            )
            return _bundled("Noto Sans", made)
        return _bundled(choice, made)
    files: dict[str, tuple[Path, bytes]] = {}
    for style in STYLES:
        src = getattr(choice, style)
        if src is None:
            continue
        target = (root / src).resolve()
        if not target.is_relative_to(root.resolve()):
            problems.append(
                document.issue_at(
                    path + (style,),
                    "points outside the brochure folder; keep fonts in its fonts/ folder",
                )
            )
            continue
        if not target.is_file():
            problems.append(
                document.issue_at(
                    path + (style,),
                    f"font not found: {src}",
                    missing_file_hint(
                        root,
                        str(src),
                        FONT_SUFFIXES,
                        otherwise="put the font file into the brochure's fonts/ folder, or "
                        "correct the path",
                    ),
                )
            )
            continue
        try:
            files[style] = (target, inputs.read(root / src))
        except OSError as exc:
            problems.append(
                document.issue_at(path + (style,), f"{src} cannot be read ({exc.strerror})")
            )
    needed = ("bold",) if role == "headings" else ("regular", "bold")
    for style in needed:
        if getattr(choice, style) is None:
            problems.append(
                document.issue_at(
                    path,
                    f"the {role} font has no {style.replace('_', ' ')} style, which the "
                    "design needs" + (" (headings are bold)" if role == "headings" else ""),
                    f"add '{style}: fonts/…' with the {style.replace('_', ' ')} file of the family",
                )
            )
    try:
        return _family(str(choice.regular), files)
    except ValueError as exc:
        problems.append(document.issue_at(path, str(exc)))
        return _bundled("Noto Sans", made)


def _bundled(name: str, made: dict[str, Family]) -> Family:
    if name not in made:
        files = BUNDLED[name][0] if name in BUNDLED else ARABIC[name]
        made[name] = _family(
            name,
            {
                style: (resources.FONTS / file, (resources.FONTS / file).read_bytes())
                for style, file in files.items()
            },
        )
    return made[name]


def _arabic_for(family: Family, made: dict[str, Family]) -> Family:
    return _bundled(
        BUNDLED[family.label][1] if family.label in BUNDLED else "Noto Sans Arabic", made
    )


def contrast_problems(
    theme: Theme, document: yamlio.Document, given: Mapping[str, str]
) -> list[Issue]:
    """Every colour of the design that is below its WCAG 2.1 AA contrast somewhere, as one
    error at the key that decides it (the brochure's own key, or theme.base for a ready-made
    one), with every background it fails on and the nearest colour that passes on all. A
    brand that would do as the accent (`given`: the colours the palette was derived from) is
    offered as the accent."""
    palette = theme.palette
    failing: dict[str, list[tuple[Pairing, str, float]]] = {}
    for pairing in PAIRINGS:
        fg, bg = palette[pairing.foreground], palette[pairing.background]
        ratio = contrast(fg, bg)
        if ratio + 1e-9 >= pairing.ratio:
            continue
        culprit = (
            pairing.foreground
            if pairing.foreground in theme.origins or pairing.background not in theme.origins
            else pairing.background
        )
        failing.setdefault(culprit, []).append((pairing, culprit, ratio))
    problems = []
    for culprit, found in failing.items():
        # what the culprit must stand out from: every pairing it is in, failing or not
        others = [
            (palette[p.background if p.foreground == culprit else p.foreground], p.ratio)
            for p in PAIRINGS
            if culprit in (p.foreground, p.background)
        ]
        better = nearest_passing(palette[culprit], others)
        parts: list[str] = []
        for pairing, _, ratio in found:
            fg, bg = palette[pairing.foreground], palette[pairing.background]
            on = f"on {pairing.background.replace('_', '-')} {bg} ({pairing.what})"
            parts.append(
                f"{pairing.foreground.replace('_', '-')} {fg} {on} has a contrast of "
                f"{ratio:.2f}:1; it needs {pairing.ratio:g}:1 (WCAG 2.1 AA)"
                if not parts
                else f"{on}: {ratio:.2f}:1, needs {pairing.ratio:g}:1"
            )
        hint = (
            f"the nearest {culprit.replace('_', '-')} that passes is {better}: set "
            f'theme.colors.{culprit}: "{better}"'
        )
        colour = palette[culprit]
        if culprit == "brand" and _own(theme, "brand") and _fine_as_accent(theme, given, better):
            pairing = found[0][0]
            lighter = luminance(better) > luminance(colour)
            hint = (
                f"{colour} is too {'dark' if lighter else 'light'} for text on "
                f"{pairing.background.replace('_', '-')}; keep it as the accent "
                f'(theme.colors.accent: "{colour}") and choose a '
                f"{'lighter' if lighter else 'darker'} brand, for example {better}, the "
                f'nearest that passes: set theme.colors.brand: "{better}"'
            )
        problems.append(
            document.issue_at(
                theme.origins.get(culprit, ("theme", "base")), "; and ".join(parts), hint
            )
        )
    return problems


# The colours the palette derives from the accent to draw text with (the accent itself is
# decoration: no pairing needs a contrast of it).
_FROM_ACCENT = ("accent_text", "highlight")


def _own(theme: Theme, key: str) -> bool:
    """Whether the brochure sets this colour itself (rather than its theme, or a derivation)."""
    return theme.origins.get(key) == ("theme", "colors", key)


def _fine_as_accent(theme: Theme, given: Mapping[str, str], brand: str) -> bool:
    """Whether the brand colour would pass as the accent, beside `brand`: the accent, and
    every colour the palette derives from it, reach their contrast wherever the design draws
    them (a colour the brochure sets itself does not follow the accent)."""
    follows = {"accent"} | {key for key in _FROM_ACCENT if not _own(theme, key)}
    kept = {key: colour for key, colour in given.items() if key not in follows}
    palette = derive_palette({**kept, "brand": brand, "accent": theme.palette["brand"]})
    return all(
        contrast(palette[p.foreground], palette[p.background]) + 1e-9 >= p.ratio
        for p in PAIRINGS
        if p.foreground in follows or p.background in follows
    )


# --- the design tokens --------------------------------------------------------------------

# Type sizes of the design at A4 (pt), before the format's and the theme's scale. Reading
# sizes shrink less than the sheet (the format's type scale); display sizes (titles, key
# figures) shrink with it (its space scale), or a small sheet would be all title.
TYPE_PT = {
    "body": 10.5,
    "small": 8.5,
    "lead": 15,
    "h3": 12,
    "kicker": 9,
    "main": 12,
    "card": 10.5,
    "card-title": 12.5,
    "group": 11,
    "figure-label": 11,
    "contact": 11,
    "table": 9.5,
    "chart": 9,
    "quote": 14,
    "toc": 12,
    "toc-section": 13,
}
DISPLAY_PT = {
    "h2": 24,
    "figure": 44,
    "cover": 34,
    "cover-subtitle": 17,
    "back-title": 26,
    "contact-title": 18,
}
# Page margins at A4 (mm): top (room for the running header), sides, bottom.
MARGINS_MM = {"top": 24.0, "right": 20.0, "bottom": 20.0, "left": 20.0}


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def tokens(theme: Theme) -> dict[str, str]:
    """Every design token, as CSS custom properties (name without `--` -> value)."""
    fmt = theme.format
    space = fmt.space_scale
    type_scale = fmt.type_scale * theme.type_scale
    margins = {side: value * space for side, value in MARGINS_MM.items()}
    values = {key.replace("_", "-"): colour for key, colour in theme.palette.items()}
    values.update({f"size-{name}": f"{_number(pt * type_scale)}pt" for name, pt in TYPE_PT.items()})
    display = min(type_scale, space * theme.type_scale)
    values.update({f"size-{name}": f"{_number(pt * display)}pt" for name, pt in DISPLAY_PT.items()})
    values.update(
        {
            "u": f"{_number(space)}mm",
            "page-width": f"{_number(fmt.width)}mm",
            "page-height": f"{_number(fmt.height)}mm",
            "content-width": f"{_number(fmt.width - margins['left'] - margins['right'])}mm",
            # A hair less than the page area, so that rounding never makes a full page spill.
            "content-height": f"{_number(fmt.height - margins['top'] - margins['bottom'] - 0.1)}mm",
            "radius": f"{_number(theme.radius * space)}mm",
            "box-border": f"{_number(theme.border * space)}mm",
            "leading": "1.45",
            "font-text": '"Brochure Text", "Brochure Text Arabic"',
            "font-headings": '"Brochure Headings", "Brochure Headings Arabic"',
        }
    )
    values.update({f"margin-{side}": f"{_number(mm)}mm" for side, mm in margins.items()})
    return values


def stylesheet(theme: Theme) -> str:
    """The generated stylesheet: the fonts, the tokens and the sheet, before brochure.css."""
    lines = ["/* Generated from the theme and the page format (report/theme.py). */"]
    for name, family in theme.families():
        for style, (path, _) in family.faces.items():
            weight, slant = _FACES[style]
            lines.append(
                f'@font-face {{ font-family: "{name}"; src: url("{path.as_uri()}"); '
                f"font-weight: {weight}; font-style: {slant}; }}"
            )
    declarations = "\n".join(f"  --{name}: {value};" for name, value in tokens(theme).items())
    lines.append(":root {\n" + declarations + "\n}")
    # Arabic script first on right-to-left pages: its own digits and punctuation belong to it.
    lines.append(
        ':root[dir="rtl"] { --font-text: "Brochure Text Arabic", "Brochure Text"; '
        '--font-headings: "Brochure Headings Arabic", "Brochure Headings"; '
        "--leading: 1.6; }"
    )
    fmt = theme.format
    m = {side: _number(value * fmt.space_scale) for side, value in MARGINS_MM.items()}
    lines.append(
        f"@page {{ size: {_number(fmt.width)}mm {_number(fmt.height)}mm; "
        f"margin: {m['top']}mm {m['right']}mm {m['bottom']}mm {m['left']}mm; }}"
    )
    return "\n".join(lines) + "\n"


def font_files(theme: Theme) -> dict[Path, tuple[bytes, str]]:
    """Every font file of the theme, for the renderer to serve from memory."""
    served = {}
    for _, family in theme.families():
        for path, data in family.faces.values():
            served[path.resolve()] = (data, "font/ttf")
    return served


def newsletter_colours(theme: Theme) -> dict[str, Any]:
    """The colours the e-mail teaser uses (it cannot read a stylesheet: inline styles only)."""
    return dict(theme.palette)
