"""Birthdays: one pending birthday reminder per contact with a birthday, for its next
occurrence, shown a week ahead; 29 February and birthdays without a year included."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction

from contacts.services.contacts import (
    contact_archive,
    contact_create,
    contact_unarchive,
    contact_update,
)
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services import (
    birthday_sync,
    reminder_complete,
    reminder_dismiss,
    reminder_reopen,
    reminder_snooze,
    reminder_update,
    reminders_materialize,
)
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 9):
    moment = datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)
    return time_machine.travel(moment, tick=False)


def birthdays(contact) -> list[Reminder]:
    return list(
        Reminder.objects.filter(
            contact=contact, kind=ReminderKind.BIRTHDAY, status__in=PENDING_STATUSES
        )
    )


def the_one(contact) -> Reminder:
    reminders = birthdays(contact)
    assert len(reminders) == 1, reminders
    return reminders[0]


def born(owner, day, month, year=None):
    return contact_create(
        owner=owner,
        fields={
            "display_name": "Ana López",
            "birthday_day": day,
            "birthday_month": month,
            "birthday_year": year,
        },
    )


@pytest.mark.parametrize(
    ("today", "day", "month", "year", "due_on", "shows_on"),
    [
        ("2026-03-01", 12, 4, 1985, "2026-04-12", "2026-04-05"),
        ("2026-03-01", 12, 4, None, "2026-04-12", "2026-04-05"),  # no year: the same
        ("2026-04-12", 12, 4, None, "2026-04-12", "2026-04-05"),  # today: today's
        ("2026-04-13", 12, 4, None, "2027-04-12", "2027-04-05"),  # passed: next year's
        ("2027-01-10", 29, 2, None, "2027-02-28", "2027-02-21"),  # not a leap year
        ("2027-03-01", 29, 2, 1988, "2028-02-29", "2028-02-22"),  # a leap year
        ("2026-12-30", 2, 1, None, "2027-01-02", "2026-12-26"),  # notice across the new year
    ],
)
def test_the_reminder_is_for_the_next_birthday_a_week_ahead(
    owner, today, day, month, year, due_on, shows_on
):
    with at(today):
        contact = born(owner, day, month, year)

    reminder = the_one(contact)
    assert reminder.due_on == date.fromisoformat(due_on)
    assert reminder.remind_on == date.fromisoformat(shows_on)
    assert reminder.notice_days == 7
    assert reminder.title == "Ana López's birthday"


def test_a_contact_without_a_birthday_has_none(owner):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})

    assert birthdays(contact) == []


def test_the_database_refuses_a_second_pending_one(owner):
    with at("2026-03-01"):
        contact = born(owner, 12, 4)

    with pytest.raises(IntegrityError), transaction.atomic():
        Reminder.objects.create(
            owner=owner,
            contact=contact,
            kind=ReminderKind.BIRTHDAY,
            title="Again",
            due_on=date(2027, 4, 12),
        )


def test_changing_the_birthday_moves_it_and_clearing_it_removes_it(owner):
    with at("2026-03-01"):
        contact = born(owner, 12, 4)
        first = the_one(contact)

        contact_update(contact=contact, fields={"birthday_day": 20, "birthday_month": 3})
        moved = the_one(contact)
        assert (moved.pk, moved.due_on) == (first.pk, date(2026, 3, 20))

        contact_update(
            contact=contact,
            fields={"birthday_day": None, "birthday_month": None, "birthday_year": None},
        )
        assert birthdays(contact) == []


def test_archiving_removes_it_and_unarchiving_brings_it_back(owner):
    with at("2026-03-01"):
        contact = born(owner, 12, 4)
        contact_archive(contact=contact)
        assert birthdays(contact) == []

        contact_unarchive(contact=contact)
        assert the_one(contact).due_on == date(2026, 4, 12)


@pytest.mark.parametrize("close", [reminder_complete, reminder_dismiss])
def test_done_or_dismissed_in_the_notice_week_next_years_appears(owner, close):
    with at("2026-04-08"):
        contact = born(owner, 12, 4)
        this_year = the_one(contact)

        close(reminder=this_year)
        assert the_one(contact).due_on == date(2027, 4, 12)

        # An edit of the contact re-syncs the birthday: this year's does not come back.
        contact_update(contact=contact, fields={"notes": "Send a card"})
        assert the_one(contact).due_on == date(2027, 4, 12)


def test_undoing_done_brings_this_years_back_instead_of_next_years(owner):
    with at("2026-04-08"):
        contact = born(owner, 12, 4)
        this_year = the_one(contact)
        reminder_complete(reminder=this_year)

        reminder_reopen(reminder=this_year)

        assert the_one(contact).pk == this_year.pk
        assert this_year.due_on == date(2026, 4, 12)


def test_29_february_done_in_a_leap_year_comes_back_on_28_february(owner):
    with at("2028-02-25"):
        contact = born(owner, 29, 2)
        reminder_complete(reminder=the_one(contact))

        assert the_one(contact).due_on == date(2029, 2, 28)


def test_a_birthday_that_passes_undone_moves_to_next_year_the_day_after(owner):
    with at("2026-04-01"):
        contact = born(owner, 12, 4)
        reminder = the_one(contact)
    with at("2026-04-12", hour=21):  # 23:00 in Paris: still the day
        reminders_materialize()
        reminder.refresh_from_db()
        assert reminder.due_on == date(2026, 4, 12)
    with at("2026-04-12", hour=22):  # midnight in Paris
        reminders_materialize()
        reminder.refresh_from_db()
        assert (reminder.due_on, reminder.status) == (date(2027, 4, 12), ReminderStatus.OPEN)


def test_a_birthday_snoozed_past_its_day_stays_until_the_snooze_ends(owner):
    with at("2026-04-12"):
        contact = born(owner, 12, 4)
        reminder = reminder_snooze(reminder=the_one(contact), until=date(2026, 4, 13))
    with at("2026-04-13"):
        reminders_materialize()
        contact_update(contact=contact, fields={"notes": "Called"})
        reminder.refresh_from_db()
        assert (reminder.due_on, reminder.status) == (date(2026, 4, 12), ReminderStatus.OPEN)
    with at("2026-04-14"):
        reminders_materialize()
        reminder.refresh_from_db()
        assert reminder.due_on == date(2027, 4, 12)


def test_an_edited_notice_is_kept(owner):
    with at("2026-03-01"):
        contact = born(owner, 12, 4)
        reminder_update(reminder=the_one(contact), fields={"notice_days": 14})
        contact_update(contact=contact, fields={"birthday_day": 14, "birthday_month": 4})

        reminder = the_one(contact)
        assert (reminder.notice_days, reminder.remind_on) == (14, date(2026, 3, 31))


def test_the_sync_repairs_contacts_made_without_the_services(owner):
    with at("2026-03-01"):
        people = [
            ContactFactory(owner=owner, birthday_day=day, birthday_month=4) for day in (1, 2, 3)
        ]
        ContactFactory(owner=owner)

        assert birthday_sync(owner=owner).created == 3
        assert [the_one(p).due_on.day for p in people] == [1, 2, 3]
        assert birthday_sync(owner=owner).created == 0
