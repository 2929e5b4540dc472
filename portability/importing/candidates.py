"""A parser's record made ready to write: checked against the models' limits, phones in E.164,
and the keys it is matched on. Plain values only; nothing here reads the database.

What cannot be stored is said, never dropped silently: a bad email, phone, link or birthday is
left out with a note on the row ("phone “06 12” left out: ..."), and a row with nothing to call
the person by, or a parser problem, is an error the preview shows.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone

from contacts.models import Contact, Organization, SocialNetwork
from contacts.normalize import email_key, linkedin_key
from contacts.phones import normalize_phone
from contacts.services.contacts import (
    TAG_NAME_MAX_LENGTH,
    display_name_from_parts,
    normalize_tag_name,
)
from portability.importing.records import ImportedContact, Position

# The Contact fields an import fills (on a new contact) or fills when blank (on a match).
TEXT_FIELDS = (
    "prefix",
    "first_name",
    "middle_name",
    "last_name",
    "suffix",
    "nickname",
    "job_title",
    "location",
    "notes",
)
ORGANIZATION_MAX = Organization._meta.get_field("name").max_length
ROLE_MAX = 150
_URL = URLValidator(schemes=["http", "https"])


def name_match_key(name: str) -> str:
    """Names match without letter case or extra spaces ("ana  LIMA" is "Ana Lima")."""
    return " ".join(name.split()).casefold()


@dataclass
class Candidate:
    """One contact row as the import would write it."""

    source: str
    display_name: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    birthday: tuple[int, int, int | None] | None = None
    met_on: date | None = None
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    profiles: list[tuple[str, str]] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # Why the row cannot be imported (an error), and what was left out of it (notes).
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def email_keys(self) -> list[str]:
        return [email_key(address) for address, _ in self.emails]

    @property
    def phone_keys(self) -> list[str]:
        return [number for number, _ in self.phones]

    @property
    def linkedin_keys(self) -> list[str]:
        return [key for _, url in self.profiles if (key := linkedin_key(url))]

    @property
    def name_key(self) -> str:
        return name_match_key(self.display_name)

    @property
    def detail(self) -> str:
        """Who this is, in a few words for the preview: an address, a company, a link."""
        if self.emails:
            return self.emails[0][0]
        if self.positions:
            return self.positions[0].organization
        if self.profiles:
            return self.profiles[0][1]
        return self.phones[0][0] if self.phones else ""


def _max_length(name: str) -> int | None:
    return Contact._meta.get_field(name).max_length


def _text_fields(record: ImportedContact, candidate: Candidate) -> None:
    for name in TEXT_FIELDS:
        value = getattr(record, name).strip()
        limit = _max_length(name)
        if limit is not None and len(value) > limit:
            label = Contact._meta.get_field(name).verbose_name
            candidate.errors.append(f"The {label} is longer than {limit} characters.")
        elif value:
            candidate.fields[name] = value


def _display_name(record: ImportedContact, candidate: Candidate) -> None:
    name = " ".join(record.full_name.split()) or display_name_from_parts(
        prefix=record.prefix,
        first_name=record.first_name,
        middle_name=record.middle_name,
        last_name=record.last_name,
        suffix=record.suffix,
    )
    # Someone known only by a nickname or an address is still someone to keep.
    name = name or record.nickname.strip() or (candidate.emails[0][0] if candidate.emails else "")
    if not name:
        candidate.errors.append("This row has no name (nor an email address to go by).")
    elif len(name) > _max_length("display_name"):
        candidate.errors.append("The name is longer than 200 characters.")
    candidate.display_name = name


def _emails(record: ImportedContact, candidate: Candidate) -> None:
    seen: set[str] = set()
    for address, label in record.emails:
        address = address.strip()
        if not address or email_key(address) in seen:
            continue
        try:
            validate_email(address)
        except ValidationError:
            candidate.notes.append(f"email “{address[:60]}” left out: not an email address")
            continue
        seen.add(email_key(address))
        candidate.emails.append((address, label.strip()[:30]))


def _phones(record: ImportedContact, candidate: Candidate) -> None:
    seen: set[str] = set()
    for number, label in record.phones:
        if not number.strip():
            continue
        try:
            normalized = normalize_phone(number)
        except ValidationError as error:
            candidate.notes.append(f"phone “{number.strip()[:40]}” left out: {error.messages[0]}")
            continue
        if normalized not in seen:
            seen.add(normalized)
            candidate.phones.append((normalized, label.strip()[:30]))


def _profiles(record: ImportedContact, candidate: Candidate) -> None:
    seen: set[str] = set()
    for network, url in record.profiles:
        url = url.strip()
        if not url or url in seen:
            continue
        try:
            _URL(url)
            if len(url) > 500:
                raise ValidationError("too long")
        except ValidationError:
            candidate.notes.append(f"link “{url[:60]}” left out: not a web address")
            continue
        seen.add(url)
        known = network in SocialNetwork.values
        candidate.profiles.append((network if known else SocialNetwork.OTHER, url))


def _birthday(record: ImportedContact, candidate: Candidate) -> None:
    birthday = record.birthday
    if birthday is None:
        return
    valid_month = 1 <= birthday.month <= 12
    leap_year = birthday.year if birthday.year is not None else 2000
    if valid_month and 1 <= birthday.day <= calendar.monthrange(leap_year, birthday.month)[1]:
        year_ok = birthday.year is None or 1900 <= birthday.year <= timezone.now().year
        candidate.birthday = (birthday.day, birthday.month, birthday.year if year_ok else None)
    else:
        candidate.notes.append("birthday left out: not a real date")


def _positions(record: ImportedContact, candidate: Candidate) -> None:
    for position in record.positions:
        organization = " ".join(position.organization.split())
        if not organization:
            continue
        if len(organization) > ORGANIZATION_MAX or len(position.role) > ROLE_MAX:
            candidate.notes.append(f"position at “{organization[:60]}” left out: too long")
            continue
        end = position.end_date
        if end is not None and position.start_date is not None and end < position.start_date:
            end = None
        candidate.positions.append(
            Position(
                organization=organization,
                role=position.role.strip(),
                start_date=position.start_date,
                end_date=end,
                is_current=position.is_current,
            )
        )


def _tags(record: ImportedContact, candidate: Candidate) -> None:
    seen: set[str] = set()
    for raw in record.tags:
        name = normalize_tag_name(raw)
        if not name or name.casefold() in seen:
            continue
        if len(name) > TAG_NAME_MAX_LENGTH:
            candidate.notes.append(f"tag “{name[:60]}…” left out: too long")
            continue
        seen.add(name.casefold())
        candidate.tags.append(name)


def candidate_from(record: ImportedContact) -> Candidate:
    candidate = Candidate(source=record.source[:60], met_on=record.connected_on)
    candidate.errors.extend(record.problems)
    _text_fields(record, candidate)
    _emails(record, candidate)
    _display_name(record, candidate)
    _phones(record, candidate)
    _profiles(record, candidate)
    _birthday(record, candidate)
    _positions(record, candidate)
    _tags(record, candidate)
    return candidate
