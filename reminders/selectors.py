"""Reads of reminders, always for the requesting user, who is passed in.

"Today" is the user's calendar day, given by the caller: a page has it from
`timezone.localdate()` once the middleware activated the user's zone, a digest from its own
clock. A pending reminder shows from `remind_on` (its due day less its notice, or its snooze day)
and is overdue once the day it is about (`shows_on`) has passed. The querysets select the rows
each list shows beside a reminder, so a page's queries do not grow with the number of reminders.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from config.raw_reads import columns, constants, instances, instances_listed, table
from contacts.models import Contact, Organization
from interactions.models import Event
from reminders.dates import snooze_choices
from reminders.models import (
    CLOSED_STATUSES,
    PENDING_STATUSES,
    SHOWS_ON,
    Reminder,
    ReminderStatus,
)

# What "done recently" looks back over.
RECENT_DAYS = 7


def get_reminder_for_user(user: User, pk: int) -> Reminder:
    return get_object_or_404(
        Reminder.objects.select_related("contact", "event", "organization", "interaction"),
        pk=pk,
        owner=user,
    )


def _listed(reminders: QuerySet) -> QuerySet:
    return reminders.select_related("contact", "event", "organization")


def _for(user: User, kind: str = "") -> QuerySet:
    reminders = Reminder.objects.filter(owner=user)
    return reminders.filter(kind=kind) if kind else reminders


# The day a reminder is about: its due day, or a later snooze day (see Reminder.shows_on).
_SHOWS_ON = SHOWS_ON
_BY_DAY = ("remind_on", "due_time", "pk")


def reminders_due(*, user: User, today: date, kind: str = "") -> QuerySet[Reminder]:
    """Overdue and due today (a birthday in its notice week included), soonest first."""
    pending = _for(user, kind).filter(status__in=PENDING_STATUSES, remind_on__lte=today)
    return _listed(pending).alias(shows_on=_SHOWS_ON).order_by("shows_on", *_BY_DAY)


def reminders_overdue(*, user: User, today: date, kind: str = "") -> QuerySet[Reminder]:
    return reminders_due(user=user, today=today, kind=kind).filter(shows_on__lt=today)


def reminders_today(*, user: User, today: date, kind: str = "") -> QuerySet[Reminder]:
    """Due today, and what is within its notice (a birthday next week)."""
    return reminders_due(user=user, today=today, kind=kind).filter(shows_on__gte=today)


def reminders_upcoming(
    *, user: User, start: date, end: date | None = None, kind: str = ""
) -> QuerySet[Reminder]:
    """Pending reminders that start to show between `start` and `end` (inclusive; no end: all
    later ones), snoozed ones included on the day they come back; soonest first."""
    pending = _for(user, kind).filter(status__in=PENDING_STATUSES, remind_on__gte=start)
    if end is not None:
        pending = pending.filter(remind_on__lte=end)
    return _listed(pending).order_by(*_BY_DAY)


def reminders_snoozed(*, user: User, today: date, kind: str = "") -> QuerySet[Reminder]:
    """Snoozed and not back yet, the first to come back first."""
    snoozed = _for(user, kind).filter(status=ReminderStatus.SNOOZED, snoozed_until__gt=today)
    return _listed(snoozed).order_by("snoozed_until", "due_on", "pk")


def reminders_done_recently(*, user: User, since: datetime, kind: str = "") -> QuerySet[Reminder]:
    """Done or dismissed since `since`, the latest first (what "undo" can still reach)."""
    closed = _for(user, kind).filter(status__in=CLOSED_STATUSES, completed_at__gte=since)
    return _listed(closed).order_by("-completed_at", "-pk")


def reminders_for_contact(*, user: User, contact: Contact) -> QuerySet[Reminder]:
    """The contact's pending reminders, the first to show first."""
    pending = Reminder.objects.filter(owner=user, contact=contact, status__in=PENDING_STATUSES)
    return _listed(pending).order_by(*_BY_DAY)


def reminders_for_event(*, user: User, event: Event) -> QuerySet[Reminder]:
    """The event's pending reminders (its after-event follow-ups among them)."""
    pending = Reminder.objects.filter(owner=user, event=event, status__in=PENDING_STATUSES)
    return _listed(pending).order_by(*_BY_DAY, "contact__display_name")


@dataclass(frozen=True)
class Section:
    """One part of the Reminders page: a few of its reminders and how many it holds in all."""

    name: str
    title: str
    reminders: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.reminders)


SECTIONS = (
    ("overdue", "Overdue"),
    ("today", "Today"),
    ("upcoming", "Upcoming"),
    ("snoozed", "Snoozed"),
    ("done", "Done recently"),
)
SECTION_NAMES = tuple(name for name, _ in SECTIONS)


def reminders_section(
    *, user: User, name: str, today: date, now: datetime, kind: str = ""
) -> QuerySet[Reminder]:
    """The reminders of one section of the Reminders page, in the order it shows them."""
    if name == "overdue":
        return reminders_overdue(user=user, today=today, kind=kind)
    if name == "today":
        return reminders_today(user=user, today=today, kind=kind)
    if name == "upcoming":
        upcoming = reminders_upcoming(user=user, start=today + timedelta(days=1), kind=kind)
        return upcoming.filter(status=ReminderStatus.OPEN)
    if name == "snoozed":
        return reminders_snoozed(user=user, today=today, kind=kind)
    if name == "done":
        since = now - timedelta(days=RECENT_DAYS)
        return reminders_done_recently(user=user, since=since, kind=kind)
    raise ValueError(f"No such section: {name!r}")


