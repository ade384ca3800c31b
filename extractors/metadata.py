"""Letter metadata from the regions of a Decree 30 layout.

Pure functions: (ReadDocument, Regions) in, field values and warnings out. A value that
is not written in the text (a number or day filled in by hand after printing) comes out
as ``None`` with a warning; we never guess. The digital signatures are the one other
source (extractors/signatures.py): they confirm the issuer, the signer and the date, and
fill them only where the text gave none, with a warning and a confidence below 1.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from congvan.extractors.dates import date_word, make_date
from congvan.extractors.ocr_fix import fix_issuer, fix_place_words, fix_signer_line, fix_subject
from congvan.extractors.organ_case import register_case
from congvan.extractors.references import find_references
from congvan.extractors.rules import data_pattern
from congvan.extractors.options import DEFAULT_OPTIONS, ExtractionOptions, MetadataConfidence
from congvan.extractors.signatures import check_signatures
from congvan.layout.regions import (
    ADDRESSEE,
    AUTHORITY,
    BULLET,
    DATE_LINE,
    GARBLED_DATE_LINE,
    number_value,
    RECIPIENTS,
    RANK,
    SIGNED_NOTE,
    Regions,
    date_text,
    is_upper,
)
from congvan.lexicon import doc_types, organ_heads, signer_words, words
from congvan.models import Reference, Signer, Warning
from congvan.readers.base import ReadDocument
from congvan.text import fold, squash

# Số, ký hiệu: number (may contain a dot: 66.15), optional year, then type/organ codes
# with letters (any case, Đ), digits, &, dots and dashes; party style 12-CV/TU.
DOC_NUMBER = re.compile(
    r"(?P<num>\d+(?:\.\d+)?[a-z]?)(?P<rest>(?:\s*[/\-–—]\s*[0-9A-Za-zĐđ&.]+)+)"
)
PLACE_DATE = re.compile(
    rf"^(?P<place>[^,]{{2,60}}?)\s*,\s*{date_word('day', ocr=True)}\s*(?P<d>\d{{1,2}})?[\s.…]*"
    rf"{date_word('month', ocr=True)}\s*(?P<m>\d{{1,2}})?[\s.…]*{date_word('year', ocr=True)}\s*(?P<y>\d{{4}})",
    re.IGNORECASE,
)
# 'thông qua ngày 22 tháng 6 năm 2015': when a law was passed, in its closing sentence.
_PASSED_ON = re.compile(
    rf"{data_pattern('metadata_words.tsv', 'passed_on')}\s+(?P<d>\d{{1,2}})\s+{date_word('month')}\s+(?P<m>\d{{1,2}})\s+"
    rf"{date_word('year')}\s+(?P<y>\d{{4}})",
    re.IGNORECASE,
)
# The date alone, as written, when the line has no place before it.
_DATE_ONLY = re.compile(
    rf"{date_word('day')}\s*(?P<d>\d{{1,2}})?[\s.…]*{date_word('month')}\s*(?P<m>\d{{1,2}})?[\s.…]*{date_word('year')}\s*(?P<y>\d{{4}})",
    re.IGNORECASE,
)
URGENCY = {fold(word): word for word in words("metadata_words.tsv", "urgency")}  # 'hoa toc' → 'Hỏa tốc'


@dataclass
class Metadata:
    """The letter-level fields of a Document, before ids and source are attached."""

    doc_number: str | None = None
    doc_type: str | None = None
    issuer: str | None = None  # as written while extracting; register_case at the end (_register_forms)
    issuer_parent: str | None = None
    issuer_as_written: str | None = None
    issuer_parent_as_written: str | None = None
    place: str | None = None
    issue_date: dt.date | None = None
    subject: str | None = None
    urgency: str | None = None
    signer: Signer = field(default_factory=Signer)
    addressees: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    warnings: list[Warning] = field(default_factory=list)
    confidence: dict[str, float] = field(default_factory=dict)


def extract_metadata(document: ReadDocument, regions: Regions, options: ExtractionOptions = DEFAULT_OPTIONS) -> Metadata:
    """All letter-level fields."""
    meta = Metadata()
    lines = document.lines
    _number(meta, lines[regions.number].text if regions.number is not None else None)
    if regions.date is not None:
        _place_date(meta, date_text(lines, regions.date, regions.date_end))
    elif not _passed_on(meta, regions):
        _place_date(meta, None)  # no date line and no passing date: the warning says so
    _apply_hints(meta, document.header_hints, options.metadata)
    meta.issuer_parent, meta.issuer = split_issuer(regions.text(regions.issuer))
    if meta.issuer is None:
        meta.warnings.append(Warning(code="issuer_missing", message="no issuing body found in the header", field="issuer"))
    if regions.subject:
        meta.subject = squash(" ".join(regions.text(regions.subject)))
    elif regions.subject_on_number_line:
        meta.subject = squash(regions.subject_on_number_line)
    meta.doc_type = _doc_type(regions, meta.doc_number)
    meta.urgency = _urgency(regions)
    meta.addressees = _addressees(regions.text(regions.addressees))
    meta.cc = list_items(regions.text(regions.recipients), RECIPIENTS)
    meta.signer = _signer(regions.text(regions.signature))
    if document.text_layer == "ocr":
        _fix_ocr_slips(meta)
    check_signatures(meta, document.signatures, document.text_layer, options.metadata)
    _register_forms(meta)
    # references are cited in the body, the attachments and the footnotes alike
    body = "\n".join(regions.text([*regions.body, *(i for annex in regions.annexes for i in annex), *regions.notes]))
    own = meta.doc_number
    meta.references = [ref for ref in find_references((meta.subject or "") + "\n" + body) if ref.doc_number != own]
    return meta


def _register_forms(meta: Metadata) -> None:
    """The issuer and its parent in the register's sentence case, the header's form kept beside.

    Done last: the OCR fixes and the signature checks compare and respell the form as written
    (capitals, like the closed lists they use), so only the finished value is recased.
    """
    meta.issuer_as_written, meta.issuer = meta.issuer, register_case(meta.issuer)
    meta.issuer_parent_as_written, meta.issuer_parent = meta.issuer_parent, register_case(meta.issuer_parent)


def _fix_ocr_slips(meta: Metadata) -> None:
    """Closed-list phrases read by OCR get their diacritics back, the subject its hook tones
    (extractors/ocr_fix.py)."""
    if meta.issuer:
        meta.issuer = fix_issuer(meta.issuer)
    if meta.issuer_parent:
        meta.issuer_parent = fix_issuer(meta.issuer_parent)
    if meta.place:
        meta.place = fix_place_words(meta.place)
    if meta.signer.title:
        meta.signer.title = fix_signer_line(meta.signer.title)
    if meta.subject:
        meta.subject = fix_subject(meta.subject)
    meta.signer.authority = [fix_signer_line(a) for a in meta.signer.authority]


def _hint_confidence(origin: str, method: str, confidence: MetadataConfidence) -> float:
    """How much to trust a value by where the reader saw it (readers/hints.py)."""
    if origin == "signature_field":
        return confidence.signature_field_text if method == "text" else confidence.signature_field_ocr
    return confidence.handwriting


def _apply_hints(meta: Metadata, hints: dict[str, str], confidence: MetadataConfidence) -> None:
    """Fill a blank number or day from what the reader saw outside the text layer.

    Only fields the text left blank are filled, each parsed with the same rules as the text,
    with a warning naming the source and a confidence below 1. A hint that does not parse
    leaves the field null (its blank warning stays).
    """
    if not hints:
        return
    origin, method = hints.get("origin", "handwriting"), hints.get("method", "ocr")
    score = _hint_confidence(origin, method, confidence)
    where = "the signature field" if origin == "signature_field" else "handwriting on the scan"
    if meta.doc_number is None and hints.get("number_line"):
        probe = Metadata()
        _number(probe, hints["number_line"])
        if probe.doc_number:
            meta.doc_number = probe.doc_number
            meta.confidence["doc_number"] = score
            meta.warnings = [w for w in meta.warnings if w.field != "doc_number"]
            meta.warnings.append(Warning(code=f"from_{origin}", field="doc_number",
                                         message=f"number {probe.doc_number} read from {where} ({method}), not the text layer"))
    if meta.issue_date is None and hints.get("date_line"):
        probe = Metadata()
        _place_date(probe, hints["date_line"])
        if probe.issue_date:
            meta.issue_date = probe.issue_date
            meta.place = meta.place or probe.place
            meta.confidence["issue_date"] = score
            meta.warnings = [w for w in meta.warnings if w.field != "issue_date"]
            meta.warnings.append(Warning(code=f"from_{origin}", field="issue_date",
                                         message=f"date {probe.issue_date:%d/%m/%Y} read from {where} ({method}), not the text layer"))


def _number(meta: Metadata, line: str | None) -> None:
    if line is None:
        meta.warnings.append(Warning(code="number_missing", message="no 'Số:' line in the header", field="doc_number"))
        return
    value = number_value(line)
    match = DOC_NUMBER.match(value.strip())
    if match:
        meta.doc_number = match["num"] + re.sub(r"\s+", "", match["rest"])
        return
    if re.match(r"^\s*[/-]", value) or not value.strip():
        meta.warnings.append(Warning(
            code="number_blank",
            message=f"the number is blank in the text layer ({squash(line)!r}): filled in by hand or in the signature field",
            field="doc_number",
        ))
    else:
        meta.warnings.append(Warning(code="number_unreadable", message=f"cannot read a number in {squash(line)!r}", field="doc_number"))


def _place_date(meta: Metadata, line: str | None) -> None:
    if line is None:
        meta.warnings.append(Warning(code="date_missing", message="no place and date line in the header", field="issue_date"))
        return
    match = PLACE_DATE.search(line)
    if not match:
        date_only = DATE_LINE.search(line)
        if date_only is None:
            if GARBLED_DATE_LINE.match(line):  # 'Quảng Ngãi, ngàW† tháng năm 2021': the place, no day
                meta.place = squash(line.split(",", 1)[0]).strip(" ,")
                meta.warnings.append(Warning(code="date_blank", field="issue_date",
                                             message=f"the day is unreadable in {squash(line)!r}: written by hand?"))
            return
        match = _DATE_ONLY.search(line)
    else:
        meta.place = squash(match["place"]).strip(" ,")
    if match is None:
        return
    if match["d"] and match["m"]:
        meta.issue_date = make_date(match["y"], match["m"], match["d"])
        if meta.issue_date is None:
            meta.warnings.append(Warning(code="date_invalid", message=f"not a valid date in {squash(line)!r}", field="issue_date"))
    else:
        meta.warnings.append(Warning(
            code="date_blank",
            message=f"the day or month is blank in the text layer ({squash(line)!r}): filled in by hand or in the signature field",
            field="issue_date",
        ))


def _passed_on(meta: Metadata, regions: Regions) -> bool:
    """The date a Luật or Quốc hội resolution was passed, for a document without a date line.

    Such documents carry no '<place>, ngày …' in the header (Nghị định 34/2016/NĐ-CP, Phụ lục I);
    the closing sentence above the signature gives the date it was passed, which is the date it
    is cited by. The last match wins: an amendment may cite an earlier passing first.
    """
    for i in reversed(regions.body[-15:]):
        match = _PASSED_ON.search(regions.lines[i].text)
        if match:
            meta.issue_date = make_date(match["y"], match["m"], match["d"])
            return meta.issue_date is not None
    return False


def _starts_body(text: str, previous: str) -> bool:
    """Whether a header line starts a new body. A bare organ word ('TRƯỜNG' after 'SỞ TÀI
    NGUYÊN VÀ MÔI'), a line after a dangling 'VÀ' or after a lone word continues the previous name."""
    key = text.upper()
    if previous.upper().endswith((" VÀ", " &", " -", ",")) or " " not in previous.strip():
        return False  # a dangling 'VÀ', or one word broken off by a web copy ('UỶ' / 'BAN NHÂN DÂN')
    if squash(previous).upper() in _OWNERLESS:
        return False  # 'ỦY BAN THƯỜNG VỤ' / 'QUỐC HỘI': one name over two lines
    if key in organ_heads():
        return " " in key  # 'VĂN PHÒNG' / 'THANH TRA' alone name a body; 'TRƯỜNG' alone is a wrapped word
    return any(key.startswith(head + " ") for head in organ_heads())


_OWNERLESS = frozenset(words("metadata_words.tsv", "ownerless_head"))
_TRAILING_RULE = re.compile(r"\s*[-–—_=*~.]{3,}\s*$")


def split_issuer(header_lines: list[str]) -> tuple[str | None, str | None]:
    """(parent, issuer) from the issuer lines: a line starting with an organ word starts a new body."""
    bodies: list[str] = []
    for text in header_lines:
        text = _TRAILING_RULE.sub("", squash(text))  # web copies keep the rule under a name: 'TỈNH BẮC NINH******'
        if not text:
            continue
        if not bodies or _starts_body(text, bodies[-1]):
            bodies.append(text)
        else:
            bodies[-1] = f"{bodies[-1]} {text}"
    if not bodies:
        return None, None
    if len(bodies) == 1:
        return None, bodies[0]
    return bodies[-2], bodies[-1]


def _doc_type(regions: Regions, number: str | None) -> str | None:
    from congvan.layout.regions import title_type

    if regions.title is not None:
        return title_type(regions.lines[regions.title].text)
    if regions.subject and re.match(r"^(V/v|V/V)", regions.lines[regions.subject[0]].text):
        return "Công văn"
    if number:
        # Decree 30 art. 8: the type's code opens the ký hiệu (12/QĐ-UBND, 12/2024/QĐ-UBND, party
        # style 12-NQ/TU); a công văn's ký hiệu opens with the issuer's (5337/BHXH-BC: BC is a unit).
        codes = [c for c in re.split(r"[/-]", number)[1:] if c and not c.isdigit()]
        by_code = {fold(t.code): t.name for t in doc_types() if t.code}
        if codes and fold(codes[0]) in by_code:
            return by_code[fold(codes[0])]
        return "Công văn"  # a number with only organ codes (3308/UBND-TH) is a công văn
    return None


def _urgency(regions: Regions) -> str | None:
    for i in regions.urgency:
        key = fold(regions.lines[i].text).strip(" !.")
        key = re.sub(r"\s+", " ", key)
        if key in URGENCY:
            return URGENCY[key]
    return None


def list_items(lines: list[str], opener: re.Pattern[str] | None = None) -> list[str]:
    """Bulleted items ('- Sở A;'), wrapped items joined, bullets and trailing ;/. removed."""
    items: list[str] = []
    for index, text in enumerate(lines):
        if opener is not None and index == 0 and opener.match(text):
            rest = opener.sub("", text, count=1).strip()
            if rest:
                items.extend(part for part in re.split(r";\s*", rest) if part.strip(" .;"))
            continue
        if BULLET.match(text) or not items:
            items.append(BULLET.sub("", text, count=1))
        else:
            items[-1] = f"{items[-1]} {text}"
    return [squash(item).rstrip(" ;,.").strip() for item in items if squash(item).rstrip(" ;,.")]


def _addressees(lines: list[str]) -> list[str]:
    return list_items(lines, ADDRESSEE)


def _signer(lines: list[str]) -> Signer:
    """TM./KT./TL. chain, the position line, and the name (last name-like line)."""
    lines = _rejoin_broken_words([squash(t) for t in lines if t.strip() and not SIGNED_NOTE.match(t.strip()) and not BULLET.match(t)])
    names = [i for i, text in enumerate(lines) if not is_upper(text) and _is_name(RANK.sub("", text))]
    name = RANK.sub("", lines[names[-1]]) if names else None
    authority: list[str] = []
    titles: list[str] = []  # upper-case lines above the name, a title wrapped in a narrow cell joined
    known = signer_words()
    previous_was_title = False
    for i, text in enumerate(lines):
        if AUTHORITY.match(text) and is_upper(text):
            authority.append(text)
            previous_was_title = False
        elif authority and authority[-1].endswith(",") and i and lines[i - 1] == authority[-1] and is_upper(text):
            authority[-1] = f"{authority[-1]} {text}"  # 'KT. BỘ TRƯỞNG,' / 'CHỦ NHIỆM': one authority line, wrapped
        elif is_upper(text) and len(text) <= 60 and (not names or i < names[-1]):
            if previous_was_title and titles[-1] not in known and f"{titles[-1]} {text}" in known:
                titles[-1] = f"{titles[-1]} {text}"  # 'PHÓ CHỦ' / 'NHIỆM'
            else:
                titles.append(text)
                previous_was_title = True
        else:
            previous_was_title = False
    # the title is the last position above the name (a stray recipient line may come before it);
    # on a scan the seal and the signature leave capitals of noise there ('XD ST'), so only a line
    # that names a position counts; otherwise the first (an attachment's heading may follow)
    positions = [t for t in titles if _names_position(t, known)]
    if names:
        title = positions[-1] if positions else (titles[0] if titles else None)
    else:
        # no name: a capital line that names no position is an attachment's heading or a stamp
        # ('DANH SÁCH CÁC TỈNH, THÀNH PHỐ …'), not a title
        title = positions[0] if positions else None
    return Signer(name=name, title=title, authority=authority)


def _names_position(text: str, known: tuple[str, ...]) -> bool:
    """Whether an upper-case signature line is a position ('PHÓ CHỦ TỊCH', 'GIÁM ĐỐC SỞ Y TẾ')."""
    key = " ".join(text.split())
    return any(key == title or key.startswith(title + " ") for title in known)


def _rejoin_broken_words(lines: list[str]) -> list[str]:
    """Join a one-word line to the line below it: some web copies break each cell's first word
    off ('TM.' / 'ỦY BAN NHÂN DÂN TỈNH', 'PHÓ' / 'CHỦ NHIỆM', 'Nguyễn' / 'Khắc Định'). No line of a
    signature block is one word on its own: titles, authority lines and names all have two or more."""
    joined: list[str] = []
    for text in lines:
        if joined and _broken_off(joined[-1], text):
            joined[-1] = f"{joined[-1]} {text}"
        else:
            joined.append(text)
    return joined


def _broken_off(word: str, text: str) -> bool:
    """Whether the one-word line ``word`` is the first word of ``text``: both in capitals (and
    ``text`` no authority line of its own), or a family name before the rest of a name."""
    if " " in word or not word[:1].isalpha():
        return False
    if is_upper(word) and is_upper(text):
        return not AUTHORITY.match(text)
    return _is_name(text) and _is_name(f"{word} {text}") and not is_upper(word)


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 6 or any(c.isdigit() or c in ":;/" for c in text):
        return False  # 'Lưu: VT, V03' is a recipients line, not a name
    return all(w[:1].isupper() and (w[1:].islower() or not w[1:].isalpha()) for w in words)
