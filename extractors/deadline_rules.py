"""Stage one of a deadline: the rule table that recognises a phrase into a :class:`DeadlineSpec`.

Each rule is a named value: its pattern (built from the words in
``congvan/data/deadline_words.tsv``), the spec it produces, its priority, and the sentences
it must and must not decide. Rules run by priority (lower first); rules of equal priority
compete by position, the earliest phrase winning. A rule's candidate is kept only if stage
two (``deadline_spec.resolve``) can give it a real date: '31/02' is recognised and dropped.

To add a phrase, add its words to the data file; to add a kind of phrase, add a rule here
with examples: ``tests/test_rule_tables.py`` runs every example.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from congvan.extractors.dates import date_word
from congvan.extractors.deadline_spec import DeadlineSpec, Recurrence
from congvan.extractors.options import WINDOWS
from congvan.extractors.rules import Example, RuleInfo, alternation, check_unique, exact_alternation, phrase_pattern
from congvan.lexicon import word_values, words

_FILE = "deadline_words.tsv"


def _w(category: str) -> str:
    return alternation(words(_FILE, category))


def _literal(category: str) -> str:
    """Phrases matched with exactly one space between words (numbers, frame checks on the match)."""
    return exact_alternation(words(_FILE, category))


@dataclass(frozen=True)
class Candidate:
    """A recognised phrase: what it means, where it is, and which rule read it."""

    spec: DeadlineSpec
    start: int
    end: int
    phrase: str
    rule: str = ""


@dataclass(frozen=True, kw_only=True)
class DeadlineRule(RuleInfo):
    """A deadline rule: a pattern and the function that turns its matches into candidates."""

    pattern: re.Pattern[str]
    recognise: Callable[[re.Pattern[str], str], Iterator[Candidate]]

    def candidates(self, text: str) -> Iterator[Candidate]:
        for candidate in self.recognise(self.pattern, text):
            yield Candidate(candidate.spec, candidate.start, candidate.end, candidate.phrase, self.name)


# -- patterns ---------------------------------------------------------------------------------

_BEFORE = rf"(?:{_w('lead_in')}\s+)?{_w('before')}"
_CLOCK = (rf"(?:(?P<hh>\d{{1,2}})\s*{_w('clock_hour')}\s*(?P<mm>\d{{1,2}})?\s*(?:{_w('clock_minute')})?\s*(?:,\s*)?"
          rf"(?:{_w('day_part')})?\s*(?:,\s*)?)?")
_DAY, _MONTH, _YEAR = date_word("day"), date_word("month"), date_word("year")
_WEEKDAY_HEAD = _w("weekday_head")
_DATE = (
    rf"(?:{_DAY}\s+)?(?P<d>\d{{1,2}})\s*(?:/|-|\.|\s+{_MONTH}\s+)\s*(?P<m>\d{{1,2}})"
    rf"(?:\s*(?:/|-|\.|\s+{_YEAR}\s+)\s*(?P<y>\d{{4}}))?(?!\s*[/\d])"
)
_NUM = r"(?:\d{1,3}|" + _literal("number")[3:]
_UNITS = word_values(_FILE, "unit")
_WEEKDAYS = word_values(_FILE, "weekday")
_QUARTERS = word_values(_FILE, "quarter")
_NUMBERS = word_values(_FILE, "number")

ABSOLUTE = re.compile(rf"\b{_BEFORE}\s+{_CLOCK}(?:{_WEEKDAY_HEAD}\s+\w+\s*,?\s*)?{_DATE}", re.IGNORECASE)
MONTH = re.compile(rf"\b{_BEFORE}\s+(?:{_MONTH}\s+)(?P<m>\d{{1,2}})\s*(?:/|\s+{_YEAR}\s+)\s*(?P<y>\d{{4}})", re.IGNORECASE)
QUARTER = re.compile(rf"\b(?:{_BEFORE}\s+)?{_w('quarter_head')}\s+(?P<q>{_w('quarter')})\s*(?:/|\s+{_YEAR}\s+)\s*(?P<y>\d{{4}})", re.IGNORECASE)
YEAR = re.compile(rf"\b{_w('year_before')}\s+{_YEAR}\s+(?P<y>20\d\d)\b", re.IGNORECASE)
# 'trong 6 tháng đầu năm 2026', 'trước 6 tháng cuối năm 2025': part of a named year, not a span from
# receipt; without 'trong' / 'trước' ('kết quả 6 tháng đầu năm 2024') it names a period, no deadline
PART_OF_YEAR = re.compile(
    rf"\b(?:{_BEFORE}|{_w('part_of_year_lead')})\s+(?P<n>{_NUM})\s+{_MONTH}\s+"
    rf"(?P<side>{_w('part_of_year_first')}|{_w('part_of_year_last')})\s+{_YEAR}\s+(?P<y>\d{{4}})", re.IGNORECASE)
_PART_FIRST = re.compile(rf"^{_w('part_of_year_first')}$", re.IGNORECASE)
RELATIVE = re.compile(
    rf"\b(?:(?:{_w('relative_frame')}|{_w('relative_lead')})\s+){{0,2}}(?:{_w('relative_span')}\s+)?(?:{_w('relative_cap')}\s+)?"
    rf"(?P<n>{_NUM})\s+(?P<unit>{_w('unit')})"
    rf"(?P<anchor>\s*,?\s*{_w('relative_from')}\s+{_w('relative_from_what')}\s*(?P<what>[^,.;]{{0,120}}))?",
    re.IGNORECASE,
)
# 'chậm nhất là 10 ngày trước ngày khai mạc kỳ họp': a duration before an event of the procedure
BEFORE_EVENT = re.compile(
    rf"\b(?:(?:{_w('relative_frame')}|{_w('before_event_frame')})\s+(?:là\s+)?)?"
    rf"(?P<n>{_NUM})\s+(?P<unit>{_w('unit')})\s+(?:{_w('before_event')})\s+"
    rf"(?P<what>(?:{_w('relative_from_what')}|{_w('event')})\b[^,.;]{{0,120}})",
    re.IGNORECASE,
)
_CONDITION = re.compile(rf"[\s“\"'(]*(?:[a-zđ]\)|\d{{1,2}}[.)]|[-+])?\s*(?:{_w('condition_opener')})\b", re.IGNORECASE)
_ANCHOR_STOP = re.compile(rf"\s*(?:{_w('anchor_stop')})", re.IGNORECASE)
_RECEIPT = re.compile(rf"(?P<who>.*?)\b(?:{_w('anchor_receipt')})\b(?:\s+(?:{_w('anchor_receipt_aux')})\b)?\s*(?P<object>.*)",
                      re.IGNORECASE | re.DOTALL)
_THIS = re.compile(rf"\b(?:{_w('anchor_this')})\b", re.IGNORECASE)
_LETTER = re.compile(rf"(?:{_w('anchor_letter')})", re.IGNORECASE)
_AUX = re.compile(rf"(?:\s*\b(?:{_w('anchor_receipt_aux')}|đã)\b)*\s*", re.IGNORECASE)
_EVERY = _w("every")
RECURRING = re.compile(
    rf"\b(?:{_w('periodic')}\s+)?{_EVERY}\s+(?P<period>{_w('period')})\b"
    rf"|\b{_w('periodic')}(?:\s+(?P<period2>{_w('half_year')}|{_w('every_periodic')}\s+\w+|\d+\s+{_MONTH}))?\b"
    rf"|\b(?P<period3>{_w('period_once')})\s+{_w('once')}\b",
    re.IGNORECASE,
)
_IMMEDIATELY = _w("immediately")
_NOT_AFTER_IMMEDIATELY = "".join(rf"(?<!{phrase_pattern(w)}\s)" for w in words(_FILE, "immediately"))
EVENT = re.compile(rf"\b{_NOT_AFTER_IMMEDIATELY}{_w('event_before')}\s+{_w('event')}[^,.;]{{0,80}}", re.IGNORECASE)
URGENT = re.compile(rf"\b{_w('urgent')}\b", re.IGNORECASE)
ONGOING = re.compile(rf"\b(?:{_w('ongoing')}|{_w('ongoing_throughout')}\s+[^,.;]{{3,60}})", re.IGNORECASE)
_NOT_URGENT = re.compile(rf"\b{_IMMEDIATELY}\s+{_w('not_urgent_after_ngay')}\b", re.IGNORECASE)  # 'ngay sau khi …' is urgent
# Words before 'đến ngày X' that make X the date data is counted to, not a deadline.
_CUTOFF = re.compile(rf"{_w('cutoff')}\s+$", re.IGNORECASE)
_CUTOFF_TO = re.compile("|".join(rf"{phrase_pattern(p)}\s+(?!{phrase_pattern(v)})" for p, v in word_values(_FILE, "cutoff_to").items()), re.I)
_FRAME_AT_START = re.compile(_literal("relative_frame") + r"\b")
_MEETING_HEAD = re.compile(_w("meeting_head"), re.IGNORECASE)
_DEADLINE_MARK = re.compile(_w("deadline_mark"), re.IGNORECASE)
_COMPLETION = re.compile(_w("completion"), re.IGNORECASE)


def _phrase(match: re.Match[str]) -> str:
    return match.group(0).strip(" ,;.")


# -- recognisers: text → candidates, no dates involved ----------------------------------------


def _absolute_date(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        if _CUTOFF_TO.match(match.group(0)) and _CUTOFF.search(text, 0, match.start()):
            continue  # 'số lượng … có mặt đến ngày 31/12/2023': the data's cut-off date, not a deadline
        head = match.group(0).split()[0]
        if _MEETING_HEAD.fullmatch(head) and not _DEADLINE_MARK.search(match.group(0)) \
                and not _COMPLETION.search(text[max(0, match.start() - WINDOWS.completion_lookback):match.start()]):
            continue  # 'vào ngày 09/11/2024' is a meeting date, not a deadline, unless it says 'hoàn thành'
        if not match["y"] and "." in text[match.start("d"):match.start("m")] and not re.search(_DAY, match.group(0), re.IGNORECASE):
            continue  # 'từ 5.1 đến 5.8': numbered criteria, not a day and month
        hour = int(match["hh"]) if match["hh"] else None
        spec = DeadlineSpec(kind="absolute", day=int(match["d"]), month=int(match["m"]),
                            year=int(match["y"]) if match["y"] else None,
                            hour=hour, minute=int(match["mm"] or 0) if hour is not None else None)
        yield Candidate(spec, match.start(), match.end(), _phrase(match))


def _absolute_month(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        yield Candidate(DeadlineSpec(kind="absolute", month=int(match["m"]), year=int(match["y"])),
                        match.start(), match.end(), _phrase(match))


def _part_of_year(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        months = _number(match["n"])
        if not 1 <= months <= 11:
            continue
        month = months if _PART_FIRST.match(match["side"]) else 12
        yield Candidate(DeadlineSpec(kind="absolute", month=month, year=int(match["y"])),
                        match.start(), match.end(), _phrase(match))


def _absolute_quarter(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        quarter = int(_QUARTERS[match["q"].lower()])
        yield Candidate(DeadlineSpec(kind="absolute", quarter=quarter, year=int(match["y"])),
                        match.start(), match.end(), _phrase(match))


def _absolute_year(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        yield Candidate(DeadlineSpec(kind="absolute", year=int(match["y"])), match.start(), match.end(), _phrase(match))


def _number(text: str) -> int:
    text = text.lower().strip()
    return int(text) if text.isdigit() else int(_NUMBERS.get(text, 0))


def _anchor(what: str | None) -> str:
    """What a duration counts from: receipt (the default), signing, or an event.

    'kể từ ngày nhận được' counts from the letter's receipt only when what is received is the
    letter itself: nothing named, 'văn bản này', or a bare 'công văn'. 'nhận đủ hồ sơ', 'nhận
    được Tờ trình của Sở …', 'cơ quan … nhận được phản ánh' count from a step of a procedure:
    an event, with no date (samples/README.md, relative).
    """
    if not what:
        return "receipt"
    receipt = _RECEIPT.match(what)
    if receipt:
        if _AUX.fullmatch(receipt["who"]) is None:
            return "event"  # someone else receives: 'kể từ ngày cơ quan có thẩm quyền nhận được …'
        thing = receipt["object"].strip()
        if not thing or _THIS.search(thing) or _LETTER.fullmatch(thing):
            return "receipt"
        return "event"
    if any(w in what.lower() for w in words(_FILE, "anchor_signing")):
        return "signing"
    return "event"


def _anchor_end(match: re.Match[str]) -> int:
    """Where a relative phrase ends: its anchor clause stops before a qualifier ('theo quy định',
    'quy định tại khoản 3', '(kèm theo …)', a modal 'phải' opening the main clause)."""
    if not match["what"]:
        return match.end()
    stop = _ANCHOR_STOP.search(match["what"])
    return match.start("what") + stop.start() if stop else match.end()


def _duration(match: re.Match[str]) -> tuple[int, str, bool]:
    """A duration's amount, ISO unit letter and whether it counts working days ('05 ngày làm việc')."""
    unit, _, working = _UNITS[" ".join(match["unit"].lower().split())].partition(" ")
    return _number(match["n"]), unit, working == "working"


