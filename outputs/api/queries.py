"""The read side of the API: filters, pages and the change feed, over the register's tables.

Structured filters (dates, status, document) run in SQL. Text filters (issuer, q, lead,
assignee) run in Python over a few light columns, because Vietnamese case and accent
folding (:mod:`.matching`) cannot be expressed portably in SQL and a register holds
thousands of rows, not millions. Only the requested page is then loaded in full.

Every item that carries a version reads it in the same SQL statement as its state, so the
``version`` a client sends back in ``If-Match`` always describes what it was shown.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, and_, func, not_, select
from sqlalchemy.orm import aliased

from congvan.models import Document
from congvan.outputs.stored import current_payload, load_document, upgrade
from congvan.outputs.api.matching import text_matcher
from congvan.outputs.api.models import (
    CLOSED_STATUSES,
    ChangeItem,
    ChangesPage,
    DocumentPage,
    DocumentSummary,
    TaskItem,
    TaskPage,
)
from congvan.outputs.store import ChangeRow, DocumentRow, Register, TaskRow

TaskSort = Literal["register", "due_date", "-due_date"]

VN = dt.timezone(dt.timedelta(hours=7), "ICT")  # Vietnam keeps no daylight saving time


def today_vn() -> dt.date:
    """Today's date in Vietnam: a task due "today" is not overdue until the office's day ends."""
    return dt.datetime.now(VN).date()


def _utc(moment: dt.datetime) -> dt.datetime:
    """The register stores naive UTC; the API says so (``…Z``), as RFC 3339 date-time requires."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _next_offset(total: int, limit: int, offset: int) -> int | None:
    return offset + limit if offset + limit < total else None


# -- documents ----------------------------------------------------------------------------
@dataclass(frozen=True)
class DocumentFilter:
    issuer: str | None = None
    doc_type: str | None = None
    issued_from: dt.date | None = None
    issued_to: dt.date | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    q: str | None = None


def list_documents(register: Register, f: DocumentFilter, limit: int, offset: int) -> DocumentPage:
    """A page of register entries in register order (year of receipt, số đến)."""
    query = select(DocumentRow.id, DocumentRow.issuer, DocumentRow.doc_type, DocumentRow.doc_number,
                   DocumentRow.subject).order_by(DocumentRow.incoming_year, DocumentRow.incoming_no)
    for column, low, high in ((DocumentRow.issue_date, f.issued_from, f.issued_to),
                              (DocumentRow.received_at, f.received_from, f.received_to)):
        if low is not None:
            query = query.where(column >= low)
        if high is not None:
            query = query.where(column <= high)
    issuer = text_matcher(f.issuer) if f.issuer else None
    doc_type = text_matcher(f.doc_type) if f.doc_type else None
    q = text_matcher(f.q) if f.q else None
    with register.session() as s:
        ids = [
            row.id for row in s.execute(query)
            if (issuer is None or issuer(row.issuer))
            and (doc_type is None or doc_type(row.doc_type))
            and (q is None or q(row.subject) or q(row.doc_number))
        ]
        page_ids = ids[offset:offset + limit]
        counts = (select(TaskRow.document_id, func.count()).where(TaskRow.document_id.in_(page_ids))
                  .group_by(TaskRow.document_id))
        task_counts: dict[str, int] = dict(s.execute(counts).tuples().all())
        rows = {r.id: r for r in s.scalars(select(DocumentRow).where(DocumentRow.id.in_(page_ids)))}
    items = [_summary(rows[i], task_counts.get(i, 0)) for i in page_ids if i in rows]
    return DocumentPage(items=items, total=len(ids), limit=limit, offset=offset,
                        next_offset=_next_offset(len(ids), limit, offset))


