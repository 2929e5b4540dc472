"""Health on the pages: the contact page's card and the contact list's badge, sort and filter."""

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interactions.models import ContactHealth, HealthBand, HealthSnapshot, InteractionKind
from interactions.selectors.health import TREND_WEEKS
from interactions.services.health import health_recompute, week_start
from interactions.services.interactions import interaction_log
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _midday():
    # "42 days since you last spoke" counts the days of the owner's calendar: late in the UTC
    # evening it is already tomorrow in Paris, and the page said 41.
    with time_machine.travel(datetime(2026, 6, 10, 12, tzinfo=UTC), tick=True):
        yield


def store_health(contact, score: int, band: str) -> ContactHealth:
    return ContactHealth.objects.create(
        owner=contact.owner,
        contact=contact,
        score=score,
        band=band,
        cadence_days=contact.effective_cadence_days,
        computed_at=timezone.now(),
    )


def listed(response) -> list[str]:
    return [c.display_name for c in response.context["page"].object_list]


@pytest.fixture
def ana(owner):
    ana = ContactFactory(owner=owner, display_name="Ana Alves", tier="close")
    for days, initiated_by in ((42, "them"), (80, "them"), (100, "them"), (130, "me")):
        interaction_log(
            owner=owner,
            contacts=[ana],
            occurred_at=timezone.now() - timedelta(days=days),
            kind=InteractionKind.COFFEE,
            initiated_by=initiated_by,
        )
    health_recompute(contact_ids=[ana.pk])
    return ana


# --- The contact page's card -----------------------------------------------------------------


def test_the_contact_page_explains_the_score(owner_client, ana):
    health = ContactHealth.objects.get(contact=ana)

    response = owner_client.get(ana.get_absolute_url())

    page = response.content.decode()
    assert "Relationship health" in page
    assert f'<span class="display-6 fw-semibold lh-1">{health.score}</span>' in page
    assert health.get_band_display() in page
    assert "42 days since you last spoke; you usually talk monthly" in page
    assert "they reached out 3 of 4 times this year." in page
    for label in ("Recency", "Frequency", "Reciprocity", "Depth", "Give and take"):
        assert label in page
    assert "weight 50%" in page  # recency's
    assert "4 in person, 0 by call, 0 written this year" in page


def test_the_card_says_how_fresh_the_score_is_in_words(owner_client, ana):
    ContactHealth.objects.filter(contact=ana).update(
        computed_at=timezone.now() - timedelta(hours=3)
    )
    page = owner_client.get(ana.get_absolute_url()).content.decode()
    assert re.search(r"Computed <time [^>]+>3\xa0hours ago</time>", page)

    # A recompute that finds nothing changed leaves the row; the nightly one says it checked.
    health_recompute()
    page = owner_client.get(ana.get_absolute_url()).content.decode()
    assert re.search(r"Computed <time [^>]+>now</time>", page)


def test_the_trend_shows_the_last_weeks_then_now_as_chart_data(owner_client, ana):
    monday = week_start(timezone.localdate())
    for weeks_back in range(1, TREND_WEEKS + 5):
        HealthSnapshot.objects.create(
            owner=ana.owner,
            contact=ana,
            week=monday - timedelta(weeks=weeks_back),
            score=weeks_back,
            band=HealthBand.AT_RISK,
        )
    current = ContactHealth.objects.get(contact=ana).score

    response = owner_client.get(ana.get_absolute_url())

    page = response.content.decode()
    data = re.search(r'<script id="health-trend" type="application/json">(.*?)</script>', page)
    trend = json.loads(data.group(1))
    # The last TREND_WEEKS weeks, oldest first, then the score now.
    assert trend["scores"] == [*range(TREND_WEEKS, 0, -1), current]
    assert trend["labels"][-1] == "Now"
    oldest = monday - timedelta(weeks=TREND_WEEKS)
    assert trend["labels"][0] == f"{oldest.day} {oldest:%b}"
    assert '<canvas id="health-trend-chart" role="img"' in page
    assert "vendor/chart.js/chart.umd.min.js" in page
    assert "js/health-chart.js" in page
    assert f"Health score at the start of each of the last {TREND_WEEKS} weeks" in page


def test_before_the_first_snapshot_the_card_says_when_the_trend_starts(owner_client, ana):
    response = owner_client.get(ana.get_absolute_url())

    page = response.content.decode()
    assert "The trend starts with next week" in page
    assert "health-trend-chart" not in page
    assert "chart.umd.min.js" not in page


