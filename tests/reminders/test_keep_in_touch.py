"""Keep in touch: every active contact has exactly one pending keep-in-touch reminder, due one
cadence after the last time the user was in touch, and every service that changes that keeps it
so (see reminders/services/keep_in_touch.py)."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from contacts.models import Tier
from contacts.services.contacts import (
    contact_archive,
    contact_create,
    contact_delete,
    contact_unarchive,
    contact_update,
)
from interactions.models import InteractionKind
from interactions.services.interactions import (
    interaction_delete,
    interaction_log,
    interaction_update,
)
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services import (
    keep_in_touch_due_on,
    keep_in_touch_sync,
    reminder_complete,
    reminder_dismiss,
    reminder_reopen,
    reminder_snooze,
)
from tests.factories import ContactFactory, InteractionFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Wednesday, mid-morning in Paris (the factories' zone).
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def keep_in_touch(contact) -> list[Reminder]:
    return list(
        Reminder.objects.filter(
            contact=contact, kind=ReminderKind.KEEP_IN_TOUCH, status__in=PENDING_STATUSES
        )
    )


def the_one(contact) -> Reminder:
    reminders = keep_in_touch(contact)
    assert len(reminders) == 1, reminders
    return reminders[0]


def new_contact(owner, **fields):
    return contact_create(owner=owner, fields={"display_name": "Ana López", **fields})


def log(owner, contact, when, **kwargs):
    return interaction_log(
        owner=owner, occurred_at=when, kind=InteractionKind.COFFEE, contacts=[contact], **kwargs
    )


@pytest.mark.parametrize(
    ("cadence", "added", "last", "expected"),
    [
        (30, date(2026, 6, 1), None, date(2026, 7, 1)),  # never in touch: from the day added
        (30, date(2026, 6, 1), date(2026, 1, 10), date(2026, 2, 9)),  # back-dated: overdue
        (7, date(2026, 6, 1), date(2026, 6, 9), date(2026, 6, 16)),
        (365, date(2024, 2, 29), None, date(2025, 2, 28)),
    ],
)
def test_the_due_day_is_one_cadence_after_the_last_touch(cadence, added, last, expected):
    assert (
        keep_in_touch_due_on(cadence_days=cadence, added_on=added, last_in_touch_on=last)
        == expected
    )


def test_a_new_contact_gets_one_due_one_cadence_after_it_was_added(owner):
    contact = new_contact(owner, tier=Tier.CLOSE)

    reminder = the_one(contact)
    assert reminder.due_on == date(2026, 7, 10)  # 30 days, the close tier's default
    assert reminder.title == "Keep in touch with Ana López"
    assert reminder.owner == owner
    assert reminder.remind_on == reminder.due_on


def test_the_database_refuses_a_second_pending_one(owner):
    contact = new_contact(owner)
    second = Reminder(
        owner=owner,
        contact=contact,
        kind=ReminderKind.KEEP_IN_TOUCH,
        title="Another",
        due_on=date(2026, 7, 1),
        status=ReminderStatus.SNOOZED,
        snoozed_until=date(2026, 7, 2),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    assert len(keep_in_touch(contact)) == 1


def test_the_database_allows_closed_ones_beside_the_pending_one(owner):
    contact = new_contact(owner)
    for status in (ReminderStatus.DONE, ReminderStatus.DISMISSED):
        Reminder.objects.create(
            owner=owner,
            contact=contact,
            kind=ReminderKind.KEEP_IN_TOUCH,
            title="Old",
            due_on=date(2026, 1, 1),
            status=status,
        )
    assert len(keep_in_touch(contact)) == 1


def test_logging_moves_it_using_the_interactions_own_day(owner):
    contact = new_contact(owner, tier=Tier.CLOSE)

    log(owner, contact, datetime(2026, 6, 9, 18, 0, tzinfo=UTC))

    assert the_one(contact).due_on == date(2026, 7, 9)


def test_a_back_dated_log_counts_and_can_make_it_overdue(owner):
    contact = new_contact(owner, tier=Tier.CLOSE)

    log(owner, contact, datetime(2026, 1, 10, 12, 0, tzinfo=UTC))

    assert the_one(contact).due_on == date(2026, 2, 9)


def test_the_day_is_the_owners_not_utcs():
    # 23:30 UTC on 9 June is already 10 June in Auckland and still 9 June in New York.
    auckland = UserFactory(username="kiri", time_zone="Pacific/Auckland")
    new_york = UserFactory(username="nina", time_zone="America/New_York")
    when = datetime(2026, 6, 9, 23, 30, tzinfo=UTC)
    dues = []
    for user in (auckland, new_york):
        contact = new_contact(user, cadence_days=10)
        log(user, contact, when)
        dues.append(the_one(contact).due_on)

    assert dues == [date(2026, 6, 20), date(2026, 6, 19)]


def test_an_older_log_than_the_last_changes_nothing(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 6, 5, 12, 0, tzinfo=UTC))

    log(owner, contact, datetime(2026, 5, 1, 12, 0, tzinfo=UTC))

    assert the_one(contact).due_on == date(2026, 6, 15)


def test_deleting_the_last_interaction_moves_it_back(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 5, 1, 12, 0, tzinfo=UTC))
    latest = log(owner, contact, datetime(2026, 6, 5, 12, 0, tzinfo=UTC))

    interaction_delete(interaction=latest)

    assert the_one(contact).due_on == date(2026, 5, 11)


def test_deleting_the_only_interaction_counts_from_the_day_added_again(owner):
    contact = new_contact(owner, cadence_days=10)
    only = log(owner, contact, datetime(2026, 6, 5, 12, 0, tzinfo=UTC))

    interaction_delete(interaction=only)

    assert the_one(contact).due_on == date(2026, 6, 20)


def test_editing_the_interactions_day_moves_it_with_it(owner):
    contact = new_contact(owner, cadence_days=10)
    interaction = log(owner, contact, datetime(2026, 6, 5, 12, 0, tzinfo=UTC))

    interaction_update(
        interaction=interaction,
        occurred_at=datetime(2026, 4, 1, 12, 0, tzinfo=UTC),
        kind=interaction.kind,
        contacts=[contact],
        initiated_by=interaction.initiated_by,
    )

    assert the_one(contact).due_on == date(2026, 4, 11)


def test_taking_someone_off_an_interaction_moves_theirs_back(owner):
    ana, ben = new_contact(owner, cadence_days=10), new_contact(owner, cadence_days=10)
    interaction = interaction_log(
        owner=owner,
        occurred_at=datetime(2026, 6, 5, 12, 0, tzinfo=UTC),
        kind=InteractionKind.CALL,
        contacts=[ana, ben],
    )

    interaction_update(
        interaction=interaction,
        occurred_at=interaction.occurred_at,
        kind=interaction.kind,
        contacts=[ana],
        initiated_by=interaction.initiated_by,
    )

    assert the_one(ana).due_on == date(2026, 6, 15)
    assert the_one(ben).due_on == date(2026, 6, 20)  # added on 10 June, never in touch now


def test_a_new_tier_or_cadence_moves_it(owner):
    contact = new_contact(owner, tier=Tier.NETWORK)
    assert the_one(contact).due_on == date(2026, 9, 8)  # 90 days

    contact_update(contact=contact, fields={"tier": Tier.INNER_CIRCLE})
    assert the_one(contact).due_on == date(2026, 6, 17)

    contact_update(contact=contact, fields={"cadence_days": 3})
    assert the_one(contact).due_on == date(2026, 6, 13)


def test_a_new_name_renames_it(owner):
    contact = new_contact(owner)

    contact_update(contact=contact, fields={"display_name": "Ana María López"})

    assert the_one(contact).title == "Keep in touch with Ana María López"


def test_archiving_closes_it_and_unarchiving_brings_it_back_due_as_before(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 6, 5, 12, 0, tzinfo=UTC))

    contact_archive(contact=contact)
    assert keep_in_touch(contact) == []

    contact_unarchive(contact=contact)
    assert the_one(contact).due_on == date(2026, 6, 15)


def test_deleting_the_contact_removes_it(owner):
    contact = new_contact(owner)
    pk = the_one(contact).pk

    contact_delete(contact=contact)

    assert not Reminder.objects.filter(pk=pk).exists()


def test_done_without_logging_counts_as_in_touch_today(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    overdue = the_one(contact)

    reminder_complete(reminder=overdue)

    overdue.refresh_from_db()
    assert overdue.status == ReminderStatus.DONE
    assert the_one(contact).due_on == date(2026, 6, 20)


def test_done_with_logging_logs_the_interaction_and_moves_it(owner):
    contact = new_contact(owner, cadence_days=10)
    reminder = the_one(contact)

    reminder_complete(
        reminder=reminder,
        log_interaction={"kind": InteractionKind.CALL, "summary": "Caught up"},
    )

    interaction = contact.interactions.get()
    assert (interaction.kind, interaction.summary) == (InteractionKind.CALL, "Caught up")
    assert interaction.occurred_at == NOW
    assert the_one(contact).due_on == date(2026, 6, 20)
    assert Reminder.objects.get(pk=reminder.pk).status == ReminderStatus.DONE


def test_dismissing_skips_one_round(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 1, 5, 12, 0, tzinfo=UTC))

    reminder_dismiss(reminder=the_one(contact))

    assert the_one(contact).due_on == date(2026, 6, 20)


def test_undoing_done_brings_back_the_same_reminder_and_only_it(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 1, 5, 12, 0, tzinfo=UTC))
    overdue = the_one(contact)
    reminder_complete(reminder=overdue)

    reminder_reopen(reminder=overdue)

    assert the_one(contact).pk == overdue.pk
    assert overdue.due_on == date(2026, 1, 15)
    assert overdue.status == ReminderStatus.OPEN


def test_a_snooze_is_kept_while_the_due_day_stays_and_ends_when_it_moves(owner):
    contact = new_contact(owner, cadence_days=10)
    log(owner, contact, datetime(2026, 6, 1, 12, 0, tzinfo=UTC))
    reminder_snooze(reminder=the_one(contact), until=date(2026, 6, 20))

    contact_update(contact=contact, fields={"notes": "Likes jazz"})
    assert the_one(contact).status == ReminderStatus.SNOOZED

    log(owner, contact, datetime(2026, 6, 9, 12, 0, tzinfo=UTC))
    moved = the_one(contact)
    assert (moved.status, moved.snoozed_until, moved.due_on) == (
        ReminderStatus.OPEN,
        None,
        date(2026, 6, 19),
    )


def test_the_sync_repairs_contacts_made_without_the_services(owner):
    contacts = ContactFactory.create_batch(3, owner=owner, tier=Tier.CLOSE)
    archived = ContactFactory(owner=owner, archived_at=NOW)

    result = keep_in_touch_sync(owner=owner)

    assert result.created == 3
    assert [the_one(c).due_on for c in contacts] == [date(2026, 7, 10)] * 3
    assert keep_in_touch(archived) == []
    assert keep_in_touch_sync(owner=owner).created == 0  # safe to run again


@pytest.fixture(params=[5, 60], ids=["5 contacts", "60 contacts"])
def many(request, owner):
    contacts = ContactFactory.create_batch(request.param, owner=owner)
    for index, contact in enumerate(contacts):
        InteractionFactory(
            owner=owner,
            participants=[contact],
            occurred_at=NOW - timedelta(days=index),
        )
    keep_in_touch_sync(contact_ids=[c.pk for c in contacts[::2]])
    return contacts


def test_the_sync_takes_a_few_queries_whatever_the_number_of_contacts(
    many, django_assert_num_queries
):
    # a savepoint, lock and read the contacts, last interactions, last closed reminders, the
    # pending ones, then one update and one insert (every other contact has one already, due on
    # a wrong day), and the savepoint's release
    Reminder.objects.filter(kind=ReminderKind.KEEP_IN_TOUCH).update(due_on=date(2026, 1, 1))
    with django_assert_num_queries(8):
        result = keep_in_touch_sync(contact_ids=[c.pk for c in many])
    assert result.created == len(many) // 2
    assert result.moved == (len(many) + 1) // 2
    for index, contact in enumerate(many):
        assert the_one(contact).due_on == (NOW - timedelta(days=index)).date() + timedelta(days=90)


# --- Races, on PostgreSQL's row locks -----------------------------------------------------------


def _in_threads(*jobs):
    """Run each job in its own thread and database connection, all starting together."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as error:  # collected and re-raised in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    if errors:
        raise errors[0]


@pytest.fixture
def postgresql_only():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once need PostgreSQL (SQLite runs one writer at a time)")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("attempt", range(3))
def test_two_interactions_logged_at_once_leave_one_reminder_due_after_the_later(
    postgresql_only, attempt
):
    owner = UserFactory(username=f"racer{attempt}")
    contact = new_contact(owner, cadence_days=10)
    days = (datetime(2026, 6, 1, 12, 0, tzinfo=UTC), datetime(2026, 6, 8, 12, 0, tzinfo=UTC))

    _in_threads(*(lambda when=when: log(owner, contact, when) for when in days))

    assert the_one(contact).due_on == date(2026, 6, 18)


@pytest.mark.django_db(transaction=True)
def test_two_syncs_creating_the_same_reminder_at_once_make_one(postgresql_only):
    owner = UserFactory(username="racer")
    contacts = ContactFactory.create_batch(20, owner=owner)
    ids = [c.pk for c in contacts]

    _in_threads(*(lambda: keep_in_touch_sync(contact_ids=ids) for _ in range(3)))

    assert all(len(keep_in_touch(c)) == 1 for c in contacts)
