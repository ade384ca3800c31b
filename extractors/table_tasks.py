"""Tasks from the rows of assignment tables (layout/tables.py; samples/README.md, "Assignment tables").

A row's roles are given by its columns, not by its wording: the doer column's bodies are the
assignees (the first the lead when the column says chủ trì), the phối hợp column's the
collaborators, the time column's cell the deadline. So this needs none of the sentence rules of
``tasks``; it only reuses how a list of bodies is split (``bodies.split_bodies``) and how a time is
read (``deadlines.cell_deadline``). A second doer column with a duty of its own ('Cơ quan chủ trì
thẩm tra' beside 'Cơ quan trình') gives a second task on the same row.
"""

from __future__ import annotations

import datetime as dt

from congvan.extractors.bodies import split_bodies
from congvan.extractors.deadlines import Found, cell_deadline
from congvan.extractors.options import ExtractionOptions
from congvan.extractors.roles import report_to as report_to_in
from congvan.layout.tables import DOERS, Row, Table
from congvan.models import Deadline, Evidence, Task
from congvan.readers.base import Line
from congvan.text import squash


def _cell(lines: list[Line], row: Row, column: int | None) -> str:
    if column is None or column >= len(row.cells):
        return ""
    return squash(" ".join(lines[i].text for i in row.cells[column])).strip(" ;,")


def _bodies(cell: str) -> list[str]:
    return [b for b in split_bodies(cell.rstrip(". ")) if b] if cell else []


def _first(columns: list[int]) -> int | None:
    return columns[0] if columns else None


def _evidence(lines: list[Line], row: Row, number_columns: list[int]) -> Evidence | None:
    """The row's cells in order, without the STT cell, as one whitespace-collapsed text."""
    own = [i for c, cell in enumerate(row.cells) if c not in row.inherited and c not in number_columns for i in cell]
    if not own:
        return None
    own.sort()
    first = lines[own[0]]
    on_page = [lines[i] for i in own if lines[i].page == first.page]
    end = on_page[-1].start + len(on_page[-1].text)
    return Evidence(page=first.page, text=squash(" ".join(lines[i].text for i in own)), start=first.start, end=end)


def row_tasks(table: Table, lines: list[Line], *, letter_date: dt.date | None, received: dt.date,
              options: ExtractionOptions) -> list[Task]:
    """A task for every row of the table that names a body in a doer column (one per such column).

    The task ids are placeholders: ``tasks.extract_tasks`` numbers all tasks in reading order.
    """
    doers = [c for c, column in enumerate(table.columns) if column.kind in DOERS]
    numbers = table.kind_columns("number")
    task_column = _first(table.kind_columns("task"))
    collab_column = _first(table.kind_columns("collab"))
    deadline_column = _first(table.kind_columns("deadline"))
    deliverable_column = _first(table.kind_columns("deliverable"))
    report_column = _first(table.kind_columns("report_to"))
    out: list[Task] = []
    for row in table.rows:
        evidence = _evidence(lines, row, numbers)
        if evidence is None:
            continue
        what = _cell(lines, row, task_column)
        time = _cell(lines, row, deadline_column)
        found: Found | None = cell_deadline(time, letter_date, received) if time else None
        deadline = found.deadline if found else Deadline(kind="none")
        deliverable = _cell(lines, row, deliverable_column) or None
        report_to = _cell(lines, row, report_column) or (report_to_in(what) if what else None)
        collaborators = _bodies(_cell(lines, row, collab_column))
        for n, column in enumerate(doers):
            assignees = _bodies(_cell(lines, row, column))
            if not assignees:
                continue
            leads = table.columns[column].kind == "lead"
            confidence = options.confidence.table_row
            if deadline.kind == "none":
                confidence = max(0.0, confidence - options.confidence.no_deadline_penalty)
            task = Task(
                id="",
                assignees=assignees,
                lead=assignees[0] if leads else None,
                collaborators=[c for c in collaborators if c not in assignees] if n == 0 else [],
                action=(what[: options.action_max_chars] or None) if what else None,
                deliverable=deliverable,
                report_to=report_to,
                deadline=deadline,
                evidence=evidence,
                confidence=round(confidence, 2),
                rules=["task.table_row" + (".lead_column" if leads else ".doer_column"), *([found.rule] if found and found.rule else [])],
            )
            out.append(task)
    return out


__all__ = ["row_tasks"]
