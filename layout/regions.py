"""Split a read letter into the regions Decree 30 prescribes.

header (issuer, motto, number, place/date, V/v) → title and trích yếu → Kính gửi →
body → closing (Nơi nhận list and signature block). Extractors then look only at the
region they need, which is what keeps "khẩn trương" in the body from becoming the
letter's urgency, or a body line from becoming the signer.

Everything here is positional and textual; no extraction of values happens here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from congvan.extractors.dates import date_word
from congvan.extractors.rules import data_pattern
from congvan.lexicon import doc_types
from congvan.readers.base import Line, ReadDocument
from congvan.text import fold, tone_key

def _w(category: str) -> str:
    return data_pattern("layout_words.tsv", category)


# The anchors tolerate the diacritic slips OCR makes ('Sô:', 'Kinh gửi', 'Nơi nhân', 'ngay'),
# so a scanned letter finds its regions like a born-digital one; values keep their spelling.
MOTTO = re.compile(r"^(C[ỘOÔỐỒỔỖỌ]NG\s*H[ÒOÓỎ]A|C[ỘOÔ]NG\s*HOÀ|[ĐD][ẢAÁ]NG\s+C[ỘOÔ]NG\s+S[ẢAÁ]N)", re.IGNORECASE)
MOTTO_SUB = re.compile(r"^[ĐD][ộôoố]c\s*l[ậâa]p\s*[-–]", re.IGNORECASE)
SEPARATOR = re.compile(r"^[\s\-–—_=*.~]+$")
# A line opening "số 115/2021/NĐ-CP ngày …" is a citation wrapped from the line above, not the
# letter's number: a lower-case "số" counts only with a colon after it (OCR writes "số: /CT-UBND").
NUMBER_LINE = re.compile(r"^(?:S(?i:[oóòỏõọôốồổỗộ])\s*(?:[:.;]\s*|(?=\s*[\d/-]))|s(?i:[oóòỏõọôốồổỗộ])\s*[:;]\s*)")
# Quốc hội and Ủy ban Thường vụ Quốc hội documents write the type before the number, in place of
# 'Số:' (Nghị định 34/2016/NĐ-CP, Phụ lục I: 'Luật số: 80/2015/QH13', 'Nghị quyết số: 512/NQ-UBTVQH14').
# Only a line that holds nothing but the number counts: 'Quyết định số 12/QĐ-UB ngày …' wrapped at
# a line start is a citation.
TYPED_NUMBER_LINE = re.compile(
    r"^(?:" + "|".join(sorted((re.escape(t.name) for t in doc_types()), key=len, reverse=True))
    + r")\s+s(?i:[oóòỏõọôốồổỗộ])\s*[:.]?\s*(?P<value>\d[0-9A-Za-zĐđ&.\s/\-–—]*)$",
    re.IGNORECASE,
)
DATE_LINE = re.compile(
    rf",?\s*{date_word('day', ocr=True)}\s*(\d{{1,2}}|\.+|…+)?\s*{date_word('month', ocr=True)}\s*(\d{{1,2}}|\.+|…+)?\s*"
    rf"{date_word('year', ocr=True)}\s*\d{{4}}", re.IGNORECASE)
SUBJECT_START = re.compile(rf"^({_w('subject_mark')})\b")
URGENCY_LINE = re.compile(rf"^({_w('urgency_word')})\s*[!.]?$", re.IGNORECASE)
ADDRESSEE = re.compile(r"^K[íìiỉĩị]nh\s+g[ửừữựứưu]i\s*[:.;]?\s*", re.IGNORECASE)
RECIPIENTS = re.compile(r"^N[ơoóờởọ]i\s+nh[ậâaầấẩẫạ]n\s*[:.;]?\s*", re.IGNORECASE)
# Q. (quyền, acting) is part of the signer's own title ('Q. GIÁM ĐỐC'), not a delegation.
AUTHORITY = re.compile(rf"^({_w('authority_word')})\b\.?\s*\S")
BULLET = re.compile(r"^[-+•–*]\s*")
# Case-sensitive: a body sentence starts with a capital, a wrapped trích yếu line does not
# ('… ngân sách trung ương' / 'thực hiện Chương trình …').
BODY_START = re.compile(
    rf"^({_w('body_opener')}|{_w('body_numbered')}\s+\d|[IVX]+\.\s|\d+\.\s)"
)
# A military rank written before a signer's name is not part of the name.
RANK = re.compile(rf"^{_w('rank_grade')}\s+{_w('rank_class')}\s+")
SIGNED_NOTE = re.compile(rf"^\(({_w('signed_note')}|{_w('signed_note_open')}.*)\)$", re.IGNORECASE)
# The header date line's start: '<place>, ngày' or 'ngày' (OCR slips too); a date split by markup: '…, ngày'.
# The place may open with an abbreviation and its dot ('TP. Hồ Chí Minh, ngày …', 'TX. Sơn Tây'); any
# other full stop means a sentence.
_DATE_LINE_START = re.compile(rf"^(?:(?:[^\W\d_]{{1,3}}\.\s*)?[^,.;:]{{2,40}},\s*)?{date_word('day', ocr=True)}\b", re.IGNORECASE)
# 'Quảng Ngãi, ngàW† tháng năm 2021': OCR garbled 'ngày' where the day is written by hand. The line
# is still the place and date (it sits in the header, opens with a place and a comma, and ends
# with the month and year words); its day stays unread.
GARBLED_DATE_LINE = re.compile(
    rf"^[^,.;:]{{2,40}},\s*\S{{2,8}}\s*(?:\d{{1,2}}\s*)?{date_word('month', ocr=True)}\s*(?:\d{{1,2}}|\.+|…+)?\s*"
    rf"{date_word('year', ocr=True)}\s*\d{{4}}\s*$", re.IGNORECASE)
_DAY_AT_END = re.compile(date_word("day") + r"\s*$")
_AUTHORITY_HEADING = re.compile(rf"^({_w('authority_heading')})")
# An attachment after the signature: 'PHỤ LỤC I' or a title ('QUY CHẾ …'), then '(Kèm theo Quyết định …)'.
ANNEX_HEADING = re.compile(rf"^({_w('annex_heading')})\b", re.IGNORECASE)
ATTACHED_BY = re.compile(rf"^\(\s*({_w('attached_by')})\b", re.IGNORECASE)


@dataclass
class Regions:
    """Line indices of each region; every list is in reading order."""

    lines: list[Line]
    issuer: list[int] = field(default_factory=list)
    motto: list[int] = field(default_factory=list)
    number: int | None = None
    date: int | None = None
    date_end: int | None = None  # last line of a date written over several lines (web copies)
    urgency: list[int] = field(default_factory=list)
    subject: list[int] = field(default_factory=list)
    # a web row that joins the number's cell into one line ('Số: 2455/LĐTBXH-LĐTL V/v thực hiện …'):
    # the trích yếu is the end of the number line, not a line of its own
    subject_on_number_line: str | None = None
    title: int | None = None
    addressees: list[int] = field(default_factory=list)
    body: list[int] = field(default_factory=list)
    recipients: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    # Attachments issued with the letter after its signature (phụ lục, the quy chế it enacts):
    # one list of line indices each. Their items can carry tasks, but the closing comes before them.
    annexes: list[list[int]] = field(default_factory=list)
    # Footnotes at the end of a web copy ('[18]' then its note): they explain, they assign nothing.
    notes: list[int] = field(default_factory=list)

    def text(self, indices: list[int]) -> list[str]:
        return [self.lines[i].text for i in indices]


def is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def title_type(text: str) -> str | None:
    """The document type a title line names ('THÔNG BÁO KẾT LUẬN' → 'Thông báo')."""
    if not is_upper(text) or len(text) > 60:
        return None
    key = fold(text).strip(" .:")
    for doc_type in doc_types():
        name = fold(doc_type.name)
        if key == name or key.startswith(name + " "):
            return doc_type.name
    return None


def number_value(line: str) -> str:
    """The number line without its 'Số:' or 'Luật số:' label."""
    typed = TYPED_NUMBER_LINE.match(line)
    return typed["value"] if typed else NUMBER_LINE.sub("", line, count=1)


def _split_motto(lines: list[Line], limit: int) -> int | None:
    """The motto's line when a web copy broke its first word off onto a line of its own
    ('CỘNG' / 'HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |'), so the issuer above it stops there."""
    for i in range(min(limit, len(lines) - 1)):
        text = lines[i].text.strip()
        if " " not in text and text and MOTTO.match(f"{text} {lines[i + 1].text.strip()}"):
            return i
    return None


def _find(lines: list[Line], pattern: re.Pattern[str], limit: int, start: int = 0) -> int | None:
    for i in range(start, min(limit, len(lines))):
        text = lines[i].text
        if pattern is DATE_LINE:
            # the header date line is '<place>, ngày …' or starts with 'ngày'; a date cited in
            # a body sentence ('… ngày 16 tháng 4 năm 2021 của …') is not the letter's date
            if pattern.search(text) and _DATE_LINE_START.match(text):
                return i
        elif pattern.match(text):
            return i
    return None


def split_regions(document: ReadDocument) -> Regions:
    """Assign each line of the letter to a region."""
    lines = document.lines
    regions = Regions(lines)
    if not lines:
        return regions
    head_limit = min(len(lines), 30)
    regions.number = _find(lines, NUMBER_LINE, head_limit)
    if regions.number is None:
        regions.number = _find(lines, TYPED_NUMBER_LINE, head_limit)
    regions.date = _find(lines, DATE_LINE, head_limit)
    if regions.date is None:
        regions.date, regions.date_end = _broken_date(lines, head_limit)
    if regions.date is None:
        regions.date = _find(lines, GARBLED_DATE_LINE, head_limit)
    motto = _find(lines, MOTTO, head_limit)
    split = _split_motto(lines, min(head_limit, motto if motto is not None else head_limit))
    if split is not None:
        motto = split
    if motto is not None:
        regions.motto.append(motto)
        sub = _find(lines, MOTTO_SUB, motto + 3, motto + 1)
        if sub is not None:
            regions.motto.append(sub)

    # Issuer: the lines before the number/motto that are not the motto, rules or urgency marks.
    stops = [i for i in (regions.number, motto) if i is not None]
    issuer_end = min(stops) if stops else 0
    for i in range(issuer_end):
        text = lines[i].text
        if URGENCY_LINE.match(text):
            regions.urgency.append(i)
        elif not SEPARATOR.match(text) and lines[i].column != "right" and is_upper(text):
            regions.issuer.append(i)

    anchors = [i for i in (regions.number, regions.date, regions.date_end, *regions.motto) if i is not None]
    cursor = max(anchors) + 1 if anchors else 0

    # V/v subject: the lines after the number in the same column (left column or plain text).
    if regions.number is not None:
        i = regions.number + 1
        number_line = lines[regions.number]
        if number_line.column == "left":
            # the right column of the number's block (motto, place and date) is emitted after
            # the left one: a V/v set under the table follows it
            while i < len(lines) and lines[i].block == number_line.block and lines[i].column == "right":
                i += 1
        if i < len(lines) and SUBJECT_START.match(lines[i].text):
            regions.subject.append(i)
            i += 1
            while i < len(lines) and not URGENCY_LINE.match(lines[i].text) and not ADDRESSEE.match(lines[i].text):
                same_column = number_line.column == "left" and lines[i].column == "left" and lines[i].block == number_line.block
                # plain text has no columns: a wrapped V/v line continues in lower case
                wrapped = number_line.column == "full" and lines[i].text[:1].islower() and not DATE_LINE.search(lines[i].text)
                if not (same_column or wrapped):
                    break
                regions.subject.append(i)
                i += 1
            cursor = max(cursor, i)
    if regions.number is not None and not regions.subject:
        joined = _SUBJECT_AFTER_NUMBER.search(lines[regions.number].text)
        if joined:
            regions.subject_on_number_line = joined.group("subject")
    # Left-column leftovers of the header block (urgency marks) and right-column extras.
    header_block = lines[regions.number].block if regions.number is not None else 0
    if header_block:
        while cursor < len(lines) and lines[cursor].block == header_block:
            if URGENCY_LINE.match(lines[cursor].text):
                regions.urgency.append(cursor)
            cursor += 1

    # Urgency marks, title and trích yếu between the header and the body.
    while cursor < len(lines):
        text = lines[cursor].text
        if URGENCY_LINE.match(text):
            regions.urgency.append(cursor)
            cursor += 1
        elif SEPARATOR.match(text):
            cursor += 1
        else:
            break
    if cursor < len(lines) and title_type(lines[cursor].text):
        regions.title = cursor
        cursor += 1
        cursor = _past_title_issuer(lines, cursor)
        if not regions.subject:
            cursor = _trich_yeu(lines, cursor, regions)

    # Attachments after the signature end the letter proper: its closing is looked for before them.
    starts = _attachment_starts(lines, cursor)
    end = starts[0] if starts else len(lines)
    for a, b in zip(starts, [*starts[1:], len(lines)]):
        regions.annexes.append([i for i in range(a, b) if not SEPARATOR.match(lines[i].text)])

    # Kính gửi.
    closing_start = _closing_start(lines, cursor, end)
    for i in range(cursor, min(cursor + 3, closing_start)):
        if ADDRESSEE.match(lines[i].text):
            cursor = _addressees(lines, i, closing_start, regions)
            break

    regions.body = [i for i in range(cursor, closing_start) if not SEPARATOR.match(lines[i].text)]
    # Urgency marks sit anywhere in the header (a cell under the number, a line under the table).
    body_start = regions.body[0] if regions.body else closing_start
    regions.urgency = [i for i in range(min(body_start, 40)) if URGENCY_LINE.match(lines[i].text)]
    _closing(lines, closing_start, regions, end)
    _take_notes(regions)
    return regions


_SUBJECT_AFTER_NUMBER = re.compile(rf"\s(?P<subject>(?:{_w('subject_mark')})\s.+?)\s*\|?\s*$")
_NOTE_MARK = re.compile(r"^\[(\d{1,3})\]$")


def _take_notes(regions: Regions) -> None:
    """Move the footnotes that end the text out of the body and the attachments.

    vbpl.vn copies put each note last, as a line '[N]' and one to three lines of text, and mark
    the place it explains with '[N]' inside a sentence. Only a run of such blocks that reaches the
    end of the text, each cited earlier, counts: a list numbered '[1]' in the body is no note.
    """
    lines = regions.lines
    end = len(lines)
    while end and not lines[end - 1].text.strip():
        end -= 1
    start = end
    j = end
    while True:
        i = next((k for k in range(j - 1, max(-1, j - 5), -1) if _NOTE_MARK.match(lines[k].text.strip())), None)
        if i is None or not 1 <= j - i - 1 <= 3:
            break
        start = j = i
    if start == end:
        return
    before = "\n".join(line.text for line in lines[:start])
    marks = [m.group(1) for k in range(start, end) if (m := _NOTE_MARK.match(lines[k].text.strip()))]
    if not all(f"[{n}]" in before for n in marks):
        return
    notes = set(range(start, len(lines)))
    regions.notes = sorted(notes)
    regions.body = [i for i in regions.body if i not in notes]
    regions.annexes = [kept for annex in regions.annexes if (kept := [i for i in annex if i not in notes])]


def _attachment_starts(lines: list[Line], start: int) -> list[int]:
    """First lines of the attachments that follow the letter's closing ('PHỤ LỤC I', 'QUY CHẾ').

    An attachment is a heading ('PHỤ LỤC …' or a document title) with '(Kèm theo …)' /
    '(Ban hành kèm theo …)' at most three lines below it. Only headings after a Nơi nhận or
    signature-authority line count, so a plan that opens with its own '(Ban hành kèm theo …)'
    under its title is not cut, nor is a body sentence that cites an annex.
    """
    closing_seen = False
    starts: list[int] = []
    for i in range(start, len(lines)):
        text = lines[i].text
        if RECIPIENTS.match(text) or AUTHORITY.match(text):
            closing_seen = True
            continue
        if closing_seen and NUMBER_LINE.match(text) and _new_header_at(lines, i, start) is not None:
            head = _new_header_at(lines, i, start)
            if not starts or head > starts[-1]:
                starts.append(head)  # an enclosed document with its own header (a draft Nghị quyết after a Tờ trình)
            continue
        if not closing_seen or not ATTACHED_BY.match(text):
            continue
        for j in range(i - 1, max(start, i - 4) - 1, -1):
            head = lines[j].text
            if (ANNEX_HEADING.match(head) or title_type(head)) and (not starts or j > starts[-1]):
                starts.append(j)
                break
    return starts


def _new_header_at(lines: list[Line], number: int, start: int) -> int | None:
    """The first issuer line of a second Decree-30 header whose 'Số:' line is ``number``: upper-case
    lines just above it and the national motto within four lines. None when it is not one."""
    if not any(MOTTO.match(lines[k].text) for k in range(max(start, number - 4), min(len(lines), number + 5))):
        return None
    head = number
    while head - 1 > start and number - head < 3 and is_upper(lines[head - 1].text) and not SEPARATOR.match(lines[head - 1].text) \
            and not AUTHORITY.match(lines[head - 1].text):
        head -= 1
    return head if head < number else None


def _broken_date(lines: list[Line], limit: int) -> tuple[int | None, int | None]:
    """'Hà Nội, ngày' / '30' / 'tháng' / '8' / 'năm 2025' (or '13 tháng 4 năm 2023'): a date line
    split by a web page's markup. The pieces after the first are short: at most the rest of a date."""
    for i in range(min(limit, len(lines))):
        if not _DAY_AT_END.search(lines[i].text):
            continue
        for j in range(i + 1, min(i + 6, len(lines))):
            if len(lines[j].text) > 24:
                break
            if DATE_LINE.search(date_text(lines, i, j)):
                return i, j
    return None, None


