import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create


def key_client(user) -> APIClient:
    """A client that calls the API the way a script does: with one of the user's keys."""
    client = APIClient()
    key = api_token_create(owner=user, name="tests").key
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.fixture
def api(owner) -> APIClient:
    return key_client(owner)


@pytest.fixture
def stranger_api(stranger) -> APIClient:
    return key_client(stranger)
