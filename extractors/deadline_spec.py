"""Stage two of a deadline: a language-free spec resolved against the letter's dates.

Stage one (``deadline_rules``) reads Vietnamese and says *what* a phrase means: "the 30th
of June", "5 working days from receipt", "every quarter on the 15th". This module says
*when* that is, for one letter: it knows nothing of Vietnamese, only of the letter date, the
date of receipt and the working calendar (``calendar.py``). Keeping the two apart is what
dateparser does too: a new phrase is a new rule, a new calendar is a new resolver, and each
is tested without the other.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from dateutil.rrule import rrulestr

from congvan.extractors.calendar import add_duration
from congvan.models import Deadline
from congvan.models.document import Anchor, DeadlineKind

Unit = Literal["D", "W", "M", "Y", "H"]
Frequency = Literal["DAILY", "WEEKLY", "MONTHLY", "YEARLY"]


@dataclass(frozen=True)
class Recurrence:
    """An RFC 5545 recurrence, field by field (None: not constrained)."""

    frequency: Frequency
    by_month: tuple[int, ...] = ()
    by_month_day: int | None = None  # -1: the last day of the month
    by_day: str | None = None  # MO … SU
    by_hour: int | None = None
    by_minute: int | None = None

    def rrule(self) -> str:
        """The rule as RFC 5545 text, parts in a fixed order so equal rules print equally."""
        parts = [f"FREQ={self.frequency}"]
        if self.by_month:
            parts.append("BYMONTH=" + ",".join(str(m) for m in self.by_month))
        if self.by_month_day is not None:
            parts.append(f"BYMONTHDAY={self.by_month_day}")
        if self.by_day:
            parts.append(f"BYDAY={self.by_day}")
        if self.by_hour is not None:
            parts.append(f"BYHOUR={self.by_hour};BYMINUTE={self.by_minute or 0}")
        return ";".join(parts)


@dataclass(frozen=True)
class DeadlineSpec:
    """What a deadline phrase means, with no words left in it.

    absolute: ``day``/``month``/``year`` (a missing day means the end of that month, a missing
    month the end of the year; ``quarter`` the end of its last month), optional ``hour``/``minute``.
    relative: ``amount`` ``unit`` (``working_days``) after ``anchor``. recurring: ``recurrence``.
    event, urgent, ongoing: the kind alone (an event deadline anchors on the event).
    """

    kind: DeadlineKind
    day: int | None = None
    month: int | None = None
    year: int | None = None
    quarter: int | None = None
    hour: int | None = None
    minute: int | None = None
    amount: int | None = None
    unit: Unit | None = None
    working_days: bool = False
    anchor: Anchor | None = None
    recurrence: Recurrence | None = None

    @property
    def duration(self) -> str | None:
        """ISO 8601 duration of a relative spec ('P5D', 'PT8H')."""
        if self.amount is None or self.unit is None:
            return None
        return f"PT{self.amount}H" if self.unit == "H" else f"P{self.amount}{self.unit}"


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, _cal.monthrange(year, month)[1])


def resolve_day(month: int, day: int, year: int | None, reference: dt.date) -> dt.date | None:
    """A date whose year may be omitted: the letter's year, next year if that month has passed."""
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(reference.year, month, day)
        if candidate < reference and (reference.month - month) > 1:
            candidate = dt.date(reference.year + 1, month, day)
        return candidate
    except ValueError:
        return None


def _absolute(spec: DeadlineSpec, reference: dt.date) -> dt.date | dt.datetime | None:
    if spec.day is not None and spec.month is not None:
        date = resolve_day(spec.month, spec.day, spec.year, reference)
        if date is not None and spec.hour is not None and spec.hour < 24 and (spec.minute or 0) < 60:
            return dt.datetime(date.year, date.month, date.day, spec.hour, spec.minute or 0)
        return date
    if spec.year is None:
        return None
    if spec.quarter is not None:
        return _month_end(spec.year, spec.quarter * 3)
    if spec.month is not None:
        return _month_end(spec.year, spec.month) if 1 <= spec.month <= 12 else None
    return dt.date(spec.year, 12, 31)


def next_occurrence(recurrence: Recurrence, reference: dt.date) -> dt.date | dt.datetime | None:
    """The first occurrence strictly after the letter's day (a datetime when the rule has an hour)."""
    rule = recurrence.rrule()
    after = dt.datetime.combine(reference, dt.time(23, 59))
    try:
        nxt = rrulestr(f"RRULE:{rule}", dtstart=dt.datetime.combine(reference, dt.time())).after(after)
    except ValueError:
        return None
    if nxt is None:
        return None
    return nxt if recurrence.by_hour is not None else nxt.date()


def resolve(spec: DeadlineSpec, letter_date: dt.date | None, received: dt.date, phrase: str | None = None) -> Deadline | None:
    """The normalised deadline (``phrase`` is carried as its text), or None when the spec names no real date.

    Absolute and recurring dates count from the letter's date (the receipt date when the letter
    has none); a relative deadline counts from what its anchor says, on the working calendar.
    """
    reference = letter_date or received
    if spec.kind == "absolute":
        date = _absolute(spec, reference)
        return Deadline(text=phrase, kind="absolute", date=date) if date is not None else None
    if spec.kind == "relative":
        start = received if spec.anchor == "receipt" else (letter_date if spec.anchor == "signing" else None)
        duration = spec.duration
        date = add_duration(start, duration, spec.working_days) if start and duration and "T" not in duration else None
        return Deadline(text=phrase, kind="relative", date=date, duration=duration, working_days=spec.working_days, anchor=spec.anchor)
    if spec.kind == "recurring":
        if spec.recurrence is None:  # 'định kỳ' with no period: recurring, rule unknown (samples/README.md)
            return Deadline(text=phrase, kind="recurring")
        return Deadline(text=phrase, kind="recurring", date=next_occurrence(spec.recurrence, reference), rrule=spec.recurrence.rrule())
    if spec.kind == "event":
        return Deadline(text=phrase, kind="event", anchor="event")
    return Deadline(text=phrase, kind=spec.kind)
