"""The people met at an event: adding contacts one knows, quick-creating new ones, taking someone
off, and the events shown on a contact's page."""

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from contacts.models import Affiliation, Contact, Organization
from interactions.models import EventAttendance, Interaction, InteractionKind, Participation
from interactions.selectors.events import events_met_at
from interactions.services.events import (
    attendance_delete,
    event_people_add,
    event_update,
)
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db

STARTS_AT = datetime(2026, 11, 12, 17, 30, tzinfo=UTC)


def page_text(response) -> str:
    without_tags = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(without_tags).split())


@pytest.fixture
def event(owner):
    return EventFactory(owner=owner, name="Paris UX Night", starts_at=STARTS_AT, ends_at=None)


def met_at(contact) -> list[Interaction]:
    return list(
        Interaction.objects.filter(
            participations__contact=contact, kind=InteractionKind.MET_AT_EVENT
        )
    )


def rows(*people: dict, extra_blank: int = 1) -> dict:
    """The quick-create formset's POST data: these rows, then some left blank."""
    data = {
        "people-TOTAL_FORMS": str(len(people) + extra_blank),
        "people-INITIAL_FORMS": "0",
        "people-MIN_NUM_FORMS": "0",
        "people-MAX_NUM_FORMS": "20",
    }
    for index, person in enumerate(people):
        for field, value in person.items():
            data[f"people-{index}-{field}"] = value
    return data


def test_it_checks_ownership(owner, stranger, stranger_client, event):
    mine = ContactFactory(owner=stranger)
    add_url = reverse("interactions:event_people_add", args=[event.pk])
    create_url = reverse("interactions:event_people_create", args=[event.pk])

    assert stranger_client.post(add_url, {"contacts": [mine.pk]}).status_code == 404
    assert stranger_client.post(create_url, rows({"name": "Intruder"})).status_code == 404
    assert not EventAttendance.objects.exists()
    assert not Contact.objects.filter(owner=owner).exists()


# --- Adding people one knows -------------------------------------------------------------------


def test_adding_contacts_gives_each_an_attendance_and_one_met_at_interaction(
    owner, owner_client, event
):
    ana = ContactFactory(owner=owner, display_name="Ana")
    ben = ContactFactory(owner=owner, display_name="Ben")

    response = owner_client.post(
        reverse("interactions:event_people_add", args=[event.pk]),
        {"contacts": [ana.pk, ben.pk], "note": "Both work on design systems"},
    )

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    attendances = EventAttendance.objects.filter(event=event).order_by("contact__display_name")
    assert [(a.contact, a.note) for a in attendances] == [
        (ana, "Both work on design systems"),
        (ben, "Both work on design systems"),
    ]
    for contact in (ana, ben):
        [interaction] = met_at(contact)
        assert interaction.event == event
        assert interaction.occurred_at == STARTS_AT
        assert interaction.summary == "Met at Paris UX Night"
        assert interaction.owner == owner
        assert list(interaction.participants.all()) == [contact]
    detail = owner_client.get(event.get_absolute_url())
    assert "Met at Paris UX Night: Ana and Ben." in page_text(detail)
    assert "People met 2" in page_text(detail)


