import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from contacts.forms.contacts import ContactDetailsFormsets, ContactFilterForm, ContactForm
from tests.factories import ContactEmailFactory, ContactFactory, OrganizationFactory, TagFactory


def contact_data(**fields) -> dict:
    data = {"first_name": "Ana", "tier": "network"}
    data.update(fields)
    return data


def details_data(emails=(), phones=(), profiles=()) -> dict:
    data = {}
    rows = {"emails": emails, "phones": phones, "profiles": profiles}
    for prefix, entries in rows.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(entries))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, entry in enumerate(entries):
            for key, value in entry.items():
                data[f"{prefix}-{index}-{key}"] = value
    return data


def photo_upload(data: bytes, name="me.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def jpeg_bytes(size=(40, 30), exif=None) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(output, format="JPEG", exif=exif or Image.Exif())
    return output.getvalue()


class TestContactForm:
    def test_a_name_is_required(self, owner):
        form = ContactForm(contact_data(first_name="", nickname="Ani"), owner=owner)
        assert not form.is_valid()
        assert "first_name" in form.errors

    @pytest.mark.parametrize(
        ("day", "month", "year", "field"),
        [
            ("31", "4", "", "birthday_day"),
            ("29", "2", "2023", "birthday_day"),
            ("12", "", "", "birthday_month"),
            ("", "5", "", "birthday_day"),
            ("", "", "1990", "birthday_year"),
            ("0", "1", "", "birthday_day"),
            ("12", "13", "", "birthday_month"),
            ("12", "5", "1850", "birthday_year"),
            ("12", "5", "2027", "birthday_year"),
            ("twelve", "5", "", "birthday_day"),
        ],
    )
    @time_machine.travel("2026-11-22 12:00Z")
    def test_an_impossible_birthday_is_a_field_error(self, owner, day, month, year, field):
        form = ContactForm(
            contact_data(birthday_day=day, birthday_month=month, birthday_year=year), owner=owner
        )
        assert not form.is_valid()
        assert list(form.errors) == [field]

    @pytest.mark.parametrize(
        ("day", "month", "year"), [("29", "2", ""), ("29", "2", "2024"), ("12", "4", "")]
    )
    def test_a_birthday_may_lack_its_year(self, owner, day, month, year):
        form = ContactForm(
            contact_data(birthday_day=day, birthday_month=month, birthday_year=year), owner=owner
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["birthday_month"] == int(month)

    def test_29_february_of_a_common_year_names_the_year(self, owner):
        form = ContactForm(
            contact_data(birthday_day="29", birthday_month="2", birthday_year="2023"), owner=owner
        )
        form.is_valid()
        assert form.errors["birthday_day"] == [
            "2023 was not a leap year, so it had no 29 February."
        ]

    def test_the_cadence_help_text_shows_each_tier_default(self, owner):
        help_text = ContactForm(owner=owner).fields["cadence_days"].help_text
        assert "inner circle 7" in help_text
        assert "acquaintance 365" in help_text

    def test_a_cadence_below_one_day_is_a_field_error(self, owner):
        form = ContactForm(contact_data(cadence_days="0"), owner=owner)
        assert not form.is_valid()
        assert "cadence_days" in form.errors

    def test_tags_are_split_on_commas_and_deduplicated_ignoring_case(self, owner):
        form = ContactForm(contact_data(tags="Design, ux,,  design , Paris"), owner=owner)
        assert form.is_valid()
        assert form.cleaned_data["tags"] == ["Design", "ux", "Paris"]

    def test_a_tag_longer_than_fifty_characters_is_a_field_error(self, owner):
        form = ContactForm(contact_data(tags="ok, " + "x" * 51), owner=owner)
        assert not form.is_valid()
        assert "too long for a tag" in form.errors["tags"][0]

    def test_introduced_by_offers_only_the_owners_contacts(self, owner, stranger):
        theirs = ContactFactory(owner=stranger)
        form = ContactForm(contact_data(introduced_by=str(theirs.pk)), owner=owner)
        assert not form.is_valid()
        assert "introduced_by" in form.errors

    def test_a_contact_cannot_be_their_own_introducer(self, owner):
        contact = ContactFactory(owner=owner)
        form = ContactForm(
            contact_data(introduced_by=str(contact.pk)), owner=owner, contact=contact
        )
        assert not form.is_valid()
        assert "introduced_by" in form.errors

    def test_the_display_name_is_shown_blank_when_it_only_repeats_the_name_parts(self, owner):
        derived = ContactFactory(owner=owner, first_name="Ana", last_name="Lopez")
        chosen = ContactFactory(owner=owner, display_name="Ana (meetup)")
        assert ContactForm(owner=owner, contact=derived).initial["display_name"] == ""
        assert ContactForm(owner=owner, contact=chosen).initial["display_name"] == "Ana (meetup)"


class TestPhoto:
    def test_a_file_that_is_not_an_image_is_refused_with_a_message(self, owner):
        form = ContactForm(
            contact_data(), {"photo": photo_upload(b"<html>not an image</html>")}, owner=owner
        )
        assert not form.is_valid()
        assert "not a photo Rapport can read" in form.errors["photo"][0]

    def test_an_oversized_photo_is_refused_with_a_message(self, owner, settings):
        settings.PHOTO_MAX_BYTES = 1024
        form = ContactForm(
            contact_data(), {"photo": photo_upload(jpeg_bytes(size=(400, 400)))}, owner=owner
        )
        assert not form.is_valid()
        assert "photos can be at most 1.0\xa0KB" in form.errors["photo"][0]

    def test_a_valid_photo_comes_back_without_its_exif(self, owner):
        exif = Image.Exif()
        exif[0x8825] = {1: "N"}  # GPS information
        exif[0x010F] = "PhoneMaker"
        form = ContactForm(
            contact_data(), {"photo": photo_upload(jpeg_bytes(exif=exif))}, owner=owner
        )
        assert form.is_valid(), form.errors
        with Image.open(io.BytesIO(form.cleaned_data["photo"].read())) as image:
            assert dict(image.getexif()) == {}


class TestEmails:
    def test_an_invalid_email_is_a_field_error(self, owner):
        details = ContactDetailsFormsets(
            details_data(emails=[{"email": "ana@", "label": "work"}]), owner=owner
        )
        assert not details.is_valid()
        assert details.emails.errors[0]["email"] == ["Enter a valid email address."]

    def test_an_email_used_by_another_contact_is_an_error_with_a_link_to_them(self, owner):
        other = ContactFactory(owner=owner, display_name="Ana <López>")
        ContactEmailFactory(contact=other, email="ana@example.org")
        details = ContactDetailsFormsets(
            details_data(emails=[{"email": "ANA@example.org"}]), owner=owner
        )
        assert not details.is_valid()
        [error] = details.emails.errors[0]["email"]
        assert f'<a href="/contacts/{other.pk}/">Ana &lt;López&gt;</a>' in error
        assert details.emails.forms[0].duplicate_of == other

    def test_save_anyway_accepts_a_shared_email(self, owner):
        ContactEmailFactory(contact__owner=owner, email="family@example.org")
        details = ContactDetailsFormsets(
            details_data(emails=[{"email": "family@example.org", "keep_duplicate": "on"}]),
            owner=owner,
        )
        assert details.is_valid()
        assert [e.email for e in details.entries()["emails"]] == ["family@example.org"]

    def test_the_contacts_own_email_is_not_a_duplicate(self, owner):
        contact = ContactFactory(owner=owner)
        ContactEmailFactory(contact=contact, email="ana@example.org")
        data = details_data(emails=[{"email": "ana@example.org"}])
        assert ContactDetailsFormsets(data, owner=owner, contact=contact).is_valid()

    def test_another_users_contact_with_the_same_email_is_not_a_duplicate(self, owner, stranger):
        ContactEmailFactory(contact__owner=stranger, email="ana@example.org")
        data = details_data(emails=[{"email": "ana@example.org"}])
        assert ContactDetailsFormsets(data, owner=owner).is_valid()

    def test_the_same_email_twice_on_one_contact_is_an_error(self, owner):
        data = details_data(emails=[{"email": "a@example.org"}, {"email": "A@example.org"}])
        details = ContactDetailsFormsets(data, owner=owner)
        assert not details.is_valid()
        assert "listed twice" in details.emails.non_form_errors()[0]

    def test_blank_and_removed_rows_are_dropped(self, owner):
        data = details_data(
            emails=[
                {"email": "", "label": "work"},
                {"email": "gone@example.org", "DELETE": "on"},
                {"email": "kept@example.org"},
            ]
        )
        details = ContactDetailsFormsets(data, owner=owner)
        assert details.is_valid()
        assert [e.email for e in details.entries()["emails"]] == ["kept@example.org"]


class TestPhones:
    @pytest.mark.parametrize(
        ("typed", "stored"),
        [("+33 6 12 34 56 78", "+33612345678"), ("+1 (650) 253-0000", "+16502530000")],
    )
    def test_a_number_is_stored_in_e164(self, owner, typed, stored):
        details = ContactDetailsFormsets(details_data(phones=[{"number": typed}]), owner=owner)
        assert details.is_valid()
        assert details.entries()["phones"][0].number == stored

    @pytest.mark.parametrize(
        ("typed", "message"),
        [
            ("06 12 34 56 78", "Start the number with + and its country code"),
            ("+33 1 23", "not a valid phone number for its country"),
            ("call me", "not a phone number"),
            ("+1 650 253 0000 ext. 5", "Extensions are not stored"),
        ],
    )
    def test_a_bad_number_is_a_field_error(self, owner, typed, message):
        details = ContactDetailsFormsets(details_data(phones=[{"number": typed}]), owner=owner)
        assert not details.is_valid()
        assert message in details.phones.errors[0]["number"][0]


class TestProfiles:
    def test_an_address_without_scheme_gets_https(self, owner):
        data = details_data(profiles=[{"network": "linkedin", "url": "linkedin.com/in/ana"}])
        details = ContactDetailsFormsets(data, owner=owner)
        assert details.is_valid()
        assert details.entries()["profiles"][0].url == "https://linkedin.com/in/ana"

    @pytest.mark.parametrize("url", ["not a url", "javascript:alert(1)", "ftp://files.example"])
    def test_a_bad_address_is_a_field_error(self, owner, url):
        data = details_data(profiles=[{"network": "website", "url": url}])
        details = ContactDetailsFormsets(data, owner=owner)
        assert not details.is_valid()
        assert details.profiles.errors[0]["url"] == ["Enter a valid URL."]

    def test_an_unknown_network_is_a_field_error(self, owner):
        data = details_data(profiles=[{"network": "myspace", "url": "https://myspace.com/a"}])
        details = ContactDetailsFormsets(data, owner=owner)
        assert not details.is_valid()
        assert "network" in details.profiles.errors[0]


class TestFormsetTampering:
    def test_a_missing_management_form_is_an_error_not_a_crash(self, owner):
        details = ContactDetailsFormsets({"emails-0-email": "a@example.org"}, owner=owner)
        assert not details.is_valid()

    def test_a_huge_total_forms_is_capped(self, owner):
        data = details_data()
        data["emails-TOTAL_FORMS"] = "100000"
        details = ContactDetailsFormsets(data, owner=owner)
        assert not details.is_valid()
        assert len(details.emails.forms) <= 20


class TestFilterForm:
    def test_it_ignores_a_tag_or_organization_of_another_user(self, owner, stranger):
        tag, organization = TagFactory(owner=stranger), OrganizationFactory(owner=stranger)
        form = ContactFilterForm(
            {"tag": str(tag.pk), "organization": str(organization.pk)}, owner=owner
        )
        filters = form.filters()
        assert filters["tag"] is None
        assert filters["organization"] is None
        assert set(form.errors) == {"tag", "organization"}

    def test_it_keeps_the_valid_filters_when_one_is_bad(self, owner):
        form = ContactFilterForm({"q": "ana", "tier": "bogus", "tag": "x"}, owner=owner)
        filters = form.filters()
        assert filters["query"] == "ana"
        assert filters["tier"] == ""
        assert filters["tag"] is None


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fields=st.dictionaries(
        st.sampled_from(
            ["first_name", "display_name", "birthday_day", "birthday_month", "birthday_year",
             "cadence_days", "tier", "relationship_type", "introduced_by", "tags", "notes"]
        ),
        st.text(max_size=30),
    ),
    email=st.text(max_size=40),
    phone=st.text(max_size=40),
    url=st.text(max_size=40),
)  # fmt: skip
def test_no_input_makes_the_forms_crash(owner, fields, email, phone, url):
    form = ContactForm(fields, owner=owner)
    details = ContactDetailsFormsets(
        details_data(
            emails=[{"email": email}], phones=[{"number": phone}], profiles=[{"url": url}]
        ),
        owner=owner,
    )
    if form.is_valid() and details.is_valid():
        assert form.contact_fields()["tier"]


def test_when_we_met_is_a_date_kept_on_the_contact(owner):
    form = ContactForm(
        data={"first_name": "Ana", "tier": "network", "met_on": "2024-03-01"}, owner=owner
    )

    assert form.is_valid(), form.errors
    assert form.contact_fields()["met_on"].isoformat() == "2024-03-01"
    contact = ContactFactory(owner=owner, met_on="2024-03-01")
    contact.refresh_from_db()
    assert ContactForm(owner=owner, contact=contact)["met_on"].value().isoformat() == "2024-03-01"
