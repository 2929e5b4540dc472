"""config.raw_reads turns rows of hand-written SQL into the instances a queryset would give, on
SQLite as on PostgreSQL: converted values, related rows attached, the rest deferred."""

from datetime import UTC, date, datetime

import pytest

from config.raw_reads import columns, instances, moment, related_columns, table
from contacts.models import Contact
from reminders.models import Reminder
from tests.factories import ContactFactory, ReminderFactory

pytestmark = pytest.mark.django_db

WHEN = datetime(2026, 3, 4, 5, 6, 7, tzinfo=UTC)


def _reminders(sql_where: str = "", params=()) -> list[Reminder]:
    return instances(
        Reminder,
        f"SELECT {columns(Reminder, 'r', ['id', 'title', 'due_on', 'completed_at', 'contact'])},"  # noqa: S608
        f" {related_columns(Contact, 'c', 'contact', ['display_name', 'updated_at'])},"
        " 41 + 1 AS answer"
        f" FROM {table(Reminder)} r LEFT JOIN {table(Contact)} c ON c.id = r.contact_id"
        f" {sql_where} ORDER BY r.id",
        params,
    )


def test_values_read_as_the_orm_reads_them(owner):
    made = ReminderFactory(owner=owner, due_on=date(2026, 3, 9), completed_at=WHEN)

    [reminder] = _reminders()

    assert isinstance(reminder, Reminder)
    assert reminder.pk == made.pk
    assert reminder.title == made.title
    assert reminder.due_on == date(2026, 3, 9)
    # Aware, in UTC, on SQLite too (which stores text).
    assert reminder.completed_at == WHEN
    assert reminder.completed_at.utcoffset() is not None
    assert reminder.answer == 42


def test_related_rows_are_attached_without_a_query(owner, django_assert_num_queries):
    contact = ContactFactory(owner=owner, display_name="Ana Lima")
    ReminderFactory(owner=owner, contact=contact)
    ReminderFactory(owner=owner, contact=None)
    saved_at = Contact.objects.get(pk=contact.pk).updated_at

    with django_assert_num_queries(1):
        with_contact, without = _reminders()
        assert with_contact.contact.display_name == "Ana Lima"
        assert with_contact.contact.pk == contact.pk
        assert with_contact.contact.updated_at == saved_at
        assert without.contact is None


def test_fields_left_out_are_deferred(owner, django_assert_num_queries):
    ReminderFactory(owner=owner, note="Bring the book")
    [reminder] = _reminders()

    assert reminder.get_deferred_fields() >= {"note", "status"}
    with django_assert_num_queries(1):
        assert reminder.note == "Bring the book"


def test_a_datetime_parameter_compares_as_the_orm_compares_it(owner):
    ReminderFactory(owner=owner, completed_at=WHEN)

    assert len(_reminders("WHERE r.completed_at >= %s", [moment(WHEN)])) == 1
    assert _reminders("WHERE r.completed_at > %s", [moment(WHEN)]) == []
