"""Problems a user can fix (report/base/errors.py): where they are is shown as the user sees
the folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.base.errors import Issue


def test_a_file_that_is_a_link_is_shown_under_its_own_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not under its target's name, which the user never sees in the folder; the folders on
    the way are resolved (a linked folder is shown where it leads)."""
    (tmp_path / "elsewhere.yaml").write_text("", encoding="utf-8")
    (tmp_path / "brochure").mkdir()
    (tmp_path / "brochure" / "en.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "linked").symlink_to(tmp_path / "brochure")
    monkeypatch.chdir(tmp_path)
    assert Issue(Path("brochure/en.yaml"), 3, 7, "x").location() == "brochure/en.yaml:3:7"
    assert Issue(tmp_path / "linked" / "en.yaml", 3, 7, "x").location() == "brochure/en.yaml:3:7"
    assert Issue(Path("/elsewhere/de.yaml"), None, None, "x").location() == "/elsewhere/de.yaml"
    assert Issue(Path("."), None, None, "x").location() == "."
