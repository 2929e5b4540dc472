"""Importing events from an iCalendar (.ics) file.

The request reads and checks the whole file (`calendar_read`): a file that is not a calendar, or
that the icalendar library cannot parse, is refused with a message and nothing is stored. A file
that passes becomes an ImportJob; a Celery task (`event_import_run`) then turns each VEVENT into
an Event and applies them all in one transaction, updating the job's progress on the way.

How entries are read (the decisions, also listed on the import page):
- Each calendar entry becomes at most one event per user: its UID is kept in `Event.ical_uid`
  (unique per owner), so importing the same file again skips what is already there. An entry
  without a UID gets a stable one made from its start and title.
- Repeating entries (RRULE or RDATE) are imported once, at their first occurrence: Rapport keeps
  the events a person goes to, not a calendar's schedule. A changed single occurrence
  (RECURRENCE-ID) shares its series' UID and is skipped like a duplicate.
- Times with TZID (including a VTIMEZONE defined in the file) or in UTC are kept as they are;
  floating times, and a TZID nobody knows, are read in the user's own time zone.
- An all-day entry runs from midnight of its first day to 23:59 of its last day, in the user's
  zone. The end comes from DTEND, else from DURATION, else there is none (one day when all-day).
- An entry with no start, an end before its start or STATUS:CANCELLED is not imported; the
  summary lists each one with its reason.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from celery.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar

from accounts.models import User
from interactions.models import Event, EventKind, ImportJob, ImportKind, ImportStatus
from interactions.services.events import EARLIEST_YEAR, LATEST_YEAR

logger = logging.getLogger(__name__)

# A calendar export of years of meetings is a few hundred KB; 2 MB (about 9,000 entries) is far
# beyond what a person imports by hand and keeps the parse (about 2 s) within a request.
MAX_BYTES = 2 * 1024 * 1024
# The summary lists entries that were not imported; past this many it only counts them.
MAX_ERRORS_KEPT = 100
# Progress is written every this many entries: often enough for a moving bar, one UPDATE each.
PROGRESS_EVERY = 50
# Longer than the task's hard time limit: a job still "running" after this has lost its worker.
RUNNING_LEASE = timedelta(minutes=6)

NAME_MAX = Event._meta.get_field("name").max_length
LOCATION_MAX = Event._meta.get_field("location").max_length
URL_MAX = Event._meta.get_field("online_url").max_length
UID_MAX = Event._meta.get_field("ical_uid").max_length
UNTITLED = "Untitled event"

NOT_A_CALENDAR = (
    "This is not a calendar file. Export an .ics file from your calendar (Google Calendar: "
    "Settings, Import & export; Apple Calendar: File, Export) and upload that."
)


class CalendarError(Exception):
    """The file cannot be imported at all; the message is shown to the user as is."""


class _EntryError(Exception):
    """One entry cannot be imported; the message is shown in the summary as is."""


@dataclass(frozen=True)
class CalendarFile:
    text: str
    total: int  # VEVENT entries in it


@dataclass(frozen=True)
class CalendarEvent:
    """One entry, read and ready to become an Event."""

    uid: str
    is_override: bool
    name: str
    starts_at: datetime
    ends_at: datetime | None
    location: str
    online_url: str
    notes: str
    recurring: bool


@dataclass(frozen=True)
class EntryProblem:
    """An entry that is not imported, and why."""

    uid: str
    is_override: bool
    entry: str
    message: str


# --- Reading a file (in the request, and again in the task) --------------------------------


def calendar_decode(data: bytes) -> str:
    # A NUL byte never occurs in a calendar (and PostgreSQL refuses it in text): binary file.
    if b"\x00" in data:
        raise CalendarError(NOT_A_CALENDAR)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # RFC 5545 says UTF-8, but older Outlook exports are Windows-1252.
        text = data.decode("cp1252", errors="replace")
    if not text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        raise CalendarError(NOT_A_CALENDAR)
    return text


def _calendar_entries(text: str) -> list:
    """The VEVENT components of the file, or CalendarError saying what is wrong with it."""
    try:
        calendars = Calendar.from_ical(text, multiple=True)
        components = [c for cal in calendars for c in cal.walk()]
    except Exception as error:
        # The library signals a damaged file with ValueError, KeyError, IndexError... and a file
        # nested absurdly deep with RecursionError; all of them mean the same to the user.
        raise CalendarError(_damaged(error)) from error
    if not calendars:
        raise CalendarError(
            "This calendar file is cut short: it has no END:VCALENDAR line. Export it again."
        )
    if any(cal.name != "VCALENDAR" for cal in calendars):
        raise CalendarError(NOT_A_CALENDAR)
    for component in components:
        # Errors without a property name are lines that are not iCalendar at all; errors in a
        # property's value are the entry's own problem, reported when it is imported.
        for name, message in component.errors:
            if name is None:
                raise CalendarError(_damaged(message))
    entries = [c for c in components if c.name == "VEVENT"]
    if not entries:
        raise CalendarError("This calendar has no events to import.")
    return entries


def _damaged(reason) -> str:
    return f"This calendar file is damaged and could not be read: {str(reason)[:200]}"


def calendar_read(data: bytes) -> CalendarFile:
    """Check an uploaded file the way the import will read it; CalendarError if it cannot."""
    if len(data) > MAX_BYTES:
        raise CalendarError("This file is larger than 2 MB; export a shorter period.")
    text = calendar_decode(data)
    return CalendarFile(text=text, total=len(_calendar_entries(text)))


# --- One entry -------------------------------------------------------------------------------


def _text(component, name: str) -> str:
    value = component.get(name)
    if value is None:
        return ""
    if isinstance(value, list):  # a property given twice: the first one counts
        value = value[0]
    return str(value).replace("\x00", "").strip()


def _raw(component, name: str) -> str:
    """The property's value as written in the file ("20261203T183000"), or ""."""
    prop = component.get(name)
    if isinstance(prop, list):
        prop = prop[0]
    try:
        return prop.to_ical().decode(errors="replace") if prop is not None else ""
    except Exception:
        return ""


