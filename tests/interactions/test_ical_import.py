"""Importing events from .ics files: checked in the request, applied by a Celery task.

The samples are written the way Google Calendar and Apple Calendar export: a VTIMEZONE, UIDs,
escaped commas, folded lines, CRLF line ends, all-day and repeating entries.
"""

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.exceptions import Retry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from interactions.models import Event, EventKind, ImportJob, ImportStatus
from interactions.services import ical_import
from interactions.services.ical_import import (
    CalendarError,
    CalendarEvent,
    EntryProblem,
    calendar_event,
    calendar_read,
    event_import_start,
)
from interactions.tasks import import_events_from_calendar
from tests.factories import EventFactory, ImportJobFactory

PARIS = ZoneInfo("Europe/Paris")

GOOGLE = """BEGIN:VCALENDAR
PRODID:-//Google Inc//Google Calendar 70.9054//EN
VERSION:2.0
CALSCALE:GREGORIAN
METHOD:PUBLISH
X-WR-CALNAME:olivia@example.com
X-WR-TIMEZONE:Europe/Paris
BEGIN:VTIMEZONE
TZID:Europe/Paris
X-LIC-LOCATION:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=Europe/Paris:20261203T183000
DTEND;TZID=Europe/Paris:20261203T210000
DTSTAMP:20261120T101010Z
UID:5k2j3h4g5f6d7s8a9b0c@google.com
CREATED:20261101T090000Z
DESCRIPTION:Talks on design systems\\, then drinks.\\nBring business cards.
LAST-MODIFIED:20261101T090000Z
LOCATION:La Cantine\\, 151 rue Montmartre\\, 75002 Paris\\, France
SEQUENCE:0
STATUS:CONFIRMED
SUMMARY:Paris UX Night
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
DTSTART;VALUE=DATE:20270315
DTEND;VALUE=DATE:20270318
DTSTAMP:20261120T101010Z
UID:1a2b3c4d5e6f7g8h9i0j@google.com
SUMMARY:DjangoCon Europe
LOCATION:Dublin
STATUS:CONFIRMED
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Paris:20260907T090000
DTEND;TZID=Europe/Paris:20260907T093000
RRULE:FREQ=WEEKLY;BYDAY=MO
DTSTAMP:20261120T101010Z
UID:standup0standup0standup@google.com
SUMMARY:Design guild stand-up
X-GOOGLE-CONFERENCE:https://meet.google.com/abc-defg-hij
END:VEVENT
BEGIN:VEVENT
DTSTART;TZID=Europe/Paris:20260915T100000
DTEND;TZID=Europe/Paris:20260915T103000
RECURRENCE-ID;TZID=Europe/Paris:20260914T090000
DTSTAMP:20261120T101010Z
UID:standup0standup0standup@google.com
SUMMARY:Design guild stand-up (moved)
END:VEVENT
BEGIN:VEVENT
DTSTART:20261010T080000Z
DTEND:20261010T090000Z
DTSTAMP:20261120T101010Z
UID:cancelled0breakfast@google.com
STATUS:CANCELLED
SUMMARY:Cancelled breakfast
END:VEVENT
BEGIN:VEVENT
DTSTART:20261115T130000Z
DTEND:20261115T140000Z
DTSTAMP:20261120T101010Z
UID:webinar0hiring@google.com
SUMMARY:Webinar: hiring designers
URL:https://example.com/webinar
DESCRIPTION:A long description that the exporter folded at seventy-five octe
 ts onto a second line.
END:VEVENT
END:VCALENDAR
"""

APPLE = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "METHOD:PUBLISH",
        "VERSION:2.0",
        "X-WR-CALNAME:Work",
        "PRODID:-//Apple Inc.//macOS 14.0//EN",
        "X-APPLE-CALENDAR-COLOR:#1BADF8",
        "X-WR-TIMEZONE:America/New_York",
        "CALSCALE:GREGORIAN",
        "BEGIN:VTIMEZONE",
        "TZID:America/New_York",
        "BEGIN:DAYLIGHT",
        "TZOFFSETFROM:-0500",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
        "DTSTART:20070311T020000",
        "TZNAME:EDT",
        "TZOFFSETTO:-0400",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "TZOFFSETFROM:-0400",
        "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
        "DTSTART:20071104T020000",
        "TZNAME:EST",
        "TZOFFSETTO:-0500",
        "END:STANDARD",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "TRANSP:OPAQUE",
        "DTEND;TZID=America/New_York:20261105T170000",
        "UID:8F6A1C2E-1111-2222-3333-444455556666",
        "DTSTAMP:20261101T120000Z",
        "LOCATION:Javits Center\\nNew York",
        "DESCRIPTION:Booth 42",
        "URL;VALUE=URI:https://example.com/expo",
        "SEQUENCE:0",
        "SUMMARY:Design Expo",
        "LAST-MODIFIED:20261101T120000Z",
        "DTSTART;TZID=America/New_York:20261105T090000",
        "CREATED:20261001T120000Z",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART:20261120T190000",
        "DURATION:PT2H",
        "DTSTAMP:20261101T120000Z",
        "SUMMARY:Book club",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20261201",
        "DTEND;VALUE=DATE:20261202",
        "DTSTAMP:20261101T120000Z",
        "UID:0C1D2E3F-all-day",
        "SUMMARY:Volunteering day",
        "X-APPLE-TRAVEL-ADVISORY-BEHAVIOR:AUTOMATIC",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


