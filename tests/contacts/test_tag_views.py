import html

import pytest
from django.urls import reverse

from contacts.models import Contact, Tag
from tests.factories import ContactFactory, TagFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_it_checks_ownership(owner, stranger_client):
    tag = TagFactory(owner=owner, name="bouldering")
    ContactFactory(owner=owner, tags=[tag])

    for name in ("tag_detail", "tag_update", "tag_delete"):
        url = reverse(f"contacts:{name}", args=[tag.pk])
        assert stranger_client.get(url).status_code == 404, name
    for name in ("tag_update", "tag_delete"):
        url = reverse(f"contacts:{name}", args=[tag.pk])
        assert stranger_client.post(url, {"name": "mine"}).status_code == 404, name
    assert "bouldering" not in page_text(stranger_client.get(reverse("contacts:tag_list")))

    tag.refresh_from_db()
    assert tag.name == "bouldering"
    assert tag.contacts.count() == 1


def test_the_list_shows_each_tag_with_its_contact_count(owner, stranger, owner_client):
    climbing = TagFactory(owner=owner, name="climbing")
    TagFactory(owner=owner, name="Alumni")
    ContactFactory.create_batch(3, owner=owner, tags=[climbing])
    TagFactory(owner=stranger, name="secret")

    response = owner_client.get(reverse("contacts:tag_list"))

    text = page_text(response)
    assert [(t.name, t.contact_count) for t in response.context["tags"]] == [
        ("Alumni", 0),
        ("climbing", 3),
    ]
    assert "3 contacts" in text
    assert "0 contacts" in text
    assert "secret" not in text
    assert reverse("contacts:tag_update", args=[climbing.pk]) in text
    assert reverse("contacts:tag_delete", args=[climbing.pk]) in text


def test_the_empty_list_explains_tags(owner_client):
    text = page_text(owner_client.get(reverse("contacts:tag_list")))

    assert "No tags yet" in text
    assert "contact's tags field" in text


def test_a_tag_opens_the_contact_list_filtered_by_it(owner, owner_client):
    tag = TagFactory(owner=owner)

    response = owner_client.get(reverse("contacts:tag_detail", args=[tag.pk]))

    assert response.status_code == 302
    assert response.url == f"{reverse('contacts:contact_list')}?tag={tag.pk}"


def test_renaming_a_tag(owner, owner_client):
    tag = TagFactory(owner=owner, name="pycon")
    url = reverse("contacts:tag_update", args=[tag.pk])

    assert owner_client.get(url).context["form"]["name"].value() == "pycon"
    response = owner_client.post(url, {"name": "PyCon 2026"}, follow=True)

    tag.refresh_from_db()
    assert tag.name == "PyCon 2026"
    assert "“pycon” renamed to “PyCon 2026”" in page_text(response)


def test_renaming_into_an_existing_tag_merges_them(owner, owner_client):
    old = TagFactory(owner=owner, name="ml")
    existing = TagFactory(owner=owner, name="Machine learning")
    contact = ContactFactory(owner=owner, tags=[old])

    response = owner_client.post(
        reverse("contacts:tag_update", args=[old.pk]), {"name": "machine learning"}, follow=True
    )

    assert "“ml” merged into “machine learning”" in page_text(response)
    assert list(Tag.objects.filter(owner=owner)) == [existing]
    assert list(contact.tags.all()) == [existing]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("   ", "This field is required."),
        ("a, b", "A tag name cannot contain a comma."),
        ("x" * 51, "Ensure this value has at most 50 characters"),
    ],
)
def test_a_bad_name_is_a_field_error(owner, owner_client, name, message):
    tag = TagFactory(owner=owner, name="climbing")

    response = owner_client.post(reverse("contacts:tag_update", args=[tag.pk]), {"name": name})

    assert "name" in response.context["form"].errors
    assert message in page_text(response)
    tag.refresh_from_db()
    assert tag.name == "climbing"


def test_deleting_a_tag_asks_first_and_keeps_the_contacts(owner, owner_client):
    tag = TagFactory(owner=owner, name="climbing")
    ContactFactory.create_batch(2, owner=owner, tags=[tag])
    url = reverse("contacts:tag_delete", args=[tag.pk])

    confirmation = owner_client.get(url)
    assert "2 contacts will lose this tag" in page_text(confirmation)
    assert Tag.objects.exists()

    response = owner_client.post(url)

    assert response.url == reverse("contacts:tag_list")
    assert not Tag.objects.exists()
    assert Contact.objects.filter(owner=owner).count() == 2
