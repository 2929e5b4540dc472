"""The reminder pages: the list and its sections, detail, create (from a contact, an event, the
quick log), edit, delete; done, snooze, dismiss and undo with htmx and without JavaScript; done
and log the interaction in one step."""

import re
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from contacts.services.contacts import contact_create
from interactions.models import InteractionKind
from reminders.models import Reminder, ReminderKind, ReminderStatus
from reminders.services import reminder_complete, reminder_snooze
from tests.factories import ContactFactory, EventFactory, ReminderFactory

pytestmark = pytest.mark.django_db

# Wednesday 10 June 2026, 11:00 in Paris (the owner's zone).
NOW = datetime(2026, 6, 10, 9, 0, tzinfo=UTC)
TODAY = date(2026, 6, 10)
LIST_URL = reverse("reminders:reminder_list")
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(name: str, reminder) -> str:
    return reverse(f"reminders:{name}", args=[reminder.pk])


def refreshed(reminder) -> Reminder:
    return Reminder.objects.get(pk=reminder.pk)


@pytest.fixture
def ana(owner):
    return ContactFactory(owner=owner, display_name="Ana López")


def test_it_checks_ownership(owner, stranger_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana, title="Send Ana the deck")

    for name in ("reminder_detail", "reminder_update", "reminder_delete", "reminder_complete_log"):
        assert stranger_client.get(url(name, reminder)).status_code == 404, name
    for name in ("reminder_complete", "reminder_dismiss", "reminder_reopen", "reminder_snooze"):
        response = stranger_client.post(url(name, reminder), {"until": "tomorrow"}, **HTMX)
        assert response.status_code == 404, name
    assert stranger_client.post(url("reminder_delete", reminder)).status_code == 404
    # Creating "about" another user's contact or event is a 404 too, before any form.
    create = reverse("reminders:reminder_create")
    assert stranger_client.get(create, {"contact": ana.pk}).status_code == 404
    assert stranger_client.get(create, {"event": EventFactory(owner=owner).pk}).status_code == 404
    assert "Send Ana the deck" not in stranger_client.get(LIST_URL).content.decode()
    assert refreshed(reminder).status == ReminderStatus.OPEN


def test_a_new_user_sees_what_reminders_will_do(owner_client):
    page = owner_client.get(LIST_URL).content.decode()

    assert "No reminders yet" in page
    assert "keep in touch" in page


def test_the_list_puts_each_reminder_in_its_section(owner, owner_client, ana):
    ReminderFactory(owner=owner, contact=ana, title="Late one", due_on=date(2026, 6, 1))
    ReminderFactory(owner=owner, contact=ana, title="Today's", due_on=TODAY)
    ReminderFactory(owner=owner, contact=ana, title="Later", due_on=date(2026, 6, 20))
    snoozed = ReminderFactory(owner=owner, contact=ana, title="Snoozed one", due_on=TODAY)
    reminder_snooze(reminder=snoozed, until=date(2026, 6, 12))
    done = ReminderFactory(owner=owner, contact=ana, title="Done one", due_on=TODAY)
    reminder_complete(reminder=done)

    response = owner_client.get(LIST_URL)

    sections = {s.name: [r.title for r in s.reminders] for s in response.context["sections"]}
    assert sections == {
        "overdue": ["Late one"],
        "today": ["Today's"],
        "upcoming": ["Later"],
        "snoozed": ["Snoozed one"],
        "done": ["Done one"],
    }
    page = response.content.decode()
    assert "Overdue</span> · due Mon 1 Jun" in page
    assert "Snoozed until Fri 12 Jun" in page


def test_a_birthday_in_its_notice_week_is_among_todays(owner, owner_client):
    contact_create(
        owner=owner,
        fields={"display_name": "Ben", "birthday_day": 14, "birthday_month": 6},
    )

    response = owner_client.get(LIST_URL, {"kind": ReminderKind.BIRTHDAY})

    today = next(s for s in response.context["sections"] if s.name == "today")
    assert [r.title for r in today.reminders] == ["Ben's birthday"]
    assert "In 4\xa0days" in response.content.decode()


def test_a_long_section_shows_its_first_ones_and_a_link_to_all_of_them(owner, owner_client, ana):
    for day in range(1, 9):
        ReminderFactory(owner=owner, contact=ana, due_on=date(2026, 5, day), title=f"Late {day}")
        ReminderFactory(owner=owner, contact=ana, due_on=date(2026, 5, day + 10))

    page = owner_client.get(LIST_URL).content.decode()
    assert "See all 16" in page
    assert "6 more overdue" in page

    section = owner_client.get(LIST_URL, {"section": "overdue", "kind": "follow_up"})
    assert section.context["page"].paginator.count == 16


