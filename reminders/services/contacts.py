"""What a contact's own fields decide about its reminders, for the contact services: one entry
point after a contact is created, edited, archived or unarchived, and one for a merge."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.models import Contact
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind
from reminders.services.after_event import after_event_title
from reminders.services.birthdays import birthday_sync
from reminders.services.contact_rows import SyncResult
from reminders.services.keep_in_touch import WRITE_BATCH_SIZE, keep_in_touch_sync

_ONE_PER_CONTACT = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY)


@transaction.atomic
def contact_reminders_sync(
    *, contact_ids: Iterable[int], now: datetime | None = None
) -> SyncResult:
    """Keep in touch (cadence, archived or not), birthday, and the names in the titles of the
    pending after-event follow-ups, for these contacts; a few queries whatever their number."""
    ids = sorted(set(contact_ids))
    result = keep_in_touch_sync(contact_ids=ids)
    result.add(birthday_sync(contact_ids=ids, now=now))
    renamed = []
    for reminder in Reminder.objects.filter(
        contact_id__in=ids, kind=ReminderKind.AFTER_EVENT, status__in=PENDING_STATUSES
    ).select_related("contact", "event"):
        title = after_event_title(
            name=reminder.contact.display_name, event_name=reminder.event.name
        )
        if reminder.title != title:
            reminder.title, reminder.updated_at = title, timezone.now()
            renamed.append(reminder)
    Reminder.objects.bulk_update(renamed, ["title", "updated_at"], batch_size=WRITE_BATCH_SIZE)
    result.moved += len(renamed)
    return result


@transaction.atomic
def contact_reminders_merge(*, into: Contact, merged: Iterable[Contact]) -> SyncResult:
    """Give `into` the reminders of the contacts merged into it, before those are deleted.

    Follow-ups, series and the history of done keep-in-touch and birthday reminders move to
    `into`; the merged contacts' pending keep-in-touch and birthday reminders go (`into` keeps
    one of each, from its own rule); an after-event follow-up moves unless `into` already has one
    for that event. Call it after the interactions have moved to `into`: it ends by re-syncing
    `into`, whose last interaction may have changed.
    """
    ids = [contact.pk for contact in merged if contact.pk != into.pk]
    if any(contact.owner_id != into.owner_id for contact in merged):
        raise ValueError("Only contacts of the same owner can be merged.")
    theirs = Reminder.objects.filter(contact_id__in=ids)
    theirs.filter(kind__in=_ONE_PER_CONTACT, status__in=PENDING_STATUSES).delete()
    into_events = Reminder.objects.filter(contact=into, kind=ReminderKind.AFTER_EVENT).values(
        "event_id"
    )
    theirs.filter(kind=ReminderKind.AFTER_EVENT, event_id__in=into_events).delete()
    # Two merged contacts met at the same event: the first one's follow-up is kept.
    seen_events: set[int] = set()
    duplicates = []
    for pk, event_id in (
        theirs.filter(kind=ReminderKind.AFTER_EVENT).order_by("pk").values_list("pk", "event_id")
    ):
        if event_id in seen_events:
            duplicates.append(pk)
        seen_events.add(event_id)
    Reminder.objects.filter(pk__in=duplicates).delete()
    theirs.update(contact=into, updated_at=timezone.now())
    return contact_reminders_sync(contact_ids=[into.pk])
