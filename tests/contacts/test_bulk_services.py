"""Bulk edits of contacts (contacts.services.bulk): each changes only the owner's contacts among
those asked for, says how many it changed, and keeps what depends on it in step."""

import pytest

from config.celery import app as celery_app
from contacts.models import Contact, Tag
from contacts.services import bulk
from interactions.models import ContactHealth
from tests.factories import ContactFactory, InteractionFactory, TagFactory


@pytest.fixture
def mixed(owner, stranger):
    """Three of the owner's contacts and two of the stranger's, asked for all together."""
    mine = [ContactFactory(owner=owner, display_name=f"Mine {i}") for i in range(3)]
    theirs = [ContactFactory(owner=stranger, display_name=f"Theirs {i}") for i in range(2)]
    return {"mine": mine, "theirs": theirs, "ids": [c.pk for c in mine + theirs]}


def _fresh(contacts):
    return [Contact.objects.get(pk=c.pk) for c in contacts]


def test_tagging_adds_the_tags_to_the_owners_contacts_only(owner, stranger, mixed):
    existing = TagFactory(owner=owner, name="Mentor")
    mixed["mine"][0].tags.add(existing)

    outcome = bulk.contacts_bulk_tag(
        owner=owner, contact_ids=mixed["ids"], tag_names=["mentor", "Conference 2026"]
    )

    assert (outcome.matched, outcome.changed) == (3, 3)
    for contact in _fresh(mixed["mine"]):
        assert sorted(t.name for t in contact.tags.all()) == ["Conference 2026", "Mentor"]
        assert "conference 2026" in contact.search_text
    assert all(not c.tags.exists() for c in mixed["theirs"])
    assert not Tag.objects.filter(owner=stranger).exists()


def test_tagging_contacts_that_have_the_tags_changes_nothing(owner, mixed):
    tag = TagFactory(owner=owner, name="ux")
    for contact in mixed["mine"]:
        contact.tags.add(tag)

    outcome = bulk.contacts_bulk_tag(owner=owner, contact_ids=mixed["ids"], tag_names=["UX"])

    assert (outcome.matched, outcome.changed, outcome.unchanged) == (3, 0, 3)


def test_untagging_removes_the_tags_from_the_owners_contacts_only(owner, stranger, mixed):
    mine, theirs = TagFactory(owner=owner, name="old"), TagFactory(owner=stranger, name="old")
    mixed["mine"][0].tags.add(mine)
    mixed["mine"][1].tags.add(mine)
    mixed["theirs"][0].tags.add(theirs)

    outcome = bulk.contacts_bulk_untag(owner=owner, contact_ids=mixed["ids"], tag_names=["OLD"])

    assert (outcome.matched, outcome.changed) == (3, 2)
    assert not Contact.tags.through.objects.filter(tag=mine).exists()
    assert list(mixed["theirs"][0].tags.all()) == [theirs]
    assert Tag.objects.filter(pk=mine.pk).exists()  # the tag itself stays


@pytest.mark.parametrize(
    ("service", "kwargs", "field", "value"),
    [
        (bulk.contacts_bulk_set_tier, {"tier": "close"}, "tier", "close"),
        (bulk.contacts_bulk_set_cadence, {"cadence_days": 14}, "cadence_days", 14),
        (
            bulk.contacts_bulk_set_relationship_type,
            {"relationship_type": "mentor"},
            "relationship_type",
            "mentor",
        ),
    ],
)
def test_setting_a_field_changes_the_owners_contacts_only(
    owner, mixed, service, kwargs, field, value
):
    before = {c.pk: getattr(c, field) for c in mixed["theirs"]}

    outcome = service(owner=owner, contact_ids=mixed["ids"], **kwargs)

    assert (outcome.matched, outcome.changed) == (3, 3)
    assert {getattr(c, field) for c in _fresh(mixed["mine"])} == {value}
    assert {c.pk: getattr(c, field) for c in _fresh(mixed["theirs"])} == before
    again = service(owner=owner, contact_ids=mixed["ids"], **kwargs)
    assert (again.matched, again.changed) == (3, 0)


def test_a_new_tier_recomputes_the_health_of_contacts_whose_cadence_it_moves(
    owner, mixed, django_capture_on_commit_callbacks, monkeypatch
):
    # No worker here: the recompute queued after the commit runs inline.
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)
    with_own_cadence, follows_tier = mixed["mine"][0], mixed["mine"][1]
    Contact.objects.filter(pk=with_own_cadence.pk).update(cadence_days=30)
    InteractionFactory(owner=owner, participants=[with_own_cadence, follows_tier])

    with django_capture_on_commit_callbacks(execute=True):
        bulk.contacts_bulk_set_tier(
            owner=owner, contact_ids=[with_own_cadence.pk, follows_tier.pk], tier="inner"
        )

    assert set(ContactHealth.objects.values_list("contact_id", flat=True)) == {follows_tier.pk}


def test_an_unknown_tier_or_a_zero_cadence_is_refused(owner, mixed):
    with pytest.raises(ValueError):
        bulk.contacts_bulk_set_tier(owner=owner, contact_ids=mixed["ids"], tier="best")
    with pytest.raises(ValueError):
        bulk.contacts_bulk_set_cadence(owner=owner, contact_ids=mixed["ids"], cadence_days=0)


def test_archiving_and_unarchiving_change_the_owners_contacts_only(owner, mixed):
    already = mixed["mine"][0]
    bulk.contacts_bulk_archive(owner=owner, contact_ids=[already.pk])
    archived_at = Contact.objects.get(pk=already.pk).archived_at

    outcome = bulk.contacts_bulk_archive(owner=owner, contact_ids=mixed["ids"])

    assert (outcome.matched, outcome.changed) == (3, 2)
    assert all(c.archived_at for c in _fresh(mixed["mine"]))
    assert Contact.objects.get(pk=already.pk).archived_at == archived_at
    assert not any(c.archived_at for c in _fresh(mixed["theirs"]))

    back = bulk.contacts_bulk_unarchive(owner=owner, contact_ids=mixed["ids"])
    assert (back.matched, back.changed) == (3, 3)
    assert not any(c.archived_at for c in _fresh(mixed["mine"]))


def test_recomputing_health_writes_the_owners_contacts_only(
    owner, mixed, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setitem(celery_app.conf, "task_always_eager", True)

    with django_capture_on_commit_callbacks(execute=True):
        outcome = bulk.contacts_bulk_recompute_health(owner=owner, contact_ids=mixed["ids"])

    assert (outcome.matched, outcome.changed) == (3, 3)
    assert set(ContactHealth.objects.values_list("contact_id", flat=True)) == {
        c.pk for c in mixed["mine"]
    }


def test_a_queryset_of_contacts_works_as_the_selection(owner, stranger, mixed):
    everyone = Contact.objects.all()

    outcome = bulk.contacts_bulk_set_tier(owner=owner, contact_ids=everyone, tier="close")

    assert (outcome.matched, outcome.changed) == (3, 3)
    assert set(Contact.objects.filter(tier="close").values_list("owner", flat=True)) == {owner.pk}
