"""Writes of a user's digest preferences: the settings form and the unsubscribe link."""

from datetime import time

from accounts.models import DigestFrequency, User

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
