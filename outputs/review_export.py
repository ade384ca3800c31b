"""The review DOCX: a Decree 30 "Phiếu giải quyết văn bản đến" a reviewer corrects in Word.

One file per letter, ``OUT/review/<số ký hiệu>_<id8>.docx`` (or ``<id>.docx`` when the letter
has no number); the short id keeps the PDF and DOCX copies of one letter, which share a
number, from overwriting each other. The page shows the letter's metadata and one table row
per task, each value in a keyed content control (see ``review_format``), the sentence a task
came from read-only under it, low-confidence values on a yellow ground, blank rows to add
tasks, a "Xóa" box per task and a "Đã rà soát xong" box. Identity and the snapshot of the
extraction go into custom document properties and a custom XML part, never visible text.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import re
import uuid
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from congvan.models import Document, Task
from congvan.outputs import review_format as rf
from congvan.outputs.atomic import write_bytes_atomic
from congvan.outputs.format_limits import core_property, xml_text
from congvan.outputs.signature_text import BROKEN, signatures_summary
from congvan.text import nfc

LOW_CONFIDENCE = 0.8  # tasks below this are highlighted for the reviewer
BLANK_ROWS = 3
FILL_LOW = "FFE699"  # yellow: congvan is unsure, or could not read the value
FILL_READONLY = "F2F2F2"  # grey: shown for reference, not read back
FILL_HEADER = "D9E2F3"
FILL_NEW = "E2EFDA"  # green: rows for tasks the reviewer adds
FONT = "Times New Roman"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s\x00-\x1f\x7f]+')
NAME_BYTES = 150  # of the number in a file name: 255 bytes per name on ext4/NTFS, with room for the id
_CUSTOM_PROPS_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

# Task table: (field or None for the ordinal, header, width in mm). Landscape A4 leaves 267 mm.
_TASK_COLUMNS: tuple[tuple[str | None, str, float], ...] = (
    (None, "STT", 12), ("action", "Nhiệm vụ", 45), ("assignees", "Đơn vị thực hiện", 31), ("lead", "Chủ trì", 25),
    ("collaborators", "Phối hợp", 27), ("deliverable", "Sản phẩm", 19), ("report_to", "Báo cáo về", 21),
    ("due_date", "Thời hạn (dd/mm/yyyy)", 22), ("deadline_text", "Cụm từ thời hạn", 25),
    ("status", "Trạng thái", 23), ("delete", "Xóa", 11),
)


# ------------------------------------------------------------------------------ paths
def review_name(document: Document) -> str:
    """File name of a letter's review DOCX: its number (made file-safe) and short id, or its id."""
    if document.doc_number:
        safe = _UNSAFE.sub("-", xml_text(nfc(document.doc_number))).strip("-.")
        safe = safe.encode("utf-8")[:NAME_BYTES].decode("utf-8", "ignore").strip("-.")
        if safe:
            return f"{safe}_{document.id[:8]}.docx"
    return f"{document.id}.docx"


def review_path(out: Path, document: Document) -> Path:
    return out / "review" / review_name(document)


def reviewed_ids(out: Path) -> set[str]:
    """The ids, or the 8-character short ids, of the letters with a review DOCX in ``OUT/review``.

    Read from the file names alone (``review_name``), so an unchanged re-run can tell which
    letters lack one without loading any document.
    """
    found = set()
    for path in (out / "review").glob("*.docx"):
        stem = path.stem
        _head, sep, tail = stem.rpartition("_")
        found.add(tail if sep and len(tail) == 8 else stem)
    return found


def write_review(out: Path, document: Document, blank_rows: int = BLANK_ROWS, content: bytes | None = None) -> Path:
    """Write (atomically) the review DOCX of ``document``; removes older files of the same letter.

    ``content`` is the DOCX when already built (the batch builds it in the worker process).
    An older file exists when a correction changed the letter's number, and so the name.
    """
    path = review_path(out, document)
    write_bytes_atomic(path, content if content is not None else build_review(document, blank_rows))
    for stale in (*path.parent.glob(f"*_{document.id[:8]}.docx"), path.parent / f"{document.id}.docx"):
        if stale != path and stale.exists() and _is_review_of(stale, document.id):
            stale.unlink()
    return path


