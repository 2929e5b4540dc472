"""Finding possible duplicates, the side-by-side merge page, and "not the same person"."""

import pytest
from django.urls import reverse

from contacts.models import Contact, DuplicateDismissal
from contacts.normalize import linkedin_key, name_key
from contacts.selectors.duplicates import (
    REASON_EMAIL,
    REASON_LINKEDIN,
    REASON_NAME,
    REASON_PHONE,
    duplicate_candidates,
)
from interactions.models import Participation
from tests.factories import (
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    InteractionFactory,
    SocialProfileFactory,
)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/ana-lima/",
        "http://linkedin.com/in/Ana-Lima",
        "linkedin.com/in/ana-lima?trk=public_profile",
        "https://fr.linkedin.com/in/ana-lima#about",
        "https://m.linkedin.com/in/ana-lima/",
    ],
)
def test_every_spelling_of_a_linkedin_profile_has_one_key(url):
    assert linkedin_key(url) == "in/ana-lima"


@pytest.mark.parametrize(
    "url", ["https://github.com/ana-lima", "https://evil.example/linkedin.com/in/ana", "not a url"]
)
def test_other_addresses_are_not_linkedin_profiles(url):
    assert linkedin_key(url) == ""


def test_names_compare_without_accents_case_or_punctuation():
    assert name_key("José-Luis  O'Neil") == name_key("jose luis oneil") == "jose luis oneil"


def _pair_reasons(user):
    return {
        frozenset({pair.first_id, pair.second_id}): pair.reasons
        for pair in duplicate_candidates(user=user)
    }


def test_pairs_are_found_by_email_phone_linkedin_and_name(owner, stranger):
    a, b = (
        ContactFactory(owner=owner, display_name="Ana Lima"),
        ContactFactory(owner=owner, display_name="A. Lima"),
    )
    ContactEmailFactory(contact=a, email="ana@example.org")
    ContactEmailFactory(contact=b, email="ANA@example.org")
    c, d = (
        ContactFactory(owner=owner, display_name="Carl Dunn"),
        ContactFactory(owner=owner, display_name="C. D."),
    )
    ContactPhoneFactory(contact=c, number="+33612345678")
    ContactPhoneFactory(contact=d, number="+33612345678")
    e, f = (
        ContactFactory(owner=owner, display_name="Eve Fox"),
        ContactFactory(owner=owner, display_name="E. F."),
    )
    SocialProfileFactory(contact=e, url="https://www.linkedin.com/in/evefox/")
    SocialProfileFactory(contact=f, url="linkedin.com/in/EveFox?trk=1")
    g = ContactFactory(owner=owner, display_name="Guillaume Hernandez")
    h = ContactFactory(owner=owner, display_name="Guillame Hernandes")
    ContactFactory(owner=owner, display_name="Zoe Unrelated")
    # The stranger's Ana shares the address, but is not the owner's business.
    ContactEmailFactory(contact=ContactFactory(owner=stranger), email="ana@example.org")

    reasons = _pair_reasons(owner)

    assert reasons == {
        frozenset({a.pk, b.pk}): {REASON_EMAIL},
        frozenset({c.pk, d.pk}): {REASON_PHONE},
        frozenset({e.pk, f.pk}): {REASON_LINKEDIN},
        frozenset({g.pk, h.pk}): {REASON_NAME},
    }


def test_a_typo_in_the_first_name_is_found_by_the_last_name_first_neighbours(owner):
    # 70 people called Smith make "smith" too common to block on; sorting last name first
    # still puts the two John Smiths side by side.
    for i in range(70):
        ContactFactory(owner=owner, display_name=f"Person{i:02} Smith")
    john = ContactFactory(owner=owner, display_name="Jonathan Smith")
    jon = ContactFactory(owner=owner, display_name="Jonathon Smith")

    assert frozenset({john.pk, jon.pk}) in _pair_reasons(owner)


def test_archived_contacts_and_dismissed_pairs_are_not_suggested(owner):
    a, b = (
        ContactFactory(owner=owner, display_name="Ana Lima"),
        ContactFactory(owner=owner, display_name="Ana Lima"),
    )
    c = ContactFactory(owner=owner, display_name="Ana Lima")
    Contact.objects.filter(pk=c.pk).update(archived_at="2026-01-01T00:00:00Z")
    DuplicateDismissal.objects.create(owner=owner, contact=a, other=b)

    assert _pair_reasons(owner) == {}


