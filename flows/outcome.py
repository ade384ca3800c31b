"""What happened to each file in a batch; shared by the batch, the workers and the flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from congvan.models import Document

# Failures worth trying again: the cause is outside the file (a lock held by the scanner's
# software; Tesseract or LibreOffice timing out while the machine is busy: the readers'
# ``ocr_timeout`` and any other ``*_timeout``). Everything else is the file's own fault and
# goes straight to quarantine. A letter that blows the whole per-letter budget (``timeout``)
# or the reader's own budget (``too_slow``) is not retried: that would multiply the time a
# pathological file can waste.
TRANSIENT_CODES = frozenset({"locked", "tool_timeout", "ocr_timeout"})


def is_transient(code: str | None) -> bool:
    return code is not None and (code in TRANSIENT_CODES or (code.endswith("_timeout") and code != "timeout"))


@dataclass(frozen=True)
class Problem:
    """Something that went wrong with one letter's outputs (or a batch output) after it was read.

    Unlike a quarantine, the letter is registered: the register holds its values, and what
    could not be rendered or written from them is named here by ``code`` and made again by the
    next run's export (``json_*``, ``review_*``) or shown in place in the XLSX (``xlsx_row_failed``).
    """

    code: str  # json_render_failed | review_render_failed | json_write_failed | review_write_failed | ...
    message: str
    document_id: str | None = None

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


def describe(exc: BaseException) -> str:
    """One line naming an exception, for a problem's or a quarantine's reason."""
    text = str(exc).splitlines()[0][:300] if str(exc) else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


@dataclass
class Outcome:
    """What happened to one file."""

    path: Path
    sha256: str | None = None
    document: Document | None = None
    error_code: str | None = None
    error: str | None = None
    seconds: float = 0.0
    status: str = "pending"  # new | duplicate | unchanged | quarantined
    stat: tuple[int, int] | None = None  # (size, mtime_ns) when scanned: a change means "still being written"
    attempts: int = 1
    worker: int | None = None  # pid of the process that extracted it
    # Rendered in the worker, so the batch process only writes bytes (its serial work caps the
    # batch's speed): the document's JSON file and its review DOCX.
    document_json: str | None = None
    review_docx: bytes | None = None
    # What the summary needs once the document itself is released after its commit.
    document_id: str | None = None
    doc_number: str | None = None
    task_count: int | None = None
    problems: list[Problem] = field(default_factory=list)  # outputs that failed; the letter itself is registered

    def problem(self, code: str, exc: BaseException | str) -> Problem:
        """Record that one of this letter's outputs failed (``exc`` says how)."""
        found = Problem(code, exc if isinstance(exc, str) else describe(exc),
                        self.document.id if self.document is not None else self.document_id)
        self.problems.append(found)
        return found

    @property
    def transient(self) -> bool:
        return self.document is None and is_transient(self.error_code)

    def release(self) -> None:
        """Drop the document and its renderings once committed: a 10,000-letter batch keeps
        only these summaries, so the batch process's memory stays flat."""
        if self.document is not None:
            self.document_id = self.document.id
            self.doc_number = self.document.doc_number
            self.task_count = len(self.document.tasks)
        self.document = None
        self.document_json = None
        self.review_docx = None


@dataclass
class Summary:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0
    waiting: list[Path] = field(default_factory=list)  # still being written: left for the next run
    problems: list[Problem] = field(default_factory=list)  # batch outputs (feed, XLSX rows) that failed

    def count(self, status: str) -> int:
        if status == "waiting":
            return len(self.waiting)
        return sum(1 for o in self.outcomes if o.status == status)

    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("new", "duplicate", "unchanged", "quarantined", "waiting")}

    def all_problems(self) -> list[Problem]:
        """Every letter's output problems, then the batch outputs'."""
        return [p for o in self.outcomes for p in o.problems] + self.problems

    @property
    def failed(self) -> bool:
        """A file was quarantined or an output could not be written: the run needs a look (exit 1)."""
        return any(o.status == "quarantined" or o.problems for o in self.outcomes) or bool(self.problems)
