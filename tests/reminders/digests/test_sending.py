"""The tick and the send task, called as functions: once per period, retries, leases, staleness.

Celery runs eagerly here (`.delay()` runs the task in this process) and the on-commit callbacks
run when each tick's transaction would commit; tests/reminders/digests/test_worker.py does the
same through a real worker and Redis.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.core import mail

from accounts.models import DigestFrequency
from reminders.digests import dispatch, sending, tasks
from reminders.digests.schedule import STALE_AFTER
from reminders.models import Digest, DigestStatus, Heartbeat, SkipReason
from tests.factories import ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

# Wednesday 4 March 2026. Paris is UTC+1 in March: 08:00 there is 07:00 UTC.
DAY = date(2026, 3, 4)
DUE = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)


@pytest.fixture
def tick(eager_celery, django_capture_on_commit_callbacks):
    """Run beat's digest tick at `now`, with the send tasks it enqueues."""

    def tick(now: datetime) -> dispatch.DispatchResult:
        with (
            time_machine.travel(now, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return dispatch.digest_dispatch_due()

    return tick


def user_with_reminder(username: str = "ada", **fields):
    user = UserFactory(username=username, **fields)
    ReminderFactory(owner=user, title=f"Call {username}", due_on=DAY)
    return user


def test_a_digest_goes_out_at_the_send_time_and_only_once(tick):
    ada = user_with_reminder()

    assert tick(DUE - timedelta(minutes=1)).created == 0
    assert mail.outbox == []
    assert tick(DUE).created == 1
    for minutes in range(1, 30):
        tick(DUE + timedelta(minutes=minutes))

    (message,) = mail.outbox
    assert message.to == [ada.email]
    assert "Call ada" in message.body
    digest = Digest.objects.get(owner=ada)
    assert (digest.period, digest.status, digest.attempts) == (DAY, DigestStatus.SENT, 1)
    assert digest.sent_at == DUE


def test_running_the_send_task_again_sends_nothing_more(tick):
    user_with_reminder()
    tick(DUE)
    digest = Digest.objects.get()

    tasks.send_digest(digest.pk)
    tasks.send_digest(digest.pk)
    tasks.send_digest(digest.pk + 1000)  # a row that is gone: nothing to do

    assert len(mail.outbox) == 1


def test_only_one_of_two_claims_on_a_row_wins():
    user = UserFactory()
    digest = Digest.objects.create(owner=user, period=DAY, due_at=DUE, next_attempt_at=DUE)

    first = sending.digest_claim(digest_id=digest.pk, now=DUE)
    second = sending.digest_claim(digest_id=digest.pk, now=DUE)

    assert (first, second) == (True, False)
    digest.refresh_from_db()
    assert digest.status == DigestStatus.SENDING
    assert digest.lease_expires_at == DUE + sending.LEASE


def test_each_user_gets_their_own_digest_at_their_own_hour(tick):
    paris = user_with_reminder("paris")  # 08:00 Paris = 07:00 UTC
    tokyo = user_with_reminder("tokyo", time_zone="Asia/Tokyo", digest_time=time(16, 30))
    UserFactory(username="quiet", digest_frequency=DigestFrequency.OFF)
    UserFactory(username="no_address", email="")
    UserFactory(username="gone", is_active=False)

    tick(datetime(2026, 3, 4, 7, 0, tzinfo=UTC))  # 16:00 in Tokyo: not yet
    tick(datetime(2026, 3, 4, 7, 30, tzinfo=UTC))  # 16:30 in Tokyo

    assert [m.to for m in mail.outbox] == [[paris.email], [tokyo.email]]
    assert Digest.objects.count() == 2


def test_a_weekly_digest_goes_out_on_its_day_only(tick):
    weekly = user_with_reminder(
        digest_frequency=DigestFrequency.WEEKLY, digest_weekday=DAY.weekday() + 1
    )

    tick(DUE)
    assert mail.outbox == []
    tick(DUE + timedelta(days=1))

    (message,) = mail.outbox
    assert message.to == [weekly.email]
    assert Digest.objects.get().frequency == DigestFrequency.WEEKLY


def test_an_empty_digest_is_skipped_unless_the_user_wants_it_anyway(tick):
    skips = UserFactory(username="skips")
    wants = UserFactory(username="wants", digest_skip_empty=False)

    tick(DUE)

    (message,) = mail.outbox
    assert message.to == [wants.email]
    assert "Nothing is due today or in the coming week." in message.body
    skipped = Digest.objects.get(owner=skips)
    assert (skipped.status, skipped.skip_reason) == (DigestStatus.SKIPPED, SkipReason.EMPTY)


def test_a_user_who_turned_digests_off_after_the_row_was_made_gets_nothing(tick):
    ada = user_with_reminder()
    digest = Digest.objects.create(owner=ada, period=DAY, due_at=DUE, next_attempt_at=DUE)
    ada.digest_frequency = DigestFrequency.OFF
    ada.save()

    tasks.send_digest(digest.pk)

    assert mail.outbox == []
    digest.refresh_from_db()
    assert digest.skip_reason == SkipReason.TURNED_OFF


# --- Workers that die, and workers that were down --------------------------------------------


def test_a_claim_whose_worker_died_is_sent_once_after_its_lease_runs_out(tick):
    user_with_reminder()
    with time_machine.travel(DUE, tick=False):
        dispatch.digest_create_due(now=DUE)
    digest = Digest.objects.get()
    # A worker claimed it, then died before sending.
    assert sending.digest_claim(digest_id=digest.pk, now=DUE)

    within_lease = tick(DUE + sending.LEASE - timedelta(seconds=1))
    assert (within_lease.released, within_lease.enqueued, mail.outbox) == (0, 0, [])
    after_lease = tick(DUE + sending.LEASE + timedelta(seconds=1))
    tick(DUE + sending.LEASE + timedelta(minutes=2))

    assert (after_lease.released, after_lease.enqueued) == (1, 1)
    assert len(mail.outbox) == 1
    digest.refresh_from_db()
    assert (digest.status, digest.attempts) == (DigestStatus.SENT, 2)


def test_a_digest_whose_workers_keep_dying_fails_after_its_attempts():
    user = UserFactory()
    digest = Digest.objects.create(owner=user, period=DAY, due_at=DUE, next_attempt_at=DUE)
    now = DUE
    for _ in range(sending.MAX_ATTEMPTS):
        assert sending.digest_claim(digest_id=digest.pk, now=now)
        now += sending.LEASE + timedelta(seconds=1)
        dispatch.digest_release_expired(now=now)

    digest.refresh_from_db()
    assert digest.status == DigestStatus.FAILED
    assert "stopped before sending it" in digest.last_error


def test_when_the_workers_come_back_within_the_stale_limit_the_digest_goes_out_once(tick):
    user_with_reminder()

    tick(DUE + STALE_AFTER - timedelta(minutes=1))
    tick(DUE + STALE_AFTER)

    assert len(mail.outbox) == 1


def test_a_digest_later_than_the_stale_limit_is_not_sent(tick):
    ada = user_with_reminder()
    Digest.objects.create(owner=ada, period=DAY, due_at=DUE, next_attempt_at=DUE)
    user_with_reminder("grace")

    result = tick(DUE + STALE_AFTER)

    assert (result.created, result.skipped_late, mail.outbox) == (0, 1, [])
    assert Digest.objects.get(owner=ada).skip_reason == SkipReason.LATE


def test_an_enqueued_row_is_left_to_its_message_until_requeue_after(tick, monkeypatch):
    sent = []
    monkeypatch.setattr(tasks.send_digest, "delay", sent.append)  # a queue nobody reads
    user_with_reminder()

    tick(DUE)
    tick(DUE + dispatch.REQUEUE_AFTER - timedelta(seconds=1))
    assert len(sent) == 1
    tick(DUE + dispatch.REQUEUE_AFTER)

    # The message was lost (say the broker restarted empty): the row is enqueued again.
    assert sent == [Digest.objects.get().pk] * 2


# --- Mail server errors, through a real SMTP server ---------------------------------------------


def test_a_temporary_refusal_is_retried_with_a_growing_delay(tick, smtp_inbox):
    ada = user_with_reminder()
    smtp_inbox.refuse = 2

    tick(DUE)
    digest = Digest.objects.get()
    assert (digest.status, digest.attempts) == (DigestStatus.PENDING, 1)
    assert digest.next_attempt_at == DUE + timedelta(minutes=1)
    assert "451" in digest.last_error
    tick(DUE + timedelta(minutes=1))
    digest.refresh_from_db()
    assert (digest.attempts, digest.next_attempt_at) == (2, DUE + timedelta(minutes=3))
    tick(DUE + timedelta(minutes=2))
    assert smtp_inbox.messages == []
    tick(DUE + timedelta(minutes=3))

    (message,) = smtp_inbox.messages
    assert message["To"] == ada.email
    digest.refresh_from_db()
    assert (digest.status, digest.attempts, digest.last_error) == (DigestStatus.SENT, 3, "")


def test_a_permanent_refusal_fails_at_once(tick, smtp_inbox):
    user_with_reminder()
    smtp_inbox.refuse = 1
    smtp_inbox.refusal = "554 5.7.1 Message refused"

    tick(DUE)
    tick(DUE + timedelta(minutes=5))

    digest = Digest.objects.get()
    assert (digest.status, digest.attempts) == (DigestStatus.FAILED, 1)
    assert "554" in digest.last_error


def test_temporary_errors_give_up_after_max_attempts(tick, smtp_inbox):
    user_with_reminder()
    smtp_inbox.refuse = sending.MAX_ATTEMPTS

    now = DUE
    for _ in range(sending.MAX_ATTEMPTS):
        tick(now)
        now = Digest.objects.get().next_attempt_at

    digest = Digest.objects.get()
    assert (digest.status, digest.attempts) == (DigestStatus.FAILED, sending.MAX_ATTEMPTS)
    assert smtp_inbox.messages == []


def test_an_unreachable_server_is_a_temporary_error(tick, settings):
    user_with_reminder()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens there
    settings.EMAIL_TIMEOUT = 2

    tick(DUE)

    digest = Digest.objects.get()
    assert digest.status == DigestStatus.PENDING
    assert "Connection" in digest.last_error or "refused" in digest.last_error.lower()


# --- The beat task and housekeeping ---------------------------------------------------------------


def test_the_tick_records_its_heartbeat(eager_celery, django_capture_on_commit_callbacks):
    with time_machine.travel(DUE, tick=False), django_capture_on_commit_callbacks(execute=True):
        tasks.dispatch_due_digests()

    assert Heartbeat.objects.get(name=tasks.DIGEST_HEARTBEAT).last_seen_at == DUE


def test_old_rows_are_forgotten_but_not_pending_ones():
    user = UserFactory()
    old = DAY - dispatch.KEEP_FOR - timedelta(days=1)
    statuses = [DigestStatus.SENT, DigestStatus.SKIPPED, DigestStatus.PENDING]
    for offset, status in enumerate(statuses):
        Digest.objects.create(
            owner=user,
            period=old - timedelta(days=offset),
            due_at=DUE,
            next_attempt_at=DUE,
            status=status,
            sent_at=DUE,
        )
    recent = Digest.objects.create(
        owner=user,
        period=DAY,
        due_at=DUE,
        next_attempt_at=DUE,
        status=DigestStatus.SENT,
        sent_at=DUE,
    )

    assert dispatch.digest_forget_old(now=DUE) == 2

    assert set(Digest.objects.values_list("status", flat=True)) == {"sent", "pending"}
    assert Digest.objects.filter(pk=recent.pk).exists()
