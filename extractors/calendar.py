"""The Vietnamese working calendar: weekends, public holidays (incl. Tết), office exceptions.

Public holidays come from the ``holidays`` package (kept up to date by its maintainers);
the Government's yearly make-up Saturdays and extra days off come from
``congvan/data/calendar_vn.toml`` because no library can know them in advance.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from functools import cache
from importlib import resources

import holidays
from dateutil.relativedelta import relativedelta

_DURATION = re.compile(r"^P(?:(?P<y>\d+)Y)?(?:(?P<m>\d+)M)?(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?$")


@cache
def _exceptions() -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    raw = tomllib.loads(resources.files("congvan").joinpath("data", "calendar_vn.toml").read_text(encoding="utf-8"))
    working = frozenset(dt.date.fromisoformat(d) for d in raw.get("working_saturdays", []))
    off = frozenset(dt.date.fromisoformat(d) for d in raw.get("extra_days_off", []))
    return working, off


@cache
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


def is_working_day(day: dt.date, office_calendar: bool = True) -> bool:
    """Whether public offices work on ``day``.

    ``office_calendar=False`` drops the Government's make-up Saturdays and extra days off
    (``calendar_vn.toml``) and keeps only weekends and the ``holidays`` package: the convention
    of the gold labels (samples/README.md), which the evaluation needs to re-anchor a gold date.
    """
    if office_calendar:
        working_saturdays, extra_off = _exceptions()
        if day in working_saturdays:
            return True
        if day in extra_off:
            return False
    if day.weekday() >= 5:
        return False
    return day not in _public_holidays(day.year)


def add_working_days(start: dt.date, days: int, office_calendar: bool = True) -> dt.date:
    """The date ``days`` working days after ``start`` (counting begins the next day)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, office_calendar):
            remaining -= 1
    return current


def add_duration(start: dt.date, duration: str, working_days: bool = False, office_calendar: bool = True) -> dt.date:
    """Apply an ISO 8601 duration (PnD, PnW, PnM, PnY); days may be working days."""
    match = _DURATION.match(duration)
    if not match:
        raise ValueError(f"unsupported duration {duration!r}")
    years, months, weeks, days = (int(match[k] or 0) for k in ("y", "m", "w", "d"))
    if working_days:
        return add_working_days(start + relativedelta(years=years, months=months), days + 5 * weeks, office_calendar)
    return start + relativedelta(years=years, months=months, weeks=weeks, days=days)
