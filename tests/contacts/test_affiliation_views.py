import datetime
import html

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from contacts.models import Affiliation, Organization, OrganizationKind
from tests.factories import AffiliationFactory, ContactFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**overrides) -> dict:
    return {
        "organization": "",
        "new_organization_name": "",
        "new_organization_kind": OrganizationKind.COMPANY,
        "role": "",
        "start_date": "",
        "end_date": "",
        "is_current": "on",
        **overrides,
    }


def test_it_checks_ownership(owner, stranger, stranger_client):
    contact = ContactFactory(owner=owner)
    affiliation = AffiliationFactory(contact=contact, role="CTO")

    create_url = reverse("contacts:affiliation_create", args=[contact.pk])
    assert stranger_client.get(create_url).status_code == 404
    assert stranger_client.post(create_url, form_data(new_organization_name="X")).status_code == 404
    for name in ("affiliation_update", "affiliation_delete"):
        url = reverse(f"contacts:{name}", args=[affiliation.pk])
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url, form_data(role="Mine")).status_code == 404

    # The stranger's own contact cannot be attached to the owner's organization: the picker
    # only accepts the stranger's organizations.
    strangers_contact = ContactFactory(owner=stranger)
    response = stranger_client.post(
        reverse("contacts:affiliation_create", args=[strangers_contact.pk]),
        form_data(organization=affiliation.organization.pk),
    )
    assert response.status_code == 200
    assert "organization" in response.context["form"].errors
    assert "Select a valid choice" in page_text(response)
    assert not Affiliation.objects.filter(contact=strangers_contact).exists()
    affiliation.refresh_from_db()
    assert affiliation.role == "CTO"


def test_adding_an_affiliation_to_an_existing_organization(owner, owner_client):
    contact = ContactFactory(owner=owner)
    acme = OrganizationFactory(owner=owner, name="Acme")

    response = owner_client.post(
        reverse("contacts:affiliation_create", args=[contact.pk]),
        form_data(organization=acme.pk, role="Head of design", start_date="2021-03-01"),
    )

    assert response.status_code == 302
    assert response.url == contact.get_absolute_url()
    affiliation = Affiliation.objects.get()
    assert (affiliation.contact, affiliation.organization) == (contact, acme)
    assert affiliation.role == "Head of design"
    assert affiliation.start_date == datetime.date(2021, 3, 1)
    assert affiliation.is_current
    contact.refresh_from_db()
    assert "acme" in contact.search_text


def test_adding_an_affiliation_with_a_new_organization_creates_it(owner, owner_client):
    contact = ContactFactory(owner=owner)

    owner_client.post(
        reverse("contacts:affiliation_create", args=[contact.pk]),
        form_data(
            new_organization_name="Paris Climbing Club",
            new_organization_kind=OrganizationKind.COMMUNITY,
            role="Route setter",
        ),
    )

    organization = Organization.objects.get(owner=owner)
    assert organization.name == "Paris Climbing Club"
    assert organization.kind == OrganizationKind.COMMUNITY
    assert Affiliation.objects.get().organization == organization


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({}, "organization", "Pick an organization, or type the name of a new one."),
        (
            {"new_organization_name": "Acme", "organization": "ORG"},
            "new_organization_name",
            "Pick an existing organization or name a new one, not both.",
        ),
        (
            {"new_organization_name": "Acme", "start_date": "2022-05-01", "end_date": "2021-01-01"},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        (
            {"new_organization_name": "Acme", "end_date": "2024-01-31"},
            "is_current",
            "This ended on Jan. 31, 2024: untick Current, or clear the end date.",
        ),
        ({"new_organization_name": "Acme", "start_date": "31/31/2020"}, "start_date", "date"),
        ({"organization": "9999999999999999999999"}, "organization", "Select a valid choice"),
        ({"organization": "abc"}, "organization", "Select a valid choice"),
    ],
)
@time_machine.travel(datetime.datetime(2026, 11, 22, 12, tzinfo=datetime.UTC), tick=False)
def test_bad_input_is_a_field_error(owner, owner_client, overrides, field, message):
    contact = ContactFactory(owner=owner)
    if overrides.get("organization") == "ORG":
        overrides["organization"] = OrganizationFactory(owner=owner).pk

    response = owner_client.post(
        reverse("contacts:affiliation_create", args=[contact.pk]), form_data(**overrides)
    )

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in page_text(response)
    assert not Affiliation.objects.exists()


