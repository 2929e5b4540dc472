"""The private iCalendar feed: a user's pending reminders and events, for calendar apps.

Google Calendar, Apple Calendar and Outlook subscribe to the URL and fetch it again every few
hours. What they need, and what this writes:
- A VTIMEZONE for the user's zone (icalendar's `add_missing_timezones`), with event times in
  that zone (DTSTART;TZID=Europe/Paris:...), so a 9 am reminder stays at 9 am across DST.
- A stable UID per row ("reminder-12@rapport.example.com"), so an edited reminder moves the
  entry instead of adding one; DTSTAMP and LAST-MODIFIED so apps see what changed.
- All-day entries as VALUE=DATE with an exclusive DTEND on the next day (RFC 5545).
Reminders that are done or dismissed drop out; a snoozed one shows on the day it comes back.
Events from a year back onward are included: older ones are history, not a schedule.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent

from accounts.models import User
from interactions.models import Event
from reminders.models import PENDING_STATUSES, Reminder, ReminderStatus

PRODID = "-//Rapport//Calendar feed//EN"
EVENTS_SINCE = timedelta(days=365)
# A timed reminder is an entry of this length; an event without an end lasts an hour.
REMINDER_LENGTH = timedelta(minutes=30)
EVENT_DEFAULT_LENGTH = timedelta(hours=1)


def _uid(kind: str, pk: int) -> str:
    host = urlsplit(settings.SITE_URL).hostname or "rapport"
    return f"{kind}-{pk}@{host}"


def _link(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def _reminder_entry(reminder: Reminder, zone, now: datetime) -> VEvent:
    entry = VEvent()
    entry.add("uid", _uid("reminder", reminder.pk))
    entry.add("dtstamp", now)
    entry.add("last-modified", reminder.updated_at)
    summary = reminder.title
    if reminder.contact is not None and reminder.contact.display_name not in summary:
        summary = f"{summary} ({reminder.contact.display_name})"
    entry.add("summary", summary)
    day = reminder.shows_on
    if reminder.due_time is not None and reminder.status != ReminderStatus.SNOOZED:
        starts = datetime.combine(day, reminder.due_time, tzinfo=zone)
        entry.add("dtstart", starts)
        entry.add("dtend", starts + REMINDER_LENGTH)
    else:
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
    entry.add("transp", "TRANSPARENT")  # a reminder does not make the user busy
    description = [reminder.note] if reminder.note else []
    if reminder.contact is not None:
        description.append(_link(reminder.contact.get_absolute_url()))
        entry.add("url", _link(reminder.contact.get_absolute_url()))
    if description:
        entry.add("description", "\n\n".join(description))
    entry.add("categories", ["Rapport reminder"])
    return entry


def _event_entry(event: Event, zone, now: datetime) -> VEvent:
    entry = VEvent()
    entry.add("uid", _uid("event", event.pk))
    entry.add("dtstamp", now)
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.name)
    starts = event.starts_at.astimezone(zone)
    entry.add("dtstart", starts)
    entry.add("dtend", (event.ends_at or event.starts_at + EVENT_DEFAULT_LENGTH).astimezone(zone))
    if event.location:
        entry.add("location", event.location)
    entry.add("url", event.online_url or _link(event.get_absolute_url()))
    description = [text for text in (event.goals, event.notes) if text]
    description.append(_link(event.get_absolute_url()))
    entry.add("description", "\n\n".join(description))
    entry.add("categories", [event.get_kind_display()])
    return entry


def calendar_feed_ics(*, user: User, now: datetime | None = None) -> bytes:
    """The user's feed as iCalendar bytes: three queries whatever its size."""
    now = now or timezone.now()
    zone = user.zone
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Rapport")
    calendar.add("x-wr-timezone", user.time_zone)
    # How often apps should fetch it again (Apple and Outlook read these; Google decides alone).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")

    reminders = (
        Reminder.objects.filter(owner=user, status__in=PENDING_STATUSES)
        .select_related("contact")
        .order_by("due_on", "pk")
    )
    for reminder in reminders:
        calendar.add_component(_reminder_entry(reminder, zone, now))
    events = Event.objects.filter(Q(starts_at__gte=now - EVENTS_SINCE), owner=user).order_by(
        "starts_at", "pk"
    )
    for event in events:
        calendar.add_component(_event_entry(event, zone, now))
    calendar.add_missing_timezones()
    return calendar.to_ical()
