"""Writes to one reminder: create, edit, done, snooze, dismiss, reopen, delete.

Reminders the user makes are follow-ups (once) and recurring ones (a series: every N days,
weeks, months or years). Those Rapport makes from a rule (keep in touch, birthday, after an
event) are created and moved by their own services; here they can be done, snoozed, dismissed
and reopened like any other, and closing one asks its rule what comes next.

State changes are claimed with a conditional UPDATE (only a pending reminder can be done, only a
closed one reopened), so a double click, or a click racing the periodic tick, acts once.
"""

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, Organization
from interactions.models import Event, Interaction
from interactions.services import interactions as interaction_services
from reminders.dates import owner_today
from reminders.models import (
    CLOSED_STATUSES,
    LOGGABLE_KINDS,
    PENDING_STATUSES,
    RecurrenceUnit,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from reminders.recurrence import Series
from reminders.services.birthdays import birthday_sync
from reminders.services.keep_in_touch import keep_in_touch_sync

# What the user makes; the other kinds come from a rule (see the module docstring).
USER_KINDS = (ReminderKind.FOLLOW_UP, ReminderKind.RECURRING)
RULE_KINDS = (ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY, ReminderKind.AFTER_EVENT)

USER_FIELDS = frozenset(
    {
        "title",
        "note",
        "due_on",
        "due_time",
        "notice_days",
        "recur_every",
        "recur_unit",
        "contact",
        "event",
        "organization",
        "interaction",
        # Follow-up or recurring: said by whether it repeats (a kind given must agree).
        "kind",
    }
)
# A rule decides the day and the title of its reminders (and would undo an edit of them).
RULE_FIELDS = frozenset({"note", "due_time", "notice_days"})

EARLIEST_DUE = date(1900, 1, 1)
LATEST_DUE = date(2200, 12, 31)
MAX_NOTICE_DAYS = 90
MAX_EVERY = 999
# A snooze is for "not now", not for "never": further than this, dismiss it.
MAX_SNOOZE = timedelta(days=366)


def _check(reminder: Reminder) -> None:
    """Refuse what no form should let through (forms give the friendly messages)."""
    reminder.title = reminder.title.strip()
    if not reminder.title:
        raise ValueError("A reminder needs a title.")
    for related in (reminder.contact, reminder.event, reminder.organization, reminder.interaction):
        if related is not None and related.owner_id != reminder.owner_id:
            raise ValueError("A reminder can only be about the owner's own rows.")
    if not EARLIEST_DUE <= reminder.due_on <= LATEST_DUE:
        raise ValueError(f"A reminder is due between {EARLIEST_DUE.year} and {LATEST_DUE.year}.")
    if not 0 <= reminder.notice_days <= MAX_NOTICE_DAYS:
        raise ValueError(f"Notice is 0 to {MAX_NOTICE_DAYS} days.")
    if bool(reminder.recur_every) != bool(reminder.recur_unit):
        raise ValueError("A recurrence needs both how often and the unit.")
    if reminder.recur_unit:
        if reminder.recur_unit not in RecurrenceUnit.values:
            raise ValueError(f"Unknown recurrence unit {reminder.recur_unit!r}.")
        if not 1 <= reminder.recur_every <= MAX_EVERY:
            raise ValueError(f"A reminder repeats every 1 to {MAX_EVERY} units.")
    if reminder.kind == ReminderKind.FOLLOW_UP and reminder.recur_unit:
        raise ValueError("A follow-up happens once; a reminder that repeats is recurring.")
    if reminder.kind == ReminderKind.RECURRING and not reminder.recur_unit:
        raise ValueError("A recurring reminder needs a recurrence.")


@transaction.atomic
def reminder_create(
    *,
    owner: User,
    title: str,
    due_on: date,
    kind: str = ReminderKind.FOLLOW_UP,
    contact: Contact | None = None,
    event: Event | None = None,
    organization: Organization | None = None,
    interaction: Interaction | None = None,
    due_time: time | None = None,
    note: str = "",
    recur_every: int | None = None,
    recur_unit: str = "",
    notice_days: int = 0,
) -> Reminder:
    """A follow-up (once) or a recurring reminder (with recur_every and recur_unit); the series
    counts from `due_on`. The other kinds are made by their rules, not here."""
    if kind not in USER_KINDS:
        raise ValueError(
            f"{ReminderKind(kind).label} reminders are made by Rapport from the contact or the "
            "event; create a follow-up or a recurring reminder."
        )
    reminder = Reminder(
        owner=owner,
        kind=kind,
        title=title,
        due_on=due_on,
        due_time=due_time,
        note=note,
        contact=contact,
        event=event,
        organization=organization,
        interaction=interaction,
        recur_every=recur_every or None,
        recur_unit=recur_unit,
        recur_anchor=due_on if recur_unit else None,
        notice_days=notice_days,
    )
    _check(reminder)
    reminder.save()
    return reminder


def follow_up_title(*, names: list[str]) -> str:
    people = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return f"Follow up with {people}"[:200]


@transaction.atomic
def follow_up_create(*, interaction: Interaction, due_on: date) -> Reminder:
    """ "Follow up in 2 weeks" while logging: a follow-up with the people of `interaction`
    (about the one contact when there was one, else about the interaction alone)."""
    people = list(interaction.participants.order_by("display_name", "pk"))
    return reminder_create(
        owner=interaction.owner,
        title=follow_up_title(names=[person.display_name for person in people]),
        due_on=due_on,
        contact=people[0] if len(people) == 1 else None,
        interaction=interaction,
        note=interaction.summary,
    )


@transaction.atomic
def reminder_update(*, reminder: Reminder, fields: dict[str, Any]) -> Reminder:
    """Change what the user may change: any field of their own reminders; the note, time and
    notice of those made by a rule (the rule decides their day). A new day ends a snooze; a new
    schedule restarts the series from the due day."""
    allowed = RULE_FIELDS if reminder.kind in RULE_KINDS else USER_FIELDS
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable on this reminder: {', '.join(sorted(unknown))}")
    if "kind" in fields and fields["kind"] not in USER_KINDS:
        raise ValueError("A reminder of your own is a follow-up or a recurring one.")
    before = (reminder.due_on, reminder.recur_every, reminder.recur_unit)
    for name, value in fields.items():
        setattr(reminder, name, value)
    if reminder.kind in USER_KINDS and "kind" not in fields:
        reminder.kind = ReminderKind.RECURRING if reminder.recur_unit else ReminderKind.FOLLOW_UP
    reminder.recur_every = reminder.recur_every or None
    if (reminder.due_on, reminder.recur_every, reminder.recur_unit) != before:
        reminder.recur_anchor = reminder.due_on if reminder.recur_unit else None
    if reminder.due_on != before[0] and reminder.snoozed_until is not None:
        reminder.snoozed_until = None
        if reminder.status == ReminderStatus.SNOOZED:
            reminder.status = ReminderStatus.OPEN
    _check(reminder)
    reminder.save()
    return reminder


def _claim(reminder: Reminder, statuses, **changes) -> bool:
    """Apply `changes` only if the reminder is still in one of `statuses`; True if it was."""
    changed = Reminder.objects.filter(pk=reminder.pk, status__in=statuses).update(
        **changes, updated_at=timezone.now()
    )
    reminder.refresh_from_db()
    return changed == 1


def next_occurrence(reminder: Reminder, *, now: datetime, zone: ZoneInfo) -> Reminder:
    """The occurrence of a series after this one, unsaved: after its day and after now, so
    occurrences missed meanwhile are skipped. `zone` is the owner's."""
    series = Series(
        every=reminder.recur_every,
        unit=reminder.recur_unit,
        anchor=reminder.series_anchor,
        at=reminder.due_time,
    )
    return Reminder(
        owner_id=reminder.owner_id,
        kind=reminder.kind,
        title=reminder.title,
        note=reminder.note,
        due_on=series.next_after(reminder.due_on, now, zone),
        due_time=reminder.due_time,
        notice_days=reminder.notice_days,
        contact_id=reminder.contact_id,
        event_id=reminder.event_id,
        organization_id=reminder.organization_id,
        interaction_id=reminder.interaction_id,
        recur_every=reminder.recur_every,
        recur_unit=reminder.recur_unit,
        recur_anchor=reminder.series_anchor,
        previous_occurrence_id=reminder.pk,
    )


def _after_closing(reminder: Reminder, now: datetime) -> None:
    """What follows a reminder done or dismissed: its rule schedules the next one."""
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH:
        keep_in_touch_sync(contact_ids=[reminder.contact_id])
    elif reminder.kind == ReminderKind.BIRTHDAY:
        birthday_sync(contact_ids=[reminder.contact_id], now=now)
    elif reminder.recur_unit and not Reminder.objects.filter(previous_occurrence=reminder).exists():
        # (Reopened and done again after the series had moved on: it is not scheduled twice.)
        next_occurrence(reminder, now=now, zone=reminder.owner.zone).save()


@transaction.atomic
def reminder_complete(
    *, reminder: Reminder, log_interaction: dict | None = None, now: datetime | None = None
) -> Reminder:
    """Mark it done; a series gets its next occurrence, a keep-in-touch reminder its next due day.

    `log_interaction` also logs what was done, in the same transaction: the keyword arguments of
    interactions.services.interaction_log but the owner (by default with the reminder's contact,
    now). Only for keep-in-touch, follow-up and after-event reminders. Done twice is done once.
    """
    now = now or timezone.now()
    if log_interaction is not None and reminder.kind not in LOGGABLE_KINDS:
        raise ValueError(f"{reminder.get_kind_display()} reminders do not log an interaction.")
    if not _claim(reminder, PENDING_STATUSES, status=ReminderStatus.DONE, completed_at=now):
        return reminder
    if log_interaction is None:
        _after_closing(reminder, now)
        return reminder
    details = {"occurred_at": now, **log_interaction}
    if "contacts" not in details:
        if reminder.contact is None:
            raise ValueError("Say who the interaction was with: this reminder has no contact.")
        details["contacts"] = [reminder.contact]
    # Logging re-syncs the people's keep-in-touch reminders and closes their after-event ones;
    # this reminder is already done, so it counts as well.
    interaction_services.interaction_log(owner=reminder.owner, **details)
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH and reminder.contact not in details["contacts"]:
        _after_closing(reminder, now)
    return reminder


@transaction.atomic
def reminder_snooze(*, reminder: Reminder, until: date, now: datetime | None = None) -> Reminder:
    """Hide it until `until` (a day after today on the owner's calendar); it is back that day,
    from the start of the day."""
    today = owner_today(reminder.owner, now)
    if until <= today:
        raise ValueError("Snooze until a day after today.")
    if until > today + MAX_SNOOZE:
        raise ValueError("Snooze for a year at most; dismiss it if it can wait longer.")
    if not _claim(reminder, PENDING_STATUSES, status=ReminderStatus.SNOOZED, snoozed_until=until):
        raise ValueError("Only a pending reminder can be snoozed.")
    return reminder


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, now: datetime | None = None) -> Reminder:
    """Close it without doing it. A series goes on with its next occurrence; a keep-in-touch
    reminder comes back one cadence later; a birthday, next year."""
    now = now or timezone.now()
    if _claim(reminder, PENDING_STATUSES, status=ReminderStatus.DISMISSED, completed_at=now):
        _after_closing(reminder, now)
    return reminder


