"""Read a stored Document, bringing one written by an older contract up to the current one.

The register keeps each letter's Document as JSON. Documents written before contract 1.3.0
hold the issuer in the header's capitals in ``issuer`` and have no ``issuer_as_written``; since
1.3.0 ``issuer`` is the register's sentence case and the header's form sits beside it. Reading
such a document moves the capitals to the ``*_as_written`` fields and gives the sentence case
(``extractors/organ_case``), so the XLSX, the API and the review DOCX show one convention for
old and new letters alike. Nothing else changes, and the stored row is rewritten only when the
letter is next saved.
"""

from __future__ import annotations

import json
from typing import Any

from congvan.extractors.organ_case import is_all_caps, register_case
from congvan.models import SCHEMA_VERSION, Document

# How every payload this contract writes begins (schema_version is the model's first field): a
# payload that begins so is current and is read once, with no upgrade pass.
_CURRENT = '{"schema_version":"' + SCHEMA_VERSION + '"'


def _older_than(version: str, target: tuple[int, ...]) -> bool:
    try:
        return tuple(int(part) for part in version.split(".")[:3]) < target
    except ValueError:
        return False


def upgrade(data: dict[str, Any]) -> dict[str, Any]:
    """The payload of a Document, with pre-1.3.0 issuer names in the register's case."""
    if not _older_than(str(data.get("schema_version", SCHEMA_VERSION)), (1, 3, 0)):
        return data
    data = dict(data)
    for name in ("issuer", "issuer_parent"):
        value = data.get(name)
        if data.get(f"{name}_as_written") is None and isinstance(value, str) and is_all_caps(value):
            data[f"{name}_as_written"] = value
            data[name] = register_case(value)
    data["schema_version"] = SCHEMA_VERSION
    return data


def _upgraded_text(payload: str) -> str | None:
    """The upgraded JSON of an older payload, or None when the payload needs no change."""
    if payload.lstrip().startswith(_CURRENT):
        return None
    data = json.loads(payload)
    upgraded = upgrade(data)
    return None if upgraded is data else json.dumps(upgraded, ensure_ascii=False)


def load_document(payload: str) -> Document:
    """A stored Document's JSON, upgraded to the current contract.

    Validated in pydantic's JSON mode, as the writers' own round trip is: Python mode reads some
    JSON values (dates, floats) differently, and a current payload must read back unchanged.
    """
    upgraded = _upgraded_text(payload)
    return Document.model_validate_json(payload if upgraded is None else upgraded)


def current_payload(payload: str) -> str:
    """A stored Document's JSON as the current contract writes it: the stored text itself when
    it is current (the API serves it unparsed), else the upgraded document re-serialised."""
    upgraded = _upgraded_text(payload)
    return payload if upgraded is None else Document.model_validate_json(upgraded).model_dump_json()
