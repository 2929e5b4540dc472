"""Snooze, complete and dismiss many reminders at once (the admin's actions).

Set-based like contacts.services.bulk: a read of what changes, one UPDATE, and for recurring
reminders one INSERT of all their next occurrences. Only pending reminders (open or snoozed) of
the owner change; done and dismissed ones are left as they were.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, YEARLY, rrule
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from contacts.services.bulk import BulkOutcome, keep_in_touch_resync
from contacts.services.set_based import rows_insert
from reminders.models import PENDING, RecurrenceUnit, Reminder, ReminderKind, ReminderStatus

_FREQUENCY = {
    RecurrenceUnit.DAYS: DAILY,
    RecurrenceUnit.WEEKS: WEEKLY,
    RecurrenceUnit.MONTHS: MONTHLY,
    RecurrenceUnit.YEARS: YEARLY,
}

ReminderIds = Iterable[int] | QuerySet


@dataclass(frozen=True)
class CompleteOutcome(BulkOutcome):
    """`rescheduled`: recurring reminders whose next occurrence was created."""

    rescheduled: int = 0


def _pending(*, owner: User, reminder_ids: ReminderIds) -> QuerySet[Reminder]:
    if isinstance(reminder_ids, QuerySet):
        reminder_ids = reminder_ids.order_by().values("pk")
    else:
        reminder_ids = list(reminder_ids)
    return Reminder.objects.filter(owner=owner, pk__in=reminder_ids)


def next_due_on(*, due_on: date, every: int, unit: str, after: date) -> date:
    """The first occurrence of "every `every` `unit` from `due_on`" later than `after`.

    rrule, not date arithmetic: the 31st monthly falls on the last day of shorter months and
    29 February yearly on the 28th, and the series keeps its own day afterwards.
    """
    start = datetime(due_on.year, due_on.month, due_on.day)  # noqa: DTZ001 (a calendar day)
    frequency = _FREQUENCY[RecurrenceUnit(unit)]
    extra = {}
    if frequency == MONTHLY:
        extra = {"bymonthday": (due_on.day, -1), "bysetpos": 1}
    elif frequency == YEARLY:
        extra = {"bymonth": due_on.month, "bymonthday": (due_on.day, -1), "bysetpos": 1}
    rule = rrule(frequency, interval=every, dtstart=start, **extra)
    limit = datetime(after.year, after.month, after.day)  # noqa: DTZ001
    return rule.after(max(limit, start)).date()


@transaction.atomic
def reminders_bulk_snooze(*, owner: User, reminder_ids: ReminderIds, until: date) -> BulkOutcome:
    """Snooze pending reminders until `until` (a day of the owner's calendar)."""
    reminders = _pending(owner=owner, reminder_ids=reminder_ids)
    matched = reminders.count()
    changed = reminders.filter(PENDING).update(
        status=ReminderStatus.SNOOZED, snoozed_until=until, updated_at=timezone.now()
    )
    return BulkOutcome(matched=matched, changed=changed)


@transaction.atomic
def reminders_bulk_dismiss(*, owner: User, reminder_ids: ReminderIds) -> BulkOutcome:
    """Dismiss pending reminders: not done, no longer wanted. Recurring ones stop recurring."""
    reminders = _pending(owner=owner, reminder_ids=reminder_ids)
    matched = reminders.count()
    changed = reminders.filter(PENDING).update(
        status=ReminderStatus.DISMISSED, snoozed_until=None, updated_at=timezone.now()
    )
    return BulkOutcome(matched=matched, changed=changed)


@transaction.atomic
def reminders_bulk_complete(
    *, owner: User, reminder_ids: ReminderIds, now: datetime | None = None
) -> CompleteOutcome:
    """Mark pending reminders done; each recurring one gets its next occurrence, open, from the
    first due day after today (a weekly reminder done three weeks late comes back next week, not
    three times at once). Keep-in-touch reminders are re-synced from their contacts' cadence."""
    now = now or timezone.now()
    today = timezone.localdate(now, timezone=owner.zone)
    reminders = _pending(owner=owner, reminder_ids=reminder_ids)
    matched = reminders.count()
    completing = list(reminders.filter(PENDING))
    if not completing:
        return CompleteOutcome(matched=matched, changed=0)
    Reminder.objects.filter(pk__in=[r.pk for r in completing]).update(
        status=ReminderStatus.DONE, completed_at=now, snoozed_until=None, updated_at=now
    )
    following = [
        Reminder(
            owner_id=r.owner_id,
            contact_id=r.contact_id,
            event_id=r.event_id,
            organization_id=r.organization_id,
            interaction_id=r.interaction_id,
            title=r.title,
            note=r.note,
            kind=r.kind,
            due_on=next_due_on(
                due_on=r.due_on, every=r.recur_every, unit=r.recur_unit, after=today
            ),
            due_time=r.due_time,
            notice_days=r.notice_days,
            recur_every=r.recur_every,
            recur_unit=r.recur_unit,
        )
        for r in completing
        if r.recur_every and r.kind != ReminderKind.KEEP_IN_TOUCH
    ]
    rows_insert(following)
    keep_in_touch_resync(
        contact_ids=[
            r.contact_id
            for r in completing
            if r.kind == ReminderKind.KEEP_IN_TOUCH and r.contact_id
        ]
    )
    return CompleteOutcome(matched=matched, changed=len(completing), rescheduled=len(following))