@transaction.atomic
def reminder_reopen(*, reminder: Reminder, now: datetime | None = None) -> Reminder:
    """Undo done, dismissed or snoozed (the "Undo" a few seconds after the click).

    A snoozed reminder is open again today. A closed one is pending again and what closing it
    scheduled goes away (the next occurrence of a series, the next keep-in-touch or birthday
    reminder). An interaction logged with it stays: it happened, and it is deleted from its own
    page."""
    if reminder.status == ReminderStatus.SNOOZED:
        _claim(reminder, [ReminderStatus.SNOOZED], status=ReminderStatus.OPEN, snoozed_until=None)
        return reminder
    if reminder.status not in CLOSED_STATUSES:
        return reminder
    if reminder.kind in (ReminderKind.KEEP_IN_TOUCH, ReminderKind.BIRTHDAY):
        # The constraint allows one pending reminder of these kinds per contact.
        Reminder.objects.filter(
            contact_id=reminder.contact_id, kind=reminder.kind, status__in=PENDING_STATUSES
        ).delete()
    else:
        Reminder.objects.filter(previous_occurrence=reminder, status__in=PENDING_STATUSES).delete()
    snoozed = reminder.snoozed_until is not None and reminder.snoozed_until > owner_today(
        reminder.owner, now
    )
    status = ReminderStatus.SNOOZED if snoozed else ReminderStatus.OPEN
    if _claim(reminder, CLOSED_STATUSES, status=status, completed_at=None):
        # The rule may have moved on meanwhile (a new interaction): it says when this is due.
        if reminder.kind == ReminderKind.KEEP_IN_TOUCH:
            keep_in_touch_sync(contact_ids=[reminder.contact_id])
        elif reminder.kind == ReminderKind.BIRTHDAY:
            birthday_sync(contact_ids=[reminder.contact_id], now=now)
        reminder.refresh_from_db()
    return reminder


def reminder_can_be_deleted(reminder: Reminder) -> bool:
    return reminder.kind not in RULE_KINDS


@transaction.atomic
def reminder_delete(*, reminder: Reminder) -> None:
    """Delete one of the user's own reminders. Those made by a rule would only come back:
    they are dismissed instead (or the contact's cadence, birthday or event changed)."""
    if not reminder_can_be_deleted(reminder):
        raise ValueError(
            f"{reminder.get_kind_display()} reminders come from the contact or the event: "
            "dismiss it instead."
        )
    reminder.delete()