def _is_review_of(path: Path, document_id: str) -> bool:
    from congvan.outputs.review_read import ReviewFormatError, read_identity

    try:
        return read_identity(path.read_bytes())[0] == document_id
    except (ReviewFormatError, OSError, zipfile.BadZipFile):  # not ours, or unreadable: leave it alone
        return False


# ------------------------------------------------------------------------------ build
def build_review(document: Document, blank_rows: int = BLANK_ROWS) -> bytes:
    """The review DOCX of ``document`` as bytes."""
    word = docx.Document()
    ids = _Ids(document.id)
    _page_setup(word)
    _heading(word, document)
    _metadata_table(word, document, ids)
    _section_title(word, "II. NHIỆM VỤ TRÍCH XUẤT TỪ VĂN BẢN")
    _legend(word)
    _task_table(word, document, ids, blank_rows)
    _closing(word, ids)
    _instructions(word)
    _properties(word, document, blank_rows)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


class _Ids:
    """Deterministic ids for content controls and bookmarks, unique within one file."""

    def __init__(self, seed: str) -> None:
        self._base = int(hashlib.sha256(seed.encode()).hexdigest()[:6], 16)
        self._next = 0

    def take(self) -> int:
        self._next += 1
        return self._base + self._next


def _page_setup(word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)
    normal = word.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = etree.SubElement(rpr, qn("w:lang"))
    lang.set(qn("w:val"), "vi-VN")
    normal.paragraph_format.space_after = Pt(2)


def _heading(word: WordDocument, document: Document) -> None:
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("PHIẾU GIẢI QUYẾT VĂN BẢN ĐẾN")
    run.bold, run.font.size = True, Pt(14)
    sub = word.add_paragraph()
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = sub.add_run("(rà soát kết quả trích xuất của congvan: sửa trực tiếp trong các ô, lưu tệp .docx và gửi lại văn thư)")
    run.italic, run.font.size = True, Pt(10)
    _section_title(word, "I. THÔNG TIN VĂN BẢN")


def _section_title(word: WordDocument, text: str) -> None:
    paragraph = word.add_paragraph()
    paragraph.paragraph_format.space_before = Pt(8)
    run = paragraph.add_run(text)
    run.bold = True


def _legend(word: WordDocument) -> None:
    paragraph = word.add_paragraph()
    for text, fill in (("  nền vàng  ", FILL_LOW), ("  nền xám  ", FILL_READONLY), ("  nền xanh lá  ", FILL_NEW)):
        run = paragraph.add_run(text)
        run.font.size = Pt(9)
        _shade_run(run, fill)
        meaning = {FILL_LOW: ": congvan chưa chắc chắn, cần kiểm tra kỹ;",
                   FILL_READONLY: ": câu gốc làm căn cứ, chỉ để đối chiếu (không sửa);",
                   FILL_NEW: ": dòng trống để thêm nhiệm vụ còn thiếu."}[fill]
        note = paragraph.add_run(meaning + " ")
        note.font.size = Pt(9)


def _metadata_table(word: WordDocument, document: Document, ids: _Ids) -> None:
    values = rf.doc_values(document)
    flagged = {w.field for w in document.warnings if w.field}
    layout: list[tuple[str, ...]] = [
        ("doc_number", "doc_type"), ("issue_date", "place"), ("issuer", "issuer_parent"), ("subject",),
        ("urgency", "signer_name"), ("signer_title", "signer_authority"), ("addressees",), ("cc",), ("references",),
    ]
    hints = {"urgency": "Hỏa tốc / Thượng khẩn / Khẩn; để trống nếu không khẩn",
             "signer_authority": "cách nhau bằng dấu ;", "addressees": "cách nhau bằng dấu ;",
             "cc": "cách nhau bằng dấu |", "references": "cách nhau bằng dấu ;", "issue_date": "dd/mm/yyyy"}
    label_mm, value_mm = 38, 95
    table = _table(word, (label_mm, value_mm, label_mm, value_mm + 1))
    for row_fields in layout:
        cells = []
        for name in row_fields:
            spec = rf.DOC_SPECS[name]
            value = str(values[name])
            contract = rf.contract_field(name)
            unsure = (contract in flagged or document.confidence.get(contract, 1.0) < LOW_CONFIDENCE
                      or (not value and name in {"doc_number", "issuer", "issue_date", "subject"}))
            cells.append(_cell(label_mm, _label_runs(spec.label, hints.get(name)), fill=FILL_HEADER))
            width = value_mm if len(row_fields) == 2 else 2 * value_mm + label_mm + 1
            cells.append(_cell(width, [_text_control(rf.make_key(rf.DOC_SLOT, name), spec.label, value, ids)],
                               fill=FILL_LOW if unsure else None, span=1 if len(row_fields) == 2 else 3))
        table.append(_row(cells))
    table.append(_row([
        _cell(label_mm, _label_runs("Tệp gốc"), fill=FILL_READONLY),
        _cell(value_mm, [_run(Path(document.source.path).name)], fill=FILL_READONLY),
        _cell(label_mm, _label_runs("Ngày đến"), fill=FILL_READONLY),
        _cell(value_mm + 1, [_run(rf.format_date(document.source.received_at))], fill=FILL_READONLY),
    ]))
    signed = signatures_summary(document)
    if signed:  # read-only, like the file name: a broken signature is on a yellow ground
        table.append(_row([
            _cell(label_mm, _label_runs("Chữ ký số"), fill=FILL_READONLY),
            _cell(2 * value_mm + label_mm + 1, [_run(signed)], fill=FILL_LOW if BROKEN in signed else FILL_READONLY,
                  span=3),
        ]))