def one_event(*lines: str) -> str:
    return "\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "BEGIN:VEVENT",
            *lines,
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )


def read(*lines: str) -> CalendarEvent | EntryProblem:
    component = Calendar.from_ical(one_event(*lines)).walk("VEVENT")[0]
    return calendar_event(component, number=1, zone=PARIS)


def run_import(owner, text: str, **kwargs) -> ImportJob:
    """Upload through the service, then run the task as a function, as a worker would."""
    calendar = calendar_read(text.encode())
    job = event_import_start(owner=owner, calendar=calendar, filename="calendar.ics", **kwargs)
    import_events_from_calendar(job.pk)
    job.refresh_from_db()
    return job


def upload(text: str | bytes, name: str = "calendar.ics") -> SimpleUploadedFile:
    data = text.encode() if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/calendar")


def page_text(response) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(without_tags.split())


# --- Reading one entry -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "starts_at", "ends_at"),
    [
        # UTC, and a named zone
        (["DTSTART:20261203T173000Z"], datetime(2026, 12, 3, 17, 30, tzinfo=UTC), None),
        (
            ["DTSTART;TZID=America/New_York:20261203T120000", "DURATION:PT90M"],
            datetime(2026, 12, 3, 17, 0, tzinfo=UTC),
            datetime(2026, 12, 3, 18, 30, tzinfo=UTC),
        ),
        # Floating, and a zone nobody knows: the user's own (Paris, UTC+1 in December)
        (["DTSTART:20261203T183000"], datetime(2026, 12, 3, 17, 30, tzinfo=UTC), None),
        (
            ["DTSTART;TZID=Mars/Olympus_Mons:20261203T183000"],
            datetime(2026, 12, 3, 17, 30, tzinfo=UTC),
            None,
        ),
        # All-day: midnight to 23:59 in the user's zone; DTEND is the day after the last one
        (
            ["DTSTART;VALUE=DATE:20261203"],
            datetime(2026, 12, 2, 23, 0, tzinfo=UTC),
            datetime(2026, 12, 3, 22, 59, tzinfo=UTC),
        ),
        (
            ["DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261206"],
            datetime(2026, 12, 2, 23, 0, tzinfo=UTC),
            datetime(2026, 12, 5, 22, 59, tzinfo=UTC),
        ),
        (
            ["DTSTART;VALUE=DATE:20260703", "DURATION:P2D"],
            datetime(2026, 7, 2, 22, 0, tzinfo=UTC),
            datetime(2026, 7, 4, 21, 59, tzinfo=UTC),
        ),
        # Some exporters repeat the start as the end of a one-day entry
        (
            ["DTSTART;VALUE=DATE:20261203", "DTEND;VALUE=DATE:20261203"],
            datetime(2026, 12, 2, 23, 0, tzinfo=UTC),
            datetime(2026, 12, 3, 22, 59, tzinfo=UTC),
        ),
    ],
)
def test_an_entrys_times_are_read_in_utc(lines, starts_at, ends_at):
    entry = read("UID:1", "SUMMARY:Talk", *lines)

    assert isinstance(entry, CalendarEvent)
    assert (entry.starts_at, entry.ends_at) == (starts_at, ends_at)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (["SUMMARY:No start"], "It has no start time (DTSTART)."),
        (["DTSTART:2026120"], "Its start or end time cannot be read."),
        (["DTSTART:20261203T100000Z", "DTEND:20261203T090000Z"], "It ends before it starts."),
        (["DTSTART:20261203T100000Z", "DURATION:-PT1H"], "It ends before it starts."),
        (["DTSTART:20261203T100000Z", "STATUS:CANCELLED"], "It was cancelled."),
        (["DTSTART:00260101T100000Z"], "Its dates are not between 1900 and 2200."),
        (["DTSTART;VALUE=DATE:00010101"], "Its start or end time cannot be read."),
    ],
)
def test_an_entry_that_cannot_be_imported_says_why(lines, message):
    entry = read("UID:1", *lines)

    assert isinstance(entry, EntryProblem)
    assert entry.message == message
    assert entry.entry.startswith("Entry 1: “")


