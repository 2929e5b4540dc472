"""STAND-IN: reminder writes for the API, until reminders.services lands on main.

The reminders engineer is writing `reminders.services` (reminder_create, reminder_update,
reminder_complete, reminder_snooze, reminder_dismiss, reminder_delete) with the same keyword
arguments as these functions. When it is on main, api/reminders.py imports from there instead
and this module is deleted: it is the only place outside the reminders app that writes a
Reminder. It does not schedule the next occurrence of a recurring reminder (the real service
does, with its rrule rules).
"""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, Organization
from interactions.models import Event
from reminders.models import Reminder, ReminderKind, ReminderStatus

UPDATABLE = frozenset(
    {
        "title",
        "note",
        "kind",
        "due_on",
        "due_time",
        "notice_days",
        "recur_every",
        "recur_unit",
        "contact",
        "event",
        "organization",
        "interaction",
    }
)
DUPLICATE = (
    "This contact already has a pending reminder of that kind (one keep-in-touch and one "
    "birthday reminder each, and one follow-up per person met at an event)."
)


def _check_owned(reminder: Reminder) -> None:
    for related in (reminder.contact, reminder.event, reminder.organization, reminder.interaction):
        if related is not None and related.owner_id != reminder.owner_id:
            raise ValueError("A reminder can only be about the owner's own rows.")


def _save(reminder: Reminder) -> Reminder:
    _check_owned(reminder)
    try:
        # A savepoint: the unique constraints on pending reminders decide, not a racy read.
        with transaction.atomic():
            reminder.save()
    except IntegrityError as error:
        raise ValueError(DUPLICATE) from error
    return reminder


def reminder_create(
    *,
    owner: User,
    title: str,
    due_on: date,
    kind: str = ReminderKind.FOLLOW_UP,
    contact: Contact | None = None,
    event: Event | None = None,
    organization: Organization | None = None,
    **fields: Any,
) -> Reminder:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"Not reminder fields: {', '.join(sorted(unknown))}")
    reminder = Reminder(
        owner=owner,
        title=title.strip(),
        due_on=due_on,
        kind=kind,
        contact=contact,
        event=event,
        organization=organization,
        **fields,
    )
    return _save(reminder)


def reminder_update(*, reminder: Reminder, fields: Mapping[str, Any]) -> Reminder:
    unknown = set(fields) - UPDATABLE
    if unknown:
        raise ValueError(f"Not reminder fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(reminder, name, value.strip() if name == "title" else value)
    return _save(reminder)


def reminder_complete(*, reminder: Reminder) -> Reminder:
    reminder.status = ReminderStatus.DONE
    reminder.snoozed_until = None
    reminder.completed_at = timezone.now()
    return _save(reminder)


def reminder_snooze(*, reminder: Reminder, until: date) -> Reminder:
    if until <= timezone.localdate(timezone.now(), reminder.owner.zone):
        raise ValueError("Snooze until a day after today.")
    reminder.status = ReminderStatus.SNOOZED
    reminder.snoozed_until = until
    return _save(reminder)


def reminder_dismiss(*, reminder: Reminder) -> Reminder:
    reminder.status = ReminderStatus.DISMISSED
    reminder.snoozed_until = None
    return _save(reminder)


def reminder_delete(*, reminder: Reminder) -> None:
    reminder.delete()
