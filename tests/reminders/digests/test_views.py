"""The digest pages: the settings section of the profile, the test digest, the preview, and the
signed unsubscribe link."""

import re
from datetime import time, timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import DigestFrequency, Weekday
from reminders.digests import links
from tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = reverse("accounts:profile")
PREFERENCES_URL = reverse("digests:preferences")


def preferences(**overrides) -> dict:
    return {
        "digest_frequency": "weekly",
        "digest_weekday": "4",
        "digest_time": "07:15",
        "digest_skip_empty": "",
        **overrides,
    }


def test_it_checks_ownership(owner, stranger_client):
    """The preview is of the signed-in user's own digest: the stranger's shows nothing of the
    owner's, and no page here takes an id."""
    ReminderFactory(owner=owner, title="Zephyrine's follow-up")

    for name in ("digests:preview", "digests:preview_html"):
        page = stranger_client.get(reverse(name)).content.decode()
        assert "Zephyrine" not in page, name


# --- Settings on the profile page ------------------------------------------------------------


def test_the_profile_page_shows_the_digest_settings(owner_client, owner):
    html = owner_client.get(PROFILE_URL).content.decode()

    assert f'action="{PREFERENCES_URL}"' in html
    radios = re.findall(r'<input type="radio"[^>]*name="digest_frequency"[^>]*>', html)
    assert [("checked" in radio) for radio in radios] == [True, False, False]
    assert 'name="digest_time" value="08:00"' in html
    assert f'href="{reverse("digests:preview")}"' in html
    assert f'action="{reverse("digests:send_test")}"' in html


def test_saving_the_digest_settings(owner_client, owner):
    response = owner_client.post(PREFERENCES_URL, preferences(), follow=True)

    assert response.redirect_chain == [(PROFILE_URL, 302)]
    assert "Your digest settings are saved." in response.content.decode()
    owner.refresh_from_db()
    assert (
        owner.digest_frequency,
        owner.digest_weekday,
        owner.digest_time,
        owner.digest_skip_empty,
    ) == (DigestFrequency.WEEKLY, Weekday.FRIDAY, time(7, 15), False)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("digest_frequency", "hourly", "Select a valid choice."),
        ("digest_weekday", "9", "Select a valid choice."),
        ("digest_time", "25:00", "Enter a valid time."),
        ("digest_time", "", "This field is required."),
    ],
)
def test_bad_settings_are_field_errors_and_nothing_changes(
    owner_client, owner, field, value, message
):
    response = owner_client.post(PREFERENCES_URL, preferences(**{field: value}))

    assert response.status_code == 200
    assert message in " ".join(response.context["digest_form"].errors[field])
    owner.refresh_from_db()
    assert (owner.digest_frequency, owner.digest_time) == (DigestFrequency.DAILY, time(8))


def test_the_send_test_button_sends_one_now(
    owner_client, owner, eager_celery, django_capture_on_commit_callbacks
):
    ReminderFactory(owner=owner, title="Call Grace")

    with django_capture_on_commit_callbacks(execute=True):
        response = owner_client.post(reverse("digests:send_test"), follow=True)

    assert f"A test digest is on its way to {owner.email}" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == [owner.email]
    assert message.subject.startswith("[Test] ")
    assert "Call Grace" in message.body


def test_the_send_test_button_sends_one_a_minute_at_most(
    owner_client, owner, eager_celery, django_capture_on_commit_callbacks
):
    with time_machine.travel("2026-12-01 09:00:00Z", tick=False) as traveller:
        for _ in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                response = owner_client.post(reverse("digests:send_test"), follow=True)
        assert len(mail.outbox) == 1
        assert "A test digest is already on its way" in response.content.decode()

        traveller.shift(timedelta(seconds=61))
        with django_capture_on_commit_callbacks(execute=True):
            response = owner_client.post(reverse("digests:send_test"), follow=True)

    assert len(mail.outbox) == 2
    assert "A test digest is on its way" in response.content.decode()


