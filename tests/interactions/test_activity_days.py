"""The stored day counts behind the dashboard's activity charts (ActivityDay): after every kind
of write they equal a fresh count of the interactions, in the owner's calendar."""

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.urls import reverse

from accounts.services import user_update_profile
from interactions.models import ActivityDay, Interaction, InteractionKind, ValueExchange
from interactions.services.interactions import (
    interaction_delete,
    interaction_log,
    interaction_update,
)
from interactions.tasks import rebuild_activity_days
from tests.factories import ContactFactory, InteractionFactory


def stored(owner) -> dict:
    return {
        day: (count, gave, received)
        for day, count, gave, received in ActivityDay.objects.filter(owner=owner).values_list(
            "day", "interactions", "gave", "received"
        )
    }


def counted(owner) -> dict:
    """What the charts would count from the interactions themselves."""
    rows = (
        Interaction.objects.filter(owner=owner)
        .annotate(day=TruncDate("occurred_at", tzinfo=owner.zone))
        .values("day")
        .annotate(
            count=Count("*"),
            gave=Count("pk", filter=Q(value=ValueExchange.GAVE)),
            received=Count("pk", filter=Q(value=ValueExchange.RECEIVED)),
        )
        .values_list("day", "count", "gave", "received")
        .order_by()
    )
    return {day: (count, gave, received) for day, count, gave, received in rows}


def log(owner, contact, when, value=ValueExchange.NONE):
    return interaction_log(
        owner=owner, occurred_at=when, kind=InteractionKind.COFFEE, contacts=[contact], value=value
    )


def move(interaction, when, value):
    return interaction_update(
        interaction=interaction,
        occurred_at=when,
        kind=interaction.kind,
        contacts=list(interaction.participants.all()),
        initiated_by=interaction.initiated_by,
        value=value,
    )


@pytest.mark.django_db
def test_logging_counts_the_day_in_the_owners_zone(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    ana = ContactFactory(owner=owner)

    # 02:00 UTC on the 14th is still the 13th in New York.
    log(owner, ana, datetime(2027, 6, 14, 2, 0, tzinfo=UTC), ValueExchange.GAVE)
    log(owner, ana, datetime(2027, 6, 13, 20, 0, tzinfo=UTC))

    assert stored(owner) == {date(2027, 6, 13): (2, 1, 0)}


@pytest.mark.django_db
def test_moving_an_interaction_moves_its_count_and_its_value(owner):
    ana = ContactFactory(owner=owner)
    coffee = log(owner, ana, datetime(2027, 6, 1, 12, 0, tzinfo=UTC), ValueExchange.GAVE)
    log(owner, ana, datetime(2027, 6, 1, 15, 0, tzinfo=UTC))

    move(coffee, datetime(2027, 6, 3, 12, 0, tzinfo=UTC), ValueExchange.RECEIVED)

    assert stored(owner) == {date(2027, 6, 1): (1, 0, 0), date(2027, 6, 3): (1, 0, 1)}


@pytest.mark.django_db
def test_deleting_the_last_interaction_of_a_day_leaves_no_row(owner):
    ana = ContactFactory(owner=owner)
    coffee = log(owner, ana, datetime(2027, 6, 1, 12, 0, tzinfo=UTC))

    interaction_delete(interaction=coffee)

    assert stored(owner) == {}


@pytest.mark.django_db
def test_any_sequence_of_writes_leaves_the_counts_of_a_fresh_count(owner, stranger):
    # A seeded mix of logs, moves (across days and values) and deletes, beside a stranger's.
    rng = random.Random(11)
    people = [ContactFactory(owner=owner) for _ in range(3)]
    log(stranger, ContactFactory(owner=stranger), datetime(2027, 6, 2, 9, 0, tzinfo=UTC))
    start = datetime(2027, 6, 1, 0, 0, tzinfo=UTC)
    values = [ValueExchange.NONE, ValueExchange.GAVE, ValueExchange.RECEIVED]
    logged = []
    for _ in range(60):
        when = start + timedelta(hours=rng.randrange(24 * 10))
        action = rng.random()
        if action < 0.5 or not logged:
            logged.append(log(owner, rng.choice(people), when, rng.choice(values)))
        elif action < 0.8:
            move(rng.choice(logged), when, rng.choice(values))
        else:
            interaction_delete(interaction=logged.pop(rng.randrange(len(logged))))

    assert stored(owner) == counted(owner)
    assert sum(count for count, _, _ in stored(owner).values()) == len(logged)
    assert stored(stranger) == {date(2027, 6, 2): (1, 0, 0)}


@pytest.mark.django_db
def test_a_new_time_zone_counts_the_days_again(owner):
    ana = ContactFactory(owner=owner)
    log(owner, ana, datetime(2027, 6, 14, 2, 0, tzinfo=UTC))
    assert stored(owner) == {date(2027, 6, 14): (1, 0, 0)}

    user_update_profile(user=owner, display_name="Olivia", email="", time_zone="America/New_York")

    assert stored(owner) == {date(2027, 6, 13): (1, 0, 0)}


@pytest.mark.django_db
def test_the_nightly_rebuild_sets_right_what_a_write_path_missed(owner, stranger):
    InteractionFactory(owner=owner, occurred_at=datetime(2027, 6, 1, 12, 0, tzinfo=UTC))
    InteractionFactory(owner=stranger, occurred_at=datetime(2027, 6, 1, 12, 0, tzinfo=UTC))
    # Rows written past every service, as a raw SQL fix or a forgotten path would.
    Interaction.objects.filter(owner=owner).update(
        occurred_at=datetime(2027, 6, 5, 12, 0, tzinfo=UTC)
    )
    ActivityDay.objects.filter(owner=stranger).delete()

    rebuild_activity_days()

    assert stored(owner) == {date(2027, 6, 5): (1, 0, 0)}
    assert stored(stranger) == {date(2027, 6, 1): (1, 0, 0)}


@pytest.mark.django_db
def test_deleting_interactions_in_the_admin_counts_their_days_again(admin_client, admin_user):
    ana = ContactFactory(owner=admin_user)
    kept = log(admin_user, ana, datetime(2027, 6, 1, 9, 0, tzinfo=UTC))
    gone = [log(admin_user, ana, datetime(2027, 6, day, 9, 0, tzinfo=UTC)) for day in (1, 2)]

    response = admin_client.post(
        reverse("admin:interactions_interaction_changelist"),
        {"action": "delete_selected", "_selected_action": [i.pk for i in gone], "post": "yes"},
    )

    assert response.status_code == 302
    assert Interaction.objects.filter(owner=admin_user).get() == kept
    assert stored(admin_user) == {date(2027, 6, 1): (1, 0, 0)}
