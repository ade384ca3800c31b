"""Stage two of deadlines on its own: specs (no Vietnamese) resolved against a letter's dates."""

import datetime as dt

import pytest

from congvan.extractors.deadline_spec import DeadlineSpec, Recurrence, resolve

LETTER = dt.date(2023, 4, 27)
RECEIVED = dt.date(2023, 4, 28)


@pytest.mark.parametrize(
    "spec,date",
    [
        (DeadlineSpec("absolute", day=30, month=6, year=2023), dt.date(2023, 6, 30)),
        (DeadlineSpec("absolute", day=15, month=1), dt.date(2024, 1, 15)),  # January has passed: next year
        (DeadlineSpec("absolute", day=20, month=4), dt.date(2023, 4, 20)),  # last month only: same year
        (DeadlineSpec("absolute", day=20, month=5, hour=16, minute=0), dt.datetime(2023, 5, 20, 16, 0)),
        (DeadlineSpec("absolute", day=20, month=5, hour=25, minute=0), dt.date(2023, 5, 20)),  # no such hour: the day
        (DeadlineSpec("absolute", month=2, year=2024), dt.date(2024, 2, 29)),
        (DeadlineSpec("absolute", quarter=3, year=2024), dt.date(2024, 9, 30)),
        (DeadlineSpec("absolute", year=2025), dt.date(2025, 12, 31)),
    ],
)
def test_absolute_specs(spec, date):
    assert resolve(spec, LETTER, RECEIVED).date == date


@pytest.mark.parametrize("spec", [DeadlineSpec("absolute", day=31, month=2, year=2024), DeadlineSpec("absolute", month=13, year=2023)])
def test_impossible_dates_resolve_to_nothing(spec):
    assert resolve(spec, LETTER, RECEIVED) is None


def test_working_days_count_from_receipt_on_the_holiday_calendar():
    # Received Friday 24/01/2025; Tết Ất Tỵ closes 27/01–31/01: 5 working days → 07/02.
    spec = DeadlineSpec("relative", amount=5, unit="D", working_days=True, anchor="receipt")
    deadline = resolve(spec, dt.date(2025, 1, 20), dt.date(2025, 1, 24))
    assert (deadline.date, deadline.duration, deadline.working_days) == (dt.date(2025, 2, 7), "P5D", True)


def test_relative_anchors():
    spec = DeadlineSpec("relative", amount=10, unit="D", anchor="signing")
    assert resolve(spec, LETTER, RECEIVED).date == dt.date(2023, 5, 7)
    assert resolve(spec, None, RECEIVED).date is None  # no letter date: nothing to count from
    event = DeadlineSpec("relative", amount=3, unit="D", anchor="event")
    assert resolve(event, LETTER, RECEIVED).date is None
    hours = DeadlineSpec("relative", amount=8, unit="H", working_days=True, anchor="receipt")
    assert (resolve(hours, LETTER, RECEIVED).duration, resolve(hours, LETTER, RECEIVED).date) == ("PT8H", None)


@pytest.mark.parametrize(
    "recurrence,rrule,date",
    [
        (Recurrence("MONTHLY", by_month=(3, 6, 9, 12), by_month_day=15), "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=15", dt.date(2023, 6, 15)),
        (Recurrence("MONTHLY", by_month_day=-1), "FREQ=MONTHLY;BYMONTHDAY=-1", dt.date(2023, 4, 30)),
        (Recurrence("WEEKLY", by_day="FR"), "FREQ=WEEKLY;BYDAY=FR", dt.date(2023, 4, 28)),
        (Recurrence("DAILY", by_hour=16, by_minute=30), "FREQ=DAILY;BYHOUR=16;BYMINUTE=30", dt.datetime(2023, 4, 28, 16, 30)),
        (Recurrence("YEARLY", by_month=(12,), by_month_day=31), "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=31", dt.date(2023, 12, 31)),
    ],
)
def test_recurrences_print_rfc5545_and_give_the_next_occurrence(recurrence, rrule, date):
    deadline = resolve(DeadlineSpec("recurring", recurrence=recurrence), LETTER, RECEIVED)
    assert (deadline.rrule, deadline.date) == (rrule, date)


def test_kinds_without_dates_keep_only_their_kind():
    assert resolve(DeadlineSpec("event", anchor="event"), LETTER, RECEIVED, phrase="trước kỳ họp").model_dump(exclude_defaults=True) \
        == {"text": "trước kỳ họp", "kind": "event", "anchor": "event"}
    assert resolve(DeadlineSpec("urgent"), LETTER, RECEIVED).kind == "urgent"
