"""The quick log (page and htmx modal), the interaction's page, editing and deleting."""

import html
import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from contacts.models import Contact
from interactions import tasks
from interactions.models import Initiator, Interaction, InteractionKind, Participation
from tests.factories import ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)
CREATE_URL = reverse("interactions:interaction_create")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def scheduled(monkeypatch) -> list[list[int]]:
    """The contact ids each health recompute was queued for (the worker itself is not run)."""
    calls: list[list[int]] = []
    monkeypatch.setattr(tasks.recompute_contact_health, "delay", calls.append)
    return calls


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(*participants, **overrides) -> dict:
    return {
        "participants": [str(c.pk) for c in participants],
        "kind": InteractionKind.COFFEE,
        "date": "2026-11-22",
        "time": "09:15",
        "initiated_by": Initiator.MUTUAL,
        **overrides,
    }


def test_it_checks_ownership(owner, stranger, stranger_client):
    ana = ContactFactory(owner=owner, display_name="Ana Owner")
    interaction = InteractionFactory(owner=owner, participants=[ana], summary="Private coffee")
    mine = ContactFactory(owner=stranger)

    detail = interaction.get_absolute_url()
    assert stranger_client.get(detail).status_code == 404
    for name in ("interaction_update", "interaction_delete"):
        url = reverse(f"interactions:{name}", args=[interaction.pk])
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url, form_data(mine)).status_code == 404
    # Preselecting the owner's contact in the quick log is a 404 too, page or modal.
    assert stranger_client.get(CREATE_URL, {"contact": ana.pk}).status_code == 404
    assert stranger_client.get(CREATE_URL, {"contact": ana.pk}, **HTMX).status_code == 404
    # Logging with the owner's contact is refused by the picker.
    response = stranger_client.post(CREATE_URL, form_data(mine, ana))
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert "Ana Owner" not in page_text(response)

    assert Interaction.objects.get() == interaction
    assert list(interaction.participants.all()) == [ana]
    interaction.refresh_from_db()
    assert interaction.summary == "Private coffee"


def test_the_quick_log_page_preselects_the_contact(owner, owner_client):
    ana = ContactFactory(owner=owner, display_name="Ana Lima")

    response = owner_client.get(CREATE_URL, {"contact": ana.pk})

    assert response.status_code == 200
    assert response.context["form"]["participants"].value() == [ana.pk]
    page = page_text(response)
    assert f'<option value="{ana.pk}" selected>Ana Lima</option>' in page
    assert "<!doctype html>" in page  # a whole page, without JavaScript
    assert reverse("contacts:contact_autocomplete") in page
    # Someone new is one click away.
    assert f'<a href="{reverse("contacts:contact_create")}">Add them</a>' in page


@pytest.mark.parametrize("value", ["abc", "", "1" * 40])
def test_a_contact_parameter_that_is_no_id_is_ignored(owner_client, value):
    response = owner_client.get(CREATE_URL, {"contact": value})

    assert response.status_code == 200
    assert response.context["form"]["participants"].value() == []


def test_an_unknown_contact_parameter_is_a_404(owner_client):
    assert owner_client.get(CREATE_URL, {"contact": 987654}).status_code == 404


def test_logging_from_a_contacts_page_goes_back_to_it(owner, owner_client, scheduled):
    ana, ben = ContactFactory.create_batch(2, owner=owner)

    response = owner_client.post(
        f"{CREATE_URL}?contact={ana.pk}",
        form_data(ana, ben, summary="Coffee at Lx Factory", notes="Ben is *moving*"),
    )

    assert response.status_code == 302
    assert response.url == ana.get_absolute_url()
    interaction = Interaction.objects.get()
    assert interaction.owner == owner
    assert interaction.summary == "Coffee at Lx Factory"
    assert interaction.occurred_at == datetime(2026, 11, 22, 9, 15, tzinfo=PARIS)
    assert set(interaction.participants.all()) == {ana, ben}
    followed = owner_client.get(response.url)
    assert "Logged: coffee / meeting with" in page_text(followed)


def test_logging_without_a_contact_goes_to_the_interaction(owner, owner_client):
    ana = ContactFactory(owner=owner)

    response = owner_client.post(CREATE_URL, form_data(ana))

    assert response.status_code == 302
    assert response.url == Interaction.objects.get().get_absolute_url()


