import pytest
from django.urls import reverse

from tests.factories import ContactFactory, OrganizationFactory, TagFactory


def results(client, url_name, query=""):
    response = client.get(reverse(f"contacts:{url_name}"), {"q": query})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()["results"]


def test_it_checks_ownership(owner_client, stranger_client, owner, stranger):
    ContactFactory(owner=owner, display_name="Ana Owner")
    OrganizationFactory(owner=owner, name="Acme Owner")
    TagFactory(owner=owner, name="ana-tag")
    mine = ContactFactory(owner=stranger, display_name="Ana Stranger")
    for url_name, query in [
        ("contact_autocomplete", "ana"),
        ("contact_autocomplete", ""),
        ("organization_autocomplete", "acme"),
        ("organization_autocomplete", ""),
        ("tag_autocomplete", "ana"),
        ("tag_autocomplete", ""),
    ]:
        labels = [row["text"] for row in results(stranger_client, url_name, query)]
        assert not any("Owner" in label or label == "ana-tag" for label in labels), url_name
    assert results(stranger_client, "contact_autocomplete", "ana") == [
        {"value": mine.pk, "text": "Ana Stranger"}
    ]


def test_contacts_match_by_name_and_leave_out_the_archived(owner_client, owner):
    ana = ContactFactory(owner=owner, first_name="Anastasia", display_name="Anastasia R")
    ContactFactory(
        owner=owner, first_name="Anabel", display_name="Anabel", archived_at="2026-01-01T00:00Z"
    )
    ContactFactory(owner=owner, first_name="Bob", display_name="Bob", job_title="Plumber")
    assert results(owner_client, "contact_autocomplete", "anas") == [
        {"value": ana.pk, "text": "Anastasia R"}
    ]


def test_organizations_match_anywhere_in_the_name_ignoring_case(owner_client, owner):
    acme = OrganizationFactory(owner=owner, name="The ACME Company")
    OrganizationFactory(owner=owner, name="Globex")
    assert results(owner_client, "organization_autocomplete", "acme c") == [
        {"value": acme.pk, "text": "The ACME Company"}
    ]


def test_wildcards_in_the_query_are_plain_characters(owner_client, owner):
    OrganizationFactory(owner=owner, name="Globex")
    assert results(owner_client, "organization_autocomplete", "%") == []
    assert results(owner_client, "tag_autocomplete", "_") == []


def test_tags_match_by_name_in_alphabetical_order(owner_client, owner):
    TagFactory(owner=owner, name="Design")
    TagFactory(owner=owner, name="ux-design")
    TagFactory(owner=owner, name="travel")
    assert [r["text"] for r in results(owner_client, "tag_autocomplete", "DESIGN")] == [
        "Design",
        "ux-design",
    ]


@pytest.mark.parametrize(
    "url_name", ["contact_autocomplete", "organization_autocomplete", "tag_autocomplete"]
)
def test_it_returns_at_most_twenty(owner_client, owner, url_name):
    for index in range(25):
        ContactFactory(owner=owner, display_name=f"Zed {index:02}", first_name="Zed")
        OrganizationFactory(owner=owner, name=f"Zed {index:02}")
        TagFactory(owner=owner, name=f"zed-{index:02}")
    assert len(results(owner_client, url_name, "zed")) == 20


@pytest.mark.parametrize("query", ["x" * 5000, "' or '1'='1", "a & b | !c:*", "\\", "🙂"])
@pytest.mark.parametrize(
    "url_name", ["contact_autocomplete", "organization_autocomplete", "tag_autocomplete"]
)
def test_odd_queries_get_an_empty_answer(owner_client, owner, url_name, query):
    ContactFactory(owner=owner, display_name="Ana", first_name="Ana", last_name="", job_title="")
    assert results(owner_client, url_name, query) == []


def test_a_post_is_refused(owner_client):
    assert owner_client.post(reverse("contacts:tag_autocomplete")).status_code == 405


def test_a_nul_byte_is_ignored_rather_than_sent_to_the_database(owner_client, owner):
    contact = ContactFactory(owner=owner, display_name="Ana")
    assert results(owner_client, "contact_autocomplete", "\x00") == [
        {"value": contact.pk, "text": "Ana"}
    ]
