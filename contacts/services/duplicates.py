"""Writes for the duplicates page: "these two are different people"."""

from accounts.models import User
from contacts.models import Contact, DuplicateDismissal


def duplicate_dismiss(*, owner: User, contact: Contact, other: Contact) -> DuplicateDismissal:
    """Stop suggesting this pair; dismissing it twice is a no-op."""
    if contact.pk == other.pk or {contact.owner_id, other.owner_id} != {owner.pk}:
        raise ValueError("A dismissal is about two different contacts of the owner.")
    low, high = sorted((contact.pk, other.pk))
    dismissal, _ = DuplicateDismissal.objects.get_or_create(
        owner=owner, contact_id=low, other_id=high
    )
    return dismissal
