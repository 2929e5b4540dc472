"""The event list and detail pages make a fixed number of queries whatever the number of events
and of people met: every event has a host and people, so a relation read per row shows up as
one more query per row and breaks the pinned count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    OrganizationFactory,
)

# Session and user (2), then the tab counts, the page's count and the page's rows (host joined,
# people counted in the same query).
LIST_QUERIES = 5
# Session and user (2), the event (host joined), the people met (contacts joined), its pending
# reminders (pinned with reminders in tests/reminders/test_reminder_queries.py).
DETAIL_QUERIES = 5


@pytest.fixture(params=[3, 60], ids=["3 per event", "60 per event"])
def network(request, owner):
    hosts = OrganizationFactory.create_batch(3, owner=owner)
    contacts = ContactFactory.create_batch(request.param, owner=owner)
    events = []
    for index in range(request.param):
        event = EventFactory(
            owner=owner,
            starts_at=timezone.now() + timedelta(days=index - request.param // 2),
            host_organization=hosts[index % 3],
        )
        events.append(event)
    for contact in contacts:
        EventAttendanceFactory(event=events[0], contact=contact)
        EventAttendanceFactory(event=events[-1], contact=contact)
    return {"events": events, "size": request.param}


@pytest.mark.parametrize("when", ["upcoming", "past"])
def test_the_list_page_query_count_does_not_grow(
    owner_client, network, when, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES):
        response = owner_client.get(reverse("interactions:event_list"), {"when": when})
    assert response.context["page"].object_list
    assert "met" in response.content.decode()


def test_the_detail_page_query_count_does_not_grow(
    owner_client, network, django_assert_num_queries
):
    event = network["events"][0]
    with django_assert_num_queries(DETAIL_QUERIES):
        response = owner_client.get(event.get_absolute_url())
    assert len(response.context["attendances"]) == network["size"]
