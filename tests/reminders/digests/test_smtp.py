"""A digest through a real SMTP server on loopback (aiosmtpd), read back as a mail client would:
both parts, the headers, and links that work."""

import re
from datetime import UTC, date, datetime
from email.utils import parseaddr

import pytest
import time_machine
from django.test import Client

from accounts.models import DigestFrequency
from reminders.digests import dispatch, tasks
from reminders.models import Digest
from tests.factories import ContactFactory, ReminderFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://rapport.example.com"
NOW = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # 08:00 in Paris
LINK = re.compile(re.escape(SITE_URL) + r"(/[^\s\"<>]*)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE_URL
    settings.DEFAULT_FROM_EMAIL = "Rapport <digests@rapport.example.com>"


@pytest.fixture
def received(smtp_inbox, eager_celery, django_capture_on_commit_callbacks):
    """Ada's digest of 4 March, sent by the tick through the SMTP server, as it arrived."""
    ada = UserFactory(username="ada", email="ada@example.org", display_name="Ada Lovelace")
    grace = ContactFactory(owner=ada, display_name="Grace <Hopper> & Co")
    ReminderFactory(owner=ada, contact=grace, title="Send the slides", due_on=date(2026, 3, 4))
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        dispatch.digest_dispatch_due()
    (message,) = smtp_inbox.messages
    return ada, message


def parts(message) -> tuple[str, str]:
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    return text, html


def paths(body: str, kind: str) -> list[str]:
    return [p for p in LINK.findall(body) if p.startswith(f"/digests/{kind}/")]


def test_the_digest_arrives_with_a_text_and_an_html_part(received):
    _, message = received

    assert message["To"] == "ada@example.org"
    assert parseaddr(message["From"])[1] == "digests@rapport.example.com"
    assert message["Subject"] == "Rapport, Wednesday 4 March: 1 follow-up today"
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    assert "Send the slides (Grace <Hopper> & Co), today" in text
    # The HTML part escapes the user's text; the plain-text part has nothing to escape.
    assert "Grace &lt;Hopper&gt; &amp; Co" in html
    assert "<Hopper>" not in html
    assert f'href="{SITE_URL}/"' in html


def test_its_headers_offer_one_click_unsubscribe_and_a_stable_message_id(received):
    ada, message = received

    # A long header is folded onto a second line; the value itself is the bracketed address.
    (unsubscribe,) = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"].strip()).groups()
    assert unsubscribe.startswith(f"{SITE_URL}/digests/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated"
    digest = Digest.objects.get(owner=ada)
    assert message["Message-ID"] == f"<digest-{digest.pk}@rapport.example.com>"
    # Both parts carry the same unsubscribe link as the header.
    text, html = parts(message)
    assert unsubscribe in text
    assert unsubscribe in html


def test_both_parts_carry_the_same_working_links(received):
    _, message = received
    text, html = parts(message)

    for kind in ("reminder", "unsubscribe"):
        assert paths(text, kind), kind
        assert sorted(set(paths(text, kind))) == sorted(set(paths(html, kind))), kind
    anonymous = Client()
    # Opened the same morning (the reminder links expire).
    with time_machine.travel(NOW, tick=False):
        for path in paths(text, "reminder") + paths(text, "unsubscribe"):
            page = anonymous.get(path)
            assert page.status_code == 200, path
        assert "Send the slides" in anonymous.get(paths(text, "reminder")[0]).content.decode()


def test_one_click_unsubscribe_from_the_header_works_without_a_login_or_csrf(received):
    ada, message = received
    unsubscribe = message["List-Unsubscribe"].strip().strip("<>")
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        unsubscribe.removeprefix(SITE_URL),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    ada.refresh_from_db()
    assert ada.digest_frequency == DigestFrequency.OFF


def test_a_test_digest_goes_through_the_real_server_marked_as_a_test(smtp_inbox, eager_celery):
    ada = UserFactory(username="ada", email="ada@example.org")

    with time_machine.travel(NOW, tick=False):
        tasks.send_test_digest.delay(ada.pk)

    (message,) = smtp_inbox.messages
    assert message["Subject"].startswith("[Test] Rapport, Wednesday 4 March")
    text, html = parts(message)
    assert "This is a test digest" in text
    assert "This is a test digest" in html
    assert not Digest.objects.exists()  # a test takes no period: the real one still goes out


def test_a_test_digest_retries_a_temporary_refusal(smtp_inbox, eager_celery):
    ada = UserFactory(username="ada", email="ada@example.org")
    smtp_inbox.refuse = 1

    # As a worker would, rather than raising the Retry: eagerly, the retry runs at once.
    tasks.send_test_digest.apply(args=[ada.pk], throw=False)

    assert [m["To"] for m in smtp_inbox.messages] == ["ada@example.org"]
