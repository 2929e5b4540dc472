"""Every bulk action makes as many queries on 1,000 rows as on 10: set-based writes only.

Each action runs through the admin's changelist with "select all" (as a person selecting every
row across pages would), so the counts include the admin's own reads.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import Contact, Tag
from reminders.models import Reminder, ReminderKind, ReminderStatus

SIZES = pytest.mark.parametrize("size", [10, 1000], ids=["10 rows", "1,000 rows"])

# The admin's own reads come first: session, user, its two permission reads, the changelist's
# list filter choices and counts (6 to 8). Then the action's, with the savepoint around it:
CONTACT_ACTIONS = {
    # the tags by name (insert, read), the rows with their tags, one INSERT ... SELECT per tag,
    # the search text (contacts, tags, emails, affiliations; one UPDATE), updated_at
    "add_tags": ({"tag_names": "met at conf, 2026"}, 21),
    "remove_tags": ({"tag_names": "existing"}, 20),
    # the rows, one UPDATE; then, for a change of cadence or archiving, the keep-in-touch and
    # birthday re-sync (a savepoint and its release, the contacts locked, last interactions and
    # last closed reminders, the pending keep-in-touch ones, one INSERT or one UPDATE, last
    # birthdays done and the pending ones, the after-event titles: 10); a new tier also
    # re-weighs the stored attention of Needs attention (one UPDATE); a new tier, archiving and
    # unarchiving count the network again for the dashboard (the owner locked, one count, one
    # upsert: 3)
    "set_tier": ({"tier": "close"}, 26),
    "set_cadence": ({"cadence_days": "45"}, 22),
    "set_relationship_type": ({"relationship_type": "peer"}, 12),
    "archive": ({}, 24),  # nothing to close yet, nothing to insert either
    "unarchive": ({}, 25),
    # the ids, queued for the health task once committed
    "recompute_health": ({}, 9),
    # the owners in the selection, the contacts, then each prefetched relation
    "export_csv": ({}, 14),
    "export_vcard": ({}, 14),
}
REMINDER_ACTIONS = {
    # the rows, one UPDATE
    "snooze": ({"snooze_until": "2030-01-01"}, 10),
    # the rows, the pending ones locked, one UPDATE, the series already moved on, one INSERT of
    # every next occurrence (a series dismissed goes on too, as one dismissed on its page)
    "complete": ({}, 13),
    "dismiss": ({}, 13),
}


def _contacts(owner, size):
    Contact.objects.bulk_create(
        Contact(owner=owner, display_name=f"Person {i:04}", first_name=f"P{i}") for i in range(size)
    )
    tag = Tag.objects.create(owner=owner, name="existing")
    through = Contact.tags.through
    through.objects.bulk_create(
        through(contact_id=pk, tag_id=tag.pk)
        for pk in Contact.objects.filter(owner=owner).values_list("pk", flat=True)
    )


def _post(client, url, action, params, any_id):
    return client.post(
        url, {"action": action, "select_across": "1", "_selected_action": [any_id], **params}
    )


@SIZES
@pytest.mark.parametrize("action", CONTACT_ACTIONS)
def test_a_contact_action_makes_the_same_queries_on_1000_rows_as_on_10(
    staff, staff_client, size, action, django_assert_num_queries
):
    _contacts(staff, size)
    if action == "unarchive":
        Contact.objects.filter(owner=staff).update(archived_at=timezone.now())
    params, queries = CONTACT_ACTIONS[action]
    any_id = Contact.objects.filter(owner=staff).values_list("pk", flat=True).first()

    with django_assert_num_queries(queries):
        response = _post(
            staff_client, reverse("admin:contacts_contact_changelist"), action, params, any_id
        )

    assert response.status_code in (200, 302)
    if action.startswith("export"):
        assert response.content.count(b"Person ") >= size


@SIZES
@pytest.mark.parametrize("action", REMINDER_ACTIONS)
def test_a_reminder_action_makes_the_same_queries_on_1000_rows_as_on_10(
    staff, staff_client, size, action, django_assert_num_queries
):
    contact = Contact.objects.create(owner=staff, display_name="Ana")
    today = timezone.localdate()
    Reminder.objects.bulk_create(
        Reminder(
            owner=staff,
            contact=contact,
            title=f"Call {i}",
            kind=ReminderKind.RECURRING,
            due_on=today - timedelta(days=i % 30),
            recur_every=1 + i % 3,
            recur_unit=["days", "weeks", "months", "years"][i % 4],
        )
        for i in range(size)
    )
    params, queries = REMINDER_ACTIONS[action]
    any_id = Reminder.objects.values_list("pk", flat=True).first()

    with django_assert_num_queries(queries):
        _post(staff_client, reverse("admin:reminders_reminder_changelist"), action, params, any_id)

    expected = {"snooze": ReminderStatus.SNOOZED, "complete": ReminderStatus.DONE}.get(
        action, ReminderStatus.DISMISSED
    )
    assert Reminder.objects.filter(status=expected).count() == size
    if action in ("complete", "dismiss"):
        assert Reminder.objects.filter(status=ReminderStatus.OPEN).count() == size


@pytest.mark.parametrize("size", [10, 200], ids=["10 contacts", "200 contacts"])
def test_the_contact_changelist_makes_the_same_queries_whatever_the_size(
    staff, staff_client, size, django_assert_num_queries
):
    from tests.factories import AffiliationFactory, ContactFactory, TagFactory

    tags = TagFactory.create_batch(3, owner=staff)
    for i in range(size):
        contact = ContactFactory(owner=staff, display_name=f"Person {i:03}", tags=tags[: i % 3])
        AffiliationFactory(contact=contact)

    # session, user, two permission reads; the tag filter's choices, two counts, the page with
    # its stored health, its tags, affiliations and their organizations prefetched; the date
    # drill-down's range and days
    with django_assert_num_queries(13):
        response = staff_client.get(reverse("admin:contacts_contact_changelist"))

    assert len(response.context["cl"].result_list) == min(size, 100)
