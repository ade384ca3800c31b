"""JSON files for downstream trackers: one Document per letter and a flat task feed.

Both are views of the register store, written atomically. ``tasks.json`` repeats each
task's document id, number, date and issuer so a tracker can use it without joining.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from congvan.models import SCHEMA_VERSION, Document
from congvan.outputs.atomic import write_text_atomic


def document_path(out: Path, doc: Document) -> Path:
    return out / "documents" / f"{doc.id}.json"


def write_document(out: Path, doc: Document) -> Path:
    path = document_path(out, doc)
    write_text_atomic(path, doc.model_dump_json(indent=2) + "\n")
    return path


def task_feed(entries: Iterable[tuple[int, dt.date, Document]]) -> dict[str, Any]:
    """The flat feed: every task with its document's identity."""
    tasks = []
    for number, received, doc in entries:
        for task in doc.tasks:
            tasks.append({
                **task.model_dump(mode="json"),
                "document_id": doc.id,
                "document_number": doc.doc_number,
                "document_type": doc.doc_type,
                "document_date": doc.issue_date.isoformat() if doc.issue_date else None,
                "document_issuer": doc.issuer,
                "incoming_no": number,
                "received_at": received.isoformat(),
            })
    return {"schema_version": SCHEMA_VERSION, "count": len(tasks), "tasks": tasks}


def write_task_feed(out: Path, entries: Iterable[tuple[int, dt.date, Document]]) -> Path:
    path = out / "tasks.json"
    write_text_atomic(path, json.dumps(task_feed(entries), ensure_ascii=False, indent=2) + "\n")
    return path