def test_a_back_dated_log_counts_from_the_day_it_happened(owner, owner_client):
    ana = ContactFactory(owner=owner)

    owner_client.post(CREATE_URL, form_data(ana, date="2026-11-19", time="18:00"))

    interaction = Interaction.objects.get()
    happened = datetime(2026, 11, 19, 18, 0, tzinfo=PARIS)
    assert interaction.occurred_at == happened
    assert interaction.created_at == NOW
    # Participation is what health reads: it carries the day it happened, not the day logged.
    assert Participation.objects.get().occurred_at == happened


def test_the_modal_gets_the_form_alone(owner, owner_client):
    ana = ContactFactory(owner=owner)

    response = owner_client.get(CREATE_URL, {"contact": ana.pk}, **HTMX)

    assert response.status_code == 200
    assert response.templates[0].name == "interactions/_quick_log.html"
    page = page_text(response)
    assert "<html" not in page
    assert 'class="modal-header"' in page
    assert f'hx-post="{CREATE_URL}?contact={ana.pk}"' in page
    # Its own ids: the modal can open over the full page, which holds the same form.
    assert 'id="quick-log-participants"' in page
    assert 'id="id_participants"' not in page


def test_the_modal_saves_and_tells_the_page(owner, owner_client, scheduled):
    ana = ContactFactory(owner=owner, display_name="Ana Lima")

    response = owner_client.post(CREATE_URL, form_data(ana, kind=InteractionKind.CALL), **HTMX)

    assert response.status_code == 200
    interaction = Interaction.objects.get()
    assert json.loads(response["HX-Trigger"]) == {"interactionLogged": {"id": interaction.pk}}
    page = page_text(response)
    assert 'hx-swap-oob="afterbegin:#messages"' in page
    assert "Logged: call with Ana Lima." in page
    # The message was shown here; it must not come back on the next page.
    assert "Logged: call" not in page_text(owner_client.get(reverse("home")))


def test_the_modal_shows_errors_in_place(owner, owner_client):
    response = owner_client.post(CREATE_URL, form_data(date="2026-11-30"), **HTMX)

    assert response.status_code == 200
    assert "HX-Trigger" not in response
    assert response.templates[0].name == "interactions/_quick_log.html"
    page = page_text(response)
    assert "Pick at least one person." in page
    assert "That is in the future" in page
    assert not Interaction.objects.exists()


def test_garbage_in_every_field_is_a_page_of_errors(owner, owner_client):
    response = owner_client.post(
        CREATE_URL,
        {
            "participants": ["abc", str(10**30)],
            "kind": "picnic",
            "date": "2026-02-30",
            "time": "nope",
            "initiated_by": "x",
            "value": "y",
            "quality": "11",
            "event": "\x00",
            "introduced_me_to": ["-4"],
        },
    )

    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {
        "participants",
        "kind",
        "date",
        "time",
        "initiated_by",
        "value",
        "quality",
        "event",
        "introduced_me_to",
    }
    assert not Interaction.objects.exists()


def test_the_quick_log_records_who_introduced_me(owner, owner_client):
    ana, ben = ContactFactory.create_batch(2, owner=owner)

    owner_client.post(CREATE_URL, form_data(ana, introduced_me_to=[ben.pk]))

    ben.refresh_from_db()
    assert ben.introduced_by == ana
    assert list(Interaction.objects.get().participants.all()) == [ana]


def test_logging_schedules_the_health_of_everyone_in_it(
    owner, owner_client, scheduled, django_capture_on_commit_callbacks
):
    ana, ben = ContactFactory.create_batch(2, owner=owner)

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(CREATE_URL, form_data(ana, ben))

    assert scheduled == [sorted([ana.pk, ben.pk])]


def test_the_detail_page_shows_what_happened(owner, owner_client):
    ana = ContactFactory(owner=owner, display_name="Ana Lima")
    ben = ContactFactory(owner=owner, display_name="Ben Okafor")
    interaction = InteractionFactory(
        owner=owner,
        participants=[ben, ana],
        summary="Lunch near the office",
        kind=InteractionKind.COFFEE,
        initiated_by=Initiator.THEM,
        quality=4,
        notes="Ben asked about **Lisbon**.<script>alert(1)</script>",
        occurred_at=datetime(2026, 11, 20, 12, 30, tzinfo=UTC),
    )

    response = owner_client.get(interaction.get_absolute_url())

    page = page_text(response)
    assert "Lunch near the office" in page
    assert page.index("Ana Lima") < page.index("Ben Okafor")
    assert "They reached out" in page
    assert "4 out of 5" in page
    assert "Friday 20 November 2026, 13:30" in page  # in the owner's Paris time
    assert "<strong>Lisbon</strong>" in page
    assert "<script>alert(1)" not in page


