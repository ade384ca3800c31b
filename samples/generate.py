#!/usr/bin/env python3
"""Render the synthetic sample letters and their gold labels.

Why
    congvan needs letters whose every field is known, to measure the extractors against.
    Real letters (``samples/gold-real/``) are few and their labels are hand-made; these
    synthetic ones cover the layouts and phrasings of Decree 30/2020/NĐ-CP on purpose:
    công văn with a ``V/v`` line, Thông báo kết luận, Kế hoạch, Chỉ thị, Quyết định,
    Công điện, Tờ trình, Báo cáo, Giấy mời, Hướng dẫn and Party letters, issued by
    ministries, provinces, departments, districts and (after 1 July 2025) communes and
    wards, with every kind of deadline and a good number of sentences that look like
    instructions but are not (Căn cứ, Thực hiện, past-tense narrative, the issuer's own plans).

How
    The letter *content* lives in ``samples/specs/`` as data (``specs/model.py`` is the
    small vocabulary; one module per kind of letter). Each instruction sentence is written
    together with its gold tasks, so text and labels cannot drift. This script:

    1. renders each spec to ``samples/letters/<stem>.docx`` with python-docx (A4, Times
       New Roman, borderless header and signature tables as Decree 30 lays them out);
    2. converts all DOCX files to PDF in one headless LibreOffice run with a private,
       throw-away profile, giving ``samples/letters/<stem>.pdf``;
    3. finds the PDF page of every task's evidence sentence with pdfplumber and writes
       ``samples/gold/<stem>.json`` (one gold file serves both the DOCX and the PDF);
    4. fails loudly when an evidence sentence is not on exactly one page, when a gold
       metadata string is not in the letter, when a cited document number has no
       ``references`` entry, or when a deadline's text and its date disagree.

Gold conventions
    The labelling guide in ``samples/README.md`` is the authority; the synthetic gold
    follows it. In short:

    * ``evidence.text`` is the sentence or list item, whitespace-normalised, *without* a
      leading list marker (``-``, ``+``, ``a)``, ``1.``, ``II.``, ``Điều 2.``).
    * Not tasks: Căn cứ / Thực hiện / Theo (Xét) đề nghị / Phúc đáp preambles, past-tense
      narrative, who chaired a meeting, the issuer's own acts and plans (``... sẽ tổ
      chức``, ``kính trình HĐND tỉnh xem xét``, ``Văn phòng UBND tỉnh thông báo để các
      cơ quan biết, thực hiện``), effective-date and repeal clauses, rules with no actor.
    * Tasks, although they look like boilerplate: closing directives to a named group
      (``Yêu cầu Thủ trưởng các đơn vị nghiêm túc triển khai thực hiện./.``), "if in
      difficulty, report to X" sentences with a named group, requests to a superior
      (``kính đề nghị UBND tỉnh ...``), ``chịu trách nhiệm ...`` clauses and the
      Quyết định clause ``... chịu trách nhiệm thi hành Quyết định này`` (all kind none
      unless a time is given).
    * One unit that gives jobs to different bodies yields one task per body, all with the
      same evidence. One body's several jobs in one unit are one task, so where the
      synthetic letters want two deadlines for one body they use two sentences. A list
      item under a heading (``1. Sở Y tế:``) and a sentence with no subject take the body
      from the heading or from the directive they continue.
    * Deadline kind by the most specific cue: absolute/relative, then recurring, urgent,
      event, ongoing. ``ngay sau khi ...`` is urgent; a condition (``khi có yêu cầu``,
      ``khi nước rút``) is not a time; ``từ ngày A đến ngày B`` is due on B; a start time
      (``cấm biển từ 12 giờ 00 ngày 24/8/2025``) or a data cut-off (``có mặt đến ngày
      31/12/2023``) is not a deadline.
    * ``report_to`` is what a báo cáo / trình / gửi / nộp goes to, as written (``Sở``,
      ``Trưởng BCĐ``), without the ``(qua ...)`` aside; ``tham mưu X`` does not set it.
    * Generic groups are lower case in ``assignees`` (``các đơn vị``), as written otherwise.
    * ``signer.title`` is the last line above the signature (``Q. GIÁM ĐỐC`` and
      ``GIÁM ĐỐC SỞ NỘI VỤ`` included); ``signer.authority`` are the lines above it.
    * ``cc`` entries drop the bullet and a trailing ``;``, ``,`` or ``.``.
    * ``received_at`` is 1 to 3 days after the issue date, on a working day where one is in
      reach (fixed per letter from a hash of its stem, or given in the spec).
    * Relative deadlines: working days skip Saturdays, Sundays and the days in
      ``holidays.country_holidays("VN")``; counting starts the day after the anchor. An
      anchor whose date is blank in the letter gives ``date: null``.
    * Recurring deadlines: ``date`` is the first occurrence strictly after the issue date
      (the receipt date when the issue date is blank). The rule is expanded from a start
      aligned to the period (1 January for YEARLY, the first BYMONTH month of the issue
      year for MONTHLY with BYMONTH, the issue month otherwise), so
      ``FREQ=MONTHLY;INTERVAL=3;BYMONTH=3,6,9,12`` means the last month of each quarter.
      ``BYMONTHDAY=-1`` is the last day of the month (``định kỳ hằng quý`` with no day).
      With BYHOUR (``trước 15 giờ hằng ngày``) the date is a datetime, the first
      occurrence on a day after the issue date.
    * Absolute deadlines without a year take the issue date's year, or the next year when
      the month is earlier than the issue month. ``trong tháng 12/2023`` is the month's
      last day, ``trong quý III/2024`` the quarter's last day.

Run
    ``python samples/generate.py`` (about 10 s for 39 letters; LibreOffice dominates).
    Options: ``--only STEM`` renders some letters only, ``--keep-going`` reports all
    failures, ``--prune`` deletes generated files whose spec no longer exists, ``--check``
    writes nothing and exits 1 when a gold file would change.

    Needs LibreOffice (``soffice``) and a Times-metric font with Vietnamese glyphs:
    Debian's ``fonts-liberation2`` (the older ``fonts-liberation`` 1.07 has no Vietnamese,
    so LibreOffice falls back to DejaVu Serif for accented letters, which still extracts
    correctly but changes line breaks and so maybe evidence pages). A warning is printed
    when ``fc-list :lang=vi`` has no Liberation Serif.

Output is deterministic: DOCX zip entries and core properties carry fixed dates, and
the PDFs' creation dates and ``/ID`` are rewritten (same length, so offsets stay valid).
Page numbers in the gold depend on the fonts LibreOffice finds (Liberation Serif stands
in for Times New Roman here) and are asserted on every run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

import holidays
import pdfplumber
from dateutil.relativedelta import relativedelta
from dateutil.rrule import rrulestr
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from specs import LETTERS  # noqa: E402
from specs.model import Block, Deadline, Letter, Task  # noqa: E402

LETTERS_DIR = HERE / "letters"
GOLD_DIR = HERE / "gold"
FIXED_TIME = dt.datetime(2025, 1, 1, 0, 0, 0)
FONT = "Times New Roman"
URGENCY = {"HỎA TỐC": "Hỏa tốc", "THƯỢNG KHẨN": "Thượng khẩn", "KHẨN": "Khẩn"}
MARKER = re.compile(r"^(?:[-+•]\s+|[a-zđ]\)\s+|\d+(?:\.\d+)*\.\s+|[IVXL]+\.\s+|Điều\s+\d+\.\s+)")
# A cited document number: 56/2021/QĐ-UBND, 280/CĐ-TTg, 12-CT/TU, 1520/SGDĐT-KHTC ...
DOC_NUMBER = re.compile(r"(?<![\w/])\d{1,5}(?:/\d{4})?[/-][A-ZĐ][\wĐđ&]*(?:[-/][\wĐđ&]+)*")


class SpecError(Exception):
    """A letter spec or its rendering breaks one of the gold invariants."""


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def squash(text: str) -> str:
    return " ".join(nfc(text).split())


# =========================================================================== deadlines

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


def _holidays(years: range) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=list(years))


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The n-th working day after ``start`` (Sat, Sun and VN public holidays skipped)."""
    hol = _holidays(range(start.year, start.year + 2))
    day, left = start, n
    while left:
        day += dt.timedelta(days=1)
        if day.weekday() < 5 and day not in hol:
            left -= 1
    return day


