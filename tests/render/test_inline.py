"""Content strings as inline HTML (report/render/inline.py): a number and its sign or short
unit kept on one line, in each language's own spacing, without changing a character."""

from __future__ import annotations

import pytest

from report.render import inline

NOBR = '<span class="nobr">{}</span>'


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("ca. 60 % der Befragten", f"ca. {NOBR.format('60 %')} der Befragten"),  # de
        ("rund 17,5 % mehr", f"rund {NOBR.format('17,5 %')} mehr"),
        ("3,5 Mio. € im Jahr", f"{NOBR.format('3,5 Mio. €')} im Jahr"),
        ("1.284 km und 12 t", f"{NOBR.format('1.284 km')} und {NOBR.format('12 t')}"),
        (
            "bei 10 °C, 2 kg, 1,2 Mrd.",
            f"bei {NOBR.format('10 °C')}, {NOBR.format('2 kg')}, {NOBR.format('1,2 Mrd.')}",
        ),
        ("3 ‰ weniger", f"{NOBR.format('3 ‰')} weniger"),
        ("£ 486,200 raised", f"{NOBR.format('£ 486,200')} raised"),  # en, sign before
        ("486 200 ₴ зібрано", f"{NOBR.format('486 200 ₴')} зібрано"),  # uk, grouped by spaces
        ("12 тис. грн", NOBR.format("12 тис. грн")),
        ("% 17,5 oranında", f"{NOBR.format('% 17,5')} oranında"),  # tr, the sign first
        ("1.500 TL", NOBR.format("1.500 TL")),
        ("نحو 60 ٪ من", f"نحو {NOBR.format('60 ٪')} من"),  # ar
        ("12 % und 13 %", f"{NOBR.format('12 %')} und {NOBR.format('13 %')}"),
    ],
)
def test_a_number_and_its_sign_are_kept_on_one_line(text: str, html: str) -> None:
    assert str(inline.render_inline(text)) == html


@pytest.mark.parametrize(
    "text",
    [
        "17.5% of all",  # en: nothing to break at
        "%17,5 oranında",  # tr
        "38.5% من",  # ar
        "60\u00a0% der Befragten",  # a no-break space holds already
        "60\u202f% der Befragten",
        "Im Jahr 2019 trafen sich 12 Gruppen",  # a "t" that begins a word is no unit
        "Tel. 0800 08 63 826",
        "A4 % v1.2 %",  # no number on its own
        "60 %ige Beteiligung",
    ],
)
def test_what_cannot_break_or_is_no_number_with_a_sign_is_left_alone(text: str) -> None:
    assert str(inline.render_inline(text)) == text


def test_the_text_is_unchanged_but_for_the_span() -> None:
    """What a screen reader says is what the author wrote: the span adds no character."""
    text = "Von 1.284 Befragten sind **ca. 60 %** zufrieden, 17,5 % nicht"
    html = str(inline.render_inline(text))
    assert html == (
        f"Von 1.284 Befragten sind <strong>ca. {NOBR.format('60 %')}</strong> zufrieden, "
        f"{NOBR.format('17,5 %')} nicht"
    )


def test_a_leading_hyphen_and_a_negative_number_keep_their_rules() -> None:
    assert str(inline.render_inline("Partner und -partner, -5 %")) == (
        f"Partner und {NOBR.format('-partner,')} -{NOBR.format('5 %')}"
    )


def test_a_number_in_a_link_address_or_entity_is_not_touched() -> None:
    html = str(inline.render_inline('[60 % mehr](https://example.org/60%20x) "5 %"'))
    assert html == (
        f'<a href="https://example.org/60%20x">{NOBR.format("60 %")} mehr</a> '
        f"&quot;{NOBR.format('5 %')}&quot;"
    )
