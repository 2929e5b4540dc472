"""Download my data, then restore it into a fresh account: the same network comes back, row
for row and field for field; a file with bad rows restores nothing and says which rows."""

import csv
import io
import json
import zipfile
from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from contacts.services.contacts import EmailEntry, PhoneEntry, ProfileEntry, contact_create
from contacts.services.organizations import affiliation_create, organization_create
from interactions.models import ContactHealth, NetworkCount
from interactions.selectors.network import network_breakdown, network_counted
from interactions.services.events import event_create, event_people_add
from interactions.services.interactions import interaction_log
from interactions.services.introductions import introduction_make, introduction_receive
from portability import export, tasks
from portability.archive_format import FIELDS, REFERENCES, SECTIONS
from portability.models import ExportJob, JobStatus, RestoreJob
from reminders.models import ReminderKind, ReminderStatus
from tests.factories import MembershipFactory, ReminderFactory, UserFactory
from tests.test_ownership import png_bytes

pytestmark = pytest.mark.django_db

PAST = datetime(2025, 6, 12, 18, 30, tzinfo=UTC)


@pytest.fixture
def run_tasks_inline(monkeypatch):
    monkeypatch.setattr(tasks.build_export, "delay", tasks.build_export)
    monkeypatch.setattr(tasks.apply_restore, "delay", tasks.apply_restore)


def build_network(owner) -> None:
    """One of everything, with the awkward cases: a year-less birthday, an archived contact,
    an introducer, a group interaction, an introduction, a person met with a note, a photo,
    reminders in every state, and text a spreadsheet would run as a formula."""
    acme = organization_create(
        owner=owner, name="Acme", kind="company", website="https://acme.example"
    )
    guild = organization_create(
        owner=owner, name="UX Guild", kind="association", notes="**Monthly**"
    )
    ana = contact_create(
        owner=owner,
        fields={
            "first_name": "Ana",
            "last_name": "López",
            "birthday_day": 29,
            "birthday_month": 2,
            "tier": "close",
            "cadence_days": 21,
            "relationship_type": "mentor",
            "how_we_met": "At a meetup",
            "met_on": date(2019, 5, 4),
            "notes": "Likes *tea*",
        },
        emails=[EmailEntry("ana@example.org", "work"), EmailEntry("ana@home.example", "home")],
        phones=[PhoneEntry("+33 6 12 34 56 78", "mobile")],
        profiles=[ProfileEntry("linkedin", "https://www.linkedin.com/in/ana")],
        tag_names=["mentor", "Paris"],
        photo=ContentFile(png_bytes(), name="ana.png"),
    )
    ben = contact_create(
        owner=owner,
        fields={
            "display_name": '=HYPERLINK("http://evil.example")',
            "first_name": "Ben",
            "birthday_day": 3,
            "birthday_month": 7,
            "birthday_year": 1990,
        },
        tag_names=["paris"],
    )
    cleo = contact_create(owner=owner, fields={"first_name": "Cléo", "job_title": "CTO"})
    Contact.objects.filter(pk=cleo.pk).update(archived_at=PAST)
    introduction_receive(owner=owner, introducer=ana, introduced=[ben])
    affiliation_create(contact=ana, organization=acme, role="Designer", start_date=date(2020, 1, 1))
    affiliation_create(contact=ben, organization=guild, is_current=False, end_date=date(2024, 5, 1))
    MembershipFactory(owner=owner, organization=guild, role="volunteer", title="Events chair")
    meetup = event_create(
        owner=owner,
        name="UX Paris",
        starts_at=PAST,
        ends_at=PAST + timedelta(hours=3),
        location="Paris",
        host_organization=guild,
        kind="meetup",
        goals="Meet designers",
    )
    event_people_add(event=meetup, contacts=[ben], note="Talked about type")
    coffee = interaction_log(
        owner=owner,
        occurred_at=PAST - timedelta(days=3),
        kind="coffee",
        contacts=[ana, cleo],
        summary="Coffee",
        notes="Long chat",
        quality=5,
        value="received",
        initiated_by="them",
    )
    introduction_make(owner=owner, contact=ana, other=cleo, occurred_at=PAST - timedelta(days=1))
    ReminderFactory(
        owner=owner,
        contact=ana,
        title="Send the article",
        due_on=date(2026, 4, 1),
        due_time=time(9, 30),
        note="The one on *mentoring*",
    )
    ReminderFactory(
        owner=owner,
        contact=ben,
        kind=ReminderKind.RECURRING,
        title="Catch up",
        due_on=date(2026, 5, 1),
        recur_every=3,
        recur_unit="months",
    )
    ReminderFactory(
        owner=owner,
        contact=None,
        event=meetup,
        title="Write up",
        status=ReminderStatus.SNOOZED,
        due_on=date(2026, 1, 1),
        snoozed_until=date(2026, 6, 1),
        notice_days=2,
    )
    ReminderFactory(
        owner=owner,
        contact=None,
        organization=acme,
        interaction=coffee,
        title="Done one",
        status=ReminderStatus.DONE,
        completed_at=PAST,
    )


