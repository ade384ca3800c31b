"""The register store: the source of truth every output is rebuilt from.

SQLAlchemy 2 over any URL (embedded SQLite by default). A letter is identified by the
SHA-256 of its bytes, so the same file under another name is recorded as a duplicate
arrival, never a second row. Each letter gets its *số đến* (incoming number, sequential
within the year of receipt) in the same transaction that stores it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from congvan.models import Document, Task
from congvan.outputs.stored import load_document
from congvan.outputs.format_limits import column_text


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"
    __table_args__ = (UniqueConstraint("incoming_year", "incoming_no"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    incoming_year: Mapped[int] = mapped_column(Integer)
    incoming_no: Mapped[int] = mapped_column(Integer)
    received_at: Mapped[dt.date] = mapped_column(Date, index=True)
    processed_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    doc_number: Mapped[str | None] = mapped_column(String(120), index=True)
    doc_type: Mapped[str | None] = mapped_column(String(60), index=True)
    issuer: Mapped[str | None] = mapped_column(String(300), index=True)
    issue_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    subject: Mapped[str | None] = mapped_column(Text)
    payload: Mapped[str] = mapped_column(Text)  # the Document JSON, exactly as published


class TaskRow(Base):
    __tablename__ = "tasks"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    ordinal: Mapped[int] = mapped_column(Integer)
    lead: Mapped[str | None] = mapped_column(String(300), index=True)
    assignees: Mapped[list[str]] = mapped_column(JSON)
    due_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    deadline_kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(40), index=True)
    note: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class ChangeRow(Base):
    """An append-only change log; its id is the sync cursor trackers page through."""

    __tablename__ = "changes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(20))  # document | task
    entity_id: Mapped[str] = mapped_column(String(48), index=True)
    document_id: Mapped[str] = mapped_column(String(32), index=True)
    action: Mapped[str] = mapped_column(String(20))  # created | updated | deleted
    at: Mapped[dt.datetime] = mapped_column(DateTime)


class ArrivalRow(Base):
    """Every file seen in an inbox, including duplicates and failures: nothing goes unrecorded."""

    __tablename__ = "arrivals"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    path: Mapped[str] = mapped_column(Text)
    arrived_at: Mapped[dt.datetime] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # new | duplicate | quarantined
    document_id: Mapped[str | None] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int | None] = mapped_column(BigInteger)  # BIGINT: PostgreSQL's INTEGER is 32-bit
    mtime_ns: Mapped[int | None] = mapped_column(BigInteger)


class AuditRow(Base):
    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(String(32), index=True)
    task_id: Mapped[str | None] = mapped_column(String(48))
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str | None] = mapped_column(Text)
    new_value: Mapped[str | None] = mapped_column(Text)
    actor: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(40))
    at: Mapped[dt.datetime] = mapped_column(DateTime)


def default_url(out_dir: Path) -> str:
    return f"sqlite:///{(out_dir / 'register.sqlite').resolve()}"


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL and a busy timeout so a reader (API, XLSX export) never blocks the batch's writer."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class Register:
    """The incoming-document register (sổ văn bản đến)."""

    def __init__(self, url: str) -> None:
        if url.startswith("sqlite:///"):
            Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        Base.metadata.create_all(self.engine)
        self.session = sessionmaker(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    # -- writes ---------------------------------------------------------------------------
    def seen_paths(self) -> set[tuple[str, int, int]]:
        """(path, size, mtime_ns) of every file already handled, so an unchanged inbox is skipped fast."""
        with self.session() as s:
            rows = s.execute(select(ArrivalRow.path, ArrivalRow.size, ArrivalRow.mtime_ns))
            return {(p, size, mtime) for p, size, mtime in rows if size is not None}

    def add(self, document: Document, path: str, stat: tuple[int, int] | None = None) -> bool:
        """Store a new letter and its tasks in one transaction; False if its bytes were already stored."""
        with self.session.begin() as s:
            existing = s.scalar(select(DocumentRow.id).where(DocumentRow.sha256 == document.source.sha256))
            if existing is not None:
                s.add(ArrivalRow(sha256=document.source.sha256, path=path, arrived_at=_now(),
                                 outcome="duplicate", document_id=existing, **_stat(stat)))
                return False
            year = document.source.received_at.year
            last = s.scalar(select(func.max(DocumentRow.incoming_no)).where(DocumentRow.incoming_year == year))
            now = _now()
            s.add(DocumentRow(
                id=document.id, sha256=document.source.sha256, incoming_year=year, incoming_no=(last or 0) + 1,
                received_at=document.source.received_at, processed_at=now, updated_at=now,
                issue_date=document.issue_date, payload=document.model_dump_json(), **_indexed(document),
            ))
            s.flush()
            s.add(ChangeRow(entity="document", entity_id=document.id, document_id=document.id, action="created", at=now))
            for ordinal, task in enumerate(document.tasks, start=1):
                s.add(_task_row(document.id, ordinal, task))
                s.add(ChangeRow(entity="task", entity_id=task.id, document_id=document.id, action="created", at=now))
            s.add(ArrivalRow(sha256=document.source.sha256, path=path, arrived_at=now, outcome="new",
                             document_id=document.id, **_stat(stat)))
            return True

    def record_failure(self, sha256: str, path: str, reason: str, stat: tuple[int, int] | None = None) -> None:
        with self.session.begin() as s:
            s.add(ArrivalRow(sha256=sha256, path=path, arrived_at=_now(), outcome="quarantined", reason=column_text(reason),
                             **_stat(stat)))

    def note_problems(self, document_id: str, problems: list[str]) -> None:
        """Record on a letter's arrival what of its outputs could not be made (the reason column)."""
        text = column_text(" | ".join(problems))
        with self.session.begin() as s:
            arrival = s.scalars(select(ArrivalRow).where(ArrivalRow.document_id == document_id,
                                                         ArrivalRow.outcome == "new")
                                .order_by(ArrivalRow.id.desc()).limit(1)).first()
            if arrival is not None:
                arrival.reason = text

    def replace(self, document: Document, audits: list[tuple[str | None, str, object, object]] | None = None,
                actor: str = "?", source: str = "review", expected_payload: str | None = None) -> None:
        """Overwrite a stored document (after review), its audit entries in the same transaction.

        Tasks are rewritten and the số đến kept; a task that survives keeps its tracker note;
        only tasks whose content changed are logged as changes (so API versions of untouched
        tasks stay valid). ``audits`` are (task id, field, old, new). With ``expected_payload``
        the write happens only if the stored document is still that exact JSON (compare and
        swap), so two reviews racing on one letter cannot both pass a staleness check.
        """
        with self.session.begin() as s:
            row = s.get(DocumentRow, document.id)
            if row is None:
                raise KeyError(document.id)
            if expected_payload is not None and row.payload != expected_payload:
                raise StaleDocument(document.id)
            before = {t.id: t.model_dump_json() for t in Document.model_validate_json(row.payload).tasks}
            row.payload = document.model_dump_json()
            for name, value in _indexed(document).items():
                setattr(row, name, value)
            now = _now()
            row.issue_date, row.updated_at = document.issue_date, now
            notes = dict(s.execute(select(TaskRow.id, TaskRow.note).where(TaskRow.document_id == document.id)).all())
            s.query(TaskRow).filter(TaskRow.document_id == document.id).delete()
            s.add(ChangeRow(entity="document", entity_id=document.id, document_id=document.id, action="updated", at=now))
            for ordinal, task in enumerate(document.tasks, start=1):
                task_row = _task_row(document.id, ordinal, task)
                task_row.note = notes.get(task.id)
                s.add(task_row)
                if task.id not in before:
                    s.add(ChangeRow(entity="task", entity_id=task.id, document_id=document.id, action="created", at=now))
                elif before[task.id] != task.model_dump_json():
                    s.add(ChangeRow(entity="task", entity_id=task.id, document_id=document.id, action="updated", at=now))
            for gone in before.keys() - {t.id for t in document.tasks}:
                s.add(ChangeRow(entity="task", entity_id=gone, document_id=document.id, action="deleted", at=now))
            for task_id, field, old, new in audits or []:
                s.add(AuditRow(document_id=document.id, task_id=task_id, field=field, old_value=_text(old),
                               new_value=_text(new), actor=actor, source=source, at=now))

    def record_audit(self, document_id: str, task_id: str | None, field: str, old: object, new: object,
                     actor: str, source: str) -> None:
        """Append one audit entry (review correction, API status change, …)."""
        with self.session.begin() as s:
            s.add(AuditRow(document_id=document_id, task_id=task_id, field=field, old_value=_text(old),
                           new_value=_text(new), actor=actor, source=source, at=_now()))

    def audit_trail(self, document_id: str | None = None) -> list[AuditRow]:
        with self.session() as s:
            query = select(AuditRow).order_by(AuditRow.id)
            if document_id:
                query = query.where(AuditRow.document_id == document_id)
            return list(s.scalars(query))

    def set_task_status(self, task_id: str, status: str, note: str | None, actor: str, source: str) -> Document:
        """Change one task's status (and note) in the stored Document, audited; returns the Document."""
        with self.session.begin() as s:
            task_row = s.get(TaskRow, task_id)
            if task_row is None:
                raise KeyError(task_id)
            doc_row = s.get(DocumentRow, task_row.document_id)
            document = load_document(doc_row.payload)
            now = _now()
            for task in document.tasks:
                if task.id == task_id:
                    if task.status != status:
                        s.add(AuditRow(document_id=document.id, task_id=task_id, field="status", old_value=task.status,
                                       new_value=status, actor=actor, source=source, at=now))
                    if note is not None and note != task_row.note:
                        s.add(AuditRow(document_id=document.id, task_id=task_id, field="note", old_value=task_row.note,
                                       new_value=note, actor=actor, source=source, at=now))
                        task_row.note = note
                    task.status = status  # validated by the model on dump below
            document = Document.model_validate(document.model_dump())
            doc_row.payload = document.model_dump_json()
            doc_row.updated_at = now
            task_row.status, task_row.updated_at = status, now
            s.add(ChangeRow(entity="task", entity_id=task_id, document_id=document.id, action="updated", at=now))
            return document

    def changes_since(self, cursor: int, limit: int = 100) -> list[ChangeRow]:
        """Change-log entries after ``cursor`` in order; the last id is the next cursor."""
        with self.session() as s:
            return list(s.scalars(select(ChangeRow).where(ChangeRow.id > cursor).order_by(ChangeRow.id).limit(limit)))

    # -- reads ----------------------------------------------------------------------------
    def get(self, document_id: str) -> Document | None:
        with self.session() as s:
            row = s.get(DocumentRow, document_id)
            return load_document(row.payload) if row else None

    def entries(self) -> Iterator[tuple[int, dt.date, Document]]:
        """(số đến, ngày đến, Document) in register order."""
        with self.session() as s:
            rows = s.execute(  # streamed (a server-side cursor on PostgreSQL): 10,000 payloads never sit in memory at once
                select(DocumentRow.incoming_no, DocumentRow.received_at, DocumentRow.payload)
                .order_by(DocumentRow.incoming_year, DocumentRow.incoming_no)
                .execution_options(yield_per=200)
            )
            for number, received, payload in rows:
                yield number, received, load_document(payload)

    def count(self) -> int:
        with self.session() as s:
            return s.scalar(select(func.count()).select_from(DocumentRow)) or 0

    def arrival(self, path: str, stat: tuple[int, int]) -> ArrivalRow | None:
        """The latest arrival recorded for this exact file (path, size, mtime_ns), if any.

        The archiving batch uses it to finish moving a file whose rows were committed just
        before a crash: the row says whether it goes to archive/ or quarantine/, and why.
        """
        with self.session() as s:
            return s.scalar(
                select(ArrivalRow)
                .where(ArrivalRow.path == path, ArrivalRow.size == stat[0], ArrivalRow.mtime_ns == stat[1])
                .order_by(ArrivalRow.id.desc())
                .limit(1)
            )

    def update_task(self, task_id: str, status: str | None, note: str | None, actor: str, source: str,
                    expected_version: int | None = None) -> int:
        """Set a task's status and/or note, audited, if it is still at ``expected_version``.

        For the HTTP API's ``PATCH /tasks/{id}`` with ``If-Match``. A task's version is the id of
        its latest change-log entry. The task row is written to (which locks it, in SQLite the
        whole database) *before* its version is read, so two editors holding the same version
        cannot both succeed: the second gets :class:`TaskVersionConflict`. ``note=""`` clears
        the note, ``None`` leaves it. A request that changes nothing writes nothing and returns
        the current version, so a retried PATCH is harmless. Returns the task's new version.
        """
        from sqlalchemy import update  # local: keeps this API-only method's footprint to itself

        with self.session.begin() as s:
            if not s.execute(update(TaskRow).where(TaskRow.id == task_id).values(status=TaskRow.status)).rowcount:
                raise KeyError(task_id)
            version = s.scalar(select(func.max(ChangeRow.id))
                               .where(ChangeRow.entity == "task", ChangeRow.entity_id == task_id)) or 0
            if expected_version is not None and expected_version != version:
                raise TaskVersionConflict(task_id, expected_version, version)
            task_row = s.get(TaskRow, task_id, populate_existing=True)
            doc_row = s.get(DocumentRow, task_row.document_id)
            document = load_document(doc_row.payload)
            task = next((t for t in document.tasks if t.id == task_id), None)
            if task is None:  # row without payload entry: refuse rather than half-update
                raise KeyError(task_id)
            now, changed = _now(), False
            if status is not None and status != task.status:
                s.add(AuditRow(document_id=document.id, task_id=task_id, field="status", old_value=task.status,
                               new_value=status, actor=actor, source=source, at=now))
                task.status = status  # type: ignore[assignment]  # validated below
                changed = True
            note = column_text(note)  # as stored, so a NUL alone is no change
            if note is not None and (note or None) != task_row.note:
                s.add(AuditRow(document_id=document.id, task_id=task_id, field="note", old_value=task_row.note,
                               new_value=note or None, actor=actor, source=source, at=now))
                task_row.note = note or None
                changed = True
            if not changed:
                return version
            document = Document.model_validate(document.model_dump())
            doc_row.payload, doc_row.updated_at = document.model_dump_json(), now
            task_row.status, task_row.updated_at = task.status, now
            change = ChangeRow(entity="task", entity_id=task_id, document_id=document.id, action="updated", at=now)
            s.add(change)
            s.flush()
            return change.id

    def last_change_id(self) -> int:
        """The newest change-log id (0 for an empty register): a cheap 'has anything changed?'."""
        with self.session() as s:
            return s.scalar(select(func.max(ChangeRow.id))) or 0

    def document_ids(self) -> list[str]:
        with self.session() as s:
            return list(s.scalars(select(DocumentRow.id)))


