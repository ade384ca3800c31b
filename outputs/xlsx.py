"""The XLSX register a văn thư opens: "Sổ văn bản đến" and "Theo dõi nhiệm vụ".

Columns come from ``congvan/data/register_columns.toml`` so an office can reorder or
rename them without touching code. Dates are real date cells (sortable, filterable),
headers are frozen and filtered. openpyxl's write-only mode keeps memory flat for
registers with tens of thousands of rows.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from congvan.lexicon import register_columns
from congvan.models import Document, Task
from congvan.outputs.atomic import write_atomic
from congvan.outputs.exporters import Exporter, RowError, register
from congvan.outputs.format_limits import xlsx_text
from congvan.outputs.signature_text import signatures_summary

DATE_FORMAT = "DD/MM/YYYY"
# Excel's date cells run from 1900-01-01 to 9999-12-31; a date outside is shown as ISO text.
EXCEL_FIRST_DATE, EXCEL_LAST_DATE = dt.date(1900, 1, 1), dt.date(9999, 12, 31)
SHEET_INCOMING = "Sổ văn bản đến"
SHEET_TASKS = "Theo dõi nhiệm vụ"


def _as_date(value: dt.date | dt.datetime | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _signer(doc: Document) -> str | None:
    parts = [p for p in (doc.signer.title, doc.signer.name) if p]
    return " ".join(parts) or None


def _incoming_values(number: int, received: dt.date, doc: Document) -> dict[str, Any]:
    type_subject = " ".join(p for p in (doc.doc_type, doc.subject) if p) or None
    return {
        "received_at": received,
        "incoming_no": number,
        "issuer": doc.issuer,
        "doc_number": doc.doc_number,
        "issue_date": doc.issue_date,
        "type_and_subject": type_subject,
        "urgency": doc.urgency,
        "addressees": "; ".join(doc.addressees) or None,
        "signer": _signer(doc),
        "signatures": signatures_summary(doc),
        "task_count": len(doc.tasks),
        "notes": "; ".join(w.message for w in doc.warnings) or None,
    }


OPEN_STATUSES = ("chưa thực hiện", "đang thực hiện")


def days_overdue(task: Task, today: dt.date | None = None) -> int | None:
    """Days an open task is past its due date (as of ``today``), else None.

    Done and cancelled tasks are never overdue (their status says how they ended), and a
    recurring deadline's date is only its first occurrence, so it is not judged here.
    """
    due = _as_date(task.deadline.date)
    if due is None or task.status not in OPEN_STATUSES or task.deadline.kind == "recurring":
        return None
    late = ((today or dt.date.today()) - due).days
    return late if late > 0 else None


def _task_values(number: int, doc: Document, task: Task) -> dict[str, Any]:
    label = " ".join(p for p in (doc.doc_type, doc.doc_number or "(chưa rõ số)") if p)
    late = days_overdue(task)
    return {
        "incoming_no": number,
        "document": label,
        "action": task.action or (task.evidence.text if task.evidence else None),
        "lead": task.lead or ", ".join(task.assignees) or None,
        "collaborators": ", ".join(task.collaborators) or None,
        "due_date": _as_date(task.deadline.date),
        "deadline_text": task.deadline.text,
        "report_to": task.report_to,
        "evidence": task.evidence.text if task.evidence else None,
        "status": task.status,
        "overdue": "quá hạn" if late else None,
        "days_overdue": late,
        "note": None,
    }


Row = tuple[str, Callable[[], dict[str, Any]], dict[str, Any]]  # (document id, values, fallback values)


def _sheet(wb: Workbook, title: str, columns: list[dict[str, Any]], rows: Iterable[Row],
           on_error: RowError | None) -> None:
    ws = wb.create_sheet(title)
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.get("width", 15)
    ws.freeze_panes = "A2"
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1F4E78")
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column["header"])
        cell.font, cell.fill = header_font, header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    ws.append(header)
    count = 0
    wrap = Alignment(wrap_text=True, vertical="top")
    for doc_id, render, fallback in rows:
        try:
            values = render()
            cells = [_cell(ws, column, values.get(column["value"]), wrap) for column in columns]
        except Exception as exc:  # noqa: BLE001 (one letter's values must not cost the clerk the register)
            if on_error is not None:
                on_error(doc_id, title, exc)
            reason = f"không ghi được dòng này ({type(exc).__name__}); xem tệp JSON của văn bản"
            values = {**fallback, "notes": reason, "note": reason}
            cells = [_cell(ws, column, values.get(column["value"]), wrap) for column in columns]
        ws.append(cells)
        count += 1
    last = get_column_letter(len(columns))
    ws.auto_filter.ref = f"A1:{last}{count + 1}"


def _cell(ws: Any, column: dict[str, Any], value: Any, wrap: Alignment) -> WriteOnlyCell:
    """One cell, within what XLSX can hold (``format_limits``): text stays text, never a formula."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones: the wall-clock time as written
    if isinstance(value, dt.date) and not EXCEL_FIRST_DATE <= _as_date(value) <= EXCEL_LAST_DATE:
        value = value.isoformat()
    quote = False
    if isinstance(value, str):
        value, quote = xlsx_text(value)
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl makes any "=…" text a formula
        if quote:
            cell.quotePrefix = True  # and Excel would on editing "+…", "-…", "@…": shown as typed, never run
    if column.get("kind") == "date":
        cell.number_format = DATE_FORMAT
    elif column.get("width", 15) >= 30:
        cell.alignment = wrap
    return cell


def write_register(path: Path, entries: Callable[[], Iterable[tuple[int, dt.date, Document]]],
                   on_error: RowError | None = None) -> None:
    """Write both sheets atomically; ``entries`` is called once per sheet (register order).

    A letter whose values cannot be rendered gets a row that says so (``on_error`` hears of
    it) instead of failing the whole workbook: the clerk's register always has one row per
    registered letter.
    """
    columns = register_columns()
    wb = Workbook(write_only=True)
    _sheet(wb, SHEET_INCOMING, columns["incoming"], (
        (d.id, functools.partial(_incoming_values, n, r, d), {"incoming_no": n, "received_at": r})
        for n, r, d in entries()
    ), on_error)
    _sheet(wb, SHEET_TASKS, columns["tasks"], (
        (d.id, functools.partial(_task_values, n, d, t), {"incoming_no": n})
        for n, _r, d in entries() for t in d.tasks
    ), on_error)

    def save(fh: IO[bytes]) -> None:
        wb.save(fh)

    write_atomic(path, save)


register(Exporter("xlsx", "register.xlsx",
                  lambda out, entries, on_error: write_register(out / "register.xlsx", entries, on_error)))
