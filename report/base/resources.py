"""Where the tool's own templates, styles and fonts are.

In a checkout (and an editable install) they are the top-level `templates/`, `styles/` and
`themes/` folders; a built wheel carries them inside the package (pyproject.toml maps them
there), so an installed tool never depends on a source tree.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent  # report/


def _shipped(name: str) -> Path:
    inside = PACKAGE / name
    return inside if inside.is_dir() else PACKAGE.parent / name


TEMPLATES = _shipped("templates")
STYLES = _shipped("styles")
FONTS = STYLES / "fonts"
THEMES = _shipped("themes")