def date_text(lines: list[Line], start: int, end: int | None) -> str:
    """The text of the place/date line, joined when it spans several lines."""
    return " ".join(line.text for line in lines[start:(end if end is not None else start) + 1])


# a line that ends in a linking word goes on in the next ('… của' / 'Uỷ ban nhân dân tỉnh …')
_OPEN_END = re.compile(rf"\s(?:{_w('linking_end')})$")
_TITLE_OF = re.compile(r"\sCỦA(?:\s|$)")


def _past_title_issuer(lines: list[Line], i: int) -> int:
    """Skip the issuer a title wraps onto ('QUYẾT ĐỊNH CỦA UỶ BAN NHÂN DÂN' / 'TỈNH BẮC KẠN' / 'Về
    việc …'): older documents name their issuer in the title, and its second line is no trích
    yếu. Only when a marked trích yếu ('Về việc', 'V/v') follows, so a capital trích yếu after a
    plain title is still read."""
    if not _TITLE_OF.search(lines[i - 1].text):
        return i
    for j in range(i, min(i + 2, len(lines))):
        if not is_upper(lines[j].text) or len(lines[j].text) > 60:
            return i
        if j + 1 < len(lines) and SUBJECT_START.match(lines[j + 1].text):
            return j + 1
    return i


def _trich_yeu(lines: list[Line], i: int, regions: Regions) -> int:
    """Collect the trích yếu under a title: one line, plus wrapped continuation lines."""
    if i >= len(lines) or BODY_START.match(lines[i].text) or SEPARATOR.match(lines[i].text):
        return i
    first = lines[i].text
    if first.endswith(":") or (not is_upper(first) and len(first) > 250):
        return i
    regions.subject.append(i)
    i += 1
    caps = is_upper(first)
    while i < len(lines) and len(regions.subject) < 5:
        text = lines[i].text
        if BODY_START.match(text) or SEPARATOR.match(text) or title_type(text):
            break
        previous = lines[i - 1].text
        continues = (text[:1].islower() or text[:1].isdigit() or text[:1] in "–-(") and not previous.endswith((".", ";", ":"))
        if caps and is_upper(text) and not _is_authority_heading(text):
            continues = True
        if not continues and _OPEN_END.search(previous) and not BODY_START.match(text):
            continues = True  # '… Quy chế làm việc của' / 'Uỷ ban nhân dân tỉnh …': a line cut after a linking word
        if not continues and text[:1].isupper() and text.endswith(",") and len(text) <= 90 \
                and not previous.endswith((".", ";", ":", ",")):
            continues = True  # '… các dự án trong thời gian' / 'Quy hoạch sử dụng đất quốc gia thời kỳ 2021 - 2030,'
        if not continues and _last_before_body(lines, i) and text[:1].isupper() \
                and not previous.endswith((".", ";", ":", ",")) and not text.endswith((".", ";", ":")):
            continues = True  # '… chức danh Ủy viên' / 'Ủy ban nhân dân tỉnh … 2021 - 2026' / 'Kính gửi: …'
        if not continues:
            break
        regions.subject.append(i)
        i += 1
    while i < len(lines) and SEPARATOR.match(lines[i].text):
        i += 1
    return i


