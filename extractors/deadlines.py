"""Deadline phrases and their normalised value.

Kinds, by precedence when a unit holds several phrases: recurring (hằng quý … trước
ngày 15 tháng cuối quý) > absolute (trước ngày 30/6/2023, quý III/2024, trong tháng
12/2023) > relative (trong 05 ngày làm việc kể từ ngày nhận) > event (trước kỳ họp …)
> urgent (khẩn trương, ngay) > ongoing (thường xuyên) > none.

Dates without a year take the letter's year, rolling to the next year when that month
has already passed; relative deadlines count on the Vietnamese working calendar
(``calendar.py``); recurrences are RFC 5545 rules evaluated with ``dateutil.rrule``.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
import re
from dataclasses import dataclass

from dateutil.rrule import rrulestr

from congvan.extractors.calendar import add_duration
from congvan.models import Deadline

_NUMBER_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10,
    "mười lăm": 15, "mười năm": 15, "hai mươi": 20, "ba mươi": 30, "bốn mươi lăm": 45, "sáu mươi": 60,
}
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
_WEEKDAYS = {"hai": "MO", "ba": "TU", "tư": "WE", "năm": "TH", "sáu": "FR", "bảy": "SA",
             "2": "MO", "3": "TU", "4": "WE", "5": "TH", "6": "FR", "7": "SA"}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_BEFORE = r"(?:(?:hoàn\s+thành|xong|gửi\s+về|gửi)\s+)?(?:trước|chậm\s+nhất(?:\s+là|\s+vào)?|muộn\s+nhất(?:\s+là)?|không\s+muộn\s+hơn|hạn\s+chót(?:\s+là)?|đến\s+hết|đến|trong|vào|hết|kết\s+thúc\s+trước)"
_CLOCK = r"(?:(?P<hh>\d{1,2})\s*(?:giờ|h|g)\s*(?P<mm>\d{1,2})?\s*(?:phút)?\s*(?:,\s*)?(?:sáng|chiều|tối)?\s*(?:,\s*)?)?"
_DATE = (
    r"(?:ngày\s+)?(?P<d>\d{1,2})\s*(?:/|-|\.|\s+tháng\s+)\s*(?P<m>\d{1,2})"
    r"(?:\s*(?:/|-|\.|\s+năm\s+)\s*(?P<y>\d{4}))?(?!\s*[/\d])"
)
ABSOLUTE = re.compile(rf"\b{_BEFORE}\s+{_CLOCK}(?:thứ\s+\w+\s*,?\s*)?{_DATE}", re.IGNORECASE)
MONTH = re.compile(rf"\b{_BEFORE}\s+(?:tháng\s+)(?P<m>\d{{1,2}})\s*(?:/|\s+năm\s+)\s*(?P<y>\d{{4}})", re.IGNORECASE)
QUARTER = re.compile(rf"\b(?:{_BEFORE}\s+)?quý\s+(?P<q>IV|III|II|I|[1-4])\s*(?:/|\s+năm\s+)\s*(?P<y>\d{{4}})", re.IGNORECASE)
YEAR = re.compile(rf"\b(?:trước|chậm\s+nhất(?:\s+là)?|trong|hoàn\s+thành\s+trong|đến\s+hết)\s+năm\s+(?P<y>20\d\d)\b", re.IGNORECASE)
RELATIVE = re.compile(
    rf"\b(?:(?:trong|chậm\s+nhất|không\s+quá|không\s+muộn\s+hơn|sau|trước)\s+)?(?:(?:thời\s+hạn|thời\s+gian|vòng|khoảng)\s+)?(?:tối\s+đa\s+)?"
    rf"(?P<n>{_NUM})\s+(?P<unit>ngày\s+làm\s+việc|giờ\s+làm\s+việc|ngày|tuần|tháng|năm|giờ)"
    rf"(?P<anchor>\s*,?\s*(?:kể|tính)\s+từ\s+(?:ngày|khi|thời\s+điểm)\s*(?P<what>[^,.;]{{0,60}}))?",
    re.IGNORECASE,
)
RECURRING = re.compile(
    r"\b(?:định\s+kỳ\s+)?(?:hằng|hàng|mỗi)\s+(?P<period>ngày|tuần|tháng|quý|năm|6\s+tháng|sáu\s+tháng)\b"
    r"|\bđịnh\s+kỳ\s+(?P<period2>6\s+tháng|sáu\s+tháng|hằng\s+\w+|hàng\s+\w+|\d+\s+tháng)?"
    r"|\b(?P<period3>6\s+tháng|sáu\s+tháng|quý|tháng)\s+(?:một\s+lần|1\s+lần)\b",
    re.IGNORECASE,
)
EVENT = re.compile(
    r"\b(?<!ngay\s)(?:trước|sau)\s+(?:khi|kỳ\s+họp|phiên\s+họp|Hội\s+nghị|cuộc\s+họp|ngày\s+khai\s+giảng|ngày\s+diễn\s+ra|lễ|Tết|tết|mùa|đợt|kỳ\s+thi|Đại\s+hội)[^,.;]{0,80}",
    re.IGNORECASE,
)
URGENT = re.compile(r"\b(?:khẩn\s+trương|ngay\s+lập\s+tức|ngay|gấp|hỏa\s+tốc|hoả\s+tốc|khẩn\s+cấp|sớm\s+nhất)\b", re.IGNORECASE)
ONGOING = re.compile(r"\b(?:thường\s+xuyên|liên\s+tục|lâu\s+dài|trong\s+suốt\s+[^,.;]{3,60})", re.IGNORECASE)
_NOT_URGENT = re.compile(r"\bngay\s+(?:từ|trong|tại|cả)\b", re.IGNORECASE)  # 'ngay sau khi …' is urgent


# Words before 'đến ngày X' that make X the date data is counted to, not a deadline.
_CUTOFF = re.compile(r"(?:có\s+mặt|tính|hiện\s+có|số\s+liệu|thống\s+kê|lũy\s+kế|luỹ\s+kế)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Found:
    """A deadline and where its phrase sits in the unit's text."""

    deadline: Deadline
    start: int
    end: int


