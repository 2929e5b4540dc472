"""The operations page for staff and the health endpoint for monitors."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from reminders.models import Digest, DigestStatus, Heartbeat, ReminderStatus
from tests.factories import ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
STATUS_URL = reverse("operations:status")
HEALTH_URL = reverse("operations:health")
TOKEN = "monitor-secret-0123456789"


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.OPERATIONS_TOKEN = TOKEN
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def staff_client() -> Client:
    client = Client()
    client.force_login(UserFactory(username="operator", is_staff=True))
    return client


def beat_seen(minutes_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name="beat", defaults={"last_seen_at": NOW - timedelta(minutes=minutes_ago)}
    )


def digest(status: str, *, due_minutes_ago: float = 5, owner=None, **fields) -> Digest:
    owner = owner or UserFactory()
    due_at = NOW - timedelta(minutes=due_minutes_ago)
    return Digest.objects.create(
        owner=owner,
        period=due_at.date(),
        due_at=due_at,
        next_attempt_at=due_at,
        status=status,
        **fields,
    )


def health(client: Client | None = None, token: str | None = TOKEN):
    headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
    response = (client or Client()).get(HEALTH_URL, headers=headers)
    return response, json.loads(response.content)


def test_it_checks_ownership(owner_client, owner):
    """The page is staff's, and the endpoint a monitor's: a user who is neither sees neither."""
    digest(DigestStatus.FAILED, owner=owner, last_error="550 No such user")

    assert owner_client.get(STATUS_URL).status_code == 403
    response, _ = health(owner_client, token=None)
    assert response.status_code == 401
    assert "owner" not in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_page():
    response = Client().get(STATUS_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_all_is_well_when_beat_ticked_and_nothing_waits(staff_client):
    beat_seen(minutes_ago=0.5)
    digest(DigestStatus.SENT, sent_at=NOW)

    page = staff_client.get(STATUS_URL).content.decode()

    assert "Everything runs" in page
    assert "Beat ticked less than a minute ago." in page
    assert "No digest is waiting to go out." in page
    assert "No digest failed in the last 24 hours." in page


def test_a_silent_beat_and_a_digest_backlog_are_failures(staff_client):
    beat_seen(minutes_ago=7)
    digest(DigestStatus.PENDING, due_minutes_ago=45)
    digest(DigestStatus.SENDING, due_minutes_ago=2, lease_expires_at=NOW)

    page = staff_client.get(STATUS_URL).content.decode()

    assert "Something is not running" in page
    assert "Beat last ticked 7 minutes ago. Beat or every worker is down." in page
    assert "2 waiting to go out; the oldest was due 45 minutes ago." in page
    assert "The workers are not sending." in page


def test_staff_see_recent_failures_with_their_error(staff_client):
    beat_seen(minutes_ago=0)
    grace = UserFactory(username="grace")
    digest(DigestStatus.FAILED, owner=grace, attempts=5, last_error="SMTPDataError: 451 later")
    old = digest(DigestStatus.FAILED, last_error="long ago")
    Digest.objects.filter(pk=old.pk).update(updated_at=NOW - timedelta(days=2))

    page = staff_client.get(STATUS_URL).content.decode()

    assert "Everything runs" in page  # a failed digest is a warning, not an outage
    assert "1 digest failed in the last 24 hours." in page
    assert "grace" in page and "SMTPDataError: 451 later" in page
    assert "long ago" not in page


@pytest.mark.parametrize("failures", [1, 10])
def test_the_page_reads_the_same_queries_however_many_failures(
    failures, staff_client, django_assert_num_queries
):
    beat_seen(minutes_ago=0)
    for _ in range(failures):
        digest(DigestStatus.FAILED, last_error="refused")

    # Session and user, then heartbeats, the queue, sent, failures listed and counted, and the
    # snoozed reminders that should have woken.
    with django_assert_num_queries(8):
        response = staff_client.get(STATUS_URL)

    assert response.content.decode().count("refused") == failures


def test_a_snoozed_reminder_that_did_not_wake_means_the_reminders_tick_is_down(staff_client):
    beat_seen(minutes_ago=0)
    # NOW is noon UTC on 4 March: the 3rd has begun everywhere; the 4th not yet in UTC-12.
    for day in (date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 10)):
        ReminderFactory(status=ReminderStatus.SNOOZED, due_on=day, snoozed_until=day)

    page = staff_client.get(STATUS_URL).content.decode()
    response, body = health()

    assert "2 snoozed reminders should be open again; the oldest since 2 March (48 hours)." in (
        page
    )
    assert response.status_code == 503
    assert body["checks"]["reminders"]["not_woken"] == 2
    assert body["checks"]["reminders"]["oldest_wake_day"] == "2026-03-02"


# --- The health endpoint ---------------------------------------------------------------------


def test_a_monitor_with_the_token_gets_200_and_the_checks(client):
    beat_seen(minutes_ago=1)
    digest(DigestStatus.PENDING, due_minutes_ago=3)

    response, body = health()

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert body["status"] == "ok"
    assert body["checks"]["beat"]["age_seconds"] == 60
    assert body["checks"]["digest queue"]["pending"] == 1
    assert body["checks"]["digest queue"]["oldest_age_seconds"] == 180
    assert body["heartbeats"] == {"beat": (NOW - timedelta(minutes=1)).isoformat()}


def test_a_failing_check_is_a_503_for_plain_http_monitors():
    response, body = health()  # beat has never ticked

    assert response.status_code == 503
    assert body["status"] == "failing"
    assert body["checks"]["beat"]["ok"] is False


def test_the_endpoint_names_no_user():
    beat_seen(minutes_ago=0)
    digest(DigestStatus.FAILED, owner=UserFactory(username="grace", email="grace@example.org"))

    response, body = health()

    assert body["checks"]["digest failures"] == {
        "ok": True,
        "warning": True,
        "summary": "1 digest failed in the last 24 hours.",
        "failed_last_24h": 1,
    }
    assert "grace" not in response.content.decode()


@pytest.mark.parametrize("token", [None, "", "wrong", TOKEN[:-1], TOKEN + "x"])
def test_without_the_right_token_a_monitor_gets_401(token):
    response, body = health(token=token)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="rapport"'
    assert "checks" not in body


def test_without_a_token_setting_only_staff_get_in(settings, staff_client):
    settings.OPERATIONS_TOKEN = ""

    assert health(token="")[0].status_code == 401
    assert health(staff_client, token=None)[0].status_code in (200, 503)


def test_the_endpoint_only_reads(staff_client):
    assert staff_client.post(HEALTH_URL).status_code == 405