def infer_absolute(text: str, issued: dt.date | None) -> dt.date | dt.datetime | None:
    """Date written in an absolute deadline phrase (see the module docstring)."""
    m = re.search(r"quý (I|II|III|IV)(?:/| năm )(\d{4})", text)
    if m:
        q, year = _ROMAN[m.group(1)], int(m.group(2))
        return dt.date(year, 3 * q, 1) + relativedelta(day=31)
    clock = re.search(r"(\d{1,2}) ?(?:giờ|h) ?(\d{2})?", text)
    m = re.search(r"ngày (\d{1,2})/(\d{1,2})(?:/(\d{4}))?", text) or re.search(
        r"ngày (\d{1,2}) tháng (\d{1,2})(?: năm (\d{4}))?", text
    )
    if m:
        day, month = int(m.group(1)), int(m.group(2))
        if m.group(3):
            year = int(m.group(3))
        else:
            if issued is None:
                raise SpecError(f"year-less deadline in a letter without a date: {text}")
            year = issued.year + (1 if month < issued.month else 0)
        date = dt.date(year, month, day)
        if clock:
            return dt.datetime(year, month, day, int(clock.group(1)), int(clock.group(2) or 0))
        return date
    m = re.search(r"tháng (\d{1,2})(?:/| năm )(\d{4})", text)
    if m:
        return dt.date(int(m.group(2)), int(m.group(1)), 1) + relativedelta(day=31)
    m = re.search(r"năm (\d{4})", text)
    if m:
        return dt.date(int(m.group(1)), 12, 31)
    return None


