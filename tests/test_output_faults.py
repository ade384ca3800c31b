"""No letter can stop the batch: one letter makes each writer fail in turn (fault injection).

The batch runs for real (worker processes, the SQLite register, every writer); the fault is
injected at one writer for one letter only, whose name contains ``victim``: in the worker
(``tests/faults.py`` makes the JSON or review renderer raise), or in the parent (the JSON and
review writes, the register store, an XLSX row, a feed item). Each time the batch must finish,
every batch output must be written, the other letters must be complete, the failure must carry
its own code, the register and the XLSX must agree (one row per registered letter), and a
re-run without the fault must repair what was left unwritten.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from congvan.flows.batch import EXPORT_MARKER, BatchOptions, run_batch
from congvan.outputs.review_export import review_path
from congvan.outputs.store import ArrivalRow, Register, default_url
from congvan.outputs.xlsx import SHEET_INCOMING
from conftest import LETTERS

OTHERS = ["cv-bnnptnt-2024-san-xuat-he-thu.docx", "cv-byt-2023-benh-an-dien-tu.docx"]
VICTIM_SOURCE = "cd-kyson-ubnd-huyen-2023-khan-mua-lu.docx"

# fault code → (victim's file name, where to inject in the parent: (module, attribute, index of the Document argument))
FAULTS: dict[str, tuple[str, tuple[str, str, int] | None]] = {
    "json_render_failed": ("badjson-victim.docx", None),
    "review_render_failed": ("badreview-victim.docx", None),
    "json_write_failed": ("victim.docx", ("congvan.flows.batch", "write_document", 1)),
    "review_write_failed": ("victim.docx", ("congvan.flows.batch", "write_review", 1)),
    "store_failed": ("victim.docx", ("congvan.outputs.store", "Register.add", 1)),
    "xlsx_row_failed": ("victim.docx", ("congvan.outputs.xlsx", "_incoming_values", 2)),
    "feed_row_failed": ("victim.docx", ("congvan.outputs.json_feed", "document_items", 2)),
}


def _inject(monkeypatch: pytest.MonkeyPatch, module: str, attribute: str, index: int) -> None:
    """Make ``module.attribute`` raise when its Document argument is the victim's."""
    import importlib

    owner = importlib.import_module(module)
    *classes, name = attribute.split(".")
    for cls in classes:
        owner = getattr(owner, cls)
    original = getattr(owner, name)

    def faulty(*args, **kwargs):
        if "victim" in args[index].source.path:
            raise ValueError(f"injected fault in {attribute}")
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, faulty)


def _xlsx_incoming(out: Path) -> list[tuple]:
    workbook = load_workbook(out / "register.xlsx", read_only=True)
    rows = list(workbook[SHEET_INCOMING].iter_rows(min_row=2, values_only=True))
    workbook.close()
    return rows


def _feed_documents(out: Path) -> set[str]:
    return {t["document_id"] for t in json.loads((out / "tasks.json").read_text(encoding="utf-8"))["tasks"]}


def _complete(out: Path, register: Register, doc_id: str) -> bool:
    document = register.get(doc_id)
    return (document is not None and (out / "documents" / f"{doc_id}.json").is_file()
            and review_path(out, document).is_file() and (not document.tasks or doc_id in _feed_documents(out)))