def test_done_with_htmx_answers_the_item_with_undo(owner, owner_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana, title="Send the deck")

    response = owner_client.post(url("reminder_complete", reminder), **HTMX)

    page = response.content.decode()
    assert response.templates[0].name == "reminders/_reminder_item.html"
    assert f'id="reminder-{reminder.pk}"' in page
    assert "Done today at 11:00" in page  # the owner's clock (Paris)
    assert url("reminder_reopen", reminder) in page
    assert refreshed(reminder).status == ReminderStatus.DONE

    undone = owner_client.post(url("reminder_reopen", reminder), **HTMX)
    assert url("reminder_complete", reminder) in undone.content.decode()
    assert refreshed(reminder).status == ReminderStatus.OPEN


def test_log_and_done_is_offered_for_a_reminder_about_someone_to_keep_in_touch_with(
    owner, owner_client, ana
):
    offered = [
        ReminderFactory(owner=owner, contact=ana, kind=kind)
        for kind in (ReminderKind.FOLLOW_UP, ReminderKind.KEEP_IN_TOUCH, ReminderKind.AFTER_EVENT)
    ]
    not_offered = [
        ReminderFactory(owner=owner, contact=None, kind=ReminderKind.FOLLOW_UP),
        ReminderFactory(owner=owner, contact=ana, kind=ReminderKind.RECURRING),
        ReminderFactory(owner=owner, contact=ana, kind=ReminderKind.BIRTHDAY),
    ]

    page = owner_client.get(LIST_URL).content.decode()

    for reminder in offered:
        assert url("reminder_complete_log", reminder) in page, reminder.kind
    for reminder in not_offered:
        assert url("reminder_complete", reminder) in page, reminder.kind
        assert url("reminder_complete_log", reminder) not in page, reminder.kind


def test_each_form_of_an_item_carries_the_csrf_token(owner, owner_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana)

    open_item = owner_client.post(url("reminder_snooze", reminder), {"until": "x"}, **HTMX)
    closed_item = owner_client.post(url("reminder_complete", reminder), **HTMX)

    for item in (open_item.content.decode(), closed_item.content.decode()):
        tokens = re.findall(r'name="csrfmiddlewaretoken" value="(\w+)"', item)
        assert len(tokens) == item.count("<form") > 0
        assert all(tokens)
    assert "reminder-closed" not in open_item.content.decode()
    assert "reminder-closed" in closed_item.content.decode()


def test_done_without_javascript_goes_back_to_the_page_it_came_from(owner, owner_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana)

    response = owner_client.post(
        url("reminder_complete", reminder), {"next": ana.get_absolute_url()}
    )

    assert response.status_code == 302
    assert response["Location"] == ana.get_absolute_url()
    assert refreshed(reminder).status == ReminderStatus.DONE


def test_a_next_to_another_site_is_ignored(owner, owner_client):
    reminder = ReminderFactory(owner=owner)

    response = owner_client.post(
        url("reminder_dismiss", reminder), {"next": "https://evil.example/"}
    )

    assert response["Location"] == LIST_URL
    assert refreshed(reminder).status == ReminderStatus.DISMISSED


def test_the_actions_are_post_only(owner, owner_client):
    reminder = ReminderFactory(owner=owner)

    for name in ("reminder_complete", "reminder_dismiss", "reminder_reopen", "reminder_snooze"):
        assert owner_client.get(url(name, reminder)).status_code == 405
    assert refreshed(reminder).status == ReminderStatus.OPEN


@pytest.mark.parametrize(
    ("until", "expected"),
    [
        ("tomorrow", date(2026, 6, 11)),
        ("next_week", date(2026, 6, 15)),
        ("2026-07-01", date(2026, 7, 1)),
    ],
)
def test_snooze_tomorrow_next_week_or_a_day_picked(owner, owner_client, until, expected):
    reminder = ReminderFactory(owner=owner)

    response = owner_client.post(url("reminder_snooze", reminder), {"until": until}, **HTMX)

    assert (refreshed(reminder).status, refreshed(reminder).snoozed_until) == (
        ReminderStatus.SNOOZED,
        expected,
    )
    assert "Unsnooze" in response.content.decode()


@pytest.mark.parametrize(
    ("until", "message"),
    [("", "Pick the day"), ("soon", "Pick the day"), ("2026-06-10", "a day after today")],
)
def test_a_bad_snooze_says_why_and_changes_nothing(owner, owner_client, until, message):
    reminder = ReminderFactory(owner=owner)

    response = owner_client.post(url("reminder_snooze", reminder), {"until": until}, **HTMX)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert refreshed(reminder).status == ReminderStatus.OPEN


