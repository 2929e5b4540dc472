"""Merging two records of one person into one, in one transaction, losing nothing.

The survivor takes the field values the user picked; every row of the duplicate moves to it:
interaction participations, reminders, affiliations, tags, event attendances, emails, phones,
profiles, introductions both ways, health history, "not a duplicate" dismissals. Where a unique
rule would hold two rows for one person, one is kept and the other folded into it:

- both took part in one interaction: the survivor's participation stays (the interaction keeps
  its other people and its notes);
- both were met at one event: one attendance, the notes of both;
- both have a pending keep-in-touch or birthday reminder: the survivor's stays pending, the
  duplicate's is dismissed (kept in the history); both have a follow-up for one event: the
  duplicate's becomes a plain follow-up;
- the same email (any case), phone or profile URL: one row; the same health week: the survivor's.

Then the survivor's search text and health are rebuilt and its keep-in-touch reminder re-synced.
A relation to Contact this module does not know about stops the merge (MergeError) rather than
being deleted with the duplicate: a new model must be taught here first.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    DuplicateDismissal,
    SocialProfile,
)
from contacts.normalize import linkedin_key
from contacts.services.bulk import keep_in_touch_resync
from contacts.services.contacts import CONTACT_FIELDS, _delete_file_after_commit, _set_fields
from contacts.services.search import contacts_refresh_search_text
from interactions.models import EventAttendance, HealthSnapshot, Participation
from interactions.services.health import health_recompute
from interactions.services.network import network_counts_refresh
from reminders.models import PENDING, Reminder, ReminderKind, ReminderStatus

# What the merge page lets the user pick: every field a service may set, and the photo.
MERGE_FIELDS = (*sorted(CONTACT_FIELDS), "photo")
# Free text where both versions may be worth keeping: the default joins them.
JOINABLE_FIELDS = ("notes", "how_we_met")
BIRTHDAY_FIELDS = ("birthday_day", "birthday_month", "birthday_year")

# Relations to Contact that disappear with the duplicate on purpose (rebuilt for the survivor).
_DROPPED_WITH_DUPLICATE = {"health"}
ContactTag = Contact.tags.through


class MergeError(ValueError):
    """The two contacts cannot be merged; the message says why, for the user."""


def merge_fields_default(*, survivor: Contact, duplicate: Contact) -> dict[str, Any]:
    """The survivor's values, its blanks filled from the duplicate, both texts where both wrote."""
    fields: dict[str, Any] = {}
    for name in sorted(CONTACT_FIELDS - set(BIRTHDAY_FIELDS)):
        mine, theirs = getattr(survivor, name), getattr(duplicate, name)
        if name in JOINABLE_FIELDS and mine and theirs and mine.strip() != theirs.strip():
            fields[name] = f"{mine.rstrip()}\n\n{theirs.lstrip()}"
        else:
            fields[name] = mine if mine not in (None, "") else theirs
    birthday_of = survivor if survivor.birthday_month is not None else duplicate
    fields.update({name: getattr(birthday_of, name) for name in BIRTHDAY_FIELDS})
    fields["photo"] = survivor.photo.name or duplicate.photo.name
    return fields


