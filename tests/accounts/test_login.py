from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
ATTACKER_IP = "203.0.113.66"
VICTIM_IP = "198.51.100.7"


def log_in(client, username: str, password: str, ip: str):
    return client.post(
        LOGIN_URL, {"username": username, "password": password}, REMOTE_ADDR=ip, follow=False
    )


def fail(client, username: str, ip: str, times: int) -> None:
    for _ in range(times):
        response = log_in(client, username, "not the password", ip)
        assert response.status_code == 200, "the login page should still answer"


def lock_out(client, username: str, ip: str) -> None:
    """The failure that reaches the limit is the one that gets the lockout page."""
    fail(client, username, ip, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, username, "not the password", ip).status_code == 429


@pytest.fixture
def victim(db):
    return UserFactory(username="victim")


def test_the_login_page_links_to_sign_up_and_password_reset(client):
    html = client.get(LOGIN_URL).content.decode()

    assert f'href="{reverse("accounts:signup")}"' in html
    assert f'href="{reverse("accounts:password_reset")}"' in html


def test_a_correct_password_logs_in_and_goes_home(client, victim):
    response = log_in(client, "victim", PASSWORD, VICTIM_IP)

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"] == victim


def test_it_returns_to_the_page_that_asked_for_a_login(client, victim):
    profile = reverse("accounts:profile")

    response = client.post(
        f"{LOGIN_URL}?next={profile}", {"username": "victim", "password": PASSWORD}
    )

    assert response["Location"] == profile


def test_a_wrong_password_is_a_form_error(client, victim):
    response = log_in(client, "victim", "nope", VICTIM_IP)

    assert response.status_code == 200
    assert "Please enter a correct username and password." in response.content.decode()


def test_logging_out_takes_a_post_and_ends_the_session(owner_client):
    assert owner_client.get(reverse("accounts:logout")).status_code == 405

    response = owner_client.post(reverse("accounts:logout"))

    assert response["Location"] == LOGIN_URL
    assert owner_client.get(reverse("home")).status_code == 302


def test_repeated_failures_lock_that_username_from_that_address(client, victim):
    fail(client, "victim", ATTACKER_IP, settings.AXES_FAILURE_LIMIT - 1)

    locked = log_in(client, "victim", "still wrong", ATTACKER_IP)
    # Even the right password is refused from there while the pause lasts.
    still_locked = log_in(client, "victim", PASSWORD, ATTACKER_IP)

    assert locked.status_code == still_locked.status_code == 429
    html = still_locked.content.decode()
    assert "Log-in paused" in html
    assert "Too many wrong passwords for <strong>victim</strong>" in html
    assert "paused for <strong>15 minutes</strong> after the last failed attempt" in html
    assert "Each attempt during the pause starts the wait again" in html
    assert f'href="{reverse("accounts:password_reset")}"' in html
    assert "_auth_user_id" not in client.session


def test_the_victim_can_still_log_in_from_another_address(client, victim):
    lock_out(client, "victim", ATTACKER_IP)
    assert log_in(client, "victim", PASSWORD, ATTACKER_IP).status_code == 429

    response = log_in(client, "victim", PASSWORD, VICTIM_IP)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(victim.pk)


def test_other_accounts_can_still_log_in_from_the_locked_address(client, victim):
    UserFactory(username="colleague")
    lock_out(client, "victim", ATTACKER_IP)

    response = log_in(client, "colleague", PASSWORD, ATTACKER_IP)

    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(client, victim):
    fail(client, "victim", VICTIM_IP, settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "victim", PASSWORD, VICTIM_IP).status_code == 302
    client.post(reverse("accounts:logout"))

    # Counted together with the failures before the success, these would lock the account.
    fail(client, "victim", VICTIM_IP, settings.AXES_FAILURE_LIMIT - 1)
    response = log_in(client, "victim", PASSWORD, VICTIM_IP)

    assert response.status_code == 302


def test_the_pause_ends_after_the_cool_off(client, victim):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        lock_out(client, "victim", ATTACKER_IP)
        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))

        response = log_in(client, "victim", PASSWORD, ATTACKER_IP)

    assert response.status_code == 302


def test_an_attempt_during_the_pause_starts_the_wait_again(client, victim):
    """The lockout page promises this; a change of AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
    must change the page too."""
    almost = settings.AXES_COOLOFF_TIME - timedelta(seconds=5)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        lock_out(client, "victim", ATTACKER_IP)
        traveller.shift(almost)
        assert log_in(client, "victim", PASSWORD, ATTACKER_IP).status_code == 429

        traveller.shift(timedelta(seconds=10))
        assert log_in(client, "victim", PASSWORD, ATTACKER_IP).status_code == 429

        traveller.shift(settings.AXES_COOLOFF_TIME + timedelta(seconds=1))
        response = log_in(client, "victim", PASSWORD, ATTACKER_IP)

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (1, "1 minute"),
        (15, "15 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (120, "2 hours"),
    ],
)
def test_the_lockout_page_says_how_long_to_wait_in_words(client, victim, settings, minutes, words):
    settings.AXES_COOLOFF_TIME = timedelta(minutes=minutes)
    fail(client, "victim", ATTACKER_IP, settings.AXES_FAILURE_LIMIT - 1)

    response = log_in(client, "victim", "wrong", ATTACKER_IP)

    assert f"paused for <strong>{words}</strong>" in response.content.decode()
