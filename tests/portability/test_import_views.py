"""Importing contacts through the pages and the tasks: upload (format found or chosen), the
preview, confirm, the summary; bad files say why and change nothing; another user's import is
a 404; the tasks are safe to run twice."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact
from portability import tasks
from portability.importing import apply as apply_module
from portability.importing import sweep
from portability.models import ImportJob, ImportRow, ImportStatus
from tests.portability.import_files import linkedin_csv, many_connections

pytestmark = pytest.mark.django_db

CONNECTIONS = linkedin_csv(
    [
        ("Ana", "Lima", "ana-lima", "ana@example.org", "Acme", "CTO", "07 Dec 2025"),
        ("Bea", "Costa", "bea", "", "Acme", "Designer", "01 Jan 2024"),
        ("", "", "", "", "Acme", "", ""),
    ]
)


@pytest.fixture
def run_tasks_inline(monkeypatch):
    monkeypatch.setattr(tasks.parse_import, "delay", tasks.parse_import)
    monkeypatch.setattr(tasks.apply_import, "delay", tasks.apply_import)


def upload(client, capture, data=CONNECTIONS, format="linkedin", name="Olivias-network.csv"):
    with capture(execute=True):
        response = client.post(
            reverse("portability:import_upload"),
            {"file": SimpleUploadedFile(name, data, content_type="text/csv"), "format": format},
        )
    return response


def the_job(owner) -> ImportJob:
    return ImportJob.objects.get(owner=owner)


def test_upload_preview_confirm_and_summary(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks
):
    response = upload(owner_client, django_capture_on_commit_callbacks)
    job = the_job(owner)
    assert response["Location"] == job.get_absolute_url()
    assert job.status == ImportStatus.PREVIEWED
    assert job.counts == {
        "contacts": 3,
        "conversations": 0,
        "new": 2,
        "existing": 0,
        "duplicate": 0,
        "error": 1,
    }

    preview = owner_client.get(job.get_absolute_url()).content.decode()
    assert "Ana Lima" in preview and "ana@example.org" in preview
    assert "No name and no email" in preview
    assert not Contact.objects.filter(owner=owner).exists()

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("portability:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.failure
    assert (job.summary["created"], job.summary["skipped"]) == (2, 1)
    assert not job.file  # the upload is not kept
    summary = owner_client.get(job.get_absolute_url()).content.decode()
    ana = Contact.objects.get(owner=owner, first_name="Ana")
    assert f'href="{ana.get_absolute_url()}"' in summary
    assert "2 contacts created" in summary


def test_detect_preselects_the_format_found(
    owner, owner_client, django_capture_on_commit_callbacks
):
    upload(owner_client, django_capture_on_commit_callbacks, format="detect")
    job = the_job(owner)

    page = owner_client.get(job.get_absolute_url())

    assert job.status == ImportStatus.UPLOADED and job.format == "linkedin"
    assert page.context["form"]["format"].value() == "linkedin"
    assert "This looks like <strong>LinkedIn connections" in page.content.decode()


def test_reading_starts_once_the_format_is_chosen(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks
):
    upload(owner_client, django_capture_on_commit_callbacks, format="detect")
    job = the_job(owner)

    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("portability:import_read", args=[job.pk]), {"format": "linkedin"})

    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert ImportRow.objects.filter(job=job).count() == 3


def test_a_file_that_is_not_what_was_chosen_fails_with_the_parsers_message(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks
):
    upload(owner_client, django_capture_on_commit_callbacks, data=b"name;phone\nAna;+33\n")
    job = the_job(owner)

    page = owner_client.get(job.get_absolute_url()).content.decode()

    assert job.status == ImportStatus.FAILED
    assert "LinkedIn" in job.failure and job.failure in page
    assert not job.file


def test_a_file_too_large_is_refused_at_once(
    owner, owner_client, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_BYTES = 100

    response = upload(owner_client, django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert "an import takes at most 100" in response.context["form"].errors["file"][0]
    assert not ImportJob.objects.exists()


def test_a_file_with_too_many_rows_fails_and_says_the_limit(
    owner, owner_client, settings, run_tasks_inline, django_capture_on_commit_callbacks
):
    settings.IMPORT_MAX_ROWS = 2

    upload(owner_client, django_capture_on_commit_callbacks)

    job = the_job(owner)
    assert job.status == ImportStatus.FAILED
    assert "2" in job.failure
    assert not ImportRow.objects.exists()


def test_an_empty_upload_is_refused(owner_client, django_capture_on_commit_callbacks):
    response = upload(owner_client, django_capture_on_commit_callbacks, data=b"")

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_a_failure_while_applying_changes_nothing_and_the_job_says_so(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks, monkeypatch
):
    upload(owner_client, django_capture_on_commit_callbacks)
    job = the_job(owner)

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(apply_module, "keep_in_touch_resync", broken)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("portability:import_confirm", args=[job.pk]))

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.failure == "The import failed; nothing was changed."
    assert not Contact.objects.filter(owner=owner).exists()
    page = owner_client.get(job.get_absolute_url()).content.decode()
    assert "nothing was changed" in page


def test_the_tasks_are_safe_to_run_twice(owner, owner_client, django_capture_on_commit_callbacks):
    upload(owner_client, django_capture_on_commit_callbacks)
    job = the_job(owner)

    tasks.parse_import(job.pk)
    tasks.parse_import(job.pk)
    assert ImportRow.objects.filter(job=job).count() == 3
    with django_capture_on_commit_callbacks(execute=False):
        owner_client.post(reverse("portability:import_confirm", args=[job.pk]))
        owner_client.post(reverse("portability:import_confirm", args=[job.pk]))
    tasks.apply_import(job.pk)
    tasks.apply_import(job.pk)

    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Contact.objects.filter(owner=owner).count() == 2


def test_the_progress_polls_while_reading(owner, owner_client, django_capture_on_commit_callbacks):
    upload(owner_client, django_capture_on_commit_callbacks)
    job = the_job(owner)

    page = owner_client.get(job.get_absolute_url()).content.decode()
    poll = owner_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    tasks.parse_import(job.pk)
    done = owner_client.get(job.get_absolute_url(), headers={"HX-Request": "true"})

    assert 'hx-trigger="every 1s"' in page and "Reading the file" in page
    assert 'id="import-progress"' in poll.content.decode()
    assert done.headers["HX-Refresh"] == "true"


def test_the_preview_is_paged_and_filtered(owner, owner_client, django_capture_on_commit_callbacks):
    upload(owner_client, django_capture_on_commit_callbacks, data=many_connections(120))
    job = the_job(owner)
    tasks.parse_import(job.pk)

    second = owner_client.get(job.get_absolute_url(), {"page": 2})
    errors = owner_client.get(job.get_absolute_url(), {"status": "error"})

    assert second.context["page"][0].source == "line 55"
    assert len(second.context["page"]) == 50
    assert list(errors.context["page"]) == []


@pytest.mark.parametrize("size", [10, 200])
def test_the_preview_page_takes_the_same_queries_for_any_size(
    owner, owner_client, size, django_capture_on_commit_callbacks
):
    upload(owner_client, django_capture_on_commit_callbacks, data=many_connections(size))
    job = the_job(owner)
    tasks.parse_import(job.pk)

    with CaptureQueriesContext(connection) as captured:
        response = owner_client.get(job.get_absolute_url())

    assert response.status_code == 200
    # Session and user, the job, the page's count and rows.
    assert len(captured.captured_queries) == 5


def test_it_checks_ownership(
    owner, stranger_client, owner_client, django_capture_on_commit_callbacks
):
    upload(owner_client, django_capture_on_commit_callbacks)
    job = the_job(owner)
    tasks.parse_import(job.pk)

    for name in ("import_status", "import_read", "import_confirm"):
        url = reverse(f"portability:{name}", args=[job.pk])
        assert stranger_client.get(url).status_code == 404
        assert stranger_client.post(url, {"format": "linkedin"}).status_code == 404
    job.refresh_from_db()
    assert job.status == ImportStatus.PREVIEWED
    assert (
        "Olivias-network"
        not in stranger_client.get(reverse("portability:import_upload")).content.decode()
    )


def test_a_csv_is_read_with_the_columns_the_owner_chose(
    owner, owner_client, run_tasks_inline, django_capture_on_commit_callbacks
):
    data = b"Given;Surname;Mail;Shoe size\nAna;Lima;ana@example.org;38\nBea;Costa;;40\n"
    upload(owner_client, django_capture_on_commit_callbacks, data=data, format="csv", name="x.csv")
    job = the_job(owner)

    page = owner_client.get(job.get_absolute_url())
    form = page.context["form"]
    labels = [field.label for field in form.column_fields()]
    assert job.status == ImportStatus.UPLOADED
    assert labels == ["Given", "Surname", "Mail", "Shoe size"]
    assert "ana@example.org" in page.content.decode()  # a sample of the column
    # Pre-selected from what the headers say; a header that names no field is left unmapped.
    assert {name: form[name].value() for name in ("column_0", "column_2", "column_3")} == {
        "column_0": "first_name",
        "column_2": "email",
        "column_3": None,
    }

    read = reverse("portability:import_read", args=[job.pk])
    refused = owner_client.post(read, {"format": "csv"})
    assert refused.status_code == 400
    assert "Choose what at least one column is" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(
            read,
            {
                "format": "csv",
                "column_0": "first_name",
                "column_1": "last_name",
                "column_2": "email",
            },
        )

    job.refresh_from_db()
    assert job.mapping == {"Given": "first_name", "Surname": "last_name", "Mail": "email"}
    assert job.status == ImportStatus.PREVIEWED, job.failure
    assert job.counts["new"] == 2
    assert "Shoe size" in " ".join(job.warnings)


def test_old_imports_are_swept_with_their_rows_and_files(
    owner, owner_client, django_capture_on_commit_callbacks, run_tasks_inline
):
    upload(owner_client, django_capture_on_commit_callbacks)
    old = the_job(owner)
    assert old.status == ImportStatus.PREVIEWED  # never confirmed: its file is still kept
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=31))
    upload(owner_client, django_capture_on_commit_callbacks)
    recent = ImportJob.objects.exclude(pk=old.pk).get()

    with django_capture_on_commit_callbacks(execute=True):
        assert sweep.imports_sweep() == 1

    assert not storage.exists(name)
    assert list(ImportJob.objects.all()) == [recent]
    assert set(ImportRow.objects.values_list("job_id", flat=True)) == {recent.pk}
    assert recent.file.storage.exists(recent.file.name)
