"""A contact's timeline: interactions and events, newest first, page after page, with totals."""

import html
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interactions.models import InteractionKind, ValueExchange
from interactions.services.health import health_recompute
from interactions.timeline import contact_timeline
from tests.contacts.test_contact_queries import DETAIL_QUERIES
from tests.factories import (
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session and user (2), the contact, then the timeline: a page of interactions, their people,
# the events and the totals.
TIMELINE_QUERIES = 7


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False), timezone.override(PARIS):
        yield


@pytest.fixture
def ana(owner):
    return ContactFactory(owner=owner, display_name="Ana Lima")


def days_ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def describe(page) -> list[tuple[str, str]]:
    return [(item.kind, str(item.item)) for item in page.items]


def test_interactions_and_events_come_newest_first(owner, ana):
    InteractionFactory(
        owner=owner, participants=[ana], summary="Old call", occurred_at=days_ago(40)
    )
    InteractionFactory(owner=owner, participants=[ana], summary="Coffee", occurred_at=days_ago(2))
    EventAttendanceFactory(
        contact=ana, event=EventFactory(owner=owner, name="UX Lisbon", starts_at=days_ago(10))
    )

    page = contact_timeline(user=owner, contact=ana)

    assert describe(page) == [
        ("interaction", "Coffee"),
        ("event", "Ana Lima at UX Lisbon"),
        ("interaction", "Old call"),
    ]
    assert page.next_cursor is None


def test_an_event_with_its_met_at_interaction_shows_once(owner, ana):
    event = EventFactory(owner=owner, name="UX Lisbon", starts_at=days_ago(10))
    EventAttendanceFactory(contact=ana, event=event)
    InteractionFactory(
        owner=owner,
        participants=[ana],
        event=event,
        kind=InteractionKind.MET_AT_EVENT,
        summary="Met at UX Lisbon",
        occurred_at=event.starts_at,
    )
    # Someone else's "met at" interaction for the same event does not hide Ana's attendance.
    other_event = EventFactory(owner=owner, name="Design Week", starts_at=days_ago(20))
    EventAttendanceFactory(contact=ana, event=other_event)
    InteractionFactory(owner=owner, event=other_event, occurred_at=days_ago(20), summary="Ben")

    page = contact_timeline(user=owner, contact=ana)

    assert describe(page) == [
        ("interaction", "Met at UX Lisbon"),
        ("event", "Ana Lima at Design Week"),
    ]


def test_an_event_to_come_is_marked_upcoming(owner, ana):
    EventAttendanceFactory(
        contact=ana, event=EventFactory(owner=owner, starts_at=NOW + timedelta(days=3))
    )
    EventAttendanceFactory(contact=ana, event=EventFactory(owner=owner, starts_at=days_ago(3)))

    page = contact_timeline(user=owner, contact=ana)

    assert [item.upcoming for item in page.items] == [True, False]


def test_a_group_meeting_names_the_other_people(owner, ana):
    ben = ContactFactory(owner=owner, display_name="Ben Okafor")
    carl = ContactFactory(owner=owner, display_name="Carl Berg")
    InteractionFactory(owner=owner, participants=[carl, ana, ben])

    [item] = contact_timeline(user=owner, contact=ana).items

    assert [c.display_name for c in item.item.others] == ["Ben Okafor", "Carl Berg"]


def test_the_totals_count_in_the_users_year(owner, ana):
    # 23:30 UTC on 31 December 2025 is already 2026 in Paris; the other one is still 2025.
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC)
    )
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=datetime(2025, 12, 31, 22, 30, tzinfo=UTC)
    )
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=days_ago(3), value=ValueExchange.GAVE
    )
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=days_ago(9), value=ValueExchange.GAVE
    )
    InteractionFactory(
        owner=owner, participants=[ana], occurred_at=days_ago(30), value=ValueExchange.RECEIVED
    )
    # Not Ana's.
    InteractionFactory(owner=owner, occurred_at=days_ago(1), value=ValueExchange.RECEIVED)

    totals = contact_timeline(user=owner, contact=ana).totals

    assert totals.last_contact == days_ago(3)
    assert totals.days_since == 3
    assert totals.total == 5
    assert totals.this_year == 4
    assert (totals.value_given, totals.value_received) == (2, 1)


