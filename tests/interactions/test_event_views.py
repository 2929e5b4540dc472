import html
import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interactions.models import Event, EventKind, EventRole, Interaction, InteractionKind
from interactions.services.events import event_people_add
from tests.factories import (
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

# The owner lives in Paris (UTC+1 in winter).
NOW = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # already 00:30 on the 23rd in Paris


def page_text(response) -> str:
    """What a reader sees: the page without its tags, spaces collapsed."""
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(without_tags).split())


def names(response) -> list[str]:
    return [event.name for event in response.context["page"]]


def event_data(**overrides) -> dict:
    return {
        "name": "Paris UX Night",
        "kind": EventKind.MEETUP,
        "starts_at": "2026-12-03T18:30",
        "ends_at": "2026-12-03T21:00",
        "location": "La Cantine, Paris",
        "online_url": "",
        "host_organization": "",
        "my_role": EventRole.ATTENDEE,
        "goals": "Meet **two** design leads.",
        "notes": "",
        **overrides,
    }


def test_it_checks_ownership(owner, stranger_client):
    event = EventFactory(owner=owner, name="Owner's summit")
    attendance = EventAttendanceFactory(event=event)

    for name in (
        "event_detail",
        "event_update",
        "event_delete",
        "event_people_add",
        "event_people_create",
    ):
        url = reverse(f"interactions:{name}", args=[event.pk])
        assert stranger_client.get(url).status_code == 404, name
        posted = stranger_client.post(url, event_data(name="Mine now"))
        assert posted.status_code in (404, 405), name
    url = reverse("interactions:attendance_delete", args=[attendance.pk])
    assert stranger_client.post(url).status_code == 404

    event.refresh_from_db()
    assert event.name == "Owner's summit"
    assert event.attendances.count() == 1
    listing = stranger_client.get(reverse("interactions:event_list"), {"when": "past"})
    assert "Owner's summit" not in page_text(listing)
    picker = stranger_client.get(reverse("interactions:event_autocomplete"), {"q": "summit"})
    assert picker.json() == {"results": []}


# --- The list ----------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_upcoming_and_past_are_cut_at_midnight_in_the_users_time_zone(owner, owner_client):
    # 23:00-23:20 in Paris on the 22nd: yesterday for the owner, although still today in UTC.
    EventFactory(
        owner=owner,
        name="Late talk",
        starts_at=datetime(2026, 11, 22, 22, 0, tzinfo=UTC),
        ends_at=datetime(2026, 11, 22, 22, 20, tzinfo=UTC),
    )
    # 00:10 in Paris on the 23rd: today for the owner, so upcoming although it has started.
    EventFactory(
        owner=owner,
        name="Midnight social",
        starts_at=datetime(2026, 11, 22, 23, 10, tzinfo=UTC),
        ends_at=None,
    )
    # Started last week and runs until next week: still upcoming.
    EventFactory(
        owner=owner,
        name="Long residency",
        starts_at=NOW - timedelta(days=7),
        ends_at=NOW + timedelta(days=7),
    )
    EventFactory(owner=owner, name="Next month", starts_at=NOW + timedelta(days=30), ends_at=None)
    EventFactory(owner=owner, name="Last year", starts_at=NOW - timedelta(days=365), ends_at=None)
    url = reverse("interactions:event_list")

    upcoming = owner_client.get(url)
    past = owner_client.get(url, {"when": "past"})

    assert names(upcoming) == ["Long residency", "Midnight social", "Next month"]
    assert names(past) == ["Late talk", "Last year"]
    assert upcoming.context["counts"] == {"upcoming": 3, "past": 2}
    assert "Upcoming 3" in page_text(upcoming)


def test_the_list_filters_by_kind_and_ignores_a_bad_one(owner, owner_client):
    EventFactory(owner=owner, name="DjangoCon", kind=EventKind.CONFERENCE)
    EventFactory(owner=owner, name="Design drinks", kind=EventKind.MEETUP)
    url = reverse("interactions:event_list")

    conferences = owner_client.get(url, {"when": "past", "kind": "conference"})
    nonsense = owner_client.get(url, {"when": "someday", "kind": "<script>", "page": "x"})

    assert names(conferences) == ["DjangoCon"]
    assert conferences.context["counts"] == {"upcoming": 0, "past": 1}
    assert nonsense.status_code == 200
    assert nonsense.context["when"] == "upcoming"
    assert nonsense.context["kind"] == ""


