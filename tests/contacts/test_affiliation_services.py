import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Affiliation, Organization, OrganizationKind
from contacts.services.organizations import (
    affiliation_create,
    affiliation_delete,
    affiliation_update,
)
from tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def search_text(contact) -> str:
    contact.refresh_from_db(fields=["search_text"])
    return contact.search_text


def test_it_links_a_contact_to_an_organization_and_makes_it_searchable(owner):
    contact = ContactFactory(owner=owner)
    acme = OrganizationFactory(owner=owner, name="Acme Robotics")

    affiliation = affiliation_create(
        contact=contact,
        organization=acme,
        role=" Head of design ",
        start_date=datetime.date(2021, 3, 1),
    )

    affiliation.refresh_from_db()
    assert affiliation.owner == owner
    assert affiliation.organization == acme
    assert affiliation.role == "Head of design"
    assert affiliation.is_current
    assert "acme robotics" in search_text(contact)


def test_it_refuses_another_users_organization(owner, stranger):
    strangers_contact = ContactFactory(owner=stranger)
    owners_organization = OrganizationFactory(owner=owner)

    with pytest.raises(ValidationError):
        affiliation_create(contact=strangers_contact, organization=owners_organization)

    assert not Affiliation.objects.exists()


def test_updating_cannot_move_an_affiliation_to_another_users_organization(owner, stranger):
    affiliation = AffiliationFactory(contact__owner=stranger)
    owners_organization = OrganizationFactory(owner=owner)

    with pytest.raises(ValidationError):
        affiliation_update(affiliation=affiliation, organization=owners_organization)

    affiliation.refresh_from_db()
    assert affiliation.organization.owner == stranger


def test_it_refuses_an_end_before_the_start(owner):
    contact = ContactFactory(owner=owner)

    with pytest.raises(ValidationError):
        affiliation_create(
            contact=contact,
            new_organization_name="Acme",
            start_date=datetime.date(2022, 1, 1),
            end_date=datetime.date(2021, 1, 1),
        )

    assert not Affiliation.objects.exists()
    assert not Organization.objects.exists()


def test_it_needs_exactly_one_organization(owner):
    contact = ContactFactory(owner=owner)
    acme = OrganizationFactory(owner=owner)

    with pytest.raises(ValidationError):
        affiliation_create(contact=contact)
    with pytest.raises(ValidationError):
        affiliation_create(contact=contact, organization=acme, new_organization_name="Globex")

    assert not Affiliation.objects.exists()


def test_a_new_organization_name_creates_the_organization(owner):
    contact = ContactFactory(owner=owner)

    affiliation = affiliation_create(
        contact=contact,
        new_organization_name=" Paris Climbing Club ",
        new_organization_kind=OrganizationKind.COMMUNITY,
    )

    organization = Organization.objects.get()
    assert affiliation.organization == organization
    assert organization.owner == owner
    assert organization.name == "Paris Climbing Club"
    assert organization.kind == OrganizationKind.COMMUNITY


def test_a_new_organization_name_reuses_the_owners_organization_of_that_name(owner, stranger):
    acme = OrganizationFactory(owner=owner, name="ACME")
    OrganizationFactory(owner=stranger, name="acme")
    contact = ContactFactory(owner=owner)

    affiliation = affiliation_create(contact=contact, new_organization_name="acme")

    assert affiliation.organization == acme
    assert Organization.objects.filter(owner=owner).count() == 1


def test_moving_an_affiliation_updates_the_contacts_search_text(owner):
    contact = ContactFactory(owner=owner)
    affiliation = affiliation_create(contact=contact, new_organization_name="Acme")

    affiliation_update(
        affiliation=affiliation,
        new_organization_name="Globex",
        role="CTO",
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2023, 6, 30),
        is_current=False,
    )

    affiliation.refresh_from_db()
    assert affiliation.organization.name == "Globex"
    assert affiliation.role == "CTO"
    assert affiliation.end_date == datetime.date(2023, 6, 30)
    assert not affiliation.is_current
    assert "globex" in search_text(contact)
    assert "acme" not in search_text(contact)


def test_deleting_an_affiliation_keeps_the_contact_and_organization(owner):
    contact = ContactFactory(owner=owner)
    affiliation = affiliation_create(contact=contact, new_organization_name="Acme")

    affiliation_delete(affiliation=affiliation)

    assert not Affiliation.objects.exists()
    assert Organization.objects.filter(name="Acme").exists()
    assert "acme" not in search_text(contact)