def _task_table(word: WordDocument, document: Document, ids: _Ids, blank_rows: int) -> None:
    widths = [width for _field, _header, width in _TASK_COLUMNS]
    table = _table(word, widths)
    header = _row([_cell(width, _label_runs(text, bold=True), fill=FILL_HEADER) for _f, text, width in _TASK_COLUMNS],
                  header=True)
    table.append(header)
    for number, task in enumerate(document.tasks, start=1):
        slot = rf.task_slot(document.id, task.id)
        low = task.confidence < LOW_CONFIDENCE
        table.append(_task_row(str(number), slot, rf.task_values(task), ids, fill=FILL_LOW if low else None,
                               specs=rf.TASK_SPECS, warn=low))
        table.append(_evidence_row(slot, task, ids))
    for n in range(1, blank_rows + 1):
        slot = f"n{n}"
        values = {**{f.name: "" for f in rf.TASK_FIELDS}, "status": "chưa thực hiện", "delete": False}
        table.append(_task_row("+", slot, values, ids, fill=FILL_NEW, specs=rf.NEW_TASK_SPECS))
        table.append(_new_evidence_row(slot, ids))


def _task_row(number: str, slot: str, values: dict[str, str | bool], ids: _Ids, *, fill: str | None,
              specs: dict[str, rf.FieldSpec], warn: bool = False) -> etree._Element:
    cells = []
    for field, _header, width in _TASK_COLUMNS:
        if field is None:
            content = [_run(f"{number} ⚠" if warn else number, bold=True)]
        elif specs[field].kind == "check":
            content = [_check_control(rf.make_key(slot, field), specs[field].label, bool(values[field]), ids)]
        else:
            content = [_text_control(rf.make_key(slot, field), specs[field].label, str(values[field]), ids, size=10)]
        cells.append(_cell(width, content, fill=fill))
    return _row(cells)


def _evidence_row(slot: str, task: Task, ids: _Ids) -> etree._Element:
    """The sentence the task came from, in a locked control: for reference, never read back."""
    page = task.evidence.page if task.evidence else None
    label = "Câu gốc làm căn cứ" + (f" (trang {page})" if page else "")
    label += f"; độ tin cậy {task.confidence:.2f}".replace(".", ",")
    if task.rules:  # which rules produced the task, so a reviewer's correction can be traced to one
        label += "; quy tắc: " + ", ".join(task.rules)
    label += ": "
    text = task.evidence.text if task.evidence else "(không có)"
    content = [_run(label, size=9, italic=True),
               _text_control(rf.make_key(slot, "evidence"), "Câu gốc, chỉ đọc", text, ids, readonly=True, size=9, italic=True)]
    return _row([_cell(_TASK_COLUMNS[0][2], [], fill=FILL_READONLY),
                 _cell(sum(w for *_x, w in _TASK_COLUMNS[1:]), content, fill=FILL_READONLY, span=len(_TASK_COLUMNS) - 1)])