def _relative_candidate(match: re.Match[str], text: str, end: int, n: int, unit: str, working: bool, anchor: str) -> Candidate:
    spec = DeadlineSpec(kind="relative", amount=n, unit=unit, working_days=working, anchor=anchor)  # type: ignore[arg-type]
    return Candidate(spec, match.start(), end, text[match.start():end].strip(" ,;."))


def _before_event(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    """A duration before a step or event ('10 ngày trước ngày khai mạc kỳ họp'): relative, counted
    back from that event, so its anchor is the event and its date unknown here."""
    for match in pattern.finditer(text):
        n, unit, working = _duration(match)
        if n <= 0 or unit == "Y":
            continue
        yield _relative_candidate(match, text, _anchor_end(match), n, unit, working, "event")
        return


def _relative(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    for match in pattern.finditer(text):
        head = match.group(0).lower()
        if not (_FRAME_AT_START.match(head) or match["anchor"]):
            continue  # '05 ngày' alone is a length, not a deadline
        n, unit, working = _duration(match)
        if n <= 0 or (unit == "Y" and not match["anchor"]):
            continue  # 'trong 5 năm' without an anchor is a programme's span
        end = _anchor_end(match)
        what = text[match.start("what"):end] if match["what"] else None
        # 'Trường hợp hồ sơ chưa hợp lệ, trong thời hạn 03 ngày làm việc, cơ quan … thông báo': a
        # rule of a procedure, counted from the step before it, not from this letter's receipt
        anchor = "event" if not match["anchor"] and _CONDITION.match(text) else _anchor(what)
        yield _relative_candidate(match, text, end, n, unit, working, anchor)
        return


_HOUR = _w("hour_word")
_YEARLY_CUE_BEFORE = re.compile(
    rf"(?:{_w('periodic')}|{_MONTH}\s+\d{{1,2}}|\d{{1,2}}/\d{{1,2}}|{_WEEKDAY_HEAD}\s+\w+|{_HOUR}(?:\s+\d{{1,2}})?)\s*$", re.IGNORECASE)
_YEARLY_CUE_AFTER = re.compile(
    r"\s*(?:,|" + alternation([*words(_FILE, "yearly_day_before"), *words(_FILE, "yearly_cue_after")]) + ")", re.IGNORECASE)


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


_WEEKDAY_ALONE = words(_FILE, "weekday_alone")
_WEEKDAY = re.compile(
    rf"{_WEEKDAY_HEAD}\s+({alternation(w for w in _WEEKDAYS if w not in _WEEKDAY_ALONE)})|{alternation(_WEEKDAY_ALONE)}", re.IGNORECASE)
_RECURRENCE_DAY = re.compile(
    rf"{_w('yearly_day_before')}\s+(?:{_w('yearly_at')}\s+)?(?:{_DAY}\s+)?(?P<d>\d{{1,2}})(?!\s*(?:{_HOUR}|h\b))"
    rf"(?:(?:\s*/\s*|\s+{_MONTH}\s+)(?P<m>\d{{1,2}})(?!\s*/\s*\d{{4}}))?", re.I)
_QUARTER_FIRST_MONTH = re.compile(_w("quarter_first_month"), re.I)
_QUARTER_SECOND_MONTH = re.compile(_w("quarter_second_month"), re.I)
_EVERY_PERIOD = re.compile(rf"{_EVERY}\s+({_w('period_word')})", re.I)
_PERIOD_WORD = re.compile(rf"({_w('period_word')})(?!\s*\d)", re.I)
# The day of a recurrence written after its period ('hằng năm (trước ngày 31 tháng 12)', 'hằng
# tháng, trước ngày 20'): part of the phrase. The gap before it holds no clause break (',' then
# more words), so 'định kỳ hằng năm về Bộ Tư pháp để tổng hợp, báo cáo … trước ngày 31' stops at
# 'hằng năm'.
_DAY_MONTH_TAIL = rf"(?:\s*/\s*\d{{1,2}}|\s+{_MONTH}\s+\d{{1,2}}(?!\s*(?:/|{_YEAR})\s*\d))?"
_RECURRENCE_DAY_AFTER = re.compile(
    rf"(?:\s*,)?[^.;,]{{0,40}}?{_w('yearly_day_before')}\s+(?:{_DAY}\s+)?\d{{1,2}}{_DAY_MONTH_TAIL}"
    rf"(?:\s+(?:{_w('day_of_period')}|{_w('day_of_named_month')}\s+[^,.;]{{0,30}}))?\)?", re.I)
# The day of a recurrence written just before it ('trước ngày 20 tháng 12 hằng năm'): the phrase
# starts there (samples/README.md, recurring).
_RECURRENCE_DAY_BEFORE = re.compile(
    rf"{_w('yearly_day_before')}\s+(?:{_w('yearly_at')}\s+)?(?:{_DAY}\s+)?\d{{1,2}}{_DAY_MONTH_TAIL}\s*$", re.I)
# A second period joined to the first ('Định kỳ 6 tháng và hằng năm'): one phrase, the first's rule.
_AND_PERIOD = re.compile(rf"\s+(?:và|hoặc)\s+{_EVERY}\s+(?:{_w('period')})\b", re.I)
_CLOCK_TIME = re.compile(rf"(?P<h>\d{{1,2}})\s*(?:{_HOUR}|h)\s*(?P<mm>\d{{2}})?", re.I)


def _recurrence(text: str, period: str) -> Recurrence | None:
    """The recurrence a unit states for ``period``; the day may sit before or after the period.

    When no day is written ('định kỳ hằng quý'), the report is due at the end of each period
    (BYMONTHDAY=-1), so a tracker still gets a date to sort by.
    """
    period = period.lower()
    day_match = _RECURRENCE_DAY.search(text)
    day = int(day_match["d"]) if day_match else None
    month = int(day_match["m"]) if day_match and day_match["m"] else None
    clock = _CLOCK_TIME.search(text)
    weekday = _WEEKDAY.search(text)
    month_day = day if day else -1
    if "tuần" in period:
        code = None
        if weekday:
            code = "SU" if weekday.group(0).lower().startswith("chủ") else _WEEKDAYS[weekday.group(1).lower()]
        return Recurrence("WEEKLY", by_day=code)
    if "ngày" in period:
        if clock and int(clock["h"]) < 24:
            return Recurrence("DAILY", by_hour=int(clock["h"]), by_minute=int(clock["mm"] or 0))
        return Recurrence("DAILY")
    if "quý" in period:
        months: tuple[int, ...] = (3, 6, 9, 12)
        if _QUARTER_FIRST_MONTH.search(text):
            months = (1, 4, 7, 10)
        elif _QUARTER_SECOND_MONTH.search(text):
            months = (2, 5, 8, 11)
        return Recurrence("MONTHLY", by_month=months, by_month_day=month_day)
    if "6" in period or "sáu" in period:
        if day and month:
            other = (month + 6 - 1) % 12 + 1
            return Recurrence("YEARLY", by_month=(min(month, other), max(month, other)), by_month_day=day)
        return Recurrence("MONTHLY", by_month=(6, 12), by_month_day=-1)
    if "năm" in period:
        if day and month:
            return Recurrence("YEARLY", by_month=(month,), by_month_day=day)
        return Recurrence("YEARLY", by_month=(12,), by_month_day=31)
    if "tháng" in period:
        return Recurrence("MONTHLY", by_month_day=month_day)
    return None


def _recurring(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    match = next((m for m in pattern.finditer(text) if not _describes_noun(text, m)), None)
    if not match:
        return
    period = match["period"] or match["period2"] or match["period3"]
    end = match.end()
    if not period:
        # 'Định kỳ trước ngày 15 tháng 11 hằng năm': the period is named further on
        # within its own clause: 'Báo cáo theo định kỳ, kiểm kê hàng năm' has no period for 'định kỳ'
        clause = re.split(r"[,;.]", text[match.end():], maxsplit=1)[0]
        following = _EVERY_PERIOD.search(clause[:WINDOWS.period_lookahead]) \
            or _PERIOD_WORD.search(clause[:WINDOWS.period_word_lookahead])
        if not following:
            # 'Định kỳ rà soát, kiểm tra …': recurring with no rule (samples/README.md)
            yield Candidate(DeadlineSpec(kind="recurring"), match.start(), match.end(), match.group(0).strip())
            return
        period = following.group(1)
        if _EVERY_PERIOD.match(following.group(0)) or _RECURRENCE_DAY_AFTER.match(text[match.end():match.end() + following.start()]):
            end = match.end() + following.end()
    recurrence = _recurrence(text, period)
    if recurrence is None:
        return
    joined = _AND_PERIOD.match(text, end)
    if joined:
        end = joined.end()
    extra = _RECURRENCE_DAY_AFTER.match(text[end:])
    if extra:
        end += extra.end()
    start = match.start()
    day_before = _RECURRENCE_DAY_BEFORE.search(text, 0, start)
    if day_before and not match.group(0).lower().startswith(words(_FILE, "periodic")[0]):
        start = day_before.start()
    yield Candidate(DeadlineSpec(kind="recurring", recurrence=recurrence), start, end, text[start:end].strip(" ,;."))


def _kind_only(kind: str, strip: bool) -> Callable[[re.Pattern[str], str], Iterator[Candidate]]:
    """A recogniser for kinds that carry no date: every match is a candidate of ``kind``."""
    def recognise(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
        for match in pattern.finditer(text):
            spec = DeadlineSpec(kind=kind, anchor="event" if kind == "event" else None)  # type: ignore[arg-type]
            yield Candidate(spec, match.start(), match.end(), _phrase(match) if strip else match.group(0))
    return recognise


_EVENT_STOP = re.compile(rf"\s+(?:{_w('event_stop')})\b", re.IGNORECASE)


_EVENT_FRAME = re.compile(rf"^\S+\s+khi\s+(?:{_w('event_frame')})\b", re.IGNORECASE)


def _event(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    """'trước khi ban hành và ban hành theo thẩm quyền' → 'trước khi ban hành': the phrase runs to
    the end of the act it names, not into the next verb or a purpose ('để …', 'theo …'). 'Sau khi
    nghe báo cáo …' frames a meeting's conclusions and is no deadline."""
    for match in pattern.finditer(text):
        if _EVENT_FRAME.match(match.group(0)):
            continue
        stop = _EVENT_STOP.search(match.group(0))
        end = match.start() + stop.start() if stop else match.end()
        yield Candidate(DeadlineSpec(kind="event", anchor="event"), match.start(), end, text[match.start():end].strip(" ,;."))


_ONGOING_DESCRIBES = re.compile(rf"\b(?:{_w('ongoing_describes')})\s*,?\s*$", re.IGNORECASE)


def _ongoing(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    """'thường xuyên kiểm tra' is a standing duty; 'chi thường xuyên' (a budget line) and 'hoạt động
    ổn định, liên tục' (how a service runs) qualify a noun and set no deadline."""
    for candidate in _kind_only("ongoing", strip=False)(pattern, text):
        if _ONGOING_DESCRIBES.search(text, 0, candidate.start):
            continue
        yield candidate


_EVENT_AFTER = re.compile(rf"\s+{_w('event_before')}\s+{_w('event')}[^,.;]{{0,80}}", re.IGNORECASE)


def _urgent(pattern: re.Pattern[str], text: str) -> Iterator[Candidate]:
    """'khẩn trương', 'ngay'; 'ngay sau khi phát hiện' is urgent and its phrase runs to the end of the
    event it follows (samples/README.md, urgent), cut like an event phrase."""
    for candidate in _kind_only("urgent", strip=False)(pattern, text):
        if candidate.phrase.lower() == "ngay" and _NOT_URGENT.match(text, candidate.start):
            continue  # 'ngay từ đầu', 'ngay tại chỗ': 'ngay' as 'right', not 'at once'
        event = _EVENT_AFTER.match(text, candidate.end) if candidate.phrase.lower() == "ngay" else None
        if event:
            stop = _EVENT_STOP.search(event.group(0))
            end = candidate.end + (stop.start() if stop else len(event.group(0)))
            yield Candidate(candidate.spec, candidate.start, end, text[candidate.start:end].strip(" ,;."))
            continue
        yield candidate


# -- the table --------------------------------------------------------------------------------

RULES: tuple[DeadlineRule, ...] = (
    DeadlineRule(
        name="deadline.recurring", priority=10, pattern=RECURRING, recognise=_recurring,
        why="A repeating report (hằng quý, định kỳ 6 tháng) is recurring even when it also names a day.",
        examples=(
            Example("định kỳ hằng quý, trước ngày 15 tháng cuối quý",
                    {"date": "2023-06-15", "rrule": "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=15"}),
            Example("hằng năm trước ngày 15/12", {"date": "2023-12-15"}),
            Example("hằng tháng trước ngày 20", {"date": "2023-05-20", "rrule": "FREQ=MONTHLY;BYMONTHDAY=20"}),
            Example("báo cáo hằng tuần vào thứ sáu", {"rrule": "FREQ=WEEKLY;BYDAY=FR"}),
            Example("Định kỳ 6 tháng một lần báo cáo kết quả", {"rrule": "FREQ=MONTHLY;BYMONTH=6,12;BYMONTHDAY=-1"}),
        ),
        counter_examples=(
            "lập kế hoạch đầu tư công trung hạn, hằng năm vốn ngân sách địa phương",
            "báo cáo UBND tỉnh trước ngày 30/6/2023.",
        ),
    ),
    DeadlineRule(
        name="deadline.absolute.date", priority=20, pattern=ABSOLUTE, recognise=_absolute_date,
        why="A day and month after a 'before' word; a missing year is the letter's, or next year's if that month has passed.",
        examples=(
            Example("báo cáo UBND tỉnh trước ngày 30/6/2023.", {"date": "2023-06-30"}),
            Example("chậm nhất ngày 15 tháng 7 năm 2024", {"date": "2024-07-15"}),
            Example("gửi về trước 16 giờ 00 ngày 20/5", {"date": "2023-05-20T16:00:00"}),
            Example("trước ngày 15/01", {"date": "2024-01-15"}),
            Example("hoàn thành vào ngày 09/11/2024", {"date": "2024-11-09"}),
        ),
        counter_examples=(
            "Thời gian: vào lúc 08 giờ 00 phút, ngày 09/11/2024",
            "số lượng học sinh có mặt đến ngày 31/12/2023",
            "trước ngày 31/02/2024",
        ),
    ),
    DeadlineRule(
        name="deadline.absolute.month", priority=30, pattern=MONTH, recognise=_absolute_month,
        why="A month and year is due at the month's last day.",
        examples=(Example("hoàn thành trong tháng 12/2023", {"date": "2023-12-31"}),),
        counter_examples=("trong tháng 13/2023",),
    ),
    DeadlineRule(
        name="deadline.absolute.quarter", priority=40, pattern=QUARTER, recognise=_absolute_quarter,
        why="A quarter is due at its last month's last day; it competes with a bare year by position.",
        examples=(Example("hoàn thành trong quý III/2024", {"date": "2024-09-30"}),
                  Example("trình UBND tỉnh trong quý 2 năm 2024", {"date": "2024-06-30"})),
        counter_examples=("trong quý này",),
    ),
    DeadlineRule(
        name="deadline.absolute.part_of_year", priority=40, pattern=PART_OF_YEAR, recognise=_part_of_year,
        why="'6 tháng đầu năm 2026' is the first half of that year, due at its last month's end; "
            "'… cuối năm 2025' at the year's end. Read before the span rule, which would count 6 months from receipt.",
        examples=(Example("hoàn thành trong 6 tháng đầu năm 2026", {"date": "2026-06-30"}),
                  Example("trong 6 tháng cuối năm 2025", {"date": "2025-12-31"})),
        counter_examples=("trong 6 tháng kể từ ngày nhận được văn bản", "báo cáo kết quả 6 tháng đầu năm 2024"),
    ),
    DeadlineRule(
        name="deadline.absolute.year", priority=40, pattern=YEAR, recognise=_absolute_year,
        why="A whole year after a 'before' word is due on 31 December.",
        examples=(Example("hoàn thành trước năm 2026", {"date": "2026-12-31"}),),
        counter_examples=("giai đoạn 2021 - 2025",),
    ),
    DeadlineRule(
        name="deadline.relative.before_event", priority=45, pattern=BEFORE_EVENT, recognise=_before_event,
        why="'chậm nhất là 10 ngày trước ngày khai mạc kỳ họp': a duration counted back from an event; "
            "read before the forward rule, which would count it from receipt.",
        examples=(
            Example("gửi báo cáo chậm nhất là 10 ngày trước ngày khai mạc kỳ họp",
                    {"duration": "P10D", "anchor": "event", "date": None}),
            Example("gửi đề cương chậm nhất 07 ngày làm việc trước ngày làm việc với Đoàn giám sát",
                    {"duration": "P7D", "working_days": True, "anchor": "event"}),
            Example("gửi báo cáo chậm nhất 20 ngày trước phiên họp của Ủy ban Thường vụ Quốc hội",
                    {"duration": "P20D", "anchor": "event"}),
        ),
        counter_examples=("trước ngày 30/6/2026", "trong thời hạn 05 ngày kể từ ngày nhận được văn bản"),
    ),
    DeadlineRule(
        name="deadline.relative", priority=50, pattern=RELATIVE, recognise=_relative,
        why="A duration with a frame ('trong', 'chậm nhất') or an anchor ('kể từ ngày nhận'), counted on the working calendar.",
        examples=(
            Example("trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản",
                    {"date": "2023-05-10", "duration": "P5D", "working_days": True, "anchor": "receipt"}),
            Example("trong vòng 10 ngày kể từ ngày ký", {"date": "2023-05-07", "anchor": "signing"}),
            Example("không muộn hơn 08 giờ làm việc", {"duration": "PT8H", "date": None}),
        ),
        counter_examples=("có 05 ngày nghỉ phép", "thực hiện trong 5 năm"),
    ),
    DeadlineRule(
        name="deadline.event", priority=60, pattern=EVENT, recognise=_event,
        why="'trước / sau' an event (kỳ họp, Hội nghị, Tết): the date is the event's, unknown here.",
        examples=(Example("báo cáo trước kỳ họp thứ 15 HĐND tỉnh", {"anchor": "event"}),),
        counter_examples=("thực hiện ngay sau khi có kết quả",),
    ),
    DeadlineRule(
        name="deadline.urgent", priority=70, pattern=URGENT, recognise=_urgent,
        why="'khẩn trương', 'ngay': at once, no date.",
        examples=("khẩn trương triển khai", "thực hiện ngay sau khi có kết quả"),
        counter_examples=("quán triệt ngay từ đầu năm học",),
    ),
    DeadlineRule(
        name="deadline.ongoing", priority=80, pattern=ONGOING, recognise=_ongoing,
        why="'thường xuyên', 'trong suốt …': a standing duty, no date; not when it qualifies a noun ('chi thường xuyên').",
        examples=("thường xuyên kiểm tra", "trong suốt thời gian diễn ra kỳ thi"),
        counter_examples=("kiểm tra, giám sát việc thực hiện", "bảo đảm kinh phí đầu tư, chi thường xuyên từ ngân sách",
                          "bảo đảm thiết bị hoạt động ổn định, liên tục 24/7"),
    ),
)
check_unique(rule.name for rule in RULES)


def tiers() -> list[list[DeadlineRule]]:
    """The rules grouped by priority, lowest first."""
    grouped: dict[int, list[DeadlineRule]] = {}
    for rule in sorted(RULES, key=lambda r: r.priority):
        grouped.setdefault(rule.priority, []).append(rule)
    return list(grouped.values())
