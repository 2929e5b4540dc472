"""After an event: each person met gets a follow-up N days after it ends (the user's setting),
which closes itself when an interaction with them is logged first."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from interactions.models import InteractionKind
from interactions.services.events import (
    NewPerson,
    attendance_delete,
    event_create,
    event_people_add,
    event_people_create,
    event_update,
)
from interactions.services.interactions import interaction_log
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import after_event_sync, reminder_dismiss
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def event(owner):
    # Monday 8 June, 18:00 to 22:30 in Paris (UTC+2).
    return event_create(
        owner=owner,
        name="Design meetup",
        starts_at=datetime(2026, 6, 8, 16, 0, tzinfo=UTC),
        ends_at=datetime(2026, 6, 8, 20, 30, tzinfo=UTC),
    )


def follow_ups(event) -> dict[str, Reminder]:
    return {
        r.contact.display_name: r
        for r in Reminder.objects.filter(event=event, kind=ReminderKind.AFTER_EVENT)
    }


def test_each_person_met_gets_one_due_two_days_after_the_event(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    event_people_add(event=event, contacts=[ana])
    event_people_create(event=event, people=[NewPerson(name="Ben Okafor")])

    reminders = follow_ups(event)
    assert sorted(reminders) == ["Ana", "Ben Okafor"]
    assert {r.due_on for r in reminders.values()} == {date(2026, 6, 10)}
    assert reminders["Ana"].title == "Follow up with Ana after Design meetup"
    assert reminders["Ana"].status == ReminderStatus.OPEN


def test_the_days_are_the_users_setting_counted_from_the_local_end(owner):
    owner.after_event_follow_up_days = 5
    owner.save()
    # Ends at 23:30 UTC on 7 June: already 8 June in Paris.
    late = event_create(
        owner=owner,
        name="Late talk",
        starts_at=datetime(2026, 6, 7, 20, 0, tzinfo=UTC),
        ends_at=datetime(2026, 6, 7, 23, 30, tzinfo=UTC),
    )
    event_people_add(event=late, contacts=[ContactFactory(owner=owner, display_name="Ana")])

    assert follow_ups(late)["Ana"].due_on == date(2026, 6, 13)


def test_the_events_own_met_at_entry_does_not_close_it(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")

    event_people_add(event=event, contacts=[ana])

    assert ana.interactions.get().kind == InteractionKind.MET_AT_EVENT
    assert follow_ups(event)["Ana"].status == ReminderStatus.OPEN


def test_an_interaction_logged_first_closes_it(owner, event):
    ana, ben = (ContactFactory(owner=owner, display_name=n) for n in ("Ana", "Ben"))
    event_people_add(event=event, contacts=[ana, ben])

    interaction_log(
        owner=owner, occurred_at=NOW, kind=InteractionKind.EMAIL, contacts=[ana], summary="Slides"
    )

    reminders = follow_ups(event)
    assert reminders["Ana"].status == ReminderStatus.DONE
    assert reminders["Ana"].completed_at == NOW
    assert reminders["Ben"].status == ReminderStatus.OPEN


def test_an_interaction_from_before_the_event_does_not_close_it(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    event_people_add(event=event, contacts=[ana])

    interaction_log(
        owner=owner, occurred_at=NOW - timedelta(days=5), kind=InteractionKind.CALL, contacts=[ana]
    )

    assert follow_ups(event)["Ana"].status == ReminderStatus.OPEN


def test_someone_already_followed_up_with_gets_none(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    interaction_log(owner=owner, occurred_at=NOW, kind=InteractionKind.CALL, contacts=[ana])

    event_people_add(event=event, contacts=[ana])

    assert follow_ups(event) == {}


def test_moving_the_event_moves_it_and_taking_someone_off_removes_it(owner, event):
    ana, ben = (ContactFactory(owner=owner, display_name=n) for n in ("Ana", "Ben"))
    event_people_add(event=event, contacts=[ana, ben])

    event_update(
        event=event,
        name="Design night",
        kind=event.kind,
        starts_at=event.starts_at - timedelta(days=1),
        ends_at=event.ends_at - timedelta(days=1),
    )
    attendance_delete(attendance=event.attendances.get(contact=ben))

    reminders = follow_ups(event)
    assert list(reminders) == ["Ana"]
    assert reminders["Ana"].due_on == date(2026, 6, 9)
    assert reminders["Ana"].title == "Follow up with Ana after Design night"


def test_one_dismissed_is_not_made_again(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    event_people_add(event=event, contacts=[ana])
    reminder_dismiss(reminder=follow_ups(event)["Ana"])

    after_event_sync(event=event)

    assert [r.status for r in follow_ups(event).values()] == [ReminderStatus.DISMISSED]


def test_the_database_refuses_a_second_for_one_person_and_event(owner, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    event_people_add(event=event, contacts=[ana])

    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            owner=owner,
            contact=ana,
            event=event,
            kind=ReminderKind.AFTER_EVENT,
            title="Again",
            due_on=date(2026, 6, 12),
            status=ReminderStatus.DONE,
        )
