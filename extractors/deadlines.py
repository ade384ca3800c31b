"""Deadline phrases and their normalised value, in two stages.

1. ``deadline_rules``: a table of named rules recognises a phrase into a language-free
   :class:`~congvan.extractors.deadline_spec.DeadlineSpec` ('the 30th of June', '5 working
   days from receipt', 'every quarter on the 15th').
2. ``deadline_spec.resolve``: a pure function turns the spec into dates against the letter's
   date, the date of receipt and the Vietnamese working calendar (``calendar.py``).

Kinds, by precedence when a unit holds several phrases (the rules' priorities): recurring
(hằng quý … trước ngày 15 tháng cuối quý) > absolute (trước ngày 30/6/2023, then tháng
12/2023, then quý III/2024 or năm 2025) > relative (trong 05 ngày làm việc kể từ ngày nhận)
> event (trước kỳ họp …) > urgent (khẩn trương, ngay) > ongoing (thường xuyên) > none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from congvan.extractors.deadline_rules import tiers
from congvan.extractors.deadline_spec import resolve
from congvan.models import Deadline


@dataclass(frozen=True)
class Found:
    """A deadline, where its phrase sits in the unit's text, and the rule that read it."""

    deadline: Deadline
    start: int
    end: int
    rule: str = ""


def find_deadline(text: str, letter_date: dt.date | None, received: dt.date) -> Found | None:
    """The one deadline a unit states, or None.

    Rules of one priority compete by position (earliest phrase first); the first candidate that
    resolves to a real value wins.
    """
    for tier in tiers():
        candidates = sorted((c for rule in tier for c in rule.candidates(text)), key=lambda c: c.start)
        for candidate in candidates:
            deadline = resolve(candidate.spec, letter_date, received, phrase=candidate.phrase)
            if deadline is not None:
                return Found(deadline, candidate.start, candidate.end, candidate.rule)
    return None


_RANGE_END = re.compile(r"\s*(?:[-–—]|\bđến\b)\s*")
_LIST_END = re.compile(r"\s*(?:,|\bvà\b)\s*")
_PERIOD_UNIT = re.compile(r"^(?:quý|tháng)\b", re.IGNORECASE)
_BARE_YEAR = re.compile(r"^(?:năm\s+)?(\d{4})$", re.IGNORECASE)
# How a time column's bare cell reads as a phrase the rules know: 'Tháng 6/2026' is 'trong tháng
# 6/2026', '31/12/2025' is 'trước ngày 31/12/2025', 'Kỳ họp thứ 10' is 'trước Kỳ họp thứ 10'.
_CELL_READINGS = ("trong ", "trước ngày ", "trước ")


def cell_deadline(cell: str, letter_date: dt.date | None, received: dt.date) -> Found | None:
    """The deadline of a time column's cell in an assignment table (samples/README.md).

    A cell under 'Thời gian hoàn thành' is a deadline by where it stands, so it needs none of the
    words ('trước', 'trong') a sentence uses to say so: the cell is read as it is, then as the
    phrase a sentence would write; a range ('Tháng 10 - Tháng 12/2025') is due at its end. The
    deadline's text is the cell as written, whichever reading resolved it.
    """
    text = cell.strip(" .;,")
    if not text:
        return None
    pieces = [p for p in _RANGE_END.split(text) if p]
    parts = [pieces[-1], text] if len(pieces) > 1 else [text]
    listed = [p for p in _LIST_END.split(text) if p]
    if len(listed) > 1:
        # 'Tháng 5 và tháng 6/2026', 'Quý I, II/2026': a list of periods is due at its last, which
        # borrows the first one's unit when it has none of its own
        unit = _PERIOD_UNIT.match(listed[0])
        last = listed[-1] if _PERIOD_UNIT.match(listed[-1]) or unit is None else f"{unit.group(0)} {listed[-1]}"
        parts.insert(-1, last)
    for part in parts:
        year = _BARE_YEAR.match(part)
        readings = [f"trong năm {year.group(1)}"] if year else [part, *(prefix + part for prefix in _CELL_READINGS)]
        for reading in readings:
            found = find_deadline(reading, letter_date, received)
            if found is not None:
                return Found(found.deadline.model_copy(update={"text": text}), 0, len(cell), found.rule)
    return None
