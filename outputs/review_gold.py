"""Corrected documents as gold labels, in the format of ``samples/gold`` (see samples/README.md).

What reviewers corrected is exactly what ``congvan eval`` needs: the register's Document after
review, with the fields the labelling guide lists, in its key order. Tasks a reviewer deleted
are gone; tasks they added are in. Run-time fields (ids, confidence, status, offsets) are not
labels and are left out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from congvan.models import Document
from congvan.outputs.atomic import write_text_atomic

_DEADLINE_KEYS = ("text", "kind", "date", "duration", "working_days", "anchor", "rrule")


def gold_stem(document: Document) -> str:
    """The gold file's ``file``: the letter's file stem, which is how ``congvan eval`` pairs them."""
    return Path(document.source.path).stem


def to_gold(document: Document) -> dict[str, Any]:
    """One Document as a gold label (keys in the labelling guide's order)."""
    data = document.model_dump(mode="json")
    return {
        "file": gold_stem(document),
        "source_path": document.source.path,
        "received_at": data["source"]["received_at"],
        **{key: data[key] for key in ("doc_number", "doc_type", "issuer", "issuer_parent", "place", "issue_date",
                                       "subject", "urgency")},
        "signer": {key: data["signer"][key] for key in ("name", "title", "authority")},
        "addressees": data["addressees"],
        "cc": data["cc"],
        "references": [{key: ref[key] for key in ("doc_number", "doc_type", "issue_date", "issuer")}
                       for ref in data["references"]],
        "tasks": [_gold_task(task) for task in data["tasks"]],
    }


def _gold_task(task: dict[str, Any]) -> dict[str, Any]:
    evidence = task.get("evidence")
    return {
        **{key: task[key] for key in ("assignees", "lead", "collaborators", "action", "deliverable", "report_to")},
        "deadline": {key: task["deadline"][key] for key in _DEADLINE_KEYS},
        "evidence": {"page": evidence["page"], "text": evidence["text"]} if evidence else None,
    }


def write_gold(folder: Path, document: Document) -> Path:
    path = folder / f"{gold_stem(document)}.json"
    write_text_atomic(path, json.dumps(to_gold(document), ensure_ascii=False, indent=2) + "\n")
    return path
