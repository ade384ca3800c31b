"""Turn a read review file into a corrected Document, or a clear reason why not.

Pure logic, no I/O: the caller (``flows/review_batch.py``) stores the result, and
``review_merge`` holds what an edit means for the Document. The rules:

- A value counts as edited only when its text differs from what the file was made with
  (the snapshot in the file) *and* it parses to a different value; untouched files, and
  edits that only change spacing or separators, change nothing.
- Every value a reviewer edited is validated; all problems are reported together, each
  naming the task, the field and the value. Nothing is applied if any is wrong.
- The file must be made from the register's current extraction (same fingerprint). If it
  is older and its edits are already in the register (the same file applied twice), the
  result is "no change"; otherwise it is refused with the fields that changed since.
- Audit entries are the field-level difference between the stored and the corrected
  Document, so the trail records exactly what changed, derived values included.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from congvan.models import Document, Task
from congvan.outputs import review_format as rf
from congvan.outputs.review_merge import Change, Edits, SourceReader, TaskEdit, apply_edits, diff_documents
from congvan.outputs.review_read import Control, ReviewFile, check_state

from congvan.text import compare_key, fold, nfc, squash

URGENCIES, STATUSES = rf.URGENCIES, rf.STATUSES
_TIME = re.compile(r"^(?P<date>\S+)\s+(?:lúc\s+)?(?P<h>\d{1,2})\s*(?:[:hg]|giờ)\s*(?P<m>\d{2})?\s*(?:phút)?$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"[;\n]")
_LINES_SPLIT = re.compile(r"[|\n]")


# ---------------------------------------------------------------------------- errors
class ReviewError(Exception):
    """A review file that cannot be applied; ``details`` lists every specific problem."""

    code = "review_error"

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n  - ".join([self.message, *self.details])


class NotAReviewFile(ReviewError):
    code = "not_a_review_file"


class UnknownDocument(ReviewError):
    code = "unknown_document"


class IncompleteReview(ReviewError):
    code = "missing_fields"


class InvalidReview(ReviewError):
    code = "invalid_value"


class StaleReview(ReviewError):
    code = "stale"


class ReviewerUnknown(ReviewError):
    code = "no_reviewer"


# ---------------------------------------------------------------------------- results
@dataclass
class ReviewPlan:
    """What applying one review file does to the register."""

    document: Document  # the corrected Document (the current one when nothing changes)
    changes: list[Change] = field(default_factory=list)
    mark_reviewed: bool = False  # the file marks the letter reviewed for the first time
    reviewer: str | None = None

    @property
    def changed(self) -> bool:
        return bool(self.changes) or self.mark_reviewed


@dataclass
class _Issue:
    where: str
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}, field {self.field}: {self.value!r} {self.reason}"


# ----------------------------------------------------------------------------- parsing
def _clean(text: str) -> str:
    return squash(nfc(text))


def match_choice(text: str, choices: tuple[str, ...]) -> str | None:
    wanted = fold(compare_key(text))
    for choice in choices:
        if compare_key(choice) == compare_key(text) or fold(compare_key(choice)) == wanted:
            return choice
    return None


def parse_value(spec: rf.FieldSpec, control: Control, pages: int | None = None) -> Any:
    """The typed value of one control; raises ValueError with a reason a clerk can act on.

    ``pages`` bounds a page number; None when the letter has no fixed pages (a DOCX is one
    "page" to congvan, but the reviewer sees it paginated by Word).
    """
    text = _clean(control.text)
    kind = spec.kind
    if kind == "check":
        state = check_state(control)
        if state is None:
            raise ValueError("is not a check mark (tick the box, type x, or leave it empty)")
        return state
    if kind == "text":
        return text or None
    if kind in ("list", "lines"):
        splitter = _LINES_SPLIT if kind == "lines" else _LIST_SPLIT
        return [_clean(part) for part in splitter.split(nfc(control.text)) if _clean(part)]
    if not text:
        if kind == "status":
            raise ValueError(f"is empty; the status must be one of: {', '.join(STATUSES)}")
        return None
    if kind == "date":
        return _date(text)
    if kind == "datetime":
        match = _TIME.match(text)
        if match:
            day = _date(match["date"])
            hour, minute = int(match["h"]), int(match["m"] or 0)
            if hour > 23 or minute > 59:
                raise ValueError("has an impossible time of day")
            return dt.datetime.combine(day, dt.time(hour, minute))
        return _date(text)
    if kind == "urgency":
        choice = match_choice(text, URGENCIES)
        if choice is None:
            raise ValueError(f"is not an urgency; use one of: {', '.join(URGENCIES)}, or leave it empty")
        return choice
    if kind == "status":
        choice = match_choice(text, STATUSES)
        if choice is None:
            raise ValueError(f"is not a status; use one of: {', '.join(STATUSES)}")
        return choice
    if kind == "page":
        if not text.isdigit() or int(text) < 1 or (pages is not None and int(text) > pages):
            raise ValueError("is not a page number of this letter" + (f" (1–{pages})" if pages else ""))
        return int(text)
    raise AssertionError(kind)


def _date(text: str) -> dt.date:
    from congvan.extractors.dates import parse_user_date

    try:
        return parse_user_date(text)
    except ValueError:
        raise ValueError("is not a date (write dd/mm/yyyy, e.g. 30/06/2024, or yyyy-mm-dd)") from None


def _untouched(control: Control, shown: str | bool) -> bool:
    if isinstance(shown, bool):
        return False  # check boxes are always parsed: their text is only a glyph
    return _clean(control.text) == _clean(shown)


# ------------------------------------------------------------------------------- plan
def plan_review(review: ReviewFile, current: Document | None, *, reviewed: bool = False,
                reviewer: str | None = None, source_reader: SourceReader | None = None) -> ReviewPlan:
    """Check one review file against the register's ``current`` Document and plan its changes.

    ``reviewed`` says whether the register already marks the letter reviewed; ``reviewer``
    overrides the file's last-modified-by; ``source_reader(path)`` reads the letter to place
    the evidence of a task the reviewer adds (optional).
    """
    if current is None:
        raise UnknownDocument(f"document {review.document_id} is not in this register "
                              "(was the file made from another output folder or database?)")
    base = review.base
    if base is not None and (base.id != review.document_id or rf.fingerprint(base) != review.fingerprint):
        raise NotAReviewFile("the file's extraction snapshot does not match its fingerprint (was it tampered with?)")
    fresh = rf.fingerprint(current) == review.fingerprint
    reference = base or (current if fresh else None)
    if reference is None:  # an older file that lost its snapshot: only "already applied" can be told
        try:
            edits = _read_edits(review, current, blind=True)
        except (IncompleteReview, InvalidReview) as exc:
            raise StaleReview("the file was made from an older extraction than the register's current one and "
                              "carries no snapshot to compare with; nothing was applied. Export a fresh review file.",
                              exc.details) from exc
    else:
        edits = _read_edits(review, reference, blind=False)
    target, orphans = apply_edits(current, edits, source_reader)
    newly_reviewed = edits.reviewed and not reviewed
    if not fresh:
        if target == current and not newly_reviewed and not orphans:
            return ReviewPlan(document=current)  # already applied: the same file again
        raise _stale(review, reference, current, target, newly_reviewed, orphans)
    changes = diff_documents(current, target)
    plan = ReviewPlan(document=target, changes=changes, mark_reviewed=newly_reviewed)
    if plan.changed:
        plan.reviewer = _reviewer(review, reviewer)
    return plan


def _reviewer(review: ReviewFile, explicit: str | None) -> str:
    if explicit and explicit.strip():
        return nfc(explicit.strip())
    name = review.last_modified_by
    if name and name != rf.GENERATOR:
        return name
    raise ReviewerUnknown("cannot tell who made these corrections: the file's 'last modified by' is "
                          f"{'empty' if not name else repr(name)}; give the reviewer's name with --reviewer")


def _read_edits(review: ReviewFile, reference: Document, *, blind: bool) -> Edits:
    """The reviewer's edits relative to ``reference`` (the extraction the file shows), all validated."""
    slots = {rf.task_slot(reference.id, t.id): t for t in reference.tasks}
    _check_structure(review, reference, blind)
    if blind:  # tasks added to the register after the file was made are not in it
        slots = {slot: task for slot, task in slots.items() if rf.make_key(slot, "action") in review.controls}
    issues = _unknown_keys(review.controls, slots)
    pages = max(reference.source.pages, 1) if reference.source.format == "pdf" else None
    edits = Edits()
    edits.doc, edits.reviewed = _doc_edits(review.controls, reference, issues)
    for slot, task in slots.items():
        edit = _task_edit(slot, task, review.controls, issues, pages)
        if edit.delete or edit.values:
            edits.tasks[task.id] = edit
    blank = {rf.split_key(k)[0] for k in review.controls if rf.NEW_SLOT.match(k.split(".")[0])}
    for slot in sorted(blank, key=lambda s: int(s[1:])):
        values = _new_task_values(slot, review.controls, issues, pages)
        if values is not None:
            edits.new_tasks.append((slot, rf.new_task_id(reference.id, review.fingerprint, slot), values))
    _check_assignees(reference, edits, issues)
    if issues:
        raise InvalidReview(f"{len(issues)} value(s) in the file are not valid; nothing was applied",
                            [str(issue) for issue in issues])
    return edits