def reminder_section_counts(
    *, user: User, today: date, now: datetime, kind: str = ""
) -> dict[str, int]:
    """How many reminders each section holds, in one query."""
    pending = Q(status__in=PENDING_STATUSES)
    shown = pending & Q(remind_on__lte=today)
    return (
        _for(user, kind)
        .alias(shows_on=_SHOWS_ON)
        .aggregate(
            overdue=Count("pk", filter=shown & Q(shows_on__lt=today)),
            today=Count("pk", filter=shown & Q(shows_on__gte=today)),
            upcoming=Count("pk", filter=Q(status=ReminderStatus.OPEN, remind_on__gt=today)),
            snoozed=Count("pk", filter=Q(status=ReminderStatus.SNOOZED, snoozed_until__gt=today)),
            done=Count(
                "pk",
                filter=Q(
                    status__in=CLOSED_STATUSES,
                    completed_at__gte=now - timedelta(days=RECENT_DAYS),
                ),
            ),
        )
    )


def reminders_page(
    *, user: User, today: date, now: datetime, kind: str = "", limit: int = 10
) -> list[Section]:
    """Every section of the Reminders page with its first `limit` reminders: one query for the
    counts and one per section that holds any."""
    counts = reminder_section_counts(user=user, today=today, now=now, kind=kind)
    sections = []
    for name, title in SECTIONS:
        count = counts[name]
        reminders = (
            list(reminders_section(user=user, name=name, today=today, now=now, kind=kind)[:limit])
            if count
            else []
        )
        sections.append(Section(name=name, title=title, reminders=reminders, count=count))
    return sections


# --- The dashboard's reads, as SQL (config.raw_reads: each queryset above costs the page 2 to 4 ms
# of Python to compile; these are the same rules, and tests/reminders/test_dashboard_reads.py
# checks them against the querysets).


def _shows_on_sql(alias: str) -> str:
    """reminders.models.SHOWS_ON in SQL, as reminder_pending_shows_idx has it (so that it is
    used)."""
    return (
        f"CASE WHEN {alias}.snoozed_until > {alias}.due_on"
        f" THEN {alias}.snoozed_until ELSE {alias}.due_on END"
    )


def _pending_sql(where: str) -> str:
    """Pending reminders of the user (the first parameter) matching `where`, each with the name
    of its contact, event and organization (as _listed selects them), up to the WHERE. A
    subquery per name rather than three LEFT JOINs, which took longer to plan (0.25 ms) than to
    run; PostgreSQL runs a subquery of the SELECT list after the ORDER BY and LIMIT, so that only
    the few shown are looked up, where joining thousands of due reminders, then sorting, cost
    twenty milliseconds."""
    return f"""
        SELECT {columns(Reminder, "r")},
               (SELECT c.display_name FROM {table(Contact)} c WHERE c.id = r.contact_id)
                   AS contact__display_name,
               (SELECT e.name FROM {table(Event)} e WHERE e.id = r.event_id) AS event__name,
               (SELECT o.name FROM {table(Organization)} o WHERE o.id = r.organization_id)
                   AS organization__name
        FROM {table(Reminder)} r
        WHERE r.owner_id = %s AND r.status IN ({constants(*PENDING_STATUSES)}) AND {where}
        """  # noqa: S608 (names from the models; every value is a parameter)


# reminders_due's rows and order (the first ones: reminder_pending_remind_idx).
_DUE = "r.remind_on <= %s"
_DUE_ORDER = f"{_shows_on_sql('r')}, r.remind_on, r.due_time, r.id"


def _upcoming_of_kind(kind: str) -> str:
    """reminders_upcoming's rows of one kind."""
    return f"r.kind = {constants(kind)} AND r.remind_on >= %s AND r.remind_on <= %s"


def reminders_upcoming_of_kind(*, user: User, start: date, end: date, kind: str) -> list[Reminder]:
    """reminders_upcoming(user=user, start=start, end=end, kind=kind), in one query."""
    return instances(
        Reminder,
        f"{_pending_sql(_upcoming_of_kind(kind))} ORDER BY r.remind_on, r.due_time, r.id",
        [user.pk, start, end],
    )


@dataclass(frozen=True)
class DueAndUpcoming:
    # The first of reminders_due, and reminders_upcoming of one kind.
    due: list[Reminder]
    upcoming: list[Reminder]


def reminders_due_first_and_upcoming_of_kind(
    *, user: User, today: date, limit: int, start: date, end: date, kind: str
) -> DueAndUpcoming:
    """The first `limit` of reminders_due(user=user, today=today), and
    reminders_upcoming_of_kind(user=user, start=start, end=end, kind=kind), in one query: the
    dashboard's Today card and the follow-ups of its Coming up card, a round trip fewer
    (config.raw_reads.instances_listed), each list in its own order: the due ones by the day
    they are about (reminder_pending_shows_idx), the upcoming ones by the day they show from."""
    listed = instances_listed(
        Reminder,
        {
            "due": f"{_pending_sql(_DUE)} ORDER BY {_DUE_ORDER} LIMIT {constants(limit)}",
            "upcoming": _pending_sql(_upcoming_of_kind(kind)),
        },
        f"CASE WHEN listed.listed_in = 'due' THEN {_shows_on_sql('listed')} END,"
        " listed.remind_on, listed.due_time, listed.id",
        [user.pk, today, user.pk, start, end],
    )
    return DueAndUpcoming(due=listed["due"], upcoming=listed["upcoming"])


def reminder_item_context(*, user: User, now: datetime | None = None) -> dict:
    """What templates/reminders/_reminder_item.html needs besides the reminder: the user's today
    and the days of the one-click snoozes. A page including the item adds this to its context."""
    now = now or timezone.now()
    return {"today": now.astimezone(user.zone).date(), "snooze": snooze_choices(user=user, now=now)}