def _number(text: str) -> int:
    text = text.lower().strip()
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 0)


def _resolve_year(month: int, day: int, year: str | None, reference: dt.date) -> dt.date | None:
    """A date whose year may be omitted: the letter's year, next year if that month has passed."""
    try:
        if year:
            return dt.date(int(year), month, day)
        candidate = dt.date(reference.year, month, day)
        if candidate < reference and (reference.month - month) > 1:
            candidate = dt.date(reference.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def _absolute(text: str, reference: dt.date) -> Found | None:
    best: Found | None = None
    for pattern in (ABSOLUTE, MONTH, QUARTER, YEAR):
        for match in pattern.finditer(text):
            date: dt.date | dt.datetime | None = None
            groups = match.groupdict()
            if pattern is ABSOLUTE:
                if re.match(r"đến\s+(?!hết)", match.group(0), re.I) and _CUTOFF.search(text, 0, match.start()):
                    continue  # 'số lượng … có mặt đến ngày 31/12/2023': the data's cut-off date, not a deadline
                date = _resolve_year(int(match["m"]), int(match["d"]), match["y"], reference)
                if date and groups.get("hh"):
                    hour, minute = int(match["hh"]), int(match["mm"] or 0)
                    if hour < 24 and minute < 60:
                        date = dt.datetime(date.year, date.month, date.day, hour, minute)
                phrase_head = match.group(0).split()[0].lower()
                if phrase_head in ("vào", "trong") and not re.search(r"\btrước|chậm|hạn|hết|xong|hoàn", match.group(0), re.I):
                    # 'vào ngày 09/11/2024' is a meeting date, not a deadline, unless it says 'hoàn thành'
                    if not re.search(r"hoàn\s+thành|xong|nộp|gửi", text[max(0, match.start() - 40):match.start()], re.I):
                        continue
            elif pattern is MONTH:
                month = int(match["m"])
                if 1 <= month <= 12:
                    date = _month_end(int(match["y"]), month)
            elif pattern is QUARTER:
                q = _ROMAN[match["q"].lower()]
                date = _month_end(int(match["y"]), q * 3)
            else:
                date = dt.date(int(match["y"]), 12, 31)
            if date is None:
                continue
            found = Found(Deadline(text=match.group(0).strip(" ,;."), kind="absolute", date=date), match.start(), match.end())
            if best is None or found.start < best.start:
                best = found
        if best is not None and pattern in (ABSOLUTE, MONTH):
            return best
    return best


def _anchor(what: str | None) -> str:
    if not what:
        return "receipt"
    what = what.lower()
    if "nhận" in what or "tiếp nhận" in what:
        return "receipt"
    if "ký" in what or "ban hành" in what or "hiệu lực" in what:
        return "signing"
    return "event"


def _relative(text: str, received: dt.date, signed: dt.date | None) -> Found | None:
    for match in RELATIVE.finditer(text):
        head = match.group(0).lower()
        has_frame = bool(re.match(r"(trong|chậm nhất|không quá|không muộn hơn|sau)\b", head)) or bool(match["anchor"])
        if not has_frame:
            continue
        n = _number(match["n"])
        unit = match["unit"].lower()
        if n <= 0 or (unit == "năm" and not match["anchor"]):
            continue
        working = "làm việc" in unit
        if unit.startswith("giờ"):  # 'không muộn hơn 08 giờ làm việc': PT8H, in working hours
            duration = f"PT{n}H"
        else:
            duration = f"P{n}" + {"ngày": "D", "tuần": "W", "tháng": "M", "năm": "Y"}[unit.split()[0]]
        anchor = _anchor(match["what"])
        start = received if anchor == "receipt" else (signed if anchor == "signing" else None)
        date = add_duration(start, duration, working) if start and "T" not in duration else None
        return Found(
            Deadline(text=match.group(0).strip(" ,;."), kind="relative", date=date, duration=duration,
                     working_days=working, anchor=anchor),
            match.start(), match.end(),
        )
    return None


def _rrule(text: str, period: str, reference: dt.date) -> tuple[str | None, dt.date | dt.datetime | None]:
    """An RFC 5545 rule and its next occurrence after ``reference``.

    When no day is written ('định kỳ hằng quý'), the report is due at the end of each period
    (BYMONTHDAY=-1), so a tracker still gets a date to sort by.
    """
    period = period.lower()
    day_match = re.search(
        r"(?:trước|chậm\s+nhất|vào)\s+(?:vào\s+)?(?:ngày\s+)?(?P<d>\d{1,2})(?!\s*(?:giờ|h\b))"
        r"(?:(?:\s*/\s*|\s+tháng\s+)(?P<m>\d{1,2})(?!\s*/\s*\d{4}))?", text, re.I)
    day = int(day_match["d"]) if day_match else None
    month = int(day_match["m"]) if day_match and day_match["m"] else None
    clock = re.search(r"(?P<h>\d{1,2})\s*(?:giờ|h)\s*(?P<mm>\d{2})?", text, re.I)
    weekday = re.search(r"thứ\s+(hai|ba|tư|năm|sáu|bảy|2|3|4|5|6|7)|chủ\s+nhật", text, re.I)
    by_day = f";BYMONTHDAY={day}" if day else ";BYMONTHDAY=-1"
    if "tuần" in period:
        rule = "FREQ=WEEKLY"
        if weekday:
            code = "SU" if weekday.group(0).lower().startswith("chủ") else _WEEKDAYS[weekday.group(1).lower()]
            rule += f";BYDAY={code}"
    elif "ngày" in period:
        rule = "FREQ=DAILY"
        if clock and int(clock["h"]) < 24:
            rule += f";BYHOUR={int(clock['h'])};BYMINUTE={int(clock['mm'] or 0)}"
    elif "quý" in period:
        months = "3,6,9,12"
        if re.search(r"tháng\s+đầu\s+(?:của\s+)?quý\s+(?:sau|tiếp\s+theo)", text, re.I):
            months = "1,4,7,10"
        elif re.search(r"tháng\s+(?:thứ\s+)?hai\s+của\s+quý|tháng\s+giữa\s+quý", text, re.I):
            months = "2,5,8,11"
        rule = f"FREQ=MONTHLY;BYMONTH={months}{by_day}"
    elif "6" in period or "sáu" in period:
        if day and month:
            other = (month + 6 - 1) % 12 + 1
            rule = f"FREQ=YEARLY;BYMONTH={min(month, other)},{max(month, other)};BYMONTHDAY={day}"
        else:
            rule = "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1"
    elif "năm" in period:
        rule = f"FREQ=YEARLY;BYMONTH={month};BYMONTHDAY={day}" if day and month else "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31"
    elif "tháng" in period:
        rule = f"FREQ=MONTHLY{by_day}"
    else:
        return None, None
    start = dt.datetime.combine(reference, dt.time(23, 59))  # strictly after the letter's day
    try:
        nxt = rrulestr(f"RRULE:{rule}", dtstart=dt.datetime.combine(reference, dt.time())).after(start)
    except ValueError:
        return rule, None
    if nxt is None:
        return rule, None
    return rule, (nxt if "BYHOUR" in rule else nxt.date())


_YEARLY_CUE_BEFORE = re.compile(r"(?:định\s+kỳ|tháng\s+\d{1,2}|\d{1,2}/\d{1,2}|thứ\s+\w+|giờ(?:\s+\d{1,2})?)\s*$", re.IGNORECASE)
_YEARLY_CUE_AFTER = re.compile(r"\s*(?:,|trước|chậm\s+nhất|vào|\(trước)", re.IGNORECASE)


def _describes_noun(text: str, match: re.Match[str]) -> bool:
    """'kế hoạch đầu tư công trung hạn, hằng năm vốn …', 'giai đoạn 5 năm và hằng năm': a yearly
    thing, not a yearly deadline (samples/README.md, recurring).

    A bare 'hằng năm' is a deadline when 'định kỳ' or a day comes before it ('trước ngày 20
    tháng 12 hằng năm'), when a day follows it ('hằng năm trước ngày 15/12'), or when it stands as
    its own clause ('…, hằng năm, Cục … chủ trì'). Otherwise it qualifies the noun before it.
    """
    if match.group(0).lower().startswith("định") or (match["period"] or "").lower() != "năm":
        return False
    before = text[:match.start()]
    after = text[match.end():]
    if re.fullmatch(r"[\s“\"'(]*(?:[a-zđ]\)|\d{1,2}[.)]|[-+])?\s*", before) or _YEARLY_CUE_BEFORE.search(before):
        # at the start of the unit, after any quote or list marker ('“a) Hằng năm, …')
        return False
    if re.search(r",\s*$", before) and re.match(r"\s*,", after):
        return False  # '…, hằng năm, …': an adverbial clause of its own
    if _YEARLY_CUE_AFTER.match(after) and not re.match(r"\s*,", after):
        return False
    return True


def _recurring(text: str, reference: dt.date) -> Found | None:
    match = next((m for m in RECURRING.finditer(text) if not _describes_noun(text, m)), None)
    if not match:
        return None
    period = match["period"] or match["period2"] or match["period3"]
    if not period:
        # 'Định kỳ trước ngày 15 tháng 11 hằng năm': the period is named further on
        following = re.search(r"(?:hằng|hàng|mỗi)\s+(tuần|tháng|quý|năm)", text[match.end():match.end() + 80], re.I) \
            or re.search(r"(tuần|tháng|quý|năm)(?!\s*\d)", text[match.end():match.end() + 40], re.I)
        if not following:
            return None
        period = following.group(1)
    # The day may come before the period ('trước ngày 15 tháng 12 hằng năm') or after it.
    rule, date = _rrule(text, period, reference)
    if rule is None:
        return None
    end = match.end()
    extra = re.match(r"[^.;]{0,80}?(?:trước|chậm\s+nhất|vào)\s+(?:ngày\s+)?\d{1,2}(?:\s*/\s*\d{1,2})?(?:\s+(?:tháng\s+cuối\s+quý|của\s+tháng\s+[^,.;]{0,30}|hằng\s+tháng))?", text[end:], re.I)
    if extra:
        end += extra.end()
    phrase = text[match.start():end].strip(" ,;.")
    return Found(Deadline(text=phrase, kind="recurring", date=date, rrule=rule), match.start(), end)


def find_deadline(text: str, letter_date: dt.date | None, received: dt.date) -> Found | None:
    """The one deadline a unit states, or None."""
    reference = letter_date or received
    recurring = _recurring(text, reference)
    if recurring:
        return recurring
    for finder in (lambda: _absolute(text, reference), lambda: _relative(text, received, letter_date)):
        found = finder()
        if found:
            return found
    event = EVENT.search(text)
    if event:
        return Found(Deadline(text=event.group(0).strip(" ,;."), kind="event", anchor="event"), event.start(), event.end())
    for match in URGENT.finditer(text):
        if match.group(0).lower() == "ngay" and _NOT_URGENT.match(text, match.start()):
            continue
        return Found(Deadline(text=match.group(0), kind="urgent"), match.start(), match.end())
    ongoing = ONGOING.search(text)
    if ongoing:
        return Found(Deadline(text=ongoing.group(0), kind="ongoing"), ongoing.start(), ongoing.end())
    return None
