import datetime
import html

import pytest
from django.urls import reverse

from contacts.models import Membership, MembershipRole, Organization, OrganizationKind
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**overrides) -> dict:
    return {
        "organization": "",
        "new_organization_name": "",
        "new_organization_kind": OrganizationKind.ASSOCIATION,
        "role": MembershipRole.MEMBER,
        "title": "",
        "start_date": "",
        "end_date": "",
        "is_current": "on",
        **overrides,
    }


def test_it_checks_ownership(owner, stranger, stranger_client):
    membership = MembershipFactory(owner=owner, title="Treasurer")
    organization = membership.organization

    for name in ("membership_update", "membership_delete"):
        url = reverse(f"contacts:{name}", args=[membership.pk])
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url, form_data(new_organization_name="X")).status_code == 404
    preselect = f"{reverse('contacts:membership_create')}?organization={organization.pk}"
    assert stranger_client.get(preselect).status_code == 404
    assert "Treasurer" not in page_text(stranger_client.get(reverse("contacts:membership_list")))

    # The picker accepts only the stranger's own organizations.
    response = stranger_client.post(
        reverse("contacts:membership_create"), form_data(organization=organization.pk)
    )
    assert "organization" in response.context["form"].errors
    assert not Membership.objects.filter(owner=stranger).exists()
    membership.refresh_from_db()
    assert membership.title == "Treasurer"


def test_the_list_shows_current_memberships_then_past_ones(owner, owner_client):
    MembershipFactory(
        owner=owner,
        organization__name="Old Guild",
        role=MembershipRole.BOARD,
        title="Secretary",
        start_date=datetime.date(2015, 1, 1),
        end_date=datetime.date(2018, 6, 30),
        is_current=False,
    )
    MembershipFactory(
        owner=owner,
        organization__name="Paris UX",
        role=MembershipRole.VOLUNTEER,
        start_date=datetime.date(2023, 4, 1),
    )

    text = page_text(owner_client.get(reverse("contacts:membership_list")))

    assert text.index("Paris UX") < text.index("Old Guild")
    assert "Volunteer" in text
    assert "Board member, Secretary" in text
    assert "Since Apr 2023" in text
    assert "Jan 2015 \N{EN DASH} Jun 2018" in text


def test_the_empty_list_explains_memberships(owner_client):
    text = page_text(owner_client.get(reverse("contacts:membership_list")))

    assert "Record your first membership" in text
    assert "associations, communities and volunteer groups" in text


def test_recording_a_membership_from_an_organizations_page(owner, owner_client):
    organization = OrganizationFactory(owner=owner, name="Paris UX")
    url = f"{reverse('contacts:membership_create')}?organization={organization.pk}"

    form = owner_client.get(url).context["form"]
    assert f'<option value="{organization.pk}" selected>Paris UX</option>' in str(
        form["organization"]
    )

    response = owner_client.post(
        url,
        form_data(
            organization=organization.pk,
            role=MembershipRole.COMMITTEE,
            title="Events chair",
            start_date="2024-09-01",
        ),
    )

    assert response.url == reverse("contacts:membership_list")
    membership = Membership.objects.get()
    assert membership.owner == owner
    assert membership.organization == organization
    assert membership.role == MembershipRole.COMMITTEE
    assert membership.start_date == datetime.date(2024, 9, 1)
    assert "Events chair" in page_text(owner_client.get(organization.get_absolute_url()))


def test_a_membership_can_name_a_new_organization(owner, owner_client):
    owner_client.post(
        reverse("contacts:membership_create"),
        form_data(new_organization_name="Food Bank Volunteers", role=MembershipRole.VOLUNTEER),
    )

    organization = Organization.objects.get(owner=owner)
    assert organization.name == "Food Bank Volunteers"
    assert organization.kind == OrganizationKind.ASSOCIATION
    assert Membership.objects.get().organization == organization


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "²"])
def test_a_malformed_preselected_organization_is_not_found(owner_client, value):
    response = owner_client.get(reverse("contacts:membership_create"), {"organization": value})

    assert response.status_code == 404


def test_bad_input_is_a_field_error(owner, owner_client):
    response = owner_client.post(
        reverse("contacts:membership_create"),
        form_data(
            new_organization_name="Paris UX",
            role="emperor",
            start_date="2024-02-01",
            end_date="2023-02-01",
        ),
    )

    errors = response.context["form"].errors
    assert set(errors) == {"role", "end_date"}
    assert "The end date cannot be before the start date." in page_text(response)
    assert not Membership.objects.exists()
    assert not Organization.objects.exists()


def test_editing_and_deleting_a_membership(owner, owner_client):
    membership = MembershipFactory(owner=owner, organization__name="Paris UX", title="Member")
    update_url = reverse("contacts:membership_update", args=[membership.pk])

    assert owner_client.get(update_url).context["form"]["title"].value() == "Member"
    response = owner_client.post(
        update_url,
        form_data(
            organization=membership.organization.pk,
            role=MembershipRole.BOARD,
            title="President",
            start_date="2020-01-01",
            end_date="2022-12-31",
            is_current="",
        ),
    )
    assert response.url == reverse("contacts:membership_list")
    membership.refresh_from_db()
    assert (membership.role, membership.title, membership.is_current) == (
        MembershipRole.BOARD,
        "President",
        False,
    )

    delete_url = reverse("contacts:membership_delete", args=[membership.pk])
    assert "Paris UX" in page_text(owner_client.get(delete_url))
    assert Membership.objects.exists()
    assert owner_client.post(delete_url).url == reverse("contacts:membership_list")
    assert not Membership.objects.exists()
    assert Organization.objects.filter(name="Paris UX").exists()
