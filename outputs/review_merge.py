"""Apply a reviewer's validated edits to a Document, and diff two Documents field by field.

Separate from reading and validating (``review_apply``) because these are the rules about
*meaning*: how a new deadline phrase is read, where a pasted sentence sits in the letter,
that the chủ trì is one of the assignees, and which contract fields an audit entry names.
Applying the same edits to an already corrected Document changes nothing; that is what makes
a second application of one file a no-op.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from congvan.models import Deadline, Document, Evidence, Reference, Task
from congvan.outputs import review_format as rf

from congvan.text import compare_key

# Reads the letter itself (``congvan.readers.read_file``), to place a sentence a reviewer pasted.
SourceReader = Callable[[Path], Any]


@dataclass(frozen=True)
class Change:
    """One field of the stored Document that the review changes."""

    task_id: str | None
    field: str
    old: Any
    new: Any


@dataclass
class TaskEdit:
    """What a reviewer changed in one existing task."""

    values: dict[str, Any] = field(default_factory=dict)  # field name → parsed value (edited fields only)
    delete: bool = False


@dataclass
class Edits:
    """Everything a review file changes, already parsed and validated."""

    doc: dict[str, Any] = field(default_factory=dict)
    tasks: dict[str, TaskEdit] = field(default_factory=dict)  # task id → edit
    new_tasks: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)  # (blank row, new task id, values)
    reviewed: bool = False


# ------------------------------------------------------------------------------ apply
def apply_edits(current: Document, edits: Edits, source_reader: SourceReader | None) -> tuple[Document, list[str]]:
    """``current`` with the edits applied, and the ids of edited tasks it no longer has.

    Applying the same edits to an already corrected Document changes nothing, which is what
    makes a second application of one file a no-op.
    """
    doc = current.model_copy(deep=True)
    present = {t.id for t in doc.tasks}
    orphans = [task_id for task_id, edit in edits.tasks.items() if task_id not in present and not edit.delete]
    for name, value in edits.doc.items():
        _set_doc_field(doc, name, value)
    tasks: list[Task] = []
    for task in doc.tasks:
        edit = edits.tasks.get(task.id)
        if edit is not None and edit.delete:
            continue
        tasks.append(_revise_task(task, edit.values, doc) if edit else task)
    existing = {t.id: t for t in tasks}
    for _slot, task_id, values in edits.new_tasks:
        task = _new_task(task_id, values, doc, existing.get(task_id), source_reader)
        if task_id in existing:
            tasks[tasks.index(existing[task_id])] = task
        else:
            tasks.append(task)
    doc.tasks = tasks
    return Document.model_validate(doc.model_dump()), orphans


def _set_doc_field(doc: Document, name: str, value: Any) -> None:
    doc.confidence.pop(rf.contract_field(name), None)  # a person wrote it: no longer a machine's guess
    if name == "signer_name":
        doc.signer.name = value
    elif name == "signer_title":
        doc.signer.title = value
    elif name == "signer_authority":
        doc.signer.authority = value
    elif name == "references":
        doc.references = _references(doc.references, value)
    else:
        setattr(doc, name, value)


def _references(old: list[Reference], numbers: list[str]) -> list[Reference]:
    """Keep what was known about a cited number still listed; add the new ones bare; drop the rest."""
    known = {compare_key(r.doc_number): r for r in old if r.doc_number}
    kept = [known.get(compare_key(n)) or Reference(doc_number=n) for n in numbers]
    return kept + [r for r in old if not r.doc_number]


def _revise_task(task: Task, values: dict[str, Any], doc: Document) -> Task:
    update: dict[str, Any] = {k: v for k, v in values.items()
                              if k in ("action", "assignees", "lead", "collaborators", "deliverable", "report_to", "status")}
    if "due_date" in values or "deadline_text" in values:
        update["deadline"] = revise_deadline(task.deadline, values, doc)
    revised = task.model_copy(update=update)
    return _lead_among_assignees(revised)


def _lead_among_assignees(task: Task) -> Task:
    """The contract lists the chủ trì among the assignees; a reviewer may only have typed it once."""
    if task.lead and compare_key(task.lead) not in {compare_key(a) for a in task.assignees}:
        return task.model_copy(update={"assignees": [task.lead, *task.assignees]})
    return task


def revise_deadline(old: Deadline, values: dict[str, Any], doc: Document) -> Deadline:
    """A deadline after a reviewer changed its phrase, its date, or both.

    A new phrase is read with the extractor's own rules (so "trong 05 ngày làm việc" becomes a
    relative deadline with its date); a date the reviewer typed wins over the phrase's; a
    date on a deadline that had none makes it absolute; clearing both clears the deadline.
    """
    from congvan.extractors.deadlines import find_deadline

    deadline = old
    if "deadline_text" in values:
        text = values["deadline_text"]
        if text:
            found = find_deadline(text, doc.issue_date, doc.source.received_at)
            deadline = (found.deadline if found else old).model_copy(update={"text": text})
        else:
            deadline = old.model_copy(update={"text": None})
    if "due_date" in values:
        date = values["due_date"]
        if date is not None:
            update: dict[str, Any] = {"date": date}
            if deadline.kind in ("none", "urgent", "ongoing", "event"):
                update.update(kind="absolute", duration=None, working_days=False, anchor=None, rrule=None)
            deadline = deadline.model_copy(update=update)
        else:
            deadline = deadline.model_copy(update={"date": None, **({"kind": "none"} if deadline.kind == "absolute" else {})})
    if not deadline.text and deadline.date is None:
        return Deadline()
    return Deadline.model_validate(deadline.model_dump())


def _new_task(task_id: str, values: dict[str, Any], doc: Document, existing: Task | None,
              source_reader: SourceReader | None) -> Task:
    """The Task a reviewer wrote into a blank row (confidence 1: a person stated it)."""
    evidence = None
    if values.get("evidence"):
        page = values.get("page") or 1
        if existing and existing.evidence and existing.evidence.text == values["evidence"]:
            evidence = existing.evidence  # located when first applied; the source may have moved since
        else:
            evidence = locate_evidence(doc, page, values["evidence"], source_reader)
    task = Task(id=task_id, action=values.get("action"), assignees=values.get("assignees") or [],
                lead=values.get("lead"), collaborators=values.get("collaborators") or [],
                deliverable=values.get("deliverable"), report_to=values.get("report_to"),
                evidence=evidence, confidence=1.0, status=values.get("status") or "chưa thực hiện")
    deadline_values = {k: values[k] for k in ("due_date", "deadline_text") if values.get(k) is not None}
    if deadline_values:
        task = task.model_copy(update={"deadline": revise_deadline(Deadline(), deadline_values, doc)})
    return _lead_among_assignees(task)


def locate_evidence(doc: Document, page: int, text: str, source_reader: SourceReader | None) -> Evidence:
    """Evidence for a sentence a reviewer pasted, with its offsets when the letter can be read.

    Offsets are found by matching the sentence's words across any whitespace in the page's
    text. When the letter cannot be read or the sentence is not found, start = end = 0 marks
    the evidence as "not located" (the contract requires offsets).
    """
    if source_reader is not None:
        try:
            read = source_reader(Path(doc.source.path))
        except Exception:  # noqa: BLE001 - moved, deleted, unreadable: the sentence is still worth keeping
            read = None
        if read is not None:
            pattern = r"\s+".join(re.escape(word) for word in text.split())
            candidates = [page] + [p for p in range(1, read.pages + 1) if p != page]
            for number in candidates:
                match = re.search(pattern, read.page_text(number)) if pattern else None
                if match:
                    return Evidence(page=number, text=text, start=match.start(), end=match.end())
    return Evidence(page=page, text=text, start=0, end=0)


# ------------------------------------------------------------------------------ diffs
_DOC_AUDIT_FIELDS = ("doc_number", "doc_type", "issue_date", "place", "issuer", "issuer_parent", "subject", "urgency",
                     "addressees", "cc", "references")
_TASK_AUDIT_FIELDS = ("action", "assignees", "lead", "collaborators", "deliverable", "report_to", "status", "evidence")


def diff_documents(old: Document, new: Document) -> list[Change]:
    """Field-level differences, in the contract's field names (``signer.name``, ``deadline.date``…)."""
    a, b = old.model_dump(mode="json"), new.model_dump(mode="json")
    changes = [Change(None, name, a[name], b[name]) for name in _DOC_AUDIT_FIELDS if a[name] != b[name]]
    changes += [Change(None, f"signer.{name}", a["signer"][name], b["signer"][name])
                for name in ("name", "title", "authority") if a["signer"][name] != b["signer"][name]]
    old_tasks = {t["id"]: t for t in a["tasks"]}
    new_tasks = {t["id"]: t for t in b["tasks"]}
    for task_id, task in old_tasks.items():
        if task_id not in new_tasks:
            changes.append(Change(task_id, "task", _summary(task), None))
            continue
        other = new_tasks[task_id]
        changes += [Change(task_id, name, task[name], other[name]) for name in _TASK_AUDIT_FIELDS if task[name] != other[name]]
        changes += [Change(task_id, f"deadline.{name}", value, other["deadline"][name])
                    for name, value in task["deadline"].items() if value != other["deadline"][name]]
    for task_id, task in new_tasks.items():
        if task_id not in old_tasks:
            changes.append(Change(task_id, "task", None, _summary(task)))
    return changes


def _summary(task: dict[str, Any]) -> dict[str, Any]:
    return {k: task[k] for k in ("action", "assignees", "lead", "deadline", "status") if task.get(k)}
