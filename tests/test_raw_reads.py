"""config.raw_reads turns rows of hand-written SQL into the instances a queryset would give, on
SQLite as on PostgreSQL: converted values, related rows attached, the rest deferred."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.raw_reads import (
    _prepared_form,
    columns,
    constants,
    instances,
    instances_listed,
    moment,
    related_columns,
    rows,
    table,
)
from contacts.models import Contact
from interactions.models import ContactHealth, HealthBand
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


def test_a_reverse_one_to_one_is_attached_both_ways_or_is_none(owner, django_assert_num_queries):
    with_health = ContactFactory(owner=owner, display_name="Ana Lima")
    ContactHealth.objects.create(
        owner=owner,
        contact=with_health,
        score=64,
        band=HealthBand.HEALTHY,
        computed_at=WHEN,
        cadence_days=30,
    )
    ContactFactory(owner=owner, display_name="Bea Costa")

    with django_assert_num_queries(1):
        ana, bea = instances(
            Contact,
            f"SELECT {columns(Contact, 'c', ['id', 'display_name'])},"  # noqa: S608
            f" {related_columns(ContactHealth, 'h', 'health', ['id', 'score', 'band'])}"
            f" FROM {table(Contact)} c LEFT JOIN {table(ContactHealth)} h ON h.contact_id = c.id"
            " ORDER BY c.display_name",
        )
        assert ana.health.score == 64
        assert ana.health.band == HealthBand.HEALTHY
        assert ana.health.contact is ana
    # As select_related leaves it: no health row reads as none, without another query.
    with django_assert_num_queries(0), pytest.raises(Contact.health.RelatedObjectDoesNotExist):
        bea.health  # noqa: B018


def test_placeholders_become_numbered_parameters():
    name, text, taken = _prepared_form("SELECT %s, '100%%' FROM t WHERE a = %s")
    assert name.startswith("raw_") and _prepared_form("SELECT 1")[0] != name
    assert (text, taken) == ("SELECT $1, '100%' FROM t WHERE a = $2", (0, 1))

    _, text, taken = _prepared_form("SELECT %(owner)s WHERE b = %(day)s AND c = %(owner)s")
    assert (text, taken) == ("SELECT $1 WHERE b = $2 AND c = $1", ("owner", "day"))


def test_constants_are_written_in_and_quoted():
    assert constants(8, "open", "it's") == "8, 'open', 'it''s'"


def test_several_reads_in_one_statement_come_back_as_their_lists_each_in_its_order(owner):
    for name in ["Ana", "Ben", "Cleo"]:
        ContactFactory(owner=owner, display_name=name)
    ContactFactory(display_name="Ana Stranger")
    read = f"SELECT c.id, c.display_name FROM {table(Contact)} c WHERE c.owner_id = %s"  # noqa: S608

    listed = instances_listed(
        Contact,
        {
            "last_two": f"{read} ORDER BY c.display_name DESC LIMIT 2",
            "all": read,
        },
        "CASE WHEN listed.listed_in = 'last_two' THEN listed.display_name END DESC,"
        " listed.display_name",
        [owner.pk, owner.pk],
    )

    assert {name: [c.display_name for c in found] for name, found in listed.items()} == {
        "last_two": ["Cleo", "Ben"],
        "all": ["Ana", "Ben", "Cleo"],
    }


def _prepared_names() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements")
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_a_read_is_prepared_once_per_connection(owner):
    ContactFactory(owner=owner, display_name="Ana")
    sql = f"SELECT c.id, c.display_name FROM {table(Contact)} c WHERE c.owner_id = %s"  # noqa: S608
    name = _prepared_form(sql)[0]

    assert [c.display_name for c in instances(Contact, sql, [owner.pk])] == ["Ana"]
    assert name in _prepared_names()
    ana = Contact.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert rows(sql, [owner.pk]) == [(ana.pk, "Ana")]
    # Executed, not prepared again; the PREPARE itself is never among a test's queries.
    assert [q["sql"].split()[0] for q in queries] == ["EXECUTE"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_on_postgresql_a_read_keeps_one_plan_from_its_first_run(owner):
    # Left to choose, PostgreSQL plans each of the first five runs for its values, and may go on
    # doing so; plan_once has every run use the plan made for all values.
    sql = f"SELECT c.id FROM {table(Contact)} c WHERE c.owner_id = %s AND 3 = 3"  # noqa: S608
    for _ in range(3):
        rows(sql, [owner.pk])

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = %s",
            [_prepared_form(sql)[0]],
        )
        assert cursor.fetchone() == (3, 0)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_connections_closed_after_each_request_prepare_nothing(owner):
    kept_for = connection.settings_dict["CONN_MAX_AGE"]
    connection.settings_dict["CONN_MAX_AGE"] = 0
    try:
        sql = f"SELECT c.id FROM {table(Contact)} c WHERE c.owner_id = %s AND 2 = 2"  # noqa: S608
        with CaptureQueriesContext(connection) as queries:
            rows(sql, [owner.pk])
        assert queries[0]["sql"].startswith("SELECT")
        assert _prepared_form(sql)[0] not in _prepared_names()
    finally:
        connection.settings_dict["CONN_MAX_AGE"] = kept_for
