"""The build as a user and a long-running process see it: CLI, outputs, overrides, reuse, a
failed build that keeps the earlier PDF, engine failures and runaway content."""

from __future__ import annotations

import shutil
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner

from report.base import resources
from report.base.errors import UserError
from report.builder import run as builder
from report.builder.variant import STYLESHEETS
from report.cli import cli
from report.content import model
from report.design import brochure as brochures
from report.design import theme
from report.pdf import engine as pdf
from report.render.html import Renderer

from ..helpers import SHIPPED, listed, normalize, pdf_text, run_cli, warning_template

pytestmark = pytest.mark.e2e

PDF_NAME = "lokale-buendnisse-befragung-2019-teil-2-de.pdf"


def test_copied_brochure_builds_anywhere(tmp_path: Path) -> None:
    """A brochure folder is self-contained: a copy elsewhere builds with the CLI."""
    copy = tmp_path / "somewhere" / "my-brochure"
    shutil.copytree(SHIPPED, copy)
    out = tmp_path / "pdfs"
    result = run_cli("build", str(copy), "--locale", "de", "--output", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert f"wrote {out / PDF_NAME}" in result.stdout
    assert "warning" not in result.stderr
    assert listed(out) == [PDF_NAME]


def test_build_is_reusable_in_one_process(brochure: Path, tmp_path: Path) -> None:
    """No hidden state: a second build in the same process sees the edited content."""
    (first,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert "Das macht Bündnisse stark!" in normalize(pdf_text(first.path)[2])
    file = brochure / "de.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "title: Das macht Bündnisse stark!", "title: Das macht Bündnisse sehr stark!"
        ),
        encoding="utf-8",
    )
    (second,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert "Das macht Bündnisse sehr stark!" in normalize(pdf_text(second.path)[2])


def test_stages_are_separate(brochure: Path) -> None:
    """Load, validate, HTML and PDF can each be called on their own."""
    loaded = brochures.load(brochure, ["de"])
    variant = loaded.variants["de"].content
    assert isinstance(variant, model.Content) and variant.pages[0].kind == "cover"
    html = Renderer(loaded.template_path, "de", loaded.theme, loaded.inputs).document(variant)
    assert '<html lang="de-DE" dir="ltr" class="landscape size-a4">' in html
    assert html.count('<section class="page') == 9
    rendered = pdf.render_pdf(
        html,
        base_dir=brochure,
        stylesheets=STYLESHEETS,
        allowed_roots=[brochure, resources.TEMPLATES, resources.STYLES],
        design=theme.stylesheet(loaded.theme),
        pictures=theme.font_files(loaded.theme),
    )
    assert rendered.page_count == 9 and rendered.pdf.startswith(b"%PDF-1.7")
    assert rendered.refused == [] and rendered.warnings == []


def test_brochure_overrides_one_template(brochure: Path, tmp_path: Path) -> None:
    """A file in the brochure's templates/ replaces just that template."""
    own = brochure / "templates" / "pages"
    own.mkdir(parents=True)
    original = (resources.TEMPLATES / "pages" / "cover.html").read_text(encoding="utf-8")
    (own / "cover.html").write_text(
        original.replace("{% if page.subtitle %}", "<p>Sonderausgabe</p>{% if page.subtitle %}"),
        encoding="utf-8",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    pages = [normalize(t) for t in pdf_text(result.path)]
    assert "Sonderausgabe" in pages[0]
    assert (
        "Das macht Bündnisse stark!" in pages[2]
    )  # the other templates still come from the project


def test_content_is_never_a_template(brochure: Path, tmp_path: Path) -> None:
    file = brochure / "de.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "title: Das macht Bündnisse stark!", 'title: "Das macht {{ 6 * 7 }} stark!"'
        ),
        encoding="utf-8",
    )
    (result,) = builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert "Das macht {{ 6 * 7 }} stark!" in normalize(pdf_text(result.path)[2])


