"""Contact search: one behaviour on SQLite (LIKE per word) and PostgreSQL (full-text prefix +
trigram, ranked). Run the suite with DATABASE_URL=postgres://... to exercise the second."""

import pytest
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contacts.models import Contact
from contacts.selectors import contacts as contacts_selectors
from contacts.selectors.contacts import contact_list, contacts_best_matching
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


@on_postgresql
def test_a_typo_ranks_by_how_close_it_is_to_the_name(owner):
    # The rank compares the words with the name, not with the notes: the person whose name
    # was mistyped comes before the one whose notes hold the word.
    contact_create(
        owner=owner, fields={"display_name": "Aaron Notes", "notes": "Anastasia's cousin"}
    )
    contact_create(owner=owner, fields={"display_name": "Anastasia Romanova"})
    assert search(owner, "anastasya") == ["Anastasia Romanova", "Aaron Notes"]


@pytest.mark.django_db
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=st.text(max_size=40))
def test_no_query_breaks_the_search(owner, query):
    # Quotes, backslashes, tsquery operators (& | ! <-> :*), NUL bytes: never a database error.
    list(contact_list(user=owner, query=query))


@pytest.fixture
def namesakes(owner):
    """Three people whose name starts with "anastasia" and one spelt with a typo."""
    for display_name in ["Anastasia Alves", "Anastasia Brun", "Anastasia Costa", "Anastasya Diaz"]:
        contact_create(owner=owner, fields={"display_name": display_name, "job_title": ""})


def best(owner, query, limit):
    matches = contacts_best_matching(
        Contact.objects.filter(owner=owner), query, owner=owner, limit=limit
    )
    by_id = Contact.objects.in_bulk(matches.ids)
    return [by_id[pk].display_name for pk in matches.ids], matches.more


@on_postgresql
def test_the_best_matches_are_the_prefix_matches_when_there_are_enough(owner, namesakes):
    found, more = best(owner, "anastasia", limit=2)
    assert len(found) == 2 and more
    assert "Anastasya Diaz" not in found


@on_postgresql
def test_typos_fill_in_when_prefix_matches_are_too_few(owner, namesakes):
    found, more = best(owner, "anastasia", limit=4)
    assert sorted(found) == [
        "Anastasia Alves",
        "Anastasia Brun",
        "Anastasia Costa",
        "Anastasya Diaz",
    ]
    assert not more
    assert found[-1] == "Anastasya Diaz"  # ranked: the typo after the exact spellings


def test_the_best_matches_never_include_another_users_contacts(owner, stranger, namesakes):
    contact_create(owner=stranger, fields={"display_name": "Anastasia Stranger"})
    found, _ = best(owner, "anastasia", limit=10)
    assert "Anastasia Stranger" not in found and len(found) >= 3


def test_on_sqlite_or_postgresql_the_best_matches_are_the_matches_when_few(owner, namesakes):
    found, more = best(owner, "alves", limit=10)
    assert found == ["Anastasia Alves"] and not more


@on_postgresql
def test_the_list_says_when_it_shows_only_the_best_matches(
    owner, owner_client, namesakes, monkeypatch
):
    monkeypatch.setattr(contacts_selectors, "BEST_MATCHES", 2)

    response = owner_client.get(reverse("contacts:contact_list"), {"q": "anastasia"})

    html = response.content.decode()
    assert len(response.context["page"].object_list) == 2
    assert "The 2 best matches of more" in html
    assert "All matching" in html  # a bulk edit of every match, not only the two shown
    # Sorted by name, every match is listed.
    by_name = owner_client.get(reverse("contacts:contact_list"), {"q": "anastasia", "sort": "name"})
    assert by_name.context["page"].paginator.count == 4


@on_postgresql
def test_a_bulk_edit_of_all_matching_takes_every_match_not_only_the_best(
    owner, namesakes, monkeypatch
):
    monkeypatch.setattr(contacts_selectors, "BEST_MATCHES", 2)
    assert len(search(owner, "anastasia")) == 4


@on_postgresql
def test_the_search_index_holds_only_the_owners_words(owner, stranger):
    # Migration 0010: every word is stored as "<owner id>.<word>", so a search reads only the
    # owner's entries of the index, and a word typed to look like another owner's finds nothing.
    mine = contact_create(owner=owner, fields={"display_name": "Siobhán O'Brien-Ward"})
    contact_create(owner=stranger, fields={"display_name": "Ana Lima"})
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM contacts_contact WHERE id = %s", [mine.pk])
        [vector] = cursor.fetchone()

    assert vector and all(
        lexeme.startswith(f"'{owner.pk}.") for lexeme in vector.split(" ") if ":" in lexeme
    )
    assert search(owner, "o'brien-ward") == ["Siobhán O'Brien-Ward"]
    assert search(owner, "siob") == ["Siobhán O'Brien-Ward"]
    assert search(owner, f"{stranger.pk}.ana") == []
    with connection.cursor() as cursor:
        # Even without the owner's condition, the owner's words match none of the stranger's.
        cursor.execute(
            "SELECT COUNT(*) FROM contacts_contact WHERE search_vector @@"
            " contact_owner_tsquery(%s, to_tsquery('simple', %s))",
            [owner.pk, "'ana':*"],
        )
        assert cursor.fetchone() == (0,)


@on_postgresql
def test_words_with_quotes_and_backslashes_keep_their_owner(owner):
    # The functions rewrite the quoted lexemes of the text form, where a quote is doubled.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT contact_owner_tsvector(7, %s::tsvector)::text,"
            " contact_owner_tsquery(7, %s::tsquery)::text",
            [r"'a''b':1 'c\\d':2A 'e':3", r"'a''b':* & !'c\\d' <-> 'e'"],
        )
        vector, query = cursor.fetchone()

    assert vector == r"'7.a''b':1 '7.c\\d':2A '7.e':3"
    assert query == r"'7.a''b':* & !'7.c\\d' <-> '7.e'"


@on_postgresql
def test_a_typo_is_looked_up_in_the_owners_part_of_the_trigram_index(owner, namesakes):
    # Migration 0012: beside other users' rows, a typo search walked the owner's contacts and
    # compared each one's text (400 ms for 10,000). Its typo part asks for the owner's id as
    # text, which only the owner-leading trigram index holds, so both are looked up there
    # (bench/dashboard.py times it beside 100 other users). Other ways in are disabled: a test
    # table is too small for the planner to prefer any index to reading it whole.
    typo_ids, params = contacts_selectors._typo_ids_sql(["anastasyq"], owner)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {typo_ids}", params)
        plan = "\n".join(line for (line,) in cursor.fetchall())

    _, _, rest = plan.partition("Bitmap Index Scan on contact_owner_search_trgm_idx")
    index_condition = rest.splitlines()[1] if rest else ""
    assert "owner_id)::text = " in index_condition and "%>" in index_condition, plan
    found, _ = best(owner, "anastasyq", limit=10)  # the same SQL as the search's typo part
    assert found[0] == "Anastasya Diaz" and len(found) == 4