def next_occurrence(rule: str, after: dt.date) -> dt.date | dt.datetime:
    """First occurrence on a day strictly after ``after`` (a datetime when the rule has BYHOUR)."""
    parts = dict(p.split("=", 1) for p in rule.split(";"))
    freq = parts["FREQ"]
    if freq == "YEARLY":
        start = dt.date(after.year, 1, 1)
    elif freq == "MONTHLY" and "BYMONTH" in parts:
        start = dt.date(after.year, min(int(x) for x in parts["BYMONTH"].split(",")), 1)
    elif freq == "MONTHLY":
        start = after.replace(day=1)
    else:
        start = after
    start_dt = dt.datetime.combine(start, dt.time())
    day_end = dt.datetime.combine(after, dt.time(23, 59, 59))
    nxt = rrulestr(rule, dtstart=start_dt).after(day_end, inc=False)
    if nxt is None:
        raise SpecError(f"rrule {rule} has no occurrence after {after}")
    return nxt if "BYHOUR" in parts else nxt.date()


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:00")
    return value.isoformat()


def _parse_iso(value: str) -> dt.date | dt.datetime:
    if "T" in value:
        return dt.datetime.fromisoformat(value)
    return dt.date.fromisoformat(value)


def gold_deadline(d: Deadline, issued: dt.date | None, received: dt.date) -> dict:
    out = {
        "text": d.text,
        "kind": d.kind,
        "date": None,
        "duration": None,
        "working_days": d.working_days,
        "anchor": d.anchor,
        "rrule": d.rrule,
    }
    if d.kind == "absolute":
        inferred = infer_absolute(d.text, issued)
        given = _parse_iso(d.date) if d.date else None
        if inferred is None and given is None:
            raise SpecError(f"cannot date absolute deadline {d.text!r}")
        if inferred is not None and given is not None and inferred != given:
            raise SpecError(f"deadline {d.text!r}: spec says {given}, text says {inferred}")
        out["date"] = _iso(given or inferred)
    elif d.kind == "relative":
        if d.anchor not in ("receipt", "signing", "event") or d.n is None:
            raise SpecError(f"relative deadline needs n and anchor: {d}")
        out["duration"] = f"PT{d.n}H" if d.unit == "H" else f"P{d.n}{d.unit}"
        base = {"receipt": received, "signing": issued}.get(d.anchor)
        if base is not None:
            if d.unit == "M":
                due = base + relativedelta(months=d.n)
            elif d.working_days:
                due = add_working_days(base, d.n)
            else:
                due = base + dt.timedelta(days=d.n)
            out["date"] = due.isoformat()
    elif d.kind == "recurring":
        out["date"] = _iso(next_occurrence(d.rrule, issued or received))
    elif d.kind in ("urgent", "ongoing", "event"):
        if not d.text:
            raise SpecError(f"{d.kind} deadline needs its text")
    elif d.kind != "none":
        raise SpecError(f"unknown deadline kind {d.kind}")
    return out


# =========================================================================== rendering


def _set_cell_width(cell, width) -> None:
    cell.width = width
    tc_pr = cell._tc.get_or_add_tcPr()
    w = tc_pr.find(qn("w:tcW"))
    if w is None:
        w = OxmlElement("w:tcW")
        tc_pr.append(w)
    w.set(qn("w:w"), str(int(width.twips)))
    w.set(qn("w:type"), "dxa")


def _no_borders(table) -> None:
    """Borderless, fixed-layout table; children inserted in schema order so Word opens the file."""
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.insert_element_before(borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                                 "w:tblCaption", "w:tblDescription", "w:tblPrChange")
    tbl_pr.get_or_add_tblLayout().set(qn("w:type"), "fixed")


# CT_PPr children that must follow w:pBdr (ECMA-376 Part 1, 17.3.1.26)
_AFTER_PBDR = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)


def _bottom_border(paragraph) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), "6")
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "000000")
    bdr.append(bottom)
    p_pr.insert_element_before(bdr, *_AFTER_PBDR)


