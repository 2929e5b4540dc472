"""The Reminders page, and the contact and event pages with their reminders, make a fixed number
of queries whatever the number of reminders: every reminder shows its contact, event and
organization, so a relation that is not selected shows up as one more query per row."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from interactions.services.events import event_people_add
from interactions.services.health import health_recompute, health_snapshot_week
from reminders.services import keep_in_touch_sync, reminder_complete, reminder_snooze
from tests.factories import ContactFactory, EventFactory, OrganizationFactory, ReminderFactory
from tests.interactions.test_event_queries import DETAIL_QUERIES as EVENT_PAGE_QUERIES

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 6, 10)
# Session and user (2), the sections' counts (1), then one query per section that holds any (5).
LIST_QUERIES = 8
# Session and user (2), the section's count and its page (2).
SECTION_QUERIES = 4
# The contact page's own (tests/contacts/test_contact_queries.py; this contact has no introducer
# to read), its pending reminders among them in one query with their events and organizations.
CONTACT_PAGE_QUERIES = 17


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(params=[2, 30], ids=["2 per section", "30 per section"])
def reminders(request, owner):
    organization = OrganizationFactory(owner=owner)
    event = EventFactory(owner=owner)
    made = []
    for index in range(request.param):
        contact = ContactFactory(owner=owner)
        about = {"contact": contact, "event": event, "organization": organization}
        made += [
            ReminderFactory(owner=owner, due_on=TODAY - timedelta(days=index + 1), **about),
            ReminderFactory(owner=owner, due_on=TODAY, **about),
            ReminderFactory(owner=owner, due_on=TODAY + timedelta(days=index + 1), **about),
        ]
        reminder_snooze(reminder=ReminderFactory(owner=owner, **about), until=date(2026, 6, 20))
        reminder_complete(reminder=ReminderFactory(owner=owner, **about))
    return made


def test_the_reminders_page_query_count_does_not_grow(
    owner_client, reminders, django_assert_num_queries
):
    with django_assert_num_queries(LIST_QUERIES):
        response = owner_client.get(reverse("reminders:reminder_list"))
    counts = {s.name: s.count for s in response.context["sections"]}
    assert set(counts.values()) == {len(reminders) // 3}


def test_a_section_in_full_query_count_does_not_grow(
    owner_client, reminders, django_assert_num_queries
):
    with django_assert_num_queries(SECTION_QUERIES):
        response = owner_client.get(reverse("reminders:reminder_list"), {"section": "overdue"})
    assert response.context["page"].paginator.count == len(reminders) // 3


@pytest.fixture(params=[2, 30], ids=["2 reminders", "30 reminders"])
def contact_with_reminders(request, owner):
    contact = ContactFactory(owner=owner)
    keep_in_touch_sync(contact_ids=[contact.pk])
    event, organization = EventFactory(owner=owner), OrganizationFactory(owner=owner)
    for index in range(request.param):
        ReminderFactory(
            owner=owner,
            contact=contact,
            event=event if index % 2 else None,
            organization=organization if index % 3 else None,
            due_on=TODAY + timedelta(days=index),
        )
    # A stored health and trend, as in the contact page's own pinned count.
    health_recompute(owner=owner)
    health_snapshot_week(owner=owner)
    return contact


def test_the_contact_page_with_reminders_query_count_does_not_grow(
    owner_client, contact_with_reminders, django_assert_num_queries
):
    # the contact page's own, with its pending reminders in one of them
    with django_assert_num_queries(CONTACT_PAGE_QUERIES):
        response = owner_client.get(contact_with_reminders.get_absolute_url())
    assert len(response.context["reminders"]) == contact_with_reminders.reminders.count()


@pytest.fixture(params=[2, 30], ids=["2 people met", "30 people met"])
def event_with_follow_ups(request, owner):
    event = EventFactory(owner=owner)
    event_people_add(event=event, contacts=ContactFactory.create_batch(request.param, owner=owner))
    return event


def test_the_event_page_with_follow_ups_query_count_does_not_grow(
    owner_client, event_with_follow_ups, django_assert_num_queries
):
    with django_assert_num_queries(EVENT_PAGE_QUERIES):
        response = owner_client.get(event_with_follow_ups.get_absolute_url())
    assert len(response.context["reminders"]) == event_with_follow_ups.attendances.count()