def test_a_contact_never_contacted_has_a_useful_empty_card(owner, owner_client):
    ben = ContactFactory(owner=owner)

    response = owner_client.get(ben.get_absolute_url())

    assert response.context["contact"].health_card.health is None
    assert "No interaction logged yet, so there is no score" in response.content.decode()


def test_the_card_reloads_itself_after_a_quick_log(owner_client, ana):
    page = owner_client.get(ana.get_absolute_url()).content.decode()

    assert 'hx-trigger="interactionLogged from:body delay:1s"' in page
    assert 'hx-select="#contact-health"' in page


# --- The contact list ----------------------------------------------------------------------


@pytest.fixture
def scored(owner):
    people = {
        name: ContactFactory(owner=owner, display_name=name)
        for name in ("Low Lou", "High Hana", "Mid Max", "Never Ned")
    }
    store_health(people["Low Lou"], 12, HealthBand.AT_RISK)
    store_health(people["High Hana"], 91, HealthBand.THRIVING)
    store_health(people["Mid Max"], 55, HealthBand.HEALTHY)
    return people


def test_each_row_shows_its_avatar_and_its_health_badge(owner, owner_client, scored):
    ContactFactory(owner=owner, first_name="nina", last_name="ortiz", display_name="Nina Ortiz")

    page = owner_client.get(reverse("contacts:contact_list")).content.decode()

    assert '<span class="avatar avatar-initials" aria-hidden="true">NO</span>' in page
    assert (
        '<span class="badge text-bg-danger" title="Relationship health: 12 out of 100">'
        '<i class="bi bi-heart-pulse" aria-hidden="true"></i> At risk '
        '<span class="fw-normal">12</span><span class="visually-hidden"> out of 100</span></span>'
    ) in page
    assert '<span class="badge text-bg-success" title="Relationship health: 91 out of 100">' in page


def test_the_list_sorts_by_health_lowest_or_highest_first(owner_client, scored):
    url = reverse("contacts:contact_list")

    lowest = owner_client.get(url, {"sort": "health"})
    highest = owner_client.get(url, {"sort": "-health"})

    # Never contacted (no score yet) is the least healthy of all.
    assert listed(lowest) == ["Never Ned", "Low Lou", "Mid Max", "High Hana"]
    assert listed(highest) == ["High Hana", "Mid Max", "Low Lou", "Never Ned"]


@pytest.mark.parametrize(
    ("band", "names"),
    [
        (HealthBand.THRIVING, ["High Hana"]),
        (HealthBand.AT_RISK, ["Low Lou"]),
        (HealthBand.COOLING, []),
        (HealthBand.DORMANT, ["Never Ned"]),
    ],
)
def test_the_list_filters_by_band(owner_client, scored, band, names):
    response = owner_client.get(reverse("contacts:contact_list"), {"band": band})

    assert listed(response) == names
    if not names:
        assert "No one matches these filters" in response.content.decode()


def test_each_row_shows_its_band(owner_client, scored):
    response = owner_client.get(reverse("contacts:contact_list"), {"sort": "-health"})

    page = response.content.decode()
    assert 'title="Relationship health: 91 out of 100"' in page
    assert "Thriving" in page
    assert "At risk" in page
    assert page.count("bi-heart-pulse") == 3  # Never Ned has no score to show


@pytest.mark.parametrize("params", [{"band": "glowing"}, {"sort": "vibes"}, {"band": ["x", "y"]}])
def test_a_bad_band_or_sort_is_ignored(owner_client, scored, params):
    response = owner_client.get(reverse("contacts:contact_list"), params)

    assert response.status_code == 200
    assert len(listed(response)) == 4


@pytest.mark.parametrize("size", [5, 60], ids=["5 contacts", "60 contacts"])
def test_the_list_by_health_query_count_does_not_grow(
    owner, owner_client, size, django_assert_num_queries
):
    for index in range(size):
        contact = ContactFactory(owner=owner)
        store_health(contact, index, HealthBand.AT_RISK)

    # session and user, count, page (with its health joined and each first email), tags,
    # affiliations
    with django_assert_num_queries(6):
        response = owner_client.get(
            reverse("contacts:contact_list"), {"sort": "health", "band": "at_risk"}
        )
    assert len(listed(response)) == min(size, 25)


def test_it_checks_ownership(stranger_client, ana, scored):
    assert stranger_client.get(ana.get_absolute_url()).status_code == 404

    response = stranger_client.get(reverse("contacts:contact_list"), {"sort": "health"})
    assert listed(response) == []
    for band in HealthBand.values:
        assert listed(stranger_client.get(reverse("contacts:contact_list"), {"band": band})) == []