class Renderer:
    """Lays one :class:`Letter` out as a Decree 30 DOCX and records every paragraph's text."""

    TEXT_WIDTH = Mm(165)

    def __init__(self, letter: Letter):
        self.letter = letter
        self.doc = Document()
        self.texts: list[str] = []
        self._setup()

    # ------------------------------------------------------------------ primitives
    def _setup(self) -> None:
        doc = self.doc
        normal = doc.styles["Normal"]
        normal.font.name = FONT
        normal.font.size = Pt(self.letter.font_size)
        rpr = normal.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        pf = normal.paragraph_format
        pf.space_before = Pt(0)
        pf.space_after = Pt(0)
        pf.line_spacing = 1.0
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(20), Mm(20)
        sec.left_margin, sec.right_margin = Mm(30), Mm(15)
        sec.header_distance = Mm(10)
        # Page numbers from page 2 on, centred at the top (Decree 30, Phụ lục I).
        sec.different_first_page_header_footer = True
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fld = OxmlElement("w:fldSimple")
        fld.set(qn("w:instr"), "PAGE")
        run = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = "2"
        run.append(t)
        fld.append(run)
        hp._p.append(fld)
        core = doc.core_properties
        core.author = "congvan samples"
        core.last_modified_by = "congvan samples"
        core.title = ""
        core.comments = ""
        core.revision = 1
        core.created = FIXED_TIME
        core.modified = FIXED_TIME
        core.last_printed = FIXED_TIME

    def para(
        self,
        container,
        text: str = "",
        *,
        size: float | None = None,
        bold: bool = False,
        italic: bool = False,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        first_indent=None,
        left_indent=None,
        space_before: float = 0,
        space_after: float = 0,
        keep_together: bool = True,
        keep_with_next: bool = False,
        bold_prefix: str | None = None,
        first: bool = False,
        record: bool = True,
    ):
        p = container.paragraphs[0] if first else container.add_paragraph()
        p.alignment = align
        pf = p.paragraph_format
        pf.space_before = Pt(space_before)
        pf.space_after = Pt(space_after)
        if first_indent is not None:
            pf.first_line_indent = first_indent
        if left_indent is not None:
            pf.left_indent = left_indent
        pf.keep_together = keep_together
        pf.keep_with_next = keep_with_next
        pf.widow_control = True
        chunks = [(bold_prefix, True), (text[len(bold_prefix) :], bold)] if bold_prefix else [(text, bold)]
        for chunk, is_bold in chunks:
            if not chunk:
                continue
            run = p.add_run(chunk)
            run.bold = is_bold
            run.italic = italic
            if size:
                run.font.size = Pt(size)
        if record and text.strip():
            self.texts.append(text)
        return p

    def rule(self, container, width_mm: float, cell_width_mm: float, first: bool = False) -> None:
        """A short centred horizontal line (a bottom border on an empty, tiny paragraph)."""
        side = Mm(max(0.0, (cell_width_mm - width_mm) / 2))
        p = container.paragraphs[0] if first else container.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.left_indent = side
        p.paragraph_format.right_indent = side
        p.paragraph_format.space_after = Pt(4)
        # a tiny paragraph mark keeps the empty paragraph (and so the gap above the line) small
        mark = OxmlElement("w:rPr")
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), "4")
        mark.append(sz)
        p._p.get_or_add_pPr().insert_element_before(mark, "w:sectPr", "w:pPrChange")
        _bottom_border(p)

    def table(self, widths_mm: tuple[float, float]):
        tbl = self.doc.add_table(rows=1, cols=2)
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        tbl.autofit = False
        _no_borders(tbl)
        cells = tbl.rows[0].cells
        for cell, w in zip(cells, widths_mm):
            _set_cell_width(cell, Mm(w))
        for col, w in zip(tbl.columns, widths_mm):
            col.width = Mm(w)
        return cells

    # ------------------------------------------------------------------ letter parts
    def date_line(self) -> str:
        L = self.letter
        if L.date_line:
            return L.date_line
        d = dt.date.fromisoformat(L.date)
        if L.pad == "all":
            day, month = f"{d.day:02d}", f"{d.month:02d}"
        elif L.pad == "none":
            day, month = str(d.day), str(d.month)
        else:
            day, month = f"{d.day:02d}", (f"{d.month:02d}" if d.month < 3 else str(d.month))
        return f"{L.place}, ngày {day} tháng {month} năm {d.year}"

    def header(self) -> None:
        L = self.letter
        left_w, right_w = (67, 98) if not L.party else (80, 85)
        left, right = self.table((left_w, right_w))
        C = WD_ALIGN_PARAGRAPH.CENTER
        first = True
        if L.parent:
            self.para(left, L.parent, size=13, align=C, first=first)
            first = False
        for line in L.issuer:
            self.para(left, line, size=13, bold=True, align=C, first=first)
            first = False
        if L.party:
            self.para(left, "*", size=13, align=C)
            self.para(left, f"Số {L.number}", size=13, align=C)
        else:
            self.rule(left, 28, left_w)
            self.para(left, f"Số: {L.number}", size=13, align=C)
        if L.title is None and L.subject:
            lines = L.subject_lines or (L.subject,)
            for line in lines:
                self.para(left, line, size=12, italic=L.party, align=C)
        if L.urgency and L.urgency_in_cell:
            self.para(left, L.urgency, size=13, bold=True, align=C, space_before=6)
        motto = ["ĐẢNG CỘNG SẢN VIỆT NAM"] if L.party else [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
        ]
        for i, line in enumerate(motto):
            self.para(right, line, size=12 if i == 0 else 13, bold=True, align=C, first=(i == 0))
        self.rule(right, 58 if not L.party else 62, right_w)
        align = WD_ALIGN_PARAGRAPH.RIGHT if L.party else C
        self.para(right, self.date_line(), size=13, italic=True, align=align, space_before=4)
        if L.urgency and not L.urgency_in_cell:
            self.para(self.doc, L.urgency, size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT,
                      left_indent=Mm(12), space_before=6)

    def title_block(self) -> None:
        L = self.letter
        C = WD_ALIGN_PARAGRAPH.CENTER
        self.para(self.doc, L.title, size=14, bold=True, align=C, space_before=14, keep_with_next=True)
        lines = L.subject_lines or (L.subject,)
        for line in lines:
            self.para(self.doc, line, size=14, bold=True, align=C, keep_with_next=True,
                      left_indent=Mm(5))
        self.rule(self.doc, 40, 165)

    def addressee_block(self) -> None:
        L = self.letter
        if not L.addressees:
            return
        items = list(L.addressees)
        style = L.addressee_style
        if style == "auto":
            style = "inline" if len(items) == 1 else "list"
        size = 14
        if L.addressee_label != "Kính gửi:":
            self.para(self.doc, L.addressee_label, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER,
                      space_before=10, space_after=2, keep_with_next=True)
            style = "bare-list"
        if style == "inline":
            self.para(self.doc, f"Kính gửi: {items[0]}.", size=size, align=WD_ALIGN_PARAGRAPH.CENTER,
                      space_before=12, space_after=10)
            return
        rendered = [f"- {a};" for a in items[:-1]] + [f"- {items[-1]}."]
        indent = Mm(50)
        if style == "sameline":
            p = self.para(self.doc, f"Kính gửi:\t{rendered[0]}", size=size, align=WD_ALIGN_PARAGRAPH.LEFT,
                          left_indent=indent, first_indent=-Mm(24), space_before=12)
            p.paragraph_format.tab_stops.add_tab_stop(indent)
            rest = rendered[1:]
        elif style == "list":
            self.para(self.doc, "Kính gửi:", size=size, align=WD_ALIGN_PARAGRAPH.LEFT, left_indent=Mm(28),
                      space_before=12, keep_with_next=True)
            rest = rendered
        else:  # bare-list (công điện)
            rest = rendered
        for i, line in enumerate(rest):
            self.para(self.doc, line, size=size, align=WD_ALIGN_PARAGRAPH.LEFT, left_indent=indent,
                      space_after=10 if i == len(rest) - 1 else 0)

    def assignment_table(self, block: Block) -> None:
        """A ruled table, header row bold, 12 pt: how a Kế hoạch hands out its work."""
        rows = [block.header, *(r.cells for r in block.rows)]
        tbl = self.doc.add_table(rows=len(rows), cols=len(block.header))
        tbl.style = "Table Grid"
        tbl.alignment = WD_TABLE_ALIGNMENT.CENTER
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.para(tbl.cell(r, c), text, size=12, bold=r == 0, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
        self.para(self.doc, "", space_after=2, record=False)

    def body(self) -> None:
        last = len(self.letter.body) - 1
        for i, block in enumerate(self.letter.body):
            text = block.text
            if block.style == "table":
                self.assignment_table(block)
                continue
            if block.style == "center":
                self.para(self.doc, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_before=6,
                          space_after=2, keep_with_next=True)
                continue
            m = re.match(r"Điều \d+\.", text)
            self.para(
                self.doc,
                text,
                bold=block.style == "heading",
                italic=block.style == "italic",
                first_indent=Mm(10),
                space_before=5,
                # the closing paragraph stays with the signature block, as offices lay it out
                keep_with_next=block.style == "heading" or i == last,
                bold_prefix=m.group(0) if m else None,
            )

    def signature(self) -> None:
        L = self.letter
        left, right = self.table((78, 87))
        # keep the signature block on one page, as offices do
        tr_pr = left._tc.getparent().get_or_add_trPr()
        tr_pr.insert_element_before(OxmlElement("w:cantSplit"), "w:trHeight", "w:tblHeader",
                                    "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
        self.para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT,
                  first=True)
        sep = "," if L.party else ";"
        for i, entry in enumerate(L.cc):
            end = "." if i == len(L.cc) - 1 else sep
            self.para(left, f"- {entry}{end}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
        C = WD_ALIGN_PARAGRAPH.CENTER
        first = True
        for line in (*L.signer.authority, L.signer.title):
            self.para(right, line, size=14, bold=True, align=C, first=first)
            first = False
        for _ in range(4):
            self.para(right, "", size=14, align=C, record=False)
        self.para(right, L.signer.name, size=14, bold=True, align=C)

    def render(self) -> bytes:
        self.header()
        if self.letter.title:
            self.title_block()
        self.addressee_block()
        self.body()
        spacer = self.para(self.doc, "", record=False, keep_with_next=True)
        spacer.paragraph_format.space_after = Pt(6)
        self.signature()
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalise_zip(buf.getvalue())


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a DOCX with fixed entry timestamps so identical content gives identical bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    return out.getvalue()


_PDF_DATE = re.compile(rb"D:\d{14}[^)]*")
_PDF_SUM = re.compile(rb"/DocChecksum /[0-9A-F]{32}")
_PDF_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def normalise_pdf(data: bytes, seed: bytes) -> bytes:
    """Fix LibreOffice's time-dependent bytes (dates, /ID, /DocChecksum) without moving any offset."""

    def fix_date(m: re.Match) -> bytes:
        fixed = b"D:20250101000000Z"
        raw = m.group(0)
        return (fixed + b" " * len(raw))[: len(raw)] if len(raw) >= len(fixed) else raw

    data = _PDF_DATE.sub(fix_date, data)
    digest = hashlib.sha256(seed).hexdigest().upper().encode()

    def fix_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        whole = m.group(0)
        return whole.replace(a, (digest * 4)[: len(a)], 1).replace(b, (digest[::-1] * 4)[: len(b)], 1)

    data = _PDF_ID.sub(fix_id, data)
    # LibreOffice's /DocChecksum is an MD5 over time-dependent bytes; pin it to the DOCX content
    return _PDF_SUM.sub(lambda m: b"/DocChecksum /" + hashlib.md5(seed).hexdigest().upper().encode(), data)


def convert_to_pdf(docx_files: list[Path], outdir: Path) -> None:
    soffice = shutil.which("soffice") or "/usr/bin/soffice"
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))
    try:
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *map(str, docx_files),
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
        if proc.returncode != 0:
            raise SpecError(f"LibreOffice failed ({proc.returncode}): {proc.stderr[-2000:]}")
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    missing = [f.name for f in docx_files if not (outdir / f"{f.stem}.pdf").exists()]
    if missing:
        raise SpecError(f"LibreOffice produced no PDF for {missing}")