def test_an_entrys_text_is_cleaned_and_unsafe_links_dropped():
    entry = read(
        "UID:1",
        "DTSTART:20261203T100000Z",
        "SUMMARY:  Lots\\nof   space  ",
        "LOCATION:" + "L" * 300,
        "URL:javascript:alert(1)",
        "DESCRIPTION:**Markdown** stays as notes",
    )

    assert entry.name == "Lots of space"
    assert entry.location == "L" * 200
    assert entry.online_url == ""
    assert entry.notes == "**Markdown** stays as notes"
    assert not entry.recurring


def test_an_entry_without_uid_gets_a_stable_one_and_a_long_uid_is_shortened():
    first = read("DTSTART:20261203T100000Z", "SUMMARY:Book club")
    again = read("DTSTART:20261203T100000Z", "SUMMARY:Book club")
    other = read("DTSTART:20261210T100000Z", "SUMMARY:Book club")
    long = read("UID:" + "u" * 400, "DTSTART:20261203T100000Z")

    assert first.uid == again.uid != other.uid
    assert first.uid.startswith("rapport-")
    assert len(long.uid) <= 255


def test_an_untitled_entry_gets_a_name():
    assert read("UID:1", "DTSTART:20261203T100000Z").name == "Untitled event"


# --- Checking a file ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a calendar file."),
        (b"Dear Ana,\nsee you on Tuesday.", "This is not a calendar file."),
        (b"BEGIN:VCARD\nVERSION:3.0\nFN:Ana\nEND:VCARD\n", "This is not a calendar file."),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nUID:1\n", "cut short"),
        (
            b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nthis line means nothing\nEND:VEVENT\nEND:VCALENDAR\n",
            "damaged and could not be read",
        ),
        (b"BEGIN:VCALENDAR\nEND:VCALENDAR\ntrailing junk\n", "damaged and could not be read"),
        (b"BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "no events to import"),
        (b"BEGIN:VCALENDAR\n" + b"X" * (2 * 1024 * 1024), "larger than 2 MB"),
    ],
)
def test_a_file_that_is_not_a_usable_calendar_is_refused_with_a_message(data, message):
    with pytest.raises(CalendarError, match=message):
        calendar_read(data)


def test_a_calendar_is_counted_and_may_be_windows_1252():
    assert calendar_read(GOOGLE.encode()).total == 6
    assert calendar_read(APPLE.encode()).total == 3
    latin = one_event("UID:1", "DTSTART:20261203T100000Z", "SUMMARY:Café").encode("cp1252")
    assert "Café" in calendar_read(latin).text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400) | st.text(max_size=400).map(str.encode))
def test_reading_any_bytes_gives_a_calendar_or_a_message(data):
    try:
        calendar_read(b"BEGIN:VCALENDAR\n" + data)
    except CalendarError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["DTSTART", "DTEND", "DURATION", "SUMMARY", "URL", "UID", "LOCATION"]),
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), min_size=1, max_size=40
    ).filter(lambda value: value.strip() and "\\" not in value),
)
def test_reading_an_entry_never_raises_whatever_a_property_holds(name, value):
    text = one_event("UID:1", "DTSTART:20261203T100000Z", f"{name}:{value}")
    try:
        components = Calendar.from_ical(text).walk("VEVENT")
    except ValueError:
        return  # not a valid line at all: refused for the whole file, tested above
    entry = calendar_event(components[0], number=1, zone=PARIS)
    assert isinstance(entry, CalendarEvent | EntryProblem)