def test_one_users_test_digest_does_not_hold_back_anothers(
    owner_client, owner, stranger, eager_celery, django_capture_on_commit_callbacks
):
    stranger_client = Client()
    stranger_client.force_login(stranger)
    with django_capture_on_commit_callbacks(execute=True):
        owner_client.post(reverse("digests:send_test"))
        stranger_client.post(reverse("digests:send_test"))

    assert sorted(message.to[0] for message in mail.outbox) == sorted([owner.email, stranger.email])


def test_the_send_test_button_only_posts(owner_client, eager_celery):
    assert owner_client.get(reverse("digests:send_test")).status_code == 405
    assert mail.outbox == []


# --- Preview ------------------------------------------------------------------------------------


# At midday: the factory's reminder is due today in UTC, and late in the UTC evening the owner's
# calendar (Paris) is already a day on, where that reminder is overdue, not today's.
@time_machine.travel("2026-06-10 12:00:00Z", tick=True)
def test_the_preview_shows_the_email_as_it_would_go_out(owner_client, owner):
    ReminderFactory(owner=owner, title="Call Grace")

    html = owner_client.get(reverse("digests:preview")).content.decode()

    assert "1 follow-up today" in html  # the subject
    assert owner.email in html
    assert "Call Grace" in html  # the plain-text part
    assert f'src="{reverse("digests:preview_html")}"' in html


def test_the_previewed_html_is_the_emails_and_may_only_be_framed_by_our_pages(owner_client, owner):
    ReminderFactory(owner=owner, title="Call <Grace>")

    response = owner_client.get(reverse("digests:preview_html"))

    html = response.content.decode()
    assert "Call &lt;Grace&gt;" in html
    assert '<base target="_top">' in html
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = response["Content-Security-Policy"]
    assert "frame-ancestors 'self'" in policy
    assert "script-src 'none'" in policy
    assert "style-src 'unsafe-inline'" in policy


def test_the_preview_says_when_nothing_would_be_sent(owner_client):
    html = owner_client.get(reverse("digests:preview")).content.decode()

    assert "Nothing is due, so today it would not be sent" in html


# --- Unsubscribe ---------------------------------------------------------------------------------


def unsubscribe_url(user_id: int) -> str:
    return reverse("digests:unsubscribe", args=[links.unsubscribe_token(user_id=user_id)])


def test_the_unsubscribe_link_asks_first_and_changes_nothing_on_get(owner):
    response = Client().get(unsubscribe_url(owner.pk))

    assert response.status_code == 200
    assert f"No more digest emails will go to <strong>{owner.email}</strong>" in (
        response.content.decode()
    )
    owner.refresh_from_db()
    assert owner.digest_frequency == DigestFrequency.DAILY


def test_posting_the_unsubscribe_link_turns_digests_off(owner):
    response = Client(enforce_csrf_checks=True).post(unsubscribe_url(owner.pk))

    assert "You are unsubscribed" in response.content.decode()
    owner.refresh_from_db()
    assert owner.digest_frequency == DigestFrequency.OFF
    again = Client().get(unsubscribe_url(owner.pk)).content.decode()
    assert "are already turned off" in again


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(owner, stranger, method):
    token = links.unsubscribe_token(user_id=owner.pk)
    # The owner's signature with the stranger's id in the payload.
    forged = links.unsubscribe_token(user_id=stranger.pk).split(":")[0] + token[token.index(":") :]

    for bad in (forged, token[:-3], "nonsense"):
        response = getattr(Client(), method)(reverse("digests:unsubscribe", args=[bad]))
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    for user in (owner, stranger):
        user.refresh_from_db()
        assert user.digest_frequency == DigestFrequency.DAILY


def test_a_reminder_link_is_no_unsubscribe_link(owner):
    reminder = ReminderFactory(owner=owner)
    token = links.action_token(user_id=owner.pk, reminder_id=reminder.pk, action=links.Action.DONE)

    response = Client().post(reverse("digests:unsubscribe", args=[token]))

    assert response.status_code == 400
    owner.refresh_from_db()
    assert owner.digest_frequency == DigestFrequency.DAILY


def test_the_unsubscribe_link_of_a_deleted_account_is_a_404(owner):
    url = unsubscribe_url(owner.pk)
    owner.delete()

    assert Client().post(url).status_code == 404
