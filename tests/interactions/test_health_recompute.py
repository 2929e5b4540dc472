"""Storing health: the set-based recompute, the weekly snapshot and the tasks that run them."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.celery import app as celery_app
from contacts.models import Tier
from contacts.services.contacts import contact_update
from interactions.health import Channel, health_score
from interactions.models import (
    ContactHealth,
    HealthBand,
    HealthSnapshot,
    Initiator,
    InteractionKind,
    Participation,
    ValueExchange,
)
from interactions.selectors.health import health_checked_at, health_explained
from interactions.services.health import health_recompute, health_snapshot_week
from interactions.services.interactions import interaction_delete, interaction_log
from interactions.tasks import recompute_all_health, recompute_contact_health
from tests.factories import ContactFactory, UserFactory
from tests.interactions.test_health import Logged, facts_on

pytestmark = pytest.mark.django_db

# A Sunday evening in Paris (the owner's zone): Monday 23 November has begun in Auckland.
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
KIND_OF_CHANNEL = {
    Channel.IN_PERSON: InteractionKind.COFFEE,
    Channel.VOICE: InteractionKind.CALL,
    Channel.WRITTEN: InteractionKind.EMAIL,
}


def log(owner, contacts, *, days_ago: int, **fields):
    fields.setdefault("kind", InteractionKind.COFFEE)
    # Noon in Paris: the same day in the owner's zone and in UTC, so expectations stay simple.
    when = datetime.combine(NOW.date() - timedelta(days=days_ago), datetime.min.time(), UTC)
    return interaction_log(
        owner=owner, contacts=contacts, occurred_at=when + timedelta(hours=11), **fields
    )


def health_of(contact) -> ContactHealth:
    return ContactHealth.objects.get(contact=contact)


def explained(health: ContactHealth):
    """The stored score's explanation, as the contact page shows it."""
    return health_explained(health, zone=health.owner.zone, checked_at=health_checked_at())


def reason_of(contact) -> str:
    return explained(health_of(contact)).reason


@pytest.mark.parametrize("seed", [3, 11, 29])
def test_it_stores_what_the_formula_says_for_each_history(owner, seed):
    # Random histories, written through the service, aggregated and scored by the database (the
    # formula evaluated as SQL), must score exactly as Python scores the same histories.
    rng = random.Random(seed)
    expected = {}
    for tier in Tier:
        for _ in range(6):
            # Now and then a cadence of the contact's own, odd numbers included.
            cadence = rng.choice([None, None, 1, 13, 45, 146, 400])
            contact = ContactFactory(owner=owner, tier=tier, cadence_days=cadence)
            history = []
            for _ in range(rng.randint(0, 12)):
                item = Logged(
                    on=NOW.date() - timedelta(days=rng.randint(0, 900)),
                    channel=rng.choice(list(KIND_OF_CHANNEL)),
                    initiated_by=rng.choice(Initiator.values),
                    value=rng.choice(ValueExchange.values),
                )
                history.append(item)
                log(
                    owner,
                    [contact],
                    days_ago=(NOW.date() - item.on).days,
                    kind=KIND_OF_CHANNEL[item.channel],
                    initiated_by=item.initiated_by,
                    value=item.value,
                )
            facts = facts_on(history, cadence_days=contact.effective_cadence_days, today=NOW.date())
            expected[contact.pk] = health_score(facts, today=NOW.date())

    assert health_recompute(owner=owner, now=NOW) == len(expected)

    for row in ContactHealth.objects.filter(owner=owner):
        result = expected[row.contact_id]
        assert (row.score, row.band) == (result.score, result.band)
        assert explained(row) == result
        assert row.computed_at == NOW


def test_it_counts_from_when_it_happened_not_from_when_it_was_logged(owner):
    ana = ContactFactory(owner=owner, first_name="Ana")
    coffee = log(owner, [ana], days_ago=3)  # logged now, three days late

    health_recompute(contact_ids=[ana.pk], now=NOW)

    health = health_of(ana)
    assert health.last_interaction_at == coffee.occurred_at
    assert explained(health).reason.startswith("3 days since you last spoke")


def test_a_contact_never_contacted_is_dormant_with_a_score_of_0(owner):
    ben = ContactFactory(owner=owner)

    health_recompute(owner=owner, now=NOW)

    health = health_of(ben)
    assert (health.score, health.band, explained(health).reason) == (
        0,
        HealthBand.DORMANT,
        "No interaction logged yet",
    )
    assert health.last_interaction_at is None
    assert explained(health).components == {}


