"""The digest pages in a real browser: the settings on the profile page, the preview (the
email's HTML in a frame under its own policy), the signed links' pages, the operations page."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import DigestFrequency
from contacts.models import Tier
from interactions.models import ContactHealth, HealthBand, ValueExchange
from reminders.digests import links
from reminders.models import Digest, DigestStatus, Heartbeat
from tests.factories import (
    ContactFactory,
    EventFactory,
    InteractionFactory,
    ReminderFactory,
    UserFactory,
)


def olivia():
    """A user with something in every section of the digest."""
    user = UserFactory(username="olivia", display_name="Olivia Owner")
    grace = ContactFactory(owner=user, display_name="Grace Hopper", birthday_day=None)
    today = timezone.now().astimezone(user.zone).date()
    soon = today + timedelta(days=2)
    ContactFactory(
        owner=user,
        display_name="Alan Turing",
        birthday_day=soon.day,
        birthday_month=soon.month,
        birthday_year=soon.year - 40,
    )
    margaret = ContactFactory(owner=user, display_name="Margaret Hamilton", tier=Tier.CLOSE)
    InteractionFactory(
        owner=user,
        participants=[margaret],
        occurred_at=timezone.now() - timedelta(days=20),
        value=ValueExchange.RECEIVED,
    )
    ContactHealth.objects.create(
        owner=user,
        contact=ContactFactory(owner=user, display_name="Linus Torvalds"),
        score=44,
        band=HealthBand.COOLING,
        previous_band=HealthBand.HEALTHY,
        band_changed_at=timezone.now() - timedelta(hours=3),
        computed_at=timezone.now() - timedelta(hours=3),
        cadence_days=30,
        last_interaction_at=timezone.now() - timedelta(days=61),
        first_interaction_at=timezone.now() - timedelta(days=500),
        total=8,
        recent=2,
        by_me=2,
    )
    ReminderFactory(owner=user, contact=grace, title="Send Grace the slides", due_on=today)
    ReminderFactory(owner=user, title="Thank Ada for the intro", due_on=today - timedelta(days=3))
    ReminderFactory(owner=user, title="Book the venue", due_on=today + timedelta(days=2))
    EventFactory(owner=user, name="PyCon Berlin", starts_at=timezone.now() + timedelta(days=3))
    return user


def test_a_person_sets_a_weekly_digest_and_previews_it(browser_page):
    user = olivia()
    browser_page.log_in(user)
    page = browser_page.page

    page.goto("/accounts/profile/")
    section = page.locator("#digest")
    expect(section.get_by_role("heading", name="Email digest")).to_be_visible()
    section.get_by_label("Once a week").check()
    section.get_by_role("combobox", name=re.compile(r"^On\W*$")).select_option(label="Friday")
    section.get_by_role("textbox", name=re.compile(r"^At\W*$")).fill("07:15")
    browser_page.shoot("settings")
    section.get_by_role("button", name="Save digest settings").click()

    expect(page.get_by_text("Your digest settings are saved.")).to_be_visible()
    user.refresh_from_db()
    assert (user.digest_frequency, user.digest_weekday) == (DigestFrequency.WEEKLY, 4)

    page.locator("#digest").get_by_role("link", name="Preview my digest").click()
    expect(page.get_by_role("heading", name="Your digest today")).to_be_visible()
    frame = page.frame_locator("iframe.digest-preview-frame")
    expect(frame.get_by_role("link", name="Send Grace the slides")).to_be_visible()
    expect(frame.get_by_text("Overdue (1)")).to_be_visible()
    expect(frame.get_by_role("link", name="Linus Torvalds")).to_be_visible()
    expect(frame.get_by_text("turns 40")).to_be_visible()
    expect(frame.get_by_role("link", name="Open Margaret Hamilton")).to_be_visible()
    expect(page.locator("pre.digest-preview-text")).to_contain_text("DUE TODAY (1)")
    expect(page.get_by_text(re.compile(r"every Friday at 07:15"))).to_have_count(1)
    browser_page.shoot("preview")


def test_the_links_of_a_digest_ask_before_they_act(browser_page):
    user = olivia()
    reminder = ReminderFactory(owner=user, title="Call the recruiter back")
    page = browser_page.page
    done = links.action_token(user_id=user.pk, reminder_id=reminder.pk, action=links.Action.DONE)

    page.goto(f"/digests/reminder/{done}/")
    expect(page.get_by_role("heading", name="Call the recruiter back")).to_be_visible()
    browser_page.shoot("done-confirm")
    reminder.refresh_from_db()
    assert reminder.is_pending  # opening the link changed nothing

    page.goto(f"/digests/unsubscribe/{links.unsubscribe_token(user_id=user.pk)}/")
    expect(page.get_by_role("heading", name="Stop the digests?")).to_be_visible()
    browser_page.shoot("unsubscribe-confirm")
    page.get_by_role("button", name="Unsubscribe").click()
    expect(page.get_by_role("heading", name="You are unsubscribed")).to_be_visible()
    browser_page.shoot("unsubscribed")
    user.refresh_from_db()
    assert user.digest_frequency == DigestFrequency.OFF


def test_staff_see_the_operations_page(browser_page):
    operator = UserFactory(username="operator", display_name="Otto Operator", is_staff=True)
    Heartbeat.objects.create(name="beat", last_seen_at=timezone.now() - timedelta(seconds=20))
    Heartbeat.objects.create(name="digests", last_seen_at=timezone.now() - timedelta(seconds=20))
    now = timezone.now()
    Digest.objects.create(
        owner=olivia(),
        period=now.date(),
        due_at=now - timedelta(minutes=50),
        next_attempt_at=now,
        status=DigestStatus.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 5.1.1 <olivia@example.com>: no such user",
    )
    browser_page.log_in(operator)
    page = browser_page.page

    page.goto("/")
    page.get_by_role("button", name="Otto Operator").click()
    page.get_by_role("link", name="Operations").click()

    expect(page.get_by_role("heading", name="Operations")).to_be_visible()
    expect(page.get_by_text("Everything runs")).to_be_visible()
    expect(page.get_by_text("1 digest failed in the last 24 hours.")).to_be_visible()
    expect(page.get_by_text("no such user")).to_be_visible()
    browser_page.shoot("operations")