# =========================================================================== gold


def evidence_text(block: Block, index: int, sentence_text: str) -> str:
    text = squash(sentence_text)
    if index == 0:
        text = MARKER.sub("", text, count=1)
    return text


@dataclass
class Prepared:
    letter: Letter
    docx: bytes
    text: str  # every rendered paragraph, squashed, joined by " \n "


def received_date(L: Letter) -> dt.date:
    if L.received:
        return dt.date.fromisoformat(L.received)
    if L.date is None:
        raise SpecError(f"{L.stem}: blank date needs an explicit received date")
    # 1..3 days after issue, on a working day when one is in reach (offices log mail on working days)
    issued = dt.date.fromisoformat(L.date)
    hol = _holidays(range(issued.year, issued.year + 2))
    days = [issued + dt.timedelta(days=k) for k in (1, 2, 3)]
    working = [d for d in days if d.weekday() < 5 and d not in hol] or days
    return working[zlib.crc32(L.stem.encode()) % len(working)]


def doc_number(L: Letter) -> str | None:
    number = L.number.strip()
    return number if re.match(r"\d", number) else None


def build_gold(prep: Prepared, pages: list[str]) -> dict:
    L = prep.letter
    issued = dt.date.fromisoformat(L.date) if L.date else None
    received = received_date(L)
    if issued and not (1 <= (received - issued).days <= 3):
        raise SpecError(f"{L.stem}: received {received} is not 1..3 days after {issued}")
    tasks = []
    for block in L.body:
        for row in block.rows:
            if not row.tasks:
                continue
            ev = squash(" ".join(c for c in row.cells[1:] if c))
            # a row's cells wrap inside their columns, so the page is found by its task cell's first words
            probe = " ".join(row.cells[1].split()[:3])
            found = [i + 1 for i, page in enumerate(pages) if probe in page]
            if len(found) != 1:
                raise SpecError(f"{L.stem}: table row on pages {found} (want exactly one): {ev[:90]}")
            for task in row.tasks:
                tasks.append(gold_task(L, task, ev, found[0], issued, received))
        for idx, sentence in enumerate(block.sentences):
            if not sentence.tasks:
                continue
            ev = evidence_text(block, idx, sentence.text)
            found = [i + 1 for i, page in enumerate(pages) if ev in page]
            if len(found) != 1:
                raise SpecError(f"{L.stem}: evidence on pages {found} (want exactly one): {ev[:90]}")
            for task in sentence.tasks:
                tasks.append(gold_task(L, task, ev, found[0], issued, received))
    return {
        "file": L.stem,
        "received_at": received.isoformat(),
        "doc_number": doc_number(L),
        "doc_type": L.doc_type,
        "issuer": " ".join(L.issuer),
        "issuer_parent": L.parent,
        "place": L.place,
        "issue_date": issued.isoformat() if issued else None,
        "subject": squash(L.subject),
        "urgency": URGENCY[L.urgency] if L.urgency else None,
        "signer": {"name": L.signer.name, "title": L.signer.title, "authority": list(L.signer.authority)},
        "addressees": list(L.addressees),
        "cc": list(L.cc),
        "references": [
            {"doc_number": r.doc_number, "doc_type": r.doc_type, "issue_date": r.issue_date, "issuer": r.issuer}
            for r in L.refs
        ],
        "tasks": tasks,
    }


