"""contacts.selectors.listing: the contact list's rows, read with SQL, hold what the querysets
they replaced held, and a page of the list is counted and sliced by ids."""

from datetime import date

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from contacts.models import Contact
from contacts.selectors.contacts import contact_list, contact_list_page
from contacts.selectors.listing import contact_rows
from interactions.models import ContactHealth, HealthBand
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    OrganizationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def test_a_row_has_its_health_first_email_tags_and_current_employers(
    owner, django_assert_num_queries
):
    ana = ContactFactory(
        owner=owner,
        display_name="Ana Lima",
        tags=[TagFactory(owner=owner, name="zeta"), TagFactory(owner=owner, name="Alpha")],
    )
    ContactEmailFactory(contact=ana, email="ana@first.example")
    ContactEmailFactory(contact=ana, email="ana@second.example")
    ContactHealth.objects.create(
        owner=owner,
        contact=ana,
        score=71,
        band=HealthBand.HEALTHY,
        computed_at=timezone.now(),
        cadence_days=30,
    )
    AffiliationFactory(contact=ana, organization__name="Older Co", start_date=date(2019, 1, 1))
    AffiliationFactory(contact=ana, organization__name="Newer Co", start_date=date(2024, 1, 1))
    AffiliationFactory(contact=ana, organization__name="Former Co", is_current=False)

    with django_assert_num_queries(2):
        [row] = contact_rows(user=owner, ids=[ana.pk])
        assert row.display_name == "Ana Lima"
        assert row.health.score == 71 and row.health.band_label == "Healthy"
        assert row.first_email == "ana@first.example"
        # In the tags' own order (by lower-cased name), the latest job first.
        assert row.tag_names == ["Alpha", "zeta"]
        assert row.employers == ["Newer Co", "Older Co"]
        assert row.tier_label and row.initials == row.initials.upper()


def test_a_row_without_health_email_tags_or_job_has_empty_ones(owner):
    bea = ContactFactory(owner=owner, display_name="Bea")

    [row] = contact_rows(user=owner, ids=[bea.pk])

    assert row.first_email is None
    assert row.tag_names == [] and row.employers == []
    with pytest.raises(Contact.health.RelatedObjectDoesNotExist):
        row.health  # noqa: B018


def test_rows_come_in_the_order_of_the_ids_and_never_another_users(owner, stranger):
    first, second = ContactFactory(owner=owner), ContactFactory(owner=owner)
    theirs = ContactFactory(owner=stranger)
    AffiliationFactory(contact=theirs, organization=OrganizationFactory(owner=stranger))

    rows = contact_rows(user=owner, ids=[second.pk, theirs.pk, first.pk])

    assert [row.pk for row in rows] == [second.pk, first.pk]
    assert contact_rows(user=owner, ids=[]) == []


@pytest.mark.parametrize("query", ["", "person"])
def test_a_page_lists_what_the_bulk_edit_would_take_in_the_same_order(owner, query):
    for n in range(30):
        ContactFactory(owner=owner, display_name=f"Person {n:02}", first_name="Person")
    ContactFactory(owner=owner, display_name="Person Archived", archived_at="2026-01-01T00:00Z")

    listing = contact_list_page(user=owner, query=query)
    paginator = Paginator(listing.contacts, 25)

    everything = list(contact_list(user=owner, query=query).values_list("pk", flat=True))
    shown = [c.pk for n in paginator.page_range for c in paginator.page(n).object_list]
    assert paginator.count == 30
    assert shown == everything
    assert all(isinstance(contact, Contact) for contact in paginator.page(2).object_list)
