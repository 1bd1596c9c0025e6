"""Money in every language's format, read back from the PDFs: a key figure written with a
currency sign as its prefix (as brochures were written before `currency:`), one with
`currency:`, and a table of amounts (a chart's values are drawn as paths: its words are tested
in tests/render/test_views.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from report.builder import run as builder
from report.cli import cli

from ..helpers import normalize, pdf_text

pytestmark = pytest.mark.e2e

SOURCE = """meta:
  title: Haushalt
  author: Test
pages:
  - kind: text
    title: Unser Jahr in Zahlen
    blocks:
      - paragraph: Was wir eingenommen und ausgegeben haben.
      - table: Ausgaben
        currency: EUR
        columns: [Posten, Betrag]
        rows:
          - [Miete, "12.400"]
          - [Druck, "860,5"]
      - chart: bars
        title: Spenden
        currency: GBP
        data:
          - { label: Sommerfest, value: "1.250" }
          - { label: Basar, value: "980" }
    figures:
      - prefix: "£"
        value: "486.200"
        label: an Fördermitteln
      - value: "1.234,5"
        currency: EUR
        label: im Monat
"""

TRANSLATION = """meta:
  title: {title}
  author: {title}
pages:
  - title: {title}
    blocks:
      - paragraph: {title}.
      - table: {title}
        columns: [{title}, {title}]
        rows:
          - [{title}, "12.400"]
          - [{title}, "860,5"]
      - title: {title}
        data:
          - label: {title}
          - label: {title}
    figures:
      - label: {title}
      - label: {title}
"""


@pytest.fixture(scope="module")
def money_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("money") / "haushalt"
    root.mkdir()
    (root / "brochure.yaml").write_text("slug: haushalt\nsource_language: de\n", encoding="utf-8")
    (root / "de.yaml").write_text(SOURCE, encoding="utf-8")
    for language, title in (("en", "Budget"), ("uk", "Бюджет")):
        (root / f"{language}.yaml").write_text(TRANSLATION.format(title=title), encoding="utf-8")
        accepted = CliRunner().invoke(cli, ["i18n", "accept", str(root), "--locale", language])
        assert accepted.exit_code == 0, accepted.output
    results = builder.build(root, output_dir=root / "output", strict=True)
    return {r.language: normalize(" ".join(pdf_text(Path(r.path)))) for r in results}


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", ["486.200 £", "1.234,50 €", "12.400 €", "860,50 €"]),
        ("en", ["£486,200", "€1,234.50", "€12,400", "€860.50"]),
        ("uk", ["486 200 GBP", "1 234,50 EUR", "12 400 EUR", "860,50 EUR"]),
    ],
)
def test_amounts_are_written_as_each_language_writes_money(
    money_pdfs: dict[str, str], language: str, expected: list[str]
) -> None:
    text = money_pdfs[language].replace("\u00a0", " ").replace("\u202f", " ")
    for amount in expected:
        assert amount in text
    assert text.count("486") == 1  # the sign written as the prefix is not printed as well