@transaction.atomic
def contacts_merge(
    *, owner: User, survivor: Contact, duplicate: Contact, fields: Mapping[str, Any]
) -> Contact:
    """Merge `duplicate` into `survivor` (both the owner's) and delete it; returns the survivor.

    `fields` are the survivor's values afterwards, from MERGE_FIELDS (those not given keep the
    survivor's); "photo" is the stored name of one of the two photos, or "" for none.
    """
    if survivor.pk == duplicate.pk:
        raise MergeError("A contact cannot be merged with itself.")
    # Locked, so that an edit of either in another request waits for the merge.
    pair = {
        c.pk: c
        for c in Contact.objects.select_for_update().filter(
            owner=owner, pk__in=[survivor.pk, duplicate.pk]
        )
    }
    if len(pair) != 2:
        raise MergeError("Both contacts must be yours.")
    survivor, duplicate = pair[survivor.pk], pair[duplicate.pk]
    unknown = set(fields) - set(MERGE_FIELDS)
    if unknown:
        raise ValueError(f"Not merge fields: {', '.join(sorted(unknown))}")

    _move_participations(survivor, duplicate)
    _move_reminders(survivor, duplicate)
    _move_attendances(survivor, duplicate)
    _move_details(survivor, duplicate)
    _move_introductions(survivor, duplicate)
    _move_health_history(survivor, duplicate)
    _move_dismissals(owner, survivor, duplicate)
    ContactTag.objects.bulk_create(
        [
            ContactTag(contact_id=survivor.pk, tag_id=tag_id)
            for tag_id in ContactTag.objects.filter(contact=duplicate).values_list(
                "tag_id", flat=True
            )
        ],
        ignore_conflicts=True,
    )
    _apply_fields(survivor, duplicate, fields)
    _refuse_unknown_relations(duplicate)
    duplicate.delete()

    contacts_refresh_search_text(contact_ids=[survivor.pk])
    if not health_recompute(contact_ids=[survivor.pk], owner=owner):
        # A recompute that wrote a row counted the network again already, one contact fewer.
        network_counts_refresh(owner=owner)
    keep_in_touch_resync(contact_ids=[survivor.pk])
    survivor.refresh_from_db()
    return survivor


def _move_participations(survivor: Contact, duplicate: Contact) -> None:
    shared = Participation.objects.filter(contact=survivor).values("interaction_id")
    Participation.objects.filter(contact=duplicate, interaction_id__in=shared).delete()
    Participation.objects.filter(contact=duplicate).update(contact=survivor)


def _move_reminders(survivor: Contact, duplicate: Contact) -> None:
    now = timezone.now()
    for kind in (ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY):
        if Reminder.objects.filter(PENDING, contact=survivor, kind=kind).exists():
            Reminder.objects.filter(PENDING, contact=duplicate, kind=kind).update(
                status=ReminderStatus.DISMISSED, snoozed_until=None, updated_at=now
            )
    survivor_events = Reminder.objects.filter(
        contact=survivor, kind=ReminderKind.AFTER_EVENT
    ).values("event_id")
    Reminder.objects.filter(
        contact=duplicate, kind=ReminderKind.AFTER_EVENT, event_id__in=survivor_events
    ).update(kind=ReminderKind.FOLLOW_UP, updated_at=now)
    Reminder.objects.filter(contact=duplicate).update(contact=survivor, updated_at=now)


def _move_attendances(survivor: Contact, duplicate: Contact) -> None:
    mine = {a.event_id: a for a in EventAttendance.objects.filter(contact=survivor)}
    for theirs in EventAttendance.objects.filter(contact=duplicate, event_id__in=list(mine)):
        kept = mine[theirs.event_id]
        if theirs.note and theirs.note not in kept.note:
            max_length = EventAttendance._meta.get_field("note").max_length
            kept.note = " / ".join(filter(None, [kept.note, theirs.note]))[:max_length]
            kept.save(update_fields=["note", "updated_at"])
        theirs.delete()
    EventAttendance.objects.filter(contact=duplicate).update(contact=survivor)