def test_a_contact_with_nothing_yet_has_empty_totals(owner, ana):
    page = contact_timeline(user=owner, contact=ana)

    assert page.items == []
    assert page.next_cursor is None
    assert page.totals.last_contact is None
    assert page.totals.total == 0


def test_pages_follow_each_other_without_gaps_or_repeats(owner, ana):
    # Ties on purpose: several interactions at the same instant, and an event at that instant too.
    moments = [days_ago(n // 3) for n in range(40)]
    expected = []
    for index, moment in enumerate(moments):
        expected.append(
            InteractionFactory(
                owner=owner, participants=[ana], occurred_at=moment, summary=f"#{index}"
            )
        )
    for days in (0, 5, 7):
        expected.append(
            EventAttendanceFactory(
                contact=ana, event=EventFactory(owner=owner, starts_at=days_ago(days))
            )
        )

    seen, cursor, pages = [], "", 0
    while True:
        page = contact_timeline(user=owner, contact=ana, before=cursor, page_size=10)
        pages += 1
        assert (page.totals is not None) == (cursor == "")
        seen += [item.item for item in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor

    assert pages == 5
    assert len(seen) == len(expected) == 43
    assert set(seen) == set(expected)
    keys = [(getattr(i, "occurred_at", None) or i.event.starts_at) for i in seen]
    assert keys == sorted(keys, reverse=True)


def test_a_new_interaction_does_not_shift_the_next_page(owner, ana):
    for n in range(5):
        InteractionFactory(
            owner=owner, participants=[ana], occurred_at=days_ago(n + 1), summary=f"#{n}"
        )
    first = contact_timeline(user=owner, contact=ana, page_size=3)

    InteractionFactory(owner=owner, participants=[ana], occurred_at=NOW, summary="new")
    second = contact_timeline(user=owner, contact=ana, before=first.next_cursor, page_size=3)

    assert [str(i.item) for i in second.items] == ["#3", "#4"]


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage",
        "2026-01-01T00:00:00|2|5",  # no time zone
        "2026-01-01T00:00:00+00:00|9|5",
        "2026-01-01T00:00:00+00:00|2|-1",
        f"2026-01-01T00:00:00+00:00|2|{10**30}",
        "9999-12-31T23:59:59-14:00|2|5",
        "0001-01-01T00:00:00+14:00|2|5",
        "2026-01-01T00:00:00+00:00|2",
        "\x00",
    ],
)
def test_a_cursor_that_is_not_one_shows_the_first_page(owner, owner_client, ana, cursor):
    InteractionFactory(owner=owner, participants=[ana], summary="Coffee")

    response = owner_client.get(
        reverse("interactions:contact_timeline", args=[ana.pk]), {"before": cursor}
    )

    assert response.status_code == 200
    assert "Coffee" in page_text(response)
    assert response.context["timeline"].totals is not None


def test_it_checks_ownership(owner, stranger, stranger_client, ana):
    InteractionFactory(owner=owner, participants=[ana], summary="Private coffee")
    url = reverse("interactions:contact_timeline", args=[ana.pk])

    assert stranger_client.get(url).status_code == 404
    assert stranger_client.get(url, **HTMX).status_code == 404
    # The stranger's own contact never shows the owner's interactions, even forced through.
    theirs = ContactFactory(owner=stranger)
    page = contact_timeline(user=stranger, contact=ana)
    assert page.items == []
    assert contact_timeline(user=stranger, contact=theirs).items == []


def test_the_view_answers_htmx_with_the_card_or_the_next_items(owner, owner_client, ana):
    for n in range(25):
        InteractionFactory(
            owner=owner, participants=[ana], occurred_at=days_ago(n), summary=f"Chat {n:02}"
        )
    url = reverse("interactions:contact_timeline", args=[ana.pk])

    card = owner_client.get(url, **HTMX)
    assert card.templates[0].name == "interactions/_timeline.html"
    card_page = page_text(card)
    assert 'id="contact-timeline"' in card_page
    assert 'hx-trigger="interactionLogged from:body"' in card_page
    assert "25 interactions" in card_page
    assert "Chat 19" in card_page and "Chat 20" not in card_page
    cursor = card.context["timeline"].next_cursor

    more = owner_client.get(url, {"before": cursor}, **HTMX)
    assert more.templates[0].name == "interactions/_timeline_items.html"
    more_page = page_text(more)
    assert "Chat 20" in more_page and "Chat 24" in more_page and "Chat 19" not in more_page
    assert "Load older" not in more_page
    assert "<section" not in more_page


def test_without_javascript_load_older_is_a_page(owner, owner_client, ana):
    for n in range(25):
        InteractionFactory(
            owner=owner, participants=[ana], occurred_at=days_ago(n), summary=f"Chat {n:02}"
        )
    url = reverse("interactions:contact_timeline", args=[ana.pk])
    cursor = contact_timeline(user=owner, contact=ana).next_cursor

    response = owner_client.get(url, {"before": cursor})

    assert response.templates[0].name == "interactions/interaction_timeline.html"
    page = page_text(response)
    assert "<!doctype html>" in page
    assert "Chat 24" in page and "Chat 00" not in page
    assert "Back to the newest" in page


def test_the_contact_page_shows_the_timeline(owner, owner_client, ana):
    ben = ContactFactory(owner=owner, display_name="Ben Okafor")
    InteractionFactory(
        owner=owner,
        participants=[ana, ben],
        summary="Lunch at Time Out Market",
        notes="Ana is hiring a *designer*.",
        value=ValueExchange.RECEIVED,
        quality=5,
        occurred_at=datetime(2026, 11, 20, 11, 0, tzinfo=UTC),
    )

    page = page_text(owner_client.get(ana.get_absolute_url()))

    assert "Lunch at Time Out Market" in page
    assert "20 Nov 2026, 12:00" in page  # Paris time
    assert f'with <a class="link-secondary" href="{ben.get_absolute_url()}">Ben Okafor</a>' in page
    assert "<em>designer</em>" in page
    assert "I received value" in page
    assert "5/5" in page
    assert "2 days ago" in page


def test_an_empty_timeline_says_what_to_do(owner, owner_client, ana):
    page = page_text(owner_client.get(ana.get_absolute_url()))

    assert "Nothing logged with Ana Lima yet." in page
    assert "Last contact" not in page


@pytest.fixture(params=[10, 200], ids=["10 interactions", "200 interactions"])
def busy_contact(request, owner, ana):
    people = ContactFactory.create_batch(3, owner=owner)
    events = EventFactory.create_batch(3, owner=owner)
    for n in range(request.param):
        InteractionFactory(
            owner=owner,
            participants=[ana, people[n % 3]],
            event=events[n % 3] if n % 4 == 0 else None,
            occurred_at=days_ago(n),
        )
    for event in events:
        EventAttendanceFactory(contact=ana, event=event)
    # An introducer and stored health, as the contact page's pinned count assumes.
    ana.introduced_by = people[0]
    ana.save()
    health_recompute(owner=owner)
    return {"contact": ana, "interactions": request.param}


def test_the_timeline_query_count_does_not_grow(
    owner_client, busy_contact, django_assert_num_queries
):
    url = reverse("interactions:contact_timeline", args=[busy_contact["contact"].pk])

    with django_assert_num_queries(TIMELINE_QUERIES):
        response = owner_client.get(url, **HTMX)
    timeline = response.context["timeline"]
    # Each event has a "met at" interaction with Ana, so it shows once, as that interaction.
    assert len(timeline.items) == min(20, busy_contact["interactions"])
    assert timeline.totals.total == busy_contact["interactions"]

    # A later page has no totals to count.
    if timeline.next_cursor:
        with django_assert_num_queries(TIMELINE_QUERIES - 1):
            owner_client.get(url, {"before": timeline.next_cursor}, **HTMX)


def test_the_contact_page_query_count_does_not_grow(
    owner_client, busy_contact, django_assert_num_queries
):
    # As pinned in tests/contacts/test_contact_queries.py, whose contacts have no interactions;
    # here the timeline also reads the people of the interactions it shows.
    with django_assert_num_queries(DETAIL_QUERIES + 1):
        response = owner_client.get(busy_contact["contact"].get_absolute_url())
    assert len(response.context["timeline"].items) == min(20, busy_contact["interactions"])
