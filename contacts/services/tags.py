"""Writes for tags. Tags are created where they are used (a contact's tags field); here they are
renamed, merged and deleted. A tag's name is part of its contacts' search text, so each write
rebuilds it for the contacts it touched."""

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Lower

from contacts.models import Contact, Tag
from contacts.services.search import contacts_refresh_search_text

ContactTag = Contact.tags.through


@transaction.atomic
def tag_rename(*, tag: Tag, name: str) -> Tag:
    """Rename a tag; if the owner already has a tag of that name (in any case), merge into it.

    Returns the tag that carries the name afterwards: `tag` itself, or the one it merged into.
    The merged tag takes the spelling just typed, since that is what the user asked to see.
    """
    name = name.strip()
    # Locked so that two renames racing to the same name merge in turn instead of tripping the
    # unique (owner, lower(name)) constraint.
    target = (
        Tag.objects.select_for_update()
        .alias(lower_name=Lower("name"))
        .filter(owner_id=tag.owner_id, lower_name=Lower(Value(name)))
        .exclude(pk=tag.pk)
        .first()
    )
    contact_ids = list(ContactTag.objects.filter(tag=tag).values_list("contact_id", flat=True))
    if target is None:
        tag.name = name
        tag.save(update_fields=["name", "updated_at"])
        contacts_refresh_search_text(contact_ids=contact_ids)
        return tag

    # ignore_conflicts skips contacts that already carry both tags: (contact, tag) is unique.
    ContactTag.objects.bulk_create(
        [ContactTag(contact_id=contact_id, tag_id=target.pk) for contact_id in contact_ids],
        ignore_conflicts=True,
        batch_size=500,
    )
    tag.delete()
    target.name = name
    target.save(update_fields=["name", "updated_at"])
    contacts_refresh_search_text(
        contact_ids=ContactTag.objects.filter(tag=target).values_list("contact_id", flat=True)
    )
    return target


@transaction.atomic
def tag_delete(*, tag: Tag) -> None:
    """Delete a tag; its contacts stay, without it."""
    contact_ids = list(ContactTag.objects.filter(tag=tag).values_list("contact_id", flat=True))
    tag.delete()
    contacts_refresh_search_text(contact_ids=contact_ids)
