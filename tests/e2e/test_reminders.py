"""The Reminders page in a browser: snooze one, complete one and undo it, log and complete a
keep-in-touch reminder from the quick-log modal; all in place, without reloading the page."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from config.celery import app as celery_app
from contacts.services.contacts import contact_create
from interactions.models import InteractionKind
from interactions.services.interactions import interaction_log
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import reminder_create
from tests.factories import UserFactory


def test_snooze_and_complete_reminders_on_the_reminders_page(browser_page, monkeypatch):
    # No worker runs here: the health recompute queued after a log runs inline instead.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    owner = UserFactory(username="olivia", display_name="Olivia Owner", time_zone="Europe/Lisbon")
    today = timezone.localdate(timezone=owner.zone)
    ana = contact_create(owner=owner, fields={"display_name": "Ana Lima", "tier": "close"})
    ben = contact_create(owner=owner, fields={"display_name": "Ben Okafor", "cadence_days": 7})
    # Ben was last seen five weeks ago: his keep-in-touch reminder is overdue.
    interaction_log(
        owner=owner,
        occurred_at=timezone.now() - timedelta(days=35),
        kind=InteractionKind.COFFEE,
        contacts=[ben],
        summary="Coffee near the office",
    )
    deck = reminder_create(
        owner=owner, title="Send Ana the deck", due_on=today - timedelta(days=2), contact=ana
    )
    call = reminder_create(owner=owner, title="Book the venue", due_on=today)
    reminder_create(
        owner=owner,
        title="Renew the association membership",
        due_on=today + timedelta(days=20),
        kind=ReminderKind.RECURRING,
        recur_every=1,
        recur_unit="years",
    )
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Reminders").click()
    expect(page.get_by_role("heading", name="Reminders", exact=True)).to_be_visible()
    overdue = page.locator("section", has=page.get_by_role("heading", name="Overdue"))
    expect(overdue).to_contain_text("Send Ana the deck")
    expect(overdue).to_contain_text("Keep in touch with Ben Okafor")
    browser_page.shoot("reminders")
    # A page load would wipe this flag; updates in place keep it.
    page.evaluate("() => { window.rapportStillHere = true; }")

    # Snooze the deck until tomorrow, from the item's own menu.
    item = page.locator(f"#reminder-{deck.pk}")
    item.locator("summary").click()
    browser_page.shoot("snooze-menu")
    item.get_by_role("button", name="Tomorrow").click()
    expect(item).to_contain_text("Snoozed until")
    expect(item.get_by_role("button", name="Unsnooze")).to_be_visible()

    # Complete the venue, undo it, complete it again.
    item = page.locator(f"#reminder-{call.pk}")
    item.get_by_role("button", name="Done").click()
    expect(item).to_contain_text("Done today at")
    browser_page.shoot("done-with-undo")
    item.get_by_role("button", name="Undo").click()
    expect(item.get_by_role("button", name="Done")).to_be_visible()
    item.get_by_role("button", name="Done").click()
    expect(item.get_by_role("button", name="Undo")).to_be_visible()

    # Ben's keep-in-touch reminder: log the call and complete it in one step.
    keep = Reminder.objects.get(contact=ben, kind=ReminderKind.KEEP_IN_TOUCH)
    item = page.locator(f"#reminder-{keep.pk}")
    item.get_by_role("link", name="Log & done").click()
    dialog = page.get_by_role("dialog", name="Log it and mark “Keep in touch with Ben Okafor” done")
    expect(dialog).to_be_visible()
    dialog.get_by_label("Kind").select_option(label="Call")
    dialog.get_by_label("Summary").fill("Caught up on his new job")
    browser_page.shoot("log-and-done")
    dialog.get_by_role("button", name="Log it and mark done").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#messages")).to_contain_text("Done and logged")
    expect(item.get_by_role("button", name="Undo")).to_be_visible()
    assert page.evaluate("() => window.rapportStillHere") is True
    browser_page.shoot("after-the-clicks")

    assert Reminder.objects.get(pk=deck.pk).status == ReminderStatus.SNOOZED
    assert Reminder.objects.get(pk=call.pk).status == ReminderStatus.DONE
    assert Reminder.objects.get(pk=keep.pk).status == ReminderStatus.DONE
    assert ben.interactions.filter(summary="Caught up on his new job").exists()
    # His next keep-in-touch reminder counts from today's call.
    following = Reminder.objects.get(
        contact=ben, kind=ReminderKind.KEEP_IN_TOUCH, status=ReminderStatus.OPEN
    )
    assert following.due_on == today + timedelta(days=7)

    # Reloaded, each is where it now belongs.
    page.reload()
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Snoozed"))
    ).to_contain_text("Send Ana the deck")
    done = page.locator("section", has=page.get_by_role("heading", name="Done recently"))
    expect(done).to_contain_text("Book the venue")
    expect(done).to_contain_text("Keep in touch with Ben Okafor")
    browser_page.shoot("reloaded")

    # The contact page shows Ana's open reminders in a card of their own.
    page.goto(ana.get_absolute_url())
    expect(
        page.locator("section", has=page.get_by_role("heading", name="Reminders"))
    ).to_contain_text("Keep in touch with Ana Lima")
    browser_page.shoot("contact-page")


def test_a_reminder_written_from_an_event_page(browser_page):
    from interactions.services.events import event_people_add
    from tests.factories import ContactFactory, EventFactory

    owner = UserFactory(username="nora", display_name="Nora Newcomer", time_zone="Europe/Paris")
    browser_page.log_in(owner)
    page = browser_page.page

    page.goto("/reminders/")
    expect(page.get_by_role("heading", name="No reminders yet")).to_be_visible()
    browser_page.shoot("empty")

    event = EventFactory(owner=owner, name="Design systems meetup")
    event_people_add(event=event, contacts=[ContactFactory(owner=owner, display_name="Cy Park")])
    page.goto(event.get_absolute_url())
    follow_ups = page.locator("section", has=page.get_by_role("heading", name="Follow-ups"))
    expect(follow_ups).to_contain_text("Follow up with Cy Park after Design systems meetup")
    browser_page.shoot("event-page")

    follow_ups.get_by_role("link", name="Add a reminder").click()
    expect(page.get_by_label("Title")).to_have_value("Follow up on Design systems meetup")
    page.get_by_label("Title").fill("Share the meetup notes")
    page.get_by_label("Every").fill("2")
    page.get_by_label("Repeats").select_option(label="weeks")
    page.get_by_label("At", exact=True).fill("09:30")
    browser_page.shoot("form")
    page.get_by_role("button", name="Add the reminder").click()

    expect(page.locator("#messages")).to_contain_text("Reminder added: Share the meetup notes")
    follow_ups.get_by_role("link", name="Share the meetup notes").click()
    expect(page.get_by_role("heading", name="Share the meetup notes")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("every 2 weeks")
    browser_page.shoot("detail")
    reminder = Reminder.objects.get(title="Share the meetup notes")
    assert (reminder.kind, reminder.event, reminder.due_time.hour) == (
        ReminderKind.RECURRING,
        event,
        9,
    )
