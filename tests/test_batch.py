"""The inbox batch end to end: register, JSON, XLSX, quarantine, idempotency."""

import datetime as dt
import hashlib
import json
import shutil
from pathlib import Path

import openpyxl

from congvan.flows.batch import run_batch
from congvan.outputs.store import Register, default_url
from conftest import LETTERS, copy_letters

GOOD = ["cv-byt-2023-benh-an-dien-tu.pdf", "cv-byt-2023-benh-an-dien-tu.docx", "cv-bnnptnt-2024-san-xuat-he-thu.docx"]


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}


def _bad_files(inbox: Path) -> None:
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "fake.docx").write_bytes(b"not a word file")
    (inbox / "notes.xyz").write_text("hello")
    data = (LETTERS / GOOD[0]).read_bytes()
    (inbox / "truncated.pdf").write_bytes(data[: len(data) // 3])
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=str(LETTERS / GOOD[0]))
    writer.encrypt("secret")
    writer.write(str(inbox / "locked.pdf"))


def test_batch_writes_register_json_xlsx_and_quarantines_bad_files(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD)
    _bad_files(inbox)
    before = _digest(inbox)
    out = tmp_path / "out"
    summary = run_batch(inbox, out, received_at=dt.date(2026, 1, 5), workers=2)

    assert summary.count("new") == 3 and summary.count("quarantined") == 5 and summary.failed
    assert _digest(inbox) == before, "inputs must never be modified or moved"
    for name in ("empty.pdf", "fake.docx", "notes.xyz", "truncated.pdf", "locked.pdf"):
        report = json.loads((out / "quarantine" / f"{name}.error.json").read_text(encoding="utf-8"))
        assert report["code"] and report["reason"], name
        assert (out / "quarantine" / name).exists()
    codes = {json.loads(p.read_text())["code"] for p in (out / "quarantine").glob("*.error.json")}
    assert {"empty_file", "corrupt_docx", "unsupported_format", "corrupt_pdf", "encrypted"} <= codes

    documents = list((out / "documents").glob("*.json"))
    assert len(documents) == 3
    feed = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert feed["count"] == len(feed["tasks"]) > 0
    assert {"document_id", "document_number", "document_date", "document_issuer"} <= set(feed["tasks"][0])
    assert not list(out.rglob("*.tmp")), "no temporary files left behind"

    wb = openpyxl.load_workbook(out / "register.xlsx")
    assert wb.sheetnames == ["Sổ văn bản đến", "Theo dõi nhiệm vụ"]
    incoming = wb["Sổ văn bản đến"]
    headers = [c.value for c in incoming[1]]
    assert headers[:6] == ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung"]
    assert incoming.freeze_panes == "A2" and incoming.auto_filter.ref
    assert [row[1].value for row in incoming.iter_rows(min_row=2)] == [1, 2, 3]  # số đến
    assert isinstance(incoming["A2"].value, dt.datetime) and incoming["A2"].number_format == "DD/MM/YYYY"
    tasks_sheet = wb["Theo dõi nhiệm vụ"]
    assert tasks_sheet.max_row - 1 == feed["count"]
    status_col = [c.value for c in tasks_sheet[1]].index("Tiến độ / trạng thái")
    assert {row[status_col].value for row in tasks_sheet.iter_rows(min_row=2)} == {"chưa thực hiện"}


def test_rerun_and_renamed_copy_never_duplicate(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD[:2])
    out = tmp_path / "out"
    first = run_batch(inbox, out, workers=1)
    assert first.count("new") == 2
    second = run_batch(inbox, out, workers=1)
    assert second.count("unchanged") == 2 and second.count("new") == 0
    shutil.copy2(inbox / GOOD[0], inbox / "ban-sao-doi-ten.pdf")
    third = run_batch(inbox, out, workers=1)
    assert third.count("duplicate") == 1 and third.count("new") == 0
    register = Register(default_url(out))
    try:
        assert register.count() == 2
    finally:
        register.close()
    assert len(list((out / "documents").glob("*.json"))) == 2


def test_hidden_and_partial_files_are_left_alone(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD[:1])
    (inbox / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "~$draft.docx").write_bytes(b"lock")
    (inbox / "incoming.pdf.part").write_bytes(b"%PDF")
    summary = run_batch(inbox, tmp_path / "out", workers=1)
    assert [o.path.name for o in summary.outcomes] == [GOOD[0]]


def test_long_pdf_is_processed(inbox: Path, tmp_path: Path):
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(LETTERS / GOOD[0]))
    writer = PdfWriter()
    for i in range(300):
        writer.add_page(reader.pages[i % len(reader.pages)])
    writer.write(str(inbox / "300-trang.pdf"))
    summary = run_batch(inbox, tmp_path / "out", workers=1)
    (outcome,) = summary.outcomes
    assert outcome.status == "new" and outcome.document.source.pages == 300