def _one_line(text: str, limit: int) -> str:
    return " ".join(text.split())[:limit]


def _named_zone(tzid) -> ZoneInfo | None:
    if not tzid:
        return None
    try:
        return ZoneInfo(str(tzid))
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _moment(component, name: str, zone: ZoneInfo):
    """The property's value as an aware datetime, a date (all-day), a timedelta, or None."""
    prop = component.get(name)
    if prop is None:
        return None
    if isinstance(prop, list):
        prop = prop[0]
    value = prop.dt
    if isinstance(value, datetime):
        if value.tzinfo is None:
            # Floating time, or a TZID the library could not resolve: the user's own zone.
            value = value.replace(tzinfo=_named_zone(prop.params.get("TZID")) or zone)
        return value.astimezone(UTC)
    if isinstance(value, date | timedelta):
        return value
    raise TypeError(f"{name} is not a date or a time")


def _day_start(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone).astimezone(UTC)


def _day_end(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(23, 59), tzinfo=zone).astimezone(UTC)


def _times(component, zone: ZoneInfo) -> tuple[datetime, datetime | None]:
    """Start and end in UTC; _EntryError with the reason when they make no sense."""
    start = _moment(component, "DTSTART", zone)
    if start is None:
        raise _EntryError("It has no start time (DTSTART).")
    if isinstance(start, timedelta):
        raise _EntryError("Its start (DTSTART) is not a date or a time.")
    end = _moment(component, "DTEND", zone)
    duration = _moment(component, "DURATION", zone) if end is None else None
    if duration is not None and not isinstance(duration, timedelta):
        raise _EntryError("Its DURATION is not a duration.")
    if isinstance(end, timedelta):
        raise _EntryError("Its end (DTEND) is not a date or a time.")
    if isinstance(start, datetime):
        if isinstance(end, date) and not isinstance(end, datetime):
            end = _day_start(end, zone)
        elif duration is not None:
            end = start + duration
        starts_at, ends_at = start, end
    else:
        # All-day: DTEND is the day after the last one (RFC 5545 3.6.1).
        if isinstance(end, datetime):
            ends_at = end
        else:
            if isinstance(end, date):
                last_day = max(end - timedelta(days=1), start)
            elif duration is not None:
                last_day = start + timedelta(days=max(duration.days - 1, 0))
            else:
                last_day = start
            ends_at = _day_end(last_day, zone)
        starts_at = _day_start(start, zone)
    if ends_at is not None and ends_at < starts_at:
        raise _EntryError("It ends before it starts.")
    if not all(EARLIEST_YEAR <= m.year <= LATEST_YEAR for m in (starts_at, ends_at) if m):
        raise _EntryError(f"Its dates are not between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    return starts_at, ends_at


def _day_label(component) -> str:
    """The entry's start day as the file wrote it, to tell the user which entry is meant."""
    try:
        value = component.get("DTSTART").dt
    except Exception:
        return _raw(component, "DTSTART")[:8]
    return f"{value.day} {value:%b %Y}" if isinstance(value, date) else ""


def _web_url(text: str) -> str:
    url = text.strip()
    if not url or len(url) > URL_MAX:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


def _uid(component, name: str, raw_start: str) -> str:
    uid = _text(component, "UID")
    if not uid:
        # Stable across imports of the same file, so an entry without UID is not duplicated.
        uid = "rapport-" + hashlib.sha256(f"{raw_start}\n{name}".encode()).hexdigest()[:40]
    elif len(uid) > UID_MAX:
        uid = "sha256-" + hashlib.sha256(uid.encode()).hexdigest()
    return uid


def calendar_event(component, *, number: int, zone: ZoneInfo) -> CalendarEvent | EntryProblem:
    """Read one VEVENT; never raises for bad content, which becomes an EntryProblem."""
    name = _one_line(_text(component, "SUMMARY"), NAME_MAX) or UNTITLED
    raw_start = _raw(component, "DTSTART")
    uid = _uid(component, name, raw_start)
    is_override = component.get("RECURRENCE-ID") is not None
    entry = f"Entry {number}: “{name}”" + (f", {_day_label(component)}" if raw_start else "")

    def problem(message: str) -> EntryProblem:
        return EntryProblem(uid=uid, is_override=is_override, entry=entry, message=message)

    if _text(component, "STATUS").upper() == "CANCELLED":
        return problem("It was cancelled.")
    try:
        starts_at, ends_at = _times(component, zone)
    except _EntryError as error:
        return problem(str(error))
    except Exception:
        # A value the library could not parse (it keeps the raw text and raises on access), or
        # a date out of range: the entry is reported, the others are still imported.
        return problem("Its start or end time cannot be read.")
    url = _web_url(_text(component, "URL")) or _web_url(_text(component, "X-GOOGLE-CONFERENCE"))
    return CalendarEvent(
        uid=uid,
        is_override=is_override,
        name=name,
        starts_at=starts_at,
        ends_at=ends_at,
        location=_one_line(_text(component, "LOCATION"), LOCATION_MAX),
        online_url=url,
        notes=_text(component, "DESCRIPTION"),
        recurring=component.get("RRULE") is not None or component.get("RDATE") is not None,
    )


# --- The job ---------------------------------------------------------------------------------


@transaction.atomic
def event_import_start(
    *,
    owner: User,
    calendar: CalendarFile,
    filename: str = "",
    event_kind: str = EventKind.MEETUP,
) -> ImportJob:
    """Record the checked file as a job and queue it once the job is committed."""
    from interactions.tasks import import_events_from_calendar

    job = ImportJob.objects.create(
        owner=owner,
        kind=ImportKind.ICS,
        filename=filename[:255],
        content=calendar.text,
        event_kind=event_kind,
        total=calendar.total,
    )
    transaction.on_commit(lambda: import_events_from_calendar.delay(job.pk))
    return job


def event_import_claim(*, job_id: int) -> bool:
    """Take the job to run it; False if it is finished, gone, or running elsewhere."""
    now = timezone.now()
    startable = Q(status=ImportStatus.PENDING) | Q(
        status=ImportStatus.RUNNING, started_at__lt=now - RUNNING_LEASE
    )
    # A conditional UPDATE: of two workers handed the same job, only one changes the row.
    claimed = (
        ImportJob.objects.filter(startable, pk=job_id)
        .exclude(content="")
        .update(status=ImportStatus.RUNNING, started_at=now, processed=0)
    )
    return claimed == 1


def event_import_is_running(*, job_id: int) -> bool:
    return ImportJob.objects.filter(pk=job_id, status=ImportStatus.RUNNING).exists()


def event_import_run(*, job_id: int) -> None:
    """Apply a claimed job: read every entry, then create the new events in one transaction.

    Any failure leaves no event behind and marks the job failed with a message.
    """
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    try:
        entries = _read_entries(job)
        _apply(job, entries)
    except CalendarError as error:
        # Checked in the request already; only a change of library version could get here.
        _fail(job, str(error))
    except SoftTimeLimitExceeded:
        _fail(job, "The import took too long and was stopped; nothing was imported.")
        raise
    except Exception:
        logger.exception("Import job %s failed", job.pk)
        _fail(job, "The import stopped on an unexpected error; nothing was imported.")
        raise


def _fail(job: ImportJob, message: str) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.FAILED, failure=message, content="", finished_at=timezone.now()
    )


