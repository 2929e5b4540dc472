"""Writes of a user's digest preferences: the settings form, the unsubscribe link and the
"send me a test digest" button."""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import DigestFrequency, User
from reminders.digests import tasks

# A test digest is a real email: the button may not turn the server into a mail cannon.
TEST_DIGEST_INTERVAL = timedelta(minutes=1)

_FIELDS = ["digest_frequency", "digest_weekday", "digest_time", "digest_skip_empty"]


def digest_preferences_update(
    *, user: User, frequency: str, weekday: int, send_time: time, skip_empty: bool
) -> User:
    user.digest_frequency = frequency
    user.digest_weekday = weekday
    # Minutes are the tick's resolution; seconds would only make the time look odd.
    user.digest_time = send_time.replace(second=0, microsecond=0)
    user.digest_skip_empty = skip_empty
    user.full_clean(exclude=["password"])
    user.save(update_fields=_FIELDS)
    return user


def digest_unsubscribe(*, user: User) -> bool:
    """Turn the user's digests off; False when they already were (the link was used before)."""
    if user.digest_frequency == DigestFrequency.OFF:
        return False
    user.digest_frequency = DigestFrequency.OFF
    user.save(update_fields=["digest_frequency"])
    return True


def digest_test_request(*, user: User, now: datetime | None = None) -> bool:
    """Queue a test digest to the user's address; False when one was queued under a minute ago.

    The check and the stamp are one conditional UPDATE, so two clicks served by two web
    workers at the same moment still queue one email.
    """
    now = now or timezone.now()
    claimed = (
        User.objects.filter(pk=user.pk)
        .filter(
            Q(test_digest_requested_at__isnull=True)
            | Q(test_digest_requested_at__lte=now - TEST_DIGEST_INTERVAL)
        )
        .update(test_digest_requested_at=now)
    )
    if claimed:
        transaction.on_commit(lambda: tasks.send_test_digest.delay(user.pk))
    return bool(claimed)