def _summary(row: DocumentRow, task_count: int) -> DocumentSummary:
    """A register entry's summary; the texts come from the payload, whole (the columns hold bounded copies)."""
    payload = upgrade(json.loads(row.payload))
    return DocumentSummary(
        id=row.id, incoming_year=row.incoming_year, incoming_no=row.incoming_no, received_at=row.received_at,
        doc_number=payload.get("doc_number"), doc_type=payload.get("doc_type"), issuer=payload.get("issuer"),
        issue_date=row.issue_date, subject=payload.get("subject"), urgency=payload.get("urgency"),
        task_count=task_count, updated_at=_utc(row.updated_at),
    )


def document_payload(register: Register, document_id: str) -> str | None:
    """The Document JSON exactly as stored, i.e. the same contract as ``OUT/documents/<id>.json``."""
    with register.session() as s:
        payload = s.scalar(select(DocumentRow.payload).where(DocumentRow.id == document_id))
    return current_payload(payload) if payload is not None else None


# -- tasks --------------------------------------------------------------------------------
@dataclass(frozen=True)
class TaskFilter:
    assignee: str | None = None
    lead: str | None = None
    status: str | None = None
    due_before: dt.date | None = None
    due_after: dt.date | None = None
    overdue: bool | None = None
    document_id: str | None = None
    sort: TaskSort = "register"


def _overdue(today: dt.date) -> Any:
    return and_(TaskRow.due_date.is_not(None), TaskRow.due_date < today, TaskRow.status.not_in(CLOSED_STATUSES))


def _task_order(query: Select[Any], sort: TaskSort) -> Select[Any]:
    register_order = (DocumentRow.incoming_year, DocumentRow.incoming_no, TaskRow.ordinal, TaskRow.id)
    if sort == "register":
        return query.order_by(*register_order)
    due = TaskRow.due_date.desc() if sort == "-due_date" else TaskRow.due_date.asc()
    return query.order_by(TaskRow.due_date.is_(None), due, *register_order)  # undated tasks last either way


def list_tasks(register: Register, f: TaskFilter, limit: int, offset: int, today: dt.date) -> TaskPage:
    """A page of tasks across the register."""
    query = select(TaskRow.id, TaskRow.lead, TaskRow.assignees).join(DocumentRow, DocumentRow.id == TaskRow.document_id)
    if f.status is not None:
        query = query.where(TaskRow.status == f.status)
    if f.document_id is not None:
        query = query.where(TaskRow.document_id == f.document_id)
    if f.due_after is not None:
        query = query.where(TaskRow.due_date >= f.due_after)
    if f.due_before is not None:
        query = query.where(TaskRow.due_date <= f.due_before)
    if f.overdue is not None:
        query = query.where(_overdue(today) if f.overdue else not_(_overdue(today)))
    query = _task_order(query, f.sort)
    lead = text_matcher(f.lead) if f.lead else None
    assignee = text_matcher(f.assignee) if f.assignee else None
    with register.session() as s:
        ids = [
            row.id for row in s.execute(query)
            if (lead is None or lead(row.lead))
            and (assignee is None or any(assignee(a) for a in row.assignees or ()))
        ]
        page_ids = ids[offset:offset + limit]
        items = _task_items(s, page_ids, today)
    by_id = {item.id: item for item in items}
    return TaskPage(items=[by_id[i] for i in page_ids if i in by_id], total=len(ids), limit=limit, offset=offset,
                    next_offset=_next_offset(len(ids), limit, offset))


def get_task(register: Register, task_id: str, today: dt.date) -> TaskItem | None:
    with register.session() as s:
        items = _task_items(s, [task_id], today)
    return items[0] if items else None


def _version_of(entity: str, id_column: Any) -> Any:
    """The entity's latest change-log id: its version, and the ETag of a task."""
    return (select(func.max(ChangeRow.id)).where(ChangeRow.entity == entity, ChangeRow.entity_id == id_column)
            .scalar_subquery())


