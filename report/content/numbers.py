"""Numbers in content: read with the rules of the language they are written in, shown with the
rules of the language of the PDF.

Why not `babel.numbers.parse_decimal` alone: read with the wrong language it silently changes a
number's meaning (`1.284` in a German file is one thousand two hundred eighty-four; read with
English rules it is one point two eight four), and even with the right language it is lenient
where a brochure must not be (for Ukrainian it takes `.` as a decimal point, although `1.284`
in a Ukrainian text is far more likely a thousands group). Here a value is a number only when it
is unambiguous under the rules of its own language; anything that looks like a number but is not
a valid one there is refused with a hint, and a value that is not meant as a number at all
(`> 50`, `24/7`, `2019/20`) is kept exactly as written. Its digits are 0-9, or the language's
own (٥٨ in Arabic, not in English), and at most 15 of them: every number then formats and draws
exactly, and no Decimal error can reach the user.

Babel supplies the symbols and patterns of each language; the reading rules are ours.
"""

from __future__ import annotations

import copy
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import (
    format_decimal,
    get_currency_name,
    get_currency_precision,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    get_territory_currencies,
    list_currencies,
)

from report.base import languages

# Spaces people use between digit groups; one of them is the group sign of fr, uk, pl, ….
_SPACES = {" ", "\u00a0", "\u202f", "\u2009"}
_MINUS = {"-", "\u2212", "\u2013"}
# Characters that may appear in a value meant as a number; anything else makes it text.
_SEPARATORS = {".", ",", "'", "\u2019", "\u066b", "\u066c"} | _SPACES
_SIGNS = _MINUS | {"+"}
_DIGITS = frozenset("0123456789")
# Numbers from this many integer digits on are shown grouped, however they were written: 12345
# is hard to read, while a year (2019) or a four-digit count reads better without grouping.
GROUP_FROM_DIGITS = 5
# The most digits a number may have: what a chart draws exactly (a float holds 15 decimal
# digits), far within what Babel formats (Decimal's 28); more is a slip of the keyboard.
MAX_DIGITS = 15


@dataclass(frozen=True)
class Number:
    """A number as the author wrote it: its value and how it was written."""

    value: Decimal
    grouped: bool  # the author wrote group separators (1.284): shown grouped in every language
    decimals: int  # fraction digits as written (1,50 has 2): kept in every language
    written: str  # the text in the file, for messages


@dataclass(frozen=True)
class Verbatim:
    """A value that is not a number (`> 50`, `24/7`): shown exactly as written everywhere."""

    written: str


Value = Number | Verbatim


class NotANumber(ValueError):
    """A value that looks like a number but is not a valid one in its language; `reason` says
    why in a few words, for a message that names the value itself (a translation's)."""

    def __init__(self, message: str, hint: str, reason: str = "") -> None:
        super().__init__(message)
        self.hint = hint
        self.reason = reason


def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def symbols(language: str) -> tuple[str, str]:
    """(decimal sign, group sign) of a language."""
    locale = _locale(language)
    return get_decimal_symbol(locale), get_group_symbol(locale)


def _same_sign(a: str, b: str) -> bool:
    """Whether two separator characters count as the same (all the spaces are one sign, and
    the Arabic separators stand for their Latin counterparts)."""
    if a in _SPACES and b in _SPACES:
        return True
    if {a, b} <= {"'", "\u2019"}:
        return True
    arabic = {"\u066b": ".", "\u066c": ","}
    return arabic.get(a, a) == arabic.get(b, b)


def _ascii_digits(text: str) -> str:
    """Arabic-Indic and other decimal digits as 0-9 (they mean the same number). Digits that
    are no decimal digits (², ①) stay: they make a text, not a number."""
    return "".join(
        str(digit)
        if not ch.isascii() and (digit := unicodedata.decimal(ch, None)) is not None
        else ch
        for ch in text
    )


def _own_digits(language: str) -> bool:
    """Whether a language writes digits of its own besides 0-9 (Arabic ٥٨, Hindi ५८): its
    native numbering system in CLDR is not the Latin one."""
    locale = _locale(language)
    native = locale.other_numbering_systems.get("native", "latn")
    return native != "latn" or locale.default_numbering_system != "latn"