def test_editing_an_affiliation_starts_from_it_and_returns_to_the_contact(owner, owner_client):
    affiliation = AffiliationFactory(
        contact__owner=owner, role="Engineer", start_date=datetime.date(2019, 1, 1)
    )
    url = reverse("contacts:affiliation_update", args=[affiliation.pk])

    form = owner_client.get(url).context["form"]
    assert form["organization"].value() == affiliation.organization.pk
    assert form["role"].value() == "Engineer"
    # The picker renders the chosen organization, so editing does not lose it.
    assert f'<option value="{affiliation.organization.pk}" selected>' in str(form["organization"])

    response = owner_client.post(
        url,
        form_data(
            organization=affiliation.organization.pk,
            role="Staff engineer",
            start_date="2019-01-01",
            end_date="2023-12-31",
            is_current="",
        ),
    )

    assert response.url == affiliation.contact.get_absolute_url()
    affiliation.refresh_from_db()
    assert affiliation.role == "Staff engineer"
    assert affiliation.end_date == datetime.date(2023, 12, 31)
    assert not affiliation.is_current


def test_removing_an_affiliation_asks_then_returns_to_the_contact(owner, owner_client):
    affiliation = AffiliationFactory(contact__owner=owner, organization__name="Acme")
    url = reverse("contacts:affiliation_delete", args=[affiliation.pk])

    confirmation = owner_client.get(url)
    assert f"Remove {affiliation.contact} from Acme?" in page_text(confirmation)
    assert Affiliation.objects.exists()

    response = owner_client.post(url)

    assert response.url == affiliation.contact.get_absolute_url()
    assert not Affiliation.objects.exists()
    assert Organization.objects.filter(name="Acme").exists()


def render_card(contact) -> str:
    request = RequestFactory().get("/")
    request.user = contact.owner
    return html.unescape(
        render_to_string(
            "contacts/_contact_affiliations.html",
            {
                "contact": contact,
                "affiliations": contact.affiliations.select_related("organization"),
            },
            request=request,
        )
    )


def test_the_contact_card_lists_affiliations_current_first(owner):
    contact = ContactFactory(owner=owner, display_name="Ada Lovelace")
    former = AffiliationFactory(
        contact=contact,
        organization__name="Old Corp",
        role="Analyst",
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2012, 2, 1),
        is_current=False,
    )
    now = AffiliationFactory(
        contact=contact,
        organization__name="New Corp",
        role="Engineer",
        start_date=datetime.date(2020, 9, 1),
    )

    card = render_card(contact)

    assert card.index("New Corp") < card.index("Old Corp")
    assert "Engineer · Since Sep 2020" in card
    assert "Analyst · Jan 2010 \N{EN DASH} Feb 2012" in card
    assert card.count("Current") == 1
    assert now.organization.get_absolute_url() in card
    for affiliation in (now, former):
        assert reverse("contacts:affiliation_update", args=[affiliation.pk]) in card
        assert reverse("contacts:affiliation_delete", args=[affiliation.pk]) in card
    assert reverse("contacts:affiliation_create", args=[contact.pk]) in card


def test_the_contact_card_has_an_empty_state(owner):
    contact = ContactFactory(owner=owner, display_name="Ada Lovelace")

    card = render_card(contact)

    assert "No organizations yet" in card
    assert "Add affiliation" in card