def _task_items(s: Any, task_ids: list[str], today: dt.date) -> list[TaskItem]:
    """Task items with their versions, read in one statement (one consistent snapshot)."""
    if not task_ids:
        return []
    rows = s.execute(
        select(TaskRow, DocumentRow.payload, DocumentRow.incoming_no, DocumentRow.received_at,
               _version_of("task", TaskRow.id).label("version"))
        .join(DocumentRow, DocumentRow.id == TaskRow.document_id)
        .where(TaskRow.id.in_(task_ids))
    ).all()
    payloads: dict[str, dict[str, Any]] = {}
    items = []
    for task_row, payload, incoming_no, received_at, version in rows:
        doc = payloads.setdefault(task_row.document_id, upgrade(json.loads(payload)))
        task = next((t for t in doc["tasks"] if t["id"] == task_row.id), None)
        if task is None:  # the task table and the payload disagree: never serve a half-made item
            raise LookupError(f"task {task_row.id} is missing from its document's payload")
        items.append(TaskItem.model_validate({
            **task,
            "document_id": doc["id"], "document_number": doc.get("doc_number"), "document_type": doc.get("doc_type"),
            "document_date": doc.get("issue_date"), "document_issuer": doc.get("issuer"),
            "incoming_no": incoming_no, "received_at": received_at, "note": task_row.note,
            "overdue": bool(task_row.due_date and task_row.due_date < today and task_row.status not in CLOSED_STATUSES),
            "version": version or 0,
        }))
    return items


# -- changes ------------------------------------------------------------------------------
def changes_since(register: Register, since: int, limit: int, today: dt.date) -> ChangesPage:
    """Entities changed after ``since``, each once, at its latest change, with its current state.

    Each entity is delivered only at its *latest* change-log entry. An entity that changes
    again while a tracker pages is skipped where it was and delivered at its new position,
    which lies after the tracker's cursor: nothing is missed and no state is sent twice.
    """
    later = aliased(ChangeRow)
    latest = (select(func.max(later.id)).where(later.entity == ChangeRow.entity, later.entity_id == ChangeRow.entity_id)
              .scalar_subquery())
    with register.session() as s:
        rows = list(s.scalars(select(ChangeRow).where(ChangeRow.id > since, ChangeRow.id == latest)
                              .order_by(ChangeRow.id).limit(limit)))
        tasks = {t.id: t for t in _task_items(s, [r.entity_id for r in rows if r.entity == "task"], today)}
        documents = _documents_with_versions(s, [r.entity_id for r in rows if r.entity == "document"])
        newest = s.scalar(select(func.max(ChangeRow.id))) or 0
    items = []
    for row in rows:
        state, version = _current(row, tasks, documents)
        if version > row.id:
            continue  # changed again after this page was read: delivered at that later entry
        if row.action == "deleted":
            state = None
        elif state is None:
            continue  # deleted after this page was read: its tombstone comes later
        items.append(ChangeItem(
            cursor=row.id, entity=row.entity, id=row.entity_id, document_id=row.document_id, action=row.action,
            at=_utc(row.at), document=state if isinstance(state, Document) else None,
            task=state if isinstance(state, TaskItem) else None,
        ))
    next_cursor = rows[-1].id if rows else since
    return ChangesPage(items=items, next_cursor=next_cursor, has_more=next_cursor < newest)


def _current(row: ChangeRow, tasks: dict[str, TaskItem],
             documents: dict[str, tuple[Document, int]]) -> tuple[Document | TaskItem | None, int]:
    """The entity's state now and the version that state is at (0 if it no longer exists)."""
    if row.entity == "task":
        item = tasks.get(row.entity_id)
        return (item, item.version) if item else (None, 0)
    return documents.get(row.entity_id, (None, 0))


def _documents_with_versions(s: Any, ids: list[str]) -> dict[str, tuple[Document, int]]:
    if not ids:
        return {}
    rows = s.execute(select(DocumentRow.id, DocumentRow.payload, _version_of("document", DocumentRow.id))
                     .where(DocumentRow.id.in_(ids)))
    return {i: (load_document(payload), version or 0) for i, payload, version in rows}