def generic_lower(body: str) -> str:
    """Generic groups are written lower case ("Các đơn vị" at the start of a sentence -> "các đơn vị")."""
    return re.sub(r"^(Các|Cán bộ) ", lambda m: m.group(1).lower() + " ", body)


def gold_task(L: Letter, t: Task, ev: str, page: int, issued, received) -> dict:
    if t.lead is not None and t.lead not in t.assignees:
        raise SpecError(f"{L.stem}: lead {t.lead!r} not among assignees {t.assignees}")
    overlap = set(t.assignees) & set(t.collaborators)
    if overlap:
        raise SpecError(f"{L.stem}: {overlap} both assignee and collaborator")
    if t.deadline.text and t.deadline.text not in ev:
        raise SpecError(f"{L.stem}: deadline text {t.deadline.text!r} not in evidence {ev[:80]!r}")
    if not t.assignees:
        raise SpecError(f"{L.stem}: task without assignee in {ev[:80]!r}")
    if t.report_to and not re.search(rf"(báo cáo|trình|gửi|nộp)\b[^;:]*?{re.escape(t.report_to)}", ev):
        raise SpecError(f"{L.stem}: report_to {t.report_to!r} is not what a báo cáo/trình/gửi goes to in {ev[:80]!r}")
    return {
        "assignees": [generic_lower(a) for a in t.assignees],
        "lead": generic_lower(t.lead) if t.lead else None,
        "collaborators": [generic_lower(a) for a in t.collaborators],
        "action": t.action,
        "deliverable": t.deliverable,
        "report_to": t.report_to,
        "deadline": gold_deadline(t.deadline, issued, received),
        "evidence": {"page": page, "text": ev},
    }


