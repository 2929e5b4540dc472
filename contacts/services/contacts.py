"""Writes to contacts: create, update, archive, delete, tags by name and photos.

Every write that changes what a search reads (names, emails, tags, job title, location, notes)
ends by rebuilding the contact's search_text, in the same transaction.
"""

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Lower
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from PIL import Image, ImageOps

from accounts.models import User
from contacts.models import Contact, ContactEmail, ContactPhone, SocialProfile, Tag
from contacts.phones import normalize_phone
from contacts.services.search import contacts_refresh_search_text
from interactions.services.health import health_attention_sync, health_recompute_on_commit
from interactions.services.network import network_counts_refresh
from reminders.services.contacts import contact_reminders_sync

# What a service may set on a Contact from validated input; anything else is a programming error.
CONTACT_FIELDS = frozenset(
    {
        "prefix",
        "first_name",
        "middle_name",
        "last_name",
        "suffix",
        "nickname",
        "display_name",
        "job_title",
        "location",
        "birthday_day",
        "birthday_month",
        "birthday_year",
        "how_we_met",
        "met_on",
        "introduced_by",
        "relationship_type",
        "tier",
        "cadence_days",
        "notes",
    }
)

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length

# Photos are shown as avatars and on the profile; 1024 px is sharp on any screen at those sizes and
# keeps every stored file small, whatever the camera produced.
PHOTO_MAX_SIDE = 1024
# Decoding is refused above this many pixels (a 10,000 x 10,000 "bomb" is a few KB of PNG).
PHOTO_MAX_PIXELS = 50_000_000
PHOTO_FORMATS = ("JPEG", "PNG", "GIF", "WEBP")


@dataclass(frozen=True)
class EmailEntry:
    email: str
    label: str = ""


@dataclass(frozen=True)
class PhoneEntry:
    number: str
    label: str = ""


@dataclass(frozen=True)
class ProfileEntry:
    network: str
    url: str


class ProcessedPhoto(ContentFile):
    """A photo that photo_process has already checked and re-encoded, so it is not done twice."""


def display_name_from_parts(
    *,
    prefix: str = "",
    first_name: str = "",
    middle_name: str = "",
    last_name: str = "",
    suffix: str = "",
) -> str:
    """The name parts in order, without the nickname: "Dr Ana María López Jr"."""
    parts = (prefix, first_name, middle_name, last_name, suffix)
    return " ".join(part.strip() for part in parts if part and part.strip())


def normalize_tag_name(name: str) -> str:
    return " ".join(name.split())


def tags_from_names(*, owner: User, names: Iterable[str]) -> list[Tag]:
    """The owner's tags with these names, created when missing; "ux" and "UX" are one tag.

    Two queries whatever the number of names. Inserting with ignore_conflicts and reading back lets
    the database's own case-insensitive unique constraint decide what "the same tag" is, so a
    concurrent request creating the same tag cannot make this fail.
    """
    wanted: dict[str, str] = {}
    for raw in names:
        name = normalize_tag_name(raw)
        if not name:
            continue
        if len(name) > TAG_NAME_MAX_LENGTH:
            raise ValueError(f"Tag name longer than {TAG_NAME_MAX_LENGTH} characters: {name!r}")
        wanted.setdefault(name.casefold(), name)
    if not wanted:
        return []
    Tag.objects.bulk_create(
        [Tag(owner=owner, name=name) for name in wanted.values()], ignore_conflicts=True
    )
    same_name = reduce(or_, (Q(name_lower=Lower(Value(name))) for name in wanted.values()))
    return list(Tag.objects.filter(owner=owner).alias(name_lower=Lower("name")).filter(same_name))


