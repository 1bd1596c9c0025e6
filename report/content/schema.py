"""The JSON Schemas of the two kinds of file a brochure author writes, for editors that
complete keys and flag mistakes while one types (`report schema`)."""

from __future__ import annotations

from typing import Any

from report.content.model import Content
from report.content.settings import Settings


def json_schemas() -> dict[str, dict[str, Any]]:
    """JSON Schemas of the two file kinds, for editor autocompletion (`report schema`)."""
    schemas = {}
    for name, cls, title in (
        ("language.schema.json", Content, "Brochure content in one language (<language>.yaml)"),
        ("brochure.schema.json", Settings, "Brochure settings (brochure.yaml)"),
    ):
        schema = cls.model_json_schema(by_alias=True)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        schemas[name] = schema
    return schemas
