"""The inbox batch end to end: register, JSON, XLSX, quarantine, idempotency; archive mode, lock, isolation."""

import datetime as dt
import hashlib
import json
import os
import shutil
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from conftest import LETTERS, copy_letters
from congvan.flows.batch import BatchOptions, run_batch
from congvan.flows.lifecycle import move_into, settled
from congvan.flows.lock import BatchLock, BatchLocked
from congvan.outputs.store import ArrivalRow, Register, default_url

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
    summary = run_batch(inbox, out, BatchOptions(received_at=dt.date(2026, 1, 5), workers=2))

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
    first = run_batch(inbox, out, BatchOptions(workers=1))
    assert first.count("new") == 2
    second = run_batch(inbox, out, BatchOptions(workers=1))
    assert second.count("unchanged") == 2 and second.count("new") == 0
    shutil.copy2(inbox / GOOD[0], inbox / "ban-sao-doi-ten.pdf")
    third = run_batch(inbox, out, BatchOptions(workers=1))
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
    summary = run_batch(inbox, tmp_path / "out", BatchOptions(workers=1))
    assert [o.path.name for o in summary.outcomes] == [GOOD[0]]


def test_long_pdf_is_processed(inbox: Path, tmp_path: Path):
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(str(LETTERS / GOOD[0]))
    writer = PdfWriter()
    for i in range(300):
        writer.add_page(reader.pages[i % len(reader.pages)])
    writer.write(str(inbox / "300-trang.pdf"))
    summary = run_batch(inbox, tmp_path / "out", BatchOptions(workers=1))
    (outcome,) = summary.outcomes
    assert outcome.status == "new" and outcome.document is None  # released after its commit
    stored = json.loads((tmp_path / "out" / "documents" / f"{outcome.document_id}.json").read_text(encoding="utf-8"))
    assert stored["source"]["pages"] == 300


# -- office-inbox lifecycle, locking, isolation, retries --------------------------------------



def _arrivals(out: Path) -> list[ArrivalRow]:
    register = Register(default_url(out))
    try:
        with register.session() as s:
            return list(s.query(ArrivalRow).order_by(ArrivalRow.id))
    finally:
        register.close()


def test_archive_mode_moves_letters_only_after_commit(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD[:2])
    (inbox / "sub").mkdir()
    shutil.copy2(LETTERS / GOOD[0], inbox / "sub" / "ban-sao.pdf")  # same bytes, another name
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / ".hidden.pdf").write_bytes(b"%PDF-1.4")
    (inbox / "tai-ve.pdf.crdownload").write_bytes(b"%PDF")
    out = tmp_path / "out"
    summary = run_batch(inbox, out, BatchOptions(workers=2, archive=True, settle_seconds=0))

    assert summary.count("new") == 2 and summary.count("duplicate") == 1 and summary.count("quarantined") == 1
    left = sorted(p.name for p in inbox.rglob("*") if p.is_file())
    assert left == [".congvan.lock", ".hidden.pdf", "tai-ve.pdf.crdownload"], "hidden and partial files stay"
    month = dt.date.today()
    archived = sorted(p.name for p in (out / "archive" / f"{month:%Y}" / f"{month:%m}").iterdir())
    assert archived == sorted([*GOOD[:2], "ban-sao.pdf"])
    report = json.loads((out / "quarantine" / "empty.pdf.error.json").read_text(encoding="utf-8"))
    assert report["code"] == "empty_file" and report["reason"]
    assert (out / "quarantine" / "empty.pdf").exists()
    outcomes = sorted((Path(a.path).name, a.outcome) for a in _arrivals(out))
    assert outcomes == sorted([("ban-sao.pdf", "duplicate"), (GOOD[0], "new"), (GOOD[1], "new"), ("empty.pdf", "quarantined")])
    assert len(list((out / "documents").glob("*.json"))) == 2

    again = run_batch(inbox, out, BatchOptions(workers=1, archive=True, settle_seconds=0))
    assert again.outcomes == [] and len(_arrivals(out)) == 4


def test_archive_finishes_a_move_interrupted_after_the_commit(inbox: Path, tmp_path: Path):
    """Rows committed but files still in the inbox (the crash window): the next run only moves them."""
    copy_letters(inbox, GOOD[:2])
    (inbox / "fake.docx").write_bytes(b"not a word file")
    out = tmp_path / "out"
    run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0))  # read-only mode: commits, moves nothing
    assert len(list(inbox.iterdir())) == 3
    summary = run_batch(inbox, out, BatchOptions(workers=1, archive=True, settle_seconds=0))
    assert summary.count("unchanged") == 3 and summary.count("new") == 0, "no letter is extracted twice"
    assert [p.name for p in inbox.iterdir() if not p.name.startswith(".")] == []
    assert len(list((out / "archive").rglob("*.pdf"))) + len(list((out / "archive").rglob("*.docx"))) == 2
    assert json.loads((out / "quarantine" / "fake.docx.error.json").read_text())["code"] == "corrupt_docx"
    assert len(_arrivals(out)) == 3


def test_move_into_never_loses_or_doubles_bytes(tmp_path: Path):
    src_dir, dest = tmp_path / "inbox", tmp_path / "archive"
    src_dir.mkdir()
    letter = src_dir / "a.pdf"
    letter.write_bytes(b"%PDF-1.4 one")
    from congvan.pipeline import sha256_file

    sha = sha256_file(letter)
    dest.mkdir()
    (dest / "a.pdf").write_bytes(b"%PDF-1.4 other letter, same name")
    os_link_then_crash = dest / "a.2.pdf"
    os_link_then_crash.write_bytes(letter.read_bytes())  # a previous run linked it and died before unlink
    assert move_into(letter, dest, sha) == os_link_then_crash and not letter.exists()
    assert (dest / "a.pdf").read_bytes() == b"%PDF-1.4 other letter, same name"
    assert sorted(p.name for p in dest.iterdir()) == ["a.2.pdf", "a.pdf"]