# --- Importing ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_google_calendar_export_is_imported(owner):
    job = run_import(owner, GOOGLE, event_kind=EventKind.CONFERENCE)

    assert job.status == ImportStatus.DONE
    assert (job.total, job.processed, job.created, job.skipped, job.recurring) == (6, 6, 4, 1, 1)
    assert job.errors == [
        {"entry": "Entry 5: “Cancelled breakfast”, 10 Oct 2026", "message": "It was cancelled."}
    ]
    assert job.content == ""
    assert job.finished_at is not None
    events = {e.name: e for e in Event.objects.filter(owner=owner)}
    assert set(events) == {
        "Paris UX Night",
        "DjangoCon Europe",
        "Design guild stand-up",
        "Webinar: hiring designers",
    }
    night = events["Paris UX Night"]
    assert night.starts_at == datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
    assert night.ends_at == datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
    assert night.location == "La Cantine, 151 rue Montmartre, 75002 Paris, France"
    assert night.notes == "Talks on design systems, then drinks.\nBring business cards."
    assert night.kind == EventKind.CONFERENCE
    assert night.ical_uid == "5k2j3h4g5f6d7s8a9b0c@google.com"
    conference = events["DjangoCon Europe"]
    assert conference.starts_at == datetime(2027, 3, 14, 23, 0, tzinfo=UTC)
    assert conference.ends_at == datetime(2027, 3, 17, 22, 59, tzinfo=UTC)
    # The series, at its first occurrence: not the moved one of 15 September.
    standup = events["Design guild stand-up"]
    assert standup.starts_at == datetime(2026, 9, 7, 7, 0, tzinfo=UTC)
    assert standup.online_url == "https://meet.google.com/abc-defg-hij"
    webinar = events["Webinar: hiring designers"]
    assert webinar.online_url == "https://example.com/webinar"
    assert webinar.notes.endswith("seventy-five octets onto a second line.")


@pytest.mark.django_db
def test_an_apple_calendar_export_is_imported(owner):
    job = run_import(owner, APPLE)

    assert (job.created, job.skipped, job.errors) == (3, 0, [])
    events = {e.name: e for e in Event.objects.filter(owner=owner)}
    expo = events["Design Expo"]
    assert expo.starts_at == datetime(2026, 11, 5, 14, 0, tzinfo=UTC)
    assert expo.ends_at == datetime(2026, 11, 5, 22, 0, tzinfo=UTC)
    assert expo.location == "Javits Center New York"
    assert expo.online_url == "https://example.com/expo"
    # No TZID: 19:00 where the owner lives, for two hours.
    book_club = events["Book club"]
    assert book_club.starts_at == datetime(2026, 11, 20, 18, 0, tzinfo=UTC)
    assert book_club.ends_at == datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    assert book_club.ical_uid.startswith("rapport-")
    volunteering = events["Volunteering day"]
    assert volunteering.starts_at.astimezone(PARIS) == datetime(2026, 12, 1, 0, 0, tzinfo=PARIS)
    assert volunteering.ends_at.astimezone(PARIS) == datetime(2026, 12, 1, 23, 59, tzinfo=PARIS)


@pytest.mark.django_db
def test_importing_the_same_file_twice_creates_nothing_the_second_time(owner):
    run_import(owner, GOOGLE)
    run_import(owner, APPLE)
    before = sorted(Event.objects.values_list("pk", "updated_at"))

    again = run_import(owner, GOOGLE)
    apple_again = run_import(owner, APPLE)

    assert (again.created, again.skipped) == (0, 5)
    assert (apple_again.created, apple_again.skipped) == (0, 3)
    assert sorted(Event.objects.values_list("pk", "updated_at")) == before


@pytest.mark.django_db
def test_another_users_import_of_the_same_file_is_theirs(owner, stranger):
    run_import(owner, GOOGLE)

    theirs = run_import(stranger, GOOGLE)

    assert theirs.created == 4
    assert Event.objects.filter(owner=stranger).count() == 4


@pytest.mark.django_db
def test_an_event_created_by_hand_is_left_alone(owner):
    EventFactory(owner=owner, name="Paris UX Night")

    job = run_import(owner, GOOGLE)

    assert job.created == 4
    assert Event.objects.filter(owner=owner, name="Paris UX Night").count() == 2


@pytest.mark.django_db
def test_running_the_task_twice_imports_once(owner):
    job = run_import(owner, GOOGLE)

    import_events_from_calendar(job.pk)
    import_events_from_calendar(job.pk + 1000)  # gone: nothing to do

    job.refresh_from_db()
    assert job.created == 4
    assert Event.objects.count() == 4


