"""Walk every URL the application has and prove that one user's data is private.

A stranger who fills in the owner's ids gets a 404 (GET and POST) and changes nothing; a list, feed
or picker shows the stranger nothing of the owner's; an anonymous visitor is sent to the login page.
A new URL that this walker cannot fill in fails `test_every_url_is_walked`, so none is missed.
"""

import io
import re
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from accounts.models import ApiToken
from accounts.tokens import api_token_create
from contacts.models import Affiliation, Contact, ContactEmail, Membership, Organization, Tag
from interactions.models import (
    Event,
    EventAttendance,
    ImportJob,
    ImportStatus,
    Interaction,
    Participation,
)
from portability.models import ExportJob, ImportRow, RestoreJob
from portability.models import ImportJob as ContactImportJob
from portability.models import ImportStatus as ContactImportStatus
from portability.tasks import build_export
from reminders.models import Reminder
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    ImportJobFactory,
    InteractionFactory,
    MembershipFactory,
    OrganizationFactory,
    ReminderFactory,
    TagFactory,
)

# Searches and pickers are asked for SECRET, which every owner's row holds; the rows also hold
# "Quill" or "Guild", which a page echoing the query does not: if a page shown to the stranger
# contains one of those, a query forgot its owner filter.
SECRET = "Zephyrine"
OWNER_ONLY_WORDS = ("quill", "guild")

# Pages anyone may open, signed in or not. Everything else requires a login.
PUBLIC_URL_NAMES = {
    "accounts:login",
    "accounts:signup",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    # Signed links from digest emails: the token, not a login, names the user. A bad token is a
    # clear 4xx that changes nothing: tests/reminders/digests/test_views.py and test_actions.py.
    "digests:unsubscribe",
    "digests:reminder_action",
    # Monitors send a bearer token instead (tests/reminders/test_operations.py).
    "operations:health",
    # The private calendar feed: its secret token is the credential (tests/portability).
    "portability:calendar_feed",
}

# The Django admin has its own permission checks (staff only) and is scoped per owner in its own
# tests; the walker covers the application's pages.
SKIPPED_NAMESPACES = {"admin", "api"}  # the REST API has its own walker: tests/api

# Which of the owner's objects fills a URL keyword, by the URL's name.
OBJECT_FOR_URL = [
    (re.compile(r"^contacts:affiliation_create$"), {"contact_pk": "contact"}),
    (
        re.compile(r"^contacts:(contact_merge|duplicate_dismiss)$"),
        {"pk": "contact", "other_pk": "other_contact"},
    ),
    (re.compile(r"^contacts:contact_"), {"pk": "contact"}),
    (re.compile(r"^contacts:organization_"), {"pk": "organization"}),
    (re.compile(r"^contacts:affiliation_"), {"pk": "affiliation"}),
    (re.compile(r"^contacts:membership_"), {"pk": "membership"}),
    (re.compile(r"^contacts:tag_"), {"pk": "tag"}),
    (
        re.compile(r"^interactions:(contact_timeline|introduction_create)$"),
        {"contact_pk": "contact"},
    ),
    (re.compile(r"^interactions:interaction_"), {"pk": "interaction"}),
    (re.compile(r"^interactions:event_import_status$"), {"pk": "import_job"}),
    (re.compile(r"^interactions:event_"), {"pk": "event"}),
    (re.compile(r"^interactions:attendance_"), {"pk": "attendance"}),
    (re.compile(r"^reminders:reminder_"), {"pk": "reminder"}),
    (re.compile(r"^accounts:api_token_"), {"pk": "api_token"}),
    (re.compile(r"^portability:export_(status|download)$"), {"pk": "export_job"}),
    (re.compile(r"^portability:restore_status$"), {"pk": "restore_job"}),
    (re.compile(r"^portability:import_(status|read|confirm)$"), {"pk": "contact_import"}),
]


@dataclass(frozen=True)
class Route:
    name: str
    keywords: tuple[str, ...]


