"""Snoozing, completing and dismissing reminders in bulk (reminders.services.bulk): the same
rules as for one reminder, for the owner's pending reminders only."""

from datetime import UTC, date, datetime

import pytest

from contacts.services.contacts import contact_create
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services.bulk import (
    reminders_bulk_complete,
    reminders_bulk_dismiss,
    reminders_bulk_snooze,
)
from tests.factories import ReminderFactory

NOON = datetime(2026, 2, 2, 12, tzinfo=UTC)


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
    outcome = reminders_bulk_dismiss(owner=owner, reminder_ids=mixed["ids"], now=NOON)

    assert (outcome.matched, outcome.changed) == (3, 2)
    assert {_status(r) for r in mixed["mine"]} == {ReminderStatus.DISMISSED}
    assert Reminder.objects.get(pk=mixed["mine"][0].pk).completed_at == NOON
    assert _status(mixed["theirs"]) == ReminderStatus.OPEN


@pytest.mark.parametrize(
    ("due_on", "every", "unit", "expected"),
    [
        # done on 2 February: the next one after today, not the ones missed meanwhile
        (date(2026, 1, 5), 1, "weeks", date(2026, 2, 9)),
        (date(2026, 1, 31), 1, "months", date(2026, 2, 28)),  # the 31st: the month's last day
        (date(2026, 1, 31), 3, "months", date(2026, 4, 30)),
        (date(2025, 2, 28), 1, "years", date(2026, 2, 28)),  # a year late: this year's
    ],
)
def test_completing_schedules_the_next_occurrence_of_each_series(
    owner, mixed, due_on, every, unit, expected
):
    recurring = ReminderFactory(
        owner=owner,
        kind=ReminderKind.RECURRING,
        title="Check in",
        due_on=due_on,
        recur_every=every,
        recur_unit=unit,
        note="Ask about the new team",
    )

    outcome = reminders_bulk_complete(
        owner=owner, reminder_ids=[*mixed["ids"], recurring.pk], now=NOON
    )

    assert (outcome.matched, outcome.changed, outcome.rescheduled) == (4, 3, 1)
    assert Reminder.objects.get(pk=recurring.pk).completed_at == NOON
    following = Reminder.objects.get(previous_occurrence=recurring)
    assert (following.status, following.due_on, following.note, following.contact_id) == (
        ReminderStatus.OPEN,
        expected,
        "Ask about the new team",
        recurring.contact_id,
    )
    assert _status(mixed["theirs"]) == ReminderStatus.OPEN


def test_closing_keep_in_touch_and_birthday_reminders_brings_their_next_ones(owner):
    people = [
        contact_create(
            owner=owner,
            fields={"display_name": name, "birthday_day": 1, "birthday_month": 3},
        )
        for name in ("Ana", "Ben")
    ]
    pending = Reminder.objects.filter(contact__in=people, status__in=PENDING_STATUSES)
    ids = list(pending.values_list("pk", flat=True))

    outcome = reminders_bulk_dismiss(owner=owner, reminder_ids=ids)

    assert (outcome.changed, outcome.rescheduled) == (4, 4)
    # Each contact still has exactly one of each pending: the invariant holds in bulk too.
    kinds = sorted(pending.values_list("contact__display_name", "kind"))
    assert kinds == [
        ("Ana", ReminderKind.BIRTHDAY),
        ("Ana", ReminderKind.KEEP_IN_TOUCH),
        ("Ben", ReminderKind.BIRTHDAY),
        ("Ben", ReminderKind.KEEP_IN_TOUCH),
    ]
    assert not pending.filter(pk__in=ids).exists()
