"""The dashboard reads reminders with SQL of its own (reminders.selectors:
reminders_due_first_and_upcoming_of_kind, reminders_upcoming_of_kind), for speed: they must give
what the querysets the rest of the app uses give, row for row and in the same order, with the
same related rows."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from reminders.models import ReminderKind, ReminderStatus
from reminders.selectors import (
    reminders_due,
    reminders_due_first_and_upcoming_of_kind,
    reminders_upcoming,
    reminders_upcoming_of_kind,
)
from reminders.services import reminder_complete, reminder_snooze
from tests.factories import (
    ContactFactory,
    EventFactory,
    OrganizationFactory,
    ReminderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 6, 10)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def reminders(owner):
    """Every shape the two lists sort and filter on: overdue, due today, due later, within a
    notice, snoozed (and back from a snooze), a due time or none, with and without a contact, an
    event or an organization, done ones, and another user's."""
    organization = OrganizationFactory(owner=owner)
    event = EventFactory(owner=owner)
    for offset in (-9, -3, -1, 0, 0, 1, 2, 5, 12):
        ReminderFactory(owner=owner, due_on=TODAY + timedelta(days=offset))
    ReminderFactory(owner=owner, due_on=TODAY, due_time=time(15, 0))
    ReminderFactory(owner=owner, due_on=TODAY, due_time=time(8, 30), contact=None)
    ReminderFactory(owner=owner, due_on=TODAY + timedelta(days=6), notice_days=7)
    ReminderFactory(owner=owner, due_on=TODAY - timedelta(days=2), organization=organization)
    for offset in (1, 3, 4, 9):
        ReminderFactory(
            owner=owner,
            kind=ReminderKind.AFTER_EVENT,
            event=event,
            contact=ContactFactory(owner=owner),
            due_on=TODAY + timedelta(days=offset),
        )
    ReminderFactory(owner=owner, kind=ReminderKind.AFTER_EVENT, event=event, due_on=TODAY)
    reminder_snooze(reminder=ReminderFactory(owner=owner, due_on=TODAY), until=date(2026, 6, 12))
    woken = ReminderFactory(owner=owner, due_on=TODAY - timedelta(days=4))
    woken.status, woken.snoozed_until = ReminderStatus.SNOOZED, TODAY - timedelta(days=1)
    woken.save()
    reminder_complete(reminder=ReminderFactory(owner=owner, due_on=TODAY))
    ReminderFactory(owner=UserFactory(), due_on=TODAY)


def _shown(reminders) -> list[tuple]:
    return [
        (
            reminder.pk,
            reminder.shows_on,
            reminder.remind_on,
            reminder.due_time,
            reminder.contact.display_name if reminder.contact else None,
            reminder.event.name if reminder.event else None,
            reminder.organization.name if reminder.organization else None,
        )
        for reminder in reminders
    ]


WINDOW = {"start": TODAY + timedelta(days=1), "end": TODAY + timedelta(days=7)}


def _due_and_upcoming(owner, *, limit: int):
    return reminders_due_first_and_upcoming_of_kind(
        user=owner, today=TODAY, limit=limit, kind=ReminderKind.AFTER_EVENT, **WINDOW
    )


@pytest.mark.parametrize("limit", [1, 4, 50])
def test_the_first_due_are_those_of_reminders_due(owner, reminders, limit):
    expected = list(reminders_due(user=owner, today=TODAY)[:limit])
    assert len(expected) > 1 or limit == 1

    assert _shown(_due_and_upcoming(owner, limit=limit).due) == _shown(expected)


@pytest.mark.parametrize("limit", [1, 50])
def test_upcoming_of_a_kind_are_those_of_reminders_upcoming(owner, reminders, limit):
    expected = list(reminders_upcoming(user=owner, kind=ReminderKind.AFTER_EVENT, **WINDOW))
    assert len(expected) == 3

    alone = reminders_upcoming_of_kind(user=owner, kind=ReminderKind.AFTER_EVENT, **WINDOW)
    beside_the_due = _due_and_upcoming(owner, limit=limit).upcoming

    assert _shown(alone) == _shown(expected)
    assert _shown(beside_the_due) == _shown(expected)


def test_their_related_rows_are_read_with_them(owner, reminders, django_assert_num_queries):
    with django_assert_num_queries(1):
        reminders = _due_and_upcoming(owner, limit=50)
        _shown(reminders.due)
        _shown(reminders.upcoming)
    assert any(reminder.organization for reminder in reminders.due)
    assert any(reminder.contact is None for reminder in reminders.due)
    assert all(reminder.event for reminder in reminders.upcoming)
