"""The reminders of contacts just created, written without reading anything
(new_contacts_reminders_create, what an import uses): exactly the rows the sync writes for the
same contacts, whatever their tier, cadence and birthday."""

from datetime import UTC, datetime

import pytest
import time_machine

from contacts.models import Contact, Tier
from reminders.models import Reminder
from reminders.services import contact_reminders_sync, new_contacts_reminders_create
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

# 00:30 on 1 January 2027 in Paris (the factories' zone), still 2026 in UTC: the day a contact
# was added, and the next birthday, are the owner's.
NOW = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)

PEOPLE = [
    {"tier": Tier.INNER_CIRCLE},
    {"tier": Tier.CLOSE, "cadence_days": 14},
    {"tier": Tier.NETWORK},
    {"tier": Tier.ACQUAINTANCE},
    {"tier": Tier.ACQUAINTANCE, "cadence_days": 3},
    {"birthday_day": 1, "birthday_month": 1},  # today, in Paris
    {"birthday_day": 31, "birthday_month": 12, "birthday_year": 1990},  # today, in UTC
    {"birthday_day": 29, "birthday_month": 2, "birthday_year": 1988},
    {"birthday_day": 29, "birthday_month": 2, "tier": Tier.INNER_CIRCLE},
    {"birthday_day": 15, "birthday_month": 6, "cadence_days": 45},
    {"archived_at": NOW, "birthday_day": 3, "birthday_month": 3},
    {"display_name": "N" * 200, "birthday_day": 4, "birthday_month": 4},  # titles cut at 200
]
# What a reminder's row holds apart from which row it is and when it was written.
COMPARED = [
    field.attname
    for field in Reminder._meta.concrete_fields
    if field.name not in {"id", "contact", "created_at", "updated_at"}
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def people(owner, name: str) -> list[Contact]:
    return [
        ContactFactory(owner=owner, **{"display_name": f"{name} {n}", **fields})
        for n, fields in enumerate(PEOPLE)
    ]


def written(contacts: list[Contact]) -> list[dict]:
    """The contacts' fields as a set-based write gives them to the service."""
    return [
        {field.attname: getattr(c, field.attname) for field in Contact._meta.concrete_fields}
        for c in contacts
    ]


def reminders_of(contacts: list[Contact]) -> list[list[tuple]]:
    """Per contact, in order: its reminders' rows, without their ids and timestamps."""
    found = []
    for contact in contacts:
        rows = Reminder.objects.filter(contact=contact).order_by("kind").values_list(*COMPARED)
        found.append(sorted(rows))
    return found


def renamed(rows: list[list[tuple]], old: str, new: str) -> list[list[tuple]]:
    return [
        sorted(tuple(v.replace(old, new) if isinstance(v, str) else v for v in r) for r in row)
        for row in rows
    ]


def test_they_are_the_rows_the_sync_writes(owner):
    synced, fresh = people(owner, "Synced"), people(owner, "Fresh")
    assert not Reminder.objects.exists()

    contact_reminders_sync(contact_ids=[c.pk for c in synced])
    result = new_contacts_reminders_create(owner=owner, contacts=written(fresh))

    expected = reminders_of(synced)
    assert renamed(reminders_of(fresh), "Fresh", "Synced") == expected
    assert result.created == sum(len(rows) for rows in expected)
    # The cases above are all there: one per active contact, a birthday for those with one.
    assert [len(rows) for rows in expected] == [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 0, 2]


def test_a_sync_afterwards_finds_nothing_to_change(owner):
    fresh = people(owner, "Fresh")
    new_contacts_reminders_create(owner=owner, contacts=written(fresh))
    before = reminders_of(fresh)

    result = contact_reminders_sync(contact_ids=[c.pk for c in fresh])

    assert (result.created, result.moved, result.removed) == (0, 0, 0)
    assert reminders_of(fresh) == before


def test_fields_left_out_have_their_defaults(owner):
    synced, fresh = ContactFactory(owner=owner), ContactFactory(owner=owner)
    contact_reminders_sync(contact_ids=[synced.pk])

    new_contacts_reminders_create(
        owner=owner,
        contacts=[
            {
                "id": fresh.pk,
                "owner_id": owner.pk,
                "display_name": synced.display_name,
                "created_at": fresh.created_at,
            }
        ],
    )

    assert reminders_of([fresh]) == reminders_of([synced])


@pytest.mark.parametrize("rounds", [1, 5])
def test_it_takes_one_insert_for_any_number_of_contacts(owner, rounds, django_assert_num_queries):
    fresh = [contact for n in range(rounds) for contact in people(owner, f"Fresh{n}")]
    # Keep-in-touch and birthday reminders together, and no read.
    with django_assert_num_queries(1):
        new_contacts_reminders_create(owner=owner, contacts=written(fresh))
    assert Reminder.objects.count() == 17 * rounds


def test_it_refuses_another_users_contacts(owner, stranger):
    theirs = ContactFactory(owner=stranger)

    with pytest.raises(ValueError, match="not user"):
        new_contacts_reminders_create(owner=owner, contacts=written([theirs]))
    assert not Reminder.objects.exists()
