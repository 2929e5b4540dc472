"""After an event: each person met there gets a follow-up, due the owner's
`after_event_follow_up_days` (default 2) after the event ends (or starts, without an end), on the
owner's calendar.

It closes itself, as done, once an interaction with that person is logged dated on or after the
event's start: any interaction but the "met at" entry the event itself wrote on their timeline.
There is one per person and event, ever (reminder_one_after_event_per_person): once done or
dismissed it is not made again, and adding the person a second time changes nothing. Moving or
renaming the event moves or renames the pending ones; taking a person off the event removes
theirs. A changed setting applies to the people added from then on.
"""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from interactions.models import Event, EventAttendance, Interaction, InteractionKind, Participation
from reminders.models import PENDING_STATUSES, Reminder, ReminderKind, ReminderStatus
from reminders.services.contact_rows import TITLE_MAX, SyncResult
from reminders.services.keep_in_touch import WRITE_BATCH_SIZE


def after_event_title(*, name: str, event_name: str) -> str:
    return f"Follow up with {name} after {event_name}"[:TITLE_MAX]


def after_event_due_on(*, event: Event, days: int) -> date:
    ended = event.ends_at or event.starts_at
    return ended.astimezone(event.owner.zone).date() + timedelta(days=days)


def _followed_up(event: Event, contact_ids: Iterable[int]) -> set[int]:
    """Which of these people have an interaction since the event started, other than its own
    "met at" entry."""
    return set(
        Participation.objects.filter(contact_id__in=list(contact_ids))
        .filter(occurred_at__gte=event.starts_at)
        .exclude(kind=InteractionKind.MET_AT_EVENT, interaction__event_id=event.pk)
        .values_list("contact_id", flat=True)
        .distinct()
    )


@transaction.atomic
def after_event_sync(*, event: Event, now: datetime | None = None) -> SyncResult:
    """Make the event's follow-ups match its people: create the missing ones, move and rename
    the pending ones with the event, close those already followed up, remove those of people
    taken off. Safe to run any number of times."""
    now = now or timezone.now()
    attendees = dict(
        EventAttendance.objects.filter(event=event).values_list(
            "contact_id", "contact__display_name"
        )
    )
    existing = {
        reminder.contact_id: reminder
        for reminder in Reminder.objects.filter(event=event, kind=ReminderKind.AFTER_EVENT)
    }
    followed_up = _followed_up(event, attendees) if attendees else set()
    due_on = after_event_due_on(event=event, days=event.owner.after_event_follow_up_days)
    to_create, to_update, to_remove, closed = [], [], [], 0
    for contact_id, name in attendees.items():
        reminder = existing.get(contact_id)
        title = after_event_title(name=name, event_name=event.name)
        if reminder is None:
            if contact_id not in followed_up:
                to_create.append(
                    Reminder(
                        owner_id=event.owner_id,
                        contact_id=contact_id,
                        event=event,
                        kind=ReminderKind.AFTER_EVENT,
                        title=title,
                        due_on=due_on,
                    )
                )
            continue
        if not reminder.is_pending:
            continue
        if contact_id in followed_up:
            reminder.status, reminder.completed_at = ReminderStatus.DONE, now
            closed += 1
        elif reminder.due_on != due_on:
            reminder.due_on, reminder.status, reminder.snoozed_until = (
                due_on,
                ReminderStatus.OPEN,
                None,
            )
        elif reminder.title == title:
            continue
        reminder.title, reminder.updated_at = title, now
        to_update.append(reminder)
    to_remove = [
        reminder.pk
        for contact_id, reminder in existing.items()
        if contact_id not in attendees and reminder.is_pending
    ]
    if to_remove:
        Reminder.objects.filter(pk__in=to_remove).delete()
    if to_update:
        Reminder.objects.bulk_update(
            to_update,
            ["title", "due_on", "status", "snoozed_until", "completed_at", "updated_at"],
            batch_size=WRITE_BATCH_SIZE,
        )
    if to_create:
        Reminder.objects.bulk_create(to_create, batch_size=WRITE_BATCH_SIZE, ignore_conflicts=True)
    return SyncResult(
        created=len(to_create), moved=len(to_update) - closed, removed=len(to_remove), closed=closed
    )


def after_event_close(
    *, interaction: Interaction, contact_ids: Iterable[int], now: datetime | None = None
) -> int:
    """An interaction was logged (or moved) with these people: close their pending after-event
    follow-ups of events that started by then. Returns how many were closed; one UPDATE."""
    ids = list(contact_ids)
    if not ids:
        return 0
    now = now or timezone.now()
    pending = Reminder.objects.filter(
        owner_id=interaction.owner_id,
        kind=ReminderKind.AFTER_EVENT,
        status__in=PENDING_STATUSES,
        contact_id__in=ids,
        event__starts_at__lte=interaction.occurred_at,
    )
    if interaction.kind == InteractionKind.MET_AT_EVENT and interaction.event_id:
        # The event's own "met at" entry is the meeting, not the follow-up.
        pending = pending.exclude(event_id=interaction.event_id)
    return pending.update(status=ReminderStatus.DONE, completed_at=now, updated_at=now)