def check_metadata(prep: Prepared, gold: dict, pages: list[str]) -> None:
    """Every gold string must be in the letter; every cited number must be a reference."""
    L, text = prep.letter, prep.text
    flat = text.replace(" \n ", " ")
    must = [gold["issuer"], gold["place"], gold["subject"], gold["signer"]["name"], gold["signer"]["title"]]
    must += gold["signer"]["authority"] + gold["addressees"] + gold["cc"]
    must += [r["doc_number"] for r in gold["references"] if r["doc_number"]]
    must += [r["issuer"] for r in gold["references"] if r["issuer"]]
    if gold["issuer_parent"]:
        must.append(gold["issuer_parent"])
    if gold["doc_number"]:
        must.append(gold["doc_number"])
    for s in must:
        if squash(s) not in flat:
            raise SpecError(f"{L.stem}: gold string not in letter text: {s!r}")
    for s in (gold["doc_number"], L.title):
        if s and squash(s) not in pages[0]:
            raise SpecError(f"{L.stem}: {s!r} not on PDF page 1")
    if not L.body or not L.body[-1].text.rstrip().endswith("./."):
        raise SpecError(f"{L.stem}: body must end with ./.")
    # every cited number is a reference (own number and Nơi nhận aside)
    body_text = L.subject + " " + " ".join(b.text for b in L.body)
    cited = set(DOC_NUMBER.findall(body_text)) - {gold["doc_number"]}
    known = {r["doc_number"] for r in gold["references"]}
    listed = [r["doc_number"] for r in gold["references"]]
    first_seen = sorted(listed, key=body_text.find)
    if listed != first_seen:
        raise SpecError(f"{L.stem}: references not in order of first mention: {listed} vs {first_seen}")
    if cited - known:
        raise SpecError(f"{L.stem}: cited numbers without a reference: {sorted(cited - known)}")
    if known - cited:
        raise SpecError(f"{L.stem}: references not cited in the body/subject: {sorted(known - cited)}")
    for r in gold["references"]:
        if r["issue_date"]:
            dt.date.fromisoformat(r["issue_date"])
    for value in _strings(gold):
        if value != nfc(value):
            raise SpecError(f"{L.stem}: not NFC: {value!r}")


