"""Fixtures shared by every test: the personas and logged-in clients.

The owner keeps a network; the stranger is another user who must see nothing of the owner's.
"""

import os

import pytest
import redis
from django.test import Client

from tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Production's manifest storage needs collectstatic; tests read static files where they are.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def owner(db):
    return UserFactory(username="owner", display_name="Olivia Owner")


@pytest.fixture
def stranger(db):
    return UserFactory(username="stranger", display_name="Sam Stranger")


@pytest.fixture
def owner_client(owner) -> Client:
    client = Client()
    client.force_login(owner)
    return client


@pytest.fixture
def stranger_client(stranger) -> Client:
    client = Client()
    client.force_login(stranger)
    return client


# --- Services some tests need -----------------------------------------------------------------
# .ci/run starts PostgreSQL and Redis (see DEVELOPERS.md) and `make install` installs chromium.
# Locally, a test whose service is not there is skipped with the reason; on CI (CI=true) it
# fails instead, so a service that did not start can never turn the suite green by skipping.


def require_service(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the service is required)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def require_redis() -> str:
    """The URL of a Redis that answers: REDIS_URL, else database 15 of a local server."""
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        require_service(False, f"Redis is not answering at {url}: {error}")
    return url
