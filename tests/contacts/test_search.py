"""Contact search: one behaviour on SQLite (LIKE per word) and PostgreSQL (full-text prefix +
trigram, ranked). Run the suite with DATABASE_URL=postgres://... to exercise the second."""

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.selectors.contacts import contact_list
from contacts.services.contacts import EmailEntry, contact_create, contact_update
from contacts.services.search import contacts_refresh_search_text
from tests.factories import AffiliationFactory, ContactEmailFactory, ContactFactory, TagFactory

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranking and typo tolerance need PostgreSQL"
)


def names(contacts) -> list[str]:
    return [contact.display_name for contact in contacts]


def search(user, query, **filters) -> list[str]:
    return names(contact_list(user=user, query=query, **filters))


@pytest.fixture
def network(owner):
    anastasia = contact_create(
        owner=owner,
        fields={"first_name": "Anastasia", "last_name": "Romanova", "notes": "Plays the cello"},
        emails=[EmailEntry("nastya@romanova.example")],
        tag_names=["violin-club"],
    )
    AffiliationFactory(contact=anastasia, organization__name="Acme Robotics")
    contacts_refresh_search_text(contact_ids=[anastasia.pk])
    # A fixed job title: a random one could contain a searched word ("manager" holds "ana").
    ContactFactory(
        owner=owner, first_name="Bob", last_name="Martin", display_name="Bob Martin",
        job_title="Plumber",
    )  # fmt: skip
    return anastasia


@pytest.mark.parametrize(
    "query",
    [
        "ana",  # a prefix of the first name
        "Romanova",  # the last name, any case
        "ROMAN",
        "nastya@romanova.example",  # an email
        "romanova.example",
        "acme",  # an organization through an affiliation
        "robotics",
        "violin",  # a tag
        "cello",  # the notes
        "anastasia cello",  # every word must match
    ],
)
def test_it_finds_a_contact_by(owner, network, query):
    assert search(owner, query) == ["Anastasia Romanova"]


def test_a_word_that_matches_nothing_finds_nobody(owner, network):
    assert search(owner, "anastasia trombone") == []


def test_it_never_finds_another_users_contacts(owner, stranger, network):
    assert search(stranger, "anastasia") == []


def test_archived_contacts_are_found_only_when_asked(owner, network):
    network.archived_at = "2026-01-01T00:00Z"
    network.save()
    assert search(owner, "ana") == []
    assert search(owner, "ana", archived="all") == ["Anastasia Romanova"]


def test_search_combines_with_filters(owner, network):
    tag = TagFactory(owner=owner, name="design")
    ContactFactory(owner=owner, display_name="Anabel Design", tags=[tag])
    assert search(owner, "ana", tag=tag.pk) == ["Anabel Design"]


def test_a_new_email_is_searchable_at_once(owner):
    contact = ContactFactory(owner=owner, display_name="Zoe")
    ContactEmailFactory(contact=contact, email="zoe@unique.example")
    contact_update(contact=contact, fields={}, emails=[EmailEntry("zoe@unique.example")])
    assert search(owner, "unique") == ["Zoe"]


def test_non_ascii_names_match_regardless_of_case(owner):
    ContactFactory(owner=owner, first_name="Émile", last_name="Zola", display_name="Émile Zola")
    assert search(owner, "émile") == ["Émile Zola"]
    assert search(owner, "ÉMILE") == ["Émile Zola"]


@on_postgresql
def test_the_best_match_comes_first(owner):
    ContactFactory(
        owner=owner, display_name="Ana Notes", first_name="Zed", notes="met ana once", job_title=""
    )
    ContactFactory(
        owner=owner, display_name="Ana Ana", first_name="Ana", last_name="Ana", job_title=""
    )
    assert search(owner, "ana")[0] == "Ana Ana"


@on_postgresql
def test_a_typo_still_finds_the_person(owner, network):
    assert "Anastasia Romanova" in search(owner, "anastasya")


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_no_query_breaks_the_search(owner, query):
    # Quotes, backslashes, tsquery operators (& | ! <-> :*), NUL bytes: never a database error.
    list(contact_list(user=owner, query=query))
