"""The contact list's total without a search or filter is the stored network count (the figure
the dashboard shows), not a count of every contact at each visit; a page that finds the stored
figure wrong counts for real, so a count behind never hides anyone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Tier
from interactions.models import NetworkCount
from interactions.services.network import network_counts_refresh
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("contacts:contact_list")


@pytest.fixture
def five(owner, settings):
    """Five active contacts, counted, in pages of two."""
    settings.PAGE_SIZE = 2
    contacts = [ContactFactory(owner=owner, display_name=f"Person {n}") for n in range(5)]
    network_counts_refresh(owner=owner)
    return contacts


def stored_total(owner, count: int) -> None:
    """Make the stored figures say `count` active contacts, all in one tier."""
    rows = NetworkCount.objects.filter(owner=owner, part=NetworkCount.Part.TIER)
    rows.update(count=0)
    rows.filter(key=Tier.NETWORK).update(count=count)


def listed(client, **query):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(LIST_URL, query).context["page"]
    counted = any("COUNT(" in q["sql"] for q in queries.captured_queries)
    return [c.display_name for c in page.object_list], page.paginator.count, counted


def test_the_plain_list_takes_its_total_from_the_stored_count(owner_client, five):
    for number in ("1", "2", "3"):
        names, total, counted = listed(owner_client, page=number)
        assert total == 5 and not counted, number
    assert names == ["Person 4"]


def test_a_search_or_a_filter_counts_what_it_matches(owner_client, five):
    assert listed(owner_client, tier=Tier.NETWORK, sort="name")[1:] == (5, True)
    assert listed(owner_client, q="Person", sort="name")[1:] == (5, True)


@pytest.mark.parametrize("stored", [0, 3, 4, 6, 40])
def test_a_stored_count_that_is_wrong_is_found_out_and_nobody_is_hidden(
    owner_client, owner, five, stored
):
    # Behind (a write that forgot to recount) or ahead: every page still shows its people. A
    # page that ends where the stored total says, or finds fewer people than it promised, counts
    # for real; a page in the middle cannot tell and shows the stored total.
    stored_total(owner, stored)

    pages = [listed(owner_client, page=number) for number in ("1", "2", "3")]

    assert [name for names, _, _ in pages for name in names] == [f"Person {n}" for n in range(5)]
    assert pages[-1][1:] == (5, True)