def network_of(user) -> dict:
    """Everything the user owns, with ids replaced by each row's place in its section, so two
    accounts holding the same network compare equal field by field."""
    document = {section: list(export._rows(section, user)) for section in SECTIONS}
    places = {s: {row["id"]: i for i, row in enumerate(rows)} for s, rows in document.items()}
    for section, rows in document.items():
        for row in rows:
            row["id"] = places[section][row["id"]]
            for name, target in REFERENCES.get(section, {}).items():
                if row[name] is not None:
                    row[name] = places[target][row[name]]
            if section == "contacts":
                row["tags"] = sorted(places["tags"][t] for t in row["tags"])
            if section == "interactions":
                row["participants"] = sorted(places["contacts"][c] for c in row["participants"])
            if section == "events":
                row["people_met"] = [
                    {**p, "contact": places["contacts"][p["contact"]]} for p in row["people_met"]
                ]
    return document


def export_zip(owner_client, owner, capture) -> bytes:
    with capture(execute=True):
        response = owner_client.post(reverse("portability:export_start"))
    job = ExportJob.objects.get(owner=owner)
    assert response["Location"] == job.get_absolute_url()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.failure
    download = owner_client.get(reverse("portability:export_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith("attachment")
    return b"".join(download.streaming_content)


def restore_into(client, zip_bytes: bytes, capture) -> RestoreJob:
    upload = ContentFile(zip_bytes, name="rapport-export.zip")
    with capture(execute=True):
        response = client.post(reverse("portability:restore"), {"file": upload})
    assert response.status_code == 302, response.context["form"].errors
    return RestoreJob.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def test_an_export_restored_into_a_fresh_account_gives_back_the_same_network(
    owner, owner_client, client, run_tasks_inline, django_capture_on_commit_callbacks
):
    build_network(owner)
    zip_bytes = export_zip(owner_client, owner, django_capture_on_commit_callbacks)
    newcomer = UserFactory(username="newcomer", time_zone="Europe/Paris")
    client.force_login(newcomer)

    job = restore_into(client, zip_bytes, django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE, (job.failure, job.errors)
    assert network_of(newcomer) == network_of(owner)
    counts = {s: len(rows) for s, rows in network_of(owner).items()}
    assert job.counts == counts
    assert counts == {
        "tags": 2,
        "organizations": 2,
        "contacts": 3,
        "affiliations": 2,
        "memberships": 1,
        "events": 1,
        "interactions": 3,
        # the four above, and those the services made: keep in touch with each (Cléo's closed
        # since she is archived), Ana's and Ben's birthdays, and Ben's follow-up after the meetup
        "reminders": 10,
    }
    # What the services keep in step is rebuilt: search, health, the photo.
    ana = Contact.objects.get(owner=newcomer, first_name="Ana")
    assert "ana@example.org" in ana.search_text and "acme" in ana.search_text
    assert ContactHealth.objects.filter(owner=newcomer).count() == 3
    assert ana.health.last_interaction_at == PAST - timedelta(days=1)
    assert ana.photo and ana.photo.name.startswith(f"photos/{newcomer.pk}/")
    assert Contact.objects.get(owner=newcomer, first_name="Ben").introduced_by == ana
    # So are the dashboard's counts: two active contacts (Cléo is archived), two organizations.
    stored = network_breakdown(user=newcomer)
    assert NetworkCount.objects.filter(owner=newcomer).exists()
    assert stored == network_counted(user=newcomer)
    assert (stored.total, stored.archived, stored.organizations) == (2, 1, 2)
    # The uploaded file is not kept once the restore is done.
    assert not job.file


def test_the_zip_holds_json_vcards_and_formula_safe_csv(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks
):
    build_network(owner)
    archive = zipfile.ZipFile(
        io.BytesIO(export_zip(owner_client, owner, django_capture_on_commit_callbacks))
    )

    names = set(archive.namelist())
    assert {"README.txt", "rapport.json", "contacts.vcf"} <= names
    assert {f"csv/{s}.csv" for s in SECTIONS} <= names
    assert len([n for n in names if n.startswith("photos/")]) == 1
    document = json.loads(archive.read("rapport.json"))
    assert (document["format"], document["version"]) == ("rapport-export", 1)
    assert document["account"]["username"] == "owner"
    assert archive.read("contacts.vcf").decode().count("BEGIN:VCARD") == 3
    rows = list(csv.reader(io.StringIO(archive.read("csv/contacts.csv").decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


def test_every_model_field_is_in_the_format():
    """A field added to a model must be added to the export (or listed here as derived)."""
    derived = {"id", "owner", "created_at", "updated_at", "search_text", "photo"}
    # A reminder's remind_on is computed by the database, and the link to the occurrence it
    # follows only serves "undo" a few seconds after a click.
    derived |= {"remind_on", "previous_occurrence"}
    for section in SECTIONS:
        model = export.MODELS[section]
        concrete = {f.name for f in model._meta.get_fields() if f.concrete and not f.many_to_many}
        covered = set(FIELDS[section]) | set(REFERENCES.get(section, {})) | derived
        assert concrete <= covered, f"{section}: {sorted(concrete - covered)} not exported"


def test_a_file_with_bad_rows_restores_nothing_and_lists_each_row(
    client, run_tasks_inline, django_capture_on_commit_callbacks
):
    user = UserFactory(username="restorer")
    client.force_login(user)
    document = {
        "format": "rapport-export",
        "version": 1,
        "tags": [],
        "organizations": [{"id": 1, "name": "Acme", "kind": "spaceship"}],
        "contacts": [
            {"id": 1, "display_name": "Ana", "birthday_day": 31, "birthday_month": 14},
            {"id": 2, "display_name": "Ben", "introduced_by": 99},
        ],
        "interactions": [
            {"id": 1, "occurred_at": "not a date", "kind": "coffee", "participants": []}
        ],
        "reminders": [
            {"id": 1, "title": "x", "due_on": "2026-01-01", "contact": 1},
            {"id": 1, "title": "y", "due_on": "2026-01-01"},
        ],
    }

    job = restore_into(client, json.dumps(document).encode(), django_capture_on_commit_callbacks)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "nothing was restored" in job.failure
    rows = [e["row"] for e in job.errors]
    assert "organizations #1 (id 1)" in rows
    assert "contacts #1 (id 1)" in rows
    assert "contacts #2 (id 2)" in rows
    assert "interactions #1 (id 1)" in rows
    assert "reminders #2 (id 1)" in rows
    messages = " ".join(e["message"] for e in job.errors)
    assert "spaceship" in messages and "no contact with id 99" in messages
    assert not Contact.objects.filter(owner=user).exists()
    page = client.get(job.get_absolute_url()).content.decode()
    assert "contacts #2 (id 2)" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"BEGIN:VCARD\r\nEND:VCARD", "not a Rapport export"),
        (b'{"hello": 1}', "not a Rapport export"),
        (b"PK\x03\x04broken", "not a Rapport export"),
    ],
)
def test_a_file_that_is_not_an_export_is_refused_at_once(client, content, message):
    client.force_login(UserFactory(username="restorer"))

    response = client.post(
        reverse("portability:restore"), {"file": ContentFile(content, name="x.zip")}
    )

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not RestoreJob.objects.exists()


def test_a_newer_version_is_refused_with_a_message(
    client, run_tasks_inline, django_capture_on_commit_callbacks
):
    client.force_login(UserFactory(username="restorer"))
    job = restore_into(
        client,
        json.dumps({"format": "rapport-export", "version": 99}).encode(),
        django_capture_on_commit_callbacks,
    )

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "version 99" in job.failure


def test_an_account_with_data_cannot_take_a_restore(owner, owner_client):
    build_network(owner)

    response = owner_client.post(
        reverse("portability:restore"),
        {"file": ContentFile(b'{"format": "rapport-export", "version": 1}', name="x.json")},
    )

    assert "already has data" in " ".join(response.context["form"].errors["file"])
    assert "already has data" in owner_client.get(reverse("portability:restore")).content.decode()


def test_running_the_export_task_twice_writes_once(owner):
    job = ExportJob.objects.create(owner=owner)
    tasks.build_export(job.pk)
    job.refresh_from_db()
    first = job.file.name

    tasks.build_export(job.pk)

    job.refresh_from_db()
    assert job.file.name == first


def test_old_exports_are_swept_with_their_files(owner, django_capture_on_commit_callbacks):
    job = ExportJob.objects.create(owner=owner)
    tasks.build_export(job.pk)
    job.refresh_from_db()
    storage, name = job.file.storage, job.file.name
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(hours=25))

    with django_capture_on_commit_callbacks(execute=True):
        assert export.exports_sweep() == 1

    assert not storage.exists(name)
    assert not ExportJob.objects.exists()


def test_the_status_pages_poll_while_running_and_say_when_done(owner, owner_client):
    job = ExportJob.objects.create(owner=owner, total=10, processed=4, status=JobStatus.RUNNING)

    partial = owner_client.get(
        job.get_absolute_url(), headers={"HX-Request": "true"}
    ).content.decode()

    assert 'hx-trigger="every 1s"' in partial
    assert "4 of 10 rows" in partial
    tasks.build_export(ExportJob.objects.create(owner=owner).pk)
    done = ExportJob.objects.filter(owner=owner, status=JobStatus.DONE).get()
    page = owner_client.get(done.get_absolute_url()).content.decode()
    # Done: no more polling (the navbar's search has an hx-trigger of its own).
    assert "Download the zip" in page and 'hx-trigger="every' not in page


def test_it_checks_ownership(owner, stranger_client):
    export_job = ExportJob.objects.create(owner=owner)
    tasks.build_export(export_job.pk)
    restore_job = RestoreJob.objects.create(owner=owner, filename="mine.zip")

    for url in (
        reverse("portability:export_status", args=[export_job.pk]),
        reverse("portability:export_download", args=[export_job.pk]),
        reverse("portability:restore_status", args=[restore_job.pk]),
    ):
        assert stranger_client.get(url).status_code == 404
