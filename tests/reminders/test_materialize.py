"""The periodic tick: snoozes wake on the owner's calendar, series left undone move on at their
local time, across daylight-saving changes; the nightly repair; the thin tasks around them."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from contacts.models import Tier
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services import reminder_create, reminder_snooze, reminders_materialize
from reminders.tasks import materialize_due_reminders, repair_reminders, sync_owner_reminders
from tests.factories import ContactFactory, ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

# The beat runs the tick every five minutes. The tests tick every half hour, on the hour and the
# half hour of UTC, which are the hours and half hours of every zone here (whole-hour offsets):
# each reminder time below is a tick, so a move an hour early or late cannot pass unseen.
TICK = timedelta(minutes=30)


def daily(user, due_on: date, at: time | None) -> Reminder:
    return reminder_create(
        owner=user,
        title="Write the journal",
        due_on=due_on,
        due_time=at,
        kind=ReminderKind.RECURRING,
        recur_every=1,
        recur_unit="days",
    )


def local(zone: str, day: str, hour: int = 12) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZoneInfo(zone))


# The day before each change of clocks, an undone daily reminder; then two days of ticks. Each
# move must happen once per day, at the reminder's local time: the time the clocks jumped to
# when they skipped it, the first of the two when they repeated it.
DST_TABLE = [
    # zone, due the day before, at, "the day it moves to at local time, ..."
    ("America/New_York", "2026-03-07", "02:30", "2026-03-08 03:30, 2026-03-09 02:30"),
    ("America/New_York", "2026-10-31", "01:30", "2026-11-01 01:30, 2026-11-02 01:30"),
    ("Europe/Berlin", "2026-03-28", "02:30", "2026-03-29 03:30, 2026-03-30 02:30"),
    ("Europe/Berlin", "2026-10-24", "02:30", "2026-10-25 02:30, 2026-10-26 02:30"),
    ("Pacific/Auckland", "2026-04-04", "02:30", "2026-04-05 02:30, 2026-04-06 02:30"),
    ("Pacific/Auckland", "2026-09-26", "02:30", "2026-09-27 03:30, 2026-09-28 02:30"),
    # Local midnight, and a reminder without a time (it comes due as its day begins).
    ("America/New_York", "2026-03-07", "00:00", "2026-03-08 00:00, 2026-03-09 00:00"),
    ("Pacific/Auckland", "2026-04-04", "00:00", "2026-04-05 00:00, 2026-04-06 00:00"),
    ("Europe/Berlin", "2026-10-24", "", "2026-10-25 00:00, 2026-10-26 00:00"),
    ("Pacific/Auckland", "2026-09-26", "", "2026-09-27 00:00, 2026-09-28 00:00"),
]


@pytest.mark.parametrize(
    ("zone", "due_on", "at", "expected"),
    DST_TABLE,
    ids=[f"{row[0]} {row[1]} {row[2] or 'no time'}" for row in DST_TABLE],
)
def test_an_undone_daily_reminder_moves_once_a_day_at_its_local_time(zone, due_on, at, expected):
    user = UserFactory(username="clock", time_zone=zone)
    reminder = daily(user, date.fromisoformat(due_on), time.fromisoformat(at) if at else None)
    expected = [move.split() for move in expected.split(", ")]
    moves = []
    start = local(zone, due_on)
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(int(timedelta(days=2, hours=6) / TICK)):
            clock.shift(TICK)
            materialize_due_reminders()
            reminder.refresh_from_db()
            if not moves or moves[-1][0] != reminder.due_on:
                moves.append((reminder.due_on, datetime.now(UTC).astimezone(ZoneInfo(zone))))

    days = [day for day, _ in moves]
    assert days == [date.fromisoformat(due_on), *(date.fromisoformat(d) for d, _ in expected)]
    for (day, when), (_, expected_time) in zip(moves[1:], expected, strict=True):
        assert when.strftime("%H:%M") == expected_time, f"moved to {day} at {when}"
        assert when.fold == 0, f"moved to {day} at the second {expected_time}"
    assert Reminder.objects.count() == 1  # moved, never duplicated


def test_a_weekly_reminder_keeps_its_hour_after_the_clocks_change():
    user = UserFactory(username="weekly", time_zone="America/New_York")
    reminder = reminder_create(
        owner=user,
        title="Weekly review",
        due_on=date(2026, 3, 2),  # Monday, before the change on Sunday 8 March
        due_time=time(9, 0),
        kind=ReminderKind.RECURRING,
        recur_every=1,
        recur_unit="weeks",
    )

    reminders_materialize(now=local("America/New_York", "2026-03-09", 8) + timedelta(minutes=59))
    reminder.refresh_from_db()
    assert reminder.due_on == date(2026, 3, 2)

    reminders_materialize(now=local("America/New_York", "2026-03-09", 9))
    reminder.refresh_from_db()
    assert reminder.due_on == date(2026, 3, 9)


def test_running_the_tick_twice_changes_nothing_more():
    user = UserFactory(username="twice", time_zone="Europe/Berlin")
    reminder = daily(user, date(2026, 6, 1), time(8, 0))
    now = local("Europe/Berlin", "2026-06-10", 9)

    first = reminders_materialize(now=now)
    second = reminders_materialize(now=now)

    reminder.refresh_from_db()
    assert (first.moved, second.moved, reminder.due_on) == (1, 0, date(2026, 6, 10))


def test_a_snooze_wakes_when_its_day_begins_in_the_owners_zone():
    tokyo = UserFactory(username="tokyo", time_zone="Asia/Tokyo")
    lima = UserFactory(username="lima", time_zone="America/Lima")
    snoozed = []
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        for user in (tokyo, lima):
            reminder = ReminderFactory(owner=user, due_on=date(2026, 6, 9))
            snoozed.append(reminder_snooze(reminder=reminder, until=date(2026, 6, 12)))

    # 16:00 UTC on 11 June is 01:00 on the 12th in Tokyo and 11:00 on the 11th in Lima.
    result = reminders_materialize(now=datetime(2026, 6, 11, 16, 0, tzinfo=UTC))

    for reminder in snoozed:
        reminder.refresh_from_db()
    assert result.woken == 1
    assert [r.status for r in snoozed] == [ReminderStatus.OPEN, ReminderStatus.SNOOZED]
    # Back from its snooze, it is "today's", and stays dated from the snooze.
    assert (snoozed[0].remind_on, snoozed[0].due_on) == (date(2026, 6, 12), date(2026, 6, 9))


def test_a_series_back_from_a_snooze_today_is_not_moved_on_that_day():
    user = UserFactory(username="woken", time_zone="UTC")
    with time_machine.travel(datetime(2026, 6, 2, 12, 0, tzinfo=UTC), tick=False):
        reminder = daily(user, date(2026, 6, 1), None)
        reminder_snooze(reminder=reminder, until=date(2026, 6, 5))

    reminders_materialize(now=datetime(2026, 6, 5, 12, 0, tzinfo=UTC))
    reminder.refresh_from_db()
    assert (reminder.status, reminder.due_on) == (ReminderStatus.OPEN, date(2026, 6, 1))

    reminders_materialize(now=datetime(2026, 6, 6, 0, 0, tzinfo=UTC))
    reminder.refresh_from_db()
    assert (reminder.due_on, reminder.snoozed_until) == (date(2026, 6, 6), None)


def test_a_yearly_date_that_passed_moves_to_next_year_and_a_one_off_stays_overdue():
    user = UserFactory(username="yearly", time_zone="UTC")
    anniversary = reminder_create(
        owner=user,
        title="Work anniversary",
        due_on=date(2026, 6, 5),
        kind=ReminderKind.RECURRING,
        recur_every=1,
        recur_unit="years",
        notice_days=3,
    )
    one_off = ReminderFactory(owner=user, due_on=date(2026, 6, 5))

    reminders_materialize(now=datetime(2026, 6, 6, 0, 5, tzinfo=UTC))

    anniversary.refresh_from_db()
    one_off.refresh_from_db()
    assert (anniversary.due_on, anniversary.remind_on) == (date(2027, 6, 5), date(2027, 6, 2))
    assert one_off.due_on == date(2026, 6, 5)


def test_the_nightly_repair_gives_every_active_contact_its_reminders():
    user = UserFactory(username="repair", time_zone="UTC")
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        plain = ContactFactory(owner=user, tier=Tier.CLOSE)
        with_birthday = ContactFactory(owner=user, birthday_day=1, birthday_month=7)
        archived = ContactFactory(owner=user, archived_at=datetime(2026, 6, 1, tzinfo=UTC))
        Reminder.objects.create(
            owner=user,
            contact=archived,
            kind=ReminderKind.KEEP_IN_TOUCH,
            title="Stale",
            due_on=date(2026, 7, 1),
        )

        repair_reminders()
        repair_reminders()  # safe to run twice

    pending = Reminder.objects.filter(status__in=PENDING_STATUSES)
    assert sorted(pending.values_list("contact_id", "kind")) == sorted(
        [
            (plain.pk, ReminderKind.KEEP_IN_TOUCH),
            (with_birthday.pk, ReminderKind.KEEP_IN_TOUCH),
            (with_birthday.pk, ReminderKind.BIRTHDAY),
        ]
    )


def test_moving_to_another_zone_resyncs_the_owners_reminders():
    user = UserFactory(username="mover", time_zone="Pacific/Auckland")
    with time_machine.travel(datetime(2026, 6, 10, 12, 0, tzinfo=UTC), tick=False):
        contact = ContactFactory(owner=user, cadence_days=10)
        repair_reminders()
    # Created at 12:00 UTC: 11 June in Auckland, 10 June in Honolulu.
    assert Reminder.objects.get(contact=contact).due_on == date(2026, 6, 21)

    user.time_zone = "Pacific/Honolulu"
    user.save()
    sync_owner_reminders(user.pk)
    sync_owner_reminders(user.pk + 1000)  # a user deleted meanwhile: nothing to do

    assert Reminder.objects.get(contact=contact).due_on == date(2026, 6, 20)


def test_the_tick_is_in_the_one_beat_schedule_and_expires_before_the_next(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["materialize reminders that came due"]

    assert entry["task"] == "reminders.tasks.materialize_due_reminders"
    assert entry["options"]["expires"] < 5 * 60
    assert materialize_due_reminders.acks_late and materialize_due_reminders.reject_on_worker_lost
