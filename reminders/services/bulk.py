"""Done, snooze and dismiss for many reminders at once (the admin's actions).

The same rules as one reminder's (services/reminders.py), set-based like contacts.services.bulk:
one locked read of the owner's pending reminders among those asked for, one UPDATE, then what
closing them schedules, for all of them together: one INSERT of the next occurrences of the
series, one keep-in-touch and one birthday re-sync of their contacts. The same number of queries
for 10 reminders as for 1,000. Done and dismissed reminders are left as they were.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from contacts.services.bulk import BulkOutcome
from contacts.services.set_based import rows_insert
from reminders.models import PENDING, Reminder, ReminderKind, ReminderStatus
from reminders.services.birthdays import birthday_sync
from reminders.services.keep_in_touch import keep_in_touch_sync
from reminders.services.reminders import next_occurrence

ReminderIds = Iterable[int] | QuerySet


@dataclass(frozen=True)
class CompleteOutcome(BulkOutcome):
    """`rescheduled`: what closing them scheduled (next occurrences, next keep-in-touch and
    birthday reminders)."""

    rescheduled: int = 0


def _asked(*, owner: User, reminder_ids: ReminderIds) -> QuerySet[Reminder]:
    """The owner's reminders among `reminder_ids`; another user's ids are silently left out."""
    if isinstance(reminder_ids, QuerySet):
        reminder_ids = reminder_ids.order_by().values("pk")
    else:
        reminder_ids = list(reminder_ids)
    return Reminder.objects.filter(owner=owner, pk__in=reminder_ids)


@transaction.atomic
def reminders_bulk_snooze(*, owner: User, reminder_ids: ReminderIds, until: date) -> BulkOutcome:
    """Snooze pending reminders until `until` (a day of the owner's calendar)."""
    reminders = _asked(owner=owner, reminder_ids=reminder_ids)
    matched = reminders.count()
    changed = reminders.filter(PENDING).update(
        status=ReminderStatus.SNOOZED, snoozed_until=until, updated_at=timezone.now()
    )
    return BulkOutcome(matched=matched, changed=changed)


@transaction.atomic
def reminders_bulk_complete(
    *, owner: User, reminder_ids: ReminderIds, now: datetime | None = None
) -> CompleteOutcome:
    """Mark pending reminders done: each series gets its next occurrence after today (done three
    weeks late, a weekly one comes back next week, not three times), and keep-in-touch and
    birthday reminders their next ones, from their contacts."""
    return _close(owner, reminder_ids, ReminderStatus.DONE, now or timezone.now())


@transaction.atomic
def reminders_bulk_dismiss(
    *, owner: User, reminder_ids: ReminderIds, now: datetime | None = None
) -> CompleteOutcome:
    """Close pending reminders without doing them; as for one, a series goes on with its next
    occurrence and a contact's keep-in-touch reminder comes back a cadence later."""
    return _close(owner, reminder_ids, ReminderStatus.DISMISSED, now or timezone.now())


def _close(owner: User, reminder_ids: ReminderIds, status: str, now: datetime) -> CompleteOutcome:
    reminders = _asked(owner=owner, reminder_ids=reminder_ids)
    matched = reminders.count()
    # Locked, so a user acting on one of them at this moment waits, then finds it closed.
    closing = list(reminders.filter(PENDING).order_by("pk").select_for_update())
    if not closing:
        return CompleteOutcome(matched=matched, changed=0)
    Reminder.objects.filter(pk__in=[r.pk for r in closing]).update(
        status=status, completed_at=now, updated_at=now
    )
    by_rule = {ReminderKind.KEEP_IN_TOUCH: [], ReminderKind.BIRTHDAY: []}
    series = []
    for reminder in closing:
        if reminder.kind in by_rule:
            by_rule[reminder.kind].append(reminder.contact_id)
        elif reminder.recur_unit:
            series.append(reminder)
    following = []
    if series:
        # A series whose next occurrence exists already (reopened, then closed again) has one.
        moved_on = set(
            Reminder.objects.filter(previous_occurrence__in=series).values_list(
                "previous_occurrence_id", flat=True
            )
        )
        following = [
            next_occurrence(r, now=now, zone=owner.zone) for r in series if r.pk not in moved_on
        ]
        rows_insert(following)
    rescheduled = len(following)
    if by_rule[ReminderKind.KEEP_IN_TOUCH]:
        rescheduled += keep_in_touch_sync(contact_ids=by_rule[ReminderKind.KEEP_IN_TOUCH]).created
    if by_rule[ReminderKind.BIRTHDAY]:
        rescheduled += birthday_sync(contact_ids=by_rule[ReminderKind.BIRTHDAY], now=now).created
    return CompleteOutcome(matched=matched, changed=len(closing), rescheduled=rescheduled)
