import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from contacts.models import Contact, ContactEmail, Tier
from interactions.models import ContactHealth, HealthBand
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    OrganizationFactory,
    SocialProfileFactory,
    TagFactory,
)


def form_data(emails=(), phones=(), profiles=(), initial=None, **fields) -> dict:
    data = {"first_name": "Ana", "last_name": "López", "tier": "network"}
    data.update(fields)
    initial = initial or {}
    for prefix, rows in (("emails", emails), ("phones", phones), ("profiles", profiles)):
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = str(initial.get(prefix, 0))
        for index, row in enumerate(rows):
            for key, value in row.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def jpeg(size=(60, 40)) -> io.BytesIO:
    output = io.BytesIO()
    Image.new("RGB", size, (30, 90, 160)).save(output, format="JPEG")
    output.seek(0)
    output.name = "me.jpg"
    return output


def text_of(response) -> str:
    """The page as a reader sees it: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_it_checks_ownership(owner_client, stranger_client, owner):
    contact = ContactFactory(owner=owner, first_name="Ana", display_name="Ana")
    contact.photo.save("a.jpg", jpeg(), save=True)
    pages = [
        ("get", "contacts:contact_detail"),
        ("get", "contacts:contact_update"),
        ("post", "contacts:contact_update"),
        ("get", "contacts:contact_archive"),
        ("post", "contacts:contact_archive"),
        ("get", "contacts:contact_delete"),
        ("post", "contacts:contact_delete"),
        ("get", "contacts:contact_photo"),
    ]
    for method, name in pages:
        url = reverse(name, args=[contact.pk])
        response = getattr(stranger_client, method)(url, form_data(first_name="Mallory"))
        assert response.status_code == 404, (method, name)
        assert owner_client.get(url).status_code in (200, 405), name
    contact.refresh_from_db()
    assert contact.first_name == "Ana"
    assert contact.archived_at is None

    listing = stranger_client.get(reverse("contacts:contact_list"), {"q": "ana"})
    assert "Ana" not in text_of(listing)
    check = stranger_client.get(reverse("contacts:contact_email_check"), {"email": "x@example.org"})
    assert check.content.strip() == b""


class TestList:
    def test_it_lists_only_the_owners_active_contacts(self, owner_client, owner, stranger):
        ContactFactory(owner=owner, display_name="Ana Active")
        ContactFactory(owner=owner, display_name="Archie Archived", archived_at="2026-01-01T00:00Z")
        ContactFactory(owner=stranger, display_name="Sam Theirs")
        text = text_of(owner_client.get(reverse("contacts:contact_list")))
        assert "Ana Active" in text
        assert "Archie Archived" not in text
        assert "Sam Theirs" not in text
        assert "1 contact" in text

    @pytest.mark.parametrize(
        ("archived", "expected"),
        [("only", ["Archie"]), ("all", ["Ana", "Archie"]), ("", ["Ana"])],
    )
    def test_the_archived_filter(self, owner_client, owner, archived, expected):
        ContactFactory(owner=owner, display_name="Ana")
        ContactFactory(owner=owner, display_name="Archie", archived_at="2026-01-01T00:00Z")
        response = owner_client.get(reverse("contacts:contact_list"), {"archived": archived})
        assert [c.display_name for c in response.context["page"].object_list] == expected

    def test_it_filters_by_tag_organization_tier_and_relationship(self, owner_client, owner):
        tag = TagFactory(owner=owner, name="design")
        organization = OrganizationFactory(owner=owner, name="Acme")
        tagged = ContactFactory(owner=owner, display_name="Tagged", tags=[tag])
        employee = ContactFactory(owner=owner, display_name="Employee")
        AffiliationFactory(contact=employee, organization=organization, is_current=False)
        inner = ContactFactory(owner=owner, display_name="Inner", tier=Tier.INNER_CIRCLE)
        mentor = ContactFactory(owner=owner, display_name="Mentor", relationship_type="mentor")
        url = reverse("contacts:contact_list")
        cases = [
            ({"tag": tag.pk}, tagged),
            ({"organization": organization.pk}, employee),
            ({"tier": "inner"}, inner),
            ({"relationship_type": "mentor"}, mentor),
        ]
        for params, expected in cases:
            page = owner_client.get(url, params).context["page"]
            assert list(page.object_list) == [expected], params

    @pytest.mark.parametrize(
        ("sort", "expected"),
        [("name", ["Alpha", "Bravo", "Charlie"]), ("added", ["Charlie", "Alpha", "Bravo"])],
    )
    def test_it_sorts(self, owner_client, owner, sort, expected):
        for name in ("Bravo", "Alpha", "Charlie"):
            ContactFactory(owner=owner, display_name=name)
        Contact.objects.filter(display_name="Alpha").update(created_at="2026-01-02T00:00Z")
        Contact.objects.filter(display_name="Bravo").update(created_at="2026-01-01T00:00Z")
        Contact.objects.filter(display_name="Charlie").update(created_at="2026-01-03T00:00Z")
        page = owner_client.get(reverse("contacts:contact_list"), {"sort": sort}).context["page"]
        assert [c.display_name for c in page.object_list] == expected

    def test_recently_updated_comes_first_when_asked(self, owner_client, owner):
        old, new = ContactFactory(owner=owner), ContactFactory(owner=owner)
        Contact.objects.filter(pk=old.pk).update(updated_at="2026-01-01T00:00Z")
        Contact.objects.filter(pk=new.pk).update(updated_at="2026-11-01T00:00Z")
        page = owner_client.get(reverse("contacts:contact_list"), {"sort": "updated"})
        assert list(page.context["page"].object_list) == [new, old]

    def test_it_paginates_with_the_page_size(self, owner_client, owner, settings):
        settings.PAGE_SIZE = 3
        for index in range(7):
            ContactFactory(owner=owner, display_name=f"Person {index}")
        response = owner_client.get(reverse("contacts:contact_list"), {"page": "3", "q": ""})
        assert [c.display_name for c in response.context["page"].object_list] == ["Person 6"]
        text = text_of(response)
        assert "Page 3 of 3" in text
        assert 'href="/contacts/?page=2&amp;q="' in response.content.decode()

    def test_htmx_gets_only_the_results(self, owner_client, owner):
        ContactFactory(owner=owner, display_name="Anastasia")
        response = owner_client.get(
            reverse("contacts:contact_list"),
            {"q": "anas"},
            headers={"HX-Request": "true", "HX-Target": "contact-results"},
        )
        content = response.content.decode()
        assert "Anastasia" in content
        assert "<html" not in content
        assert 'role="search"' not in content

    def test_a_history_restore_gets_the_whole_page(self, owner_client):
        response = owner_client.get(
            reverse("contacts:contact_list"),
            headers={
                "HX-Request": "true",
                "HX-Target": "contact-results",
                "HX-History-Restore-Request": "true",
            },
        )
        assert "<html" in response.content.decode()

    def test_a_new_user_sees_how_to_start(self, owner_client):
        text = text_of(owner_client.get(reverse("contacts:contact_list")))
        assert "No contacts yet" in text
        assert "Add your first contact" in text

    def test_a_search_without_match_says_so_and_offers_to_clear(self, owner_client, owner):
        ContactFactory(owner=owner, display_name="Ana")
        text = text_of(owner_client.get(reverse("contacts:contact_list"), {"q": "zebra"}))
        assert "Nothing matches “zebra” among your active contacts" in text
        assert "Clear search and filters" in text

    def test_only_archived_contacts_left_points_to_them(self, owner_client, owner):
        ContactFactory(owner=owner, archived_at="2026-01-01T00:00Z")
        text = text_of(owner_client.get(reverse("contacts:contact_list")))
        assert "Every contact is archived" in text

    @pytest.mark.parametrize(
        "params",
        [
            {"page": "abc"},
            {"page": "99999999999999999999999"},
            {"tag": "99999999999999999999999"},
            {"organization": "-1"},
            {"tier": "<script>"},
            {"sort": "password"},
            {"archived": "maybe"},
            {"q": "' OR 1=1 -- & | ! :* \\ ( ) <->"},
            {"q": "x" * 500},
        ],
    )
    def test_bad_parameters_still_show_a_list(self, owner_client, owner, params):
        ContactFactory(owner=owner, display_name="Ana")
        response = owner_client.get(reverse("contacts:contact_list"), params)
        assert response.status_code == 200


class TestCreate:
    def test_the_form_is_empty_with_one_row_of_each_detail(self, owner_client):
        response = owner_client.get(reverse("contacts:contact_create"))
        content = response.content.decode()
        assert 'name="emails-TOTAL_FORMS" value="1"' in content
        assert 'id="emails-empty"' in content
        assert 'data-formset-add="phones"' in content
        assert 'data-tags-input=""' in content
        assert f'data-autocomplete-url="{reverse("contacts:tag_autocomplete")}"' in content
        assert 'name="remove_photo"' not in content

    def test_the_introducer_picker_renders_only_the_chosen_contact(self, owner_client, owner):
        ContactFactory.create_batch(30, owner=owner)
        chosen = ContactFactory(owner=owner, display_name="Ines Introducer")
        response = owner_client.post(
            reverse("contacts:contact_create"),
            form_data(introduced_by=str(chosen.pk), birthday_day="40"),
        )
        picker = re.search(
            r'<select name="introduced_by".*?</select>', response.content.decode(), re.S
        ).group(0)
        assert re.findall(r"<option[^>]*>([^<]*)</option>", picker) == ["Ines Introducer"]
        assert f'data-autocomplete-url="{reverse("contacts:contact_autocomplete")}"' in picker

    def test_it_creates_a_contact_with_everything_and_shows_it(self, owner_client, owner):
        introducer = ContactFactory(owner=owner, display_name="Ines Introducer")
        response = owner_client.post(
            reverse("contacts:contact_create"),
            form_data(
                emails=[{"email": "ana@example.org", "label": "work"}],
                phones=[{"number": "+33 6 12 34 56 78", "label": "mobile"}],
                profiles=[{"network": "linkedin", "url": "linkedin.com/in/ana"}],
                tags="design, Paris",
                introduced_by=str(introducer.pk),
                birthday_day="12",
                birthday_month="4",
                tier="close",
                relationship_type="mentor",
                how_we_met="At the UX meetup",
                notes="Loves **jazz** <script>alert(1)</script>",
                job_title="Designer",
                location="Lyon",
            ),
            follow=True,
        )
        contact = Contact.objects.get(owner=owner, first_name="Ana")
        assert response.redirect_chain == [(contact.get_absolute_url(), 302)]
        content = response.content.decode()
        text = text_of(response)
        assert "Ana López was added." in text
        assert 'href="mailto:ana@example.org"' in content
        assert 'href="tel:+33612345678"' in content
        assert "+33 6 12 34 56 78" in text
        assert 'href="https://linkedin.com/in/ana"' in content
        for tag in contact.tags.all():
            assert f'href="{tag.get_absolute_url()}"' in content
        assert f'href="{introducer.get_absolute_url()}">Ines Introducer</a>' in content
        assert "Birthday: 12 April" in text
        assert "every 30 days (the tier's default)" in text
        assert "Mentor" in text
        assert "At the UX meetup" in text
        assert "<strong>jazz</strong>" in content
        assert "<script>alert" not in content
        assert "No organizations yet" in text

    def test_the_introducer_lists_the_people_they_introduced(self, owner_client, owner):
        introducer = ContactFactory(owner=owner, display_name="Ines")
        ContactFactory(owner=owner, display_name="Bob", introduced_by=introducer)
        text = text_of(owner_client.get(introducer.get_absolute_url()))
        assert "Introduced you to Bob" in text

    def test_bad_input_shows_the_form_again_with_every_error(self, owner_client, owner):
        response = owner_client.post(
            reverse("contacts:contact_create"),
            form_data(
                emails=[{"email": "ana@"}],
                phones=[{"number": "06 12 34 56 78"}],
                profiles=[{"network": "website", "url": "not a url"}],
                birthday_day="31",
                birthday_month="2",
            ),
        )
        assert response.status_code == 200
        text = text_of(response)
        assert "Enter a valid email address." in text
        assert "Start the number with + and its country code" in text
        assert "Enter a valid URL." in text
        assert "February has only 29 days." in text
        assert not Contact.objects.filter(owner=owner).exists()

    def test_a_duplicate_email_links_to_the_other_contact_until_saved_anyway(
        self, owner_client, owner
    ):
        other = ContactFactory(owner=owner, display_name="Ana Original")
        ContactEmailFactory(contact=other, email="ana@example.org")
        url = reverse("contacts:contact_create")
        response = owner_client.post(url, form_data(emails=[{"email": "ana@example.org"}]))
        content = response.content.decode()
        assert f'Already used by <a href="{other.get_absolute_url()}">Ana Original</a>' in content
        assert 'name="emails-0-keep_duplicate"' in content
        assert Contact.objects.filter(owner=owner).count() == 1

        response = owner_client.post(
            url, form_data(emails=[{"email": "ana@example.org", "keep_duplicate": "on"}])
        )
        assert response.status_code == 302
        assert ContactEmail.objects.filter(owner=owner, email="ana@example.org").count() == 2

    def test_a_photo_that_is_not_an_image_is_refused(self, owner_client, owner):
        fake = io.BytesIO(b"MZ\x90\x00 this is a program")
        fake.name = "photo.jpg"
        response = owner_client.post(
            reverse("contacts:contact_create"), {**form_data(), "photo": fake}
        )
        assert "This file is not a photo Rapport can read" in text_of(response)
        assert not Contact.objects.filter(owner=owner).exists()

    def test_an_oversized_photo_is_refused(self, owner_client, owner, settings):
        settings.PHOTO_MAX_BYTES = 200
        response = owner_client.post(
            reverse("contacts:contact_create"), {**form_data(), "photo": jpeg((300, 300))}
        )
        assert "photos can be at most 200" in text_of(response)
        assert not Contact.objects.filter(owner=owner).exists()

    def test_the_photo_is_served_to_its_owner_only_and_privately(self, owner_client, owner):
        owner_client.post(reverse("contacts:contact_create"), {**form_data(), "photo": jpeg()})
        contact = Contact.objects.get(owner=owner)
        response = owner_client.get(reverse("contacts:contact_photo", args=[contact.pk]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["Cache-Control"].startswith("private")
        with Image.open(io.BytesIO(b"".join(response.streaming_content))) as image:
            assert image.size == (60, 40)
        detail = owner_client.get(contact.get_absolute_url()).content.decode()
        assert f'src="{reverse("contacts:contact_photo", args=[contact.pk])}?v=' in detail

    def test_a_contact_without_photo_has_no_photo_url(self, owner_client, owner):
        contact = ContactFactory(owner=owner)
        url = reverse("contacts:contact_photo", args=[contact.pk])
        assert owner_client.get(url).status_code == 404

    def test_a_forged_formset_is_an_error_not_a_crash(self, owner_client, owner):
        data = form_data()
        data["emails-TOTAL_FORMS"] = "not a number"
        del data["phones-INITIAL_FORMS"]
        response = owner_client.post(reverse("contacts:contact_create"), data)
        assert response.status_code == 200
        assert not Contact.objects.filter(owner=owner).exists()


class TestUpdate:
    def test_the_form_starts_from_the_contact(self, owner_client, owner):
        contact = ContactFactory(owner=owner, first_name="Ana", last_name="López", notes="Hi")
        contact.tags.add(TagFactory(owner=owner, name="design"))
        ContactEmailFactory(contact=contact, email="ana@example.org")
        ContactPhoneFactory(contact=contact, number="+33612345678")
        content = owner_client.get(reverse("contacts:contact_update", args=[contact.pk])).content
        content = content.decode()
        assert 'value="ana@example.org"' in content
        assert 'value="+33 6 12 34 56 78"' in content
        assert 'name="emails-TOTAL_FORMS" value="1"' in content
        assert 'value="design"' in content
        assert f'hx-get="{reverse("contacts:contact_email_check")}?exclude={contact.pk}"' in content

    def test_it_saves_changes_and_removes_what_was_ticked(self, owner_client, owner):
        contact = ContactFactory(owner=owner, first_name="Ana", last_name="López")
        ContactPhoneFactory(contact=contact, number="+33612345678")
        SocialProfileFactory(contact=contact)
        response = owner_client.post(
            reverse("contacts:contact_update", args=[contact.pk]),
            form_data(
                last_name="García",
                phones=[{"number": "+33612345678", "DELETE": "on"}],
                profiles=[{"network": "github", "url": "https://github.com/ana"}],
                initial={"phones": 1, "profiles": 1},
            ),
        )
        assert response.status_code == 302
        contact.refresh_from_db()
        assert contact.display_name == "Ana García"
        assert not contact.phones.exists()
        assert list(contact.profiles.values_list("url", flat=True)) == ["https://github.com/ana"]

    def test_keeping_an_email_is_not_a_duplicate_of_itself(self, owner_client, owner):
        contact = ContactFactory(owner=owner)
        ContactEmailFactory(contact=contact, email="ana@example.org")
        response = owner_client.post(
            reverse("contacts:contact_update", args=[contact.pk]),
            form_data(emails=[{"email": "ana@example.org"}], initial={"emails": 1}),
        )
        assert response.status_code == 302

    def test_the_photo_can_be_removed(self, owner_client, owner):
        contact = ContactFactory(owner=owner)
        contact.photo.save("a.jpg", jpeg(), save=True)
        url = reverse("contacts:contact_update", args=[contact.pk])
        assert 'name="remove_photo"' in owner_client.get(url).content.decode()
        owner_client.post(url, form_data(remove_photo="on"))
        contact.refresh_from_db()
        assert not contact.photo


class TestArchive:
    def test_posting_toggles_archived_and_says_so(self, owner_client, owner):
        contact = ContactFactory(owner=owner, display_name="Ana")
        url = reverse("contacts:contact_archive", args=[contact.pk])
        response = owner_client.post(url, follow=True)
        assert "Ana was archived" in text_of(response)
        assert "Unarchive" in text_of(response)
        contact.refresh_from_db()
        assert contact.is_archived
        response = owner_client.post(url, follow=True)
        assert "Ana is back in your contacts." in text_of(response)
        contact.refresh_from_db()
        assert not contact.is_archived

    def test_a_get_changes_nothing(self, owner_client, owner):
        contact = ContactFactory(owner=owner)
        response = owner_client.get(reverse("contacts:contact_archive", args=[contact.pk]))
        assert response.status_code == 405
        contact.refresh_from_db()
        assert not contact.is_archived


class TestDelete:
    def test_the_confirmation_names_what_goes(self, owner_client, owner):
        contact = ContactFactory(owner=owner, display_name="Ana")
        ContactEmailFactory.create_batch(2, contact=contact)
        AffiliationFactory(contact=contact)
        ContactFactory(owner=owner, introduced_by=contact)
        text = text_of(owner_client.get(reverse("contacts:contact_delete", args=[contact.pk])))
        assert "Delete Ana?" in text
        assert "2 emails, 0 phone numbers and 0 profiles" in text
        assert "1 affiliation with organizations" in text
        assert "on 1 contact they introduced" in text
        assert Contact.objects.filter(pk=contact.pk).exists()

    def test_posting_deletes_and_goes_back_to_the_list(self, owner_client, owner):
        contact = ContactFactory(owner=owner, display_name="Ana")
        response = owner_client.post(
            reverse("contacts:contact_delete", args=[contact.pk]), follow=True
        )
        assert response.redirect_chain == [(reverse("contacts:contact_list"), 302)]
        assert "Ana was deleted." in text_of(response)
        assert not Contact.objects.filter(pk=contact.pk).exists()


class TestEmailCheck:
    def test_it_names_the_other_contact_with_a_link(self, owner_client, owner):
        other = ContactFactory(owner=owner, display_name="Ana")
        ContactEmailFactory(contact=other, email="ana@example.org")
        response = owner_client.get(
            reverse("contacts:contact_email_check"), {"emails-0-email": "Ana@Example.org"}
        )
        assert f'Already used by <a href="{other.get_absolute_url()}">Ana</a>' in (
            response.content.decode()
        )

    def test_it_says_nothing_about_the_contact_being_edited(self, owner_client, owner):
        contact = ContactFactory(owner=owner)
        ContactEmailFactory(contact=contact, email="ana@example.org")
        response = owner_client.get(
            reverse("contacts:contact_email_check"),
            {"email": "ana@example.org", "exclude": str(contact.pk)},
        )
        assert response.content.strip() == b""

    @pytest.mark.parametrize(
        "params",
        [
            {},
            {"email": "x" * 5000},
            {"email": "a@b.c", "exclude": "99999999999999999999"},
            {"email": "a@b.c", "exclude": "²"},
        ],
    )
    def test_odd_input_is_an_empty_answer(self, owner_client, params):
        response = owner_client.get(reverse("contacts:contact_email_check"), params)
        assert response.status_code == 200
        assert response.content.strip() == b""


@pytest.mark.parametrize(
    "url_name",
    ["contact_list", "contact_create", "contact_detail", "contact_update", "contact_delete"],
)
def test_pages_have_no_inline_script_or_style(owner_client, owner, url_name):
    contact = ContactFactory(owner=owner, notes="*hi*")
    ContactEmailFactory(contact=contact)
    args = [] if url_name in ("contact_list", "contact_create") else [contact.pk]
    content = owner_client.get(reverse(f"contacts:{url_name}", args=args)).content.decode()
    assert "style=" not in content
    assert "<style" not in content
    assert not re.search(r"<script(?![^>]*\bsrc=)", content)
    assert not re.search(r"\son[a-z]+=", content)


@pytest.mark.parametrize(
    "url_name", ["contact_detail", "contact_update", "contact_delete", "contact_photo"]
)
def test_an_id_too_large_for_the_database_is_a_404(owner_client, url_name):
    response = owner_client.get(reverse(f"contacts:{url_name}", args=[10**25]))
    assert response.status_code == 404


def test_the_lists_rows_show_each_contacts_avatar_and_health_badge(owner, owner_client):
    pictured = ContactFactory(owner=owner, display_name="Ana Alves")
    pictured.photo.save("a.jpg", jpeg(), save=True)
    ContactHealth.objects.create(
        owner=owner,
        contact=pictured,
        score=71,
        band=HealthBand.HEALTHY,
        cadence_days=30,
        computed_at=timezone.now(),
    )
    ContactFactory(owner=owner, first_name="bo", last_name="nunes", display_name="Bo")

    page = owner_client.get(reverse("contacts:contact_list")).content.decode()

    photo = reverse("contacts:contact_photo", args=[pictured.pk])
    version = int(pictured.updated_at.timestamp())
    assert f'<img class="avatar" src="{photo}?v={version}" alt="" loading="lazy">' in page
    assert '<span class="avatar avatar-initials" aria-hidden="true">BN</span>' in page
    assert (
        '<span class="badge text-bg-primary" title="Relationship health: 71 out of 100">'
        '<i class="bi bi-heart-pulse" aria-hidden="true"></i> Healthy '
        '<span class="fw-normal">71</span><span class="visually-hidden"> out of 100</span></span>'
    ) in page
    # No health stored, no badge.
    assert page.count('<span class="badge text-bg-') == 1