def test_editing_changes_the_people_and_the_date(owner, owner_client, scheduled):
    ana, ben, carl = ContactFactory.create_batch(3, owner=owner)
    interaction = InteractionFactory(owner=owner, participants=[ana, ben])
    url = reverse("interactions:interaction_update", args=[interaction.pk])

    form = owner_client.get(url).context["form"]
    assert sorted(form["participants"].value()) == sorted([ana.pk, ben.pk])
    response = owner_client.post(
        url, form_data(ana, carl, date="2026-10-01", time="", kind=InteractionKind.VIDEO_CALL)
    )

    assert response.status_code == 302
    assert response.url == interaction.get_absolute_url()
    interaction.refresh_from_db()
    assert interaction.kind == InteractionKind.VIDEO_CALL
    assert interaction.occurred_at == datetime(2026, 10, 1, 12, 0, tzinfo=PARIS)
    rows = Participation.objects.filter(interaction=interaction)
    assert {row.contact for row in rows} == {ana, carl}
    assert {(row.occurred_at, row.kind) for row in rows} == {
        (interaction.occurred_at, InteractionKind.VIDEO_CALL)
    }


def test_editing_with_nobody_left_is_refused(owner, owner_client):
    interaction = InteractionFactory(owner=owner)
    url = reverse("interactions:interaction_update", args=[interaction.pk])

    response = owner_client.post(url, form_data())

    assert response.status_code == 200
    assert "Pick at least one person." in page_text(response)
    assert interaction.participations.count() == 1


def test_deleting_asks_first_then_recomputes_everyones_health(
    owner, owner_client, scheduled, django_capture_on_commit_callbacks
):
    ana = ContactFactory(owner=owner, display_name="Ana Lima")
    ben = ContactFactory(owner=owner, display_name="Ben Okafor")
    interaction = InteractionFactory(owner=owner, participants=[ben, ana], summary="Old coffee")
    url = reverse("interactions:interaction_delete", args=[interaction.pk])

    confirm = owner_client.get(url)
    assert "Delete this coffee / meeting?" in page_text(confirm)
    assert "Ana Lima, Ben Okafor" in page_text(confirm)
    assert Interaction.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(url)

    assert response.status_code == 302
    assert response.url == ana.get_absolute_url()
    assert not Interaction.objects.exists()
    assert not Participation.objects.exists()
    assert Contact.objects.filter(pk__in=[ana.pk, ben.pk]).count() == 2
    assert scheduled == [sorted([ana.pk, ben.pk])]


def test_an_interaction_whose_people_were_deleted_still_opens_and_deletes(owner, owner_client):
    ana = ContactFactory(owner=owner)
    interaction = InteractionFactory(owner=owner, participants=[ana])
    ana.delete()

    page = page_text(owner_client.get(interaction.get_absolute_url()))
    assert "Nobody any more" in page
    response = owner_client.post(reverse("interactions:interaction_delete", args=[interaction.pk]))

    assert response.url == reverse("home")
    assert not Interaction.objects.exists()


def test_other_methods_are_refused(owner, owner_client):
    interaction = InteractionFactory(owner=owner)

    for name in ("interaction_detail", "interaction_update", "interaction_delete"):
        url = reverse(f"interactions:{name}", args=[interaction.pk])
        assert owner_client.put(url).status_code == 405
    assert Interaction.objects.filter(pk=interaction.pk).exists()


def test_the_navbar_opens_the_quick_log_everywhere(owner_client):
    page = page_text(owner_client.get(reverse("contacts:contact_list")))

    assert f'href="{CREATE_URL}" hx-get="{CREATE_URL}" hx-target="#quick-log-content"' in page
    assert 'id="quick-log-content"' in page
    assert "js/quick-log.js" in page


def test_a_contacts_page_offers_the_quick_log_for_them(owner, owner_client):
    ana = ContactFactory(owner=owner)

    page = page_text(owner_client.get(ana.get_absolute_url()))

    assert f'hx-get="{CREATE_URL}?contact={ana.pk}"' in page


def test_today_is_the_users_today_not_the_servers(owner, owner_client):
    # 23:30 UTC on the 22nd is already 00:30 on the 23rd in Paris.
    ana = ContactFactory(owner=owner)
    with time_machine.travel(datetime(2026, 11, 22, 23, 30, tzinfo=UTC), tick=False):
        response = owner_client.post(CREATE_URL, form_data(ana, date="2026-11-23", time="00:20"))

    assert response.status_code == 302
    assert Interaction.objects.get().occurred_at == datetime(2026, 11, 22, 23, 20, tzinfo=UTC)