def _new_evidence_row(slot: str, ids: _Ids) -> etree._Element:
    content = [_run("Câu gốc (dán nguyên văn từ văn bản): ", size=9, italic=True),
               _text_control(rf.make_key(slot, "evidence"), "Câu gốc", "", ids, size=9),
               _run("   Trang: ", size=9, italic=True),
               _text_control(rf.make_key(slot, "page"), "Trang", "", ids, size=9)]
    return _row([_cell(_TASK_COLUMNS[0][2], [], fill=FILL_NEW),
                 _cell(sum(w for *_x, w in _TASK_COLUMNS[1:]), content, fill=FILL_NEW, span=len(_TASK_COLUMNS) - 1)])


def _closing(word: WordDocument, ids: _Ids) -> None:
    _section_title(word, "III. XÁC NHẬN RÀ SOÁT")
    paragraph = word.add_paragraph()
    paragraph._p.append(_check_control(rf.make_key(rf.DOC_SLOT, "reviewed"), "Đã rà soát xong", False, ids))
    paragraph.add_run("  Đã rà soát xong toàn bộ phiếu (đánh dấu khi đã kiểm tra hết các thông tin và nhiệm vụ).")


def _instructions(word: WordDocument) -> None:
    _section_title(word, "Hướng dẫn")
    lines = (
        "Sửa trực tiếp nội dung trong từng ô; không xóa, chép hay dán cả dòng của bảng.",
        "Ngày viết theo dạng dd/mm/yyyy (ví dụ 30/06/2024); có thể thêm giờ: 30/06/2024 17:00.",
        ("Nhiều đơn vị: cách nhau bằng dấu chấm phẩy (;); riêng «Nơi nhận» cách nhau bằng dấu |. "
         "Đơn vị chủ trì cũng là một đơn vị thực hiện."),
        "Trạng thái là một trong: " + "; ".join(rf.STATUSES) + ".",
        "Xóa nhiệm vụ trích xuất sai: đánh dấu ô «Xóa» (hoặc gõ x vào ô đó).",
        "Thêm nhiệm vụ còn thiếu: điền vào các dòng nền xanh lá ở cuối bảng, dán câu gốc từ văn bản.",
        "Câu gốc trên nền xám chỉ để đối chiếu; sửa ở đó không có tác dụng.",
        "Xong việc: đánh dấu «Đã rà soát xong», lưu tệp (định dạng .docx) và gửi lại cho văn thư.",
    )
    for number, line in enumerate(lines, start=1):
        paragraph = word.add_paragraph()
        run = paragraph.add_run(f"{number}. {line}")
        run.font.size = Pt(10)


# ----------------------------------------------------------------------- content controls
_NSMAP = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
          "w14": "http://schemas.microsoft.com/office/word/2010/wordml"}


_FACTORY = etree.Element(qn("w:body"), nsmap=_NSMAP)


@functools.cache
def _name(tag: str) -> str:
    return qn(tag.replace("_", ":", 1))


def _w(tag: str, **attrs: str) -> etree._Element:
    """One WordprocessingML element; ``w_val="x"`` sets ``w:val``.

    Made by an element that already declares the document's prefixes, so appending it
    needs no namespace reconciliation (which made building a phiếu several times slower).
    """
    return _FACTORY.makeelement(_name(tag), {_name(key): value for key, value in attrs.items()})


def _run_properties(size: int | None, italic: bool, fonts: str | None = None) -> etree._Element:
    rpr = _w("w:rPr")
    if fonts:
        rpr.append(_w("w:rFonts", w_ascii=fonts, w_hAnsi=fonts, w_eastAsia=fonts, w_hint="eastAsia"))
    if italic:
        rpr.append(_w("w:i"))
    if size:
        rpr.append(_w("w:sz", w_val=str(size * 2)))
        rpr.append(_w("w:szCs", w_val=str(size * 2)))
    return rpr


def _sdt_shell(key: str, label: str, ids: _Ids, readonly: bool) -> tuple[etree._Element, etree._Element, etree._Element]:
    """A ``w:sdt`` with its three keys; returns (sdt, sdtPr, sdtContent)."""
    sdt = _w("w:sdt")
    pr = etree.SubElement(sdt, qn("w:sdtPr"))
    pr.append(_w("w:alias", w_val=rf.alias_for(key, label)))
    pr.append(_w("w:tag", w_val=rf.tag_for(key, readonly)))
    pr.append(_w("w:id", w_val=str(ids.take())))
    if readonly:
        pr.append(_w("w:lock", w_val="sdtContentLocked"))
    content = etree.SubElement(sdt, qn("w:sdtContent"))
    return sdt, pr, content