def test_the_list_shows_people_met_host_and_role(owner, owner_client):
    host = OrganizationFactory(owner=owner, name="Paris UX Association")
    event = EventFactory(
        owner=owner, name="UX Night", host_organization=host, my_role=EventRole.SPEAKER
    )
    EventAttendanceFactory.create_batch(2, event=event)

    response = owner_client.get(reverse("interactions:event_list"), {"when": "past"})

    text = page_text(response)
    assert "hosted by Paris UX Association" in text
    assert "Speaker" in text
    assert "2 met" in text


def test_the_list_paginates(owner, owner_client, settings):
    settings.PAGE_SIZE = 10
    for number in range(12):
        EventFactory(
            owner=owner,
            name=f"Event {number:02d}",
            starts_at=timezone.now() - timedelta(days=number + 1),
        )

    second = owner_client.get(reverse("interactions:event_list"), {"when": "past", "page": 2})

    assert names(second) == ["Event 10", "Event 11"]
    assert "Page 2 of 2" in page_text(second)


def test_the_empty_list_says_what_events_are_for(owner_client):
    response = owner_client.get(reverse("interactions:event_list"))

    text = page_text(response)
    assert "No events yet" in text
    assert "add the people you met there in one go" in text
    assert "follow-up" in text
    assert reverse("interactions:event_create") in response.content.decode()
    assert reverse("interactions:event_import") in response.content.decode()


def test_an_empty_tab_points_to_the_other(owner, owner_client):
    EventFactory(owner=owner, name="Done and dusted")

    response = owner_client.get(reverse("interactions:event_list"))

    text = page_text(response)
    assert "Nothing coming up" in text
    assert "look back at past events" in text


# --- Create, edit, delete ----------------------------------------------------------------------


def test_creating_an_event_reads_times_in_the_users_zone(owner, owner_client):
    host = OrganizationFactory(owner=owner, name="Paris UX Association")

    response = owner_client.post(
        reverse("interactions:event_create"),
        event_data(host_organization=host.pk, online_url="meet.example.com/ux"),
    )

    event = Event.objects.get()
    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert event.owner == owner
    assert event.starts_at == datetime(2026, 12, 3, 17, 30, tzinfo=UTC)
    assert event.ends_at == datetime(2026, 12, 3, 20, 0, tzinfo=UTC)
    assert event.host_organization == host
    assert event.online_url == "https://meet.example.com/ux"


def test_bad_input_is_shown_as_field_errors(owner, stranger, owner_client):
    others = OrganizationFactory(owner=stranger)

    response = owner_client.post(
        reverse("interactions:event_create"),
        event_data(
            name="",
            kind="rave",
            starts_at="2026-12-03T18:30",
            ends_at="2026-12-03T17:00",
            online_url="javascript:alert(1)",
            host_organization=others.pk,
            my_role="king",
        ),
    )

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "kind", "ends_at", "online_url", "host_organization", "my_role"}
    assert "The end cannot be before the start." in page_text(response)
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    "starts_at",
    ["0001-01-01T00:00", "9999-12-31T23:59", "2026-13-45T25:00", "yesterday", "\x00"],
)
def test_impossible_dates_are_refused_without_an_error_page(owner_client, starts_at):
    response = owner_client.post(
        reverse("interactions:event_create"), event_data(starts_at=starts_at, ends_at="")
    )

    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert not Event.objects.exists()


def test_the_edit_form_shows_local_times_and_saves_changes(owner, owner_client):
    event = EventFactory(owner=owner, starts_at=datetime(2026, 12, 3, 17, 30, tzinfo=UTC))
    url = reverse("interactions:event_update", args=[event.pk])

    form_page = owner_client.get(url)
    response = owner_client.post(
        url, event_data(name="Renamed", starts_at="2026-12-04T09:00", ends_at="")
    )

    assert 'value="2026-12-03T18:30"' in form_page.content.decode()
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.name == "Renamed"
    assert event.starts_at == datetime(2026, 12, 4, 8, 0, tzinfo=UTC)


