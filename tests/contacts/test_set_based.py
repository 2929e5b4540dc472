"""Writes of many rows in one statement (contacts.services.set_based): every value comes back as
it went in, whatever characters a text holds, on PostgreSQL (array literals) and SQLite (JSON);
rows given as values get what save() would give the fields they leave out."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from contacts.models import Affiliation, Contact, Tier
from contacts.services.set_based import (
    column_update,
    rows_insert,
    rows_insert_returning_ids,
    rows_update,
    values_insert,
)
from reminders.models import Reminder, ReminderKind
from tests.factories import ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

AWKWARD = [
    "",
    " spaced ",
    'a "quoted" name',
    "back\\slash \\\\ and \\",
    "{braces}, commas, and (parentheses)",
    "NULL",
    "null",
    "line\nbreak\ttab",
    "Zoë Ñúñez 李 😀",
    "'single' quotes; --",
]


def test_texts_numbers_dates_and_nulls_come_back_as_they_went_in(owner):
    when = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=ZoneInfo("Europe/Paris"))
    contacts = [
        Contact(
            owner=owner,
            display_name=text or "(empty)",
            notes=text,
            tier=Tier.CLOSE,
            cadence_days=n or None,
            met_on=date(2020, 2, 29) if n % 2 else None,
            archived_at=when if n % 3 else None,
        )
        for n, text in enumerate(AWKWARD)
    ]

    ids = rows_insert_returning_ids(contacts)

    stored = Contact.objects.filter(pk__in=ids).order_by("pk")
    assert [
        (c.display_name, c.notes, c.tier, c.cadence_days, c.met_on, c.archived_at) for c in stored
    ] == [
        (c.display_name, c.notes, "close", c.cadence_days, c.met_on, c.archived_at)
        for c in contacts
    ]
    assert stored[1].archived_at == when and stored[1].archived_at.tzinfo is not None


def test_booleans_and_times_come_back_as_they_went_in(owner):
    contact = ContactFactory(owner=owner)
    acme = OrganizationFactory(owner=owner)
    rows_insert(
        [
            Affiliation(owner=owner, contact=contact, organization=acme, role=role, is_current=now)
            for role, now in (("CTO", True), ("Founder", False))
        ]
    )
    rows_insert(
        [
            Reminder(
                owner=owner, contact=contact, title=title, due_on=date(2026, 1, 5), due_time=at
            )
            for title, at in (("morning", time(9, 30)), ("any time", None))
        ]
    )

    assert sorted(Affiliation.objects.values_list("role", "is_current")) == [
        ("CTO", True),
        ("Founder", False),
    ]
    assert sorted(Reminder.objects.values_list("title", "due_time", "kind")) == [
        ("any time", None, ReminderKind.FOLLOW_UP),
        ("morning", time(9, 30), ReminderKind.FOLLOW_UP),
    ]


def test_updates_write_the_same_values(owner):
    contacts = ContactFactory.create_batch(len(AWKWARD), owner=owner)
    for contact, text in zip(contacts, AWKWARD, strict=True):
        contact.notes, contact.met_on = text, date(1999, 12, 31)

    rows_update(contacts, ["notes", "met_on"])
    column_update(
        Contact, "location", {c.pk: text for c, text in zip(contacts, AWKWARD[::-1], strict=True)}
    )

    stored = Contact.objects.filter(owner=owner).order_by("pk")
    assert [(c.notes, c.location, c.met_on) for c in stored] == [
        (text, other, date(1999, 12, 31))
        for text, other in zip(AWKWARD, AWKWARD[::-1], strict=True)
    ]


def test_an_aware_datetime_of_any_zone_is_the_same_instant(owner):
    moments = [
        datetime(2026, 1, 1, 0, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 2, 30, tzinfo=ZoneInfo("Europe/Paris"), fold=1),
        datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("America/Sao_Paulo")),
    ]
    ids = rows_insert_returning_ids(
        [Contact(owner=owner, display_name=f"n{n}", archived_at=m) for n, m in enumerate(moments)]
    )

    stored = Contact.objects.filter(pk__in=ids).order_by("pk")
    # As UTC: a time in a fold (the hour repeated when summer time ends) never equals one of
    # another zone in Python, even at the same instant.
    assert [c.archived_at.astimezone(UTC) for c in stored] == [m.astimezone(UTC) for m in moments]


def test_values_take_the_defaults_and_times_save_would_give(owner):
    contact = ContactFactory(owner=owner)
    base = {"owner_id": owner.pk, "contact_id": contact.pk, "due_on": date(2026, 1, 5)}
    before = timezone.now()

    values_insert(
        Reminder,
        [
            {**base, "title": "plain"},
            {**base, "title": "yearly", "recur_every": 1, "recur_unit": "years", "notice_days": 7},
        ],
    )

    plain, yearly = Reminder.objects.order_by("title")
    assert (plain.kind, plain.status, plain.notice_days, plain.recur_every, plain.recur_unit) == (
        ReminderKind.FOLLOW_UP,
        "open",
        0,
        None,
        "",
    )
    assert (yearly.notice_days, yearly.recur_every, yearly.recur_unit) == (7, 1, "years")
    # The database's own column follows (due less the notice).
    assert yearly.remind_on == date(2025, 12, 29)
    # One time per field for the whole statement.
    assert before <= plain.created_at == yearly.created_at <= timezone.now()
    assert before <= plain.updated_at == yearly.updated_at <= timezone.now()


def test_values_for_a_field_the_model_lacks_are_refused(owner):
    with pytest.raises(ValueError, match=r"no field to give \['contact'\]"):
        values_insert(Reminder, [{"owner_id": owner.pk, "contact": 1, "due_on": date(2026, 1, 5)}])
    with pytest.raises(ValueError, match="created_at"):
        values_insert(Reminder, [{"owner_id": owner.pk, "created_at": timezone.now()}])
    assert not Reminder.objects.exists()