def test_adding_someone_already_on_the_list_changes_nothing_for_them(owner, owner_client, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    ben = ContactFactory(owner=owner, display_name="Ben")
    event_people_add(event=event, contacts=[ana], note="First chat")

    response = owner_client.post(
        reverse("interactions:event_people_add", args=[event.pk]),
        {"contacts": [ana.pk, ben.pk], "note": "Second chat"},
        follow=True,
    )

    assert "Ana was already on the list." in page_text(response)
    assert EventAttendance.objects.get(contact=ana).note == "First chat"
    assert len(met_at(ana)) == 1
    assert len(met_at(ben)) == 1


def test_the_picker_refuses_anothers_or_archived_contacts_and_too_many(
    owner, stranger, owner_client, event
):
    others = ContactFactory(owner=stranger)
    archived = ContactFactory(owner=owner, archived_at=timezone.now())
    url = reverse("interactions:event_people_add", args=[event.pk])

    for contacts in ([others.pk], [archived.pk], ["abc"], [10**30], [], list(range(1, 60))):
        response = owner_client.post(url, {"contacts": contacts, "note": "Hi"})
        assert response.status_code == 200, contacts
        assert "contacts" in response.context["form"].errors, contacts
    assert not EventAttendance.objects.exists()


def test_people_cannot_be_met_at_an_event_that_has_not_started(owner, owner_client):
    event = EventFactory(owner=owner, starts_at=timezone.now() + timedelta(days=1))
    ana = ContactFactory(owner=owner)

    for name, data in (
        ("event_people_add", {"contacts": [ana.pk]}),
        ("event_people_create", rows({"name": "Ana"})),
    ):
        response = owner_client.post(reverse(f"interactions:{name}", args=[event.pk]), data)
        assert response.status_code == 302
        assert response.url == event.get_absolute_url()
    assert not EventAttendance.objects.exists()
    assert not Interaction.objects.exists()
    with pytest.raises(ValueError, match="once it has started"):
        event_people_add(event=event, contacts=[ana])


# --- Quick-create ------------------------------------------------------------------------------


def test_quick_create_makes_contacts_matches_or_creates_companies_and_logs_each_met_at(
    owner, owner_client, event
):
    acme = OrganizationFactory(owner=owner, name="Acme Robotics")
    OrganizationFactory(name="Globex")  # another user's, never matched

    response = owner_client.post(
        reverse("interactions:event_people_create", args=[event.pk]),
        rows(
            {
                "name": "Ana María López",
                "email": "ana@acme.example",
                "company": "  ACME robotics ",
                "note": "Hiring a design lead",
            },
            {"name": "Ben", "company": "Globex"},
            {"name": "  Chloé   Martin ", "note": "Runs the Lyon meetup"},
            extra_blank=2,
        ),
    )

    assert response.status_code == 302
    ana, ben, chloe = Contact.objects.filter(owner=owner).order_by("pk")
    assert (ana.first_name, ana.last_name, ana.display_name) == (
        "Ana",
        "María López",
        "Ana María López",
    )
    assert [e.email for e in ana.emails.all()] == ["ana@acme.example"]
    assert ana.how_we_met == "Met at Paris UX Night on 12 November 2026."
    assert chloe.display_name == "Chloé Martin"
    # Matched to the owner's organization whatever the case; a new one for an unknown name.
    assert Affiliation.objects.get(contact=ana).organization == acme
    globex = Affiliation.objects.get(contact=ben).organization
    assert (globex.name, globex.owner) == ("Globex", owner)
    assert Organization.objects.filter(owner=owner).count() == 2
    assert not Affiliation.objects.filter(contact=chloe).exists()
    # Searchable by company straight away.
    assert "acme robotics" in Contact.objects.get(pk=ana.pk).search_text
    notes = dict(EventAttendance.objects.filter(event=event).values_list("contact", "note"))
    assert notes == {ana.pk: "Hiring a design lead", ben.pk: "", chloe.pk: "Runs the Lyon meetup"}
    for contact in (ana, ben, chloe):
        [interaction] = met_at(contact)
        assert interaction.event == event
        assert interaction.occurred_at == STARTS_AT
    assert Interaction.objects.get(participations__contact=ana).notes == "Hiring a design lead"
    assert "Added 3 new contacts" in page_text(owner_client.get(event.get_absolute_url()))


def test_quick_create_flags_an_email_already_used_until_told_to_add_anyway(
    owner, owner_client, event
):
    existing = ContactEmailFactory(contact__owner=owner, email="ana@example.com").contact
    url = reverse("interactions:event_people_create", args=[event.pk])

    flagged = owner_client.post(url, rows({"name": "Ana L", "email": "ANA@example.com"}))
    kept = owner_client.post(
        url, rows({"name": "Ana L", "email": "ANA@example.com", "keep_duplicate": "on"})
    )

    assert flagged.status_code == 200
    assert f"Already used by {existing.display_name}" in page_text(flagged)
    assert existing.get_absolute_url() in flagged.content.decode()
    assert "Add anyway" in page_text(flagged)
    assert kept.status_code == 302
    assert Contact.objects.filter(owner=owner).count() == 2


@pytest.mark.parametrize(
    ("people", "message"),
    [
        ((), "Fill in at least one person."),
        (({"email": "nameless@example.com"},), "Give this person a name, or clear the row."),
        (({"name": "Ana", "email": "not an email"},), "Enter a valid email address."),
        (
            ({"name": "Ana", "email": "a@example.com"}, {"name": "Ann", "email": "A@example.com"}),
            "is given for two people",
        ),
        (({"name": "x" * 201},), "Ensure this value has at most 200 characters"),
        (({"name": "Ana", "company": "c" * 201},), "Ensure this value has at most 200 characters"),
        (({"name": "\x00"},), "Null characters are not allowed."),
    ],
)
def test_quick_create_shows_bad_rows_and_creates_nobody(
    owner, owner_client, event, people, message
):
    response = owner_client.post(
        reverse("interactions:event_people_create", args=[event.pk]), rows(*people)
    )

    assert response.status_code == 200
    assert message in page_text(response)
    assert not Contact.objects.filter(owner=owner).exists()


def test_a_forged_formset_is_refused_without_an_error_page(owner_client, owner, event):
    url = reverse("interactions:event_people_create", args=[event.pk])
    too_many = rows(*[{"name": f"Person {n}"} for n in range(25)], extra_blank=0)

    for data in (
        {"people-0-name": "No management form"},
        {**rows({"name": "Ana"}), "people-TOTAL_FORMS": "many"},
        too_many,
    ):
        response = owner_client.post(url, data)
        assert response.status_code == 200
    assert not Contact.objects.filter(owner=owner).exists()


def test_the_quick_create_page_has_rows_and_a_template_for_more(owner_client, event):
    response = owner_client.get(reverse("interactions:event_people_create", args=[event.pk]))

    content = response.content.decode()
    assert 'id="people-forms"' in content
    assert '<template id="people-empty">' in content
    assert 'data-formset-add="people"' in content
    assert content.count('name="people-0-name"') == 1
    assert 'name="people-2-name"' in content


# --- Taking someone off, and the event following its changes ----------------------------------


def test_taking_someone_off_removes_their_met_at_interaction_only(owner, owner_client, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    ben = ContactFactory(owner=owner, display_name="Ben")
    event_people_add(event=event, contacts=[ana, ben])
    coffee = InteractionFactory(owner=owner, participants=[ana])
    attendance = EventAttendance.objects.get(contact=ana)
    url = reverse("interactions:attendance_delete", args=[attendance.pk])

    confirm = owner_client.get(url)
    response = owner_client.post(url)

    assert "Take Ana off Paris UX Night?" in page_text(confirm)
    assert response.url == event.get_absolute_url()
    assert list(EventAttendance.objects.values_list("contact", flat=True)) == [ben.pk]
    assert met_at(ana) == []
    assert len(met_at(ben)) == 1
    assert Interaction.objects.filter(pk=coffee.pk).exists()


def test_a_met_at_interaction_shared_with_others_keeps_them(owner, event):
    ana = ContactFactory(owner=owner)
    ben = ContactFactory(owner=owner)
    event_people_add(event=event, contacts=[ana])
    Participation.objects.create(
        owner=owner,
        interaction=met_at(ana)[0],
        contact=ben,
        occurred_at=STARTS_AT,
        kind=InteractionKind.MET_AT_EVENT,
        initiated_by="mutual",
    )

    attendance_delete(attendance=EventAttendance.objects.get(contact=ana))

    [interaction] = met_at(ben)
    assert list(interaction.participants.all()) == [ben]


def test_moving_or_renaming_the_event_moves_its_met_at_interactions(owner, event):
    ana = ContactFactory(owner=owner)
    event_people_add(event=event, contacts=[ana])
    earlier = STARTS_AT - timedelta(days=1)

    event_update(event=event, name="Paris UX Night #12", starts_at=earlier, kind=event.kind)

    [interaction] = met_at(ana)
    assert interaction.occurred_at == earlier
    assert interaction.summary == "Met at Paris UX Night #12"
    assert Participation.objects.get(contact=ana).occurred_at == earlier


def test_a_summary_the_user_rewrote_is_kept_when_the_event_is_renamed(owner, event):
    ana = ContactFactory(owner=owner)
    event_people_add(event=event, contacts=[ana])
    Interaction.objects.filter(event=event).update(summary="Long talk about hiring")

    event_update(event=event, name="Renamed", starts_at=STARTS_AT, kind=event.kind)

    assert met_at(ana)[0].summary == "Long talk about hiring"


# --- The contact page's list of events ---------------------------------------------------------


def test_a_contact_shows_the_events_they_were_met_at(owner, stranger, event):
    ana = ContactFactory(owner=owner, display_name="Ana")
    later = EventFactory(owner=owner, name="DjangoCon", starts_at=STARTS_AT + timedelta(days=3))
    event_people_add(event=event, contacts=[ana], note="Design systems")
    event_people_add(event=later, contacts=[ana])
    EventFactory(owner=owner, name="Not with Ana")

    events = events_met_at(user=owner, contact=ana)
    html_text = render_to_string(
        "interactions/_contact_events.html", {"contact": ana, "events": events}
    )

    assert [e.name for e in events] == ["DjangoCon", "Paris UX Night"]
    assert [e.met_note for e in events] == ["", "Design systems"]
    assert "Design systems" in html_text
    assert later.get_absolute_url() in html_text
    assert events_met_at(user=stranger, contact=ana) == []


def test_a_contact_met_nowhere_gets_a_hint(owner):
    ana = ContactFactory(owner=owner, display_name="Ana")

    html_text = render_to_string(
        "interactions/_contact_events.html", {"contact": ana, "events": []}
    )

    assert "When you meet Ana at a conference or meetup" in html_text