def read(text: str, language: str) -> Value:
    """The value of `text` written in `language`.

    Returns a Number, or Verbatim for text that is not meant as a number. Raises NotANumber
    when the text consists of digits and separators but is no valid number in that language.
    """
    written = text
    stripped = _ascii_digits(text.strip())
    if not any(ch in _DIGITS for ch in stripped):
        return Verbatim(written)
    sign = ""
    if stripped[0] in _SIGNS:
        sign, stripped = ("-" if stripped[0] in _MINUS else ""), stripped[1:].lstrip()
    if not stripped or any(not (ch in _DIGITS or ch in _SEPARATORS) for ch in stripped):
        return Verbatim(written)  # letters, %, /, > …: text that contains a number
    if len(stripped) > 1 and stripped[0] == "0" and stripped[1] in _DIGITS:
        return Verbatim(written)  # 01067, 007: a code (postcode, number), not a quantity
    decimal, group = symbols(language)
    name = languages.english_name(language)
    if any(not ch.isascii() and ch.isdecimal() for ch in text) and not _own_digits(language):
        reason = f"{name} writes the digits 0-9"
        raise NotANumber(
            f"'{written}' is not a number in {name}: {reason}",
            f"write the digits 0-9; {_example_hint(language)}",
            reason,
        )
    seps = [ch for ch in stripped if ch not in _DIGITS]
    foreign = [ch for ch in seps if not (_same_sign(ch, decimal) or _same_sign(ch, group))]
    if foreign:
        reason = (
            f"{name} writes the decimal sign as '{decimal}' and groups thousands with "
            f"'{_show(group)}', not '{_show(foreign[0])}'"
        )
        raise NotANumber(
            f"'{written}' is not a number in {name}: {reason}", _example_hint(language), reason
        )
    integer, _, fraction = _split_decimal(stripped, decimal, written, language)
    groups = _groups(integer, group)
    if len(groups) > 1:
        sizes = _group_sizes(language)
        first, rest = groups[0], groups[1:]
        if not (
            1 <= len(first) <= sizes[-1]
            and all(len(g) == sizes[0] for g in rest[-1:])
            and all(len(g) == sizes[-1] for g in rest[:-1])
        ):
            reason = f"'{_show(group)}' separates groups of {sizes[0]} digits there"
            raise NotANumber(
                f"'{written}' is not a number in {name}: {reason}", _example_hint(language), reason
            )
    digits = "".join(groups)
    if not _all_digits(digits) or (fraction and not _all_digits(fraction)):
        raise NotANumber(f"'{written}' is not a number in {name}", _example_hint(language))
    if (count := len(digits.lstrip("0")) + len(fraction)) > MAX_DIGITS:
        reason = f"it has {count} digits, more than {MAX_DIGITS}"
        raise NotANumber(
            f"'{written}' has {count} digits; a number may have at most {MAX_DIGITS}",
            f"round it, or give it in another unit: 2{decimal}5 with the unit Mio. instead of "
            f"{format_decimal(2_500_000, locale=_locale(language))}",
            reason,
        )
    value = Decimal(sign + digits + ("." + fraction if fraction else ""))
    return Number(value, grouped=len(groups) > 1, decimals=len(fraction), written=written)


def _all_digits(text: str) -> bool:
    return bool(text) and all(ch in _DIGITS for ch in text)


def _split_decimal(text: str, decimal: str, written: str, language: str) -> tuple[str, str, str]:
    positions = [i for i, ch in enumerate(text) if _same_sign(ch, decimal)]
    if len(positions) > 1:
        raise NotANumber(
            f"'{written}' has more than one decimal sign '{decimal}' for "
            f"{languages.english_name(language)}",
            _example_hint(language),
            f"it has more than one decimal sign '{decimal}'",
        )
    if not positions:
        return text, "", ""
    at = positions[0]
    integer, fraction = text[:at], text[at + 1 :]
    if not integer or not fraction:
        raise NotANumber(
            f"'{written}' is not a complete number", _example_hint(language), "it is not complete"
        )
    return integer, decimal, fraction


def _groups(integer: str, group: str) -> list[str]:
    groups, current = [], ""
    for ch in integer:
        if ch in _DIGITS:
            current += ch
        elif _same_sign(ch, group):
            groups.append(current)
            current = ""
        else:
            current += ch  # a foreign sign: caught by the caller
    groups.append(current)
    return groups


def _group_sizes(language: str) -> tuple[int, int]:
    """(size of the last group, size of the groups before it): (3, 3) mostly, (3, 2) in hi."""
    pattern = _locale(language).decimal_formats.get(None)
    grouping = getattr(pattern, "grouping", (3, 3)) or (3, 3)
    return int(grouping[0]), int(grouping[1])


def _show(sign: str) -> str:
    return {"\u00a0": "space", "\u202f": "space", "\u2009": "space", " ": "space"}.get(sign, sign)


def _example_hint(language: str) -> str:
    decimal, group = symbols(language)
    name = languages.english_name(language)
    one_and_half = f"1{decimal}5"
    thousands = f"1{group}500" if group not in _SPACES else "1 500"
    return (
        f"in {name}, write {one_and_half} for one and a half and {thousands} or 1500 for "
        "one thousand five hundred"
    )


def format_value(value: Value, language: str) -> str:
    """A value as it is shown in `language` (58, 1.284 / 1,284 / 1 284, 0,5 / 0.5)."""
    if isinstance(value, Verbatim):
        return value.written
    integer_digits = len(str(abs(int(value.value))))
    grouped = value.grouped or integer_digits >= GROUP_FROM_DIGITS
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * value.decimals if value.decimals else "")
    return format_decimal(
        value.value, format=pattern, locale=_locale(language), decimal_quantization=True
    )


