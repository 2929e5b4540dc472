"""The contact list and detail pages make a fixed number of queries whatever the network's size.

Every contact has emails, tags and affiliations, so a relation that is not prefetched shows up
as one more query per row and breaks the pinned count.
"""

import pytest
from django.db import connection
from django.urls import reverse

from contacts.selectors.contacts import BEST_MATCHES
from interactions.services.health import health_recompute, health_snapshot_week
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    OrganizationFactory,
    SocialProfileFactory,
    TagFactory,
)

# Session and user (2), then the page's own reads; see each test for the breakdown.
LIST_QUERIES = 6
# The best matches, ranked (contacts_best_matching: no count, they are at most a hundred),
# then the page's rows and their tags and employers
SEARCH_QUERIES = 5
FILTERED_QUERIES = 10
DETAIL_QUERIES = 18  # + the events this contact was met at, + its pending reminders


@pytest.fixture(params=[10, 200], ids=["10 contacts", "200 contacts"])
def network(request, owner):
    organizations = OrganizationFactory.create_batch(5, owner=owner)
    tags = TagFactory.create_batch(4, owner=owner)
    contacts = []
    for index in range(request.param):
        contact = ContactFactory(
            owner=owner,
            first_name=f"Person{index:03}",
            display_name=f"Person {index:03}",
            tags=tags[index % 4 : index % 4 + 2],
            introduced_by=contacts[0] if contacts else None,
        )
        ContactEmailFactory.create_batch(2, contact=contact)
        ContactPhoneFactory(contact=contact)
        SocialProfileFactory(contact=contact)
        AffiliationFactory(contact=contact, organization=organizations[index % 5])
        AffiliationFactory(
            contact=contact, organization=organizations[(index + 1) % 5], is_current=False
        )
        contacts.append(contact)
    # Stored health (and this week's trend point) for everyone: list badges and the health card.
    health_recompute(owner=owner)
    health_snapshot_week(owner=owner)
    return {"contacts": contacts, "tag": tags[0], "organization": organizations[0]}


def test_the_list_page_query_count_does_not_grow(owner_client, network, django_assert_num_queries):
    # count, the page's ids, their rows (each with its health and first email), then their tags
    # and current organizations' names
    with django_assert_num_queries(LIST_QUERIES):
        response = owner_client.get(reverse("contacts:contact_list"))
    assert len(response.context["page"].object_list) == min(25, len(network["contacts"]))


def test_a_search_query_count_does_not_grow(owner_client, network, django_assert_num_queries):
    # On PostgreSQL, when the prefix matches (everyone here) cannot fill the best hundred, one
    # more statement completes them with the typo matches.
    typos_looked_for = (
        connection.vendor == "postgresql" and len(network["contacts"]) <= BEST_MATCHES
    )
    with django_assert_num_queries(SEARCH_QUERIES + typos_looked_for):
        response = owner_client.get(reverse("contacts:contact_list"), {"q": "person"})
    assert response.context["page"].object_list


def test_a_filtered_list_query_count_does_not_grow(
    owner_client, network, django_assert_num_queries
):
    # + the tag and the organization, each read to validate the filter and to show it picked
    params = {"tag": network["tag"].pk, "organization": network["organization"].pk}
    with django_assert_num_queries(FILTERED_QUERIES):
        response = owner_client.get(reverse("contacts:contact_list"), params)
    assert response.status_code == 200


def test_the_detail_page_query_count_does_not_grow(
    owner_client, network, django_assert_num_queries
):
    # the contact, its introducer, emails, phones, profiles, tags, affiliations (with
    # organizations) and the people it introduced; then the timeline's interactions, events and
    # totals (pinned with interactions in tests/interactions/test_timeline.py); then the health
    # card's score, when everyone's health was last checked, and its trend
    first = network["contacts"][0]
    first.introduced_by = network["contacts"][-1]
    first.save()
    with django_assert_num_queries(DETAIL_QUERIES):
        response = owner_client.get(first.get_absolute_url())
    assert len(response.context["contact"].introduced_list) == len(network["contacts"]) - 1


def test_it_checks_ownership(stranger_client, network):
    first = network["contacts"][0]
    assert stranger_client.get(first.get_absolute_url()).status_code == 404
    listing = stranger_client.get(reverse("contacts:contact_list"))
    assert list(listing.context["page"].object_list) == []