def _check_structure(review: ReviewFile, reference: Document, blind: bool) -> None:
    """Every key written into the file is found again exactly once, or the file is refused."""
    problems = [f"{key} appears more than once (was a table row copied? use the blank rows to add tasks)"
                for key in sorted(set(review.duplicates))]
    expected = rf.expected_keys(reference)
    if blind:  # no snapshot and an older file: only the tasks the file shows can be expected
        shown = {parts[0] for parts in map(rf.split_key, review.controls) if parts}
        expected = {k for k in expected if k.split(".")[0] in shown | {rf.DOC_SLOT}}
    missing = sorted(expected - set(review.controls))
    if missing:
        problems.append("missing: " + ", ".join(missing[:20]) + (" …" if len(missing) > 20 else "")
                        + " (a field or a table row was deleted; to delete a task tick its «Xóa» box instead)")
    if problems:
        raise IncompleteReview("the file does not have the fields congvan wrote into it", problems)


def _unknown_keys(controls: dict[str, Control], slots: dict[str, Task]) -> list[_Issue]:
    """Keys that name no field we know, or a task the letter does not have."""
    issues = []
    for key, control in sorted(controls.items()):
        parts = rf.split_key(key)
        if parts is None:
            issues.append(_Issue("file", key, control.text, "is not a congvan field key"))
            continue
        slot, name = parts
        if slot == rf.DOC_SLOT:
            known = name in rf.DOC_SPECS
        elif rf.NEW_SLOT.match(slot):
            known = name in rf.NEW_TASK_SPECS
        elif slot in slots:
            known = name in rf.TASK_SPECS or name in rf.READONLY_FIELDS
        else:
            issues.append(_Issue(f"task {slot}", name, control.text, "belongs to a task this letter does not have"))
            continue
        if not known:
            issues.append(_Issue(_where(slot), name, control.text, "is not a field congvan knows"))
    return issues


