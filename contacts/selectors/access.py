"""The one way a view reaches a single owned object: by the requesting user and the id, or 404.

Another user's id and an id that does not exist look the same, so ids leak nothing.
"""

from django.shortcuts import get_object_or_404

from contacts.models import Affiliation, Contact, Membership, Organization, Tag


def get_contact_for_user(user, pk: int) -> Contact:
    return get_object_or_404(Contact, pk=pk, owner=user)


def get_organization_for_user(user, pk: int) -> Organization:
    return get_object_or_404(Organization, pk=pk, owner=user)


def get_tag_for_user(user, pk: int) -> Tag:
    return get_object_or_404(Tag, pk=pk, owner=user)


def get_affiliation_for_user(user, pk: int) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.select_related("contact", "organization"), pk=pk, owner=user
    )


def get_membership_for_user(user, pk: int) -> Membership:
    return get_object_or_404(Membership.objects.select_related("organization"), pk=pk, owner=user)