def photo_process(upload: File) -> ProcessedPhoto:
    """Check an uploaded photo and re-encode it, or raise ValidationError with a message to show.

    Only real images under settings.PHOTO_MAX_BYTES are accepted. Re-encoding with Pillow drops
    EXIF (camera, GPS position, time) after applying its orientation, and shrinks the picture to
    PHOTO_MAX_SIDE; pictures with transparency stay PNG, everything else becomes JPEG.
    """
    if isinstance(upload, ProcessedPhoto):
        return upload
    if upload.size is not None and upload.size > settings.PHOTO_MAX_BYTES:
        raise ValidationError(
            "This photo is %(size)s; photos can be at most %(limit)s.",
            code="photo_too_large",
            params={
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(settings.PHOTO_MAX_BYTES),
            },
        )
    not_an_image = ValidationError(
        "This file is not a photo Rapport can read. Upload a JPEG, PNG, GIF or WebP image.",
        code="photo_invalid",
    )
    try:
        upload.seek(0)
        with Image.open(upload, formats=PHOTO_FORMATS) as image:
            if image.width * image.height > PHOTO_MAX_PIXELS:
                raise ValidationError(
                    "This photo has too many pixels; upload one under %(megapixels)s megapixels.",
                    code="photo_too_large",
                    params={"megapixels": PHOTO_MAX_PIXELS // 1_000_000},
                )
            image.verify()
        # verify() leaves the image unusable, so the file is opened again to decode it.
        upload.seek(0)
        with Image.open(upload, formats=PHOTO_FORMATS) as image:
            image.seek(0)  # the first frame of an animation
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            output = io.BytesIO()
            has_alpha = upright.mode in ("RGBA", "LA", "PA") or "transparency" in upright.info
            if has_alpha:
                upright.convert("RGBA").save(output, format="PNG", optimize=True)
                name = "photo.png"
            else:
                upright.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
                name = "photo.jpg"
    except ValidationError:
        raise
    except Exception as error:
        # The bytes are whatever the user sent: Pillow signals a truncated or hostile file with
        # many exception types (OSError, SyntaxError, ValueError, struct.error, bomb errors...),
        # and every one of them means the same thing to the user.
        raise not_an_image from error
    return ProcessedPhoto(output.getvalue(), name=name)


def _delete_file_after_commit(name: str) -> None:
    if not name:
        return
    field = Contact._meta.get_field("photo")
    # Only once the new row state is committed: a rolled-back update must keep its photo.
    transaction.on_commit(lambda: field.storage.delete(name))


def _set_fields(contact: Contact, fields: Mapping[str, Any]) -> None:
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise ValueError(f"Not contact fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(contact, name, value.strip() if isinstance(value, str) else value)
    introducer = contact.introduced_by
    if introducer is not None and (
        introducer.owner_id != contact.owner_id or introducer.pk == contact.pk
    ):
        raise ValueError("A contact can only be introduced by another contact of the same owner.")
    if not contact.display_name:
        contact.display_name = display_name_from_parts(
            prefix=contact.prefix,
            first_name=contact.first_name,
            middle_name=contact.middle_name,
            last_name=contact.last_name,
            suffix=contact.suffix,
        )
    if not contact.display_name:
        raise ValueError("A contact needs a display name or at least one name part.")


def _replace_rows(
    contact: Contact,
    model: type[ContactEmail | ContactPhone | SocialProfile],
    wanted: Mapping[str, EmailEntry | PhoneEntry | ProfileEntry],
    key: Callable[[Any], str],
) -> None:
    """Make a contact's emails, phones or profiles match `wanted` (by key) in a fixed number of
    queries: unchanged rows keep their ids and dates, edited ones are updated, the rest replaced."""
    existing = {key(row): row for row in model.objects.filter(contact=contact)}
    stale = [row.pk for k, row in existing.items() if k not in wanted]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    changed, changed_fields = [], []
    for k, entry in wanted.items():
        row = existing.get(k)
        values = asdict(entry)
        if row is not None and any(getattr(row, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(row, field, value)
            changed.append(row)
            changed_fields = list(values)
    if changed:
        model.objects.bulk_update(changed, changed_fields)
    model.objects.bulk_create(
        [
            model(owner_id=contact.owner_id, contact=contact, **asdict(entry))
            for k, entry in wanted.items()
            if k not in existing
        ]
    )


def _replace_emails(contact: Contact, entries: Sequence[EmailEntry]) -> None:
    # Addresses compare without case: "Ana@X.org" edited to "ana@x.org" is the same row.
    wanted: dict[str, EmailEntry] = {}
    for entry in entries:
        email = entry.email.strip()
        if email:
            wanted.setdefault(email.lower(), EmailEntry(email=email, label=entry.label.strip()))
    _replace_rows(contact, ContactEmail, wanted, key=lambda row: row.email.lower())


def _replace_phones(contact: Contact, entries: Sequence[PhoneEntry]) -> None:
    wanted: dict[str, PhoneEntry] = {}
    for entry in entries:
        if entry.number.strip():
            number = normalize_phone(entry.number)
            wanted.setdefault(number, PhoneEntry(number=number, label=entry.label.strip()))
    _replace_rows(contact, ContactPhone, wanted, key=lambda row: row.number)


def _replace_profiles(contact: Contact, entries: Sequence[ProfileEntry]) -> None:
    wanted: dict[str, ProfileEntry] = {}
    for entry in entries:
        url = entry.url.strip()
        if url:
            wanted.setdefault(url, ProfileEntry(network=entry.network, url=url))
    _replace_rows(contact, SocialProfile, wanted, key=lambda row: row.url)


@transaction.atomic
def contact_create(
    *,
    owner: User,
    fields: Mapping[str, Any],
    emails: Sequence[EmailEntry] = (),
    phones: Sequence[PhoneEntry] = (),
    profiles: Sequence[ProfileEntry] = (),
    tag_names: Sequence[str] = (),
    photo: File | None = None,
) -> Contact:
    contact = Contact(owner=owner)
    _set_fields(contact, fields)
    if photo is not None:
        processed = photo_process(photo)
        contact.photo.save(processed.name, processed, save=False)
    contact.save()
    _replace_emails(contact, emails)
    _replace_phones(contact, phones)
    _replace_profiles(contact, profiles)
    contact.tags.set(tags_from_names(owner=owner, names=tag_names))
    contacts_refresh_search_text(contact_ids=[contact.pk])
    contact.refresh_from_db(fields=["search_text"])
    contact_reminders_sync(contact_ids=[contact.pk])
    network_counts_refresh(owner=owner)
    return contact


@transaction.atomic
def contact_update(
    *,
    contact: Contact,
    fields: Mapping[str, Any],
    emails: Sequence[EmailEntry] = (),
    phones: Sequence[PhoneEntry] = (),
    profiles: Sequence[ProfileEntry] = (),
    tag_names: Sequence[str] = (),
    photo: File | None = None,
    remove_photo: bool = False,
) -> Contact:
    """Set the contact to exactly this: emails, phones, profiles and tags not given are removed.

    The photo is the exception: it stays unless a new one is given or remove_photo is set.
    """
    cadence_before, tier_before = contact.effective_cadence_days, contact.tier
    _set_fields(contact, fields)
    old_photo = contact.photo.name
    if photo is not None:
        processed = photo_process(photo)
        contact.photo.save(processed.name, processed, save=False)
    elif remove_photo:
        contact.photo = ""
    if old_photo and contact.photo.name != old_photo:
        _delete_file_after_commit(old_photo)
    contact.save()
    _replace_emails(contact, emails)
    _replace_phones(contact, phones)
    _replace_profiles(contact, profiles)
    contact.tags.set(tags_from_names(owner=contact.owner, names=tag_names))
    contacts_refresh_search_text(contact_ids=[contact.pk])
    contact.refresh_from_db(fields=["search_text"])
    if contact.tier != tier_before:
        # Needs attention weighs the gap by closeness: right on the next dashboard.
        health_attention_sync(contact_ids=[contact.pk])
        network_counts_refresh(owner=contact.owner)
    if contact.effective_cadence_days != cadence_before:
        # Health decays against the cadence: a new one changes the score now, not tonight.
        health_recompute_on_commit(contact_ids=[contact.pk])
    # Cadence, birthday and name each shape a reminder (keep in touch, birthday, titles).
    contact_reminders_sync(contact_ids=[contact.pk])
    return contact


@transaction.atomic
def contact_archive(*, contact: Contact) -> Contact:
    """Hide a contact from lists and pickers without losing anything; archiving twice is a no-op.
    Its keep-in-touch and birthday reminders close (they come back when it is unarchived)."""
    if contact.archived_at is None:
        contact.archived_at = timezone.now()
        contact.save(update_fields=["archived_at", "updated_at"])
        contact_reminders_sync(contact_ids=[contact.pk])
        network_counts_refresh(owner=contact.owner)
    return contact


@transaction.atomic
def contact_unarchive(*, contact: Contact) -> Contact:
    if contact.archived_at is not None:
        contact.archived_at = None
        contact.save(update_fields=["archived_at", "updated_at"])
        contact_reminders_sync(contact_ids=[contact.pk])
        network_counts_refresh(owner=contact.owner)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact) -> None:
    """Delete the contact and everything that only describes them (emails, phones, profiles,
    affiliations); people they introduced stay, without an introducer."""
    _delete_file_after_commit(contact.photo.name)
    contact.delete()
    network_counts_refresh(owner=contact.owner)