@pytest.mark.parametrize("code", list(FAULTS))
def test_one_letter_failing_a_writer_never_stops_the_batch(code: str, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in OTHERS:
        shutil.copy2(LETTERS / name, inbox / name)
    victim_name, parent_fault = FAULTS[code]
    shutil.copy2(LETTERS / VICTIM_SOURCE, inbox / victim_name)
    if parent_fault is not None:
        _inject(monkeypatch, *parent_fault)

    summary = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0, extractor="faults:extract"))

    by_name = {o.path.name: o for o in summary.outcomes}
    victim = by_name[victim_name]
    assert all(by_name[name].status == "new" and not by_name[name].problems for name in OTHERS)
    assert summary.failed, "the run must say that something needs a look (exit code 1)"
    register = Register(default_url(out))
    try:
        ids = register.document_ids()
        others = [by_name[name].document_id for name in OTHERS]
        assert all(_complete(out, register, doc_id) for doc_id in others), "the other letters are complete"
        assert len(_xlsx_incoming(out)) == register.count() == len(ids), "register and XLSX agree: rows = documents"
        if code == "store_failed":
            assert victim.status == "quarantined" and victim.error_code == "store_failed"
            report = json.loads((out / "quarantine" / f"{victim_name}.error.json").read_text(encoding="utf-8"))
            assert report["code"] == "store_failed" and "injected fault" in report["reason"]
            assert len(ids) == len(OTHERS)
            return
        assert victim.status == "new" and victim.document_id in ids
        codes = {p.code for p in summary.all_problems() if p.document_id == victim.document_id}
        assert code in codes, codes
        if code.startswith(("json_", "review_")):  # the letter's own outputs: noted on its arrival in the register
            with register.session() as s:
                reasons = s.scalars(select(ArrivalRow.reason).where(ArrivalRow.document_id == victim.document_id)).all()
            assert any(code in (r or "") for r in reasons), reasons
        if parent_fault is None:  # failed in the worker only: the same run's export made it from the register
            assert _complete(out, register, victim.document_id) and (out / EXPORT_MARKER).exists()
        else:
            assert not (out / EXPORT_MARKER).exists(), "an export problem leaves the outputs to be rebuilt"
        if code == "xlsx_row_failed":
            notes = [row for row in _xlsx_incoming(out) if any("không ghi được" in str(v) for v in row if v)]
            assert len(notes) == 1, "the victim's row says it could not be written"
    finally:
        register.close()

    monkeypatch.undo()  # the fault is fixed; the next run repairs what was left unwritten
    again = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0))
    assert {o.status for o in again.outcomes} == {"unchanged"} and not again.all_problems()
    register = Register(default_url(out))
    try:
        assert all(_complete(out, register, doc_id) for doc_id in register.document_ids())
        assert not any("không ghi được" in str(v) for row in _xlsx_incoming(out) for v in row if v)
        assert (out / EXPORT_MARKER).exists()
    finally:
        register.close()


@pytest.mark.parametrize("archive", [False, True])
def test_file_names_in_a_legacy_encoding_are_registered_and_moved(tmp_path: Path, archive: bool) -> None:
    """A name in Windows-1258/TCVN3 bytes is not UTF-8 (Python holds it with lone surrogates); it once
    stopped the batch in the quarantine report. Now it is registered, quarantined or archived, and skipped
    on the next run."""
    import os

    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    good = Path(os.fsdecode(bytes(inbox) + b"/c\xf4ng v\xe3n.docx"))
    bad = Path(os.fsdecode(bytes(inbox) + b"/h\xf4ng.pdf"))
    shutil.copy2(LETTERS / OTHERS[0], good)
    bad.write_bytes(b"not a pdf")
    summary = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0, archive=archive))
    statuses = sorted(o.status for o in summary.outcomes)
    assert statuses == ["new", "quarantined"] and not summary.all_problems()
    reports = list((out / "quarantine").glob("*.error.json"))
    assert len(reports) == 1 and "\\xf4" in json.loads(reports[0].read_text(encoding="utf-8"))["file"]
    register = Register(default_url(out))
    try:
        document = register.get(register.document_ids()[0])
        assert document is not None and document.source.path.endswith("c\\xf4ng v\\xe3n.docx")
    finally:
        register.close()
    if archive:
        assert not good.exists() and not bad.exists(), "both moved out of the inbox"
        assert len(list((out / "archive").rglob("*.docx"))) == 1
    else:
        again = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0))
        assert {o.status for o in again.outcomes} == {"unchanged"}


def test_a_new_output_format_is_one_registration_and_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An exporter registered beside the built-in ones is written by the batch; when it fails, only
    its own file is missing, with its own code, and the built-in files are still written."""
    import csv

    from congvan.outputs import exporters

    def write_csv(out: Path, entries, on_error) -> None:
        with (out / "register.csv").open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for number, _received, document in entries():
                writer.writerow([number, document.doc_number])

    monkeypatch.setattr(exporters, "_REGISTRY", dict(exporters._REGISTRY))  # this test's registrations only
    exporters.register(exporters.Exporter("csv", "register.csv", write_csv))
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    for name in OTHERS:
        shutil.copy2(LETTERS / name, inbox / name)
    summary = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0))
    assert not summary.all_problems()
    assert len((out / "register.csv").read_text(encoding="utf-8").splitlines()) == len(OTHERS)

    def broken(out: Path, entries, on_error) -> None:
        raise OSError(28, "No space left on device")

    exporters.register(exporters.Exporter("csv", "register.csv", broken))
    (out / "register.csv").unlink()
    again = run_batch(inbox, out, BatchOptions(workers=1, settle_seconds=0))
    assert [p.code for p in again.all_problems()] == ["csv_failed"]
    assert (out / "tasks.json").is_file() and (out / "register.xlsx").is_file() and not (out / "register.csv").exists()