def _text_control(key: str, label: str, value: str, ids: _Ids, *, readonly: bool = False,
                  size: int | None = None, italic: bool = False) -> etree._Element:
    """A plain-text content control holding ``value``; line breaks become ``w:br``."""
    sdt, pr, content = _sdt_shell(key, label, ids, readonly)
    pr.insert(0, _run_properties(size, italic))
    pr.append(_w("w:text", w_multiLine="1"))
    bookmark = str(ids.take())
    content.append(_w("w:bookmarkStart", w_id=bookmark, w_name=rf.bookmark_for(key)))
    run = etree.SubElement(content, qn("w:r"))
    run.append(_run_properties(size, italic))
    _add_lines(run, value)
    content.append(_w("w:bookmarkEnd", w_id=bookmark))
    return sdt


def _check_control(key: str, label: str, checked: bool, ids: _Ids) -> etree._Element:
    """A Word 2010 check box (``w14:checkbox``); the ☐/☒ glyph doubles as its value in text form."""
    sdt, pr, content = _sdt_shell(key, label, ids, readonly=False)
    box = etree.SubElement(pr, qn("w14:checkbox"))
    box.append(_w("w14:checked", w14_val="1" if checked else "0"))
    box.append(_w("w14:checkedState", w14_val="2612", w14_font="MS Gothic"))
    box.append(_w("w14:uncheckedState", w14_val="2610", w14_font="MS Gothic"))
    bookmark = str(ids.take())
    content.append(_w("w:bookmarkStart", w_id=bookmark, w_name=rf.bookmark_for(key)))
    run = etree.SubElement(content, qn("w:r"))
    run.append(_run_properties(12, False, fonts="MS Gothic"))
    text = etree.SubElement(run, qn("w:t"))
    text.text = "☒" if checked else "☐"
    content.append(_w("w:bookmarkEnd", w_id=bookmark))
    return sdt


# -------------------------------------------------------------------------- table helpers
# Tables are built as WordprocessingML with lxml: python-docx's row and cell API re-derives the
# grid on every access, which made a 40-task phiếu take 0.4 s; written directly it is a few ms.
def _twips(mm: float) -> str:
    return str(int(Mm(mm).twips))


def _table(word: WordDocument, widths_mm) -> etree._Element:
    """An empty bordered table with fixed column widths (Word reads cell widths, LibreOffice the grid)."""
    table = _w("w:tbl")
    pr = etree.SubElement(table, qn("w:tblPr"))
    pr.append(_w("w:tblStyle", w_val="TableGrid"))
    pr.append(_w("w:tblW", w_w=_twips(sum(widths_mm)), w_type="dxa"))
    pr.append(_w("w:jc", w_val="center"))
    pr.append(_w("w:tblLayout", w_type="fixed"))
    grid = etree.SubElement(table, qn("w:tblGrid"))
    for width in widths_mm:
        grid.append(_w("w:gridCol", w_w=_twips(width)))
    word.element.body.sectPr.addprevious(table)
    return table


def _row(cells: list[etree._Element], header: bool = False) -> etree._Element:
    row = _w("w:tr")
    pr = etree.SubElement(row, qn("w:trPr"))
    pr.append(_w("w:cantSplit"))  # a task and its sentence stay on one page
    if header:
        pr.append(_w("w:tblHeader"))  # repeated on every page
    row.extend(cells)
    return row


def _cell(width_mm: float, content: list[etree._Element], *, fill: str | None = None, span: int = 1) -> etree._Element:
    cell = _w("w:tc")
    pr = etree.SubElement(cell, qn("w:tcPr"))
    pr.append(_w("w:tcW", w_w=_twips(width_mm), w_type="dxa"))
    if span > 1:
        pr.append(_w("w:gridSpan", w_val=str(span)))
    if fill:
        pr.append(_w("w:shd", w_val="clear", w_color="auto", w_fill=fill))
    paragraph = etree.SubElement(cell, qn("w:p"))
    ppr = etree.SubElement(paragraph, qn("w:pPr"))
    ppr.append(_w("w:spacing", w_before="0", w_after="0"))
    paragraph.extend(content)
    return cell


