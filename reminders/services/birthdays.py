"""Birthdays: every active contact with a birthday has one pending birthday reminder, for its
next occurrence, shown BIRTHDAY_NOTICE_DAYS ahead so there is time to act.

- A birthday without a year works the same (the reminder does not need the age).
- 29 February falls on 28 February in other years (reminders.recurrence).
- The next year's appears when this year's is done or dismissed (the occurrence after the last
  one closed), or when it passes undone: the periodic tick moves a pending yearly reminder to its
  next occurrence the day after (services/materialize.py).
- Changing the birthday moves the pending reminder; clearing it, or archiving the contact,
  closes it (dismissed by the rule, see keep_in_touch.rule_close); unarchiving brings it back.

Other yearly dates (a work anniversary, a membership renewal) are recurring reminders with a
yearly unit, made by the user; they follow the same calendar rules.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from contacts.services.set_based import rows_update, values_insert
from reminders.models import (
    CLOSED_STATUSES,
    PENDING_STATUSES,
    RecurrenceUnit,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from reminders.recurrence import birthday_anchor, birthday_next
from reminders.services.contact_rows import (
    TITLE_MAX,
    ContactRow,
    SyncResult,
    locked_contact_chunks,
)
from reminders.services.keep_in_touch import rule_close

BIRTHDAY_NOTICE_DAYS = 7


def birthday_title(name: str) -> str:
    suffix = "'s birthday"
    return f"{name[: TITLE_MAX - len(suffix)]}{suffix}"


@transaction.atomic
def birthday_sync(
    *,
    contact_ids: Iterable[int] | None = None,
    owner: User | None = None,
    now: datetime | None = None,
) -> SyncResult:
    """Make the birthday reminders of these contacts (or of all `owner`'s) follow their
    birthdays. Safe to run any number of times; a snooze and an edited notice are kept unless
    the day moves."""
    now = now or timezone.now()
    result = SyncResult()
    for rows in locked_contact_chunks(contact_ids=contact_ids, owner=owner):
        result.add(sync_rows(rows, now))
    return result


def sync_rows(rows: list[ContactRow], now: datetime) -> SyncResult:
    """The rule for these contacts, read and locked by locked_contact_chunks in the caller's
    transaction (contact_reminders_sync runs both rules on one read)."""
    ids = [row.pk for row in rows]
    ours = Reminder.objects.filter(contact_id__in=ids, kind=ReminderKind.BIRTHDAY)
    # Done or dismissed by the user (one closed by the rule, e.g. on archiving, has no
    # completed_at and was no birthday celebrated).
    last_closed = dict(
        ours.filter(status__in=CLOSED_STATUSES, completed_at__isnull=False)
        .order_by()
        .values("contact_id")
        .annotate(last=Max("due_on"))
        .values_list("contact_id", "last")
    )
    pending = {
        reminder.contact_id: reminder
        for reminder in ours.filter(status__in=PENDING_STATUSES).only(
            "pk", "contact_id", "title", "status", "due_on", "snoozed_until", "recur_anchor"
        )
    }
    to_create, to_update, to_remove = [], [], []
    for row in rows:
        reminder = pending.get(row.pk)
        if row.archived_at is not None or not _has_birthday(row):
            if reminder is not None:
                to_remove.append(reminder.pk)
            continue
        start = row.local_date(now)
        if reminder is not None and reminder.snoozed_until and reminder.snoozed_until >= start:
            # Snoozed past its day ("remind me tomorrow" on the birthday): this occurrence
            # stays until the snooze ends, as the periodic tick keeps it.
            start = min(start, reminder.due_on)
        if row.pk in last_closed:
            # The occurrence after the last one done or dismissed: done early, this year's
            # must not come back.
            start = max(start, last_closed[row.pk] + timedelta(days=1))
        if reminder is None:
            to_create.append(_new_reminder(row, start))
            continue
        due_on = birthday_next(row.birthday_day, row.birthday_month, start)
        anchor = birthday_anchor(row.birthday_day, row.birthday_month, row.birthday_year)
        title = birthday_title(row.display_name)
        changed = reminder.title != title or reminder.recur_anchor != anchor
        reminder.title, reminder.recur_anchor = title, anchor
        if reminder.due_on != due_on:
            reminder.due_on = due_on
            reminder.status = ReminderStatus.OPEN
            reminder.snoozed_until = None
            changed = True
        if changed:
            reminder.updated_at = now
            to_update.append(reminder)
    rule_close(to_remove, now=now)
    rows_update(
        to_update, ["title", "recur_anchor", "due_on", "status", "snoozed_until", "updated_at"]
    )
    # The database's one-pending-birthday constraint decides a race (see keep_in_touch).
    values_insert(Reminder, to_create, ignore_conflicts=True)
    return SyncResult(created=len(to_create), moved=len(to_update), removed=len(to_remove))


def _has_birthday(row: ContactRow) -> bool:
    return row.birthday_day is not None and row.birthday_month is not None


def _new_reminder(row: ContactRow, start: date) -> dict:
    """The fields of the reminder of the first occurrence on or after `start`, for
    contacts.services.set_based.values_insert."""
    return {
        "owner_id": row.owner_id,
        "contact_id": row.pk,
        "kind": ReminderKind.BIRTHDAY,
        "title": birthday_title(row.display_name),
        "due_on": birthday_next(row.birthday_day, row.birthday_month, start),
        "notice_days": BIRTHDAY_NOTICE_DAYS,
        "recur_every": 1,
        "recur_unit": RecurrenceUnit.YEARS,
        "recur_anchor": birthday_anchor(row.birthday_day, row.birthday_month, row.birthday_year),
    }


def first_reminders(rows: Iterable[ContactRow], now: datetime) -> list[dict]:
    """The reminders sync_rows creates for contacts with no birthday reminder yet, done or
    pending: the next occurrence from the owner's today; none without a birthday or archived."""
    return [
        _new_reminder(row, row.local_date(now))
        for row in rows
        if row.archived_at is None and _has_birthday(row)
    ]
