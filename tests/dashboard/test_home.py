"""The home page: its cards, their empty states, privacy, and a query count that stays put."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Tier
from interactions.models import HealthBand
from interactions.services.network import network_counts_refresh
from reminders.models import ReminderKind
from tests.dashboard.data import network, stored_health
from tests.factories import (
    ContactFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
)


def page(client) -> str:
    return client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_new_user_is_shown_how_to_start(owner_client):
    html = page(owner_client)

    assert "Your network starts here" in html
    assert reverse("contacts:contact_create") in html
    assert "Log an interaction" in html
    assert reverse("interactions:event_create") in html
    assert reverse("interactions:event_import") in html
    # No empty cards or canvases repeating the same advice.
    assert "<canvas" not in html
    assert "Needs attention" not in html


@pytest.mark.django_db
def test_each_empty_card_says_what_would_fill_it(owner, owner_client):
    ContactFactory(owner=owner)

    html = page(owner_client)

    assert "Your network starts here" not in html
    assert "Once you log interactions, the relationships that are cooling show here" in html
    assert "Nothing in the next 14 days." in html
    assert "Log your first interaction" in html
    assert "Nothing logged in this period yet." in html
    # One contact, not contacted yet: the band and tier charts are drawn.
    assert 'data-chart="bands"' in html and 'data-chart="tiers"' in html


@pytest.mark.django_db
def test_it_counts_only_the_users_own_network(owner, stranger, owner_client):
    ContactFactory.create_batch(3, owner=owner)
    ContactFactory(owner=owner, archived_at="2026-01-01T00:00:00Z")
    OrganizationFactory(owner=owner)
    ContactFactory.create_batch(5, owner=stranger)
    OrganizationFactory.create_batch(2, owner=stranger)

    board = owner_client.get(reverse("home")).context["board"]

    assert board.summary == {"contacts": 3, "archived": 1, "organizations": 1}
    assert not board.is_new
    assert board.charts.as_json()["tiers"]["series"][0]["data"] == [0, 0, 3, 0]


@pytest.mark.django_db
def test_archived_contacts_are_left_out_of_the_health_bands(owner, stranger, owner_client):
    stored_health(ContactFactory(owner=owner), score=90, band=HealthBand.THRIVING)
    ContactFactory(owner=owner)
    # Archived: with a health row in a band, with none, and a stranger's.
    gone = {"archived_at": "2026-01-01T00:00:00Z"}
    stored_health(ContactFactory(owner=owner, **gone), score=90, band=HealthBand.THRIVING)
    stored_health(ContactFactory(owner=owner, **gone), score=10, band=HealthBand.AT_RISK)
    ContactFactory(owner=owner, **gone)
    stored_health(ContactFactory(owner=stranger, **gone), score=50, band=HealthBand.COOLING)

    board = owner_client.get(reverse("home")).context["board"]

    assert board.summary["archived"] == 3
    bands = board.charts.as_json()["bands"]
    counts = dict(zip(bands["keys"], bands["series"][0]["data"], strict=True))
    assert counts == {
        "thriving": 1,
        "healthy": 0,
        "cooling": 0,
        "at_risk": 0,
        "dormant": 0,
        "not_yet": 1,
    }


@pytest.mark.django_db
def test_it_counts_no_organization_when_the_user_has_none(owner, stranger, owner_client):
    ContactFactory(owner=owner)
    OrganizationFactory.create_batch(2, owner=stranger)

    board = owner_client.get(reverse("home")).context["board"]

    assert board.summary == {"contacts": 1, "archived": 0, "organizations": 0}


@pytest.mark.django_db
def test_it_checks_ownership(owner, stranger, stranger_client):
    """The home page has no id in its URL; the stranger's dashboard shows nothing of the owner's."""
    ana = ContactFactory(owner=owner, display_name="Ana Quill", tier=Tier.INNER_CIRCLE)
    stored_health(ana, score=10, band=HealthBand.AT_RISK)
    InteractionFactory(owner=owner, participants=[ana], summary="Quill coffee")
    EventFactory(owner=owner, name="Quill summit", starts_at=timezone.now() + timedelta(days=2))
    today = timezone.now().astimezone(owner.zone).date()
    ana.birthday_day, ana.birthday_month = today.day, today.month
    ana.save()

    html = page(stranger_client)

    assert "Quill" not in html
    assert "Your network starts here" in html


@pytest.mark.django_db
def test_recent_activity_lists_the_latest_interactions_with_their_people(owner, owner_client):
    ana = ContactFactory(owner=owner, display_name="Ana Lima")
    ben = ContactFactory(owner=owner, display_name="Ben Okafor")
    now = timezone.now()
    for days in range(10):
        InteractionFactory(
            owner=owner,
            participants=[ana, ben],
            summary=f"Chat {days}",
            occurred_at=now - timedelta(days=days),
        )

    html = page(owner_client)

    assert "Chat 0" in html and "Chat 7" in html
    assert "Chat 8" not in html
    assert "with <a" in html and "Ana Lima" in html and "Ben Okafor" in html


@pytest.mark.django_db
def test_the_cards_reload_after_a_quick_log(owner, owner_client):
    ContactFactory(owner=owner)

    html = page(owner_client)

    assert 'hx-trigger="interactionLogged from:body"' in html
    assert 'hx-select="#dashboard-cards"' in html


@pytest.mark.django_db
def test_it_reads_stored_health_and_never_recomputes(owner, owner_client, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the dashboard must read stored health, not recompute it")

    monkeypatch.setattr("interactions.services.health.health_recompute", refuse)
    monkeypatch.setattr("interactions.services.health_sql.health_select", refuse)
    ana = ContactFactory(owner=owner, display_name="Ana Lima", tier=Tier.INNER_CIRCLE)
    # Facts that the formula would score far higher (talked yesterday): the stored 17 must show.
    stored_health(
        ana,
        score=17,
        band=HealthBand.AT_RISK,
        last_interaction_at=timezone.now() - timedelta(days=1),
    )
    InteractionFactory(owner=owner, participants=[ana])

    with CaptureQueriesContext(connection) as queries:
        board = owner_client.get(reverse("home")).context["board"]

    [entry] = board.attention
    assert entry.health.score == 17
    assert board.charts.as_json()["bands"]["series"][0]["data"][3] == 1  # one at risk
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    ]
    # Only the session may be written (its expiry refreshed); no health row is.
    assert not [sql for sql in writes if "health" in sql.lower()]


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 2000])
def test_its_query_count_does_not_grow_with_the_network(
    size, owner, stranger, owner_client, django_assert_num_queries
):
    today = timezone.now().astimezone(owner.zone).date()
    contacts = network(owner, size, today=today)
    network(stranger, 50, today=today)
    now = timezone.now()
    for n in range(3):
        EventFactory(owner=owner, starts_at=now + timedelta(days=n + 1))
        ReminderFactory(
            owner=owner,
            contact=contacts[n],
            kind=ReminderKind.AFTER_EVENT,
            due_on=today + timedelta(days=n + 2),
        )
    OrganizationFactory(owner=owner)

    for n in range(12):
        ReminderFactory(owner=owner, contact=contacts[n % 5], due_on=today - timedelta(days=n))
    # Factories write past the services, which keep the stored counts.
    network_counts_refresh(owner=owner)
    # session + user; the network's stored counts (by tier, band, archived, organizations); today's
    # reminders with the coming follow-ups; attention: dropped and weighted, last recompute;
    # coming up: events, birthdays; recent activity with who took part; the charts' days.
    with django_assert_num_queries(10):
        response = owner_client.get(reverse("home"))

    board = response.context["board"]
    assert len(board.due) == 6 and board.more_due
    assert len(board.attention) == 8
    assert len(board.recent) == 8
    assert {entry.kind for entry in board.coming_up} == {"event", "birthday", "follow_up"}


@pytest.mark.django_db
def test_today_lists_what_is_due_with_one_click_actions_that_come_back_here(
    owner, stranger, owner_client
):
    today = timezone.now().astimezone(owner.zone).date()
    ana = ContactFactory(owner=owner, display_name="Ana Lima")
    due = ReminderFactory(owner=owner, contact=ana, title="Send Ana the deck", due_on=today)
    late = ReminderFactory(owner=owner, contact=ana, title="Thank Ana", due_on=today - timedelta(3))
    ReminderFactory(owner=owner, contact=ana, title="Later", due_on=today + timedelta(days=3))
    ReminderFactory(owner=owner, contact=ana, title="Closed", due_on=today, status="done")
    ReminderFactory(owner=stranger, title="Not yours", due_on=today)

    response = owner_client.get(reverse("home"))

    assert response.context["board"].due == [late, due]
    html = response.content.decode()
    assert reverse("reminders:reminder_complete", args=[due.pk]) in html
    assert reverse("reminders:reminder_snooze", args=[due.pk]) in html
    assert reverse("reminders:reminder_complete_log", args=[due.pk]) in html
    assert f'name="next" value="{reverse("home")}"' in html
    assert "Later" not in html and "Closed" not in html and "Not yours" not in html


@pytest.mark.django_db
def test_nothing_due_says_where_reminders_come_from(owner, owner_client):
    ContactFactory(owner=owner)

    html = page(owner_client)

    assert "Nothing due today." in html
    assert reverse("reminders:reminder_create") in html


@pytest.mark.django_db
def test_coming_up_lists_the_soonest_birthdays_and_counts_the_others(owner, owner_client):
    today = timezone.now().astimezone(owner.zone).date()
    for n in range(12):
        day = today + timedelta(days=n)
        ContactFactory(
            owner=owner, display_name=f"Born {n:02}", birthday_day=day.day, birthday_month=day.month
        )
    EventFactory(owner=owner, starts_at=timezone.now() + timedelta(days=13))

    response = owner_client.get(reverse("home"))

    board = response.context["board"]
    born = [entry.item.display_name for entry in board.coming_up if entry.kind == "birthday"]
    assert born == [f"Born {n:02}" for n in range(8)]
    # Events are all listed, however many birthdays come first.
    assert [entry.kind for entry in board.coming_up].count("event") == 1
    assert board.more_birthdays == 4
    assert "And 4 more birthdays in the next 14 days." in response.content.decode()
