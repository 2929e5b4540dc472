"""When reminders fall: the calendar rules, as plain functions over plain values (no database).

A reminder's day is the owner's calendar day and its time their wall clock. Series are generated
with python-dateutil's rrule over naive local date-times, and an instant is made only at the
edge, with the owner's zone, so "every Monday at 09:00" stays at 09:00 through daylight-saving
changes. A time that does not exist on the day the clocks go forward (02:30) comes due when that
day reaches it (03:30 by the new clock); a time that happens twice when they go back (01:30)
comes due once, the first time.

Month ends are kept: a series counted from 31 January falls on 28 (or 29) February, 31 March,
30 April; a yearly date of 29 February falls on 28 February in other years. rrule on its own
skips the months that lack the day (RFC 5545), so each series asks for "the last of the days
from the 28th up to the anchor's day" in each period (BYMONTHDAY with BYSETPOS=-1).
"""

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule

DAYS = "days"
WEEKS = "weeks"
MONTHS = "months"
YEARS = "years"
UNITS = (DAYS, WEEKS, MONTHS, YEARS)

# Shortest month: every day up to the 28th exists in every month.
_ALWAYS_THERE = 28
# A leap year, so that an anchor of 29 February is a real date.
LEAP_YEAR = 2000


@dataclass(frozen=True)
class Series:
    """Every `every` `unit`, with the day (and, yearly, the month) of `anchor`, at `at`."""

    every: int
    unit: str
    anchor: date
    at: time | None = None

    def __post_init__(self):
        if self.unit not in UNITS:
            raise ValueError(f"Unknown recurrence unit: {self.unit!r}")
        if self.every < 1:
            raise ValueError("A recurrence repeats every 1 or more units.")

    def _rule(self, current: date) -> rrule:
        """The series from `current`, one of its occurrences: counting from it keeps the grid
        (every 2 weeks from a Monday stays on those Mondays) and keeps iterations few."""
        start = datetime.combine(current, self.at or time.min)
        if self.unit == DAYS:
            return rrule(DAILY, interval=self.every, dtstart=start)
        if self.unit == WEEKS:
            return rrule(WEEKLY, interval=self.every, dtstart=start)
        month_days = tuple(range(min(self.anchor.day, _ALWAYS_THERE), self.anchor.day + 1))
        if self.unit == MONTHS:
            return rrule(
                MONTHLY, interval=self.every, dtstart=start, bymonthday=month_days, bysetpos=-1
            )
        return rrule(
            YEARLY,
            interval=self.every,
            dtstart=start,
            bymonth=self.anchor.month,
            bymonthday=month_days,
            bysetpos=-1,
        )

    def occurrences(self, current: date) -> Iterator[datetime]:
        """The naive local date-times of the series from `current` on (inclusive)."""
        return iter(self._rule(current))

    def next_after(self, current: date, moment: datetime, zone: ZoneInfo) -> date:
        """The first occurrence after both `current` and the instant `moment`: what completing
        the occurrence due on `current` at `moment` schedules next. Occurrences missed meanwhile
        are skipped (one reminder, never a pile)."""
        for local in self.occurrences(current):
            if local.date() > current and instant(local, zone) > moment:
                return local.date()
        raise AssertionError("an unbounded rrule always has a next occurrence")  # pragma: no cover

    def latest_due(self, current: date, moment: datetime, zone: ZoneInfo) -> date:
        """The last occurrence that has come due by the instant `moment` (or `current` when none
        after it has): where a chore left undone moves when its next occurrence comes due."""
        latest = current
        for local in self.occurrences(current):
            if instant(local, zone) > moment:
                break
            latest = local.date()
        return latest

    def first_on_or_after(self, current: date, day: date) -> date:
        """The first occurrence on `day` or later: where a yearly date that passed moves."""
        for local in self.occurrences(current):
            if local.date() >= day:
                return local.date()
        raise AssertionError("an unbounded rrule always has a next occurrence")  # pragma: no cover


def instant(local: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a naive local date-time in `zone`. fold=0 makes a repeated time the
    first of the two, and a skipped one the moment the clocks jumped past it."""
    return local.replace(tzinfo=zone).astimezone(UTC)


def due_instant(day: date, at: time | None, zone: ZoneInfo) -> datetime:
    """When a reminder due on `day` (at `at`, else the start of the day) comes due."""
    return instant(datetime.combine(day, at or time.min), zone)


def birthday_anchor(day: int, month: int, year: int | None = None) -> date:
    """The date a birthday's series counts from: its own when it is a real date, else the same
    day and month in a leap year (29 February without a year), clamped to the month's end."""
    for candidate_year in (year, LEAP_YEAR):
        if candidate_year is None:
            continue
        try:
            return date(candidate_year, month, day)
        except ValueError:
            continue
    # A day the month never has (31 April): the month's last day.
    first_of_next = date(LEAP_YEAR + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


# A re-sync asks this for thousands of contacts with the same today, and a year holds at most
# 366 birthdays: remembering the answers saves the rrule work (most of a sync's Python time).
@functools.lru_cache(maxsize=4096)
def birthday_next(day: int, month: int, on_or_after: date) -> date:
    """The first birthday of (day, month) on `on_or_after` or later; 29 February is kept in leap
    years and falls on 28 February in the others."""
    series = Series(every=1, unit=YEARS, anchor=birthday_anchor(day, month))
    # Counting from 1 January of that year: the series' own day may lie before `on_or_after`.
    return series.first_on_or_after(date(on_or_after.year, 1, 1), on_or_after)
