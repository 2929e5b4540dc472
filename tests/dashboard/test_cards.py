"""The rules behind the cards: who needs attention, what is coming up, what the charts count."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from contacts.models import Tier
from contacts.selectors.birthdays import birthdays_between
from contacts.services.bulk import contacts_bulk_set_tier
from contacts.services.contacts import contact_update
from dashboard.selectors import coming_up
from interactions.attention import TIER_WEIGHTS
from interactions.models import ContactHealth, HealthBand, ValueExchange
from interactions.selectors.activity import (
    activity_per_week_and_month,
    month_starts,
    week_starts,
)
from interactions.selectors.attention import contacts_needing_attention
from interactions.services.health import health_recompute
from reminders.models import ReminderKind, ReminderStatus
from tests.dashboard.data import stored_health
from tests.factories import ContactFactory, EventFactory, InteractionFactory, ReminderFactory


def names(entries) -> list[str]:
    return [entry.contact.display_name for entry in entries]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("tier", "score", "needs_attention"),
    [
        (Tier.INNER_CIRCLE, 76, False),
        (Tier.INNER_CIRCLE, 74, True),  # stopped thriving
        (Tier.CLOSE, 67, False),
        (Tier.CLOSE, 66, True),
        (Tier.NETWORK, 50, False),
        (Tier.NETWORK, 49, True),  # cooling
        (Tier.ACQUAINTANCE, 0, False),  # acquaintances are not chased
    ],
)
def test_the_gap_to_full_health_is_weighted_by_closeness(owner, tier, score, needs_attention):
    contact = ContactFactory(owner=owner, tier=tier, display_name="Ana")
    stored_health(contact, score=score, band=HealthBand.COOLING)

    shown = contacts_needing_attention(user=owner, now=timezone.now())

    assert names(shown) == (["Ana"] if needs_attention else [])


@pytest.mark.django_db
def test_an_inner_circle_contact_cooling_comes_before_an_acquaintance_gone_cold(owner):
    for name, tier, score in [
        ("Network at risk", Tier.NETWORK, 10),  # gap 90 x 2 = 180
        ("Inner cooling", Tier.INNER_CIRCLE, 40),  # gap 60 x 4 = 240
        ("Close at risk", Tier.CLOSE, 20),  # gap 80 x 3 = 240, lower score breaks the tie
        ("Acquaintance", Tier.ACQUAINTANCE, 0),
    ]:
        stored_health(
            ContactFactory(owner=owner, tier=tier, display_name=name),
            score=score,
            band=HealthBand.AT_RISK,
        )

    shown = contacts_needing_attention(user=owner, now=timezone.now())

    assert names(shown) == ["Close at risk", "Inner cooling", "Network at risk"]
    assert all(entry.reason for entry in shown)


@pytest.mark.django_db
def test_a_band_that_dropped_this_week_comes_first_with_what_changed(owner):
    now = timezone.now()
    stored_health(
        ContactFactory(owner=owner, tier=Tier.INNER_CIRCLE, display_name="Low"),
        score=5,
        band=HealthBand.AT_RISK,
    )
    stored_health(
        ContactFactory(owner=owner, tier=Tier.ACQUAINTANCE, display_name="Dropped"),
        score=70,
        band=HealthBand.HEALTHY,
        previous_band=HealthBand.THRIVING,
        band_changed_at=now - timedelta(days=2),
    )
    # Rose, or dropped longer ago, or archived: not news.
    stored_health(
        ContactFactory(owner=owner, tier=Tier.ACQUAINTANCE, display_name="Rose"),
        score=80,
        band=HealthBand.THRIVING,
        previous_band=HealthBand.HEALTHY,
        band_changed_at=now - timedelta(days=1),
    )
    stored_health(
        ContactFactory(owner=owner, tier=Tier.ACQUAINTANCE, display_name="Old drop"),
        score=70,
        band=HealthBand.HEALTHY,
        previous_band=HealthBand.THRIVING,
        band_changed_at=now - timedelta(days=8),
    )
    stored_health(
        ContactFactory(owner=owner, tier=Tier.INNER_CIRCLE, archived_at=now, display_name="Gone"),
        score=1,
        band=HealthBand.AT_RISK,
        previous_band=HealthBand.COOLING,
        band_changed_at=now,
    )

    shown = contacts_needing_attention(user=owner, now=now)

    assert names(shown) == ["Dropped", "Low"]
    assert shown[0].dropped == "Dropped from thriving to healthy this week"
    assert shown[1].dropped == ""


@pytest.mark.django_db
def test_attention_never_shows_another_users_contacts(owner, stranger):
    stored_health(
        ContactFactory(owner=stranger, tier=Tier.INNER_CIRCLE), score=1, band=HealthBand.AT_RISK
    )

    assert contacts_needing_attention(user=stranger, now=timezone.now())
    assert contacts_needing_attention(user=owner, now=timezone.now()) == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("start", "birthday", "expected_on"),
    [
        (date(2027, 12, 25), (3, 1), date(2028, 1, 3)),  # across the new year
        (date(2027, 2, 20), (29, 2), date(2027, 2, 28)),  # no 29th in 2027: kept on the 28th
        (date(2028, 2, 20), (29, 2), date(2028, 2, 29)),
        (date(2028, 2, 20), (28, 2), date(2028, 2, 28)),
    ],
)
def test_birthdays_are_found_across_the_year_end_and_on_leap_days(
    owner, start, birthday, expected_on
):
    day, month = birthday
    ContactFactory(owner=owner, birthday_day=day, birthday_month=month, birthday_year=1990)
    ContactFactory(owner=owner, birthday_day=day, birthday_month=month, archived_at=timezone.now())

    [found] = birthdays_between(user=owner, start=start, end=start + timedelta(days=14))

    assert found.on == expected_on
    assert found.turns == expected_on.year - 1990


@pytest.mark.django_db
def test_coming_up_runs_on_the_users_calendar(owner, time_machine):
    owner.time_zone = "Pacific/Auckland"  # UTC+13 in December
    owner.save()
    # 20:00 UTC on 1 December is already 2 December, 09:00 in Auckland.
    now = datetime(2027, 12, 1, 20, 0, tzinfo=UTC)
    time_machine.move_to(now)
    # 15 days ahead in Auckland: 16 December 23:00 there, still inside the window...
    EventFactory(owner=owner, name="Last", starts_at=datetime(2027, 12, 16, 10, 0, tzinfo=UTC))
    # ...the next day there is not.
    EventFactory(owner=owner, name="Too late", starts_at=datetime(2027, 12, 17, 11, 0, tzinfo=UTC))
    # Earlier today in Auckland (but 1 December in UTC): still today's.
    EventFactory(owner=owner, name="Breakfast", starts_at=datetime(2027, 12, 1, 19, 0, tzinfo=UTC))
    ana = ContactFactory(owner=owner, display_name="Ana", birthday_day=2, birthday_month=12)
    ReminderFactory(
        owner=owner,
        contact=ana,
        kind=ReminderKind.AFTER_EVENT,
        title="Thank Ana",
        due_on=date(2027, 12, 5),
    )
    ReminderFactory(
        owner=owner, contact=ana, kind=ReminderKind.AFTER_EVENT, due_on=date(2027, 12, 2)
    )
    ReminderFactory(
        owner=owner,
        contact=ana,
        kind=ReminderKind.AFTER_EVENT,
        due_on=date(2027, 12, 6),
        status=ReminderStatus.DONE,
    )

    items = coming_up(user=owner, now=now)

    assert [(entry.on, entry.kind) for entry in items] == [
        (date(2027, 12, 2), "event"),
        (date(2027, 12, 2), "birthday"),
        (date(2027, 12, 5), "follow_up"),
        (date(2027, 12, 16), "event"),
    ]
    assert items[0].at.hour == 8 and items[-1].item.name == "Last"


@pytest.mark.django_db
def test_weeks_and_months_are_counted_in_the_users_zone(owner):
    owner.time_zone = "America/New_York"
    owner.save()
    today = date(2027, 6, 16)  # a Wednesday
    ana = ContactFactory(owner=owner)
    # Monday 14 June 02:00 UTC is still Sunday 13 June in New York: last week's.
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=datetime(2027, 6, 14, 2, 0, tzinfo=UTC)
    )
    InteractionFactory(
        owner=owner,
        participants=[ana],
        occurred_at=datetime(2027, 6, 15, 12, 0, tzinfo=UTC),
        value=ValueExchange.GAVE,
    )
    InteractionFactory(
        owner=owner,
        participants=[ana],
        occurred_at=datetime(2027, 5, 20, 12, 0, tzinfo=UTC),
        value=ValueExchange.RECEIVED,
    )
    # In the months charted, before the first of the weeks: months ago, and the Sunday just
    # before that first Monday (21 December), which a division rounding towards zero would count.
    InteractionFactory(
        owner=owner,
        participants=[ana],
        occurred_at=datetime(2026, 8, 10, 12, 0, tzinfo=UTC),
        value=ValueExchange.GAVE,
    )
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=datetime(2026, 12, 20, 18, 0, tzinfo=UTC)
    )

    weeks, months = activity_per_week_and_month(
        user=owner,
        mondays=week_starts(today=today, weeks=26),
        firsts=month_starts(today=today, months=12),
    )

    assert len(weeks) == 26
    assert weeks[-1] == (date(2027, 6, 14), 1)
    assert weeks[-2] == (date(2027, 6, 7), 1)
    assert sum(count for _, count in weeks) == 3
    assert months[-1] == (date(2027, 6, 1), 1, 0)
    assert months[-2] == (date(2027, 5, 1), 0, 1)
    assert weeks[0][0] == date(2026, 12, 21)
    assert months[0][0] == date(2026, 7, 1)
    assert months[1] == (date(2026, 8, 1), 1, 0)
    assert sum(gave for _, gave, _ in months) == 2


@pytest.mark.django_db
def test_the_recompute_stores_the_weighted_gap_the_card_orders_by(owner):
    inner = ContactFactory(owner=owner, tier=Tier.INNER_CIRCLE)
    network = ContactFactory(owner=owner, tier=Tier.NETWORK)
    for contact in (inner, network):
        InteractionFactory(
            owner=owner, participants=[contact], occurred_at=timezone.now() - timedelta(days=200)
        )

    health_recompute(owner=owner)

    for health in ContactHealth.objects.filter(owner=owner).select_related("contact"):
        assert health.attention == (100 - health.score) * TIER_WEIGHTS[health.contact.tier]


@pytest.mark.django_db
@pytest.mark.parametrize("how", ["edit", "bulk"])
def test_a_new_tier_moves_the_contact_on_the_card_at_once(owner, how):
    # Score 60: a network contact is not cooling yet (gap 80), an inner-circle one is (160).
    ana = ContactFactory(owner=owner, tier=Tier.NETWORK, display_name="Ana", cadence_days=30)
    stored_health(ana, score=60, band=HealthBand.HEALTHY)
    assert names(contacts_needing_attention(user=owner, now=timezone.now())) == []

    if how == "edit":
        contact_update(contact=ana, fields={"tier": Tier.INNER_CIRCLE})
    else:
        contacts_bulk_set_tier(owner=owner, contact_ids=[ana.pk], tier=Tier.INNER_CIRCLE)

    assert names(contacts_needing_attention(user=owner, now=timezone.now())) == ["Ana"]
    assert ContactHealth.objects.get(contact=ana).score == 60
