"""The calendar rules of reminders, table by table: series, month ends, 29 February, birthdays
and local wall-clock times across daylight-saving changes."""

from datetime import UTC, date, datetime, time
from itertools import islice
from zoneinfo import ZoneInfo

import pytest

from reminders.recurrence import (
    DAYS,
    MONTHS,
    WEEKS,
    YEARS,
    Series,
    birthday_anchor,
    birthday_next,
    due_instant,
)

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def days_of(series: Series, current: date, count: int) -> list[date]:
    return [moment.date() for moment in islice(series.occurrences(current), count)]


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("every", "unit", "anchor", "current", "expected"),
    [
        (1, DAYS, "2026-02-27", "2026-02-27", "2026-02-27 2026-02-28 2026-03-01"),
        (3, DAYS, "2026-12-30", "2026-12-30", "2026-12-30 2027-01-02 2027-01-05"),
        (2, WEEKS, "2026-03-02", "2026-03-02", "2026-03-02 2026-03-16 2026-03-30"),
        # Month ends are kept: the 31st is the last day of the shorter months, then the 31st again.
        (1, MONTHS, "2026-01-31", "2026-01-31", "2026-01-31 2026-02-28 2026-03-31 2026-04-30"),
        (1, MONTHS, "2026-01-31", "2026-02-28", "2026-02-28 2026-03-31 2026-04-30"),
        (1, MONTHS, "2027-11-30", "2027-11-30", "2027-11-30 2027-12-30 2028-01-30 2028-02-29"),
        (3, MONTHS, "2026-01-15", "2026-01-15", "2026-01-15 2026-04-15 2026-07-15"),
        # 29 February: on the 28th in other years, on the 29th again in leap years.
        (1, YEARS, "2028-02-29", "2028-02-29", "2028-02-29 2029-02-28 2030-02-28 2031-02-28"),
        (1, YEARS, "2000-02-29", "2029-02-28", "2029-02-28 2030-02-28 2031-02-28 2032-02-29"),
        (2, YEARS, "2026-06-05", "2026-06-05", "2026-06-05 2028-06-05 2030-06-05"),
    ],
)
def test_a_series_falls_on_these_days(every, unit, anchor, current, expected):
    series = Series(every=every, unit=unit, anchor=d(anchor))
    days = [d(day) for day in expected.split()]

    assert days_of(series, d(current), len(days)) == days


@pytest.mark.parametrize(
    ("day", "month", "on_or_after", "expected"),
    [
        (12, 4, date(2026, 1, 1), date(2026, 4, 12)),
        (12, 4, date(2026, 4, 12), date(2026, 4, 12)),  # today is the birthday
        (12, 4, date(2026, 4, 13), date(2027, 4, 12)),
        (1, 1, date(2026, 12, 31), date(2027, 1, 1)),
        (31, 12, date(2026, 12, 31), date(2026, 12, 31)),
        (29, 2, date(2027, 1, 1), date(2027, 2, 28)),
        (29, 2, date(2027, 3, 1), date(2028, 2, 29)),
        (29, 2, date(2028, 2, 29), date(2028, 2, 29)),
        (29, 2, date(2028, 3, 1), date(2029, 2, 28)),
        (28, 2, date(2028, 2, 28), date(2028, 2, 28)),
    ],
)
def test_the_next_birthday(day, month, on_or_after, expected):
    assert birthday_next(day, month, on_or_after) == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        (12, 4, 1985, date(1985, 4, 12)),
        (12, 4, None, date(2000, 4, 12)),
        (29, 2, None, date(2000, 2, 29)),  # a leap year keeps the 29th
        (29, 2, 1990, date(2000, 2, 29)),  # not a real date in 1990: the day and month count
        (31, 4, None, date(2000, 4, 30)),
    ],
)
def test_a_birthday_anchors_its_series_on_a_real_date(day, month, year, expected):
    assert birthday_anchor(day, month, year) == expected


def test_completing_schedules_the_occurrence_after_today_skipping_the_ones_missed():
    weekly = Series(every=1, unit=WEEKS, anchor=date(2026, 3, 2), at=time(9, 0))
    # Due Monday 2 March, done on Wednesday 18 March: the next is Monday 23 March, not the 9th.
    done_at = datetime(2026, 3, 18, 10, 0, tzinfo=BERLIN)

    assert weekly.next_after(date(2026, 3, 2), done_at, BERLIN) == date(2026, 3, 23)


def test_completing_early_schedules_the_occurrence_after_this_one():
    monthly = Series(every=1, unit=MONTHS, anchor=date(2026, 1, 31))
    done_at = datetime(2026, 2, 20, 10, 0, tzinfo=BERLIN)  # before it is even due

    assert monthly.next_after(date(2026, 2, 28), done_at, BERLIN) == date(2026, 3, 31)


def test_completing_on_the_day_before_its_time_schedules_the_next_one():
    daily = Series(every=1, unit=DAYS, anchor=date(2026, 3, 2), at=time(18, 0))
    done_at = datetime(2026, 3, 2, 8, 0, tzinfo=BERLIN)

    assert daily.next_after(date(2026, 3, 2), done_at, BERLIN) == date(2026, 3, 3)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2026, 3, 4, 8, 59, tzinfo=BERLIN), date(2026, 3, 3)),
        (datetime(2026, 3, 4, 9, 0, tzinfo=BERLIN), date(2026, 3, 4)),
        (datetime(2026, 3, 10, 12, 0, tzinfo=BERLIN), date(2026, 3, 10)),
        (datetime(2026, 3, 2, 12, 0, tzinfo=BERLIN), date(2026, 3, 2)),  # nothing newer yet
    ],
)
def test_the_latest_occurrence_that_has_come_due(moment, expected):
    daily = Series(every=1, unit=DAYS, anchor=date(2026, 3, 2), at=time(9, 0))

    assert daily.latest_due(date(2026, 3, 2), moment, BERLIN) == expected


@pytest.mark.parametrize(
    ("zone", "day", "at", "expected_utc", "local_hour"),
    [
        # Clocks go forward: 02:30 does not exist; it comes due when the day reaches it (03:30).
        (NEW_YORK, date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, 30, tzinfo=UTC), 3),
        (BERLIN, date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC), 3),
        (AUCKLAND, date(2026, 9, 27), time(2, 30), datetime(2026, 9, 26, 14, 30, tzinfo=UTC), 3),
        # Clocks go back: 01:30 (New York), 02:30 (Berlin, Auckland) happen twice; the first counts.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC), 1),
        (BERLIN, date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC), 2),
        (AUCKLAND, date(2026, 4, 5), time(2, 30), datetime(2026, 4, 4, 13, 30, tzinfo=UTC), 2),
        # Midnight, and a day without a time, begin the local day.
        (AUCKLAND, date(2026, 4, 5), time(0, 0), datetime(2026, 4, 4, 11, 0, tzinfo=UTC), 0),
        (NEW_YORK, date(2026, 3, 8), None, datetime(2026, 3, 8, 5, 0, tzinfo=UTC), 0),
    ],
)
def test_a_local_time_becomes_one_instant(zone, day, at, expected_utc, local_hour):
    moment = due_instant(day, at, zone)

    assert moment == expected_utc
    assert moment.astimezone(zone).hour == local_hour


def test_a_series_refuses_what_is_not_a_recurrence():
    with pytest.raises(ValueError, match="unit"):
        Series(every=1, unit="fortnights", anchor=date(2026, 1, 1))
    with pytest.raises(ValueError, match="1 or more"):
        Series(every=0, unit=DAYS, anchor=date(2026, 1, 1))
