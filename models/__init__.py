"""The contract: Pydantic models every stage produces or consumes, and their JSON Schema."""

from congvan.models.document import (
    SCHEMA_VERSION,
    Deadline,
    Document,
    Evidence,
    Reference,
    Signature,
    Signer,
    Source,
    Task,
    Warning,
    document_id,
)
from congvan.models.schema import SCHEMA_PATH, json_schema

__all__ = [
    "SCHEMA_PATH",
    "SCHEMA_VERSION",
    "Deadline",
    "Document",
    "Evidence",
    "Reference",
    "Signature",
    "Signer",
    "Source",
    "Task",
    "Warning",
    "document_id",
    "json_schema",
]
