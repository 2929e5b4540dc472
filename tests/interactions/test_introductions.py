"""Introductions both ways, and both visible from either side."""

import html
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from interactions.models import Initiator, Interaction, InteractionKind, ValueExchange
from interactions.services.introductions import introduction_make, introduction_receive
from interactions.timeline import contact_timeline
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False), timezone.override(PARIS):
        yield


@pytest.fixture
def people(owner):
    return {
        "ana": ContactFactory(owner=owner, display_name="Ana Lima"),
        "ben": ContactFactory(owner=owner, display_name="Ben Okafor"),
        "carl": ContactFactory(owner=owner, display_name="Carl Berg"),
    }


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def url_for(contact) -> str:
    return reverse("interactions:introduction_create", args=[contact.pk])


def test_i_introduced_a_to_b_is_one_interaction_on_both_timelines(owner, people):
    ana, ben = people["ana"], people["ben"]

    interaction = introduction_make(
        owner=owner, contact=ana, other=ben, occurred_at=NOW, notes="Both into typography."
    )

    assert interaction.kind == InteractionKind.INTRODUCTION
    assert interaction.initiated_by == Initiator.ME
    assert interaction.value == ValueExchange.GAVE
    assert interaction.summary == "Introduced Ana Lima to Ben Okafor"
    assert set(interaction.participants.all()) == {ana, ben}
    for person in (ana, ben):
        [item] = contact_timeline(user=owner, contact=person).items
        assert item.item == interaction
    assert contact_timeline(user=owner, contact=ana).totals.value_given == 1


def test_an_introduction_needs_two_people(owner, people):
    with pytest.raises(ValueError, match="two different people"):
        introduction_make(owner=owner, contact=people["ana"], other=people["ana"], occurred_at=NOW)


def test_a_introduced_me_to_b_sets_bs_introducer(owner, people):
    ana, ben, carl = people["ana"], people["ben"], people["carl"]

    logged = introduction_receive(owner=owner, introducer=ana, introduced=[ben, carl])

    assert logged is None
    assert not Interaction.objects.exists()
    ben.refresh_from_db()
    carl.refresh_from_db()
    assert ben.introduced_by == ana
    assert carl.introduced_by == ana
    assert set(ana.introduced.all()) == {ben, carl}


def test_a_received_introduction_can_be_logged_on_both_timelines(owner, people):
    ana, ben = people["ana"], people["ben"]

    interaction = introduction_receive(
        owner=owner, introducer=ana, introduced=[ben], occurred_at=NOW, log=True
    )

    assert interaction.initiated_by == Initiator.THEM
    assert interaction.value == ValueExchange.RECEIVED
    assert interaction.summary == "Ana Lima introduced me to Ben Okafor"
    assert set(interaction.participants.all()) == {ana, ben}
    assert contact_timeline(user=owner, contact=ben).items[0].item == interaction


def test_a_long_summary_is_cut_to_fit(owner):
    ana = ContactFactory(owner=owner, display_name="A" * 200)
    ben = ContactFactory(owner=owner, display_name="B" * 200)

    interaction = introduction_make(owner=owner, contact=ana, other=ben, occurred_at=NOW)

    assert len(interaction.summary) == 200
    assert interaction.summary.endswith("…")


def test_nobody_introduces_you_to_themselves(owner, people):
    with pytest.raises(ValueError, match="themselves"):
        introduction_receive(owner=owner, introducer=people["ana"], introduced=[people["ana"]])


def test_a_strangers_contact_is_refused(owner, stranger, people):
    theirs = ContactFactory(owner=stranger)

    with pytest.raises(ValueError, match="own contacts"):
        introduction_receive(owner=owner, introducer=people["ana"], introduced=[theirs])
    with pytest.raises(ValueError, match="own contacts"):
        introduction_make(owner=owner, contact=people["ana"], other=theirs, occurred_at=NOW)

    theirs.refresh_from_db()
    assert theirs.introduced_by is None
    assert not Interaction.objects.exists()