def all_routes(patterns=None, namespace: str = "") -> list[Route]:
    routes = []
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            if entry.namespace in SKIPPED_NAMESPACES:
                continue
            routes += all_routes(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            keywords = tuple(entry.pattern.regex.groupindex)
            routes.append(Route(f"{namespace}{entry.name}", keywords))
    return routes


def private_routes() -> list[Route]:
    return [r for r in all_routes() if r.name not in PUBLIC_URL_NAMES]


@pytest.fixture
def owners_network(owner):
    """One of each owned row, all carrying SECRET somewhere a page would show it."""
    organization = OrganizationFactory(owner=owner, name=f"{SECRET} Guild")
    tag = TagFactory(owner=owner, name=f"{SECRET.lower()}-quill")
    contact = ContactFactory(
        owner=owner, first_name=SECRET, last_name="Quill", display_name=f"{SECRET} Quill"
    )
    contact.tags.add(tag)
    ContactEmailFactory(contact=contact, email=f"{SECRET.lower()}.quill@example.org")
    # The same person typed again: a pair for the duplicates and merge pages.
    other_contact = ContactFactory(
        owner=owner, first_name=SECRET, last_name="Quil", display_name=f"{SECRET} Quil"
    )
    ContactEmailFactory(contact=other_contact, email=f"{SECRET.upper()}.Quill@example.org")
    contact.photo.save("portrait.png", ContentFile(png_bytes()), save=True)
    affiliation = AffiliationFactory(contact=contact, organization=organization)
    membership = MembershipFactory(owner=owner, organization=organization)
    interaction = InteractionFactory(
        owner=owner, participants=[contact], summary=f"Coffee with {SECRET} Quill"
    )
    event = EventFactory(owner=owner, name=f"{SECRET} Guild Summit", host_organization=organization)
    attendance = EventAttendanceFactory(event=event, contact=contact, note=f"{SECRET} Quill's talk")
    import_job = ImportJobFactory(
        owner=owner, filename=f"{SECRET}-quill.ics", status=ImportStatus.DONE, total=1, created=1
    )
    reminder = ReminderFactory(
        owner=owner, contact=contact, event=event, title=f"Send {SECRET} Quill the guild notes"
    )
    export_job = ExportJob.objects.create(owner=owner)
    build_export(export_job.pk)
    # Previewed, so its page lists a row naming the owner's contact, and confirm would apply it.
    contact_import = ContactImportJob.objects.create(
        owner=owner,
        filename=f"{SECRET}-connections.csv",
        format="linkedin",
        status=ContactImportStatus.PREVIEWED,
        counts={"existing": 1},
    )
    ImportRow.objects.create(
        owner=owner,
        job=contact_import,
        number=0,
        source="line 4",
        name=f"{SECRET} Quill",
        status="existing",
        contact=contact,
    )
    return {
        "contact_import": contact_import,
        "api_token": api_token_create(owner=owner, name=f"{SECRET} quill script").token,
        "export_job": export_job,
        "restore_job": RestoreJob.objects.create(owner=owner, filename=f"{SECRET}-quill.zip"),
        "contact": contact,
        "other_contact": other_contact,
        "organization": organization,
        "tag": tag,
        "affiliation": affiliation,
        "membership": membership,
        "interaction": interaction,
        "event": event,
        "attendance": attendance,
        "import_job": import_job,
        "reminder": reminder,
    }


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def url_for(route: Route, objects: dict) -> str:
    kwargs = {}
    if route.keywords:
        for pattern, mapping in OBJECT_FOR_URL:
            if pattern.search(route.name):
                kwargs = {kw: objects[mapping[kw]].pk for kw in route.keywords}
                break
    url = reverse(route.name, kwargs=kwargs)
    # Searches, pickers and checks get the owner's secret as their query.
    return f"{url}?{urlencode({'q': SECRET, 'email': f'{SECRET.lower()}.quill@example.org'})}"


def owners_rows(owner) -> dict:
    rows = {
        model.__name__: sorted(model.objects.filter(owner=owner).values_list("pk", "updated_at"))
        for model in (
            Contact,
            ContactEmail,
            Organization,
            Affiliation,
            Membership,
            Tag,
            Interaction,
            Participation,
            Event,
            EventAttendance,
            ImportJob,
            Reminder,
            ExportJob,
            RestoreJob,
            ContactImportJob,
        )
    }
    rows["api keys"] = sorted(
        ApiToken.objects.filter(owner=owner).values_list("pk", "revoked_at", "last_used_at")
    )
    rows["tags on contacts"] = sorted(
        Contact.tags.through.objects.filter(contact__owner=owner).values_list("pk", flat=True)
    )
    return rows


def test_every_url_is_walked():
    """A URL with ids the walker cannot fill in must be added to OBJECT_FOR_URL."""
    for route in private_routes():
        if route.keywords:
            matches = [m for p, m in OBJECT_FOR_URL if p.search(route.name)]
            assert matches, f"{route.name} takes {route.keywords}: teach the walker its objects"
            assert set(route.keywords) <= set(matches[0]), route.name
    assert len(private_routes()) >= 25  # the walker really found the application's URLs


@pytest.mark.django_db
@pytest.mark.parametrize("route", private_routes(), ids=lambda r: r.name)
def test_a_stranger_sees_nothing_of_the_owners(route, owner, owners_network, stranger_client):
    url = url_for(route, owners_network)
    before = owners_rows(owner)

    get = stranger_client.get(url)
    post = stranger_client.post(url, {"name": "taken", "display_name": "taken", "q": SECRET})

    if route.keywords:
        assert get.status_code == 404, f"GET {url} gave {get.status_code}"
        assert post.status_code in (404, 405), f"POST {url} gave {post.status_code}"
    else:
        assert get.status_code < 500
        page = get.content.decode().lower()
        assert not [w for w in OWNER_ONLY_WORDS if w in page], f"{url} shows the owner's data"
    assert owners_rows(owner) == before, f"a stranger's request to {url} changed the owner's data"


@pytest.mark.django_db
@pytest.mark.parametrize("route", private_routes(), ids=lambda r: r.name)
def test_an_anonymous_visitor_is_sent_to_log_in(route, owners_network, client):
    url = url_for(route, owners_network)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


@pytest.mark.django_db
@pytest.mark.parametrize("route", [r for r in private_routes() if r.keywords], ids=lambda r: r.name)
def test_the_owner_reaches_every_object_url(route, owners_network, owner_client):
    """The same ids work for their owner: the 404s above come from scoping, not from bad ids."""
    response = owner_client.get(url_for(route, owners_network))

    assert response.status_code in (200, 302, 405), f"{route.name} gave {response.status_code}"
