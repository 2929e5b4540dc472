"""Snoozing, completing and dismissing reminders in bulk (reminders.services_bulk)."""

from datetime import date

import pytest

from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services_bulk import (
    next_due_on,
    reminders_bulk_complete,
    reminders_bulk_dismiss,
    reminders_bulk_snooze,
)
from tests.factories import ReminderFactory


@pytest.mark.parametrize(
    ("due_on", "every", "unit", "after", "expected"),
    [
        (date(2026, 3, 2), 1, "weeks", date(2026, 3, 2), date(2026, 3, 9)),
        # done three weeks late: the next one after today, not three at once
        (date(2026, 3, 2), 1, "weeks", date(2026, 3, 24), date(2026, 3, 30)),
        (date(2026, 3, 2), 10, "days", date(2026, 3, 1), date(2026, 3, 12)),
        # the 31st monthly falls on the last day of a shorter month
        (date(2026, 1, 31), 1, "months", date(2026, 1, 31), date(2026, 2, 28)),
        (date(2026, 1, 31), 1, "months", date(2026, 3, 1), date(2026, 3, 31)),
        (date(2026, 1, 31), 3, "months", date(2026, 2, 1), date(2026, 4, 30)),
        # 29 February yearly: the 28th in other years, the 29th in leap years
        (date(2028, 2, 29), 1, "years", date(2028, 3, 1), date(2029, 2, 28)),
        (date(2028, 2, 29), 1, "years", date(2031, 3, 1), date(2032, 2, 29)),
    ],
)
def test_the_next_occurrence_of_a_recurring_reminder(due_on, every, unit, after, expected):
    assert next_due_on(due_on=due_on, every=every, unit=unit, after=after) == expected


@pytest.fixture
def mixed(owner, stranger):
    mine = [ReminderFactory(owner=owner) for _ in range(2)]
    done = ReminderFactory(owner=owner, status=ReminderStatus.DONE)
    theirs = ReminderFactory(owner=stranger)
    return {
        "mine": mine,
        "done": done,
        "theirs": theirs,
        "ids": [r.pk for r in [*mine, done, theirs]],
    }


def _status(reminder):
    return Reminder.objects.get(pk=reminder.pk).status


def test_snoozing_changes_the_owners_pending_reminders_only(owner, mixed):
    outcome = reminders_bulk_snooze(owner=owner, reminder_ids=mixed["ids"], until=date(2030, 1, 1))

    assert (outcome.matched, outcome.changed) == (3, 2)
    assert {_status(r) for r in mixed["mine"]} == {ReminderStatus.SNOOZED}
    assert Reminder.objects.get(pk=mixed["mine"][0].pk).snoozed_until == date(2030, 1, 1)
    assert _status(mixed["done"]) == ReminderStatus.DONE
    assert _status(mixed["theirs"]) == ReminderStatus.OPEN


def test_dismissing_changes_the_owners_pending_reminders_only(owner, mixed):
    outcome = reminders_bulk_dismiss(owner=owner, reminder_ids=mixed["ids"])

    assert (outcome.matched, outcome.changed) == (3, 2)
    assert {_status(r) for r in mixed["mine"]} == {ReminderStatus.DISMISSED}
    assert _status(mixed["theirs"]) == ReminderStatus.OPEN


def test_completing_schedules_the_next_occurrence_of_recurring_reminders(owner, stranger, mixed):
    recurring = ReminderFactory(
        owner=owner,
        kind=ReminderKind.RECURRING,
        title="Quarterly check-in",
        due_on=date(2026, 1, 31),
        recur_every=3,
        recur_unit="months",
        note="Ask about the new team",
    )

    outcome = reminders_bulk_complete(
        owner=owner, reminder_ids=[*mixed["ids"], recurring.pk], now=_noon(2026, 2, 2)
    )

    assert (outcome.matched, outcome.changed, outcome.rescheduled) == (4, 3, 1)
    assert _status(recurring) == ReminderStatus.DONE
    assert Reminder.objects.get(pk=recurring.pk).completed_at is not None
    following = Reminder.objects.get(title="Quarterly check-in", status=ReminderStatus.OPEN)
    assert (following.due_on, following.note, following.contact_id) == (
        date(2026, 4, 30),
        "Ask about the new team",
        recurring.contact_id,
    )
    assert _status(mixed["theirs"]) == ReminderStatus.OPEN
    assert not Reminder.objects.filter(owner=stranger, status=ReminderStatus.DONE).exists()


def _noon(year, month, day):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(year, month, day, 12, tzinfo=ZoneInfo("UTC"))
