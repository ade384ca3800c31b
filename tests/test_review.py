"""Review round trip: export a DOCX per letter, a reviewer corrects it (python-docx, LibreOffice),
the corrections flow back into the register, JSON, XLSX and audit trail, and become gold.

Real sample letters are processed with the real batch into a temporary OUT; "the reviewer"
edits the real content controls of the generated file, the way Word or LibreOffice would.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import json
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from conftest import LETTERS, ROOT, SAMPLES, copy_letters
from congvan.flows.batch import BatchOptions, run_batch
from congvan.flows.review_batch import (
    apply_review,
    apply_reviews_to,
    consume_folder,
    export_gold,
    export_reviews,
    is_reviewed,
    store_plan,
)
from congvan.models import Document
from congvan.outputs import review_format as rf
from congvan.outputs.review_apply import (
    IncompleteReview,
    InvalidReview,
    NotAReviewFile,
    ReviewerUnknown,
    StaleReview,
    UnknownDocument,
    plan_review,
)
from congvan.outputs.review_export import build_review, review_path
from congvan.outputs.review_read import read_review
from congvan.outputs.store import Register, default_url
from congvan.outputs.xlsx import days_overdue
from docx.oxml.ns import qn

from congvan.evaluation import evaluate_dirs, match_tasks, predict_gold_letters

W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
# (letter, receipt date of its gold label): each processed with its own receipt date.
LETTER_SET = (("cv-byt-2023-benh-an-dien-tu.docx", dt.date(2023, 10, 19)),
              ("cv-bnnptnt-2024-san-xuat-he-thu.docx", dt.date(2024, 5, 17)))
REVIEWER = "Nguyễn Thị Hoa"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")


# ------------------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """OUT after processing the sample letters with the real batch (once per module)."""
    root = tmp_path_factory.mktemp("review")
    out = root / "out"
    for n, (name, received) in enumerate(LETTER_SET):
        inbox = root / f"inbox{n}"
        inbox.mkdir()
        copy_letters(inbox, [name])
        summary = run_batch(inbox, out, BatchOptions(received_at=received, workers=1))
        assert summary.count("new") == 1
    return out


@pytest.fixture
def out(pristine: Path, tmp_path: Path) -> Path:
    """A private copy of the processed OUT, so each test starts from the same register."""
    target = tmp_path / "out"
    shutil.copytree(pristine, target)
    return target


@pytest.fixture
def register(out: Path):
    reg = Register(default_url(out))
    yield reg
    reg.close()


def _documents(register: Register) -> dict[str, Document]:
    """Documents by file stem."""
    return {Path(d.source.path).stem: d for _n, _r, d in register.entries()}


def _byt(register: Register) -> Document:
    return _documents(register)["cv-byt-2023-benh-an-dien-tu"]


# ------------------------------------------------------------ the reviewer, with python-docx
class Reviewer:
    """Edits a review DOCX the way Word does: only inside the content controls, found by tag.

    python-docx's ``cell.text`` does not see text inside a content control, so this works on
    the ``w:sdt`` elements of the document python-docx loaded.
    """

    def __init__(self, path: Path) -> None:
        self.word = docx.Document(str(path))

    def controls(self) -> dict[str, Any]:
        found = {}
        for sdt in self.word.element.body.iter(qn("w:sdt")):
            tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}")
            if tag is not None:
                found[tag.get(qn("w:val")).split(":", 1)[1]] = sdt
        return found

    def set(self, key: str, text: str) -> Reviewer:
        content = self.controls()[key].find(qn("w:sdtContent"))
        runs = content.findall(qn("w:r"))
        for extra in runs[1:]:
            content.remove(extra)
        run = runs[0]
        for child in list(run):
            if child.tag != qn("w:rPr"):
                run.remove(child)
        node = run.makeelement(qn("w:t"), {})
        node.text = text
        run.append(node)
        return self

    def tick(self, key: str) -> Reviewer:
        sdt = self.controls()[key]
        sdt.find(f".//{{{W14}}}checked").set(f"{{{W14}}}val", "1")
        sdt.find(qn("w:sdtContent")).find(f".//{qn('w:t')}").text = "☒"
        return self

    def remove(self, key: str) -> Reviewer:
        sdt = self.controls()[key]
        sdt.getparent().remove(sdt)
        return self

    def save(self, path: Path, by: str | None = REVIEWER) -> Path:
        if by is not None:
            self.word.core_properties.last_modified_by = by  # what Word records on save
        self.word.save(str(path))
        return path


def _slot(doc: Document, index: int) -> str:
    return rf.task_slot(doc.id, doc.tasks[index].id)


def _typical_edits(doc: Document, source: Path, target: Path) -> Path:
    """Status, lead, due date, a deletion, an added task and the reviewed mark."""
    first, last = _slot(doc, 0), _slot(doc, len(doc.tasks) - 1)
    body = doc.tasks[0].assignees[0] if doc.tasks[0].assignees else "Sở Y tế"
    return (Reviewer(source)
            .set(f"{first}.status", "đang thực hiện")
            .set(f"{first}.lead", body)
            .set(f"{first}.due_date", "15/01/2024")
            .tick(f"{last}.delete")
            .set("n1.action", "báo cáo kết quả triển khai hồ sơ bệnh án điện tử")
            .set("n1.assignees", "các đơn vị")
            .set("n1.report_to", "Bộ Y tế")
            .set("n1.deadline_text", "trước ngày 20/12/2023")
            .tick("doc.reviewed")
            .save(target))


# ------------------------------------------------------------------------------ export
def test_export_writes_a_keyed_phieu_per_letter(out: Path, register: Register):
    docs = list(_documents(register).values())
    files = sorted((out / "review").glob("*.docx"))
    assert [p.name for p in files] == sorted(review_path(out, d).name for d in docs), "the batch writes one per letter"
    for doc in docs:
        path = review_path(out, doc)
        assert path.name.startswith(doc.doc_number.replace("/", "-"))
        names = zipfile.ZipFile(path).namelist()
        assert not [n for n, c in Counter(names).items() if c > 1], "no duplicate zip entries"
        assert "customXml/item1.xml" in names and "customXml/item2.xml" in names  # template's item1 kept
        word = docx.Document(str(path))  # Word-compatible enough for python-docx to open
        text = "\n".join(p.text for p in word.paragraphs)
        assert "PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN" in text and "Đã rà soát xong" in text
        headers = [c.text for c in word.tables[1].rows[0].cells]
        assert headers[:4] == ["STT", "Nhiệm vụ", "Đơn vị thực hiện", "Chủ trì"] and "Xóa" in headers
        assert doc.id not in text, "identity is not in the visible text"

        review = read_review(path.read_bytes())
        assert (review.document_id, review.fingerprint) == (doc.id, rf.fingerprint(doc))
        assert review.base == doc and review.blank_rows == 3 and review.last_modified_by == rf.GENERATOR
        keys = set(review.controls)
        assert rf.expected_keys(doc) <= keys
        assert {f"n{n}.{f.name}" for n in (1, 2, 3) for f in rf.NEW_TASK_FIELDS} <= keys
        assert all(c.found_by == "tag" for c in review.controls.values())
        assert review.controls["doc.doc_number"].text == doc.doc_number
        first = _slot(doc, 0)
        evidence = review.controls[f"{first}.evidence"]
        assert evidence.readonly and evidence.text == doc.tasks[0].evidence.text
        # each control carries its key three ways: tag, alias and a bookmark inside it
        sdts = {s.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val")): s for s in word.element.body.iter(qn("w:sdt"))}
        lead = sdts[f"congvan:{first}.lead"]
        assert lead.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").get(qn("w:val")) == f"Chủ trì [{first}.lead]"
        assert lead.find(f".//{qn('w:bookmarkStart')}").get(qn("w:name")) == f"_cv_{first}_lead"
        locked = sdts[f"congvan-ro:{first}.evidence"].find(f"{qn('w:sdtPr')}/{qn('w:lock')}")
        assert locked.get(qn("w:val")) == "sdtContentLocked"


def test_low_confidence_tasks_and_unread_fields_are_highlighted(register: Register):
    doc = _byt(register)
    unsure = doc.model_copy(deep=True)
    unsure.tasks[0].confidence = 0.4
    for task in unsure.tasks[1:]:
        task.confidence = 0.95
    unsure.issuer = None
    unsure.confidence = {"issue_date": 0.5}  # e.g. a date read from a signature field
    word = docx.Document(io.BytesIO(build_review(unsure)))
    xml = word.element.body
    fills = {}
    for sdt in xml.iter(qn("w:sdt")):
        tag = sdt.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").get(qn("w:val"))
        cell = next((a for a in sdt.iterancestors() if a.tag == qn("w:tc")), None)
        if cell is None:
            continue  # the «Đã rà soát xong» box stands outside the tables
        shd = cell.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
        fills[tag] = shd.get(qn("w:fill")) if shd is not None else None
    assert fills[f"congvan:{_slot(doc, 0)}.lead"] == "FFE699"
    assert fills[f"congvan:{_slot(doc, 1)}.lead"] != "FFE699"
    assert fills["congvan:doc.issuer"] == fills["congvan:doc.issue_date"] == "FFE699"
    assert fills["congvan:doc.doc_number"] is None


# ------------------------------------------------------------------------------- apply
def test_untouched_file_is_no_change(out: Path, register: Register):
    doc = _byt(register)
    before = register.get(doc.id)
    (result,) = apply_reviews_to(register, out, [review_path(out, doc)])
    assert result.status == "unchanged" and not result.changes and result.error is None
    assert register.get(doc.id) == before and register.audit_trail() == []


def _incoming_rows(out: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(out / "register.xlsx")["Sổ văn bản đến"]
    header = [c.value for c in sheet[1]]
    return [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]


def test_the_issuer_is_shown_in_the_registers_sentence_case(out: Path, register: Register):
    """The header writes 'BỘ Y TẾ'; the register, the phiếu, the feed and the store show 'Bộ Y tế'."""
    doc = _byt(register)
    assert (doc.issuer, doc.issuer_as_written) == ("Bộ Y tế", "BỘ Y TẾ")
    review = read_review(review_path(out, doc).read_bytes())
    assert review.controls["doc.issuer"].text == "Bộ Y tế"
    authors = [r["Tác giả"] for r in _incoming_rows(out)]
    assert "Bộ Y tế" in authors and "BỘ Y TẾ" not in authors
    feed = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    assert {t["document_issuer"] for t in feed["tasks"] if t["document_id"] == doc.id} == {"Bộ Y tế"}
    on_disk = Document.model_validate_json((out / "documents" / f"{doc.id}.json").read_text(encoding="utf-8"))
    assert (on_disk.issuer, on_disk.issuer_as_written) == ("Bộ Y tế", "BỘ Y TẾ")


def test_a_reviewer_who_edits_the_issuer_changes_issuer_not_the_form_as_written(out: Path, register: Register,
                                                                                  tmp_path: Path):
    doc = _byt(register)
    corrected = "Cục Công nghệ thông tin, Bộ Y tế"
    edited = Reviewer(review_path(out, doc)).set("doc.issuer", corrected).save(tmp_path / "issuer.docx")
    (result,) = apply_reviews_to(register, out, [edited])
    assert result.status == "applied", result.error
    assert [(c.task_id, c.field, c.new) for c in result.changes] == [(None, "issuer", corrected)]
    stored = register.get(doc.id)
    assert stored.issuer == corrected
    assert stored.issuer_as_written == "BỘ Y TẾ"  # what the header said stays recorded
    assert corrected in [r["Tác giả"] for r in _incoming_rows(out)]
    (trail,) = [a for a in register.audit_trail(doc.id) if a.field == "issuer"]
    assert (trail.old_value, trail.new_value) == ("Bộ Y tế", corrected)


def test_python_docx_corrections_flow_into_register_json_xlsx_and_audit(out: Path, register: Register, tmp_path: Path):
    doc = _byt(register)
    first, last = doc.tasks[0], doc.tasks[-1]
    edited = _typical_edits(doc, review_path(out, doc), tmp_path / "reviewed.docx")
    (result,) = apply_reviews_to(register, out, [edited])
    assert result.status == "applied", result.error
    assert result.reviewer == REVIEWER and result.marked_reviewed

    stored = register.get(doc.id)
    by_id = {t.id: t for t in stored.tasks}
    assert last.id not in by_id, "ticked Xóa deletes the task"
    fixed = by_id[first.id]
    assert fixed.status == "đang thực hiện" and fixed.deadline.date == dt.date(2024, 1, 15)
    assert fixed.lead == fixed.assignees[0]
    added = [t for t in stored.tasks if t.id not in {x.id for x in doc.tasks}]
    assert len(added) == 1 and added[0].id == rf.new_task_id(doc.id, rf.fingerprint(doc), "n1")
    assert added[0].assignees == ["các đơn vị"] and added[0].report_to == "Bộ Y tế"
    assert added[0].deadline.kind == "absolute" and added[0].deadline.date == dt.date(2023, 12, 20)
    assert added[0].confidence == 1.0
    assert is_reviewed(register, doc.id)

    # JSON outputs follow the register
    assert Document.model_validate_json((out / "documents" / f"{doc.id}.json").read_text(encoding="utf-8")) == stored
    feed = json.loads((out / "tasks.json").read_text(encoding="utf-8"))
    feed_ids = {t["id"] for t in feed["tasks"] if t["document_id"] == doc.id}
    assert feed_ids == set(by_id)

    # the XLSX shows the status and the overdue flag computed from the deadline
    sheet = openpyxl.load_workbook(out / "register.xlsx")["Theo dõi nhiệm vụ"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    row = next(r for r in rows if r["Câu gốc"] == first.evidence.text)
    assert row["Tiến độ / trạng thái"] == "đang thực hiện" and row["Thời hạn"].date() == dt.date(2024, 1, 15)
    assert row["Quá hạn"] == "quá hạn" and row["Số ngày quá hạn"] == (dt.date.today() - dt.date(2024, 1, 15)).days

    # the audit trail: document, task, field, old, new, reviewer, time
    trail = register.audit_trail(doc.id)
    seen = {(a.task_id, a.field): a for a in trail}
    assert seen[(first.id, "status")].old_value == "chưa thực hiện"
    assert seen[(first.id, "status")].new_value == "đang thực hiện"
    assert seen[(first.id, "deadline.date")].new_value == "2024-01-15"
    assert seen[(last.id, "task")].new_value is None and seen[(added[0].id, "task")].old_value is None
    assert seen[(None, "reviewed")].new_value == "true"
    assert {a.actor for a in trail} == {REVIEWER} and {a.source for a in trail} == {"review"}
    assert all(isinstance(a.at, dt.datetime) for a in trail)

    # a fresh review file replaces the old one; applying the same file again changes nothing
    assert read_review(review_path(out, stored).read_bytes()).fingerprint == rf.fingerprint(stored)
    (again,) = apply_reviews_to(register, out, [edited])
    assert again.status == "unchanged" and again.error is None
    assert register.get(doc.id) == stored and len(register.audit_trail()) == len(trail)


def test_tracked_changes_and_spacing_are_read_as_a_reviewer_means_them(out: Path, register: Register, tmp_path: Path):
    doc = _byt(register)
    reviewer = Reviewer(review_path(out, doc))
    slot = _slot(doc, 0)
    # Word with Track Changes on: the old text sits in w:del/w:delText, the new in w:ins
    content = reviewer.controls()[f"{slot}.deliverable"].find(qn("w:sdtContent"))
    for old in content.findall(qn("w:r")):
        content.remove(old)
    deleted = content.makeelement(qn("w:del"), {qn("w:id"): "9001", qn("w:author"): REVIEWER})
    run = deleted.makeelement(qn("w:r"), {})
    gone = run.makeelement(qn("w:delText"), {})
    gone.text = "bản cũ"
    run.append(gone)
    deleted.append(run)
    inserted = content.makeelement(qn("w:ins"), {qn("w:id"): "9002", qn("w:author"): REVIEWER})
    run = inserted.makeelement(qn("w:r"), {})
    text = run.makeelement(qn("w:t"), {})
    text.text = "lộ trình"
    run.append(text)
    inserted.append(run)
    content.extend([deleted, inserted])
    # reformatting a list (spaces around ';') is not an edit
    assignees = "  ;  ".join(doc.tasks[1].assignees) + " ;"
    reviewer.set(f"{_slot(doc, 1)}.assignees", assignees)
    # Word, when a control is emptied, shows its prompt and marks the control showingPlcHdr
    dated = next(i for i, t in enumerate(doc.tasks) if t.deadline.text)
    sdt = reviewer.controls()[f"{_slot(doc, dated)}.deadline_text"]
    sdt.find(qn("w:sdtPr")).find(qn("w:text")).addprevious(sdt.makeelement(qn("w:showingPlcHdr"), {}))
    reviewer.set(f"{_slot(doc, dated)}.deadline_text", "Bấm hoặc gõ nhẹ vào đây để nhập văn bản.")
    (result,) = apply_reviews_to(register, out, [reviewer.save(tmp_path / "tracked.docx")])
    assert result.status == "applied", result.error
    changes = {(c.task_id, c.field): c.new for c in result.changes}
    assert changes[(doc.tasks[0].id, "deliverable")] == "lộ trình"
    assert changes[(doc.tasks[dated].id, "deadline.text")] is None
    assert not [c for c in result.changes if c.field == "assignees"]


def test_rejected_files_apply_nothing(out: Path, register: Register, tmp_path: Path):
    doc = _byt(register)
    before = register.get(doc.id)
    source = review_path(out, doc)
    slot, other = _slot(doc, 0), _slot(doc, 1)

    def outcome(path: Path, **kwargs):
        result = apply_review(register, out, path, **kwargs)
        assert result.status == "rejected", (path.name, result.status)
        return result.error

    # a DOCX we did not generate: a letter, and bytes that are no DOCX at all
    error = outcome(LETTERS / LETTER_SET[0][0])
    assert isinstance(error, NotAReviewFile) and "not generated by `congvan review export`" in str(error)
    (tmp_path / "garbage.docx").write_bytes(b"PK not really")
    assert isinstance(outcome(tmp_path / "garbage.docx"), NotAReviewFile)

    # a document id this register does not know (a file made from another register)
    foreign = doc.model_copy(update={"id": "f" * 16})
    (tmp_path / "foreign.docx").write_bytes(build_review(foreign))
    error = outcome(tmp_path / "foreign.docx")
    assert isinstance(error, UnknownDocument) and "f" * 16 in str(error)

    # invalid values: every one is named with its task, field and value
    bad = (Reviewer(source).set(f"{slot}.due_date", "31/02/2024").set(f"{slot}.status", "xong rồi")
           .set(f"{other}.assignees", "").set(f"{other}.lead", "").set("doc.urgency", "rất khẩn")
           .set("doc.issue_date", "hôm qua").save(tmp_path / "bad.docx"))
    error = outcome(bad)
    assert isinstance(error, InvalidReview)
    text = str(error)
    for expected in (f"task {slot}, field due_date (Thời hạn): '31/02/2024' is not a date",
                     f"task {slot}, field status (Trạng thái): 'xong rồi' is not a status",
                     f"task {other}, field assignees (Đơn vị thực hiện): '' is empty",
                     "letter, field urgency (Độ khẩn): 'rất khẩn'", "letter, field issue_date (Ngày ban hành): 'hôm qua'"):
        assert expected in text, (expected, text)

    # an unknown field, and a control deleted from the file
    unknown = Reviewer(source)
    clone = copy.deepcopy(unknown.controls()[f"{slot}.lead"])
    clone.find(f"{qn('w:sdtPr')}/{qn('w:tag')}").set(qn("w:val"), f"congvan:{slot}.priority")
    clone.find(f"{qn('w:sdtPr')}/{qn('w:alias')}").set(qn("w:val"), f"Ưu tiên [{slot}.priority]")
    for mark in clone.iter(qn("w:bookmarkStart")):
        mark.set(qn("w:name"), f"_cv_{slot}_priority")
    unknown.controls()[f"{slot}.lead"].addnext(clone)
    error = outcome(unknown.save(tmp_path / "unknown.docx"))
    assert isinstance(error, InvalidReview) and f"task {slot}, field priority" in str(error)
    error = outcome(Reviewer(source).remove(f"{other}.lead").save(tmp_path / "missing.docx"))
    assert isinstance(error, IncompleteReview) and f"{other}.lead" in str(error)

    # corrections with nobody to attribute them to
    error = outcome(Reviewer(source).set(f"{slot}.status", "hủy").save(tmp_path / "anon.docx", by=None))
    assert isinstance(error, ReviewerUnknown) and "--reviewer" in str(error)

    # a file made from an older extraction: refused, with the fields that conflict
    first = Reviewer(source).set(f"{slot}.status", "hoàn thành đúng hạn").save(tmp_path / "first.docx")
    second = (Reviewer(source).set(f"{slot}.status", "hủy").set(f"{other}.action", "việc khác")
              .save(tmp_path / "second.docx"))
    assert register.audit_trail() == [] and register.get(doc.id) == before, "nothing applied so far"
    assert apply_review(register, out, first).status == "applied"
    after_first = register.get(doc.id)
    error = outcome(second)
    assert isinstance(error, StaleReview)
    text = str(error)
    assert "older extraction" in text and f"task {doc.tasks[0].id}, status" in text and "conflict" in text
    assert f"task {doc.tasks[1].id}, action" in text
    assert register.get(doc.id) == after_first and len(register.audit_trail()) == 1
    assert apply_review(register, out, first).status == "unchanged", "the applied file itself is still fine"


def test_file_that_lost_its_snapshot_still_applies_or_is_refused(out: Path, register: Register, tmp_path: Path):
    """Without the custom XML part only the properties say which extraction the file shows."""
    doc = _byt(register)
    original = shutil.copy2(review_path(out, doc), tmp_path / "original.docx")
    slot = _slot(doc, 0)

    def without_snapshot(path: Path):
        review = read_review(path.read_bytes())
        review.base = None  # as if a program had dropped the custom XML part
        return review

    edited = without_snapshot(Reviewer(original).set(f"{slot}.status", "hủy").save(tmp_path / "a.docx"))
    plan = plan_review(edited, register.get(doc.id))
    assert [(c.field, c.new) for c in plan.changes] == [("status", "hủy")] and plan.reviewer == REVIEWER
    store_plan(register, out, plan)
    assert not plan_review(edited, register.get(doc.id)).changed, "the same file again: no change"
    other = without_snapshot(Reviewer(original).set(f"{slot}.lead", "Văn phòng").save(tmp_path / "b.docx"))
    with pytest.raises(StaleReview):
        plan_review(other, register.get(doc.id))


def test_reviewer_option_overrides_last_modified_by(out: Path, register: Register, tmp_path: Path):
    doc = _byt(register)
    path = Reviewer(review_path(out, doc)).set(f"{_slot(doc, 0)}.status", "hủy").save(tmp_path / "r.docx", by=None)
    result = apply_review(register, out, path, reviewer="Trần Văn Bình")
    assert result.status == "applied" and {a.actor for a in register.audit_trail()} == {"Trần Văn Bình"}


# ---------------------------------------------------------------------- LibreOffice
def _libreoffice_resave(files: list[Path], target: Path, profile: Path) -> list[Path]:
    """Open and save each file in LibreOffice (headless DOCX → DOCX), own profile per run."""
    target.mkdir()
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "docx",
                    "--outdir", str(target), *map(str, files)], check=True, capture_output=True, timeout=240)
    return [target / f.name for f in files]


@needs_soffice
@pytest.mark.slow
def test_libreoffice_resave_keeps_corrections_applicable(out: Path, pristine: Path, tmp_path: Path):
    register = Register(default_url(out))
    try:
        doc = _byt(register)
        untouched = tmp_path / "untouched.docx"
        shutil.copy2(review_path(out, doc), untouched)
        edited = _typical_edits(doc, review_path(out, doc), tmp_path / "edited.docx")
        lo_edited, lo_untouched = _libreoffice_resave([edited, untouched], tmp_path / "lo", tmp_path / "lo-profile")

        # what LibreOffice 7.4 did: no tags left, keys recovered from aliases and bookmarks
        assert b"<w:tag " not in zipfile.ZipFile(lo_edited).read("word/document.xml")
        review = read_review(lo_edited.read_bytes())
        assert {c.found_by for c in review.controls.values()} == {"alias", "bookmark"}
        assert review.controls["doc.reviewed"].found_by == "bookmark"
        original = read_review(edited.read_bytes())
        assert set(review.controls) == set(original.controls), "every key found after the re-save"
        assert {k: (c.text, c.checked) for k, c in review.controls.items()} == \
            {k: (c.text, c.checked) for k, c in original.controls.items()}

        (plain,) = apply_reviews_to(register, out, [lo_untouched])
        assert plain.status == "unchanged" and register.audit_trail() == []
        (result,) = apply_reviews_to(register, out, [lo_edited])
        assert result.status == "applied", result.error
        via_lo = register.get(doc.id)
    finally:
        register.close()

    # the same corrections straight from python-docx give the same register content
    twin = tmp_path / "twin"
    shutil.copytree(pristine, twin)
    twin_register = Register(default_url(twin))
    try:
        (direct,) = apply_reviews_to(twin_register, twin, [edited])
        assert direct.status == "applied"
        assert twin_register.get(doc.id) == via_lo
    finally:
        twin_register.close()


# ------------------------------------------------------------------------------- gold
def _render(spec: rf.FieldSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.kind in ("date", "datetime"):
        parsed = dt.datetime.fromisoformat(value) if "T" in str(value) else dt.date.fromisoformat(value)
        return rf.format_date(parsed)
    if spec.kind == "list":
        return "; ".join(value)
    if spec.kind == "lines":
        return " | ".join(value)
    return str(value)


def _review_like_gold(doc: Document, gold: dict[str, Any], source: Path, target: Path) -> Path:
    """What a reviewer who knows the truth does: fix every field to the gold label."""
    reviewer = Reviewer(source)
    meta = {**gold, "signer_name": gold["signer"]["name"], "signer_title": gold["signer"]["title"],
            "signer_authority": gold["signer"]["authority"],
            "references": [r["doc_number"] for r in gold["references"]]}
    for spec in rf.DOC_FIELDS:
        if spec.kind != "check":
            reviewer.set(f"doc.{spec.name}", _render(spec, meta[spec.name]))
    predicted = [t.model_dump(mode="json") for t in doc.tasks]
    pairs = {p: g for g, p in match_tasks(gold["tasks"], predicted)}
    specs = rf.NEW_TASK_SPECS

    def fill(slot: str, task: dict[str, Any]) -> None:
        values = {**task, "due_date": task["deadline"]["date"], "deadline_text": task["deadline"]["text"]}
        for name in ("action", "assignees", "lead", "collaborators", "deliverable", "report_to", "due_date", "deadline_text"):
            reviewer.set(f"{slot}.{name}", _render(specs[name], values[name]))

    for index, task in enumerate(doc.tasks):
        slot = _slot(doc, index)
        if index in pairs:
            fill(slot, gold["tasks"][pairs[index]])
        else:
            reviewer.tick(f"{slot}.delete")
    missed = [g for i, g in enumerate(gold["tasks"]) if i not in pairs.values()]
    for n, task in enumerate(missed, start=1):
        fill(f"n{n}", task)
        reviewer.set(f"n{n}.evidence", task["evidence"]["text"]).set(f"n{n}.page", str(task["evidence"]["page"]))
    return reviewer.tick("doc.reviewed").save(target)


def test_corrections_become_gold_that_scores_the_extractor(out: Path, register: Register, tmp_path: Path):
    """A reviewer who fixes everything to the hand labels reproduces them through export-gold."""
    extracted = tmp_path / "extracted"
    shutil.copytree(out / "documents", extracted)  # the extraction the reviewers saw
    golds = {}
    for stem, doc in _documents(register).items():
        gold = json.loads((SAMPLES / "gold" / f"{stem}.json").read_text(encoding="utf-8"))
        golds[stem] = gold
        (source,) = export_reviews(register, out, [doc.id], blank_rows=max(3, len(gold["tasks"])))
        edited = _review_like_gold(doc, gold, source, tmp_path / f"{stem}.docx")
        (result,) = apply_reviews_to(register, out, [edited])
        assert result.status == "applied", result.error

    folder = tmp_path / "gold-from-reviews"
    written = export_gold(register, folder)
    assert sorted(p.stem for p in written) == sorted(golds)
    for path in written:
        exported = json.loads(path.read_text(encoding="utf-8"))
        gold = golds[path.stem]
        assert list(exported) == ["file", "source_path", *[k for k in gold if k != "file"]], "gold key order"
        for key in ("doc_number", "doc_type", "issuer", "issuer_parent", "place", "issue_date", "subject", "urgency",
                    "signer", "addressees", "cc", "received_at"):
            assert exported[key] == gold[key], (path.stem, key)
        assert [r["doc_number"] for r in exported["references"]] == [r["doc_number"] for r in gold["references"]]
        by_evidence = {t["evidence"]["text"]: t for t in exported["tasks"]}
        assert len(exported["tasks"]) == len(gold["tasks"])
        for task in gold["tasks"]:
            mine = next((t for text, t in by_evidence.items()
                         if match_tasks([task], [t])), None)
            assert mine is not None, task["evidence"]["text"]
            for key in ("assignees", "lead", "collaborators", "action", "deliverable", "report_to"):
                assert mine[key] == task[key], (key, mine[key], task[key])
            assert mine["deadline"]["date"] == task["deadline"]["date"] and mine["deadline"]["text"] == task["deadline"]["text"]

    # `congvan eval` scores the extractor against the reviewers' corrections as against the hand
    # labels: detection and metadata exactly. (Confirmed tasks keep the extractor's evidence
    # sentence, so where one sentence holds several tasks the eval may pair them differently,
    # which can move the per-field task scores a little.)
    hand = tmp_path / "hand"
    hand.mkdir()
    for stem in golds:
        shutil.copy2(SAMPLES / "gold" / f"{stem}.json", hand / f"{stem}.json")
    by_review, by_hand = evaluate_dirs(folder, extracted), evaluate_dirs(hand, extracted)
    assert by_review["documents"] == by_hand["documents"] == 2
    assert by_review["tasks"]["detection"] == by_hand["tasks"]["detection"]
    for field, entry in by_hand["metadata"].items():
        assert by_review["metadata"][field]["accuracy"] == entry["accuracy"], field
    # the exported labels carry source_path and received_at, so `congvan eval --gold` can re-extract
    fresh = tmp_path / "fresh"
    assert predict_gold_letters(folder, None, fresh) == 2
    assert evaluate_dirs(folder, fresh)["tasks"]["detection"] == by_review["tasks"]["detection"]
    print("\nextractor vs reviewers' corrections:",
          json.dumps({k: by_review["tasks"][k] for k in ("detection", "assignees", "lead", "triple")}))


# ------------------------------------------------------------------- CLI, flow, status
def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from congvan.cli import main; main()", *args],
                          check=False, capture_output=True, text=True, cwd=ROOT, timeout=300)


def test_cli_export_apply_status_audit_gold(out: Path, tmp_path: Path):
    for old in (out / "review").glob("*.docx"):
        old.unlink()
    exported = _cli("review", "export", "--out", str(out), "6123/BYT-KCB")
    assert exported.returncode == 0, exported.stderr
    (path,) = (out / "review").glob("*.docx")
    register = Register(default_url(out))
    doc = _byt(register)
    register.close()
    edited = (Reviewer(path).set(f"{_slot(doc, 0)}.status", "hoàn thành đúng hạn").tick("doc.reviewed")
              .save(tmp_path / "a.docx", by=None))
    letter = str(LETTERS / LETTER_SET[0][0])
    applied = _cli("review", "apply", str(edited), letter, "--out", str(out), "--reviewer", "Lê Văn An")
    assert applied.returncode == 1, "a rejected file makes the exit code 1"
    assert "applied a.docx: 1 change(s), marked reviewed by Lê Văn An" in applied.stderr and "not_a_review_file" in applied.stderr, applied.stderr
    status = _cli("review", "status", doc.tasks[1].id, "dang thuc hien", "--reviewer", "Lê Văn An", "--out", str(out))
    assert status.returncode == 0, status.stderr
    audit = _cli("review", "audit", doc.id, "--json", "--out", str(out))
    entries = [json.loads(line) for line in audit.stdout.splitlines()]
    assert [(e["field"], e["new"], e["actor"], e["source"]) for e in entries] == [
        ("status", "hoàn thành đúng hạn", "Lê Văn An", "review"), ("reviewed", "true", "Lê Văn An", "review"),
        ("status", "đang thực hiện", "Lê Văn An", "review-status")]
    sheet = openpyxl.load_workbook(out / "register.xlsx")["Theo dõi nhiệm vụ"]
    statuses = [row[[c.value for c in sheet[1]].index("Tiến độ / trạng thái")].value for row in sheet.iter_rows(min_row=2)]
    assert {"hoàn thành đúng hạn", "đang thực hiện"} <= set(statuses)
    gold = _cli("review", "export-gold", "--gold", str(tmp_path / "gold"), "--out", str(out))
    assert gold.returncode == 0 and [p.name for p in (tmp_path / "gold").iterdir()] == ["cv-byt-2023-benh-an-dien-tu.json"]


def test_apply_reviews_folder_moves_files(out: Path, register: Register):
    doc = _byt(register)
    inbox = out / "reviews-in"
    inbox.mkdir()
    good = _typical_edits(doc, review_path(out, doc), inbox / "a-good.docx")
    shutil.copy2(LETTERS / LETTER_SET[1][0], inbox / "b-not-ours.docx")
    (inbox / "~$a-good.docx").write_bytes(b"Word lock file")
    results = consume_folder(register, out, inbox)
    assert [(r.path.name, r.status) for r in results] == [("a-good.docx", "applied"), ("b-not-ours.docx", "rejected")]
    assert (inbox / "applied" / "a-good.docx").exists() and not good.exists()
    report = json.loads((inbox / "rejected" / "b-not-ours.docx.error.json").read_text(encoding="utf-8"))
    assert report["code"] == "not_a_review_file"
    assert (inbox / "~$a-good.docx").exists(), "lock files are left alone"


@pytest.mark.slow
def test_apply_reviews_prefect_flow(prefect_harness, out: Path, tmp_path: Path):
    from congvan.flows.apply_reviews import apply_reviews

    register = Register(default_url(out))
    doc = _byt(register)
    register.close()
    inbox = out / "reviews-in"
    inbox.mkdir()
    _typical_edits(doc, review_path(out, doc), inbox / "reviewed.docx")
    (inbox / "broken.docx").write_bytes(b"nope")
    counts = apply_reviews(str(out))
    assert counts == {"applied": 1, "unchanged": 0, "rejected": 1}
    assert sorted(p.name for p in (inbox / "applied").iterdir()) == ["reviewed.docx"]
    register = Register(default_url(out))
    try:
        assert is_reviewed(register, doc.id)
    finally:
        register.close()


def test_overdue_flags_follow_deadline_and_status(register: Register):
    task = _byt(register).tasks[0]
    due = task.model_copy(update={"deadline": task.deadline.model_copy(update={"date": dt.date(2024, 3, 1), "kind": "absolute"})})
    today = dt.date(2024, 3, 11)
    assert days_overdue(due, today) == 10
    assert days_overdue(due, dt.date(2024, 3, 1)) is None
    assert days_overdue(due.model_copy(update={"status": "hoàn thành đúng hạn"}), today) is None
    assert days_overdue(due.model_copy(update={"status": "đang thực hiện"}), today) == 10
    recurring = due.model_copy(update={"deadline": due.deadline.model_copy(update={"kind": "recurring"})})
    assert days_overdue(recurring, today) is None