@pytest.mark.django_db
def test_a_failure_while_applying_leaves_nothing_behind(owner, monkeypatch):
    job = event_import_start(owner=owner, calendar=calendar_read(GOOGLE.encode()))
    real_bulk_create = Event.objects.bulk_create

    def half_then_crash(events, **kwargs):
        real_bulk_create(events[:2], **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(Event.objects, "bulk_create", half_then_crash)

    with pytest.raises(RuntimeError):
        import_events_from_calendar(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.failure == "The import stopped on an unexpected error; nothing was imported."
    assert job.content == ""
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_a_job_held_by_a_live_worker_is_retried_later_and_a_dead_ones_is_taken_over(owner):
    job = event_import_start(owner=owner, calendar=calendar_read(APPLE.encode()))
    started = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.RUNNING, started_at=started)

    with time_machine.travel(started + timedelta(minutes=2)), pytest.raises(Retry):
        import_events_from_calendar(job.pk)
    assert not Event.objects.exists()

    with time_machine.travel(started + ical_import.RUNNING_LEASE + timedelta(seconds=1)):
        import_events_from_calendar(job.pk)
    job.refresh_from_db()
    assert (job.status, job.created) == (ImportStatus.DONE, 3)


# --- The pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_uploading_a_calendar_queues_the_import_after_commit_and_shows_its_progress(
    owner, owner_client, django_capture_on_commit_callbacks, monkeypatch
):
    queued = []
    monkeypatch.setattr(import_events_from_calendar, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = owner_client.post(
            reverse("interactions:event_import"),
            {"file": upload(GOOGLE, "olivia.ics"), "event_kind": EventKind.MEETUP},
        )

    job = ImportJob.objects.get()
    assert (job.owner, job.filename, job.total, job.status) == (
        owner,
        "olivia.ics",
        6,
        ImportStatus.PENDING,
    )
    assert len(callbacks) == 1
    assert queued == [job.pk]
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert not Event.objects.exists()  # the worker does it

    status = owner_client.get(job.get_absolute_url())
    content = status.content.decode()
    assert 'hx-trigger="every 1s"' in content
    assert '<progress class="w-100" max="6" value="0">' in content
    assert "Waiting to start" in page_text(status)


@pytest.mark.django_db
def test_the_progress_card_stops_polling_and_summarises_once_done(owner, owner_client):
    job = run_import(owner, GOOGLE)

    response = owner_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    content = response.content.decode()
    text = page_text(response)
    assert "<html" not in content  # only the card, for htmx to swap in
    assert "hx-trigger" not in content
    assert "4 events added" in text
    assert "1 skipped: already imported before" in text
    assert "1 repeating entry was imported once, at the first date." in text
    assert "1 not imported:" in text
    assert "Entry 5: “Cancelled breakfast”, 10 Oct 2026: It was cancelled." in text


@pytest.mark.django_db
def test_a_job_nobody_picks_up_says_to_check_the_worker(owner, owner_client):
    job = event_import_start(owner=owner, calendar=calendar_read(APPLE.encode()))

    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=5)):
        response = owner_client.get(job.get_absolute_url())

    assert "check that the Celery worker is running" in page_text(response)


@pytest.mark.django_db
def test_a_failed_import_says_so(owner, owner_client):
    job = ImportJobFactory(owner=owner, status=ImportStatus.FAILED, failure="It broke.")

    response = owner_client.get(job.get_absolute_url())

    assert "It broke." in page_text(response)
    # A finished import stops polling (the navbar's search has an hx-trigger of its own).
    assert 'hx-trigger="every' not in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "This is not a calendar file."),
        (b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nnonsense\nEND:VEVENT\nEND:VCALENDAR\n", "damaged"),
        (b"", "The submitted file is empty."),
        (b"BEGIN:VCALENDAR\n" + b"X" * (2 * 1024 * 1024 + 1), "a calendar import can be at most"),
    ],
)
def test_a_bad_upload_is_refused_on_the_form_and_nothing_is_stored(owner_client, data, message):
    response = owner_client.post(
        reverse("interactions:event_import"),
        {"file": upload(data, "export.ics"), "event_kind": EventKind.MEETUP},
    )

    assert response.status_code == 200
    assert message in page_text(response)
    assert not ImportJob.objects.exists()
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_the_import_page_lists_the_users_recent_imports(owner, stranger, owner_client):
    ImportJobFactory(owner=owner, filename="work.ics", status=ImportStatus.DONE, created=7)
    ImportJobFactory(owner=stranger, filename="secret.ics")

    response = owner_client.get(reverse("interactions:event_import"))

    text = page_text(response)
    assert "work.ics" in text
    assert "7 added" in text
    assert "secret.ics" not in text


@pytest.mark.django_db
def test_it_checks_ownership(owner, stranger_client):
    job = ImportJobFactory(owner=owner, filename="olivia.ics")

    page = stranger_client.get(job.get_absolute_url())
    card = stranger_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    assert page.status_code == 404
    assert card.status_code == 404