def test_failed_build_keeps_the_earlier_pdf(brochure: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (good,) = builder.build(brochure, languages=["de"], output_dir=out)
    before = good.path.read_bytes()
    file = brochure / "de.yaml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("kind: cards", "kind: karten"), encoding="utf-8"
    )
    with pytest.raises(UserError, match="unknown page kind 'karten'"):
        builder.build(brochure, languages=["de"], output_dir=out)
    assert good.path.read_bytes() == before
    assert listed(out) == [PDF_NAME]


def test_engine_crash_names_brochure_language_and_page(
    brochure: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If WeasyPrint raises on some content, the user learns where, and nothing is written."""
    real_render = pdf.render_pdf

    def crashing_on_groups(html: str, **kwargs):  # type: ignore[no-untyped-def]
        if 'class="page inner groups' in html:
            raise AssertionError("assert not page_is_empty")  # as WeasyPrint 70 does
        return real_render(html, **kwargs)

    monkeypatch.setattr(pdf, "render_pdf", crashing_on_groups)
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / PDF_NAME
    earlier.write_bytes(b"%PDF earlier")
    with pytest.raises(UserError) as caught:
        builder.build(brochure, languages=["de"], output_dir=out)
    message = str(caught.value)
    assert "page 5 (kind 'groups')" in message
    assert "'lokale-buendnisse-befragung-2019-teil-2' [de]" in message
    assert "de.yaml" in message
    assert earlier.read_bytes() == b"%PDF earlier"
    assert listed(out) == [PDF_NAME]


def test_strict_mode_fails_on_engine_warnings(brochure: Path, tmp_path: Path) -> None:
    """An engine warning (here: a CSS property WeasyPrint ignores) fails the build in --strict."""
    warning_template(brochure)
    runner = CliRunner()
    relaxed = runner.invoke(
        cli, ["build", str(brochure), "--locale", "de", "--output", str(tmp_path)]
    )
    assert relaxed.exit_code == 0
    assert "warning [de]:" in relaxed.output and "no-such-property" in relaxed.output
    strict = runner.invoke(
        cli, ["build", str(brochure), "--locale", "de", "--output", str(tmp_path / "s"), "--strict"]
    )
    assert strict.exit_code == 1
    assert "layout engine warning" in strict.output
    assert not (tmp_path / "s" / PDF_NAME).exists()


def test_pdf_is_written_with_slug_and_language(tmp_path: Path) -> None:
    (result,) = builder.build(SHIPPED, languages=["de"], output_dir=tmp_path / "new" / "dir")
    assert result.path == tmp_path / "new" / "dir" / PDF_NAME
    with pikepdf.open(result.path) as document:
        assert len(document.pages) == result.pages == 9


def test_shipped_brochure_fits(shipped_build: builder.Output) -> None:
    assert shipped_build.misfits == []


def _long_list(brochure: Path, items: int, settings: str) -> None:
    file = brochure / "de.yaml"
    extra = "".join(f"\n          - Punkt {n} einer sehr langen Liste" for n in range(items))
    file.write_text(
        file.read_text(encoding="utf-8").replace(
            "          - Hauptamtlich bzw. ehrenamtlich Aktive",
            "          - Hauptamtlich bzw. ehrenamtlich Aktive" + extra,
        ),
        encoding="utf-8",
    )
    (brochure / "brochure.yaml").write_text(f"slug: runaway\n{settings}", encoding="utf-8")


def test_runaway_content_hits_the_page_limit(brochure: Path, tmp_path: Path) -> None:
    _long_list(brochure, 150, "page_limit: 5\n")
    with pytest.raises(UserError, match=r"has \d+ pages, more than the limit of 5"):
        builder.build(brochure, languages=["de"], output_dir=tmp_path)
    assert not (tmp_path / "runaway-de.pdf").exists()


def test_runaway_content_hits_the_render_time_limit(brochure: Path, tmp_path: Path) -> None:
    """5,000 list items: stopped by the time limit with a clear message, not a hang."""
    _long_list(brochure, 5000, "render_time_limit_s: 5\n")
    out = tmp_path / "out"
    with pytest.raises(UserError, match=r"took longer than 5 s and was stopped"):
        builder.build(brochure, languages=["de"], output_dir=out)
    assert listed(out) == []
