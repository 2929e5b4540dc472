import datetime

import pytest
from django.core.exceptions import ValidationError

from contacts.models import Membership, MembershipRole, Organization, OrganizationKind
from contacts.services.organizations import (
    membership_create,
    membership_delete,
    membership_update,
)
from tests.factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


def test_it_records_the_users_own_membership(owner):
    association = OrganizationFactory(owner=owner, kind=OrganizationKind.ASSOCIATION)

    membership = membership_create(
        owner=owner,
        organization=association,
        role=MembershipRole.COMMITTEE,
        title="Events chair",
        start_date=datetime.date(2024, 9, 1),
    )

    membership.refresh_from_db()
    assert membership.owner == owner
    assert membership.organization == association
    assert membership.get_role_display() == "Committee member"
    assert membership.title == "Events chair"
    assert membership.is_current


def test_a_new_organization_for_a_membership_is_an_association_by_default(owner):
    membership = membership_create(owner=owner, new_organization_name="Paris UX")

    assert membership.organization.kind == OrganizationKind.ASSOCIATION
    assert membership.organization.owner == owner


def test_it_refuses_another_users_organization(owner, stranger):
    with pytest.raises(ValidationError):
        membership_create(owner=stranger, organization=OrganizationFactory(owner=owner))

    membership = MembershipFactory(owner=stranger)
    with pytest.raises(ValidationError):
        membership_update(membership=membership, organization=OrganizationFactory(owner=owner))

    assert not Membership.objects.filter(organization__owner=owner).exists()


def test_it_updates_and_deletes_a_membership(owner):
    membership = MembershipFactory(owner=owner)

    membership_update(
        membership=membership,
        organization=membership.organization,
        role=MembershipRole.BOARD,
        title="Treasurer",
        start_date=datetime.date(2019, 1, 1),
        end_date=datetime.date(2022, 12, 31),
        is_current=False,
    )
    membership.refresh_from_db()
    assert membership.role == MembershipRole.BOARD
    assert membership.end_date == datetime.date(2022, 12, 31)
    assert not membership.is_current

    organization = membership.organization
    membership_delete(membership=membership)
    assert not Membership.objects.exists()
    assert Organization.objects.filter(pk=organization.pk).exists()
