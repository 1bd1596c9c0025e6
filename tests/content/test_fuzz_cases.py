"""What a mutation fuzzer found `report check` let through, or reported without a line (issue
18): each broken brochure is now refused by `report check` at its own place in the YAML, with a
message and a hint and no traceback. (The cases are told in detail beside the code they test:
test_load, test_yamlio, test_judge, test_translation, test_numbers, test_validate.)"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import cli

from ..helpers import edit, tiny

FIGURES_DE = """  - kind: text
    title: Zahlen
    blocks:
      - paragraph: Text
    figures:
      - value: "58"
        label: Akteure
  - kind: back
"""


def _settings(line: str) -> Callable[[Path], None]:
    def setup(root: Path) -> None:
        with (root / "brochure.yaml").open("a", encoding="utf-8") as settings:
            settings.write(line)

    return setup


def _source_language(root: Path) -> None:
    edit(root / "brochure.yaml", "source_language: de", "source_language: xx")


def _linked_out(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    shutil.move(root / "en.yaml", outside)
    (root / "en.yaml").symlink_to(outside)


def _figures(de: str = "58", en: str | None = None) -> Callable[[Path], None]:
    """A page of one key figure, `de` in the source; the translation restates it as `en`."""

    def setup(root: Path) -> None:
        edit(root / "de.yaml", "  - kind: back\n", FIGURES_DE.replace('"58"', f'"{de}"'))
        figures = f'    figures:\n      - value: "{en}"\n' if en is not None else ""
        edit(
            root / "en.yaml",
            "  - title: Thank you\n",
            f"  - title: Figures\n{figures}  - title: Thank you\n",
        )

    return setup


# What breaks the brochure, whether the check lays it out, and where and what it reports.
CASES = [
    pytest.param(
        _source_language,
        False,
        "brochure/brochure.yaml:2:18: source_language: there is no xx.yaml for the source "
        "language 'xx'",
        id="source-language-without-a-file",
    ),
    pytest.param(
        _linked_out,
        False,
        "brochure/en.yaml: is a link to",  # not read, so no line: named as the folder has it
        id="language-file-linked-from-outside",
    ),
    pytest.param(
        _settings("page_limit: 1\n"),
        True,
        "brochure/brochure.yaml:8:13: page_limit: 'tiny' [de] has 2 pages, more than the "
        "limit of 1",
        id="more-pages-than-the-limit",
        marks=pytest.mark.e2e,  # the pages are counted by laying them out
    ),
    pytest.param(
        _figures(en="1.2.3"),
        False,
        "brochure/en.yaml:9:16: pages[2].figures[1].value: '1.2.3' is not a number in English",
        id="restated-figure-no-number",
    ),
    pytest.param(
        _figures(en="\u0665\u0668"),
        False,
        "brochure/en.yaml:9:16: pages[2].figures[1].value: '\u0665\u0668' is not a number in "
        "English (English writes the digits 0-9)",
        id="restated-figure-in-arabic-digits",
    ),
    pytest.param(
        _figures(en="59"),
        False,
        "brochure/en.yaml:9:16: pages[2].figures[1].value: the number '59' is 59 in English",
        id="restated-figure-another-number",
    ),
    pytest.param(
        _figures(de="12345678901234567890123456789"),
        False,
        "brochure/de.yaml:13:16: pages[2].figures[1].value: '12345678901234567890123456789' "
        "has 29 digits; a number may have at most 15",
        id="figure-of-29-digits",
    ),
    pytest.param(
        _settings('page_limit: "10"\n'),
        False,
        "brochure/brochure.yaml:8:13: page_limit: expected a whole number, found '10' in quotes",
        id="page-limit-in-quotes",
    ),
]


@pytest.mark.parametrize(("breaks", "render", "reported"), CASES)
def test_report_check_refuses_it_at_its_place(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    breaks: Callable[[Path], None],
    render: bool,
    reported: str,
) -> None:
    breaks(tiny(tmp_path / "brochure"))
    monkeypatch.chdir(tmp_path)  # so that the places are shown as brochure/…
    result = CliRunner().invoke(cli, ["check", "brochure", *(["--render"] if render else [])])
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)  # a clean exit, not a crash
    assert "Traceback" not in result.output
    assert reported in result.output, result.output
    assert "    hint: " in result.output
