"""One reminder at a time: create, edit, done (with its next occurrence), snooze, dismiss, undo,
delete."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine

from contacts.services.contacts import contact_create
from interactions.models import InteractionKind
from interactions.services.events import event_create, event_people_add
from interactions.services.interactions import interaction_log
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services import (
    follow_up_create,
    reminder_complete,
    reminder_create,
    reminder_delete,
    reminder_dismiss,
    reminder_reopen,
    reminder_snooze,
    reminder_update,
    snooze_next_week,
    snooze_tomorrow,
)
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 10 June 2026, 11:00 in Paris.
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def follow_up(owner, **kwargs) -> Reminder:
    return reminder_create(
        owner=owner, title=kwargs.pop("title", "Send the deck"), due_on=date(2026, 6, 12), **kwargs
    )


def series(owner, *, every=1, unit="weeks", due_on=date(2026, 6, 8), **kwargs) -> Reminder:
    return reminder_create(
        owner=owner,
        title="Weekly review",
        due_on=due_on,
        kind=ReminderKind.RECURRING,
        recur_every=every,
        recur_unit=unit,
        **kwargs,
    )


def test_a_follow_up_is_created_open_about_the_owners_contact(owner):
    contact = ContactFactory(owner=owner)

    reminder = follow_up(owner, contact=contact, due_time=time(15, 0), note="**Bring** it")

    reminder.refresh_from_db()
    assert (reminder.status, reminder.kind, reminder.contact) == (
        ReminderStatus.OPEN,
        ReminderKind.FOLLOW_UP,
        contact,
    )
    assert reminder.remind_on == date(2026, 6, 12)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": "  "}, "title"),
        ({"kind": ReminderKind.KEEP_IN_TOUCH}, "made by Rapport"),
        ({"kind": ReminderKind.BIRTHDAY}, "made by Rapport"),
        ({"recur_every": 2}, "both"),
        ({"recur_every": 2, "recur_unit": "weeks"}, "happens once"),
        ({"kind": ReminderKind.RECURRING}, "needs a recurrence"),
        ({"notice_days": 400}, "Notice"),
    ],
)
def test_what_a_reminder_cannot_be_is_refused(owner, kwargs, message):
    with pytest.raises(ValueError, match=message):
        follow_up(owner, **kwargs)
    assert not Reminder.objects.exists()


def test_another_users_contact_is_refused(owner, stranger):
    with pytest.raises(ValueError, match="owner's own"):
        follow_up(owner, contact=ContactFactory(owner=stranger))


def test_follow_up_in_two_weeks_while_logging(owner):
    ana = ContactFactory(owner=owner, display_name="Ana")
    interaction = interaction_log(
        owner=owner, occurred_at=NOW, kind=InteractionKind.COFFEE, contacts=[ana], summary="Jobs"
    )

    reminder = follow_up_create(interaction=interaction, due_on=date(2026, 6, 24))

    assert (reminder.title, reminder.contact, reminder.interaction, reminder.note) == (
        "Follow up with Ana",
        ana,
        interaction,
        "Jobs",
    )


def test_a_follow_up_with_several_people_names_them_and_is_about_none(owner):
    people = [ContactFactory(owner=owner, display_name=n) for n in ("Ana", "Ben", "Cy", "Di")]
    interaction = interaction_log(
        owner=owner, occurred_at=NOW, kind=InteractionKind.COFFEE, contacts=people
    )

    reminder = follow_up_create(interaction=interaction, due_on=date(2026, 6, 24))

    assert reminder.title == "Follow up with Ana, Ben, Cy and 1 more"
    assert reminder.contact is None


def test_editing_the_day_ends_a_snooze_and_a_recurrence_makes_it_recurring(owner):
    reminder = follow_up(owner)
    reminder_snooze(reminder=reminder, until=date(2026, 6, 15))

    reminder_update(
        reminder=reminder,
        fields={"due_on": date(2026, 7, 1), "recur_every": 1, "recur_unit": "months"},
    )

    reminder.refresh_from_db()
    assert (reminder.status, reminder.snoozed_until, reminder.kind, reminder.recur_anchor) == (
        ReminderStatus.OPEN,
        None,
        ReminderKind.RECURRING,
        date(2026, 7, 1),
    )


def test_a_rules_reminder_keeps_its_day_and_title(owner):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    reminder = Reminder.objects.get(contact=contact, kind=ReminderKind.KEEP_IN_TOUCH)

    with pytest.raises(ValueError, match="due_on"):
        reminder_update(reminder=reminder, fields={"due_on": date(2026, 7, 1)})
    reminder_update(reminder=reminder, fields={"note": "Ask about the move"})
    assert Reminder.objects.get(pk=reminder.pk).note == "Ask about the move"


@pytest.mark.parametrize(
    ("every", "unit", "due_on", "due_time", "next_due"),
    [
        (1, "weeks", date(2026, 6, 8), None, date(2026, 6, 15)),  # done late: the next Monday
        (1, "weeks", date(2026, 6, 1), None, date(2026, 6, 15)),  # two late: still the next one
        (1, "days", date(2026, 6, 10), time(18, 0), date(2026, 6, 11)),  # early today
        (1, "days", date(2026, 6, 10), time(10, 0), date(2026, 6, 11)),
        (1, "months", date(2026, 5, 31), None, date(2026, 6, 30)),
        (1, "years", date(2026, 6, 12), None, date(2027, 6, 12)),  # done early
    ],
)
def test_done_schedules_the_next_occurrence(owner, every, unit, due_on, due_time, next_due):
    reminder = series(owner, every=every, unit=unit, due_on=due_on, due_time=due_time)

    reminder_complete(reminder=reminder)

    following = reminder.next_occurrence
    assert (reminder.status, reminder.completed_at) == (ReminderStatus.DONE, NOW)
    assert (following.due_on, following.due_time, following.status) == (
        next_due,
        due_time,
        ReminderStatus.OPEN,
    )
    assert (following.title, following.recur_unit, following.recur_anchor) == (
        "Weekly review",
        unit,
        due_on,
    )


def test_done_twice_is_done_once(owner):
    reminder = series(owner)
    reminder_complete(reminder=reminder)

    reminder_complete(reminder=Reminder.objects.get(pk=reminder.pk))

    assert Reminder.objects.filter(status__in=PENDING_STATUSES).count() == 1


def test_dismissing_a_series_skips_to_the_next_occurrence(owner):
    reminder = series(owner)

    reminder_dismiss(reminder=reminder)

    assert reminder.status == ReminderStatus.DISMISSED
    assert reminder.next_occurrence.due_on == date(2026, 6, 15)


def test_undo_takes_the_next_occurrence_away_again(owner):
    reminder = series(owner)
    reminder_complete(reminder=reminder)

    reminder_reopen(reminder=reminder)

    assert list(Reminder.objects.values_list("pk", "status")) == [
        (reminder.pk, ReminderStatus.OPEN)
    ]
    assert reminder.completed_at is None


def test_undo_of_a_snoozed_reminder_snoozes_it_again(owner):
    reminder = follow_up(owner)
    reminder_snooze(reminder=reminder, until=date(2026, 6, 15))
    reminder_dismiss(reminder=reminder)

    reminder_reopen(reminder=reminder)

    assert (reminder.status, reminder.snoozed_until) == (ReminderStatus.SNOOZED, date(2026, 6, 15))


def test_done_with_an_interaction_logs_it_and_closes_after_event_ones_too(owner):
    ana = ContactFactory(owner=owner, display_name="Ana")
    event = event_create(owner=owner, name="Meetup", starts_at=datetime(2026, 6, 8, tzinfo=UTC))
    event_people_add(event=event, contacts=[ana])
    after = Reminder.objects.get(kind=ReminderKind.AFTER_EVENT)

    reminder_complete(
        reminder=after,
        log_interaction={
            "kind": InteractionKind.EMAIL,
            "occurred_at": datetime(2026, 6, 9, 8, 0, tzinfo=UTC),
            "summary": "Sent the slides",
        },
    )

    logged = ana.interactions.get(kind=InteractionKind.EMAIL)
    assert logged.summary == "Sent the slides"
    assert Reminder.objects.get(pk=after.pk).status == ReminderStatus.DONE


def test_a_series_does_not_log_interactions(owner):
    with pytest.raises(ValueError, match="do not log"):
        reminder_complete(reminder=series(owner), log_interaction={"kind": "call"})
    assert not Reminder.objects.filter(status=ReminderStatus.DONE).exists()


@pytest.mark.parametrize(
    ("time_zone", "tomorrow", "next_week"),
    [
        ("Europe/Paris", date(2026, 6, 11), date(2026, 6, 15)),
        # 09:00 UTC on Wednesday is still 23:00 on Tuesday in Honolulu.
        ("Pacific/Honolulu", date(2026, 6, 10), date(2026, 6, 15)),
        ("Pacific/Kiritimati", date(2026, 6, 11), date(2026, 6, 15)),
    ],
)
def test_tomorrow_and_next_week_are_on_the_owners_calendar(time_zone, tomorrow, next_week):
    user = UserFactory(username="traveller", time_zone=time_zone)

    assert snooze_tomorrow(user=user) == tomorrow
    assert snooze_next_week(user=user) == next_week


def test_next_week_on_a_monday_is_the_monday_after():
    user = UserFactory(username="monday", time_zone="UTC")
    with time_machine.travel(datetime(2026, 6, 8, 9, 0, tzinfo=UTC), tick=False):
        assert snooze_next_week(user=user) == date(2026, 6, 15)


@pytest.mark.parametrize("until", [date(2026, 6, 10), date(2026, 6, 1), date(2027, 7, 1)])
def test_a_snooze_is_to_a_day_after_today_and_within_a_year(owner, until):
    reminder = follow_up(owner)

    with pytest.raises(ValueError, match="Snooze"):
        reminder_snooze(reminder=reminder, until=until)
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.OPEN


def test_a_snooze_hides_it_until_that_day(owner):
    reminder = follow_up(owner)

    reminder_snooze(reminder=reminder, until=date(2026, 6, 15))

    assert (reminder.status, reminder.remind_on) == (ReminderStatus.SNOOZED, date(2026, 6, 15))


def test_only_the_users_own_kinds_can_be_deleted(owner):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    keep = Reminder.objects.get(contact=contact)
    mine = follow_up(owner)

    with pytest.raises(ValueError, match="dismiss it instead"):
        reminder_delete(reminder=keep)
    reminder_delete(reminder=mine)

    assert list(Reminder.objects.values_list("pk", flat=True)) == [keep.pk]


def test_undo_of_a_snooze_makes_it_open_today(owner):
    reminder = follow_up(owner)
    reminder_snooze(reminder=reminder, until=date(2026, 6, 15))

    reminder_reopen(reminder=reminder)

    assert (reminder.status, reminder.snoozed_until, reminder.remind_on) == (
        ReminderStatus.OPEN,
        None,
        date(2026, 6, 12),
    )
