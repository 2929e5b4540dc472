"""The "done" and "snooze a week" links of a digest: signed, expiring, acting only on POST, and
only ever on the token's user's own reminder."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from reminders.digests import links
from reminders.models import Reminder, ReminderStatus
from tests.factories import ReminderFactory

pytestmark = pytest.mark.django_db

# 23:30 UTC on 3 March is already 4 March in Paris, the owner's zone.
NOW = datetime(2026, 3, 3, 23, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(reminder: Reminder, action: links.Action, user_id: int | None = None) -> str:
    token = links.action_token(
        user_id=user_id or reminder.owner_id, reminder_id=reminder.pk, action=action
    )
    return reverse("digests:reminder_action", args=[token])


def state(reminder: Reminder) -> tuple:
    reminder.refresh_from_db()
    return (reminder.status, reminder.snoozed_until, reminder.completed_at)


def confirm(client: Client, path: str):
    """Open the link, then press the page's button, as a person does (CSRF token included)."""
    page = client.get(path)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    return client.post(path, {"csrfmiddlewaretoken": token.group(1)})


def test_it_checks_ownership(owner, stranger):
    """A link names a user and a reminder; one naming the stranger and the owner's reminder
    (as a bug or a leaked secret key could make) reaches nothing."""
    reminder = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    before = state(reminder)

    for action in links.Action:
        path = url(reminder, action, user_id=stranger.pk)
        assert Client().get(path).status_code == 404
        assert Client().post(path).status_code == 404
    assert state(reminder) == before


@pytest.mark.parametrize("action", list(links.Action))
def test_opening_a_link_asks_and_changes_nothing(owner, action):
    reminder = ReminderFactory(owner=owner, title="Send the slides", due_on=date(2026, 3, 1))
    before = state(reminder)

    page = Client().get(url(reminder, action)).content.decode()

    assert "Send the slides" in page
    button = "Mark as done" if action == links.Action.DONE else "Snooze until Wednesday 11 March"
    assert button in page
    assert state(reminder) == before


def test_the_done_button_completes_the_reminder(owner):
    reminder = ReminderFactory(owner=owner, title="Send the slides", due_on=date(2026, 3, 1))

    response = confirm(Client(enforce_csrf_checks=True), url(reminder, links.Action.DONE))

    assert "is done" in response.content.decode()
    status, _, completed_at = state(reminder)
    assert (status, completed_at) == (ReminderStatus.DONE, NOW)


def test_the_snooze_button_snoozes_a_week_from_the_owners_today(owner):
    reminder = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))

    response = confirm(Client(enforce_csrf_checks=True), url(reminder, links.Action.SNOOZE))

    # Today is 4 March in Paris (3 March in UTC): back on the 11th.
    assert "comes back on Wednesday 11 March" in response.content.decode()
    assert state(reminder)[:2] == (ReminderStatus.SNOOZED, date(2026, 3, 11))


def test_a_done_reminder_is_not_done_again(owner):
    reminder = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    path = url(reminder, links.Action.DONE)
    Client().post(path)
    before = state(reminder)

    again = Client().post(path)
    snooze = Client().post(url(reminder, links.Action.SNOOZE))

    assert "already done" in again.content.decode()
    assert "already done" in snooze.content.decode()
    assert state(reminder) == before


def test_the_button_needs_the_pages_csrf_token(owner):
    reminder = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    before = state(reminder)

    response = Client(enforce_csrf_checks=True).post(url(reminder, links.Action.DONE))

    assert response.status_code == 403
    assert state(reminder) == before


def test_an_expired_link_says_so_and_changes_nothing(owner):
    reminder = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    path = url(reminder, links.Action.DONE)
    before = state(reminder)

    with time_machine.travel(NOW + links.ACTION_MAX_AGE + timedelta(seconds=1), tick=False):
        get, post = Client().get(path), Client().post(path)

    assert (get.status_code, post.status_code) == (410, 410)
    assert "This link has expired" in get.content.decode()
    assert state(reminder) == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused_and_changes_nothing(owner, method):
    mine = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    other = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    token = links.action_token(user_id=owner.pk, reminder_id=mine.pk, action=links.Action.DONE)
    swapped = links.action_token(user_id=owner.pk, reminder_id=other.pk, action=links.Action.DONE)
    forged = swapped.split(":")[0] + token[token.index(":") :]
    unsubscribe = links.unsubscribe_token(user_id=owner.pk)
    before = [state(mine), state(other)]

    for bad in (forged, token[:-2], "x", unsubscribe):
        path = reverse("digests:reminder_action", args=[bad])
        response = getattr(Client(), method)(path)
        assert response.status_code == 400, bad
        assert "This link does not work" in response.content.decode()

    assert [state(mine), state(other)] == before


def test_the_link_of_a_deactivated_account_or_a_deleted_reminder_is_a_404(owner):
    kept = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    deleted = ReminderFactory(owner=owner, due_on=date(2026, 3, 1))
    deleted_path = url(deleted, links.Action.DONE)
    deleted.delete()

    assert Client().post(deleted_path).status_code == 404
    owner.is_active = False
    owner.save()
    assert Client().post(url(kept, links.Action.DONE)).status_code == 404
    assert state(kept)[0] == ReminderStatus.OPEN
