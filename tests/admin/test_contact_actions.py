"""Each admin action on a selection mixing the staff user's contacts and a stranger's: only the
staff user's change, and the message says how many did."""

import pytest
from django.urls import reverse

from contacts.models import Contact, Tag
from tests.factories import ContactFactory, TagFactory

CHANGELIST = reverse("admin:contacts_contact_changelist")


@pytest.fixture
def mixed(staff, stranger):
    mine = [ContactFactory(owner=staff, display_name=f"Mine {i}") for i in range(2)]
    theirs = [ContactFactory(owner=stranger, display_name="Theirs")]
    old = TagFactory(owner=staff, name="old")
    for contact in mine:
        contact.tags.add(old)
    theirs[0].tags.add(TagFactory(owner=stranger, name="old"))
    return {"mine": mine, "theirs": theirs, "ids": [c.pk for c in mine + theirs]}


def _run(client, action, ids, **params):
    """The messages the action left, read (and so consumed) by following its redirect."""
    data = {"action": action, "_selected_action": ids, **params}
    response = client.post(CHANGELIST, data, follow=True)
    return [str(m) for m in response.context["messages"]]


def _values(contacts, field):
    return [getattr(Contact.objects.get(pk=c.pk), field) for c in contacts]


@pytest.mark.parametrize(
    ("action", "params", "field", "mine_after", "message"),
    [
        ("set_tier", {"tier": "inner"}, "tier", "inner", "Set to Inner circle: 2 contacts."),
        (
            "set_cadence",
            {"cadence_days": "20"},
            "cadence_days",
            20,
            "Set to every 20 days: 2 contacts.",
        ),
        (
            "set_relationship_type",
            {"relationship_type": "mentor"},
            "relationship_type",
            "mentor",
            "Set to Mentor: 2 contacts.",
        ),
    ],
)
def test_a_set_action_changes_only_the_staff_users_contacts(
    staff_client, mixed, action, params, field, mine_after, message
):
    theirs_before = _values(mixed["theirs"], field)

    assert _run(staff_client, action, mixed["ids"], **params) == [message]

    assert _values(mixed["mine"], field) == [mine_after, mine_after]
    assert _values(mixed["theirs"], field) == theirs_before


def test_add_and_remove_tags(staff_client, staff, stranger, mixed):
    added = _run(staff_client, "add_tags", mixed["ids"], tag_names="conf, old")
    assert added == ["Tagged “conf, old”: 2 contacts."]
    assert Tag.objects.filter(name="conf").get().owner == staff
    assert not mixed["theirs"][0].tags.filter(name="conf").exists()

    removed = _run(staff_client, "remove_tags", mixed["ids"], tag_names="old")
    assert removed == ["Removed “old” from 2 of 2 contacts."]
    assert list(mixed["theirs"][0].tags.values_list("name", flat=True)) == ["old"]


def test_an_action_without_its_value_says_what_is_missing(staff_client, mixed):
    assert _run(staff_client, "add_tags", mixed["ids"]) == [
        "Type the tags to add in the Tags field."
    ]
    assert _run(staff_client, "set_tier", mixed["ids"]) == ["Pick a closeness to set."]
    assert _run(staff_client, "set_cadence", mixed["ids"], cadence_days="0") == [
        "A cadence is 1 to 3650 days."
    ]


def test_archive_then_unarchive(staff_client, mixed):
    assert _run(staff_client, "archive", mixed["ids"]) == ["Archived 2 contacts."]
    assert all(_values(mixed["mine"], "archived_at"))
    assert _values(mixed["theirs"], "archived_at") == [None]

    assert _run(staff_client, "unarchive", mixed["ids"]) == [
        "Brought back 2 contacts; 0 were not archived."
    ]


def test_exports_hold_only_the_staff_users_contacts(staff_client, mixed):
    csv = staff_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": mixed["ids"]}
    ).content.decode()
    vcard = staff_client.post(
        CHANGELIST, {"action": "export_vcard", "_selected_action": mixed["ids"]}
    ).content.decode()

    assert "Mine 0" in csv and "Mine 1" in csv and "Theirs" not in csv
    assert vcard.count("BEGIN:VCARD") == 2 and "Theirs" not in vcard


def test_merge_two_asks_which_stays_then_merges(staff_client, mixed):
    first, second = mixed["mine"]
    ids = [first.pk, second.pk]

    page = staff_client.post(CHANGELIST, {"action": "merge_two", "_selected_action": ids})
    assert page.status_code == 200
    assert "Pick the contact that stays" in page.content.decode()

    done = staff_client.post(
        CHANGELIST, {"action": "merge_two", "_selected_action": ids, "survivor": second.pk}
    )
    assert done["Location"] == reverse("admin:contacts_contact_change", args=[second.pk])
    assert not Contact.objects.filter(pk=first.pk).exists()


def test_merge_two_refuses_a_stranger_s_contact_or_a_wrong_count(staff_client, mixed):
    mine, theirs = mixed["mine"][0], mixed["theirs"][0]

    # The stranger's id is not in the staff user's changelist: one contact is left, not two.
    refused = _run(staff_client, "merge_two", [mine.pk, theirs.pk], survivor=mine.pk)

    assert refused == ["Select exactly two contacts of the same owner to merge."]
    assert Contact.objects.filter(pk=theirs.pk).exists()


def test_a_superusers_action_on_two_owners_works_for_each_owner(
    superuser_client, staff, stranger, mixed
):
    messages = _run(superuser_client, "add_tags", mixed["ids"], tag_names="cleaned")

    assert messages == ["Tagged “cleaned”: 3 contacts."]
    assert sorted(Tag.objects.filter(name="cleaned").values_list("owner", flat=True)) == sorted(
        [staff.pk, stranger.pk]
    )
    for contact in Contact.objects.all():
        assert {t.owner_id for t in contact.tags.all()} == {contact.owner_id}
