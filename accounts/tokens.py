"""API keys and calendar feed secrets: creating, revoking and checking them.

Both are 256-bit random strings from `secrets`. An API key is stored only as its SHA-256 digest
(see ApiToken); a feed secret is stored as is (see CalendarFeed).
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import ApiToken, CalendarFeed, User

API_KEY_PREFIX = "rap_"
HINT_LENGTH = 8
# last_used_at is written at most this often per key: a script calling the API in a loop must
# not turn every read into a write as well.
LAST_USED_PRECISION = timedelta(minutes=1)


@dataclass(frozen=True)
class NewApiToken:
    token: ApiToken
    key: str  # shown to the user once, never stored


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, owner: User, name: str) -> NewApiToken:
    key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        owner=owner,
        name=name.strip() or "API key",
        digest=_digest(key),
        hint=key[: len(API_KEY_PREFIX) + HINT_LENGTH],
    )
    return NewApiToken(token=token, key=key)


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoke a key for good; revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The active key with this value, its owner loaded, or None; records when it was used."""
    if not key.startswith(API_KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.select_related("owner")
        .filter(digest=_digest(key), revoked_at__isnull=True, owner__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        # Conditional, so that two requests at once write once.
        ApiToken.objects.filter(pk=token.pk, last_used_at=token.last_used_at).update(
            last_used_at=now
        )
        token.last_used_at = now
    return token


@transaction.atomic
def calendar_feed_regenerate(*, owner: User) -> CalendarFeed:
    """A new feed secret for the user; the old one, if any, stops working now."""
    CalendarFeed.objects.filter(owner=owner).delete()
    return CalendarFeed.objects.create(owner=owner, token=secrets.token_urlsafe(32))


def calendar_feed_disable(*, owner: User) -> None:
    """No feed URL at all until the user asks for one again."""
    CalendarFeed.objects.filter(owner=owner).delete()


def calendar_feed_owner(*, token: str) -> User | None:
    if not token or len(token) > 64:
        return None
    feed = CalendarFeed.objects.select_related("owner").filter(token=token).first()
    if feed is None or not feed.owner.is_active:
        return None
    return feed.owner