def test_a_group_meeting_counts_for_everyone_in_it(owner):
    ana, ben = ContactFactory.create_batch(2, owner=owner)
    log(owner, [ana, ben], days_ago=2, initiated_by=Initiator.THEM)

    health_recompute(owner=owner, now=NOW)

    assert health_of(ana).score == health_of(ben).score > 0
    reciprocity = explained(health_of(ana)).components["reciprocity"]
    assert reciprocity["detail"].startswith("You reached out 0, they did 1")


def test_today_is_the_owners_today(owner):
    kiwi = UserFactory(username="kiwi", time_zone="Pacific/Auckland")
    here, there = ContactFactory(owner=owner), ContactFactory(owner=kiwi)
    # Saturday 21 November at 20:00 UTC: still Saturday in Paris, already Sunday in Auckland.
    when = datetime(2026, 11, 21, 20, 0, tzinfo=UTC)
    interaction_log(owner=owner, contacts=[here], occurred_at=when, kind=InteractionKind.CALL)
    interaction_log(owner=kiwi, contacts=[there], occurred_at=when, kind=InteractionKind.CALL)

    health_recompute(now=NOW - timedelta(hours=9))  # 09:00 UTC: Sunday night in Auckland
    assert reason_of(here).startswith("You spoke yesterday")
    assert reason_of(there).startswith("You spoke today")

    # Sunday 22 November at 18:00 UTC: Sunday evening in Paris, Monday morning in Auckland.
    health_recompute(now=NOW)
    assert reason_of(here).startswith("You spoke yesterday")
    assert reason_of(there).startswith("You spoke yesterday")


def test_it_recomputes_only_what_it_is_asked_to(owner, stranger):
    mine, _other = ContactFactory.create_batch(2, owner=owner)
    theirs = ContactFactory(owner=stranger)

    assert health_recompute(contact_ids=[mine.pk], now=NOW) == 1
    assert set(ContactHealth.objects.values_list("contact_id", flat=True)) == {mine.pk}

    assert health_recompute(owner=owner, now=NOW) == 1  # the other one; mine is unchanged
    assert not ContactHealth.objects.filter(contact=theirs).exists()

    assert health_recompute(now=NOW) == 1  # theirs
    assert ContactHealth.objects.count() == 3


def test_archived_contacts_keep_a_current_score(owner):
    archived = ContactFactory(owner=owner, archived_at=NOW - timedelta(days=30))
    log(owner, [archived], days_ago=10)

    health_recompute(owner=owner, now=NOW)

    assert reason_of(archived).startswith("10 days since you last spoke")


def test_running_it_twice_keeps_one_row_per_contact_and_follows_the_clock(owner):
    ana = ContactFactory(owner=owner, tier=Tier.CLOSE)
    log(owner, [ana], days_ago=20)
    health_recompute(owner=owner, now=NOW)
    first = health_of(ana)

    health_recompute(owner=owner, now=NOW)
    assert ContactHealth.objects.count() == 1
    assert health_of(ana).score == first.score

    health_recompute(owner=owner, now=NOW + timedelta(days=40))
    later = health_of(ana)
    assert ContactHealth.objects.count() == 1
    assert later.score < first.score
    assert later.computed_at == NOW + timedelta(days=40)


def test_a_rewrite_keeps_when_the_row_was_created_and_stamps_when_it_was_updated(owner):
    ana = ContactFactory(owner=owner)
    log(owner, [ana], days_ago=3)
    with time_machine.travel(NOW, tick=False):
        health_recompute(owner=owner)
    log(owner, [ana], days_ago=1)
    with time_machine.travel(NOW + timedelta(hours=1), tick=False):
        health_recompute(owner=owner)

    health = health_of(ana)
    assert (health.created_at, health.updated_at) == (NOW, NOW + timedelta(hours=1))
    assert health.computed_at == NOW + timedelta(hours=1)
    assert health.owner_id == owner.pk


def test_a_run_that_changes_nothing_writes_nothing_yet_explains_as_of_its_own_time(owner):
    ana = ContactFactory(owner=owner, tier=Tier.ACQUAINTANCE)
    log(owner, [ana], days_ago=3)
    health_recompute(now=NOW)
    assert reason_of(ana).startswith("3 days since you last spoke")

    # A day later a yearly contact's score has not moved a point: the row stays as it was...
    assert health_recompute(now=NOW + timedelta(days=1)) == 0
    health = health_of(ana)
    assert health.computed_at == NOW
    # ...and the card explains it as of the run that checked it.
    assert explained(health).reason.startswith("4 days since you last spoke")


