"""Rows the application writes itself (API keys, calendar feeds, the digest outbox, export,
restore and import jobs) are in the admin too: read-only, and scoped like every other owned row."""

from datetime import UTC, date, datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import CalendarFeed
from accounts.tokens import api_token_create
from portability.models import ExportJob, ImportJob, ImportRow, RestoreJob
from reminders.digests.models import Digest

OUR_APPS = ("accounts", "contacts", "interactions", "reminders", "portability")


def test_every_model_of_ours_is_in_the_admin():
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and model not in admin.site._registry
    ]
    assert missing == []


def application_rows(user, name: str) -> dict:
    return {
        "accounts_apitoken": api_token_create(owner=user, name=f"{name} backup").token,
        "accounts_calendarfeed": CalendarFeed.objects.create(owner=user, token=f"{name}-secret"),
        "reminders_digest": Digest.objects.create(
            owner=user,
            period=date(2026, 12, 1),
            due_at=datetime(2026, 12, 1, 7, tzinfo=UTC),
            next_attempt_at=datetime(2026, 12, 1, 7, tzinfo=UTC),
        ),
        "portability_exportjob": ExportJob.objects.create(owner=user),
        "portability_restorejob": RestoreJob.objects.create(owner=user, filename=f"{name}.zip"),
        "portability_importjob": (job := ImportJob.objects.create(owner=user, filename="c.csv")),
        "portability_importrow": ImportRow.objects.create(
            owner=user, job=job, number=0, source="line 2", name=name, status="new"
        ),
    }


@pytest.fixture
def rows(staff, stranger):
    return {"mine": application_rows(staff, "Mine"), "theirs": application_rows(stranger, "Theirs")}


@pytest.mark.parametrize(
    "name",
    [
        "accounts_apitoken",
        "accounts_calendarfeed",
        "reminders_digest",
        "portability_exportjob",
        "portability_restorejob",
        "portability_importjob",
        "portability_importrow",
    ],
)
def test_staff_see_only_their_own_and_can_change_none(staff_client, rows, name):
    mine, theirs = rows["mine"][name], rows["theirs"][name]

    listing = staff_client.get(reverse(f"admin:{name}_changelist"))
    assert list(listing.context["cl"].result_list) == [mine]
    assert staff_client.get(reverse(f"admin:{name}_change", args=[theirs.pk])).status_code == 404
    page = staff_client.get(reverse(f"admin:{name}_change", args=[mine.pk]))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert staff_client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_no_secret_is_shown(superuser_client, rows):
    token = rows["mine"]["accounts_apitoken"]
    feed = rows["mine"]["accounts_calendarfeed"]

    token_page = superuser_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk]))
    feed_page = superuser_client.get(reverse("admin:accounts_calendarfeed_change", args=[feed.pk]))

    assert token.digest not in token_page.content.decode()
    assert feed.token not in feed_page.content.decode()
