"""The JSON schemas editors validate content files with (report/content/schema.py): the published
ones (content/*.schema.json) are the model's."""

from __future__ import annotations

import json

from report.content import schema

from ..helpers import SHIPPED


def test_published_schema_is_current() -> None:
    """content/*.schema.json match the model (regenerate with `report schema`)."""
    for name, document in schema.json_schemas().items():
        committed = json.loads((SHIPPED.parent / name).read_text(encoding="utf-8"))
        assert committed == document, f"{name} is stale: run `.venv/bin/report schema`"
