"""The private calendar feed: a secret URL, no login, the owner's pending reminders and events
in their own time zone, parsed back with the icalendar library as a calendar app would."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from accounts.models import CalendarFeed
from accounts.tokens import calendar_feed_regenerate
from reminders.models import ReminderStatus
from tests.factories import ContactFactory, EventFactory, ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
PARIS = ZoneInfo("Europe/Paris")


def feed_url(user) -> str:
    feed = CalendarFeed.objects.filter(owner=user).first() or calendar_feed_regenerate(owner=user)
    return reverse("portability:calendar_feed", args=[feed.token])


def fetch(url: str) -> Calendar:
    response = Client().get(url)  # no session: the token is the credential
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def entries(calendar: Calendar) -> dict[str, object]:
    return {str(entry["UID"]): entry for entry in calendar.walk("VEVENT")}


@time_machine.travel(NOW, tick=False)
def test_reminders_and_events_round_trip_in_the_users_zone(owner):
    ana = ContactFactory(owner=owner, display_name="Ana López")
    all_day = ReminderFactory(
        owner=owner, contact=ana, title="Send the article", due_on=date(2026, 3, 27)
    )
    timed = ReminderFactory(
        owner=owner,
        contact=None,
        title="Call the mentor",
        due_on=date(2026, 3, 30),
        due_time=time(9, 30),
    )
    snoozed = ReminderFactory(
        owner=owner,
        contact=None,
        title="Snoozed",
        due_on=date(2026, 3, 1),
        status=ReminderStatus.SNOOZED,
        snoozed_until=date(2026, 4, 2),
    )
    ReminderFactory(owner=owner, title="Already done", status=ReminderStatus.DONE)
    ReminderFactory(owner=owner, title="Dismissed", status=ReminderStatus.DISMISSED)
    event = EventFactory(
        owner=owner,
        name="UX Paris",
        location="Paris",
        starts_at=datetime(2026, 3, 31, 17, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 31, 20, 0, tzinfo=UTC),
    )
    EventFactory(owner=owner, name="Long ago", starts_at=NOW - timedelta(days=400), ends_at=None)

    calendar = fetch(feed_url(owner))

    found = entries(calendar)
    assert set(found) == {
        f"reminder-{all_day.pk}@127.0.0.1",
        f"reminder-{timed.pk}@127.0.0.1",
        f"reminder-{snoozed.pk}@127.0.0.1",
        f"event-{event.pk}@127.0.0.1",
    }
    first = found[f"reminder-{all_day.pk}@127.0.0.1"]
    assert str(first["SUMMARY"]) == "Send the article (Ana López)"
    assert first.decoded("DTSTART") == date(2026, 3, 27)
    assert first.decoded("DTEND") == date(2026, 3, 28)
    assert ana.get_absolute_url() in str(first["DESCRIPTION"])
    call = found[f"reminder-{timed.pk}@127.0.0.1"]
    assert call["DTSTART"].params["TZID"] == "Europe/Paris"
    assert call.decoded("DTSTART") == datetime(2026, 3, 30, 9, 30, tzinfo=PARIS)
    assert found[f"reminder-{snoozed.pk}@127.0.0.1"].decoded("DTSTART") == date(2026, 4, 2)
    meetup = found[f"event-{event.pk}@127.0.0.1"]
    assert str(meetup["SUMMARY"]) == "UX Paris"
    assert str(meetup["LOCATION"]) == "Paris"
    # 17:00 UTC is 19:00 in Paris on 31 March (summer time started on the 29th).
    assert meetup.decoded("DTSTART") == datetime(2026, 3, 31, 19, 0, tzinfo=PARIS)
    assert meetup["DTSTART"].params["TZID"] == "Europe/Paris"
    # The zone is defined in the file, as Apple Calendar needs.
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/Paris"


@time_machine.travel(NOW, tick=False)
def test_uids_stay_the_same_when_a_reminder_changes(owner):
    reminder = ReminderFactory(owner=owner, title="Before", due_on=date(2026, 4, 1))
    url = feed_url(owner)
    before = set(entries(fetch(url)))

    reminder.title = "After"
    reminder.due_on = date(2026, 4, 5)
    reminder.save()

    after = entries(fetch(url))
    assert set(after) == before
    assert str(next(iter(after.values()))["SUMMARY"]).startswith("After")


def test_a_bad_token_is_a_404(owner):
    calendar_feed_regenerate(owner=owner)

    response = Client().get(reverse("portability:calendar_feed", args=["not-the-token"]))

    assert response.status_code == 404


def test_another_users_token_shows_only_their_data(owner, stranger):
    ReminderFactory(owner=owner, title="Owner's secret reminder")
    EventFactory(owner=owner, name="Owner's secret event")
    ReminderFactory(owner=stranger, contact=None, title="Stranger's reminder")

    calendar = fetch(feed_url(stranger))

    summaries = [str(entry["SUMMARY"]) for entry in calendar.walk("VEVENT")]
    assert summaries == ["Stranger's reminder" + summaries[0][len("Stranger's reminder") :]]
    assert "secret" not in Client().get(feed_url(stranger)).content.decode()


def test_making_a_new_address_revokes_the_old_one(owner_client, owner):
    old = feed_url(owner)

    owner_client.post(reverse("portability:calendar_feed_enable"))

    assert Client().get(old).status_code == 404
    assert Client().get(feed_url(owner)).status_code == 200
    assert feed_url(owner) != old


def test_the_settings_page_shows_the_address_and_can_turn_it_off(owner_client, owner):
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert "Turn on the calendar feed" in page

    owner_client.post(reverse("portability:calendar_feed_enable"))
    url = feed_url(owner)
    page = owner_client.get(reverse("accounts:profile")).content.decode()
    assert f"http://127.0.0.1:8000{url}" in page

    owner_client.post(reverse("portability:calendar_feed_disable"))
    assert Client().get(url).status_code == 404
    assert not CalendarFeed.objects.filter(owner=owner).exists()


def test_the_feed_of_an_inactive_user_is_gone(owner):
    url = feed_url(owner)
    owner.is_active = False
    owner.save()

    assert Client().get(url).status_code == 404


def test_an_empty_feed_is_still_a_valid_calendar():
    user = UserFactory(username="empty", time_zone="America/New_York")

    calendar = fetch(feed_url(user))

    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]) == "-//Rapport//Calendar feed//EN"


def test_it_checks_ownership(owner, stranger_client):
    """The enable / disable pages act on the signed-in user only: the stranger's POST makes
    their own feed and leaves the owner's address working."""
    url = feed_url(owner)

    stranger_client.post(reverse("portability:calendar_feed_enable"))
    stranger_client.post(reverse("portability:calendar_feed_disable"))

    assert Client().get(url).status_code == 200
