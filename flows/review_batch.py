"""The review round trip as plain functions: export review files, apply corrected ones, export gold.

``congvan review`` calls these directly; the Prefect flow in ``apply_reviews.py`` wraps the
same functions, as ``process_inbox.py`` wraps ``batch.py``. Nothing here imports Prefect.

Applying a file: read it, plan it against the register (``outputs/review_apply.py``), and only
if the whole plan is valid store it: ``Register.replace`` with the corrected Document, one audit
entry per changed field, the Document's JSON, a fresh review file (the old one now describes an
older extraction), and finally the feed and the XLSX, rebuilt once per batch.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from congvan.flows.outcome import Problem
from congvan.models import Document
from congvan.outputs.atomic import write_text_atomic
from congvan.outputs.json_feed import write_document
from congvan.outputs.review_apply import NotAReviewFile, ReviewError, ReviewPlan, plan_review
from congvan.outputs.review_export import BLANK_ROWS, write_review
from congvan.outputs.review_gold import gold_stem, write_gold
from congvan.outputs.review_merge import Change
from congvan.outputs.review_read import ReviewFile, ReviewFormatError, read_review
from congvan.outputs.store import Register

from congvan.text import compare_key

AUDIT_SOURCE = "review"  # audit entries written by applying a review file
STATUS_SOURCE = "review-status"  # audit entries written by `congvan review status`


@dataclass
class Applied:
    """What happened to one review file."""

    path: Path
    status: str = "pending"  # applied | unchanged | rejected | planned (dry run)
    document_id: str | None = None
    reviewer: str | None = None
    changes: list[Change] = field(default_factory=list)
    marked_reviewed: bool = False
    error: ReviewError | None = None


# ----------------------------------------------------------------------------- export
def select_documents(register: Register, selectors: Iterable[str] = ()) -> list[Document]:
    """Documents named by id, id prefix (≥ 6 characters) or số ký hiệu; all when none is given."""
    documents = [doc for _n, _r, doc in register.entries()]
    wanted = list(selectors)
    if not wanted:
        return documents
    chosen: list[Document] = []
    for selector in wanted:
        key = compare_key(selector)
        hits = [d for d in documents if d.id == selector or (len(selector) >= 6 and d.id.startswith(selector))]
        hits = hits or [d for d in documents if d.doc_number and compare_key(d.doc_number) == key]
        if not hits:
            raise LookupError(f"no document in the register matches {selector!r} (give an id or a số ký hiệu)")
        chosen.extend(d for d in hits if d not in chosen)
    return chosen


def export_reviews(register: Register, out: Path, selectors: Iterable[str] = (), blank_rows: int = BLANK_ROWS) -> list[Path]:
    """Write ``OUT/review/*.docx`` for the selected (default: all) documents."""
    return [write_review(out, doc, blank_rows) for doc in select_documents(register, selectors)]


# ------------------------------------------------------------------------------ apply
def is_reviewed(register: Register, document_id: str) -> bool:
    return any(row.field == "reviewed" and row.new_value == "true" for row in register.audit_trail(document_id))


def read_source(path: Path):  # -> ReadDocument
    """Read the letter itself, to place a sentence a reviewer pasted for a task they added."""
    from congvan.readers import read_file

    return read_file(path)


def read_review_file(path: Path) -> ReviewFile:
    """Read one review file; a file we did not make is a :class:`NotAReviewFile`."""
    try:
        return read_review(path.read_bytes())
    except ReviewFormatError as exc:
        raise NotAReviewFile(f"{path.name}: {exc}") from exc
    except OSError as exc:
        raise NotAReviewFile(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc


def plan_file(register: Register, path: Path, reviewer: str | None = None) -> tuple[ReviewFile, ReviewPlan]:
    """Read and check one file against the register; raises ReviewError, never writes."""
    review = read_review_file(path)
    current = register.get(review.document_id)
    plan = plan_review(review, current, reviewed=current is not None and is_reviewed(register, current.id),
                       reviewer=reviewer, source_reader=read_source)
    return review, plan


def store_plan(register: Register, out: Path, plan: ReviewPlan) -> None:
    """Write one planned review: register, audit trail, the letter's JSON and a fresh review file."""
    doc = plan.document
    actor = plan.reviewer or "?"
    if plan.changes:
        # one transaction: the new document, its task rows (notes kept) and the audit entries
        register.replace(doc, [(c.task_id, c.field, c.old, c.new) for c in plan.changes], actor, AUDIT_SOURCE)
    if plan.mark_reviewed:
        register.record_audit(doc.id, None, "reviewed", False, True, actor, AUDIT_SOURCE)
    write_document(out, doc)
    write_review(out, doc)


def apply_review(register: Register, out: Path, path: Path, reviewer: str | None = None,
                 dry_run: bool = False) -> Applied:
    """Apply one review file (never raises for a bad file: the reason is in ``Applied.error``)."""
    result = Applied(path)
    try:
        review, plan = plan_file(register, path, reviewer)
    except ReviewError as exc:
        result.status, result.error = "rejected", exc
        return result
    result.document_id, result.reviewer = review.document_id, plan.reviewer
    result.changes, result.marked_reviewed = plan.changes, plan.mark_reviewed
    if not plan.changed:
        result.status = "unchanged"
    elif dry_run:
        result.status = "planned"
    else:
        store_plan(register, out, plan)
        result.status = "applied"
    return result


def apply_reviews_to(register: Register, out: Path, paths: Iterable[Path], reviewer: str | None = None,
                     dry_run: bool = False, apply_one: Callable[..., Applied] = apply_review) -> list[Applied]:
    """Apply files in order (a later file sees the earlier ones), then rebuild the feed and XLSX once."""
    results = [apply_one(register, out, path, reviewer, dry_run) for path in paths]
    if any(r.status == "applied" for r in results):
        rebuild_outputs(register, out)
    return results


def rebuild_outputs(register: Register, out: Path) -> list[Problem]:
    """The batch's own export (tasks.json, register.xlsx), imported late: it pulls in the extractor.

    Returns what could not be written; the next export tries it again."""
    from congvan.flows.batch import export

    return export(register, out)


def review_files(folder: Path) -> list[Path]:
    """The .docx files waiting in a folder (not Word's ``~$`` lock files, not hidden files)."""
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() == ".docx" and not p.name.startswith(("~$", ".")))


def consume_folder(register: Register, out: Path, folder: Path, reviewer: str | None = None,
                   apply_one: Callable[..., Applied] = apply_review) -> list[Applied]:
    """Apply every review file in ``folder`` and move it to ``applied/`` or ``rejected/`` (with the reason)."""
    folder.mkdir(parents=True, exist_ok=True)
    results = apply_reviews_to(register, out, review_files(folder), reviewer, apply_one=apply_one)
    for result in results:
        target = _move(result.path, folder / ("rejected" if result.status == "rejected" else "applied"))
        if result.error is not None:
            report = {"file": result.path.name, "code": result.error.code, "reason": result.error.message,
                      "details": result.error.details, "at": dt.datetime.now().isoformat(timespec="seconds")}
            write_text_atomic(target.with_name(target.name + ".error.json"),
                              json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return results


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target, n = folder / path.name, 1
    while target.exists():
        n += 1
        target = folder / f"{path.stem}.{n}{path.suffix}"
    os.replace(path, target)
    return target


# ------------------------------------------------------------------------------- gold
def reviewed_documents(register: Register, reviewed_only: bool = False) -> list[Document]:
    """Documents whose content a review file corrected or confirmed, latest review winning per file stem.

    A letter received both as PDF and as DOCX is two documents with one stem, and gold is one
    file per stem, so the more recently reviewed one is kept. Status-only updates are not a
    review of the extraction and do not count.
    """
    last_review: dict[str, int] = {}
    for row in register.audit_trail():
        if row.source != AUDIT_SOURCE or row.field == "status":
            continue
        if reviewed_only and row.field != "reviewed":
            continue
        last_review[row.document_id] = row.id
    by_stem: dict[str, tuple[int, Document]] = {}
    for document_id, last in last_review.items():
        doc = register.get(document_id)
        if doc is None:
            continue
        stem = gold_stem(doc)
        if stem not in by_stem or by_stem[stem][0] < last:
            by_stem[stem] = (last, doc)
    return [doc for _last, doc in sorted(by_stem.values(), key=lambda pair: gold_stem(pair[1]))]


def export_gold(register: Register, folder: Path, reviewed_only: bool = False) -> list[Path]:
    """Write one gold JSON per reviewed letter into ``folder``."""
    return [write_gold(folder, doc) for doc in reviewed_documents(register, reviewed_only)]