def _move_details(survivor: Contact, duplicate: Contact) -> None:
    """Emails, phones, profiles and affiliations: moved, except exact copies of the survivor's."""
    has_email = set(
        ContactEmail.objects.filter(contact=survivor)
        .annotate(address=Lower("email"))
        .values_list("address", flat=True)
    )
    ContactEmail.objects.filter(contact=duplicate).annotate(address=Lower("email")).filter(
        address__in=has_email
    ).delete()
    has_phone = ContactPhone.objects.filter(contact=survivor).values("number")
    ContactPhone.objects.filter(contact=duplicate, number__in=has_phone).delete()
    has_profile = {
        linkedin_key(url) or url for url in survivor.profiles.values_list("url", flat=True)
    }
    SocialProfile.objects.filter(
        pk__in=[
            p.pk
            for p in SocialProfile.objects.filter(contact=duplicate)
            if (linkedin_key(p.url) or p.url) in has_profile
        ]
    ).delete()

    def same(a: Affiliation) -> tuple:
        return (a.organization_id, a.role.casefold(), a.start_date, a.end_date, a.is_current)

    has_affiliation = {same(a) for a in Affiliation.objects.filter(contact=survivor)}
    Affiliation.objects.filter(
        pk__in=[
            a.pk
            for a in Affiliation.objects.filter(contact=duplicate)
            if same(a) in has_affiliation
        ]
    ).delete()
    for model in (ContactEmail, ContactPhone, SocialProfile, Affiliation):
        model.objects.filter(contact=duplicate).update(contact=survivor)


def _move_introductions(survivor: Contact, duplicate: Contact) -> None:
    # People the duplicate introduced were introduced by the survivor (the same person); the
    # survivor itself, if the duplicate "introduced" it, is handled with the fields.
    Contact.objects.filter(introduced_by=duplicate).exclude(pk=survivor.pk).update(
        introduced_by=survivor, updated_at=timezone.now()
    )


def _move_health_history(survivor: Contact, duplicate: Contact) -> None:
    weeks = HealthSnapshot.objects.filter(contact=survivor).values("week")
    HealthSnapshot.objects.filter(contact=duplicate, week__in=weeks).delete()
    HealthSnapshot.objects.filter(contact=duplicate).update(contact=survivor)


def _move_dismissals(owner: User, survivor: Contact, duplicate: Contact) -> None:
    """ "The duplicate is not X" is now "the survivor is not X"."""
    involving = DuplicateDismissal.objects.filter(Q(contact=duplicate) | Q(other=duplicate))
    others = {d.other_id if d.contact_id == duplicate.pk else d.contact_id for d in involving} - {
        survivor.pk
    }
    involving.delete()
    DuplicateDismissal.objects.bulk_create(
        [
            DuplicateDismissal(
                owner=owner, contact_id=min(survivor.pk, pk), other_id=max(survivor.pk, pk)
            )
            for pk in others
        ],
        ignore_conflicts=True,
    )


def _apply_fields(survivor: Contact, duplicate: Contact, fields: Mapping[str, Any]) -> None:
    values = {name: value for name, value in fields.items() if name != "photo"}
    introducer = values.get("introduced_by", survivor.introduced_by)
    if introducer is not None and introducer.pk in (survivor.pk, duplicate.pk):
        values["introduced_by"] = None
    _set_fields(survivor, values)

    if "photo" in fields:
        wanted = fields["photo"] or ""
        if wanted not in ("", survivor.photo.name, duplicate.photo.name):
            raise MergeError("The photo must be one of the two contacts' photos.")
        for name in (survivor.photo.name, duplicate.photo.name):
            if name and name != wanted:
                _delete_file_after_commit(name)
        survivor.photo = wanted
    elif duplicate.photo.name:
        _delete_file_after_commit(duplicate.photo.name)
    # The duplicate's row still names the photo the survivor now uses: forget it first.
    Contact.objects.filter(pk=duplicate.pk).update(photo="")
    survivor.save()


def _refuse_unknown_relations(duplicate: Contact) -> None:
    for relation in Contact._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and not relation.concrete):
            continue
        if not (relation.one_to_many or relation.one_to_one):
            continue
        if relation.name in _DROPPED_WITH_DUPLICATE:
            continue
        model = relation.related_model
        if model is DuplicateDismissal or model is ContactTag:
            # Dismissals were rewritten above; tag links are copied above and go with the row.
            continue
        if model.objects.filter(**{relation.field.name: duplicate}).exists():
            raise MergeError(
                f"{model._meta.verbose_name_plural.capitalize()} of this contact cannot be "
                "merged yet; nothing was changed."
            )