def _strings(obj):
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for v in obj.values():
            yield from _strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _strings(v)


def render_pdfs(prepared: list[Prepared], tmpdir: Path) -> dict[str, Path]:
    """Every prepared letter's DOCX as a normalised PDF in ``tmpdir``, by stem (one LibreOffice run).

    Shared with the benchmark's corpus builder (benchmarks/corpus.py), so both render alike.
    """
    docx_paths = []
    for p in prepared:
        path = tmpdir / f"{p.letter.stem}.docx"
        path.write_bytes(p.docx)
        docx_paths.append(path)
    pdf_dir = tmpdir / "pdf"
    pdf_dir.mkdir()
    convert_to_pdf(docx_paths, pdf_dir)
    out = {}
    for p in prepared:
        pdf_path = pdf_dir / f"{p.letter.stem}.pdf"
        pdf_path.write_bytes(normalise_pdf(pdf_path.read_bytes(), p.docx))
        out[p.letter.stem] = pdf_path
    return out


def prepare(letter: Letter) -> Prepared:
    r = Renderer(letter)
    data = r.render()
    text = " \n ".join(squash(t) for t in r.texts)
    return Prepared(letter, data, text)


def page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [squash(page.extract_text() or "") for page in doc.pages]


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def font_warning() -> None:
    try:
        fams = subprocess.run(["fc-list", ":lang=vi", "family"], capture_output=True, text=True).stdout
    except OSError:
        return
    if "Liberation Serif" not in fams:
        print("warning: no Liberation Serif with Vietnamese glyphs (apt-get install fonts-liberation2); "
              "LibreOffice will fall back to another font and pages may differ", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", nargs="*", help="render only these stems")
    ap.add_argument("--keep-going", action="store_true", help="report every failing letter")
    ap.add_argument("--prune", action="store_true", help="delete outputs whose spec is gone")
    ap.add_argument("--check", action="store_true", help="write nothing; fail if any gold file would change")
    args = ap.parse_args(argv)
    started = time.monotonic()
    font_warning()

    stems = [L.stem for L in LETTERS]
    dupes = {s for s in stems if stems.count(s) > 1}
    if dupes:
        raise SpecError(f"duplicate stems: {sorted(dupes)}")
    unknown = set(args.only or ()) - set(stems)
    if unknown:
        raise SpecError(f"no spec for {sorted(unknown)}")
    letters = [L for L in LETTERS if not args.only or L.stem in args.only]
    LETTERS_DIR.mkdir(exist_ok=True)
    GOLD_DIR.mkdir(exist_ok=True)

    prepared = [prepare(L) for L in letters]
    failures: list[str] = []
    changed = 0
    with tempfile.TemporaryDirectory(prefix="congvan-samples-") as tmp:
        pdf_paths = render_pdfs(prepared, Path(tmp))
        for p in prepared:
            stem = p.letter.stem
            pdf_path = pdf_paths[stem]
            pdf = pdf_path.read_bytes()
            try:
                pages = page_texts(pdf_path)
                gold = build_gold(p, pages)
                check_metadata(p, gold, pages)
            except SpecError as exc:
                if not args.keep_going:
                    raise
                failures.append(str(exc))
                continue
            body = nfc(json.dumps(gold, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
            if args.check:
                gold_path = GOLD_DIR / f"{stem}.json"
                if not gold_path.exists() or gold_path.read_bytes() != body:
                    failures.append(f"{stem}: gold/{stem}.json is stale (run samples/generate.py)")
                continue
            changed += write_if_changed(LETTERS_DIR / f"{stem}.docx", p.docx)
            changed += write_if_changed(LETTERS_DIR / f"{stem}.pdf", pdf)
            changed += write_if_changed(GOLD_DIR / f"{stem}.json", body)

    stale = [] if args.check else [
        f for d, exts in ((LETTERS_DIR, (".docx", ".pdf")), (GOLD_DIR, (".json",)))
        for f in sorted(d.iterdir()) if f.suffix in exts and f.stem not in stems
    ]
    for f in stale:
        if args.prune:
            f.unlink()
        print(f"{'pruned' if args.prune else 'stale (use --prune)'}: {f.relative_to(HERE)}")
    for msg in failures:
        print(f"FAIL {msg}", file=sys.stderr)
    print(f"{len(prepared) - len(failures)} letters ok, {changed} files changed, "
          f"{time.monotonic() - started:.1f}s")
    return 1 if failures else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SpecError as exc:
        print(f"FAIL {exc}", file=sys.stderr)
        sys.exit(1)
