"""Reads for organizations, affiliations and the user's own memberships, each scoped to the user.

Every function runs a fixed number of queries whatever the number of rows, so list and detail
pages cost the same at 10 or 10,000 people.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Affiliation, Membership, Organization, OrganizationKind
from contacts.selectors.access import get_organization_for_user


def organization_list(user: User, *, query: str = "", kind: str = "") -> QuerySet[Organization]:
    """The user's organizations by name, with how many people are there now and whether the
    user belongs to each. `query` matches part of the name; an unknown `kind` is ignored."""
    organizations = Organization.objects.filter(owner=user)
    if query.strip():
        organizations = organizations.filter(name__icontains=query.strip())
    if kind in OrganizationKind.values:
        organizations = organizations.filter(kind=kind)
    return organizations.annotate(
        people_count=Count(
            "affiliations__contact", filter=Q(affiliations__is_current=True), distinct=True
        ),
        # A subquery, not a second join: joining both relations would multiply the rows counted.
        is_member=Exists(Membership.objects.filter(organization=OuterRef("pk"), is_current=True)),
    ).order_by(Lower("name"), "pk")


@dataclass(frozen=True)
class OrganizationDetail:
    organization: Organization
    current: list[Affiliation]
    past: list[Affiliation]
    memberships: list[Membership]


def organization_detail(user: User, pk: int) -> OrganizationDetail:
    """One of the user's organizations with its people, current then past, and the user's own
    memberships in it. Another user's organization is a 404."""
    organization = get_organization_for_user(user, pk)
    affiliations = (
        Affiliation.objects.filter(organization=organization, owner=user)
        .select_related("contact")
        .order_by(
            F("end_date").desc(nulls_last=True),
            F("start_date").desc(nulls_last=True),
            "pk",
        )
    )
    current: list[Affiliation] = []
    past: list[Affiliation] = []
    for affiliation in affiliations:
        (current if affiliation.is_current else past).append(affiliation)
    # People there now read best alphabetically; past ones most recent first.
    current.sort(key=lambda a: (a.contact.display_name.casefold(), a.pk))
    memberships = list(Membership.objects.filter(organization=organization, owner=user))
    return OrganizationDetail(
        organization=organization, current=current, past=past, memberships=memberships
    )


def organization_deletion_impact(organization: Organization) -> dict[str, int]:
    """What goes with an organization when it is deleted, for the confirmation page."""
    return {
        "affiliations": Affiliation.objects.filter(organization=organization).count(),
        "memberships": Membership.objects.filter(organization=organization).count(),
    }


def membership_list(user: User) -> list[Membership]:
    """The user's own memberships, current first, then the most recent."""
    return list(
        Membership.objects.filter(owner=user)
        .select_related("organization")
        .order_by(
            "-is_current",
            F("end_date").desc(nulls_last=True),
            F("start_date").desc(nulls_last=True),
            Lower("organization__name"),
            "pk",
        )
    )
