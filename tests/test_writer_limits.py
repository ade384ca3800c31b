"""Every writer takes any Document the contract allows: extreme values never break an output.

A property test builds Documents with very long subjects and names, characters from every
Unicode category (NUL and other controls, U+FFFE/U+FFFF, combining marks, formula starts),
empty lists, hundreds of tasks and dates at the edges of the calendar, and runs each through
the document JSON, the task feed, the review DOCX (and reads it back: an untouched file is no
correction), the XLSX register, the register store and the API's serialisers. The values the
register keeps are the ones extracted; only the files bound them (``outputs/format_limits``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import load_workbook

from congvan.models import Deadline, Document, Evidence, Reference, Signature, Signer, Source, Task, Warning
from congvan.outputs import format_limits as fl
from congvan.outputs.api import queries
from congvan.outputs.json_feed import document_json, task_feed, write_document, write_task_feed
from congvan.outputs.review_apply import plan_review
from congvan.outputs.review_export import build_review, review_path, write_review
from congvan.outputs.review_read import read_review
from congvan.outputs.store import Register
from congvan.outputs.xlsx import SHEET_INCOMING, SHEET_TASKS, write_register

# Characters that have broken, or could break, a format: XML-forbidden controls, noncharacters,
# line and paragraph separators, a combining acute, a BOM, a right-to-left mark, formula starts.
NASTY = ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\ufffe", "\uffff", "\u2028", "\u2029", "\u0301",
         "\ufeff", "\u200f", "=", "+", "-", "@", "\t", "\r", "\n", "𝔘", "Ủy ban nhân dân", '"<&>\'']


@st.composite
def texts(draw: st.DrawFn, long: bool = False) -> str:
    """Text from every Unicode category (surrogates aside: a Python str from UTF-8 or UTF-16 has none)."""
    parts = draw(st.lists(st.one_of(st.text(max_size=12), st.sampled_from(NASTY)), max_size=6))
    text = "".join(parts)
    if long and draw(st.booleans()):
        text = draw(st.sampled_from(["=", "Ủ", "𝔘", "a\u0301"])) + text * 3 + "x" * draw(
            st.sampled_from([254, 256, 300, 32_766, 40_000]))
    return text


optional_texts = st.one_of(st.none(), texts())
edge_dates = st.one_of(st.dates(), st.sampled_from([dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(1900, 1, 1),
                                                     dt.date(2024, 2, 29), dt.date(9999, 12, 31)]))
edge_moments = st.one_of(edge_dates, st.datetimes(), st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=7)))))


@st.composite
def tasks(draw: st.DrawFn, doc_id: str) -> list[Task]:
    count = draw(st.sampled_from([0, 1, 3, 250]))
    template = []
    for _ in range(min(count, 3)):
        assignees = draw(st.lists(texts(), max_size=3))
        lead = draw(st.one_of(st.none(), st.sampled_from(assignees))) if assignees else None
        template.append(dict(
            assignees=assignees, lead=lead, collaborators=draw(st.lists(texts(), max_size=2)),
            action=draw(st.one_of(st.none(), texts(long=True))), deliverable=draw(optional_texts),
            report_to=draw(optional_texts),
            deadline=Deadline(text=draw(optional_texts), kind=draw(st.sampled_from(["absolute", "recurring", "none"])),
                              date=draw(st.one_of(st.none(), edge_moments))),
            evidence=draw(st.one_of(st.none(), st.builds(Evidence, page=st.integers(1, 9999), text=texts(long=True),
                                                         start=st.just(0), end=st.integers(0, 10**6)))),
            confidence=draw(st.floats(0, 1)),
        ))
    return [Task(id=f"{doc_id}-t{n:02d}", **template[(n - 1) % len(template)]) for n in range(1, count + 1)]


@st.composite
def documents(draw: st.DrawFn) -> Document:
    sha = hashlib.sha256(draw(st.binary(min_size=1, max_size=8))).hexdigest()
    doc_id = sha[:16]
    return Document(
        id=doc_id,
        source=Source(path=draw(texts()) or "x.pdf", sha256=sha, format="pdf", pages=draw(st.integers(0, 5000)),
                      received_at=draw(edge_dates), text_layer="ocr"),
        doc_number=draw(st.one_of(st.none(), texts(long=True))), doc_type=draw(optional_texts),
        issuer=draw(st.one_of(st.none(), texts(long=True))), issuer_parent=draw(optional_texts),
        place=draw(optional_texts), issue_date=draw(st.one_of(st.none(), edge_dates)),
        subject=draw(st.one_of(st.none(), texts(long=True))),
        urgency=draw(st.sampled_from([None, "Hỏa tốc", "Khẩn"])),
        signer=Signer(name=draw(optional_texts), title=draw(optional_texts), authority=draw(st.lists(texts(), max_size=3))),
        addressees=draw(st.lists(texts(), max_size=3)), cc=draw(st.lists(texts(), max_size=3)),
        references=draw(st.lists(st.builds(Reference, doc_number=optional_texts, issue_date=st.none()), max_size=2)),
        tasks=draw(tasks(doc_id)),
        signatures=draw(st.lists(st.builds(
            Signature, role=st.sampled_from(["personal", "organisation", "publisher", "receiver"]),
            common_name=optional_texts, organisation=optional_texts, certificate_issuer=optional_texts,
            signed_at=st.one_of(st.none(), st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=7))))),
            intact=st.sampled_from([None, True, False]), trusted=st.sampled_from([None, True, False]),
            field_name=optional_texts), max_size=3)),
        warnings=draw(st.lists(st.builds(Warning, code=texts(), message=texts(long=True)), max_size=2)),
    )


def _xlsx_values(path: Path, sheet: str) -> list[tuple]:
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook[sheet].iter_rows(min_row=2, values_only=True))
    workbook.close()
    return rows


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_every_writer_takes_extreme_documents(document: Document) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        original = document.model_dump_json()

        # The document JSON and the feed: valid UTF-8 JSON that reads back to the same values.
        path = write_document(out, document, document_json(document))
        assert Document.model_validate_json(path.read_bytes()) == document
        entries = [(1, document.source.received_at, document)]
        feed = json.loads(write_task_feed(out, entries).read_bytes())
        assert feed == task_feed(entries) and feed["count"] == len(document.tasks)

        # The review DOCX: written, its XML well formed, its core properties within 255 characters,
        # and read back untouched it corrects nothing.
        data = build_review(document)
        write_review(out, document, content=data)
        assert review_path(out, document).read_bytes() == data
        with zipfile.ZipFile(review_path(out, document)) as archive:
            core = etree.fromstring(archive.read("docProps/core.xml"))
        for tag in ("title", "subject"):
            value = core.findtext(f"{{http://purl.org/dc/elements/1.1/}}{tag}") or ""
            assert len(value) <= fl.CORE_PROPERTY_MAX
        review = read_review(data)
        assert review.document_id == document.id and review.base == document
        assert not plan_review(review, document).changed

        # The XLSX register: one row per letter and per task, text never a formula, cells bounded.
        write_register(out / "register.xlsx", lambda: iter(entries))
        incoming, task_rows = _xlsx_values(out / "register.xlsx", SHEET_INCOMING), _xlsx_values(out / "register.xlsx", SHEET_TASKS)
        assert len(incoming) == 1 and len(task_rows) == len(document.tasks)
        with zipfile.ZipFile(out / "register.xlsx") as archive:
            sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert all(b"<f>" not in sheet for sheet in sheets), "a text value became a formula"
        for row in incoming + task_rows:
            for value in row:
                assert not isinstance(value, str) or fl._length(value, True) <= fl.XLSX_CELL_MAX

        # The register store and the API's serialisers: the stored payload is the document, whole.
        register = Register(f"sqlite:///{out / 'register.sqlite'}")
        try:
            assert register.add(document, "x.pdf")
            assert register.get(document.id) == document
            assert queries.document_payload(register, document.id) == original
            page = queries.list_documents(register, queries.DocumentFilter(), limit=5, offset=0)
            assert page.items[0].subject == document.subject and page.items[0].doc_number == document.doc_number
            json.loads(page.model_dump_json())
            tasks_page = queries.list_tasks(register, queries.TaskFilter(), limit=500, offset=0, today=dt.date(2026, 1, 1))
            assert tasks_page.total == len(document.tasks)
            json.loads(tasks_page.model_dump_json())
            json.loads(queries.changes_since(register, 0, 1000, dt.date(2026, 1, 1)).model_dump_json())
        finally:
            register.close()
        assert document.model_dump_json() == original, "a writer changed the register's value"


@pytest.mark.parametrize(("value", "limit", "expected"), [
    ("abc", 3, "abc"), ("abcd", 3, "ab…"), ("ba\u0301c", 3, "b…"), ("𝔘𝔘", 3, "𝔘𝔘"),
])
def test_bounded_cuts_whole_characters(value: str, limit: int, expected: str) -> None:
    assert fl.bounded(value, limit) == expected


def test_bounded_counts_utf16_units_for_excel() -> None:
    cut = fl.bounded("𝔘" * 20_000, fl.XLSX_CELL_MAX, utf16=True)
    assert fl._length(cut, True) <= fl.XLSX_CELL_MAX and cut.endswith(fl.ELLIPSIS) and "\ud835" not in cut


def test_formula_starts_are_kept_and_flagged() -> None:
    for start in ("=SUM(A1)", "+84 912", "- Lưu: VT", "@x"):
        assert fl.xlsx_text(start) == (start, True)
    assert fl.xlsx_text("Sở Tài chính") == ("Sở Tài chính", False)
    assert fl.xml_text("a\x00b\x0bc\ufffed\te\n") == "abcd\te\n"
    assert fl.column_text("a\x00b" * 200, 120) == fl.bounded("ab" * 200, 120)


POSTGRES = os.environ.get("CONGVAN_TEST_POSTGRES", "postgresql+psycopg://congvan:congvan@127.0.0.1:5432/congvan_test")


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A database of this test's own on the CI's PostgreSQL (``.ci/postgres``); skipped without one."""
    from sqlalchemy import create_engine, text

    name = f"congvan_limits_{os.getpid()}"
    try:
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with admin.connect() as conn:
            conn.execute(text(f"drop database if exists {name}"))
            conn.execute(text(f"create database {name}"))
    except Exception as exc:  # noqa: BLE001 (no driver, no server, no role: all mean "skip PostgreSQL")
        pytest.skip(f"PostgreSQL not available: {exc}")
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"drop database if exists {name} with (force)"))
        admin.dispose()