def unit_around(unit: str | None, language: str) -> tuple[str, str]:
    """What stands before and after a number with this unit in `language`: a per cent sign
    where the language puts it (42 % in German, 42% in English, %42 in Turkish), any other
    unit after a no-break space (2,5 Mio.)."""
    if not unit:
        return "", ""
    if unit.strip() != "%":
        return "", "\u00a0" + unit.strip()
    locale = _locale(language)
    pattern = locale.percent_formats[None].pattern
    sign = locale.number_symbols.get("latn", {}).get("percentSign", "%")
    start = min(pattern.index(ch) for ch in "#0" if ch in pattern)
    end = max(pattern.rindex(ch) for ch in "#0" if ch in pattern) + 1
    return (pattern[:start].replace("%", sign), pattern[end:].split(";")[0].replace("%", sign))


def same(a: Value, b: Value) -> bool:
    """Whether two values say the same (a translation may restate a figure, not change it)."""
    if isinstance(a, Number) and isinstance(b, Number):
        return a.value == b.value
    # Text that is not a number may be adapted by the translator.
    return isinstance(a, Verbatim) and isinstance(b, Verbatim)


# --- money ------------------------------------------------------------------------------------
# A currency sign alone as a key figure's prefix or suffix means this currency. `$` is the US
# dollar and `¥` the yen: the signs most readers take them for; other dollars and the yuan are
# written as `currency:` with their code (AUD, CNY).
CURRENCY_SIGNS = {"€": "EUR", "£": "GBP", "$": "USD", "₴": "UAH", "₺": "TRY", "¥": "JPY"}
# Marks of direction in CLDR's patterns (ar): the page's own direction places the parts.
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c"))


def currency_of_sign(text: str | None) -> str | None:
    """The currency a prefix or suffix of one currency sign stands for (`£` is GBP), else
    None."""
    return CURRENCY_SIGNS.get(text.strip()) if text else None


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency code CLDR knows (EUR, GBP, UAH)."""
    return code in list_currencies()


def currencies() -> list[str]:
    """The currencies in use today (not the old ones CLDR also knows, such as XEU), for
    suggestions."""
    return sorted(
        {
            code
            for territory in Locale("en").territories
            for code in get_territory_currencies(str(territory))
        }
    )


def money_decimals(value: Number, currency: str) -> int:
    """How many decimals an amount shows: none when written without (486,200 stays 486.200 £,
    not 486.200,00 £: a round amount is read as a round amount); with decimals, the currency's
    own (1.234,5 € is 1.234,50 €), never fewer than written, so nothing is rounded away."""
    if not value.decimals:
        return 0
    return max(value.decimals, get_currency_precision(currency))


def money_parts(value: Number, currency: str, language: str) -> tuple[str, str, str]:
    """An amount as `language` writes it, in three parts: what stands before the number, the
    number, what stands after it ("", "486.200", "\u00a0£" in German; "£", "486,200", "" in
    English; "", "486\u00a0200", "\u00a0GBP" in Ukrainian). The symbol, its place and the
    no-break space between are CLDR's; a symbol of letters (UAH) gets a no-break space where
    the pattern has none, as CLDR's currency spacing asks."""
    locale = _locale(language)
    pattern = copy.copy(locale.currency_formats["standard"])
    digits = money_decimals(value, currency)
    pattern.frac_prec = (digits, digits)
    text = pattern.apply(value.value, locale, currency=currency, currency_digits=False)
    text = text.translate(_BIDI_MARKS)
    at = [i for i, ch in enumerate(text) if ch in _DIGITS]
    before, number, after = text[: at[0]], text[at[0] : at[-1] + 1], text[at[-1] + 1 :]
    if before and before[-1].isalpha():
        before += "\u00a0"
    if after and after[0].isalpha():
        after = "\u00a0" + after
    if languages.direction(language) == "rtl":
        # A symbol of letters and a sign (UK£, US$) stays one word in right-to-left text, where
        # the bidi algorithm would set its sign apart (£UK); the page's direction then puts the
        # number first, as CLDR's pattern says (the number on the right).
        before, after = (_keep_together(part) for part in (before, after))
    return before, number, after


def _keep_together(symbol: str) -> str:
    return symbol + "\u200e" if any(ch.isalpha() for ch in symbol) else symbol


def format_money(value: Number, currency: str, language: str) -> str:
    """An amount as `language` writes it: 486.200 £ (de), £486,200 (en), 486 200 GBP (uk)."""
    return "".join(money_parts(value, currency, language))


def spoken_money(value: Number, currency: str, language: str) -> str:
    """An amount for a text read aloud: the number and the currency's name in `language`
    (486.200 Britische Pfund, 1.234,50 Euro), which every screen reader says right, where a
    symbol or a code (GBP) may be spelled out letter by letter."""
    locale = _locale(language)
    _, number, _ = money_parts(value, currency, language)
    minus = get_minus_sign_symbol(locale) if value.value < 0 else ""
    name = get_currency_name(currency, count=abs(value.value), locale=locale)
    return f"{minus}{number}\u00a0{name}"
