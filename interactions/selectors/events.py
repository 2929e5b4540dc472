"""Reads of events, the people met there and calendar imports, always scoped to the user.

"Upcoming" and "past" are cut at the start of the user's today in their own time zone, so an
event earlier today still shows under upcoming until their midnight, and a conference that
started yesterday and runs until tomorrow is upcoming too.
"""

from datetime import datetime, time

from django.db.models import Count, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from config.raw_reads import columns, instances, moment, table
from contacts.models import Contact
from interactions.models import Event, EventAttendance, ImportJob

AUTOCOMPLETE_LIMIT = 20
# Longer input is no event name anyone types; cutting it keeps the LIKE bounded.
MAX_QUERY_LENGTH = 100
RECENT_IMPORTS = 5


class When:
    UPCOMING = "upcoming"
    PAST = "past"
    choices = ((UPCOMING, "Upcoming"), (PAST, "Past"))


# --- One object, or 404 ----------------------------------------------------------------------


def get_event_for_user(user: User, pk: int) -> Event:
    return get_object_or_404(Event, pk=pk, owner=user)


def get_attendance_for_user(user: User, pk: int) -> EventAttendance:
    return get_object_or_404(
        EventAttendance.objects.select_related("event", "contact"), pk=pk, owner=user
    )


def get_import_job_for_user(user: User, pk: int) -> ImportJob:
    # The file's text can be 2 MB and no page shows it.
    return get_object_or_404(ImportJob.objects.defer("content"), pk=pk, owner=user)


# --- Lists -----------------------------------------------------------------------------------


def _today_starts_at(user: User, now: datetime) -> datetime:
    local_today = now.astimezone(user.zone).date()
    return datetime.combine(local_today, time.min, tzinfo=user.zone)


def _upcoming(user: User, now: datetime) -> Q:
    return Q(starts_at__gte=_today_starts_at(user, now)) | Q(ends_at__gte=now)


def event_list(
    *, user: User, when: str = When.UPCOMING, kind: str = "", now: datetime | None = None
) -> QuerySet[Event]:
    """Upcoming events soonest first, or past ones most recent first, with their host and the
    number of people met."""
    now = now or timezone.now()
    events = Event.objects.filter(owner=user)
    if kind:
        events = events.filter(kind=kind)
    if when == When.PAST:
        events = events.exclude(_upcoming(user, now)).order_by("-starts_at", "-pk")
    else:
        events = events.filter(_upcoming(user, now)).order_by("starts_at", "pk")
    return events.select_related("host_organization").annotate(people_count=Count("attendances"))


def event_counts(*, user: User, kind: str = "", now: datetime | None = None) -> dict[str, int]:
    """How many events each tab holds, in one query."""
    now = now or timezone.now()
    events = Event.objects.filter(owner=user)
    if kind:
        events = events.filter(kind=kind)
    upcoming = _upcoming(user, now)
    return events.aggregate(
        upcoming=Count("pk", filter=upcoming),
        past=Count("pk", filter=~upcoming),
    )


def event_detail(*, user: User, pk: int) -> Event:
    """The event with its host and the people met there (in the order they were added)."""
    people = EventAttendance.objects.select_related("contact").order_by("pk")
    return get_object_or_404(
        Event.objects.select_related("host_organization").prefetch_related(
            Prefetch("attendances", queryset=people)
        ),
        pk=pk,
        owner=user,
    )


def events_met_at(*, user: User, contact: Contact) -> list[Event]:
    """The events where the user met this contact, most recent first, each with `met_note`."""
    attendances = (
        EventAttendance.objects.filter(owner=user, contact=contact)
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    events = []
    for attendance in attendances:
        attendance.event.met_note = attendance.note
        events.append(attendance.event)
    return events


def event_choices(*, user: User, query: str) -> list[dict]:
    """The picker's choices, [{"value": id, "text": "Name · 3 Dec 2026"}], the latest first."""
    events = Event.objects.filter(owner=user)
    text = query.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    if text:
        # Lowered by the database on both sides, so case folds the same way as in the index.
        events = events.alias(name_lower=Lower("name")).filter(
            name_lower__contains=Lower(Value(text))
        )
    rows = events.order_by("-starts_at", "-pk").values_list("pk", "name", "starts_at")
    return [
        {"value": pk, "text": f"{name} · {_day(starts_at, user)}"}
        for pk, name, starts_at in rows[:AUTOCOMPLETE_LIMIT]
    ]


def _day(moment: datetime, user: User) -> str:
    day = moment.astimezone(user.zone)
    return f"{day.day} {day:%b %Y}"


def import_jobs_recent(*, user: User) -> list[ImportJob]:
    return list(ImportJob.objects.filter(owner=user).defer("content")[:RECENT_IMPORTS])


def events_between(*, user: User, start: datetime, end: datetime) -> list[Event]:
    """Events starting in [start, end), soonest first (event_owner_start_idx), with what the
    dashboard shows of them: SQL rather than a queryset, see config.raw_reads."""
    shown = ("id", "name", "kind", "starts_at", "ends_at", "location", "online_url")
    return instances(
        Event,
        f"SELECT {columns(Event, 'e', shown)} FROM {table(Event)} e"  # noqa: S608
        " WHERE e.owner_id = %s AND e.starts_at >= %s AND e.starts_at < %s"
        " ORDER BY e.starts_at, e.id",
        [user.pk, moment(start), moment(end)],
    )
