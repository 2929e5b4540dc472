"""Reads for tags, scoped to the user."""

from django.db.models import Count, QuerySet
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Tag


def tag_list(user: User) -> QuerySet[Tag]:
    """The user's tags by name, each with how many contacts carry it (archived ones included)."""
    return (
        Tag.objects.filter(owner=user)
        .annotate(contact_count=Count("contacts"))
        .order_by(Lower("name"), "pk")
    )


def tag_contact_count(tag: Tag) -> int:
    return tag.contacts.count()