def test_a_bad_snooze_without_javascript_says_why_on_the_page_it_came_from(owner, owner_client):
    reminder = ReminderFactory(owner=owner)

    response = owner_client.post(url("reminder_snooze", reminder), {"until": "soon"}, follow=True)

    assert "Pick the day it should come back." in response.content.decode()


def test_the_detail_page_shows_the_reminder_and_what_it_is_about(owner, owner_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana, note="Ask about **Lisbon**")

    page = owner_client.get(reminder.get_absolute_url()).content.decode()

    assert "<strong>Lisbon</strong>" in page
    assert ana.get_absolute_url() in page
    assert url("reminder_delete", reminder) in page


def test_create_from_a_contact_page_fills_it_in_and_goes_back_there(owner, owner_client, ana):
    create = reverse("reminders:reminder_create")
    form = owner_client.get(create, {"contact": ana.pk}).context["form"]
    assert form.initial["title"] == "Follow up with Ana López"
    assert form.initial["due_on"] == date(2026, 6, 17)

    response = owner_client.post(
        f"{create}?contact={ana.pk}",
        {
            "title": "Send Ana the article",
            "due_on": "2026-06-12",
            "due_time": "15:30",
            "recur_every": "1",
            "recur_unit": "",
            "notice_days": "0",
            "contact": ana.pk,
            "note": "",
        },
    )

    assert response["Location"] == ana.get_absolute_url()
    reminder = Reminder.objects.get()
    assert (reminder.title, reminder.kind, reminder.contact, reminder.due_time.hour) == (
        "Send Ana the article",
        ReminderKind.FOLLOW_UP,
        ana,
        15,
    )


def test_create_a_recurring_reminder_from_an_event(owner, owner_client):
    event = EventFactory(owner=owner, name="PyCon")
    create = reverse("reminders:reminder_create")

    response = owner_client.post(
        f"{create}?event={event.pk}",
        {
            "title": "Review the talks",
            "due_on": "2026-06-15",
            "recur_every": "2",
            "recur_unit": "weeks",
            "notice_days": "0",
            "event": event.pk,
        },
    )

    assert response["Location"] == event.get_absolute_url()
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.recur_every, reminder.recur_unit, reminder.event) == (
        ReminderKind.RECURRING,
        2,
        "weeks",
        event,
    )


def test_the_form_refuses_another_users_contact_and_an_empty_title(owner_client, stranger):
    response = owner_client.post(
        reverse("reminders:reminder_create"),
        {
            "title": "",
            "due_on": "2026-06-15",
            "notice_days": "0",
            "recur_unit": "weeks",
            "recur_every": "",
            "contact": ContactFactory(owner=stranger).pk,
        },
    )

    form = response.context["form"]
    assert set(form.errors) == {"title", "contact", "recur_every"}
    assert not Reminder.objects.exists()


def test_editing_a_keep_in_touch_reminder_offers_only_what_the_rule_leaves(owner, owner_client):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    reminder = Reminder.objects.get(contact=contact)

    form = owner_client.get(url("reminder_update", reminder)).context["form"]
    assert set(form.fields) == {"due_time", "notice_days", "note"}

    owner_client.post(
        url("reminder_update", reminder),
        {"due_on": "2030-01-01", "title": "Hacked", "notice_days": "2", "note": "Call"},
    )
    edited = refreshed(reminder)
    assert (edited.title, edited.due_on, edited.notice_days, edited.note) == (
        reminder.title,
        reminder.due_on,
        2,
        "Call",
    )


def test_deleting_ones_own_reminder_and_not_a_rules(owner, owner_client):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    keep = Reminder.objects.get(contact=contact)
    mine = ReminderFactory(owner=owner)

    refused = owner_client.post(url("reminder_delete", keep))
    assert "cannot be deleted" in refused.content.decode()
    response = owner_client.post(url("reminder_delete", mine))

    assert response["Location"] == LIST_URL
    assert list(Reminder.objects.values_list("pk", flat=True)) == [keep.pk]