def _stat(stat: tuple[int, int] | None) -> dict[str, int | None]:
    return {"size": stat[0], "mtime_ns": stat[1]} if stat else {"size": None, "mtime_ns": None}


def _task_row(document_id: str, ordinal: int, task: Task) -> TaskRow:
    due = task.deadline.date
    if isinstance(due, dt.datetime):
        due = due.date()
    return TaskRow(
        id=task.id, document_id=document_id, ordinal=ordinal, lead=column_text(task.lead, 300), assignees=task.assignees,
        due_date=due, deadline_kind=task.deadline.kind, status=task.status, note=None, updated_at=_now(),
    )


def _indexed(document: Document) -> dict[str, str | None]:
    """The document's copies in its own columns, for queries and indexes.

    Bounded to the column's length (PostgreSQL enforces ``VARCHAR(n)``) and without NUL: the
    value itself is kept whole in ``payload``, the published JSON, which is what is served.
    """
    return {"doc_number": column_text(document.doc_number, 120), "doc_type": column_text(document.doc_type, 60),
            "issuer": column_text(document.issuer, 300), "subject": column_text(document.subject)}


def _text(value: object) -> str | None:
    if value is None:
        return None
    return column_text(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str))


class TaskVersionConflict(Exception):
    """A task was changed by someone else since the version the editor read (HTTP 409)."""

    def __init__(self, task_id: str, expected: int, current: int) -> None:
        super().__init__(f"task {task_id} is at version {current}, not {expected}")
        self.task_id, self.expected, self.current = task_id, expected, current


class StaleDocument(Exception):
    """The stored document changed since the caller read it (a concurrent review or batch)."""

    def __init__(self, document_id: str) -> None:
        super().__init__(f"document {document_id} changed since it was read")
        self.document_id = document_id