def _last_before_body(lines: list[Line], i: int) -> bool:
    """Whether line ``i`` is the last before 'Kính gửi' or the rule under the trích yếu: a trích
    yếu wrapped before a capital ('Ủy ban nhân dân …') ends there. (Before a body opener such
    as 'Căn cứ' the line may as well be the first body sentence, so that does not count.)"""
    if i + 1 >= len(lines) or len(lines[i].text) > 90:
        return False
    following = lines[i + 1].text
    return bool(ADDRESSEE.match(following) or SEPARATOR.match(following))


def _is_authority_heading(text: str) -> bool:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH' / 'BỘ TRƯỞNG BỘ ...' lines that open a Quyết định body.

    Compared in one tone placement: older letters write 'UỶ BAN', the word list 'ỦY BAN'."""
    return bool(_AUTHORITY_HEADING.match(tone_key(text).upper()))


def _addressees(lines: list[Line], i: int, end: int, regions: Regions) -> int:
    """Kính gửi: one line, or a bulleted list whose items may wrap."""
    regions.addressees.append(i)
    rest = ADDRESSEE.sub("", lines[i].text).strip()
    i += 1
    open_item = bool(rest) and not rest.endswith((";", "."))
    while i < end:
        text = lines[i].text
        if BULLET.match(text):
            open_item = not text.endswith((";", "."))
        elif open_item and (text[:1].islower() or len(text) < 60):
            open_item = not text.endswith((";", "."))
        else:
            break
        regions.addressees.append(i)
        i += 1
    return i


def _closing_start(lines: list[Line], start: int, n: int) -> int:
    """Index where the closing (Nơi nhận and/or signature) begins before line ``n``; ``n`` if none."""
    window = range(max(start, n - 45), n)
    for i in window:
        if RECIPIENTS.match(lines[i].text):
            block = lines[i].block
            if block:  # PDF/DOCX two-column closing: the block's first line may be the signer's
                while i > start and lines[i - 1].block == block:
                    i -= 1
            # The signature may precede Nơi nhận in plain text.
            j = i
            while j - 1 >= start and (AUTHORITY.match(lines[j - 1].text) or _looks_signature(lines[j - 1].text)) \
                    and i - j < 4:
                j -= 1
            return j
    for i in window:
        if AUTHORITY.match(lines[i].text) and is_upper(lines[i].text):
            return i
    # A bare title + name at the very end ("BỘ TRƯỞNG" / "Nguyễn Văn A").
    for i in range(max(start, n - 4), n):
        if is_upper(lines[i].text) and len(lines[i].text) < 40 and _is_person_name(lines[n - 1].text) \
                and not title_type(lines[i].text):
            return i
    return n


def _looks_signature(text: str) -> bool:
    return is_upper(text) and len(text) < 45 and not BULLET.match(text)


def _is_person_name(text: str) -> bool:
    words = RANK.sub("", text).split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and w[1:].islower() for w in words if w.isalpha())


def _closing(lines: list[Line], start: int, regions: Regions, n: int) -> None:
    """Separate the Nơi nhận list from the signature block (lines ``start`` to ``n``)."""
    i = start
    in_recipients = False
    recipients_column = None
    while i < n:
        line = lines[i]
        text = line.text
        if RECIPIENTS.match(text):
            in_recipients = True
            recipients_column = line.column if line.column != "full" else None
            regions.recipients.append(i)
        elif in_recipients and recipients_column and line.column == recipients_column:
            regions.recipients.append(i)
        elif in_recipients and recipients_column is None and (BULLET.match(text) or _continues_item(lines, i)):
            regions.recipients.append(i)
        else:
            if in_recipients and recipients_column is None:
                in_recipients = False
            regions.signature.append(i)
        i += 1


def _continues_item(lines: list[Line], i: int) -> bool:
    previous = lines[i - 1].text
    return i > 0 and not previous.endswith((";", ".")) and not RECIPIENTS.match(previous) and not is_upper(lines[i].text)