def _run(text: str, *, size: int = 10, bold: bool = False, italic: bool = False, color: str | None = None) -> etree._Element:
    run = _w("w:r")
    rpr = etree.SubElement(run, qn("w:rPr"))
    if bold:
        rpr.append(_w("w:b"))
    if italic:
        rpr.append(_w("w:i"))
    if color:
        rpr.append(_w("w:color", w_val=color))
    rpr.append(_w("w:sz", w_val=str(size * 2)))
    rpr.append(_w("w:szCs", w_val=str(size * 2)))
    _add_lines(run, text)
    return run


def _add_lines(run: etree._Element, text: str) -> None:
    """``text`` into a run as ``w:t`` nodes, line breaks as ``w:br``, without what XML cannot hold."""
    for i, line in enumerate(text.split("\n")):
        if i:
            run.append(_w("w:br"))
        node = etree.SubElement(run, qn("w:t"))
        node.text = xml_text(line)
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")


def _label_runs(text: str, hint: str | None = None, bold: bool = False) -> list[etree._Element]:
    runs = [_run(text, bold=bold)]
    if hint:
        runs.append(_run(f"\n({hint})", size=8, italic=True, color="595959"))
    return runs


def _shade_run(run, fill: str) -> None:
    run._r.get_or_add_rPr().append(_w("w:shd", w_val="clear", w_color="auto", w_fill=fill))


# ------------------------------------------------------------------------- identity parts
def _json_for_xml(text: str) -> str:
    """JSON text XML can carry: JSON escapes C0 controls itself, but not U+FFFE/U+FFFF (a JSON escape keeps them)."""
    return text.replace("\ufffe", "\\ufffe").replace("\uffff", "\\uffff")


def _properties(word: WordDocument, document: Document, blank_rows: int) -> None:
    """Core, custom properties and the custom XML part: identity the reviewer never sees."""
    fp = rf.fingerprint(document)
    core = word.core_properties
    core.author = core.last_modified_by = rf.GENERATOR
    core.title = core_property(f"Phiếu giải quyết văn bản đến {document.doc_number or document.id}")
    core.subject = core_property(document.subject or "")
    core.language = "vi-VN"
    core.comments = "Tạo bởi congvan để rà soát kết quả trích xuất."
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    core.created = core.modified = now
    core.revision = 1
    package = word.part.package
    props = {rf.PROP_DOCUMENT_ID: document.id, rf.PROP_FINGERPRINT: fp, rf.PROP_FORMAT: rf.FORMAT_VERSION,
             rf.PROP_BLANK_ROWS: str(blank_rows)}
    items = "".join(
        f'<property fmtid="{_CUSTOM_PROPS_FMTID}" pid="{pid}" name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(props.items(), start=2)
    )
    custom = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
              f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{items}</Properties>')
    custom_part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, custom.encode("utf-8"), package)
    package.relate_to(custom_part, RT.CUSTOM_PROPERTIES)

    # The default template already holds customXml/item1.xml: take the next free name, never a duplicate.
    item_name = package.next_partname("/customXml/item%d.xml")
    number = re.search(r"(\d+)\.xml$", item_name).group(1)
    store_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"urn:congvan:{document.id}:{fp}")).upper() + "}"
    payload = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               f'<review xmlns="{rf.XML_NAMESPACE}" format="{rf.FORMAT_VERSION}" document-id="{document.id}" '
               f'fingerprint="{fp}" blank-rows="{blank_rows}" generated-at="{now.isoformat()}Z">'
               f'<base>{escape(_json_for_xml(document.model_dump_json()))}</base></review>')
    item = Part(PackURI(item_name), "application/xml", payload.encode("utf-8"), package)
    item_props = Part(
        PackURI(f"/customXml/itemProps{number}.xml"), CT.OFC_CUSTOM_XML_PROPERTIES,
        ('<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
         f'<ds:datastoreItem ds:itemID="{store_id}" '
         'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml">'
         f'<ds:schemaRefs><ds:schemaRef ds:uri="{rf.XML_NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>').encode(),
        package,
    )
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    word.part.relate_to(item, RT.CUSTOM_XML)