def test_files_still_being_written_wait_for_the_next_run(tmp_path: Path):
    growing, resting = tmp_path / "dang-chep.pdf", tmp_path / "xong.pdf"
    growing.write_bytes(b"%PDF-1.4 start")
    resting.write_bytes(b"%PDF-1.4 done")
    old = time.time() - 60
    os.utime(resting, (old, old))
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            with growing.open("ab") as fh:
                fh.write(b"more bytes")
            time.sleep(0.05)

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        stable, waiting = settled([growing, resting], settle_seconds=0.5)
    finally:
        stop.set()
        thread.join()
    assert [p for p, _ in stable] == [resting] and waiting == [growing]


def test_second_batch_is_refused_with_a_clear_message(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD[:1])
    out = tmp_path / "out"
    with BatchLock(out, "test holder"), pytest.raises(
        BatchLocked, match=r"another congvan batch is already running .*pid \d+ .*test holder"
    ):
        run_batch(inbox, out, BatchOptions(workers=1))
    assert not (out / "register.sqlite").exists(), "the refused batch touched nothing"

    results: list[object] = []

    def batch() -> None:
        try:
            results.append(run_batch(inbox, out, BatchOptions(workers=1, archive=True, settle_seconds=0)))
        except BatchLocked as exc:
            results.append(exc)

    threads = [threading.Thread(target=batch) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(type(r).__name__ for r in results) == ["BatchLocked", "Summary"]
    assert [a.outcome for a in _arrivals(out)] == ["new"]


def test_pathological_letters_are_stopped_and_quarantined(inbox: Path, tmp_path: Path):
    copy_letters(inbox, GOOD[:1])
    for name in ("hang.txt", "hog.txt", "segv.txt"):
        (inbox / name).write_text("Kính gửi: Sở Y tế", encoding="utf-8")
    out = tmp_path / "out"
    started = time.perf_counter()
    summary = run_batch(inbox, out, BatchOptions(workers=2, archive=True, settle_seconds=0, extractor="faults:extract", timeout_seconds=4, memory_mb=512))
    assert time.perf_counter() - started < 60, "a hung letter must not hang the batch"
    by_name = {o.path.name: o for o in summary.outcomes}
    assert by_name[GOOD[0]].status == "new"
    codes = {name: json.loads((out / "quarantine" / f"{name}.error.json").read_text())["code"]
             for name in ("hang.txt", "hog.txt", "segv.txt")}
    assert codes == {"hang.txt": "timeout", "hog.txt": "memory", "segv.txt": "crashed"}
    assert "SIGSEGV" in json.loads((out / "quarantine" / "segv.txt.error.json").read_text())["reason"]


def test_transient_failures_are_retried_then_quarantined_with_every_reason(inbox: Path, tmp_path: Path):
    shutil.copy2(LETTERS / GOOD[1], inbox / "flaky.docx")
    (inbox / "stuck.txt").write_text("Kính gửi: Sở Y tế", encoding="utf-8")
    out = tmp_path / "out"
    summary = run_batch(inbox, out, BatchOptions(workers=1, archive=True, settle_seconds=0, extractor="faults:extract", retry_delays=(0.1, 0.2)))
    by_name = {o.path.name: o for o in summary.outcomes}
    assert by_name["flaky.docx"].status == "new" and by_name["flaky.docx"].attempts == 3
    assert by_name["stuck.txt"].status == "quarantined"
    reason = json.loads((out / "quarantine" / "stuck.txt.error.json").read_text())["reason"]
    assert "after 3 attempts" in reason and reason.count("ocr_timeout") >= 3


def test_locked_file_is_classified_transient(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from congvan.flows import batch

    def locked(_path: Path) -> str:
        raise PermissionError(13, "The process cannot access the file because it is being used")

    monkeypatch.setattr(batch, "sha256_file", locked)
    outcome = batch.extract_one(tmp_path / "x.pdf")
    assert outcome.error_code == "locked" and outcome.transient


def test_workers_are_recycled_after_their_quota_of_letters(inbox: Path):
    """A long back-fill replaces each worker after ``recycle_after`` letters, and loses none."""
    from congvan.flows.isolation import LetterPool, Limits

    files = copy_letters(inbox, GOOD + GOOD[:1])
    pids = []
    with LetterPool(1, Limits(recycle_after=2)) as pool:
        for outcome in pool.map(files[:4]):
            assert outcome.document is not None, outcome.error
            pids.append(outcome.worker)
    assert pids[0] == pids[1] and pids[2] == pids[3] and pids[1] != pids[2]


def test_streamed_task_feed_is_the_feed(tmp_path: Path):
    """tasks.json is written one task at a time; it must parse to the same feed."""
    from congvan.outputs.json_feed import task_feed, write_task_feed
    from congvan.pipeline import process_file

    docs = [process_file(LETTERS / name, dt.date(2026, 1, 5)) for name in GOOD[:3]]
    entries = [(i + 1, dt.date(2026, 1, 5), doc) for i, doc in enumerate(docs)]
    write_task_feed(tmp_path, entries)
    feed = json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8"))
    assert feed == task_feed(entries) and feed["count"] > 0
    write_task_feed(tmp_path, [])
    assert json.loads((tmp_path / "tasks.json").read_text(encoding="utf-8")) == {
        "schema_version": feed["schema_version"], "tasks": [], "count": 0}