def test_it_checks_ownership(owner, stranger, stranger_client, people):
    ana, ben = people["ana"], people["ben"]
    mine = ContactFactory(owner=stranger)

    assert stranger_client.get(url_for(ana)).status_code == 404
    response = stranger_client.post(
        url_for(ana),
        {"which": "received", "received-introduced": ben.pk, "received-date": "2026-11-20"},
    )
    assert response.status_code == 404
    # From their own contact, the owner's people are not a valid choice.
    response = stranger_client.post(
        url_for(mine), {"which": "made", "made-other": ben.pk, "made-date": "2026-11-20"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in page_text(response)
    assert "Ben Okafor" not in page_text(response)
    ben.refresh_from_db()
    assert ben.introduced_by is None
    assert not Interaction.objects.exists()


def test_the_page_offers_both_ways(owner_client, people):
    page = page_text(owner_client.get(url_for(people["ana"])))

    assert "I introduced Ana Lima to someone" in page
    assert "Ana Lima introduced me to someone" in page
    assert 'name="made-other"' in page and 'name="received-introduced"' in page


def test_introducing_from_the_page_shows_on_both_sides(owner, owner_client, people):
    ana, ben = people["ana"], people["ben"]

    response = owner_client.post(
        url_for(ana),
        {"which": "made", "made-other": ben.pk, "made-date": "2026-11-20", "made-time": ""},
    )

    assert response.status_code == 302
    assert response.url == ana.get_absolute_url()
    interaction = Interaction.objects.get()
    assert interaction.occurred_at == datetime(2026, 11, 20, 12, 0, tzinfo=PARIS)
    for person in (ana, ben):
        page = page_text(owner_client.get(person.get_absolute_url()))
        assert "Introduced Ana Lima to Ben Okafor" in page


def test_being_introduced_from_the_page_shows_on_both_sides(owner, owner_client, people):
    ana, ben, carl = people["ana"], people["ben"], people["carl"]
    ben.introduced_by = carl
    ben.save()

    response = owner_client.post(
        url_for(ana),
        {
            "which": "received",
            "received-introduced": ben.pk,
            "received-date": "2026-11-20",
            "received-time": "",
        },
    )

    assert response.status_code == 302
    ben.refresh_from_db()
    assert ben.introduced_by == ana
    # Unticked, "log" adds nothing to the timelines.
    assert not Interaction.objects.exists()
    followed = page_text(owner_client.get(response.url))
    assert (
        "Ben Okafor is now marked as introduced by Ana Lima. (It was Carl Berg before.)" in followed
    )
    # Ana's page lists whom she introduced; Ben's says who introduced him.
    assert f'<a href="{ben.get_absolute_url()}">Ben Okafor</a>' in followed
    bens_page = page_text(owner_client.get(ben.get_absolute_url()))
    assert f'<a href="{ana.get_absolute_url()}">Ana Lima</a>' in bens_page


def test_a_logged_received_introduction_shows_on_both_timelines(owner, owner_client, people):
    ana, ben = people["ana"], people["ben"]

    owner_client.post(
        url_for(ana),
        {
            "which": "received",
            "received-introduced": ben.pk,
            "received-date": "2026-11-20",
            "received-time": "18:30",
            "received-log": "on",
        },
    )

    interaction = Interaction.objects.get()
    assert interaction.occurred_at == datetime(2026, 11, 20, 18, 30, tzinfo=PARIS)
    for person in (ana, ben):
        assert "Ana Lima introduced me to Ben Okafor" in page_text(
            owner_client.get(person.get_absolute_url())
        )


@pytest.mark.parametrize(
    "data",
    [
        {"which": "made"},
        {"which": "made", "made-other": "abc", "made-date": "soon"},
        {"which": "received", "received-introduced": str(10**30), "received-date": "2026-11-20"},
        {"which": "received", "received-date": "2027-01-01"},
        {"which": "neither"},
        {},
    ],
)
def test_bad_input_shows_the_page_again(owner_client, people, data):
    response = owner_client.post(url_for(people["ana"]), data)

    assert response.status_code == 200
    assert "I introduced Ana Lima to someone" in page_text(response)
    assert not Interaction.objects.exists()


def test_only_the_submitted_form_shows_errors(owner_client, people):
    response = owner_client.post(url_for(people["ana"]), {"which": "made"})

    assert response.context["made"].errors
    assert not response.context["received"].is_bound