def test_an_event_where_people_were_met_cannot_move_to_the_future(owner, owner_client):
    event = EventFactory(owner=owner, name="Summit")
    event_people_add(event=event, contacts=[ContactFactory(owner=owner)])
    future = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")

    response = owner_client.post(
        reverse("interactions:event_update", args=[event.pk]),
        event_data(name="Summit", starts_at=future, ends_at=""),
    )

    assert response.status_code == 200
    assert "cannot start in the future" in page_text(response)


def test_deleting_an_event_keeps_the_people_and_their_met_at_interactions(owner, owner_client):
    event = EventFactory(owner=owner, name="Summit")
    ana = ContactFactory(owner=owner, display_name="Ana")
    event_people_add(event=event, contacts=[ana])
    url = reverse("interactions:event_delete", args=[event.pk])

    confirm = owner_client.get(url)
    response = owner_client.post(url)

    assert "the 1 person you met there" in page_text(confirm)
    assert response.status_code == 302
    assert response.url == reverse("interactions:event_list")
    assert not Event.objects.exists()
    interaction = Interaction.objects.get()
    assert interaction.kind == InteractionKind.MET_AT_EVENT
    assert interaction.event is None
    assert list(interaction.participants.all()) == [ana]


# --- Detail ------------------------------------------------------------------------------------


def test_the_detail_page_shows_when_where_and_the_people_met(owner, owner_client):
    host = OrganizationFactory(owner=owner, name="Paris UX Association")
    event = EventFactory(
        owner=owner,
        name="UX Night",
        starts_at=datetime(2026, 11, 3, 17, 30, tzinfo=UTC),
        ends_at=datetime(2026, 11, 3, 20, 0, tzinfo=UTC),
        location="La Cantine",
        host_organization=host,
        my_role=EventRole.SPEAKER,
        goals="Meet **two** design leads.",
        notes="<script>alert(1)</script>Great crowd.",
    )
    ana = ContactFactory(owner=owner, display_name="Ana López", job_title="Design lead")
    EventAttendanceFactory(event=event, contact=ana, note="Design systems at scale")

    response = owner_client.get(event.get_absolute_url())

    text = page_text(response)
    content = response.content.decode()
    assert "Tue 3 Nov 2026, 18:30" in text  # Paris time
    assert "\N{EN DASH} 21:00" in text
    assert "La Cantine" in text
    assert "Hosted by Paris UX Association" in text
    assert "I go as speaker" in text
    assert "Meet <strong>two</strong> design leads." in content
    assert "<script>alert(1)</script>" not in content
    assert "Ana López" in text
    assert "Design systems at scale" in text
    assert reverse("interactions:event_people_create", args=[event.pk]) in content
    assert reverse("interactions:event_people_add", args=[event.pk]) in content


def test_an_upcoming_event_explains_when_people_can_be_added(owner, owner_client):
    event = EventFactory(owner=owner, starts_at=timezone.now() + timedelta(days=2))

    response = owner_client.get(event.get_absolute_url())

    assert "Once you are there, add the people you meet here" in page_text(response)
    assert reverse("interactions:event_people_add", args=[event.pk]) not in str(response.content)


# --- The picker --------------------------------------------------------------------------------


def test_the_picker_finds_events_by_name_most_recent_first(owner, owner_client):
    older = EventFactory(
        owner=owner, name="UX Night spring", starts_at=datetime(2026, 4, 2, 17, 0, tzinfo=UTC)
    )
    newer = EventFactory(
        owner=owner, name="UX NIGHT autumn", starts_at=datetime(2026, 10, 1, 23, 0, tzinfo=UTC)
    )
    EventFactory(owner=owner, name="DjangoCon")
    for number in range(25):
        EventFactory(owner=owner, name=f"Filler {number}")
    url = reverse("interactions:event_autocomplete")

    found = owner_client.get(url, {"q": "ux night"}).json()["results"]
    everything = owner_client.get(url).json()["results"]
    wildcard = owner_client.get(url, {"q": "%"}).json()["results"]

    # The autumn one started at 01:00 on 2 October in Paris.
    assert found == [
        {"value": newer.pk, "text": "UX NIGHT autumn · 2 Oct 2026"},
        {"value": older.pk, "text": "UX Night spring · 2 Apr 2026"},
    ]
    assert len(everything) == 20
    assert wildcard == []
