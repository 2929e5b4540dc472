"""Sending one period's digest: claim the row, build the email, send it, record what happened.

The claim is a conditional UPDATE (pending -> sending, with a lease): of all the tasks that may
be delivered for one row (a redelivery, a tick that enqueued it again), the one whose UPDATE
changed the row sends; the others see zero rows changed and stop. The row is marked sent the
moment the mail server has accepted the message.

What can still happen twice: a worker that dies after the server accepted the message and
before the row says so (a few milliseconds) leaves a claim that the tick releases, and the
digest goes again, with the same Message-ID. Nothing can close that window short of the mail
server taking part in our transaction; a digest is never lost instead.

Errors: a temporary one (the server unreachable, a 4xx reply, a timeout) puts the row back to
pending with a backoff, so the tick enqueues it again later (the retry lives in the database,
not as a countdown in the broker); after MAX_ATTEMPTS, or on a permanent one (5xx), it fails.
"""

import logging
import smtplib
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.db.models import F
from django.utils import timezone

from accounts.models import DigestFrequency, User
from reminders.digests.content import digest_content
from reminders.digests.message import digest_email, digest_message_id
from reminders.digests.schedule import is_stale
from reminders.models import Digest, DigestStatus, SkipReason

logger = logging.getLogger(__name__)

# How long a claim is its worker's. Longer than the send task's hard time limit
# (tasks.SEND_TIME_LIMIT), so that a claim is never released while its task can still run.
LEASE = timedelta(minutes=5)
# Attempts (claims) before a digest is given up on: about a quarter of an hour of retries.
MAX_ATTEMPTS = 5
_ERROR_MAX = Digest._meta.get_field("last_error").max_length


def retry_delay(attempts: int) -> timedelta:
    """1, 2, 4, 8... minutes after the first, second, third... failed attempt."""
    return timedelta(minutes=2 ** max(attempts - 1, 0))


def is_temporary(error: BaseException) -> bool:
    """Whether trying again later may work (SMTP's 4xx, a network problem, a timeout)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(400 <= code < 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    if isinstance(error, smtplib.SMTPServerDisconnected | SoftTimeLimitExceeded):
        return True
    if isinstance(error, smtplib.SMTPException):
        return False  # e.g. the server lacks STARTTLS: a configuration to fix, not a blip
    return isinstance(error, OSError)  # refused, reset, unreachable, timed out


def digest_claim(*, digest_id: int, now: datetime) -> bool:
    """Take the row for this worker; True only for the one caller that changed it."""
    return bool(
        Digest.objects.filter(pk=digest_id, status=DigestStatus.PENDING).update(
            status=DigestStatus.SENDING,
            lease_expires_at=now + LEASE,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )


def _finish(digest_id: int, **fields) -> None:
    fields.setdefault("lease_expires_at", None)
    Digest.objects.filter(pk=digest_id).update(updated_at=timezone.now(), **fields)


def _why_not(digest: Digest, now: datetime) -> str:
    user = digest.owner
    if not user.is_active:
        return SkipReason.INACTIVE
    if user.digest_frequency == DigestFrequency.OFF:
        return SkipReason.TURNED_OFF
    if not user.email:
        return SkipReason.NO_ADDRESS
    if is_stale(digest.due_at, now):
        return SkipReason.LATE
    return ""


def digest_send(*, digest_id: int, now: datetime | None = None) -> str:
    """Send the digest of this row if it is still waiting; returns the row's status after (or
    "" when another worker has it, or it is gone). Safe to run any number of times."""
    now = now or timezone.now()
    if not digest_claim(digest_id=digest_id, now=now):
        return ""
    digest = Digest.objects.select_related("owner").filter(pk=digest_id).first()
    if digest is None:
        return ""  # the account was deleted meanwhile, and its digests with it
    if reason := _why_not(digest, now):
        _finish(digest_id, status=DigestStatus.SKIPPED, skip_reason=reason)
        return DigestStatus.SKIPPED
    try:
        content = digest_content(user=digest.owner, today=digest.period, now=now)
        if content.is_empty and digest.owner.digest_skip_empty:
            _finish(digest_id, status=DigestStatus.SKIPPED, skip_reason=SkipReason.EMPTY)
            return DigestStatus.SKIPPED
        message = digest_email(content=content, message_id=digest_message_id(digest_id))
        message.send()
    except Exception as error:
        return _record_failure(digest, error)
    _finish(digest_id, status=DigestStatus.SENT, sent_at=timezone.now(), last_error="")
    return DigestStatus.SENT


def _record_failure(digest: Digest, error: Exception) -> str:
    attempts = digest.attempts  # this claim included
    description = f"{type(error).__name__}: {error}"[:_ERROR_MAX]
    if is_temporary(error) and attempts < MAX_ATTEMPTS:
        logger.warning("Digest %s: attempt %s failed, will retry: %s", digest.pk, attempts, error)
        Digest.objects.filter(pk=digest.pk, status=DigestStatus.SENDING).update(
            status=DigestStatus.PENDING,
            lease_expires_at=None,
            next_attempt_at=timezone.now() + retry_delay(attempts),
            last_error=description,
            updated_at=timezone.now(),
        )
        return DigestStatus.PENDING
    logger.error("Digest %s failed after %s attempts: %s", digest.pk, attempts, error)
    if not isinstance(error, smtplib.SMTPException | OSError):
        # Not the mail server: a bug in building the digest. Keep the traceback in the log.
        logger.exception("Digest %s could not be built", digest.pk, exc_info=error)
    _finish(digest.pk, status=DigestStatus.FAILED, last_error=description)
    return DigestStatus.FAILED


def digest_send_test(*, user_id: int, now: datetime | None = None) -> bool:
    """Send the user today's digest now, marked as a test; no period row, nothing claimed."""
    now = now or timezone.now()
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    content = digest_content(user=user, today=now.astimezone(user.zone).date(), now=now)
    digest_email(content=content, test=True).send()
    return True
