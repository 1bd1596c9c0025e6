"""The settings model (report/content/settings.py), given plain data as brochure.yaml holds it:
defaults for what is left out, and a clear error for a value it may not have."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from report.content.settings import FontFiles, Settings, ThemeFile


def settings(**data: Any) -> Settings:
    return Settings.model_validate({"slug": "jahresbericht-2019", **data})


def refused(**data: Any) -> list[tuple[tuple, str]]:
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate(data)
    return [(error["loc"], error["msg"]) for error in caught.value.errors()]


def test_a_slug_alone_is_a_brochure_with_the_defaults() -> None:
    read = settings()
    assert (read.slug, read.source_language) == ("jahresbericht-2019", "de")
    assert (read.size_budget_kib, read.page_limit, read.render_time_limit_s) == (1024, 60, 120)
    assert read.theme.base == "default" and read.theme.colors.brand is None
    assert (read.page.size, read.page.orientation) == (None, None)  # the theme's


@pytest.mark.parametrize("slug", ["bericht", "report-2019", "a1-b2-c3"])
def test_a_slug_of_lower_case_letters_digits_and_hyphens(slug: str) -> None:
    assert settings(slug=slug).slug == slug


@pytest.mark.parametrize(
    "slug",
    [
        "Mein Bericht!",
        "Bericht",
        "bericht_2019",
        "-bericht",
        "bericht-",
        "bericht--2019",
        "bericht/../x",
        "",
    ],
)
def test_any_other_slug_is_refused(slug: str) -> None:
    ((location, message),) = refused(slug=slug)
    assert location == ("slug",)
    assert "use lower-case letters, digits and hyphens only" in message


@pytest.mark.parametrize(
    ("code", "valid"),
    [
        ("de", True),
        ("pt-BR", True),
        ("ckb", True),
        ("deutsch", False),
        ("DE", False),
        ("pt_BR", False),
    ],
)
def test_the_source_language_is_a_language_code(code: str, valid: bool) -> None:
    if valid:
        assert settings(source_language=code).source_language == code
    else:
        ((location, message),) = refused(slug="x", source_language=code)
        assert location == ("source_language",) and "is not a language code" in message


@pytest.mark.parametrize(
    ("key", "value", "valid"),
    [
        ("page_limit", 1, True),
        ("page_limit", 2000, True),
        ("page_limit", 0, False),
        ("page_limit", 2001, False),
        ("page_limit", "viele", False),
        ("size_budget_kib", 50, True),
        ("size_budget_kib", 49, False),
        ("render_time_limit_s", 5, True),
        ("render_time_limit_s", 4, False),
        ("render_time_limit_s", 3601, False),
    ],
)
def test_limits_stay_within_their_bounds(key: str, value: Any, valid: bool) -> None:
    if valid:
        assert getattr(settings(**{key: value}), key) == value
    else:
        ((location, _),) = refused(slug="x", **{key: value})
        assert location == (key,)


@pytest.mark.parametrize(
    ("data", "read"),
    [
        ({"page_limit": "10"}, ("page_limit", 10)),  # the text YAML keeps of `page_limit: 10`
        ({"size_budget_kib": "+200"}, ("size_budget_kib", 200)),
        ({"render_time_limit_s": 60}, ("render_time_limit_s", 60)),
    ],
)
def test_a_whole_number_is_read_from_its_digits(data: dict[str, Any], read: tuple) -> None:
    assert getattr(settings(**data), read[0]) == read[1]


@pytest.mark.parametrize(
    ("data", "location", "kind"),
    [
        ({"page_limit": "10.0"}, ("page_limit",), "whole_number"),
        ({"page_limit": "1e3"}, ("page_limit",), "whole_number"),
        ({"page_limit": True}, ("page_limit",), "whole_number"),
        ({"page_limit": 10.0}, ("page_limit",), "whole_number"),
        ({"theme": {"type_scale": "1,1"}}, ("theme", "type_scale"), "real_number"),
        ({"theme": {"type_scale": ".nan"}}, ("theme", "type_scale"), "real_number"),
        ({"theme": {"shape": {"radius": "zwei"}}}, ("theme", "shape", "radius"), "real_number"),
    ],
)
def test_a_number_is_not_guessed_from_other_text(
    data: dict[str, Any], location: tuple, kind: str
) -> None:
    """What YAML 1.2 would not read as such a number is refused, where pydantic would take
    10.0, True or "1e3" as a whole number."""
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate({"slug": "x", **data})
    assert [(error["loc"], error["type"]) for error in caught.value.errors()] == [(location, kind)]


def test_page_format_is_one_of_the_designed_ones() -> None:
    read = settings(page={"size": "A5", "orientation": "portrait"})
    assert (read.page.size, read.page.orientation) == ("A5", "portrait")
    ((location, message),) = refused(slug="x", page={"size": "A3"})
    assert location == ("page", "size") and "'A4', 'A5' or 'letter'" in message


def test_colours_are_six_hex_digits_and_kept_in_lower_case() -> None:
    read = settings(theme={"colors": {"brand": "#0B5563", "panel": "#7a1f5c"}})
    assert (read.theme.colors.brand, read.theme.colors.panel) == ("#0b5563", "#7a1f5c")
    for wrong in ("teal", "#0b556", "0b5563", "#0b5563ff"):
        ((location, message),) = refused(slug="x", theme={"colors": {"brand": wrong}})
        assert location == ("theme", "colors", "brand")
        assert f"'{wrong}' is not a colour like" in message


@pytest.mark.parametrize(
    ("fonts", "valid"),
    [
        ({"text": "Noto Serif"}, True),
        (
            {"headings": {"regular": "fonts/House-Regular.ttf", "bold": "fonts/House-Bold.otf"}},
            True,
        ),
        ({"text": {"regular": "fonts/House-Regular.pdf"}}, False),
        ({"text": {"regular": "/usr/share/fonts/House.ttf"}}, False),
        ({"text": {"bold": "fonts/House-Bold.ttf"}}, False),  # no regular style
    ],
)
def test_fonts_are_a_family_name_or_files_in_the_folder(fonts: dict[str, Any], valid: bool) -> None:
    if valid:
        read = settings(theme={"fonts": fonts})
        for key, value in fonts.items():
            found = getattr(read.theme.fonts, key)
            assert found == value if isinstance(value, str) else isinstance(found, FontFiles)
    else:
        assert refused(slug="x", theme={"fonts": fonts})


def test_a_logo_is_a_picture_in_the_folder() -> None:
    assert settings(theme={"logos": {"dark": "images/logo.svg"}}).theme.logos.dark == (
        "images/logo.svg"
    )
    ((location, message),) = refused(slug="x", theme={"logos": {"dark": "http://x.org/l.svg"}})
    assert location == ("theme", "logos", "dark") and "not a URL" in message


@pytest.mark.parametrize(
    ("data", "location"),
    [
        ({"slgu": "x"}, ("slgu",)),
        ({"slug": "x", "theme": {"colours": {}}}, ("theme", "colours")),
        ({"slug": "x", "page": {"size": "A4", "margin": "1cm"}}, ("page", "margin")),
    ],
)
def test_an_unknown_key_is_refused_where_it_stands(data: dict[str, Any], location: tuple) -> None:
    with pytest.raises(ValidationError) as caught:
        Settings.model_validate(data)
    assert (location, "extra_forbidden") in [
        (error["loc"], error["type"]) for error in caught.value.errors()
    ]


def test_a_ready_made_theme_describes_itself() -> None:
    theme = ThemeFile.model_validate(
        {"description": "Sachlich", "page": {"size": "A4"}, "type_scale": 1.1}
    )
    assert (theme.description, theme.page.size, theme.type_scale) == ("Sachlich", "A4", 1.1)
    with pytest.raises(ValidationError):
        ThemeFile.model_validate({"page": {"size": "A4"}})
    with pytest.raises(ValidationError):
        ThemeFile.model_validate({"description": "zu groß", "type_scale": 2})
