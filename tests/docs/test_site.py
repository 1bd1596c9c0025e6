"""The guide as a site: it builds with no warning (links and anchors checked), its key reference
is the one the content model gives, the README leads to every task within a click, and the
example checker of tests/docs/guide.py can tell a wrong output from a right one."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from report.content import reference

from . import guide

ROOT = guide.DOCS.parent
ZENSICAL = Path(sys.executable).parent / "zensical"


def _nav() -> list[str]:
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    return [next(iter(entry.values())) for entry in config["nav"]]


def test_the_key_reference_is_the_one_the_content_model_gives() -> None:
    assert (guide.DOCS / "reference.md").read_text(encoding="utf-8") == reference.markdown(), (
        "docs/reference.md is out of date: run `make docs`"
    )


def test_every_key_of_the_reference_says_what_it_is() -> None:
    rows = re.findall(r"^\| `([^`]+)` \|.*\| (.*) \|$", reference.markdown(), re.MULTILINE)
    assert rows
    assert [key for key, what in rows if not what.strip()] == []


@pytest.mark.skipif(not ZENSICAL.exists(), reason="zensical is installed by `make test`")
def test_the_guide_builds_without_a_warning(tmp_path: Path) -> None:
    shutil.copytree(guide.DOCS, tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    done = subprocess.run(
        [str(ZENSICAL), "build", "--strict"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "warning" not in output.lower(), output
    for page in _nav():
        html = tmp_path / "site" / page.replace(".md", ".html")
        assert html.exists(), page
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"<(link|script)[^>]+(https?:)?//", index), "the site fetches from outside"


def test_every_page_of_docs_is_in_the_navigation_and_back() -> None:
    assert sorted(_nav()) == guide.pages()


def test_the_readme_is_short_and_links_to_every_task() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(text.splitlines()) < 200
    targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t)]
    assert [t for t in local if not (ROOT / t).exists()] == []
    linked = {Path(t).name for t in local if t.startswith("docs/")}
    assert set(_nav()) - {"index.md"} <= linked


def test_every_yaml_example_says_where_it_belongs() -> None:
    unmarked = [
        b.where
        for page in guide.pages_and_readme()
        for b in guide.blocks(page)
        if b.language == "yaml" and b.kind not in guide.KINDS
    ]
    assert unmarked == []


def test_a_shown_output_must_match_line_by_line() -> None:
    assert guide.matches(
        ["wrote out/a-en.pdf (2 pages, 70 KiB, 3.3 s)"],
        ["wrote out/a-en.pdf (2 pages, 69 KiB, 1.0 s)"],
    )
    assert not guide.matches(["wrote out/a-en.pdf (2 pages)"], ["wrote out/a-en.pdf (3 pages)"])
    assert not guide.matches(["a", "b"], ["a"])
    assert not guide.matches(["a"], ["a", "b"])


def test_three_dots_stand_for_any_lines_and_only_lines() -> None:
    assert guide.matches(["first", "...", "last"], ["first", "x", "y", "last"])
    assert guide.matches(["first", "...", "last"], ["first", "last"])
    assert not guide.matches(["first", "...", "last"], ["first", "x", "lost"])
    assert not guide.matches(["fir..."], ["first"])


def test_markers_and_fences_are_read_as_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "page.md").write_text(
        "# Page\n\n<!-- example: blocks broken -->\n```yaml\n- paragraph: x\n```\n\n"
        "text\n\n```yaml\nnot: marked\n```\n\n!!! tip\n    ```console\n    $ report x\n"
        "    out\n    ```\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(guide, "DOCS", tmp_path)
    first, second, third = guide.blocks("page.md")
    assert (first.kind, first.broken, first.line) == ("blocks", True, 4)
    assert second.marker is None
    assert guide.steps(third) == [guide.Step("report x", ["out"])]
