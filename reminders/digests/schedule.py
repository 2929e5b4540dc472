"""When a user's digest is due: plain functions over dates, times and zones, no database.

A period is one of the user's own calendar days (every day for a daily digest, the chosen
weekday for a weekly one). It is due at the user's send time on that day, in their zone, and it
stays sendable for STALE_AFTER; later than that it is skipped (the next digest says the same
things, on time).

Daylight-saving time, with zoneinfo's PEP 495 rules:
- a send time the clocks skip (02:30 on a spring-forward night) is read with the offset from
  before the jump, which lands the same length of time after the jump: 03:30 local;
- a send time the clocks pass twice (01:30 on a fall-back night) is its first occurrence;
- a day stays one period however long it is (23 or 25 hours), so no day is skipped or doubled.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from accounts.models import DigestFrequency

# How late a digest may still go out. Twelve hours: a morning digest still arrives the same
# day after an outage; one that would arrive after the next is due is pointless. It must stay
# under a day, so that at most one period of a user is ever due at a time.
STALE_AFTER = timedelta(hours=12)


@dataclass(frozen=True)
class DuePeriod:
    period: date
    due_at: datetime  # UTC


def local_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant the wall clock in `zone` shows `at` on `day` (see the module's DST rules)."""
    return datetime.combine(day, at.replace(tzinfo=None), tzinfo=zone).astimezone(UTC)


def due_period(
    *,
    now: datetime,
    zone: ZoneInfo,
    send_time: time,
    frequency: str = DigestFrequency.DAILY,
    weekday: int = 0,
) -> DuePeriod | None:
    """The period whose send time has passed at `now` and that is not stale yet, if any.

    Only today and yesterday (in `zone`) can qualify, since STALE_AFTER is under a day; at most
    one of them does.
    """
    if frequency == DigestFrequency.OFF:
        return None
    today = now.astimezone(zone).date()
    for day in (today, today - timedelta(days=1)):
        if frequency == DigestFrequency.WEEKLY and day.weekday() != weekday:
            continue
        due_at = local_instant(day, send_time, zone)
        if due_at <= now < due_at + STALE_AFTER:
            return DuePeriod(period=day, due_at=due_at)
    return None


def is_stale(due_at: datetime, now: datetime) -> bool:
    return now >= due_at + STALE_AFTER
