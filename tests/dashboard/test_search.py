"""The navbar's quick search: contacts, organizations and events, as you type or as a page."""

import pytest
from django.db import connection
from django.urls import reverse

from contacts.models import Contact
from contacts.selectors.contacts import BEST_MATCHES
from contacts.services.search import contacts_refresh_search_text
from tests.factories import ContactFactory, EventFactory, OrganizationFactory

DROPDOWN = {"HX-Request": "true", "HX-Target": "nav-search-results"}


@pytest.fixture
def network(owner):
    ContactFactory(owner=owner, first_name="Anastasia", last_name="Lima", job_title="Designer")
    ContactFactory(owner=owner, first_name="Ben", last_name="Okafor")
    ContactFactory(
        owner=owner, first_name="Anabel", last_name="Gone", archived_at="2026-01-01T00:00:00Z"
    )
    OrganizationFactory(owner=owner, name="Anaconda Labs")
    EventFactory(owner=owner, name="Ana's talk at UX Lisbon")


def refresh_search_text():
    # search_text is filled by the services; factories leave it empty.
    contacts_refresh_search_text(contact_ids=Contact.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_part_of_a_name_finds_people_organizations_and_events_as_you_type(network, owner_client):
    refresh_search_text()

    response = owner_client.get(reverse("search"), {"q": "ana"}, headers=DROPDOWN)

    html = response.content.decode()
    assert "<html" not in html
    assert "Anastasia Lima" in html and "Designer" in html
    assert "Anaconda Labs" in html
    assert "Ana&#x27;s talk at UX Lisbon" in html
    assert "Ben Okafor" not in html
    assert "Anabel" not in html  # archived people stay out of quick search
    assert f"{reverse('search')}?q=ana" in html


@pytest.mark.django_db
def test_without_javascript_the_form_opens_a_page_of_results(network, owner_client):
    refresh_search_text()

    response = owner_client.get(reverse("search"), {"q": "okafor"})

    html = response.content.decode()
    assert "<html" in html
    assert "Ben Okafor" in html
    assert "No organization matches." in html


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["", "   ", "\x00", "zz" * 300])
def test_an_empty_odd_or_huge_query_is_answered_calmly(network, owner_client, query):
    page = owner_client.get(reverse("search"), {"q": query})
    dropdown = owner_client.get(reverse("search"), {"q": query}, headers=DROPDOWN)

    assert page.status_code == 200
    assert dropdown.status_code == 200
    if not query.strip("\x00 "):
        assert dropdown.content.decode().strip() == ""


@pytest.mark.django_db
def test_nothing_found_says_so(network, owner_client):
    html = owner_client.get(reverse("search"), {"q": "qwxz"}, headers=DROPDOWN).content.decode()

    assert "Nothing matches “qwxz”." in html


@pytest.mark.django_db
def test_it_checks_ownership(network, owner, stranger_client):
    refresh_search_text()

    html = stranger_client.get(reverse("search"), {"q": "ana"}).content.decode()
    dropdown = stranger_client.get(reverse("search"), {"q": "ana"}, headers=DROPDOWN)

    assert "Anastasia" not in html and "Anaconda" not in html and "UX Lisbon" not in html
    assert "Nothing matches" in dropdown.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 300])
def test_its_query_count_does_not_grow(owner, owner_client, size, django_assert_num_queries):
    for n in range(size):
        ContactFactory(owner=owner, first_name=f"Ana{n}")
        OrganizationFactory(owner=owner, name=f"Ana Org {n}")
        EventFactory(owner=owner, name=f"Ana Event {n}")
    refresh_search_text()

    # session + user, then the contacts' ids (from the name index alone), their rows,
    # organizations, events
    with django_assert_num_queries(6):
        response = owner_client.get(reverse("search"), {"q": "ana"}, headers=DROPDOWN)

    assert response.context["results"].more_contacts


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 300])
def test_the_page_of_results_query_count_does_not_grow(
    owner, owner_client, size, django_assert_num_queries
):
    for n in range(size):
        ContactFactory(owner=owner, first_name=f"Ana{n}")
        OrganizationFactory(owner=owner, name=f"Ana Org {n}")
        EventFactory(owner=owner, name=f"Ana Event {n}")
    refresh_search_text()

    # session + user, then the best contacts' ids (contacts_best_matching, on PostgreSQL in one
    # more statement when the prefix matches cannot fill the best hundred), their rows,
    # organizations, events
    typos_looked_for = connection.vendor == "postgresql" and size <= BEST_MATCHES
    with django_assert_num_queries(6 + typos_looked_for):
        response = owner_client.get(reverse("search"), {"q": "ana"})

    assert len(response.context["results"].contacts) == min(size, 25)
    assert response.context["results"].more_contacts == (size > 25)


@pytest.mark.django_db
def test_the_navbar_searches_everything_with_a_shortcut(owner_client):
    html = owner_client.get(reverse("contacts:contact_list")).content.decode()

    assert f'action="{reverse("search")}"' in html
    assert 'aria-keyshortcuts="/"' in html
    assert 'aria-keyshortcuts="l"' in html
    assert "Keyboard shortcuts" in html


@pytest.mark.django_db
def test_as_you_type_people_are_found_by_name_and_the_page_by_anything(owner, owner_client):
    ContactFactory(owner=owner, first_name="Carla", last_name="Nunes", job_title="Typographer")
    ContactFactory(owner=owner, first_name="Nunes", last_name="Silva")
    ContactFactory(owner=owner, first_name="Ana", last_name="Brunes")
    refresh_search_text()

    dropdown = owner_client.get(reverse("search"), {"q": "NUNES"}, headers=DROPDOWN)
    by_job = owner_client.get(reverse("search"), {"q": "typographer"}, headers=DROPDOWN)
    page = owner_client.get(reverse("search"), {"q": "typographer"})

    # Every word in the name; names that start with it first.
    assert [c.display_name for c in dropdown.context["results"].contacts] == [
        "Nunes Silva",
        "Carla Nunes",
    ]
    assert by_job.context["results"].contacts == []
    assert [c.display_name for c in page.context["results"].contacts] == ["Carla Nunes"]