def _read_entries(job: ImportJob) -> list[CalendarEvent | EntryProblem]:
    zone = job.owner.zone
    components = _calendar_entries(job.content)
    entries = []
    for number, component in enumerate(components, start=1):
        entries.append(calendar_event(component, number=number, zone=zone))
        if number % PROGRESS_EVERY == 0:
            ImportJob.objects.filter(pk=job.pk).update(processed=number)
    return entries


def _apply(job: ImportJob, entries: list[CalendarEvent | EntryProblem]) -> None:
    # Two imports of the same file at once: the later insert meets the unique UID constraint,
    # rolls back, and the second attempt sees the other's events as already imported.
    for attempt in range(2):
        try:
            with transaction.atomic():
                _apply_once(job, entries)
            return
        except IntegrityError:
            if attempt:
                raise


def _apply_once(job: ImportJob, entries: list[CalendarEvent | EntryProblem]) -> None:
    uids = {entry.uid for entry in entries}
    existing = set()
    uid_list = sorted(uids)
    # In chunks: SQLite allows a limited number of parameters in one query.
    for start in range(0, len(uid_list), 500):
        existing.update(
            Event.objects.filter(
                owner_id=job.owner_id, ical_uid__in=uid_list[start : start + 500]
            ).values_list("ical_uid", flat=True)
        )
    # A series comes before the changed occurrences that share its UID, whatever the file order.
    ordered = sorted(entries, key=lambda entry: entry.is_override)
    seen: set[str] = set()
    new_events: list[Event] = []
    errors: list[dict] = []
    skipped = recurring = 0
    for entry in ordered:
        if entry.uid in existing or entry.uid in seen:
            skipped += 1
        elif isinstance(entry, EntryProblem):
            if len(errors) < MAX_ERRORS_KEPT:
                errors.append({"entry": entry.entry, "message": entry.message})
        else:
            seen.add(entry.uid)
            recurring += entry.recurring
            new_events.append(
                Event(
                    owner_id=job.owner_id,
                    name=entry.name,
                    kind=job.event_kind,
                    starts_at=entry.starts_at,
                    ends_at=entry.ends_at,
                    location=entry.location,
                    online_url=entry.online_url,
                    notes=entry.notes,
                    ical_uid=entry.uid,
                )
            )
    Event.objects.bulk_create(new_events, batch_size=500)
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.DONE,
        processed=len(entries),
        total=len(entries),
        created=len(new_events),
        skipped=skipped,
        recurring=recurring,
        errors=errors,
        content="",
        finished_at=timezone.now(),
    )
