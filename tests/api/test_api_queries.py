"""Each list endpoint costs the same number of queries for 2 rows as for 12."""

import pytest
from django.urls import reverse

from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
    SocialProfileFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def grow(owner, n: int) -> None:
    tag = TagFactory(owner=owner)
    organization = OrganizationFactory(owner=owner)
    for _ in range(n):
        contact = ContactFactory(owner=owner, tags=[tag])
        ContactEmailFactory(contact=contact)
        ContactPhoneFactory(contact=contact)
        SocialProfileFactory(contact=contact)
        AffiliationFactory(contact=contact, organization=organization)
        InteractionFactory(owner=owner, participants=[contact, ContactFactory(owner=owner)])
        event = EventFactory(owner=owner)
        EventAttendanceFactory(event=event, contact=contact)
        ReminderFactory(owner=owner, contact=contact)
        OrganizationFactory(owner=owner)


# Queries per list: the key (1), the count and the page (2), then one per prefetched relation.
EXPECTED = {
    "api:contact-list": 3 + 4,  # emails, phones, profiles, tags (health is joined)
    "api:organization-list": 3,
    "api:affiliation-list": 3,
    "api:interaction-list": 3 + 1,  # participants
    "api:event-list": 3 + 1,  # people met
    "api:reminder-list": 3,
}


@pytest.mark.parametrize("name", EXPECTED)
def test_a_list_costs_the_same_queries_whatever_its_length(
    name, owner, api, django_assert_num_queries
):
    api.get(reverse(name))  # the key's first use writes last_used_at once
    for size in (2, 12):
        grow(owner, size - (2 if size == 12 else 0))
        with django_assert_num_queries(EXPECTED[name]):
            response = api.get(reverse(name), {"page_size": 200})
        assert response.json()["count"] >= size
