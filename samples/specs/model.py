"""The small vocabulary the letter specifications are written in.

Every synthetic letter is a :class:`Letter`: header fields, a body made of blocks
(paragraphs, headings, centred lines), the signature block and the Nơi nhận list. Body
paragraphs are built from sentences; a sentence that carries an instruction is wrapped in
:func:`S` together with the gold :func:`T` tasks it states, so the text and its labels
are written side by side and can never drift apart. A plain ``str`` sentence is text
that must *not* be labelled as a task (preambles, narrative, the issuer's own plans).

Nothing here renders or computes anything: ``samples/generate.py`` does that.
"""

from __future__ import annotations

from dataclasses import dataclass

# --------------------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadline:
    """A deadline as labelled; ``date`` is filled in by the generator where it can be computed."""

    text: str | None
    kind: str
    date: str | None = None  # explicit gold date (absolute); otherwise derived from text
    n: int | None = None  # relative: number of units
    unit: str = "D"  # relative: D (days) or M (months)
    working_days: bool = False
    anchor: str | None = None
    rrule: str | None = None


def ABS(text: str, date: str | None = None) -> Deadline:
    """Absolute deadline; ``date`` (YYYY-MM-DD or YYYY-MM-DDTHH:MM) is checked against the text."""
    return Deadline(text, "absolute", date=date)


def REL(text: str, n: int, *, working: bool = False, anchor: str = "receipt", unit: str = "D") -> Deadline:
    """Relative deadline: ``n`` days (or months) counted from receipt or signing."""
    return Deadline(text, "relative", n=n, unit=unit, working_days=working, anchor=anchor)


def REC(text: str, rrule: str) -> Deadline:
    """Recurring deadline with its RFC 5545 rule."""
    return Deadline(text, "recurring", rrule=rrule)


def URG(text: str) -> Deadline:
    """Urgent, no date: khẩn trương, ngay, gấp."""
    return Deadline(text, "urgent")


def ONG(text: str) -> Deadline:
    """Ongoing duty: thường xuyên, liên tục."""
    return Deadline(text, "ongoing")


def EVT(text: str) -> Deadline:
    """Due relative to an event whose date the letter does not give."""
    return Deadline(text, "event", anchor="event")


NONE = Deadline(None, "none")

# --------------------------------------------------------------------------- tasks


@dataclass(frozen=True)
class Task:
    assignees: tuple[str, ...]
    action: str
    deadline: Deadline
    lead: str | None = None
    collaborators: tuple[str, ...] = ()
    deliverable: str | None = None
    report_to: str | None = None


def T(
    assignees: str | list[str] | tuple[str, ...],
    action: str,
    deadline: Deadline = NONE,
    *,
    lead: str | None = None,
    collab: list[str] | tuple[str, ...] = (),
    deliverable: str | None = None,
    report_to: str | None = None,
) -> Task:
    """One gold task. ``lead`` must be one of ``assignees``."""
    if isinstance(assignees, str):
        assignees = (assignees,)
    return Task(tuple(assignees), action, deadline, lead, tuple(collab), deliverable, report_to)


@dataclass(frozen=True)
class Sentence:
    text: str
    tasks: tuple[Task, ...] = ()


def S(text: str, *tasks: Task) -> Sentence:
    """A sentence (or list item) that states the given tasks; all share it as evidence."""
    if not tasks:
        raise ValueError(f"S() without tasks, use a plain string: {text[:60]}")
    return Sentence(text, tasks)


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Row:
    """One row of an assignment table: its cells (STT first) and the gold tasks it states."""

    cells: tuple[str, ...]
    tasks: tuple[Task, ...] = ()


@dataclass(frozen=True)
class Block:
    """A body paragraph. ``style``: body (justified, first-line indent), heading (bold),
    center (bold, centred), italic (justified italic, e.g. Căn cứ lines of a Quyết định),
    table (a ruled assignment table: ``header`` and ``rows``; samples/README.md, "Assignment
    tables")."""

    sentences: tuple[Sentence, ...]
    style: str = "body"
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()

    @property
    def text(self) -> str:
        if self.style == "table":
            return " ".join(" ".join(cells) for cells in (self.header, *(r.cells for r in self.rows)))
        return " ".join(s.text for s in self.sentences)