def test_a_changed_band_remembers_the_one_before_and_when_it_changed(owner):
    ana = ContactFactory(owner=owner, tier=Tier.CLOSE)
    log(owner, [ana], days_ago=1)
    health_recompute(now=NOW)
    first = health_of(ana)
    assert (first.previous_band, first.band_changed_at) == ("", None)

    later = NOW + timedelta(days=120)
    health_recompute(now=later)

    health = health_of(ana)
    assert (health.previous_band, health.band_changed_at) == (first.band, later)
    assert health.band != first.band
    # A run that leaves the band where it is keeps when it last changed.
    health_recompute(now=later + timedelta(days=1))
    assert health_of(ana).band_changed_at == later


def test_deleting_the_only_interaction_makes_the_contact_never_contacted_again(owner):
    ana = ContactFactory(owner=owner)
    coffee = log(owner, [ana], days_ago=1)
    health_recompute(owner=owner, now=NOW)
    assert health_of(ana).score > 0

    interaction_delete(interaction=coffee)
    health_recompute(contact_ids=[ana.pk], now=NOW)

    assert reason_of(ana) == "No interaction logged yet"


# The weekly snapshot's statements: one on PostgreSQL; SQLite takes at most 999 parameters per
# statement, so Django splits the same INSERT in batches of 142 snapshots (7 columns).
SNAPSHOT_INSERTS = {"postgresql": {10: 1, 300: 1}, "sqlite": {10: 1, 300: 3}}
# The one statement that scores a chunk and writes what changed (see _upsert).
WRITE = {"postgresql": "WITH", "sqlite": "INSERT"}
# Per scope: what is read before that statement.
RECOMPUTE_STATEMENTS = {
    "owner": ["SELECT"],  # the chunk's contact ids
    "contact_ids": ["SELECT", "SELECT"],  # their owners' zones, then the ids
    "everyone": ["SELECT", "SELECT"],  # every user's zone, then the ids
}


@pytest.mark.parametrize("size", [10, 300], ids=["10 contacts", "300 contacts"])
def test_the_recompute_query_count_does_not_grow_with_contacts(owner, size):
    contacts = ContactFactory.create_batch(size, owner=owner)
    ids = [c.pk for c in contacts]
    rng = random.Random(size)
    for days in range(0, 2 * size, 2):
        kind = rng.choice(InteractionKind.values)
        log(owner, rng.sample(contacts, k=2), days_ago=days, kind=kind)

    scopes = {"owner": {"owner": owner}, "contact_ids": {"contact_ids": ids}, "everyone": {}}
    for days_later, (scope, reads) in enumerate(RECOMPUTE_STATEMENTS.items()):
        # A day later each time, so that the statement writes rows again.
        with CaptureQueriesContext(connection) as queries:
            assert health_recompute(now=NOW + timedelta(days=days_later), **scopes[scope]) > 0
        statements = [q["sql"].split()[0] for q in queries]
        # ...and, for everyone, records that it ran.
        assert statements[: len(reads) + 1] == [*reads, WRITE[connection.vendor]], scope
    assert ContactHealth.objects.filter(owner=owner).count() == size

    with CaptureQueriesContext(connection) as queries:
        health_snapshot_week(owner=owner, now=NOW)
    inserts = SNAPSHOT_INSERTS[connection.vendor][size]
    assert [q["sql"].split()[0] for q in queries] == ["SELECT"] + ["INSERT"] * inserts
    assert HealthSnapshot.objects.count() == size


def test_the_recompute_reads_the_participations_once_per_pass(owner, monkeypatch):
    # The nightly pass walks contacts in chunks; each chunk is one range read, whatever the size.
    monkeypatch.setattr("interactions.services.health.CHUNK_SIZE", 4)
    contacts = ContactFactory.create_batch(10, owner=owner)
    for index, contact in enumerate(contacts):
        log(owner, [contact], days_ago=index)

    with CaptureQueriesContext(connection) as queries:
        assert health_recompute(now=NOW) == 10

    # One statement per chunk of 4 + 4 + 2 contacts reads the participations (and writes).
    aggregates = [q for q in queries if Participation._meta.db_table in q["sql"]]
    assert [q["sql"].split()[0] for q in aggregates] == [WRITE[connection.vendor]] * 3
    assert sorted(ContactHealth.objects.values_list("contact_id", flat=True)) == sorted(
        c.pk for c in contacts
    )
    assert reason_of(contacts[0]).startswith("You spoke today")
    assert reason_of(contacts[9]).startswith("9 days since you last spoke")


# --- The weekly snapshot -------------------------------------------------------------------------


