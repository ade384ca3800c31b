"""The published JSON Schema is generated from the models and never stale."""

import json

import jsonschema

from congvan.models import Document
from congvan.models.schema import SCHEMA_PATH, json_schema, render_schema
from congvan.pipeline import process_file
from conftest import LETTERS


def test_checked_in_schema_is_current():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == render_schema(), "run `congvan schema --write`"


def test_schema_carries_version_and_edxml_names():
    schema = json_schema()
    assert schema["version"] == Document.model_fields["schema_version"].default
    text = json.dumps(schema, ensure_ascii=False)
    for name in ("CodeNumber", "CodeNotation", "IssuedDate", "OrganName", "Subject", "Priority", "SignerInfo", "ToPlaces", "DueDate"):
        assert name in text


def test_extracted_documents_validate_against_schema():
    schema = json_schema()
    for path in sorted(LETTERS.glob("*.docx"))[:6]:
        document = process_file(path)
        jsonschema.validate(json.loads(document.model_dump_json()), schema)
        assert Document.model_validate_json(document.model_dump_json()) == document