def test_log_and_done_in_the_modal_logs_the_interaction_and_closes_it(owner, owner_client):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    keep = Reminder.objects.get(contact=contact)
    log_url = url("reminder_complete_log", keep)

    form = owner_client.get(log_url, **HTMX)
    assert form.templates[0].name == "reminders/_complete_log.html"
    assert f'value="{contact.pk}" selected' in form.content.decode()

    response = owner_client.post(
        log_url,
        {
            "participants": [contact.pk],
            "kind": InteractionKind.CALL,
            "date": "2026-06-10",
            "time": "10:30",
            "summary": "Caught up on the move",
            "initiated_by": "me",
        },
        **HTMX,
    )

    assert response.status_code == 200
    assert "interactionLogged" in response["HX-Trigger"]
    assert f'hx-swap-oob="outerHTML:#reminder-{keep.pk}"' in response.content.decode()
    assert refreshed(keep).status == ReminderStatus.DONE
    assert contact.interactions.get().summary == "Caught up on the move"
    assert Reminder.objects.get(contact=contact, status=ReminderStatus.OPEN).due_on == date(
        2026, 9, 8
    )


def test_log_and_done_without_javascript_is_a_page_that_redirects_back(owner, owner_client, ana):
    reminder = ReminderFactory(owner=owner, contact=ana)
    log_url = url("reminder_complete_log", reminder)

    assert owner_client.get(log_url).templates[0].name == "reminders/reminder_complete_log.html"
    invalid = owner_client.post(log_url, {"kind": "call", "date": "", "initiated_by": "me"})
    assert invalid.context["form"].errors
    assert refreshed(reminder).status == ReminderStatus.OPEN

    response = owner_client.post(
        log_url,
        {
            "participants": [ana.pk],
            "kind": "call",
            "date": "2026-06-10",
            "initiated_by": "me",
            "next": ana.get_absolute_url(),
        },
    )
    assert response["Location"] == ana.get_absolute_url()
    assert refreshed(reminder).status == ReminderStatus.DONE


def test_follow_up_in_two_weeks_from_the_quick_log(owner, owner_client, ana):
    response = owner_client.post(
        reverse("interactions:interaction_create"),
        {
            "participants": [ana.pk],
            "kind": "coffee",
            "date": "2026-06-10",
            "summary": "Talked about the job",
            "initiated_by": "mutual",
            "follow_up_in": "14",
        },
        **HTMX,
    )

    assert "Follow-up on Wednesday 24 June." in response.content.decode()
    reminder = Reminder.objects.get(kind=ReminderKind.FOLLOW_UP)
    assert (reminder.contact, reminder.due_on, reminder.title) == (
        ana,
        date(2026, 6, 24),
        "Follow up with Ana López",
    )


def test_the_interaction_edit_form_has_no_follow_up(owner, owner_client, ana):
    interaction = owner_client.post(
        reverse("interactions:interaction_create"),
        {"participants": [ana.pk], "kind": "call", "date": "2026-06-09", "initiated_by": "me"},
    )
    assert interaction.status_code == 302
    edit = owner_client.get(
        reverse("interactions:interaction_update", args=[ana.interactions.get().pk])
    )

    assert "follow_up_in" not in edit.context["form"].fields
    assert not Reminder.objects.filter(kind=ReminderKind.FOLLOW_UP).exists()


def test_the_contact_page_shows_its_pending_reminders(owner, owner_client):
    contact = contact_create(owner=owner, fields={"display_name": "Ana"})
    ReminderFactory(owner=owner, contact=contact, title="Send the book")
    ReminderFactory(owner=owner, contact=contact, title="Old one", status=ReminderStatus.DONE)

    page = owner_client.get(contact.get_absolute_url()).content.decode()

    assert "Send the book" in page
    assert "Keep in touch with Ana" in page
    assert "Old one" not in page
    assert f"{reverse('reminders:reminder_create')}?contact={contact.pk}" in page


def test_the_event_page_shows_its_follow_ups(owner, owner_client):
    from interactions.services.events import event_people_add

    event = EventFactory(owner=owner, name="Meetup")
    event_people_add(event=event, contacts=[ContactFactory(owner=owner, display_name="Cy")])

    page = owner_client.get(event.get_absolute_url()).content.decode()

    assert "Follow up with Cy after Meetup" in page


def test_a_reminder_back_from_its_snooze_is_todays_that_day(owner, owner_client, ana):
    from reminders.services import reminders_materialize

    reminder = ReminderFactory(
        owner=owner, contact=ana, title="Back today", due_on=date(2026, 6, 1)
    )
    reminder_snooze(reminder=reminder, until=date(2026, 6, 12))
    with time_machine.travel(datetime(2026, 6, 12, 6, 0, tzinfo=UTC), tick=False):
        reminders_materialize()

        response = owner_client.get(LIST_URL)

    today = next(s for s in response.context["sections"] if s.name == "today")
    assert [r.title for r in today.reminders] == ["Back today"]
    assert (
        '<span class="fw-semibold text-success-emphasis">Today</span>' in response.content.decode()
    )
