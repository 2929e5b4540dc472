"""The interaction form: dates in the user's zone, pickers scoped to the owner, no input a crash."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from interactions.forms.interactions import (
    MAX_PARTICIPANTS,
    InteractionForm,
    IntroductionMadeForm,
)
from interactions.models import Event, Initiator, InteractionKind, ValueExchange
from tests.factories import ContactFactory, InteractionFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
# Sunday 22 November 2026, 15:30 in Paris.
NOW = datetime(2026, 11, 22, 14, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _in_paris_today():
    # What the middleware does for a user in Paris, on the day these tests are set.
    with time_machine.travel(NOW, tick=False), timezone.override(PARIS):
        yield


def make_event(owner, **fields) -> Event:
    return Event.objects.create(
        owner=owner, name="Design Week", starts_at=NOW - timedelta(days=30), **fields
    )


def form_data(*participants, **overrides) -> dict:
    return {
        "participants": [str(c.pk) for c in participants],
        "kind": InteractionKind.COFFEE,
        "date": "2026-11-22",
        "time": "09:15",
        "summary": "",
        "initiated_by": Initiator.MUTUAL,
        "value": "",
        "quality": "",
        "event": "",
        "notes": "",
        **overrides,
    }


def test_a_date_and_time_are_read_in_the_users_time_zone(owner):
    ana = ContactFactory(owner=owner)

    form = InteractionForm(form_data(ana), owner=owner)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == datetime(2026, 11, 22, 9, 15, tzinfo=PARIS)
    assert form.interaction_fields()["occurred_at"] == datetime(2026, 11, 22, 8, 15, tzinfo=UTC)
    assert form.interaction_fields()["contacts"] == [ana]


def test_a_new_form_starts_at_now_in_the_users_time_zone(owner):
    form = InteractionForm(owner=owner)

    assert form["date"].value().isoformat() == "2026-11-22"
    assert form["time"].value().strftime("%H:%M") == "15:30"
    assert form["kind"].value() == InteractionKind.COFFEE


def test_without_a_time_it_happened_at_noon(owner):
    form = InteractionForm(
        form_data(ContactFactory(owner=owner), date="2026-11-19", time=""), owner=owner
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["occurred_at"] == datetime(2026, 11, 19, 12, 0, tzinfo=PARIS)


def test_without_a_time_today_before_noon_it_happened_up_to_now(owner):
    with time_machine.travel(datetime(2026, 11, 22, 8, 0, tzinfo=UTC), tick=False):
        form = InteractionForm(form_data(ContactFactory(owner=owner), time=""), owner=owner)

        assert form.is_valid(), form.errors
        assert form.cleaned_data["occurred_at"] == datetime(2026, 11, 22, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("date", "time", "field", "message"),
    [
        ("2026-13-45", "10:00", "date", "Enter a valid date."),
        ("yesterday", "10:00", "date", "Enter a valid date."),
        ("", "10:00", "date", "This field is required."),
        ("2026-11-22", "25:99", "time", "Enter a valid time."),
        ("0001-01-01", "00:00", "date", "greater than or equal to 1900-01-01"),
        ("2026-11-23", "10:00", "date", "That is in the future"),
        ("9999-12-31", "23:59", "date", "That is in the future"),
        ("2026-11-22", "16:00", "time", "That is in the future"),
    ],
)
def test_a_bad_date_or_time_is_a_field_error(owner, date, time, field, message):
    form = InteractionForm(
        form_data(ContactFactory(owner=owner), date=date, time=time), owner=owner
    )

    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_a_time_a_few_minutes_ahead_of_the_clock_is_accepted(owner):
    form = InteractionForm(form_data(ContactFactory(owner=owner), time="15:40"), owner=owner)

    assert form.is_valid(), form.errors


def test_it_needs_at_least_one_person(owner):
    form = InteractionForm(form_data(), owner=owner)

    assert not form.is_valid()
    assert form.errors["participants"] == ["Pick at least one person."]


def test_a_strangers_contact_is_not_a_valid_choice(owner, stranger):
    mine = ContactFactory(owner=owner)
    theirs = ContactFactory(owner=stranger)

    form = InteractionForm(form_data(mine, theirs), owner=owner)

    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["participants"][0]
    # The widget shows only the owner's own choices back, never the stranger's name.
    assert theirs.display_name not in str(form["participants"])


def test_a_strangers_event_is_not_a_valid_choice(owner, stranger):
    form = InteractionForm(
        form_data(ContactFactory(owner=owner), event=make_event(stranger).pk), owner=owner
    )

    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["event"][0]


def test_an_event_of_the_owner_is_accepted(owner):
    event = make_event(owner)

    form = InteractionForm(form_data(ContactFactory(owner=owner), event=event.pk), owner=owner)

    assert form.is_valid(), form.errors
    assert form.interaction_fields()["event"] == event


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", str(10**30), "\x00"])
def test_ids_that_are_no_ids_are_field_errors(owner, value):
    data = form_data(participants=[value], event=value)

    form = InteractionForm(data, owner=owner)

    assert not form.is_valid()
    assert set(form.errors) >= {"participants", "event"}
    # The widgets render what was sent back without failing.
    assert "<select" in str(form["participants"]) + str(form["event"])


def test_too_many_people_are_refused_before_any_lookup(owner, django_assert_num_queries):
    data = form_data(participants=[str(n) for n in range(1, MAX_PARTICIPANTS + 2)])

    form = InteractionForm(data, owner=owner)
    with django_assert_num_queries(0):
        assert not form.is_valid()

    assert form.errors["participants"] == [f"At most {MAX_PARTICIPANTS} people at once."]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kind", "picnic"),
        ("initiated_by", "nobody"),
        ("value", "stolen"),
        ("quality", "7"),
        ("quality", "great"),
        ("summary", "x" * 201),
    ],
)
def test_values_outside_the_choices_are_field_errors(owner, field, value):
    form = InteractionForm(form_data(ContactFactory(owner=owner), **{field: value}), owner=owner)

    assert not form.is_valid()
    assert field in form.errors


def test_every_detail_is_read(owner):
    ana = ContactFactory(owner=owner)
    event = make_event(owner)

    form = InteractionForm(
        form_data(
            ana,
            kind=InteractionKind.MENTORING,
            summary="  Career chat  ",
            initiated_by=Initiator.THEM,
            value=ValueExchange.RECEIVED,
            quality="4",
            event=str(event.pk),
            notes="She suggested **three** books.",
        ),
        owner=owner,
    )

    assert form.is_valid(), form.errors
    assert form.interaction_fields() == {
        "occurred_at": datetime(2026, 11, 22, 9, 15, tzinfo=PARIS),
        "kind": InteractionKind.MENTORING,
        "contacts": [ana],
        "initiated_by": Initiator.THEM,
        "summary": "Career chat",
        "notes": "She suggested **three** books.",
        "quality": 4,
        "value": ValueExchange.RECEIVED,
        "event": event,
    }


def test_the_details_stay_folded_until_they_hold_something(owner):
    ana = ContactFactory(owner=owner)

    assert not InteractionForm(owner=owner).shows_details
    assert not InteractionForm(form_data(ana), owner=owner).shows_details
    assert InteractionForm(form_data(ana, notes="Talked about Lisbon"), owner=owner).shows_details
    errors = InteractionForm(form_data(ana, quality="9"), owner=owner)
    errors.is_valid()
    assert errors.shows_details


def test_the_one_other_person_is_who_introduced_me(owner):
    ana, ben = ContactFactory.create_batch(2, owner=owner)

    form = InteractionForm(form_data(ana, introduced_me_to=[ben.pk]), owner=owner)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["introducer"] == ana
    # Ben was there too: Ana is still the one who introduced him.
    form = InteractionForm(form_data(ana, ben, introduced_me_to=[ben.pk]), owner=owner)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["introducer"] == ana


def test_someone_at_the_meeting_must_have_introduced_me(owner):
    ana = ContactFactory(owner=owner)

    form = InteractionForm(form_data(ana, introduced_me_to=[ana.pk]), owner=owner)

    assert not form.is_valid()
    assert form.errors["introduced_me_to"] == ["Add the person who introduced you under “With”."]


def test_with_several_people_who_introduced_me_is_not_guessed(owner):
    ana, ben, carl = ContactFactory.create_batch(3, owner=owner)

    form = InteractionForm(form_data(ana, carl, introduced_me_to=[ben.pk]), owner=owner)

    assert not form.is_valid()
    assert "not clear which of them" in form.errors["introduced_me_to"][0]


def test_the_edit_form_shows_the_interaction_in_the_users_time_zone(owner):
    ana = ContactFactory(owner=owner)
    interaction = InteractionFactory(
        owner=owner,
        participants=[ana],
        occurred_at=datetime(2026, 7, 1, 22, 45, tzinfo=UTC),
        kind=InteractionKind.CALL,
        quality=3,
    )

    form = InteractionForm(owner=owner, interaction=interaction)

    # 22:45 UTC on 1 July is 00:45 on 2 July in Paris (summer time).
    assert form["date"].value().isoformat() == "2026-07-02"
    assert form["time"].value().strftime("%H:%M") == "00:45"
    assert form["participants"].value() == [ana.pk]
    assert form["kind"].value() == InteractionKind.CALL
    assert "introduced_me_to" not in form.fields


def test_an_introduction_is_never_to_the_same_person(owner):
    ana = ContactFactory(owner=owner)

    form = IntroductionMadeForm(
        {"made-other": ana.pk, "made-date": "2026-11-20", "made-time": ""},
        owner=owner,
        contact=ana,
        prefix="made",
    )

    assert not form.is_valid()
    assert "Select a valid choice" in form.errors["other"][0]
