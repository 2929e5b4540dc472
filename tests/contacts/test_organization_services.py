import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Affiliation, Contact, Membership, Organization, OrganizationKind
from contacts.services.organizations import (
    affiliation_create,
    organization_create,
    organization_delete,
    organization_update,
)
from tests.factories import (
    AffiliationFactory,
    ContactFactory,
    MembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def search_text(contact: Contact) -> str:
    contact.refresh_from_db(fields=["search_text"])
    return contact.search_text


def rename(organization: Organization, name: str) -> Organization:
    return organization_update(
        organization=organization,
        name=name,
        kind=organization.kind,
        website=organization.website,
        industry=organization.industry,
        notes=organization.notes,
    )


def test_it_creates_an_organization_for_its_owner(owner):
    organization = organization_create(
        owner=owner,
        name="  Paris UX Association ",
        kind=OrganizationKind.ASSOCIATION,
        website="https://paris-ux.example.org",
    )

    organization.refresh_from_db()
    assert organization.owner == owner
    assert organization.name == "Paris UX Association"
    assert organization.kind == OrganizationKind.ASSOCIATION


def test_renaming_an_organization_rewrites_its_peoples_search_text(owner):
    acme = OrganizationFactory(owner=owner, name="Acme")
    current = AffiliationFactory(contact__owner=owner, organization=acme).contact
    former = AffiliationFactory(contact__owner=owner, organization=acme, is_current=False).contact
    elsewhere = AffiliationFactory(contact__owner=owner).contact
    untouched_before = search_text(elsewhere)

    rename(acme, "Globex Industries")

    for contact in (current, former):
        assert "globex industries" in search_text(contact)
        assert "acme" not in search_text(contact)
    assert search_text(elsewhere) == untouched_before


def test_renaming_runs_the_same_number_of_queries_for_2_or_40_people(owner):
    def queries_to_rename(people: int) -> int:
        organization = OrganizationFactory(owner=owner)
        for _ in range(people):
            AffiliationFactory(contact__owner=owner, organization=organization)
        with CaptureQueriesContext(connection) as queries:
            rename(organization, f"{organization.name} renamed")
        return len(queries)

    assert queries_to_rename(2) == queries_to_rename(40)


def test_saving_without_renaming_leaves_search_text_alone(owner, django_assert_num_queries):
    organization = OrganizationFactory(owner=owner, name="Acme")
    AffiliationFactory(contact__owner=owner, organization=organization)

    # One UPDATE of the organization, inside its transaction's savepoint: no search rebuild.
    with django_assert_num_queries(3):
        organization_update(
            organization=organization, name="Acme", kind=OrganizationKind.OTHER, industry="Toys"
        )


def test_deleting_an_organization_removes_it_from_its_peoples_search_text(owner):
    acme = OrganizationFactory(owner=owner, name="Acme")
    contact = ContactFactory(owner=owner)
    affiliation_create(contact=contact, organization=acme, role="Engineer")
    MembershipFactory(owner=owner, organization=acme)
    assert "acme" in search_text(contact)

    organization_delete(organization=acme)

    assert not Organization.objects.filter(pk=acme.pk).exists()
    assert not Affiliation.objects.filter(organization_id=acme.pk).exists()
    assert not Membership.objects.filter(organization_id=acme.pk).exists()
    assert "acme" not in search_text(contact)
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_deleting_one_organization_keeps_the_others_in_search_text(owner):
    contact = ContactFactory(owner=owner)
    affiliation_create(contact=contact, new_organization_name="Acme")
    globex = affiliation_create(contact=contact, new_organization_name="Globex").organization
    assert "globex" in search_text(contact)

    organization_delete(organization=globex)

    assert "acme" in search_text(contact)
    assert "globex" not in search_text(contact)
