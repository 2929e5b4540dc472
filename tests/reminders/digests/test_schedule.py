"""When digests are due: the period arithmetic, then days of beat ticks across every DST change
of America/New_York, Europe/Berlin and Pacific/Auckland in 2026 (time-machine moves the clock).
Nothing skipped, nothing twice, never at the wrong local hour."""

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from accounts.models import DigestFrequency
from reminders.digests import dispatch
from reminders.digests.schedule import STALE_AFTER, due_period, local_instant
from reminders.models import Digest, DigestStatus
from tests.factories import UserFactory

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")


def wall(instant: datetime, zone: ZoneInfo) -> tuple[date, time]:
    local = instant.astimezone(zone)
    return local.date(), local.time()


# --- The arithmetic -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "day", "send_time", "expected_utc"),
    [
        # An ordinary day on either side of the change.
        (NEW_YORK, date(2026, 3, 7), time(8), datetime(2026, 3, 7, 13, 0, tzinfo=UTC)),
        (NEW_YORK, date(2026, 3, 8), time(8), datetime(2026, 3, 8, 12, 0, tzinfo=UTC)),
        # 02:30 does not exist on 8 March in New York (02:00 -> 03:00): 03:30 EDT.
        (NEW_YORK, date(2026, 3, 8), time(2, 30), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)),
        # 01:30 happens twice on 1 November (02:00 -> 01:00): the first, still EDT.
        (NEW_YORK, date(2026, 11, 1), time(1, 30), datetime(2026, 11, 1, 5, 30, tzinfo=UTC)),
        (BERLIN, date(2026, 3, 29), time(2, 30), datetime(2026, 3, 29, 1, 30, tzinfo=UTC)),
        (BERLIN, date(2026, 10, 25), time(2, 30), datetime(2026, 10, 25, 0, 30, tzinfo=UTC)),
        # Auckland's clocks go back on 5 April (03:00 -> 02:00) and forward on 27 September.
        (AUCKLAND, date(2026, 4, 5), time(2, 30), datetime(2026, 4, 4, 13, 30, tzinfo=UTC)),
        (AUCKLAND, date(2026, 9, 27), time(2, 30), datetime(2026, 9, 26, 14, 30, tzinfo=UTC)),
        (AUCKLAND, date(2026, 9, 27), time(0), datetime(2026, 9, 26, 12, 0, tzinfo=UTC)),
        # Santiago's clocks jump at midnight (6 September 00:00 -> 01:00): 01:00 local.
        (
            ZoneInfo("America/Santiago"),
            date(2026, 9, 6),
            time(0),
            datetime(2026, 9, 6, 4, 0, tzinfo=UTC),
        ),
    ],
)
def test_the_instant_of_a_send_time(zone, day, send_time, expected_utc):
    assert local_instant(day, send_time, zone) == expected_utc


def test_a_period_is_due_from_its_send_time_until_it_is_stale():
    due_at = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 in Berlin

    def due(now):
        return due_period(now=now, zone=BERLIN, send_time=time(8))

    assert due(due_at - timedelta(seconds=1)) is None
    assert due(due_at).period == date(2026, 3, 4)
    assert due(due_at + STALE_AFTER - timedelta(seconds=1)).due_at == due_at
    assert due(due_at + STALE_AFTER) is None


def test_a_late_evening_send_time_is_still_due_after_midnight():
    # 23:30 on the 3rd in Berlin; at 00:15 on the 4th that period is the one due.
    now = datetime(2026, 3, 3, 23, 15, tzinfo=UTC)

    due = due_period(now=now, zone=BERLIN, send_time=time(23, 30))

    assert due.period == date(2026, 3, 3)


def test_a_weekly_period_is_only_its_weekday():
    wednesday = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)

    def due(weekday):
        return due_period(
            now=wednesday,
            zone=BERLIN,
            send_time=time(8),
            frequency=DigestFrequency.WEEKLY,
            weekday=weekday,
        )

    assert due(2).period == date(2026, 3, 4)
    assert due(1) is None
    assert (
        due_period(now=wednesday, zone=BERLIN, send_time=time(8), frequency=DigestFrequency.OFF)
        is None
    )


# --- Days of ticks across each change -------------------------------------------------------

TICK = timedelta(minutes=15)

# The send times every zone is tried with: early morning, midnight, the hours the clocks skip
# or repeat somewhere, and a late evening one whose period is due until after midnight.
SEND_TIMES = [time(8), time(0), time(1, 30), time(2, 30), time(23, 30)]


def expected_wall_time(zone: ZoneInfo, day: date, send_time: time) -> time:
    """What the user's clock shows when their digest should arrive, written out per change
    rather than computed, so that the test does not repeat the code's arithmetic."""
    skipped = {
        (NEW_YORK, date(2026, 3, 8)): (time(2), time(3)),
        (BERLIN, date(2026, 3, 29)): (time(2), time(3)),
        (AUCKLAND, date(2026, 9, 27)): (time(2), time(3)),
    }
    gap = skipped.get((zone, day))
    if gap and gap[0] <= send_time < gap[1]:
        # The hour that does not exist: an hour later, as the clock reads after the jump.
        return send_time.replace(hour=send_time.hour + 1)
    return send_time


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "zone"),
    [
        (date(2026, 3, 8), NEW_YORK),
        (date(2026, 11, 1), NEW_YORK),
        (date(2026, 3, 29), BERLIN),
        (date(2026, 10, 25), BERLIN),
        (date(2026, 4, 5), AUCKLAND),
        (date(2026, 9, 27), AUCKLAND),
    ],
    ids=str,
)
def test_days_of_ticks_across_a_dst_change_send_each_day_once_at_its_local_time(
    change, zone, eager_celery, django_capture_on_commit_callbacks
):
    users = {
        UserFactory(
            username=f"at{send_time:%H%M}",
            time_zone=str(zone),
            digest_time=send_time,
            digest_skip_empty=False,
        ): send_time
        for send_time in SEND_TIMES
    }
    # Two days either side in UTC covers the day before, the day and the day after in the zone.
    start = datetime.combine(change - timedelta(days=2), time(), tzinfo=UTC)
    now = start
    while now < start + timedelta(days=4, hours=12):
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            dispatch.digest_dispatch_due()
        now += TICK

    checked = [change - timedelta(days=1), change, change + timedelta(days=1)]
    for user, send_time in users.items():
        sent = Digest.objects.filter(owner=user, status=DigestStatus.SENT)
        periods = Counter(sent.values_list("period", flat=True))
        for day in checked:
            assert periods[day] == 1, f"{user.username} on {day}: {periods[day]} digests"
            digest = sent.get(period=day)
            assert wall(digest.sent_at, zone) == (
                day,
                expected_wall_time(zone, day, send_time),
            ), f"{user.username} on {day}"
            # On the first tick at or after the send time, never before it.
            assert timedelta(0) <= digest.sent_at - digest.due_at < TICK
    # Every message is one of those rows: nothing went out twice.
    assert len(mail.outbox) == Digest.objects.filter(status=DigestStatus.SENT).count()
    assert not Digest.objects.exclude(status=DigestStatus.SENT).exists()
