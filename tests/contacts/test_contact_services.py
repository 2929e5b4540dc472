import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image

from contacts.models import Contact, ContactEmail, Tag
from contacts.services.contacts import (
    EmailEntry,
    PhoneEntry,
    ProfileEntry,
    contact_archive,
    contact_create,
    contact_delete,
    contact_unarchive,
    contact_update,
    photo_process,
    tags_from_names,
)
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    TagFactory,
)


def jpeg_bytes(size=(40, 30), color=(200, 30, 30), exif=None) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="JPEG", exif=exif or Image.Exif())
    return output.getvalue()


def upload(data: bytes, name="me.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def create(owner, **fields):
    return contact_create(owner=owner, fields={"first_name": "Ana", **fields})


class TestDisplayName:
    def test_it_builds_the_display_name_from_the_name_parts_without_the_nickname(self, owner):
        contact = contact_create(
            owner=owner,
            fields={
                "prefix": "Dr",
                "first_name": "Ana",
                "middle_name": "María",
                "last_name": "López",
                "suffix": "PhD",
                "nickname": "Ani",
                "display_name": "",
            },
        )
        assert Contact.objects.get(pk=contact.pk).display_name == "Dr Ana María López PhD"

    def test_it_keeps_a_display_name_the_user_typed(self, owner):
        contact = create(owner, last_name="López", display_name="Ana from the meetup")
        assert contact.display_name == "Ana from the meetup"

    def test_it_recomputes_a_cleared_display_name_on_update(self, owner):
        contact = create(owner, last_name="López")
        contact_update(contact=contact, fields={"last_name": "García", "display_name": ""})
        assert Contact.objects.get(pk=contact.pk).display_name == "Ana García"

    def test_it_refuses_a_contact_without_any_name(self, owner):
        with pytest.raises(ValueError, match="name"):
            contact_create(owner=owner, fields={"nickname": "Ani"})
        assert not Contact.objects.exists()


class TestTagsByName:
    def test_it_reuses_the_owners_tag_whatever_the_letter_case(self, owner):
        existing = TagFactory(owner=owner, name="Design")
        tags = tags_from_names(owner=owner, names=["design", "  DESIGN "])
        assert tags == [existing]
        assert Tag.objects.filter(owner=owner).count() == 1

    def test_it_creates_missing_tags_with_the_spelling_typed(self, owner):
        tags = tags_from_names(owner=owner, names=["Conference  2026", "", "ux"])
        assert sorted(tag.name for tag in tags) == ["Conference 2026", "ux"]

    def test_it_never_uses_another_users_tag(self, owner, stranger):
        theirs = TagFactory(owner=stranger, name="design")
        [mine] = tags_from_names(owner=owner, names=["design"])
        assert mine.pk != theirs.pk
        assert mine.owner == owner

    def test_it_refuses_a_name_longer_than_the_column(self, owner):
        with pytest.raises(ValueError):
            tags_from_names(owner=owner, names=["x" * 51])

    def test_a_contact_gets_exactly_the_tags_named(self, owner):
        contact = contact_create(
            owner=owner, fields={"first_name": "Ana"}, tag_names=["design", "paris"]
        )
        contact_update(contact=contact, fields={}, tag_names=["Paris", "mentor"])
        assert sorted(t.name for t in contact.tags.all()) == ["mentor", "paris"]


class TestDetailsAndSearchText:
    def test_it_stores_emails_phones_and_profiles_and_makes_them_searchable(self, owner):
        contact = contact_create(
            owner=owner,
            fields={"first_name": "Ana", "last_name": "López", "job_title": "Designer"},
            emails=[EmailEntry("Ana@Example.org", "work"), EmailEntry("ana@example.org", "dup")],
            phones=[PhoneEntry("+33 6 12 34 56 78", "mobile")],
            profiles=[ProfileEntry("github", "https://github.com/ana")],
            tag_names=["ux"],
        )
        assert list(contact.emails.values_list("email", "label")) == [("Ana@Example.org", "work")]
        assert list(contact.phones.values_list("number", flat=True)) == ["+33612345678"]
        assert list(contact.profiles.values_list("url", flat=True)) == ["https://github.com/ana"]
        stored = Contact.objects.get(pk=contact.pk).search_text
        for word in ("ana", "lópez", "ana@example.org", "designer", "ux"):
            assert word in stored

    def test_update_refreshes_search_text_with_the_new_values(self, owner):
        contact = create(owner, notes="Met at Web Summit")
        AffiliationFactory(contact=contact, organization__name="Acme Robotics")
        contact_update(
            contact=contact,
            fields={"notes": "Plays the cello"},
            emails=[EmailEntry("ana@new.example")],
        )
        stored = Contact.objects.get(pk=contact.pk).search_text
        assert "cello" in stored
        assert "web summit" not in stored
        assert "ana@new.example" in stored
        assert "acme robotics" in stored

    def test_update_keeps_unchanged_email_rows_and_removes_the_others(self, owner):
        contact = create(owner)
        kept = ContactEmailFactory(contact=contact, email="kept@example.org", label="home")
        ContactEmailFactory(contact=contact, email="gone@example.org")
        contact_update(
            contact=contact,
            fields={},
            emails=[EmailEntry("KEPT@example.org", "work"), EmailEntry("new@example.org")],
        )
        rows = list(ContactEmail.objects.filter(contact=contact).order_by("pk"))
        assert [(r.pk == kept.pk, r.email, r.label) for r in rows] == [
            (True, "KEPT@example.org", "work"),
            (False, "new@example.org", ""),
        ]

    def test_update_without_entries_removes_every_email_phone_and_profile(self, owner):
        contact = contact_create(
            owner=owner,
            fields={"first_name": "Ana"},
            emails=[EmailEntry("a@example.org")],
            phones=[PhoneEntry("+33612345678")],
            profiles=[ProfileEntry("x", "https://x.com/ana")],
        )
        contact_update(contact=contact, fields={})
        assert not contact.emails.exists()
        assert not contact.phones.exists()
        assert not contact.profiles.exists()

    def test_it_refuses_an_introducer_who_belongs_to_another_user(self, owner, stranger):
        theirs = ContactFactory(owner=stranger)
        with pytest.raises(ValueError):
            create(owner, introduced_by=theirs)

    def test_it_refuses_a_field_that_is_not_a_contact_field(self, owner):
        with pytest.raises(ValueError, match="owner_id"):
            contact_create(owner=owner, fields={"first_name": "Ana", "owner_id": 1})


class TestArchive:
    def test_archiving_sets_the_date_and_unarchiving_clears_it(self, owner):
        contact = create(owner)
        contact_archive(contact=contact)
        archived_at = Contact.objects.get(pk=contact.pk).archived_at
        assert archived_at is not None
        contact_archive(contact=contact)
        assert Contact.objects.get(pk=contact.pk).archived_at == archived_at
        contact_unarchive(contact=contact)
        assert Contact.objects.get(pk=contact.pk).archived_at is None


class TestDelete:
    def test_it_deletes_the_details_and_keeps_the_people_they_introduced(self, owner):
        contact = create(owner)
        ContactEmailFactory(contact=contact)
        introduced = ContactFactory(owner=owner, introduced_by=contact)
        contact_delete(contact=contact)
        assert not Contact.objects.filter(pk=contact.pk).exists()
        assert not ContactEmail.objects.filter(contact_id=contact.pk).exists()
        introduced.refresh_from_db()
        assert introduced.introduced_by is None


@pytest.mark.django_db(transaction=True)
class TestPhotoFiles:
    def test_replacing_a_photo_deletes_the_old_file(self, owner):
        contact = contact_create(
            owner=owner, fields={"first_name": "Ana"}, photo=upload(jpeg_bytes())
        )
        storage = contact.photo.storage
        old_name = contact.photo.name
        assert storage.exists(old_name)
        contact_update(contact=contact, fields={}, photo=upload(jpeg_bytes(color=(0, 0, 0))))
        assert not storage.exists(old_name)
        assert storage.exists(Contact.objects.get(pk=contact.pk).photo.name)

    def test_a_rolled_back_update_keeps_the_old_file(self, owner):
        contact = contact_create(
            owner=owner, fields={"first_name": "Ana"}, photo=upload(jpeg_bytes())
        )
        old_name = contact.photo.name
        with pytest.raises(RuntimeError), transaction.atomic():
            contact_update(contact=contact, fields={}, remove_photo=True)
            raise RuntimeError
        assert contact.photo.storage.exists(old_name)

    def test_deleting_a_contact_deletes_its_photo_file(self, owner):
        contact = contact_create(
            owner=owner, fields={"first_name": "Ana"}, photo=upload(jpeg_bytes())
        )
        name, storage = contact.photo.name, contact.photo.storage
        contact_delete(contact=contact)
        assert not storage.exists(name)


class TestPhotoProcessing:
    def test_it_strips_exif_after_applying_the_orientation(self):
        exif = Image.Exif()
        exif[0x0112] = 6  # Orientation: the camera was turned; the picture must be rotated 90°
        exif[0x010F] = "SpyCam"  # Make
        processed = photo_process(upload(jpeg_bytes(size=(40, 30), exif=exif)))
        with Image.open(io.BytesIO(processed.read())) as image:
            assert image.size == (30, 40)
            assert not image.getexif()

    def test_it_shrinks_large_pictures(self):
        processed = photo_process(upload(jpeg_bytes(size=(3000, 1500))))
        with Image.open(io.BytesIO(processed.read())) as image:
            assert image.size == (1024, 512)

    def test_it_keeps_transparency_as_png(self):
        output = io.BytesIO()
        Image.new("RGBA", (10, 10), (0, 0, 0, 0)).save(output, format="PNG")
        processed = photo_process(upload(output.getvalue(), "a.png", "image/png"))
        assert processed.name == "photo.png"

    def test_it_refuses_a_file_that_is_not_an_image(self):
        with pytest.raises(ValidationError, match="not a photo"):
            photo_process(upload(b"%PDF-1.4 not a picture", "cv.jpg"))

    def test_it_refuses_a_truncated_image(self):
        with pytest.raises(ValidationError, match="not a photo"):
            photo_process(upload(jpeg_bytes(size=(200, 200))[:300]))

    def test_it_refuses_a_picture_with_too_many_pixels(self, monkeypatch):
        monkeypatch.setattr("contacts.services.contacts.PHOTO_MAX_PIXELS", 100)
        with pytest.raises(ValidationError, match="too many pixels"):
            photo_process(upload(jpeg_bytes(size=(20, 20))))

    def test_it_refuses_a_file_over_the_size_limit(self, settings):
        settings.PHOTO_MAX_BYTES = 100
        with pytest.raises(ValidationError, match="at most 100"):
            photo_process(upload(jpeg_bytes()))
