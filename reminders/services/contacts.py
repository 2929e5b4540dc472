"""What a contact's own fields decide about its reminders, for the contact services: one entry
point after contacts are created, edited, archived, unarchived or merged (contacts/services/
merge.py moves the reminders themselves, then calls this through keep_in_touch_resync), and a
shortcut for many contacts just created at once (an import)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.services.set_based import rows_update, values_insert
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind
from reminders.services import birthdays, keep_in_touch
from reminders.services.after_event import after_event_title
from reminders.services.contact_rows import SyncResult, contact_rows_of, locked_contact_chunks


@transaction.atomic
def contact_reminders_sync(
    *, contact_ids: Iterable[int], now: datetime | None = None
) -> SyncResult:
    """Keep in touch (cadence, archived or not), birthday, and the names in the titles of the
    pending after-event follow-ups, for these contacts; a few queries whatever their number
    (the contacts are locked and read once for both rules)."""
    now = now or timezone.now()
    ids = sorted(set(contact_ids))
    result = SyncResult()
    for rows in locked_contact_chunks(contact_ids=ids):
        result.add(keep_in_touch.sync_rows(rows))
        result.add(birthdays.sync_rows(rows, now))
    renamed = []
    for reminder in Reminder.objects.filter(
        contact_id__in=ids, kind=ReminderKind.AFTER_EVENT, status__in=PENDING_STATUSES
    ).select_related("contact", "event"):
        title = after_event_title(
            name=reminder.contact.display_name, event_name=reminder.event.name
        )
        if reminder.title != title:
            reminder.title, reminder.updated_at = title, now
            renamed.append(reminder)
    rows_update(renamed, ["title", "updated_at"])
    result.moved += len(renamed)
    return result


def new_contacts_reminders_create(
    *, owner: User, contacts: Sequence[Mapping], now: datetime | None = None
) -> SyncResult:
    """What contact_reminders_sync would create for contacts this transaction has just written,
    without reading anything: such a contact has no interaction, no reminder and no follow-up
    yet, so the rules need only its own fields. `contacts` holds the fields each was written
    with, by attname, with its "id" and "created_at" (a field left out has its default, as in
    contacts.services.set_based.values_insert). One INSERT for keep-in-touch and birthday
    reminders together, where the sync locks and reads the contacts, then reads their history,
    per chunk of 2,000.

    No ON CONFLICT here, unlike the sync: no other transaction can see these contacts yet, so a
    conflict would mean a contact that was not new, a caller's mistake to fail on.
    """
    now = now or timezone.now()
    if any(contact["owner_id"] != owner.pk for contact in contacts):
        raise ValueError(f"Some of these contacts are not user {owner.pk}'s.")
    rows = contact_rows_of(contacts, time_zone=owner.time_zone)
    reminders = [*keep_in_touch.first_reminders(rows), *birthdays.first_reminders(rows, now)]
    values_insert(Reminder, reminders)
    return SyncResult(created=len(reminders))
