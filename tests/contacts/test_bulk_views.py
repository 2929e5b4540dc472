"""The contact list's bulk edit: tick rows (or all matching), choose an action, confirm."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from contacts.models import Contact
from tests.factories import ContactEmailFactory, ContactFactory, TagFactory

BULK = reverse("contacts:contact_bulk")


@pytest.fixture
def people(owner):
    return [
        ContactFactory(
            owner=owner, display_name=f"Person {i}", tier="network" if i % 2 else "close"
        )
        for i in range(4)
    ]


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_list_offers_a_checkbox_per_row_and_the_bulk_bar(owner_client, people):
    page = owner_client.get(reverse("contacts:contact_list")).content.decode()

    assert page.count('name="contacts"') == 4
    assert f'action="{BULK}"' in page
    assert "Add tags" in page


def test_tagging_ticked_rows_asks_first_then_tags_them(owner_client, people):
    data = {"action": "tag", "contacts": [people[0].pk, people[1].pk], "tag_names": "Mentor, 2026"}

    confirm = owner_client.post(BULK, data)

    assert confirm.status_code == 200
    assert confirm.context["count"] == 2
    assert "Add “Mentor”, “2026” to 2 contacts?" in confirm.content.decode()
    assert not Contact.tags.through.objects.exists()

    done = owner_client.post(BULK, {**data, "confirmed": "on"})

    assert done.status_code == 302
    assert _messages(done) == ["Done: add “Mentor”, “2026” to 2 contacts."]
    assert sorted(people[0].tags.values_list("name", flat=True)) == ["2026", "Mentor"]
    assert not people[2].tags.exists()


def test_all_matching_changes_exactly_what_the_filter_shows(owner_client, owner, people):
    ContactFactory(
        owner=owner, display_name="Archived close", tier="close"
    ).__class__.objects.filter(display_name="Archived close").update(
        archived_at="2026-01-01T00:00:00Z"
    )

    response = owner_client.post(
        BULK,
        {
            "action": "tier",
            "everything": "on",
            "filter": "tier=close",
            "new_tier": "inner",
            "confirmed": "on",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("contacts:contact_list") + "?tier=close"
    assert set(Contact.objects.filter(tier="inner").values_list("display_name", flat=True)) == {
        "Person 0",
        "Person 2",
    }
    assert Contact.objects.get(display_name="Archived close").tier == "close"


@pytest.mark.parametrize(
    ("data", "field", "value"),
    [
        ({"action": "cadence", "new_cadence": "21"}, "cadence_days", 21),
        (
            {"action": "relationship", "new_relationship_type": "mentor"},
            "relationship_type",
            "mentor",
        ),
    ],
)
def test_cadence_and_relationship_are_set_after_confirming(
    owner_client, people, data, field, value
):
    owner_client.post(BULK, {**data, "contacts": [people[0].pk], "confirmed": "on"})

    assert getattr(Contact.objects.get(pk=people[0].pk), field) == value
    assert getattr(Contact.objects.get(pk=people[1].pk), field) != value


def test_archive_and_unarchive(owner_client, people):
    owner_client.post(BULK, {"action": "archive", "contacts": [people[0].pk], "confirmed": "on"})
    assert Contact.objects.get(pk=people[0].pk).archived_at is not None

    owner_client.post(BULK, {"action": "unarchive", "contacts": [people[0].pk], "confirmed": "on"})
    assert Contact.objects.get(pk=people[0].pk).archived_at is None


def test_untagging_removes_the_tag(owner_client, owner, people):
    tag = TagFactory(owner=owner, name="old")
    people[0].tags.add(tag)

    owner_client.post(
        BULK, {"action": "untag", "contacts": [people[0].pk], "tag_names": "OLD", "confirmed": "on"}
    )

    assert not people[0].tags.exists()


def test_export_selected_answers_with_the_file(owner_client, people):
    ContactEmailFactory(contact=people[0], email="zero@example.org")

    csv = owner_client.post(BULK, {"action": "export_csv", "contacts": [people[0].pk]})
    vcard = owner_client.post(BULK, {"action": "export_vcard", "contacts": [people[0].pk]})

    assert csv["Content-Type"].startswith("text/csv")
    assert "zero@example.org" in csv.content.decode()
    assert "Person 1" not in csv.content.decode()
    assert vcard.content.decode().count("BEGIN:VCARD") == 1


def test_merge_with_two_ticked_goes_to_the_merge_page(owner_client, people):
    response = owner_client.post(
        BULK, {"action": "merge", "contacts": [people[2].pk, people[1].pk]}
    )

    assert response["Location"] == reverse(
        "contacts:contact_merge", args=[people[1].pk, people[2].pk]
    )


def test_merge_needs_exactly_two(owner_client, people):
    response = owner_client.post(BULK, {"action": "merge", "contacts": [people[0].pk]})

    assert response.status_code == 302
    assert _messages(response) == ["Tick exactly two contacts to merge them."]


def test_nothing_ticked_says_what_to_do(owner_client, people):
    nothing = owner_client.post(BULK, {"action": "archive"})

    assert _messages(nothing) == ["Tick the contacts to change, or choose all matching."]


def test_a_missing_value_says_which(owner_client, people):
    no_tags = owner_client.post(BULK, {"action": "tag", "contacts": [people[0].pk]})

    assert _messages(no_tags) == ["Type the tags."]


def test_get_is_not_allowed(owner_client):
    assert owner_client.get(BULK).status_code == 405


def test_it_checks_ownership(stranger_client, people):
    ids = [p.pk for p in people]

    confirm = stranger_client.post(BULK, {"action": "archive", "contacts": ids})
    stranger_client.post(BULK, {"action": "archive", "contacts": ids, "confirmed": "on"})
    stranger_client.post(BULK, {"action": "archive", "everything": "on", "confirmed": "on"})
    export = stranger_client.post(BULK, {"action": "export_csv", "contacts": ids})

    assert confirm.context["count"] == 0
    assert not Contact.objects.filter(archived_at__isnull=False).exists()
    assert "Person" not in export.content.decode()


@pytest.mark.parametrize("size", [10, 1000], ids=["10 contacts", "1,000 contacts"])
def test_tagging_all_matching_makes_the_same_queries_on_1000_as_on_10(
    owner_client, owner, size, django_assert_num_queries
):
    Contact.objects.bulk_create(Contact(owner=owner, display_name=f"P {i}") for i in range(size))
    data = {"action": "tag", "everything": "on", "filter": "", "tag_names": "conf"}

    # session, user; count, ten names
    with django_assert_num_queries(4):
        owner_client.post(BULK, data)
    # session, user; savepoint, the tag (insert, read), the rows with their tags, one INSERT ...
    # SELECT, the search text (contacts, tags, emails, affiliations; one UPDATE), updated_at,
    # release
    with django_assert_num_queries(14):
        owner_client.post(BULK, {**data, "confirmed": "on"})
    assert Contact.tags.through.objects.count() == size
