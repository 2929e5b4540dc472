import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://rapport.example.com"
RESET_LINK = re.compile(re.escape(SITE_URL) + r"(/accounts/password/reset/[\w-]+/[\w-]+/)")
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL


def can_log_in(username: str, password: str) -> bool:
    response = Client().post(
        reverse("accounts:login"), {"username": username, "password": password}
    )
    return response.status_code == 302


# --- Change ---------------------------------------------------------------------------------


def test_changing_the_password_keeps_the_user_logged_in(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("accounts:password_change_done"), 302)]
    assert "Your new password is in place." in response.content.decode()
    assert owner_client.get(reverse("home")).status_code == 200
    assert can_log_in("owner", NEW_PASSWORD)
    assert not can_log_in("owner", PASSWORD)


def test_a_wrong_old_password_is_a_field_error(owner_client, owner):
    response = owner_client.post(
        reverse("accounts:password_change"),
        {"old_password": "guess", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 200
    assert "old_password" in response.context["form"].errors
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)


def test_changing_the_password_needs_a_login(client):
    response = client.get(reverse("accounts:password_change"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Reset ----------------------------------------------------------------------------------


def request_reset(client, address: str):
    return client.post(reverse("accounts:password_reset"), {"email": address}, follow=True)


def set_new_password(client, path: str):
    """Follow the emailed link the way a browser does, then choose a new password."""
    page = client.get(path, follow=True)
    assert page.status_code == 200
    assert "Choose a new password" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    return client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )


def test_a_reset_email_has_a_text_and_an_html_part_with_a_link_from_site_url(client, owner):
    response = request_reset(client, owner.email)

    assert "Check your email" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert message.subject == "Reset your Rapport password"
    text_link = RESET_LINK.search(message.body)
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    html_link = RESET_LINK.search(html)
    assert text_link and html_link
    assert text_link.group(1) == html_link.group(1)
    assert "owner" in message.body and "Olivia Owner" in message.body
    # The link is built from SITE_URL, not from the Host the request came in on.
    assert "testserver" not in message.body + html


def test_the_reset_link_sets_a_new_password_once(client, owner):
    request_reset(client, owner.email)
    path = RESET_LINK.search(mail.outbox[0].body).group(1)

    done = set_new_password(client, path)

    assert "Your new password is in place." in done.content.decode()
    assert can_log_in("owner", NEW_PASSWORD)
    again = client.get(path, follow=True)
    assert "This link no longer works" in again.content.decode()
    assert f'href="{reverse("accounts:password_reset")}"' in again.content.decode()


def test_an_unknown_address_gets_the_same_answer_and_no_email(client, owner):
    response = request_reset(client, "nobody@example.com")

    assert "Check your email" in response.content.decode()
    assert mail.outbox == []


def test_the_address_matches_whatever_its_case(client, owner):
    request_reset(client, owner.email.upper())

    assert [message.to for message in mail.outbox] == [[owner.email]]


def test_a_made_up_link_offers_a_new_one(client, owner):
    response = client.get(
        reverse("accounts:password_reset_confirm", args=["MQ", "made-up-token"]), follow=True
    )

    assert response.status_code == 200
    assert "This link no longer works" in response.content.decode()


# --- Reset through a real SMTP server on loopback -------------------------------------------


class Inbox:
    """aiosmtpd handler that keeps every message it is given."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    yield inbox
    controller.stop()


def test_a_reset_through_a_real_smtp_server(client, smtp_inbox):
    UserFactory(username="grace", email="grace@example.com", display_name="Grace Hopper")

    request_reset(client, "grace@example.com")

    (message,) = smtp_inbox.messages
    assert message["To"] == "grace@example.com"
    assert message["Subject"] == "Reset your Rapport password"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    path = RESET_LINK.search(text).group(1)
    assert RESET_LINK.search(html).group(1) == path

    done = set_new_password(client, path)

    assert "Your new password is in place." in done.content.decode()
    assert User.objects.get(username="grace").check_password(NEW_PASSWORD)
    assert can_log_in("grace", NEW_PASSWORD)
