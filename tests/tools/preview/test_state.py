"""What the preview's state tells the page about its language."""

from __future__ import annotations

import json
from pathlib import Path

from report.content import load
from report.tools.preview.state import Preview


def _brochure(folder: Path, source: str) -> Path:
    folder.mkdir()
    (folder / "brochure.yaml").write_text(f"slug: s\nsource_language: {source}\n", encoding="utf-8")
    (folder / f"{source}.yaml").write_text("meta: {title: T}\n", encoding="utf-8")
    return folder


def test_the_interface_follows_the_source_language(tmp_path: Path) -> None:
    preview = Preview(_brochure(tmp_path / "b", "de"))
    assert preview.interface_language == "en"  # the folder is not read yet
    assert json.loads(preview.state_json()[1])["interface"] == "en-GB"
    preview.folder_read(load.open_folder(preview.root))
    assert preview.interface_language == "de"
    assert json.loads(preview.state_json()[1])["interface"] == "de-DE"
    turkish = Preview(_brochure(tmp_path / "t", "tr"))
    turkish.folder_read(load.open_folder(turkish.root))
    assert turkish.interface_language == "en"  # no translation of the page's words
