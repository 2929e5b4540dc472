"""The periodic work: what comes due on its own, for every user, on each one's own calendar.

reminders_materialize (every few minutes, see CELERY_BEAT_SCHEDULE):

1. Wake: a snoozed reminder is open again once its snooze day has begun in its owner's zone.
2. Yearly dates that passed undone (birthdays, yearly series) move to their next occurrence on
   the day after: the occasion is over, and next year's shows with its notice.
3. Any other series left undone moves to its latest occurrence once that has come due (at its
   local time, or the start of its day): one pending reminder per series, never a pile.

Set-based: owners are grouped by the calendar day it is in their zone (at most three different
days at any instant), so waking is one UPDATE and moving is one locked read and one bulk UPDATE
per chunk of series, however many users there are. Safe to run twice, or in two workers at once:
each step computes the same result from the same rows, and the series read for moving are locked
with SKIP LOCKED, so a user completing one at that moment is never overwritten; the next tick
sees what they did.

reminders_repair (nightly) is the safety net under the rules: any active contact missing its
keep-in-touch or birthday reminder (a row written by a path that skipped the services), or an
archived one still holding one, is re-synced.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact
from contacts.services.set_based import rows_update
from reminders.models import (
    PENDING_STATUSES,
    RecurrenceUnit,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from reminders.recurrence import Series
from reminders.services.birthdays import birthday_sync
from reminders.services.contact_rows import SyncResult
from reminders.services.keep_in_touch import keep_in_touch_sync

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Materialized:
    woken: int
    moved: int


def _zones_by_day(now: datetime) -> dict[date, list[str]]:
    """Every owner's zone, grouped by the calendar day it is there now."""
    by_day: dict[date, list[str]] = defaultdict(list)
    for name in User.objects.order_by().values_list("time_zone", flat=True).distinct():
        by_day[now.astimezone(ZoneInfo(name)).date()].append(name)
    return by_day


def _where_day(by_day: dict[date, list[str]], lookup: str) -> Q:
    """Rows whose `lookup` is on or before their owner's today (`lookup` ends with __lte/__lt)."""
    return reduce(
        or_, (Q(owner__time_zone__in=zones, **{lookup: day}) for day, zones in by_day.items())
    )


def reminders_materialize(*, now: datetime | None = None) -> Materialized:
    now = now or timezone.now()
    by_day = _zones_by_day(now)
    if not by_day:
        return Materialized(woken=0, moved=0)
    woken = (
        Reminder.objects.filter(status=ReminderStatus.SNOOZED)
        .filter(_where_day(by_day, "snoozed_until__lte"))
        .update(status=ReminderStatus.OPEN, updated_at=now)
    )
    moved = 0
    after = 0
    while True:
        with transaction.atomic():
            chunk = _series_to_look_at(by_day, after)
            moved += _move_series(chunk, now)
        if len(chunk) < CHUNK_SIZE:
            break
        after = chunk[-1].pk
    return Materialized(woken=woken, moved=moved)


def _series_to_look_at(by_day: dict[date, list[str]], after: int) -> list[Reminder]:
    # Only a series whose day is before its owner's today can have an occurrence to move to.
    return list(
        Reminder.objects.filter(status=ReminderStatus.OPEN, pk__gt=after)
        .exclude(recur_unit="")
        .filter(_where_day(by_day, "due_on__lt"))
        .select_related("owner")
        .only(
            "pk",
            "due_on",
            "due_time",
            "snoozed_until",
            "recur_every",
            "recur_unit",
            "recur_anchor",
            "owner__time_zone",
        )
        .order_by("pk")
        .select_for_update(skip_locked=True, of=("self",))[:CHUNK_SIZE]
    )


def _move_series(chunk: list[Reminder], now: datetime) -> int:
    moved = []
    for reminder in chunk:
        zone = reminder.owner.zone
        today = now.astimezone(zone).date()
        if reminder.snoozed_until is not None and reminder.snoozed_until >= today:
            continue  # back from a snooze today: the user asked to see it today
        series = Series(
            every=reminder.recur_every,
            unit=reminder.recur_unit,
            anchor=reminder.series_anchor,
            at=reminder.due_time,
        )
        if reminder.recur_unit == RecurrenceUnit.YEARS:
            due_on = series.first_on_or_after(reminder.due_on, today)
        else:
            due_on = series.latest_due(reminder.due_on, now, zone)
        if due_on != reminder.due_on:
            reminder.due_on, reminder.snoozed_until, reminder.updated_at = due_on, None, now
            moved.append(reminder)
    rows_update(moved, ["due_on", "snoozed_until", "updated_at"])
    return len(moved)


def reminders_repair(*, now: datetime | None = None) -> SyncResult:
    """Re-sync the contacts whose keep-in-touch or birthday reminder is missing or stale."""

    def pending(kind: str) -> Exists:
        return Exists(
            Reminder.objects.filter(contact=OuterRef("pk"), kind=kind, status__in=PENDING_STATUSES)
        )

    active = Q(archived_at__isnull=True)
    has_birthday = Q(birthday_day__isnull=False, birthday_month__isnull=False)
    keep_in_touch = Contact.objects.filter(
        (active & ~pending(ReminderKind.KEEP_IN_TOUCH))
        | (~active & pending(ReminderKind.KEEP_IN_TOUCH))
    ).values_list("pk", flat=True)
    birthdays = Contact.objects.filter(
        (active & has_birthday & ~pending(ReminderKind.BIRTHDAY))
        | ((~active | ~has_birthday) & pending(ReminderKind.BIRTHDAY))
    ).values_list("pk", flat=True)
    result = keep_in_touch_sync(contact_ids=list(keep_in_touch))
    result.add(birthday_sync(contact_ids=list(birthdays), now=now))
    return result


@transaction.atomic
def owner_reminders_sync(*, owner: User, now: datetime | None = None) -> SyncResult:
    """Re-sync all of one user's keep-in-touch and birthday reminders, e.g. after they moved to
    another time zone, which can change the day an interaction happened on."""
    result = keep_in_touch_sync(owner=owner)
    result.add(birthday_sync(owner=owner, now=now))
    return result
