"""JSON files for downstream trackers: one Document per letter and a flat task feed.

Both are views of the register store, written atomically. ``tasks.json`` repeats each
task's document id, number, date and issuer so a tracker can use it without joining.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from congvan.models import SCHEMA_VERSION, Document
from congvan.outputs.atomic import write_atomic, write_text_atomic
from congvan.outputs.exporters import Exporter, RowError, register


def document_path(out: Path, doc: Document) -> Path:
    return out / "documents" / f"{doc.id}.json"


def write_document(out: Path, doc: Document, text: str | None = None) -> Path:
    """Write ``OUT/documents/<id>.json`` atomically; ``text`` is the JSON when already rendered."""
    path = document_path(out, doc)
    write_text_atomic(path, text if text is not None else document_json(doc))
    return path


def document_json(doc: Document) -> str:
    """A document's JSON file content (the published contract, indented for people)."""
    return doc.model_dump_json(indent=2) + "\n"


def document_items(number: int, received: dt.date, doc: Document) -> list[dict[str, Any]]:
    """One document's tasks as feed items, with the document's identity repeated."""
    identity = {
        "document_id": doc.id,
        "document_number": doc.doc_number,
        "document_type": doc.doc_type,
        "document_date": doc.issue_date.isoformat() if doc.issue_date else None,
        "document_issuer": doc.issuer,
        "incoming_no": number,
        "received_at": received.isoformat(),
    }
    return [{**task.model_dump(mode="json"), **identity} for task in doc.tasks]


def feed_items(entries: Iterable[tuple[int, dt.date, Document]]) -> Iterator[dict[str, Any]]:
    """Every task of the register, flat, with its document's identity repeated."""
    for number, received, doc in entries:
        yield from document_items(number, received, doc)


def _feed_texts(entries: Iterable[tuple[int, dt.date, Document]], on_error: RowError | None,
                ) -> Iterator[bytes]:
    """Each feed item's text; a document whose tasks cannot be serialised is left out (``on_error``
    hears of it) rather than costing every tracker the whole feed."""
    for number, received, doc in entries:
        try:
            texts = [_item_text(item) for item in document_items(number, received, doc)]
        except Exception as exc:  # noqa: BLE001 (one letter must not stop the feed)
            if on_error is None:
                raise
            on_error(doc.id, "tasks.json", exc)
            continue
        yield from texts


def _item_text(item: dict[str, Any]) -> bytes:
    """A feed item as it sits in ``tasks.json`` (indented one level deeper than ``json.dumps`` gives)."""
    return json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ").encode("utf-8")


def task_feed(entries: Iterable[tuple[int, dt.date, Document]]) -> dict[str, Any]:
    """The flat feed as one object (small registers, tests); the batch streams it instead."""
    tasks = list(feed_items(entries))
    return {"schema_version": SCHEMA_VERSION, "count": len(tasks), "tasks": tasks}


def write_task_feed(out: Path, entries: Iterable[tuple[int, dt.date, Document]],
                    on_error: RowError | None = None) -> Path:
    """Write ``OUT/tasks.json`` atomically, one task at a time.

    Streamed so that a register of 10,000 letters never holds its whole feed in memory; the
    text is what ``json.dumps(task_feed(...), indent=2)`` would give, except that ``count``
    comes after ``tasks`` (it is known only at the end).
    """
    path = out / "tasks.json"

    def stream(fh: IO[bytes]) -> None:
        fh.write(b'{\n  "schema_version": ' + json.dumps(SCHEMA_VERSION).encode() + b',\n  "tasks": [')
        count = 0
        for text in _feed_texts(entries, on_error):
            fh.write((",\n    " if count else "\n    ").encode() + text)
            count += 1
        fh.write(("\n  ]" if count else "]") .encode() + f',\n  "count": {count}\n}}\n'.encode())

    write_atomic(path, stream)
    return path


register(Exporter("feed", "tasks.json", lambda out, entries, on_error: write_task_feed(out, entries(), on_error)))