def _doc_edits(controls: dict[str, Control], reference: Document, issues: list[_Issue]) -> tuple[dict[str, Any], bool]:
    """(edited metadata fields → new value, whether «Đã rà soát xong» is ticked)."""
    shown, typed = rf.doc_values(reference), _doc_typed(reference)
    edits: dict[str, Any] = {}
    reviewed = False
    for spec in rf.DOC_FIELDS:
        control = controls[rf.make_key(rf.DOC_SLOT, spec.name)]
        if spec.name != "reviewed" and _untouched(control, shown[spec.name]):
            continue
        try:
            value = parse_value(spec, control)
        except ValueError as exc:
            issues.append(_Issue("letter", f"{spec.name} ({spec.label})", control.text, str(exc)))
            continue
        if spec.name == "reviewed":
            reviewed = value
        elif value != typed[spec.name]:
            edits[spec.name] = value
    return edits, reviewed


def _where(slot: str) -> str:
    return "letter" if slot == rf.DOC_SLOT else (f"new task row {slot}" if rf.NEW_SLOT.match(slot) else f"task {slot}")


def _task_edit(slot: str, task: Task, controls: dict[str, Control], issues: list[_Issue],
               pages: int | None) -> TaskEdit:
    shown = rf.task_values(task)
    reference = _task_typed(task)
    edit = TaskEdit()
    for spec in rf.TASK_FIELDS:
        control = controls[rf.make_key(slot, spec.name)]
        if spec.name != "delete" and _untouched(control, shown[spec.name]):
            continue
        try:
            value = parse_value(spec, control, pages)
        except ValueError as exc:
            issues.append(_Issue(f"task {slot}", f"{spec.name} ({spec.label})", control.text, str(exc)))
            continue
        if spec.name == "delete":
            edit.delete = bool(value)
        elif value != reference[spec.name]:
            edit.values[spec.name] = value
    return edit


