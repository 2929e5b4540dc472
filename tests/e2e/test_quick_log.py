"""The quick log in a browser: a coffee with two people, logged from one's page in a modal,
shows on both timelines and moves both health scores, without leaving the page; then the
timeline's older items, an interaction's pages and an introduction."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from config.celery import app as celery_app
from interactions.models import ContactHealth, Interaction, InteractionKind, Participation
from tests.factories import (
    ContactFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
    UserFactory,
)


def test_a_coffee_with_two_people_shows_on_both_timelines_and_health(browser_page, monkeypatch):
    # No worker runs here: the recompute queued after the commit runs inline instead.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    owner = UserFactory(username="olivia", display_name="Olivia Owner", time_zone="Europe/Lisbon")
    ana = ContactFactory(owner=owner, first_name="Ana", last_name="Lima", display_name="Ana Lima")
    ContactFactory(owner=owner, first_name="Ben", last_name="Okafor", display_name="Ben Okafor")
    ContactFactory(
        owner=owner, first_name="Benedita", last_name="Sousa", display_name="Benedita Sousa"
    )
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto(ana.get_absolute_url())
    timeline = page.locator("#contact-timeline")
    health = page.locator("#contact-health")
    expect(timeline).to_contain_text("Nothing logged with Ana Lima yet.")
    expect(health).to_contain_text("No interaction logged yet")
    browser_page.shoot("contact-before")
    # A page load would wipe this flag; updates in place keep it.
    page.evaluate("() => { window.rapportStillHere = true; }")

    # Open the quick log from Ana's page: she is already picked.
    page.get_by_role("main").get_by_role("link", name="Log interaction").click()
    dialog = page.get_by_role("dialog", name="Log an interaction")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".ts-control .item")).to_have_text([re.compile("^Ana Lima")])
    # With the person picked, what is left to say is what it was about.
    expect(dialog.get_by_label("Summary")).to_be_focused()
    # Ben is picked by typing part of his name.
    dialog.get_by_role("combobox", name="With").press_sequentially("oka", delay=50)
    page.get_by_role("option", name="Ben Okafor").click()
    expect(dialog.locator(".ts-control .item")).to_have_text(
        [re.compile("^Ana Lima"), re.compile("^Ben Okafor")]
    )
    dialog.get_by_label("Summary").fill("Coffee at Lx Factory")
    browser_page.shoot("quick-log-filled")
    dialog.get_by_role("button", name="Log it").click()

    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text(
        "Logged: coffee / meeting with Ana Lima, Ben Okafor."
    )
    expect(timeline.get_by_role("link", name="Coffee at Lx Factory")).to_be_visible()
    expect(timeline).to_contain_text("with Ben Okafor")
    expect(timeline).to_contain_text("Today")
    expect(health).to_contain_text("out of 100")
    assert page.evaluate("() => window.rapportStillHere") is True
    browser_page.shoot("contact-after")

    # Ben's page shows the same coffee, with Ana, and a score of his own.
    timeline.get_by_role("link", name="Ben Okafor").click()
    expect(page.get_by_role("heading", name="Ben Okafor", exact=True)).to_be_visible()
    expect(timeline.get_by_role("link", name="Coffee at Lx Factory")).to_be_visible()
    expect(timeline).to_contain_text("with Ana Lima")
    expect(health).to_contain_text("out of 100")
    browser_page.shoot("other-contact")

    # From the navbar on any page: nobody picked is an error shown in the modal itself.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log interaction").click()
    expect(dialog).to_be_visible()
    expect(dialog.locator(".ts-control .item")).to_have_count(0)
    expect(dialog.get_by_role("combobox", name="With")).to_be_focused()
    dialog.get_by_role("button", name="Log it").click()
    expect(dialog.get_by_text("Pick at least one person.")).to_be_visible()
    browser_page.shoot("quick-log-error")
    dialog.get_by_role("combobox", name="With").press_sequentially("bened", delay=50)
    page.get_by_role("option", name="Benedita Sousa").click()
    dialog.get_by_label("Kind").select_option(label="Call")
    dialog.get_by_role("button", name="Log it").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("Logged: call with Benedita Sousa.")
    # Ben was not on that call: his timeline reloads with the coffee alone.
    expect(timeline.locator("li.list-group-item")).to_have_count(1)
    expect(page).to_have_url(re.compile(r"/contacts/\d+/$"))

    # What the browser did is what the database holds.
    coffee = Interaction.objects.get(summary="Coffee at Lx Factory")
    assert coffee.owner == owner
    assert coffee.kind == InteractionKind.COFFEE
    assert sorted(c.display_name for c in coffee.participants.all()) == ["Ana Lima", "Ben Okafor"]
    assert Participation.objects.filter(interaction=coffee).count() == 2
    assert Interaction.objects.get(kind=InteractionKind.CALL).summary == ""
    assert sorted(ContactHealth.objects.values_list("contact__display_name", flat=True)) == [
        "Ana Lima",
        "Ben Okafor",
        "Benedita Sousa",
    ]


def test_older_items_an_interactions_page_and_an_introduction(browser_page):
    owner = UserFactory(username="olivia", display_name="Olivia Owner", time_zone="Europe/Lisbon")
    ana = ContactFactory(owner=owner, first_name="Ana", last_name="Lima", display_name="Ana Lima")
    ben = ContactFactory(
        owner=owner, first_name="Ben", last_name="Okafor", display_name="Ben Okafor"
    )
    now = timezone.now()
    for days in range(25):
        InteractionFactory(
            owner=owner,
            participants=[ana],
            summary=f"Chat {days:02}",
            occurred_at=now - timedelta(days=days + 1),
            notes="Talked about **Lisbon** and [her talk](https://example.com/talk)."
            if days == 0
            else "",
        )
    EventAttendanceFactory(
        contact=ana,
        event=EventFactory(owner=owner, name="UX Lisbon", starts_at=now - timedelta(days=4)),
        note="She gave the closing keynote",
    )
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto(ana.get_absolute_url())
    timeline = page.locator("#contact-timeline")
    expect(timeline).to_contain_text("Met at UX Lisbon")
    expect(timeline.get_by_role("link", name="Chat 18")).to_be_visible()
    expect(timeline.get_by_role("link", name="Chat 19")).to_have_count(0)
    page.evaluate("() => { window.rapportStillHere = true; }")
    timeline.get_by_role("link", name="Load older").click()
    expect(timeline.get_by_role("link", name="Chat 24")).to_be_visible()
    expect(timeline.get_by_role("link", name="Load older")).to_have_count(0)
    assert page.evaluate("() => window.rapportStillHere") is True
    browser_page.shoot("timeline-all")

    # The interaction's own page, then its edit page with the details unfolded.
    timeline.get_by_role("link", name="Chat 00").click()
    expect(page.get_by_role("heading", name="Chat 00")).to_be_visible()
    expect(page.get_by_role("link", name="her talk")).to_have_attribute(
        "href", "https://example.com/talk"
    )
    browser_page.shoot("interaction-detail")
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Notes")).to_be_visible()
    page.get_by_label("How it went").select_option(label="5 · great")
    browser_page.shoot("interaction-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("5 out of 5")).to_be_visible()

    # "I introduced Ana to Ben", from Ana's page: it shows on both timelines.
    page.goto(ana.get_absolute_url())
    timeline.get_by_role("link", name="Introduction").click()
    made = page.locator("form", has=page.get_by_role("button", name="Log the introduction"))
    made.get_by_role("combobox", name="To").press_sequentially("okaf", delay=50)
    page.get_by_role("option", name="Ben Okafor").click()
    made.get_by_label("Why you connected them").fill("Both are into typography.")
    browser_page.shoot("introduction-form")
    made.get_by_role("button", name="Log the introduction").click()

    expect(page.locator("#messages")).to_contain_text("you introduced Ana Lima to Ben Okafor")
    expect(timeline.get_by_role("link", name="Introduced Ana Lima to Ben Okafor")).to_be_visible()
    page.goto(ben.get_absolute_url())
    expect(timeline.get_by_role("link", name="Introduced Ana Lima to Ben Okafor")).to_be_visible()
    browser_page.shoot("introduction-on-the-other-side")
