"""Writes for organizations, contacts' affiliations with them, and the user's own memberships.

An organization's name is part of its people's `Contact.search_text`, so every write that changes
which organization a contact is linked to, or what it is called, rebuilds those contacts' search
text in the same transaction.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    Membership,
    MembershipRole,
    Organization,
    OrganizationKind,
)
from contacts.services.search import contacts_refresh_search_text
from interactions.services.network import network_counts_refresh


@transaction.atomic
def organization_create(
    *,
    owner: User,
    name: str,
    kind: str = OrganizationKind.COMPANY,
    website: str = "",
    industry: str = "",
    notes: str = "",
) -> Organization:
    organization = Organization.objects.create(
        owner=owner,
        name=name.strip(),
        kind=kind,
        website=website,
        industry=industry.strip(),
        notes=notes,
    )
    network_counts_refresh(owner=owner)
    return organization


@transaction.atomic
def organization_update(
    *,
    organization: Organization,
    name: str,
    kind: str,
    website: str = "",
    industry: str = "",
    notes: str = "",
) -> Organization:
    renamed = organization.name != name.strip()
    organization.name = name.strip()
    organization.kind = kind
    organization.website = website
    organization.industry = industry.strip()
    organization.notes = notes
    organization.save()
    if renamed:
        contacts_refresh_search_text(contact_ids=_contact_ids_at(organization))
    return organization


@transaction.atomic
def organization_delete(*, organization: Organization) -> None:
    # Read the people before the cascade removes their affiliations, then rebuild their search
    # text without the organization's name.
    contact_ids = _contact_ids_at(organization)
    organization.delete()
    contacts_refresh_search_text(contact_ids=contact_ids)
    network_counts_refresh(owner=organization.owner)


def _contact_ids_at(organization: Organization) -> list[int]:
    return list(
        Affiliation.objects.filter(organization=organization)
        .values_list("contact_id", flat=True)
        .distinct()
    )


def _organization_by_name(*, owner_id: int, name: str, kind: str) -> Organization:
    """The owner's organization with this name (any case), created when there is none.

    Typing a name that already exists links to it rather than making a look-alike duplicate:
    without JavaScript the name field is the only way to pick an organization at all.
    """
    name = name.strip()
    existing = (
        Organization.objects.alias(lower_name=Lower("name"))
        .filter(owner_id=owner_id, lower_name=Lower(Value(name)))
        .order_by("pk")
        .first()
    )
    if existing:
        return existing
    organization = Organization.objects.create(owner_id=owner_id, name=name, kind=kind)
    network_counts_refresh(owner=organization.owner)
    return organization


def _resolve_organization(
    *, owner_id: int, organization: Organization | None, new_organization_name: str, new_kind: str
) -> Organization:
    if organization is not None and new_organization_name.strip():
        raise ValidationError("Pick an existing organization or name a new one, not both.")
    if organization is None:
        if not new_organization_name.strip():
            raise ValidationError("An organization is required.")
        return _organization_by_name(owner_id=owner_id, name=new_organization_name, kind=new_kind)
    # The rule that keeps one user's data out of another's: a form scopes its picker to the
    # owner, and this refuses whatever reaches the service by another road.
    if organization.owner_id != owner_id:
        raise ValidationError("That organization does not exist.")
    return organization


def _check_dates(start_date: date | None, end_date: date | None) -> None:
    if start_date and end_date and end_date < start_date:
        raise ValidationError("The end date cannot be before the start date.")


@transaction.atomic
def affiliation_create(
    *,
    contact: Contact,
    organization: Organization | None = None,
    new_organization_name: str = "",
    new_organization_kind: str = OrganizationKind.COMPANY,
    role: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    is_current: bool = True,
) -> Affiliation:
    """Link a contact to one of the owner's organizations, or to a new one named on the spot."""
    _check_dates(start_date, end_date)
    organization = _resolve_organization(
        owner_id=contact.owner_id,
        organization=organization,
        new_organization_name=new_organization_name,
        new_kind=new_organization_kind,
    )
    affiliation = Affiliation.objects.create(
        owner_id=contact.owner_id,
        contact=contact,
        organization=organization,
        role=role.strip(),
        start_date=start_date,
        end_date=end_date,
        is_current=is_current,
    )
    contacts_refresh_search_text(contact_ids=[contact.pk])
    return affiliation


@transaction.atomic
def affiliation_update(
    *,
    affiliation: Affiliation,
    organization: Organization | None = None,
    new_organization_name: str = "",
    new_organization_kind: str = OrganizationKind.COMPANY,
    role: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    is_current: bool = True,
) -> Affiliation:
    _check_dates(start_date, end_date)
    affiliation.organization = _resolve_organization(
        owner_id=affiliation.owner_id,
        organization=organization,
        new_organization_name=new_organization_name,
        new_kind=new_organization_kind,
    )
    affiliation.role = role.strip()
    affiliation.start_date = start_date
    affiliation.end_date = end_date
    affiliation.is_current = is_current
    affiliation.save()
    contacts_refresh_search_text(contact_ids=[affiliation.contact_id])
    return affiliation


@transaction.atomic
def affiliation_delete(*, affiliation: Affiliation) -> None:
    contact_id = affiliation.contact_id
    affiliation.delete()
    contacts_refresh_search_text(contact_ids=[contact_id])


@transaction.atomic
def membership_create(
    *,
    owner: User,
    organization: Organization | None = None,
    new_organization_name: str = "",
    new_organization_kind: str = OrganizationKind.ASSOCIATION,
    role: str = MembershipRole.MEMBER,
    title: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    is_current: bool = True,
) -> Membership:
    """Record the user's own place in an organization ("I volunteer at the UX association")."""
    _check_dates(start_date, end_date)
    organization = _resolve_organization(
        owner_id=owner.pk,
        organization=organization,
        new_organization_name=new_organization_name,
        new_kind=new_organization_kind,
    )
    return Membership.objects.create(
        owner=owner,
        organization=organization,
        role=role,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        is_current=is_current,
    )


@transaction.atomic
def membership_update(
    *,
    membership: Membership,
    organization: Organization | None = None,
    new_organization_name: str = "",
    new_organization_kind: str = OrganizationKind.ASSOCIATION,
    role: str = MembershipRole.MEMBER,
    title: str = "",
    start_date: date | None = None,
    end_date: date | None = None,
    is_current: bool = True,
) -> Membership:
    _check_dates(start_date, end_date)
    membership.organization = _resolve_organization(
        owner_id=membership.owner_id,
        organization=organization,
        new_organization_name=new_organization_name,
        new_kind=new_organization_kind,
    )
    membership.role = role
    membership.title = title.strip()
    membership.start_date = start_date
    membership.end_date = end_date
    membership.is_current = is_current
    membership.save()
    return membership


@transaction.atomic
def membership_delete(*, membership: Membership) -> None:
    membership.delete()