def _sentences(parts: tuple[str | Sentence, ...]) -> tuple[Sentence, ...]:
    return tuple(p if isinstance(p, Sentence) else Sentence(p) for p in parts)


def P(*parts: str | Sentence) -> Block:
    """Body paragraph; sentences joined with one space."""
    return Block(_sentences(parts))


def H(*parts: str | Sentence) -> Block:
    """Bold heading or heading-like line (``I. MỤC ĐÍCH``, ``1. Sở Y tế:``)."""
    return Block(_sentences(parts), "heading")


def C(text: str) -> Block:
    """Centred bold line (``QUYẾT ĐỊNH:``, ``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH ...``)."""
    return Block((Sentence(text),), "center")


def R(*parts: str | Task) -> Row:
    """A table row: its cells (STT first), then the gold tasks it states."""
    return Row(tuple(p for p in parts if isinstance(p, str)), tuple(p for p in parts if isinstance(p, Task)))


def TABLE(header: list[str] | tuple[str, ...], *rows: Row) -> Block:
    """A ruled assignment table (STT | Nhiệm vụ | Cơ quan chủ trì | …); each row's evidence is its
    cells after the STT, joined by a space."""
    return Block((), "table", tuple(header), rows)


def I(*parts: str | Sentence) -> Block:  # noqa: E743 - short on purpose, like P/H/C
    """Italic paragraph (the Căn cứ preamble of a Quyết định)."""
    return Block(_sentences(parts), "italic")


# --------------------------------------------------------------------------- letter


@dataclass(frozen=True)
class Ref:
    doc_number: str | None
    doc_type: str | None = None
    issue_date: str | None = None
    issuer: str | None = None


@dataclass(frozen=True)
class Signer:
    authority: tuple[str, ...]
    title: str
    name: str


def SIGN(*lines: str) -> Signer:
    """Signature block lines top to bottom: authority lines, the title line, then the name."""
    *authority, title, name = lines
    return Signer(tuple(authority), title, name)


@dataclass(frozen=True)
class Letter:
    stem: str
    doc_type: str
    issuer: tuple[str, ...]  # header lines of the issuing body (bold), joined with a space in gold
    number: str  # what follows "Số: " (or "Số " in party letters); blanks allowed
    place: str
    date: str | None  # YYYY-MM-DD; None when the day is left blank
    signer: Signer
    body: tuple[Block, ...]
    cc: tuple[str, ...]
    subject: str = ""
    parent: str | None = None
    title: str | None = None  # THÔNG BÁO, KẾ HOẠCH ... (None for a công văn)
    subject_lines: tuple[str, ...] = ()  # explicit line breaks for the subject, optional
    addressees: tuple[str, ...] = ()
    addressee_style: str = "auto"  # auto | inline | list | sameline
    addressee_label: str = "Kính gửi:"
    urgency: str | None = None  # HỎA TỐC | THƯỢNG KHẨN | KHẨN as printed
    urgency_in_cell: bool = True
    party: bool = False
    pad: str = "decree"  # decree (0-pad day<10, month<3) | all | none
    date_line: str | None = None  # override the whole place/date line (blank days)
    received: str | None = None  # YYYY-MM-DD; default issue date + 1..3 days
    refs: tuple[Ref, ...] = ()
    font_size: float = 14


def LETTER(**kw) -> Letter:
    """Build a :class:`Letter` accepting lists where tuples are stored."""
    for key in ("issuer", "body", "cc", "subject_lines", "addressees", "refs"):
        if key in kw and isinstance(kw[key], list):
            kw[key] = tuple(kw[key])
    if isinstance(kw.get("issuer"), str):
        kw["issuer"] = (kw["issuer"],)
    return Letter(**kw)
