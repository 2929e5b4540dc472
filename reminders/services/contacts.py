"""What a contact's own fields decide about its reminders, for the contact services: one entry
point after contacts are created, edited, archived, unarchived or merged (contacts/services/
merge.py moves the reminders themselves, then calls this through keep_in_touch_resync)."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from contacts.services.set_based import rows_update
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind
from reminders.services import birthdays, keep_in_touch
from reminders.services.after_event import after_event_title
from reminders.services.contact_rows import SyncResult, locked_contact_chunks


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
