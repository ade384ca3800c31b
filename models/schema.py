"""Generate the published JSON Schema from the models.

The checked-in ``document.schema.json`` is what integrators download; ``congvan schema
--write`` regenerates it and ``tests/test_schema.py`` fails when it is stale, so the
file can never drift from the code.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from congvan.models.document import SCHEMA_VERSION, Document

SCHEMA_PATH = Path(__file__).with_name("document.schema.json")
SCHEMA_ID = f"https://congvan.example/schema/document/{SCHEMA_VERSION}.json"


def json_schema() -> dict[str, Any]:
    """The Document JSON Schema (draft 2020-12) with id and version stamped in."""
    schema = Document.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "version": SCHEMA_VERSION,
        **schema,
    }


def render_schema() -> str:
    """The schema as the exact text we check in (stable key order, trailing newline)."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
