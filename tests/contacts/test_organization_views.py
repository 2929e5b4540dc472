import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Affiliation, Contact, Membership, Organization, OrganizationKind
from contacts.services.organizations import affiliation_create
from tests.factories import (
    AffiliationFactory,
    ContactFactory,
    MembershipFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_checks_ownership(owner, stranger_client):
    organization = OrganizationFactory(owner=owner, name="Acme")
    AffiliationFactory(contact__owner=owner, organization=organization)

    for name in ("organization_detail", "organization_update", "organization_delete"):
        url = reverse(f"contacts:{name}", args=[organization.pk])
        assert stranger_client.get(url).status_code == 404, name
    for name in ("organization_update", "organization_delete"):
        url = reverse(f"contacts:{name}", args=[organization.pk])
        assert stranger_client.post(url, {"name": "Mine now", "kind": "other"}).status_code == 404

    organization.refresh_from_db()
    assert organization.name == "Acme"
    assert Affiliation.objects.filter(organization=organization).exists()


def test_the_list_shows_only_the_users_organizations_with_people_there_now(
    owner, stranger, owner_client
):
    acme = OrganizationFactory(owner=owner, name="Acme")
    AffiliationFactory.create_batch(2, contact__owner=owner, organization=acme)
    AffiliationFactory(contact__owner=owner, organization=acme, is_current=False)
    MembershipFactory(owner=owner, organization=OrganizationFactory(owner=owner, name="Paris UX"))
    OrganizationFactory(owner=stranger, name="Stranger Things Inc")

    response = owner_client.get(reverse("contacts:organization_list"))

    text = page_text(response)
    assert [o.name for o in response.context["page"]] == ["Acme", "Paris UX"]
    assert "2 people" in text
    assert "I'm a member" in text
    assert "Stranger Things" not in text


def test_the_list_searches_by_name_and_filters_by_kind(owner, owner_client):
    OrganizationFactory(owner=owner, name="Acme Robotics", kind=OrganizationKind.COMPANY)
    OrganizationFactory(owner=owner, name="Robotics Guild", kind=OrganizationKind.ASSOCIATION)
    OrganizationFactory(owner=owner, name="Globex", kind=OrganizationKind.COMPANY)
    url = reverse("contacts:organization_list")

    def names(**params) -> list[str]:
        return [o.name for o in owner_client.get(url, params).context["page"]]

    assert names(q="robotics") == ["Acme Robotics", "Robotics Guild"]
    assert names(kind="company") == ["Acme Robotics", "Globex"]
    assert names(q="robotics", kind="association") == ["Robotics Guild"]
    # A kind that does not exist is ignored rather than an error.
    assert names(kind="<script>") == ["Acme Robotics", "Globex", "Robotics Guild"]


def test_the_list_paginates_and_survives_a_bad_page_number(owner, owner_client, settings):
    settings.PAGE_SIZE = 25
    for number in range(30):
        OrganizationFactory(owner=owner, name=f"Org {number:02d}")
    url = reverse("contacts:organization_list")

    first = owner_client.get(url)
    second = owner_client.get(url, {"page": 2, "q": "org"})
    nonsense = owner_client.get(url, {"page": "many"})

    assert len(first.context["page"]) == 25
    assert "Page 1 of 2" in page_text(first)
    assert [o.name for o in second.context["page"]] == [f"Org {n}" for n in range(25, 30)]
    assert "?page=1&amp;q=org" in second.content.decode()
    assert nonsense.context["page"].number == 1


def test_the_empty_list_says_what_organizations_are_for(owner_client):
    response = owner_client.get(reverse("contacts:organization_list"))

    text = page_text(response)
    assert "No organizations yet" in text
    assert "employers, professional associations, communities" in text
    assert "volunteer groups" in text
    assert reverse("contacts:organization_create") in text


def test_a_search_without_results_offers_to_clear_it(owner, owner_client):
    OrganizationFactory(owner=owner, name="Acme")

    response = owner_client.get(reverse("contacts:organization_list"), {"q": "zebra"})

    text = page_text(response)
    assert "No organization matches “zebra”" in text
    assert "Show all organizations" in text


def test_creating_an_organization_opens_its_page(owner, owner_client):
    response = owner_client.post(
        reverse("contacts:organization_create"),
        {
            "name": "Paris UX Association",
            "kind": OrganizationKind.ASSOCIATION,
            "website": "paris-ux.example.org",
            "industry": "Design",
            "notes": "Meets **monthly**.",
        },
    )

    organization = Organization.objects.get()
    assert response.status_code == 302
    assert response.url == organization.get_absolute_url()
    assert organization.owner == owner
    assert organization.website == "https://paris-ux.example.org"


def test_bad_input_is_shown_as_field_errors(owner_client):
    response = owner_client.post(
        reverse("contacts:organization_create"),
        {"name": "   ", "kind": "spaceship", "website": "not a url at all"},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"name", "kind", "website"}
    assert "Enter a valid URL." in page_text(response)
    assert not Organization.objects.exists()


def test_renaming_an_organization_makes_its_people_findable_by_the_new_name(owner, owner_client):
    organization = OrganizationFactory(owner=owner, name="Acme")
    contact = ContactFactory(owner=owner)
    affiliation_create(contact=contact, organization=organization)

    response = owner_client.post(
        reverse("contacts:organization_update", args=[organization.pk]),
        {"name": "Globex", "kind": OrganizationKind.COMPANY, "website": "", "industry": ""},
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    contact.refresh_from_db()
    assert organization.name == "Globex"
    assert "globex" in contact.search_text
    assert "acme" not in contact.search_text


def test_the_edit_form_starts_from_the_saved_values(owner, owner_client):
    organization = OrganizationFactory(owner=owner, name="Acme", industry="Toys")

    response = owner_client.get(reverse("contacts:organization_update", args=[organization.pk]))

    assert response.context["form"]["name"].value() == "Acme"
    assert response.context["form"]["industry"].value() == "Toys"


def test_deleting_asks_first_and_says_how_many_affiliations_go_with_it(owner, owner_client):
    organization = OrganizationFactory(owner=owner, name="Acme")
    AffiliationFactory.create_batch(3, contact__owner=owner, organization=organization)
    MembershipFactory(owner=owner, organization=organization)
    url = reverse("contacts:organization_delete", args=[organization.pk])

    confirmation = owner_client.get(url)

    assert "3 affiliations" in page_text(confirmation)
    assert "1 of your own membership" in page_text(confirmation)
    assert Organization.objects.filter(pk=organization.pk).exists()

    response = owner_client.post(url)

    assert response.url == reverse("contacts:organization_list")
    assert not Organization.objects.filter(pk=organization.pk).exists()
    assert not Affiliation.objects.exists()
    assert not Membership.objects.exists()
    assert Contact.objects.filter(owner=owner).count() == 3


def test_the_detail_page_lists_people_there_now_then_before(owner, owner_client):
    organization = OrganizationFactory(
        owner=owner,
        name="Acme",
        kind=OrganizationKind.COMPANY,
        website="https://acme.example.com",
        industry="Robotics",
        notes="Founded in **1999**.\n\n<script>alert(1)</script>",
    )
    AffiliationFactory(
        contact__owner=owner,
        contact__display_name="Zoe Current",
        organization=organization,
        role="CTO",
        start_date=datetime.date(2021, 3, 1),
    )
    AffiliationFactory(
        contact__owner=owner,
        contact__display_name="Adam Current",
        organization=organization,
        role="Designer",
    )
    AffiliationFactory(
        contact__owner=owner,
        contact__display_name="Bob Former",
        organization=organization,
        role="Intern",
        start_date=datetime.date(2015, 6, 1),
        end_date=datetime.date(2016, 8, 31),
        is_current=False,
    )

    response = owner_client.get(organization.get_absolute_url())

    text = page_text(response)
    assert [a.contact.display_name for a in response.context["current"]] == [
        "Adam Current",
        "Zoe Current",
    ]
    assert [a.contact.display_name for a in response.context["past"]] == ["Bob Former"]
    assert text.index("Adam Current") < text.index("Zoe Current") < text.index("Bob Former")
    assert "Since Mar 2021" in text
    assert "Jun 2015 \N{EN DASH} Aug 2016" in text
    assert 'href="https://acme.example.com"' in text
    assert "Robotics" in text
    assert "<strong>1999</strong>" in text
    assert "<script>alert(1)" not in response.content.decode()


def test_the_detail_page_shows_my_membership_and_offers_to_record_one(owner, owner_client):
    organization = OrganizationFactory(owner=owner)
    bare = owner_client.get(organization.get_absolute_url())
    MembershipFactory(owner=owner, organization=organization, title="Events chair")

    response = owner_client.get(organization.get_absolute_url())

    record_url = f"{reverse('contacts:membership_create')}?organization={organization.pk}"
    assert record_url in bare.content.decode()
    assert "Nobody you know is here right now" in page_text(bare)
    assert "Events chair" not in page_text(bare)
    assert "Events chair" in page_text(response)


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_list_runs_the_same_queries_for_10_or_200_organizations(owner, owner_client):
    url = reverse("contacts:organization_list")
    for _ in range(10):
        AffiliationFactory(contact__owner=owner, organization__owner=owner)
    at_10 = _queries_for(owner_client, url)

    for _ in range(190):
        AffiliationFactory(contact__owner=owner, organization__owner=owner)
    MembershipFactory.create_batch(5, owner=owner)
    at_200 = _queries_for(owner_client, url)

    assert at_10 == at_200


def test_the_detail_runs_the_same_queries_for_10_or_200_people(owner, owner_client):
    organization = OrganizationFactory(owner=owner)
    url = organization.get_absolute_url()
    AffiliationFactory.create_batch(10, contact__owner=owner, organization=organization)
    at_10 = _queries_for(owner_client, url)

    AffiliationFactory.create_batch(
        95, contact__owner=owner, organization=organization, is_current=False
    )
    AffiliationFactory.create_batch(95, contact__owner=owner, organization=organization)
    MembershipFactory.create_batch(3, owner=owner, organization=organization)
    at_200 = _queries_for(owner_client, url)

    assert at_10 == at_200


def test_nul_bytes_are_refused_not_sent_to_the_database(owner, owner_client):
    OrganizationFactory(owner=owner, name="Acme")

    listing = owner_client.get(
        reverse("contacts:organization_list"), {"q": "a\x00", "kind": "\x00"}
    )
    created = owner_client.post(
        reverse("contacts:organization_create"), {"name": "Acme\x00", "kind": "company"}
    )
    affiliated = owner_client.post(
        reverse("contacts:affiliation_create", args=[ContactFactory(owner=owner).pk]),
        {"new_organization_name": "Globex\x00", "organization": "\x00"},
    )

    assert [o.name for o in listing.context["page"]] == ["Acme"]
    assert "name" in created.context["form"].errors
    assert {"organization", "new_organization_name"} <= set(affiliated.context["form"].errors)
    assert list(Organization.objects.values_list("name", flat=True)) == ["Acme"]
