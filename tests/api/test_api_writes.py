"""What the API writes goes through the services: search text, health and the people met stay
in step, and bad input is a 400 with a message, never a partial write."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from interactions import tasks as interaction_tasks
from interactions.models import EventAttendance, Interaction, InteractionKind
from reminders.models import Reminder
from tests.factories import ContactFactory, EventFactory, OrganizationFactory, ReminderFactory

pytestmark = pytest.mark.django_db


def test_a_contact_made_through_the_api_is_found_by_search(api, owner):
    response = api.post(
        reverse("api:contact-list"),
        {
            "first_name": "Ana",
            "last_name": "López",
            "emails": [{"email": "ana@example.org"}],
            "phones": [{"number": "+33 6 12 34 56 78"}],
            "tags": ["Mentor"],
        },
    )

    assert response.status_code == 201, response.json()
    assert response.json()["phones"] == [{"number": "+33612345678", "label": ""}]
    found = api.get(reverse("api:contact-list"), {"q": "ana@example"}).json()
    assert [c["display_name"] for c in found["results"]] == ["Ana López"]
    assert "mentor" in Contact.objects.get(owner=owner).search_text


def test_a_patch_keeps_the_lists_it_does_not_send(api, owner):
    contact_id = api.post(
        reverse("api:contact-list"),
        {"first_name": "Ana", "emails": [{"email": "ana@example.org"}], "tags": ["x"]},
    ).json()["id"]

    response = api.patch(reverse("api:contact-detail", args=[contact_id]), {"job_title": "CTO"})

    body = response.json()
    assert body["job_title"] == "CTO"
    assert body["emails"] == [{"email": "ana@example.org", "label": ""}]
    assert body["tags"] == ["x"]


def test_logging_an_interaction_schedules_the_health_of_its_people(
    api, owner, monkeypatch, django_capture_on_commit_callbacks
):
    ana = ContactFactory(owner=owner)
    queued = []
    monkeypatch.setattr(interaction_tasks.recompute_contact_health, "delay", queued.append)

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            reverse("api:interaction-list"),
            {"participants": [ana.pk], "kind": "call", "occurred_at": timezone.now().isoformat()},
        )

    assert response.status_code == 201
    assert queued == [[ana.pk]]


def test_people_met_through_the_api_get_their_met_at_interaction(api, owner):
    ana, ben = ContactFactory(owner=owner), ContactFactory(owner=owner)
    event = EventFactory(owner=owner)
    url = reverse("api:event-detail", args=[event.pk])

    api.patch(url, {"people_met": [{"contact": ana.pk, "note": "Design"}, {"contact": ben.pk}]})
    response = api.patch(url, {"people_met": [{"contact": ana.pk, "note": "Design systems"}]})

    assert response.json()["people_met"] == [{"contact": ana.pk, "note": "Design systems"}]
    assert list(EventAttendance.objects.filter(event=event).values_list("contact", flat=True)) == [
        ana.pk
    ]
    met_at = Interaction.objects.filter(event=event, kind=InteractionKind.MET_AT_EVENT)
    assert [list(i.participants.all()) for i in met_at] == [[ana]]


@pytest.mark.parametrize(
    ("endpoint", "payload", "field", "message"),
    [
        ("api:contact-list", {"nickname": "x"}, "first_name", "Give this person a name"),
        (
            "api:contact-list",
            {"first_name": "A", "birthday_day": 30, "birthday_month": 2},
            "birthday_day",
            "February has only 29 days.",
        ),
        (
            "api:contact-list",
            {"first_name": "A", "phones": [{"number": "06 12 34 56 78"}]},
            "phones",
            "country code",
        ),
        ("api:contact-list", {"first_name": 12}, "first_name", "Not a valid string."),
        (
            "api:interaction-list",
            {"participants": [], "kind": "call", "occurred_at": "2025-01-01T10:00:00Z"},
            "participants",
            "at least one",
        ),
        (
            "api:interaction-list",
            {"participants": [1], "kind": "call", "occurred_at": "2999-01-01T10:00:00Z"},
            "occurred_at",
            "between 1900 and 2200",
        ),
        (
            "api:event-list",
            {"name": "X", "starts_at": "2025-01-02T10:00:00Z", "ends_at": "2025-01-01T10:00:00Z"},
            "non_field_errors",
            "cannot end before it starts",
        ),
        (
            "api:reminder-list",
            {"title": "X", "due_on": "2026-01-01", "recur_every": 2},
            "recur_every",
            "Give both",
        ),
        (
            "api:reminder-list",
            {"title": "X", "due_on": "2026-01-01", "due_time": "9h"},
            "due_time",
            "HH:MM",
        ),
    ],
)
def test_bad_input_is_a_400_that_says_what_is_wrong(api, owner, endpoint, payload, field, message):
    ContactFactory(owner=owner)

    response = api.post(reverse(endpoint), payload)

    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_a_keep_in_touch_reminder_is_a_400_not_a_crash(api, owner):
    # Rapport makes those from the contact's cadence (one per contact, a database constraint).
    ana = ContactFactory(owner=owner)
    ReminderFactory(owner=owner, contact=ana, kind="keep_in_touch")

    response = api.post(
        reverse("api:reminder-list"),
        {"title": "Again", "due_on": "2026-01-01", "contact": ana.pk, "kind": "keep_in_touch"},
    )

    assert response.status_code == 400
    assert "made by Rapport" in str(response.json())


def test_a_reminder_is_completed_snoozed_and_dismissed_through_actions(api, owner):
    reminder = ReminderFactory(owner=owner)
    url = lambda action: reverse(f"api:reminder-{action}", args=[reminder.pk])  # noqa: E731

    snoozed = api.post(url("snooze"), {"until": str(timezone.localdate() + timedelta(days=3))})
    done = api.post(url("complete"))

    assert snoozed.json()["status"] == "snoozed"
    assert done.json()["status"] == "done" and done.json()["completed_at"]
    assert api.post(url("snooze"), {"until": "2000-01-01"}).status_code == 400


def test_deleting_an_organization_goes_through_its_service(api, owner):
    organization = OrganizationFactory(owner=owner, name="Acme")
    ana = ContactFactory(owner=owner)
    api.post(reverse("api:affiliation-list"), {"contact": ana.pk, "organization": organization.pk})
    assert "acme" in Contact.objects.get(pk=ana.pk).search_text.lower()

    assert api.delete(reverse("api:organization-detail", args=[organization.pk])).status_code == 204

    assert "acme" not in Contact.objects.get(pk=ana.pk).search_text.lower()


def test_it_checks_ownership(owner, stranger_api):
    contact = ContactFactory(owner=owner)

    assert stranger_api.get(reverse("api:contact-detail", args=[contact.pk])).status_code == 404
    assert stranger_api.delete(reverse("api:contact-detail", args=[contact.pk])).status_code == 404
    assert Contact.objects.filter(pk=contact.pk).exists()


def test_completing_through_the_api_schedules_what_follows(api, owner):
    # The API writes through reminders.services: a series gets its next occurrence.
    series = ReminderFactory(owner=owner, kind="recurring", recur_every=1, recur_unit="weeks")

    api.post(reverse("api:reminder-complete", args=[series.pk]))

    following = Reminder.objects.get(previous_occurrence=series)
    assert following.status == "open"
    assert following.due_on > series.due_on


def test_when_we_met_is_written_and_read_through_the_api(api, owner):
    created = api.post(reverse("api:contact-list"), {"first_name": "Ana", "met_on": "2024-03-01"})
    assert created.status_code == 201, created.json()

    url = reverse("api:contact-detail", args=[created.json()["id"]])
    assert api.patch(url, {"nickname": "Nana"}).json()["met_on"] == "2024-03-01"
    assert Contact.objects.get(owner=owner).met_on.isoformat() == "2024-03-01"
