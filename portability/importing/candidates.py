"""A parser's record made ready to write: checked against the models' limits, phones in E.164,
and the keys it is matched on. Plain values only; nothing here reads the database.

What cannot be stored is said, never dropped silently: a bad email, phone, link or birthday is
left out with a note on the row ("phone “06 12” left out: ..."), and a row with nothing to call
the person by, or a parser problem, is an error the preview shows.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils import timezone

from contacts.models import Contact, Organization, SocialNetwork, SocialProfile
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
# Read once: these run for each of tens of thousands of rows.
LIMITS = {name: Contact._meta.get_field(name).max_length for name in TEXT_FIELDS}
LABELS = {name: Contact._meta.get_field(name).verbose_name for name in TEXT_FIELDS}
NETWORKS = frozenset(SocialNetwork.values)
DISPLAY_NAME_MAX = Contact._meta.get_field("display_name").max_length
PROFILE_URL_MAX = SocialProfile._meta.get_field("url").max_length
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

    # Read several times per row by the matching; the candidate no longer changes by then.
    @cached_property
    def email_keys(self) -> list[str]:
        return [email_key(address) for address, _ in self.emails]

    @cached_property
    def phone_keys(self) -> list[str]:
        return [number for number, _ in self.phones]

    @cached_property
    def linkedin_keys(self) -> list[str]:
        return [key for _, url in self.profiles if (key := linkedin_key(url))]

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


def _text_fields(record: ImportedContact, candidate: Candidate) -> None:
    for name in TEXT_FIELDS:
        value = getattr(record, name).strip()
        limit = LIMITS[name]
        if limit is not None and len(value) > limit:
            candidate.errors.append(f"The {LABELS[name]} is longer than {limit} characters.")
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
    if not name and not record.problems:  # a parser's problem says it already
        candidate.errors.append("This row has no name (nor an email address to go by).")
    elif len(name) > DISPLAY_NAME_MAX:
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
            # A LinkedIn profile address is one the parser has already rebuilt in its canonical
            # form; the full validator (a large regular expression) is for the others.
            if len(url) > PROFILE_URL_MAX or not linkedin_key(url):
                _URL(url)
            if len(url) > PROFILE_URL_MAX:
                raise ValidationError("too long")
        except ValidationError:
            candidate.notes.append(f"link “{url[:60]}” left out: not a web address")
            continue
        seen.add(url)
        candidate.profiles.append((network if network in NETWORKS else SocialNetwork.OTHER, url))


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
    candidate.notes.extend(record.left_out)
    _text_fields(record, candidate)
    _emails(record, candidate)
    _display_name(record, candidate)
    _phones(record, candidate)
    _profiles(record, candidate)
    _birthday(record, candidate)
    _positions(record, candidate)
    _tags(record, candidate)
    return candidate