def test_the_duplicates_page_lists_pairs_with_what_they_share(owner_client, owner):
    a, b = (
        ContactFactory(owner=owner, display_name="Ana Lima"),
        ContactFactory(owner=owner, display_name="Ana Lima"),
    )
    ContactEmailFactory(contact=a, email="ana@example.org")
    ContactEmailFactory(contact=b, email="ana@example.org")

    page = owner_client.get(reverse("contacts:duplicate_list")).content.decode()

    assert "same email" in page and "similar names" in page
    assert reverse("contacts:contact_merge", args=[a.pk, b.pk]) in page


def test_the_duplicates_page_says_when_there_are_none(owner_client, owner):
    ContactFactory(owner=owner, display_name="Only One")

    page = owner_client.get(reverse("contacts:duplicate_list")).content.decode()

    assert "No possible duplicates" in page


def test_not_the_same_person_stops_the_suggestion(owner_client, owner):
    a, b = (
        ContactFactory(owner=owner, display_name="Ana Lima"),
        ContactFactory(owner=owner, display_name="Ana Lima"),
    )

    response = owner_client.post(reverse("contacts:duplicate_dismiss", args=[b.pk, a.pk]))

    assert response.status_code == 302
    assert DuplicateDismissal.objects.filter(owner=owner, contact=a, other=b).exists()
    assert (
        owner_client.post(reverse("contacts:duplicate_dismiss", args=[a.pk, b.pk])).status_code
        == 302
    )
    assert DuplicateDismissal.objects.count() == 1
    assert (
        "No possible duplicates"
        in owner_client.get(reverse("contacts:duplicate_list")).content.decode()
    )


@pytest.fixture
def twins(owner):
    left = ContactFactory(owner=owner, display_name="Ana Lima", job_title="Designer", notes="One.")
    right = ContactFactory(owner=owner, display_name="Ana M. Lima", job_title="", notes="Two.")
    InteractionFactory(owner=owner, participants=[right])
    return left, right


def test_the_merge_page_shows_each_field_side_by_side(owner_client, twins):
    left, right = twins

    response = owner_client.get(reverse("contacts:contact_merge", args=[left.pk, right.pk]))

    form = response.context["form"]
    assert {"display_name", "job_title", "notes"} <= set(form.differing)
    assert "tier" not in form.differing  # the same on both: nothing to pick
    assert form["notes"].initial == "both"
    assert form["job_title"].initial == "left"


def test_merging_from_the_page_keeps_the_picked_values_and_moves_everything(owner_client, twins):
    left, right = twins
    url = reverse("contacts:contact_merge", args=[left.pk, right.pk])
    data = {"keep": "left", "display_name": "right", "job_title": "left", "notes": "both"}
    form = owner_client.get(url).context["form"]
    data.update({key: form[key].initial for key in form.differing if key not in data})

    response = owner_client.post(url, data)

    assert response.status_code == 302
    merged = Contact.objects.get()
    assert merged.pk == left.pk
    assert (merged.display_name, merged.job_title, merged.notes) == (
        "Ana M. Lima",
        "Designer",
        "One.\n\nTwo.",
    )
    assert Participation.objects.get().contact_id == left.pk
    assert response["Location"] == merged.get_absolute_url()


def test_a_contact_cannot_be_merged_with_itself_from_the_page(owner_client, twins):
    left, _ = twins

    response = owner_client.get(reverse("contacts:contact_merge", args=[left.pk, left.pk]))

    assert response.status_code == 302
    assert Contact.objects.filter(pk=left.pk).exists()


def test_it_checks_ownership(stranger_client, stranger, owner, twins):
    left, right = twins
    their_own = ContactFactory(owner=stranger, display_name="Ana Lima")
    merge = reverse("contacts:contact_merge", args=[left.pk, right.pk])
    # Half theirs, half the owner's: still a 404, whichever side the owner's contact is on.
    mixed = reverse("contacts:contact_merge", args=[their_own.pk, left.pk])
    dismiss = reverse("contacts:duplicate_dismiss", args=[left.pk, right.pk])

    assert stranger_client.get(merge).status_code == 404
    assert stranger_client.post(merge, {"keep": "left"}).status_code == 404
    assert stranger_client.post(mixed, {"keep": "left"}).status_code == 404
    assert stranger_client.post(dismiss).status_code == 404
    assert Contact.objects.filter(owner=owner).count() == 2
    assert not DuplicateDismissal.objects.exists()
    page = stranger_client.get(reverse("contacts:duplicate_list")).content.decode()
    assert "No possible duplicates" in page
