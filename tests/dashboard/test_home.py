import pytest
from django.urls import reverse

from tests.factories import ContactFactory, OrganizationFactory


@pytest.mark.django_db
def test_a_new_user_is_shown_how_to_start(owner_client):
    response = owner_client.get(reverse("home"))

    assert "Your network starts here" in response.content.decode()
    assert reverse("contacts:contact_create") in response.content.decode()


@pytest.mark.django_db
def test_it_counts_only_the_users_own_network(owner, stranger, owner_client):
    ContactFactory.create_batch(3, owner=owner)
    ContactFactory(owner=owner, archived_at="2026-01-01T00:00:00Z")
    OrganizationFactory(owner=owner)
    ContactFactory.create_batch(5, owner=stranger)
    OrganizationFactory.create_batch(2, owner=stranger)

    summary = owner_client.get(reverse("home")).context["summary"]

    assert summary == {"contacts": 3, "archived": 1, "organizations": 1}


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 200])
def test_its_query_count_does_not_grow_with_the_network(
    size, owner, owner_client, django_assert_num_queries
):
    ContactFactory.create_batch(size, owner=owner)

    # session + user, contact counts, organization count
    with django_assert_num_queries(4):
        owner_client.get(reverse("home"))
