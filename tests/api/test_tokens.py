"""API keys: made and revoked on the settings page, shown once, stored as a digest, checked on
every request, with the time of last use."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import ApiToken
from accounts.tokens import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db

TOKENS_URL = reverse("accounts:api_tokens")
CONTACTS_URL = reverse("api:contact-list")


def calling_with(header: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    return client


def test_a_key_made_on_the_settings_page_is_shown_once_and_works(owner_client, owner):
    response = owner_client.post(TOKENS_URL, {"name": "Backup script"})

    key = response.context["new_token"].key
    assert key in response.content.decode()
    token = ApiToken.objects.get(owner=owner)
    assert token.name == "Backup script"
    assert key not in {token.digest, token.hint}  # only a digest is kept
    assert calling_with(f"Bearer {key}").get(CONTACTS_URL).status_code == 200
    # Never again: the list page shows the hint only.
    page = owner_client.get(TOKENS_URL).content.decode()
    assert key not in page
    assert token.hint in page


def test_drfs_token_keyword_works_too(owner):
    key = api_token_create(owner=owner, name="x").key

    assert calling_with(f"Token {key}").get(CONTACTS_URL).status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Bearer rap_not-a-real-key", "Bearer", "Bearer a b", "Basic b3duZXI6cGFzcw==", ""],
)
def test_a_wrong_or_missing_key_is_a_401(header, owner):
    api_token_create(owner=owner, name="real")

    response = calling_with(header).get(CONTACTS_URL)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_key_stops_working_at_once(owner_client, owner):
    new = api_token_create(owner=owner, name="old laptop")
    client = calling_with(f"Bearer {new.key}")
    assert client.get(CONTACTS_URL).status_code == 200

    response = owner_client.post(
        reverse("accounts:api_token_revoke", args=[new.token.pk]), follow=True
    )

    assert "is revoked" in response.content.decode()
    assert client.get(CONTACTS_URL).status_code == 401
    new.token.refresh_from_db()
    assert new.token.revoked_at is not None


def test_revoking_twice_keeps_the_first_date(owner):
    token = api_token_create(owner=owner, name="x").token
    with time_machine.travel(timezone.now() - timedelta(days=2)):
        api_token_revoke(token=token)
    first = token.revoked_at

    api_token_revoke(token=token)

    token.refresh_from_db()
    assert token.revoked_at == first


def test_the_key_of_an_inactive_user_does_not_work(owner):
    key = api_token_create(owner=owner, name="x").key
    owner.is_active = False
    owner.save()

    assert calling_with(f"Bearer {key}").get(CONTACTS_URL).status_code == 401


def test_last_use_is_recorded_at_most_once_a_minute(owner):
    new = api_token_create(owner=owner, name="x")
    client = calling_with(f"Bearer {new.key}")
    start = timezone.now()

    with time_machine.travel(start, tick=False):
        client.get(CONTACTS_URL)
    new.token.refresh_from_db()
    assert new.token.last_used_at == start

    with time_machine.travel(start + timedelta(seconds=30), tick=False):
        client.get(CONTACTS_URL)
    new.token.refresh_from_db()
    assert new.token.last_used_at == start

    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get(CONTACTS_URL)
    new.token.refresh_from_db()
    assert new.token.last_used_at == start + timedelta(minutes=2)


def test_the_page_lists_keys_with_their_use(owner_client, owner):
    api_token_create(owner=owner, name="Zapier")
    revoked = api_token_create(owner=owner, name="Old script").token
    api_token_revoke(token=revoked)

    page = owner_client.get(TOKENS_URL).content.decode()

    assert "Zapier" in page
    assert "never used" in page
    assert "revoked" in page


def test_an_empty_page_says_what_keys_are_for(owner_client):
    page = owner_client.get(TOKENS_URL).content.decode()

    assert "No keys yet" in page


def test_a_nameless_key_is_a_field_error(owner_client, owner):
    response = owner_client.post(TOKENS_URL, {"name": ""})

    assert response.context["form"].errors["name"]
    assert not ApiToken.objects.filter(owner=owner).exists()


def test_it_checks_ownership(owner, stranger_client):
    token = api_token_create(owner=owner, name="theirs").token

    response = stranger_client.post(reverse("accounts:api_token_revoke", args=[token.pk]))

    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "theirs" not in stranger_client.get(TOKENS_URL).content.decode()