def _new_task_values(slot: str, controls: dict[str, Control], issues: list[_Issue],
                     pages: int | None) -> dict[str, Any] | None:
    """The parsed values of blank row ``slot``, or None when it was left blank (or ticked Xóa)."""
    present = {name: controls.get(rf.make_key(slot, name)) for name in rf.NEW_TASK_SPECS}
    missing = [name for name, control in present.items() if control is None]
    filled = [name for name, c in present.items()
              if c is not None and name not in ("status", "delete") and _clean(c.text)]
    if not filled:
        return None
    if missing:
        issues.append(_Issue(f"new task row {slot}", ", ".join(missing), "", "are missing from the row"))
        return None
    values: dict[str, Any] = {}
    for name, control in present.items():
        spec = rf.NEW_TASK_SPECS[name]
        if name == "status" and not _clean(control.text):
            values[name] = "chưa thực hiện"
            continue
        try:
            values[name] = parse_value(spec, control, pages)
        except ValueError as exc:
            issues.append(_Issue(f"new task row {slot}", f"{name} ({spec.label})", control.text, str(exc)))
    return None if values.get("delete") else values


def _check_assignees(reference: Document, edits: Edits, issues: list[_Issue]) -> None:
    """Every task a reviewer touched or added must name who acts (assignees or chủ trì)."""
    by_id = {t.id: t for t in reference.tasks}
    for task_id, edit in edits.tasks.items():
        if edit.delete:
            continue
        task = by_id[task_id]
        assignees = edit.values.get("assignees", task.assignees)
        lead = edit.values.get("lead", task.lead)
        if not assignees and not lead:
            slot = rf.task_slot(reference.id, task_id)
            issues.append(_Issue(f"task {slot}", "assignees (Đơn vị thực hiện)", "", "is empty: name at least one body"))
    for slot, _task_id, values in edits.new_tasks:
        if not values.get("assignees") and not values.get("lead"):
            issues.append(_Issue(f"new task row {slot}", "assignees (Đơn vị thực hiện)", "",
                                 "is empty: name at least one body"))


def _doc_typed(document: Document) -> dict[str, Any]:
    return {
        "doc_number": document.doc_number, "doc_type": document.doc_type, "issue_date": document.issue_date,
        "place": document.place, "issuer": document.issuer, "issuer_parent": document.issuer_parent,
        "subject": document.subject, "urgency": document.urgency, "signer_name": document.signer.name,
        "signer_title": document.signer.title, "signer_authority": list(document.signer.authority),
        "addressees": list(document.addressees), "cc": list(document.cc),
        "references": [r.doc_number for r in document.references if r.doc_number],
    }


def _task_typed(task: Task) -> dict[str, Any]:
    return {
        "action": task.action, "assignees": list(task.assignees), "lead": task.lead,
        "collaborators": list(task.collaborators), "deliverable": task.deliverable, "report_to": task.report_to,
        "due_date": task.deadline.date, "deadline_text": task.deadline.text, "status": task.status,
    }


# ------------------------------------------------------------------------------ stale
def _stale(review: ReviewFile, reference: Document | None, current: Document, target: Document,
           newly_reviewed: bool, orphans: list[str]) -> StaleReview:
    since = {(c.task_id, c.field) for c in diff_documents(reference, current)} if reference else set()
    wanted = diff_documents(current, target)
    details = [f"task {task_id}: edited in the file but no longer in the register (conflict)" for task_id in orphans]
    for change in wanted:
        where = f"task {change.task_id}" if change.task_id else "letter"
        clash = " (also changed in the register since: conflict)" if (change.task_id, change.field) in since else ""
        details.append(f"{where}, {change.field}: register has {_show(change.old)}, file wants {_show(change.new)}{clash}")
    if newly_reviewed:
        details.append("letter, reviewed: the file marks a version of the letter the reviewer did not see as reviewed")
    changed = sorted({f"{'task ' + t if t else 'letter'}: {f}" for t, f in since})
    if changed:
        details.append("changed in the register since the file was made: " + "; ".join(changed[:15]))
    return StaleReview(
        f"the file was made from an older extraction ({review.fingerprint}) than the register's current one "
        f"({rf.fingerprint(current)}); nothing was applied. Export a fresh review file "
        "(`congvan review export`) and redo these corrections:", details)


def _show(value: Any) -> str:
    return "(empty)" if value in (None, [], "") else repr(value)
