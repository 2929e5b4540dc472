"""Keep in touch: every active contact has exactly one pending keep-in-touch reminder, due one
cadence after the user was last in touch with them.

The rule, for one contact (see docs/reminders.md):

- Cadence: the contact's own, else its tier's default (`Contact.effective_cadence_days`).
- Last in touch: the later of the contact's last interaction, on its own date in the owner's
  time zone (so a back-dated log counts), and the last day a keep-in-touch reminder of theirs
  was done or dismissed ("done" without logging still means "we talked"; "dismissed" means
  "not this round").
- Never in touch: counted from the day the contact was added. Adding someone is the first
  touch, and a thousand imported contacts do not all fall due on the day of the import.
- Archived contacts have none pending: archiving dismisses it, with no completed_at (closed by
  the rule, not by the user, so it counts as no touch); unarchiving brings a new one, due as it
  would have been. A deleted contact's reminders go with it.

keep_in_touch_sync applies the rule to a set of contacts with a fixed number of queries per
chunk of CHUNK_SIZE contacts: lock and read the contacts, one aggregate of last interactions,
one of last closed reminders, one read of the pending reminders, then at most one UPDATE closing
those of archived contacts, one moving the others and one INSERT (single statements whatever the
number of rows: contacts.services.set_based). Every service that changes an input of the rule
calls it (interactions logged, edited or deleted; a contact created, edited, archived,
unarchived, merged). The partial unique constraint reminder_one_keep_in_touch_per_contact makes
a second pending reminder impossible; inserts go through ON CONFLICT DO NOTHING, so a race the
locks did not prevent ends with one reminder, never with an error.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from contacts.models import DEFAULT_CADENCE_DAYS, Tier
from contacts.services.set_based import rows_update, values_insert
from interactions.models import Participation
from reminders.models import (
    CLOSED_STATUSES,
    PENDING_STATUSES,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from reminders.services.contact_rows import (
    TITLE_MAX,
    ContactRow,
    SyncResult,
    locked_contact_chunks,
)

# Rows per statement where Django's bulk_create / bulk_update are used (small fixed sets).
WRITE_BATCH_SIZE = 500


def keep_in_touch_title(name: str) -> str:
    return f"Keep in touch with {name}"[:TITLE_MAX]


def keep_in_touch_due_on(
    *, cadence_days: int, added_on: date, last_in_touch_on: date | None
) -> date:
    """The day a contact's keep-in-touch reminder is due (the rule above, for plain values)."""
    return (last_in_touch_on or added_on) + timedelta(days=cadence_days)


@transaction.atomic
def keep_in_touch_sync(
    *, contact_ids: Iterable[int] | None = None, owner: User | None = None
) -> SyncResult:
    """Make the keep-in-touch reminders of these contacts (or of all `owner`'s) follow the rule:
    create the missing ones, move those whose due day changed, remove those of archived contacts.
    Safe to run any number of times; a snooze is kept unless the due day moves."""
    result = SyncResult()
    for rows in locked_contact_chunks(contact_ids=contact_ids, owner=owner):
        result.add(sync_rows(rows))
    return result


def sync_rows(rows: list[ContactRow]) -> SyncResult:
    """The rule for these contacts, read and locked by locked_contact_chunks in the caller's
    transaction (contact_reminders_sync runs both rules on one read)."""
    ids = [row.pk for row in rows]
    last_interaction = dict(
        Participation.objects.filter(contact_id__in=ids)
        .order_by()
        .values("contact_id")
        .annotate(last=Max("occurred_at"))
        .values_list("contact_id", "last")
    )
    ours = Reminder.objects.filter(contact_id__in=ids, kind=ReminderKind.KEEP_IN_TOUCH)
    last_closed = dict(
        ours.filter(status__in=CLOSED_STATUSES, completed_at__isnull=False)
        .order_by()
        .values("contact_id")
        .annotate(last=Max("completed_at"))
        .values_list("contact_id", "last")
    )
    pending = {
        reminder.contact_id: reminder
        for reminder in ours.filter(status__in=PENDING_STATUSES).only(
            "pk", "contact_id", "title", "status", "due_on", "snoozed_until"
        )
    }
    now = timezone.now()
    to_create, to_update, to_remove = [], [], []
    for row in rows:
        reminder = pending.get(row.pk)
        if row.archived_at is not None:
            if reminder is not None:
                to_remove.append(reminder.pk)
            continue
        touches = [
            row.local_date(moment)
            for moment in (last_interaction.get(row.pk), last_closed.get(row.pk))
            if moment is not None
        ]
        due_on = _due_on(row, last_in_touch_on=max(touches) if touches else None)
        title = keep_in_touch_title(row.display_name)
        if reminder is None:
            to_create.append(_new_reminder(row, due_on))
            continue
        changed = reminder.title != title
        reminder.title = title
        if reminder.due_on != due_on:
            # A new due day is a new reminder for the user: a snooze of the old one ends.
            reminder.due_on = due_on
            reminder.status = ReminderStatus.OPEN
            reminder.snoozed_until = None
            changed = True
        if changed:
            reminder.updated_at = now
            to_update.append(reminder)
    rule_close(to_remove, now=now)
    rows_update(to_update, ["title", "due_on", "status", "snoozed_until", "updated_at"])
    # ON CONFLICT DO NOTHING: a pending one that appeared meanwhile wins, the database
    # constraint decides, and the next re-sync of that contact moves it if needed.
    values_insert(Reminder, to_create, ignore_conflicts=True)
    return SyncResult(created=len(to_create), moved=len(to_update), removed=len(to_remove))


def _due_on(row: ContactRow, *, last_in_touch_on: date | None) -> date:
    return keep_in_touch_due_on(
        cadence_days=row.cadence_days or DEFAULT_CADENCE_DAYS[Tier(row.tier)],
        added_on=row.local_date(row.created_at),
        last_in_touch_on=last_in_touch_on,
    )


def _new_reminder(row: ContactRow, due_on: date) -> dict:
    """A reminder's fields, for contacts.services.set_based.values_insert."""
    return {
        "owner_id": row.owner_id,
        "contact_id": row.pk,
        "kind": ReminderKind.KEEP_IN_TOUCH,
        "title": keep_in_touch_title(row.display_name),
        "due_on": due_on,
    }


def first_reminders(rows: Iterable[ContactRow]) -> list[dict]:
    """The reminders sync_rows creates for contacts with no history at all (no interaction, no
    reminder): due one cadence after the day each was added; none for an archived one."""
    return [
        _new_reminder(row, _due_on(row, last_in_touch_on=None))
        for row in rows
        if row.archived_at is None
    ]


def rule_close(reminder_ids: list[int], *, now) -> None:
    """Close reminders whose rule no longer wants them (an archived contact, a birthday cleared):
    dismissed without a completed_at, which marks the rule's doing, not the user's, so it counts
    as no touch and no birthday done. One UPDATE."""
    if reminder_ids:
        Reminder.objects.filter(pk__in=reminder_ids, status__in=PENDING_STATUSES).update(
            status=ReminderStatus.DISMISSED, snoozed_until=None, updated_at=now
        )