def test_the_snapshot_keeps_each_weeks_first_score_under_the_owners_monday(owner):
    kiwi = UserFactory(username="kiwi", time_zone="Pacific/Auckland")
    here, there = ContactFactory(owner=owner), ContactFactory(owner=kiwi)
    log(owner, [here], days_ago=1)
    interaction_log(owner=kiwi, contacts=[there], occurred_at=NOW - timedelta(days=1), kind="call")
    health_recompute(now=NOW)

    assert health_snapshot_week(now=NOW) == 2

    # Sunday in Paris is still the week of Monday 16th; Auckland's Monday 23rd has begun.
    snapshots = {s.contact_id: s for s in HealthSnapshot.objects.all()}
    assert snapshots[here.pk].week == date(2026, 11, 16)
    assert snapshots[there.pk].week == date(2026, 11, 23)
    assert snapshots[here.pk].score == health_of(here).score
    assert snapshots[here.pk].band == health_of(here).band

    # Later the same week the score moves, but the week's point stays as the week began.
    health_recompute(now=NOW + timedelta(days=6))
    health_snapshot_week(now=NOW + timedelta(days=6))
    assert HealthSnapshot.objects.filter(contact=there).count() == 1
    assert HealthSnapshot.objects.get(contact=there).score == snapshots[there.pk].score
    assert health_of(there).score < snapshots[there.pk].score

    # Paris has a new week by then: its point is added beside last week's.
    assert list(HealthSnapshot.objects.filter(contact=here).values_list("week", flat=True)) == [
        date(2026, 11, 16),
        date(2026, 11, 23),
    ]


def test_the_snapshot_is_scoped_to_an_owner_when_asked(owner, stranger):
    mine, theirs = ContactFactory(owner=owner), ContactFactory(owner=stranger)
    health_recompute(now=NOW)

    health_snapshot_week(owner=owner, now=NOW)

    assert set(HealthSnapshot.objects.values_list("contact_id", flat=True)) == {mine.pk}
    assert not HealthSnapshot.objects.filter(contact=theirs).exists()


# --- Tasks ---------------------------------------------------------------------------------------


def test_the_nightly_task_recomputes_everyone_and_takes_the_weeks_snapshot(owner, stranger):
    mine, theirs = ContactFactory(owner=owner), ContactFactory(owner=stranger)
    log(owner, [mine], days_ago=5)

    with time_machine.travel(NOW, tick=False):
        recompute_all_health()
        recompute_all_health()  # a second delivery changes nothing

    assert ContactHealth.objects.count() == 2
    assert reason_of(mine).startswith("5 days since you last spoke")
    assert health_of(theirs).band == HealthBand.DORMANT
    assert HealthSnapshot.objects.count() == 2
    assert HealthSnapshot.objects.get(contact=mine).score == health_of(mine).score


def test_the_after_commit_task_recomputes_the_contacts_it_is_given(owner):
    ana, ben = ContactFactory.create_batch(2, owner=owner)
    log(owner, [ana], days_ago=0)

    with time_machine.travel(NOW, tick=False):
        recompute_contact_health([ana.pk])

    assert reason_of(ana).startswith("You spoke today")
    assert not ContactHealth.objects.filter(contact=ben).exists()


def test_logging_an_interaction_updates_its_contacts_health_once_committed(
    owner, monkeypatch, django_capture_on_commit_callbacks
):
    ana, ben = ContactFactory.create_batch(2, owner=owner)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)

    with django_capture_on_commit_callbacks(execute=True):
        interaction_log(
            owner=owner, contacts=[ana, ben], occurred_at=NOW, kind=InteractionKind.VIDEO_CALL
        )

    assert {h.contact_id for h in ContactHealth.objects.all()} == {ana.pk, ben.pk}
    assert health_of(ana).last_interaction_at == NOW


def test_a_new_cadence_recomputes_the_contacts_health_once_saved(
    owner, monkeypatch, django_capture_on_commit_callbacks
):
    ana = ContactFactory(owner=owner, tier=Tier.NETWORK)
    log(owner, [ana], days_ago=40)
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with time_machine.travel(NOW, tick=False):
        health_recompute(owner=owner)
        quarterly = health_of(ana)

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            contact_update(contact=ana, fields={"job_title": "Editor"})
        assert callbacks == []  # nothing the score depends on changed

        with django_capture_on_commit_callbacks(execute=True):
            contact_update(contact=ana, fields={"cadence_days": 7})

    weekly = health_of(ana)
    # Met once, so time runs almost twice as fast: 40 days is past 8 weekly cadences.
    assert weekly.band == HealthBand.DORMANT
    assert weekly.score < quarterly.score