def test_postgresql_register_keeps_values_its_columns_cannot_hold(postgres_url: str) -> None:
    """VARCHAR(n) and NUL are PostgreSQL's limits, not the letter's: the payload keeps the value whole."""
    sha = hashlib.sha256(b"pg").hexdigest()
    long_issuer = "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI " * 20 + "\x00"
    document = Document(
        id=sha[:16], source=Source(path="a\x00b.pdf", sha256=sha, format="pdf", pages=1,
                                   received_at=dt.date(2025, 1, 2), text_layer="ocr"),
        doc_number="157/QĐ-NĐ-UB" * 20, doc_type="Công văn\x00", issuer=long_issuer, subject="V/v \x00 " + "x" * 5000,
        tasks=[Task(id=f"{sha[:16]}-t01", assignees=["Sở Tài chính\x00" * 40], lead="Sở Tài chính\x00" * 40)],
    )
    register = Register(postgres_url)
    try:
        assert register.add(document, "a.pdf")
        assert register.get(document.id) == document
        summary = queries.list_documents(register, queries.DocumentFilter(), limit=5, offset=0).items[0]
        assert (summary.doc_number, summary.issuer, summary.subject) == (document.doc_number, document.issuer,
                                                                         document.subject)
        register.update_task(document.tasks[0].id, None, "ghi chú\x00 của văn thư", "văn thư", "api")
        item = queries.get_task(register, document.tasks[0].id, dt.date(2026, 1, 1))
        assert item is not None and item.note == "ghi chú của văn thư" and item.lead == document.tasks[0].lead
    finally:
        register.close()
