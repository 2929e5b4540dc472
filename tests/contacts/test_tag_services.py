import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from contacts.models import Contact, Tag
from contacts.services.tags import tag_delete, tag_rename
from tests.factories import ContactFactory, TagFactory

pytestmark = pytest.mark.django_db


def search_text(contact: Contact) -> str:
    contact.refresh_from_db(fields=["search_text"])
    return contact.search_text


def test_renaming_a_tag_rewrites_its_contacts_search_text(owner):
    tag = TagFactory(owner=owner, name="pycon")
    tagged = ContactFactory(owner=owner, tags=[tag])
    other = ContactFactory(owner=owner)

    result = tag_rename(tag=tag, name=" PyCon 2026 ")

    assert result.pk == tag.pk
    tag.refresh_from_db()
    assert tag.name == "PyCon 2026"
    assert "pycon 2026" in search_text(tagged)
    assert "pycon" not in search_text(other)


def test_renaming_only_the_case_keeps_the_same_tag(owner):
    tag = TagFactory(owner=owner, name="ml")
    contact = ContactFactory(owner=owner, tags=[tag])

    result = tag_rename(tag=tag, name="ML")

    assert result.pk == tag.pk
    assert list(contact.tags.values_list("name", flat=True)) == ["ML"]


def test_renaming_into_an_existing_name_merges_the_two_tags(owner):
    old = TagFactory(owner=owner, name="ml")
    existing = TagFactory(owner=owner, name="machine learning")
    only_old = ContactFactory(owner=owner, tags=[old])
    both = ContactFactory(owner=owner, tags=[old, existing])
    only_existing = ContactFactory(owner=owner, tags=[existing])

    result = tag_rename(tag=old, name="Machine Learning")

    assert result.pk == existing.pk
    assert not Tag.objects.filter(name="ml").exists()
    assert list(Tag.objects.filter(owner=owner).values_list("name", flat=True)) == [
        "Machine Learning"
    ]
    for contact in (only_old, both, only_existing):
        assert list(contact.tags.values_list("pk", flat=True)) == [existing.pk]
    assert "machine learning" in search_text(only_old)
    assert "ml" not in search_text(only_old).split()


def test_merging_never_reaches_another_users_tag(owner, stranger):
    mine = TagFactory(owner=owner, name="ml")
    theirs = TagFactory(owner=stranger, name="machine learning")
    strangers_contact = ContactFactory(owner=stranger, tags=[theirs])

    result = tag_rename(tag=mine, name="machine learning")

    assert result.pk == mine.pk
    assert Tag.objects.filter(owner=stranger, pk=theirs.pk).exists()
    assert list(strangers_contact.tags.all()) == [theirs]


def test_merging_runs_the_same_number_of_queries_for_2_or_40_contacts(owner):
    def queries_to_merge(people: int, suffix: str) -> int:
        old = TagFactory(owner=owner, name=f"old-{suffix}")
        TagFactory(owner=owner, name=f"new-{suffix}")
        for _ in range(people):
            ContactFactory(owner=owner, tags=[old])
        with CaptureQueriesContext(connection) as queries:
            tag_rename(tag=old, name=f"new-{suffix}")
        return len(queries)

    assert queries_to_merge(2, "a") == queries_to_merge(40, "b")


def test_deleting_a_tag_keeps_its_contacts_and_clears_their_search_text(owner):
    tag = TagFactory(owner=owner, name="climbing")
    contact = ContactFactory(owner=owner, tags=[tag])
    assert "climbing" in search_text(contact)

    tag_delete(tag=tag)

    assert not Tag.objects.exists()
    assert Contact.objects.filter(pk=contact.pk).exists()
    assert "climbing" not in search_text(contact)
