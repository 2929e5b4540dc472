"""The dashboard in a browser: the demo network's cards and charts, quick search with the
keyboard, the quick log from Needs attention, and axe-core's accessibility scan of the main pages.
"""

import io
import re
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from config.celery import app as celery_app
from contacts.models import Contact
from contacts.services.contacts import contact_create
from interactions.models import ContactHealth, InteractionKind
from interactions.services.interactions import interaction_log
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import reminder_create
from tests.e2e.accessibility import assert_accessible
from tests.factories import ContactFactory, EventFactory, OrganizationFactory, UserFactory


def demo_user() -> User:
    call_command(
        "seed_demo",
        "--contacts",
        "60",
        "--organizations",
        "12",
        "--interactions",
        "600",
        "--allow-without-debug",
        stdout=io.StringIO(),
    )
    return User.objects.get(username="demo")


def test_the_dashboard_shows_the_demo_network_and_passes_an_accessibility_scan(browser_page):
    demo = demo_user()
    page = browser_page.page
    browser_page.log_in(demo)

    page.goto("/")
    expect(page.get_by_role("heading", name=f"Hello, {demo}")).to_be_visible()
    for title in ("Needs attention", "Coming up", "Recent activity"):
        expect(page.get_by_role("heading", name=title)).to_be_visible()
    attention = page.locator("#card-attention li")
    expect(attention.first).to_be_visible()
    expect(page.locator("#card-recent li")).to_have_count(8)
    # Every chart was drawn, and says the same in words.
    for key in ("bands", "weekly", "value", "tiers"):
        expect(page.locator(f"#chart-{key}")).to_be_visible()
        assert page.evaluate(f"() => Boolean(Chart.getChart('chart-{key}'))"), key
        expect(page.locator(f"#chart-{key}-text")).to_contain_text(re.compile(r"\d"))
    browser_page.shoot("dashboard")
    assert_accessible(page)

    page.goto("/contacts/")
    expect(page.locator("#contact-results li.list-group-item").first).to_be_visible()
    assert_accessible(page)

    page.goto(Contact.objects.filter(owner=demo, health__isnull=False).first().get_absolute_url())
    expect(page.locator("#contact-health")).to_contain_text("out of 100")
    assert_accessible(page)

    # Log from Needs attention: the modal opens with that person already picked.
    page.goto("/")
    first = page.locator("#card-attention li").first
    name = first.locator("a.fw-semibold").inner_text()
    first.get_by_role("link", name=re.compile("^Log")).click()
    dialog = page.get_by_role("dialog", name="Log an interaction")
    expect(dialog).to_be_visible()
    expect(dialog.locator(".ts-control .item")).to_have_text([re.compile(f"^{re.escape(name)}")])
    browser_page.shoot("quick-log-from-attention")
    assert_accessible(page)


def test_quick_search_finds_a_contact_by_part_of_a_name_from_the_keyboard(browser_page):
    owner = UserFactory(username="olivia", display_name="Olivia Owner")
    ContactFactory(
        owner=owner, first_name="Anastasia", last_name="Lima", display_name="Anastasia Lima"
    )
    ContactFactory(owner=owner, first_name="Ben", last_name="Okafor", display_name="Ben Okafor")
    OrganizationFactory(owner=owner, name="Anaconda Labs")
    EventFactory(owner=owner, name="Analytics meetup")
    from contacts.services.search import contacts_refresh_search_text

    contacts_refresh_search_text(contact_ids=Contact.objects.values_list("pk", flat=True))
    browser_page.log_in(owner)
    page = browser_page.page
    page.goto("/")
    search = page.get_by_role("searchbox", name="Search contacts, organizations and events")

    # "/" jumps to the search from anywhere on the page...
    page.locator("body").press("/")
    expect(search).to_be_focused()
    # ...and typing there types, it does not trigger another shortcut ("l" is the quick log's).
    search.press_sequentially("stasia l", delay=40)
    results = page.locator("#nav-search-results")
    expect(results.get_by_role("link", name="Anastasia Lima")).to_be_visible()
    expect(page.get_by_role("dialog", name="Log an interaction")).to_be_hidden()
    search.fill("")
    search.press_sequentially("ana", delay=40)
    expect(results.get_by_role("link", name="Anaconda Labs")).to_be_visible()
    expect(results.get_by_role("link", name=re.compile("^Analytics meetup"))).to_be_visible()
    expect(results).not_to_contain_text("Ben Okafor")
    browser_page.shoot("search-dropdown")
    assert_accessible(page)

    # Arrow keys move through the results, Escape closes them, Enter opens one.
    search.press("ArrowDown")
    expect(results.get_by_role("link", name="Anastasia Lima")).to_be_focused()
    page.keyboard.press("Escape")
    expect(search).to_be_focused()
    expect(results).to_be_hidden()
    search.press_sequentially("s", delay=40)
    expect(results.get_by_role("link", name="Anastasia Lima")).to_be_visible()
    search.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Anastasia Lima", exact=True)).to_be_visible()

    # Enter in the field itself opens the page of every result.
    search.fill("ana")
    expect(results.get_by_role("link", name="Anaconda Labs")).to_be_visible()
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=ana$"))
    expect(page.get_by_role("main").get_by_role("link", name="Anaconda Labs")).to_be_visible()
    browser_page.shoot("search-page")

    # "l" opens the quick log, "?" the list of shortcuts.
    page.locator("body").press("l")
    dialog = page.get_by_role("dialog", name="Log an interaction")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_be_hidden()
    page.locator("body").press("?")
    expect(page.get_by_role("dialog", name="Keyboard shortcuts")).to_be_visible()
    browser_page.shoot("shortcuts")


