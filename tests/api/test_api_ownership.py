"""Every API endpoint, walked from the URL resolver like tests/test_ownership.py walks the
pages: another user's object is a 404 whatever the method, their lists show nothing of the
owner's, and the owner's ids in a payload are a 400 "not found". A new endpoint whose objects
this walker does not know fails `test_every_endpoint_is_walked`."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from contacts.models import Affiliation, Contact, Organization
from interactions.models import Event, EventAttendance, Interaction
from reminders.models import Reminder
from tests.factories import (
    AffiliationFactory,
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
)

pytestmark = pytest.mark.django_db

SECRET = "Zephyrine"
# Endpoints that show no one's data: the schema and its docs page.
PUBLIC = {"api:schema", "api:docs"}


def api_routes(patterns=None, namespace="") -> list[tuple[str, tuple[str, ...]]]:
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            routes += api_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name and namespace.startswith("api:"):
            # DRF adds a `format` suffix route for each; the plain one is enough.
            keywords = tuple(k for k in entry.pattern.regex.groupindex if k != "format")
            name = f"{namespace}{entry.name}"
            if (name, keywords) not in routes and name not in PUBLIC:
                routes.append((name, keywords))
    return routes


def object_routes():
    return [(name, kw) for name, kw in api_routes() if kw]


def list_routes():
    return [name for name, kw in api_routes() if not kw]


@pytest.fixture
def owners_rows(owner):
    organization = OrganizationFactory(owner=owner, name=f"{SECRET} Guild")
    contact = ContactFactory(owner=owner, first_name=SECRET, display_name=f"{SECRET} Quill")
    event = EventFactory(owner=owner, name=f"{SECRET} Summit", host_organization=organization)
    EventAttendanceFactory(event=event, contact=contact)
    interaction = InteractionFactory(owner=owner, participants=[contact], summary=SECRET)
    return {
        "contact": contact,
        "organization": organization,
        "affiliation": AffiliationFactory(contact=contact, organization=organization),
        "interaction": interaction,
        "event": event,
        "reminder": ReminderFactory(owner=owner, contact=contact, title=f"Call {SECRET}"),
    }


def snapshot(owner) -> dict:
    return {
        model.__name__: sorted(model.objects.filter(owner=owner).values_list("pk", "updated_at"))
        for model in (
            Contact,
            Organization,
            Affiliation,
            Interaction,
            Event,
            EventAttendance,
            Reminder,
        )
    }


def url_for(name: str, keywords, rows: dict) -> str:
    basename = name.split(":")[1].rsplit("-", 1)[0]
    return reverse(name, kwargs={kw: rows[basename].pk for kw in keywords})


def test_every_endpoint_is_walked(owners_rows):
    for name, keywords in object_routes():
        basename = name.split(":")[1].rsplit("-", 1)[0]
        assert basename in owners_rows, f"{name}: teach the walker which object fills it"
        assert keywords == ("pk",), name
    assert len(object_routes()) >= 6 + 3  # six details and the reminder's three actions
    assert len(list_routes()) >= 6


@pytest.mark.parametrize(("name", "keywords"), object_routes(), ids=lambda v: str(v))
def test_another_users_object_is_a_404_whatever_the_method(
    name, keywords, owner, owners_rows, stranger_api
):
    url = url_for(name, keywords, owners_rows)
    before = snapshot(owner)

    answers = {
        method: getattr(stranger_api, method)(url, {"name": "taken", "title": "taken"})
        for method in ("get", "put", "patch", "delete", "post")
    }

    statuses = {method: response.status_code for method, response in answers.items()}
    assert set(statuses.values()) <= {404, 405}, statuses
    assert 404 in statuses.values(), statuses
    assert snapshot(owner) == before


@pytest.mark.parametrize(("name", "keywords"), object_routes(), ids=lambda v: str(v))
def test_the_owner_reaches_the_same_urls(name, keywords, owners_rows, api):
    """The 404s above come from scoping, not from wrong ids."""
    response = api.get(url_for(name, keywords, owners_rows))

    assert response.status_code in (200, 405), response.status_code


@pytest.mark.parametrize("name", list_routes())
def test_a_list_shows_nothing_of_another_users(name, owners_rows, stranger_api, api):
    theirs = stranger_api.get(reverse(name))
    mine = api.get(reverse(name))

    assert theirs.status_code == 200
    assert theirs.json()["count"] == 0
    assert SECRET not in theirs.content.decode()
    assert mine.json()["count"] >= 1


@pytest.mark.parametrize(
    ("endpoint", "payload"),
    [
        (
            "api:affiliation-list",
            lambda r, mine: {"contact": r["contact"].pk, "organization": mine["organization"].pk},
        ),
        (
            "api:affiliation-list",
            lambda r, mine: {"contact": mine["contact"].pk, "organization": r["organization"].pk},
        ),
        (
            "api:interaction-list",
            lambda r, mine: {
                "participants": [r["contact"].pk],
                "kind": "call",
                "occurred_at": "2025-01-01T10:00:00Z",
            },
        ),
        (
            "api:interaction-list",
            lambda r, mine: {
                "participants": [mine["contact"].pk],
                "event": r["event"].pk,
                "kind": "call",
                "occurred_at": "2025-01-01T10:00:00Z",
            },
        ),
        (
            "api:event-list",
            lambda r, mine: {
                "name": "Mine",
                "starts_at": "2025-01-01T10:00:00Z",
                "host_organization": r["organization"].pk,
            },
        ),
        (
            "api:event-list",
            lambda r, mine: {
                "name": "Mine",
                "starts_at": "2025-01-01T10:00:00Z",
                "people_met": [{"contact": r["contact"].pk}],
            },
        ),
        (
            "api:contact-list",
            lambda r, mine: {"first_name": "Mine", "introduced_by": r["contact"].pk},
        ),
        (
            "api:reminder-list",
            lambda r, mine: {"title": "Mine", "due_on": "2026-01-01", "contact": r["contact"].pk},
        ),
        (
            "api:reminder-list",
            lambda r, mine: {"title": "Mine", "due_on": "2026-01-01", "event": r["event"].pk},
        ),
        (
            "api:reminder-list",
            lambda r, mine: {
                "title": "Mine",
                "due_on": "2026-01-01",
                "organization": r["organization"].pk,
            },
        ),
        (
            "api:reminder-list",
            lambda r, mine: {
                "title": "Mine",
                "due_on": "2026-01-01",
                "interaction": r["interaction"].pk,
            },
        ),
    ],
)
def test_another_users_id_in_a_payload_is_not_found(
    endpoint, payload, owner, owners_rows, stranger, stranger_api
):
    strangers_own = {
        "contact": ContactFactory(owner=stranger),
        "organization": OrganizationFactory(owner=stranger),
    }
    before = snapshot(owner)

    response = stranger_api.post(reverse(endpoint), payload(owners_rows, strangers_own))

    assert response.status_code == 400
    assert "Not found: you have no" in response.content.decode()
    assert snapshot(owner) == before