def test_a_new_user_is_shown_the_first_steps(browser_page):
    browser_page.log_in(UserFactory(username="newcomer", display_name="Nora Newcomer"))
    page = browser_page.page

    page.goto("/")
    expect(page.get_by_role("heading", name="Your network starts here")).to_be_visible()
    expect(page.get_by_role("link", name="Add your first contact")).to_be_visible()
    browser_page.shoot("first-steps")
    assert_accessible(page)

    # The first step's quick log opens in place.
    page.get_by_role("main").get_by_role("link", name="Log an interaction").click()
    expect(page.get_by_role("dialog", name="Log an interaction")).to_be_visible()


def test_today_snooze_leaves_the_card_and_log_and_done_moves_health_and_timeline(
    browser_page, monkeypatch
):
    # No worker runs here: the health recompute queued after a log runs inline instead.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    owner = UserFactory(username="olivia", display_name="Olivia Owner", time_zone="Europe/Lisbon")
    today = timezone.localdate(timezone=owner.zone)
    ana = contact_create(owner=owner, fields={"display_name": "Ana Lima", "tier": "close"})
    ben = contact_create(owner=owner, fields={"display_name": "Ben Okafor", "cadence_days": 7})
    # Ben was last seen five weeks ago: his health is low and his keep-in-touch reminder overdue.
    interaction_log(
        owner=owner,
        occurred_at=timezone.now() - timedelta(days=35),
        kind=InteractionKind.COFFEE,
        contacts=[ben],
        summary="Coffee near the office",
    )
    deck = reminder_create(owner=owner, title="Send Ana the deck", due_on=today, contact=ana)
    keep = Reminder.objects.get(contact=ben, kind=ReminderKind.KEEP_IN_TOUCH)
    score_before = ContactHealth.objects.get(contact=ben).score
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/")
    today_card = page.locator("#card-today")
    expect(today_card.locator(f"#reminder-{deck.pk}")).to_be_visible()
    expect(today_card.locator(f"#reminder-{keep.pk}")).to_be_visible()
    browser_page.shoot("today")
    assert_accessible(page)
    page.evaluate("() => { window.rapportStillHere = true; }")

    # Snooze the deck until tomorrow: Unsnooze is offered for a few seconds, then it leaves.
    item = today_card.locator(f"#reminder-{deck.pk}")
    item.locator("summary").click()
    item.get_by_role("button", name="Tomorrow").click()
    expect(item.get_by_role("button", name="Unsnooze")).to_be_visible()
    browser_page.shoot("snoozed-with-undo")
    expect(item).to_have_count(0, timeout=12_000)
    assert Reminder.objects.get(pk=deck.pk).status == ReminderStatus.SNOOZED

    # Ben: log the call and mark it done in one step, from the dashboard.
    today_card.locator(f"#reminder-{keep.pk}").get_by_role("link", name="Log & done").click()
    dialog = page.get_by_role("dialog", name=re.compile("^Log it and mark"))
    expect(dialog).to_be_visible()
    dialog.get_by_label("Kind").select_option(label="Call")
    dialog.get_by_label("Summary").fill("Caught up on his new job")
    dialog.get_by_role("button", name="Log it and mark done").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("Done and logged")
    # The cards reloaded in place: the call is the latest activity, nothing is due any more.
    expect(page.locator("#card-recent")).to_contain_text("Caught up on his new job")
    expect(page.locator("#card-today")).to_contain_text("Nothing due today.")
    assert page.evaluate("() => window.rapportStillHere") is True
    browser_page.shoot("after-log-and-done")

    # Ben's page: the call on his timeline, and a better score than before.
    page.goto(ben.get_absolute_url())
    expect(page.locator("#contact-timeline")).to_contain_text("Caught up on his new job")
    score_after = ContactHealth.objects.get(contact=ben).score
    assert score_after > score_before
    expect(page.locator("#contact-health")).to_contain_text(str(score_after))
    assert Reminder.objects.get(pk=keep.pk).status == ReminderStatus.DONE
