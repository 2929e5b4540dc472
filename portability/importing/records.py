"""What a parser hands to the import flow: plain records, no ORM.

A parser never touches the database and never fetches anything. A problem with the whole file
(wrong encoding, not the format chosen, truncated) raises `ImportFileError`. A row that cannot
be imported says why in its record's `problems`: the preview shows it as an error and the other
rows still import. A value a parser had to drop from an otherwise good row (an email that is
not one, a date it cannot read) is named in `left_out`: the row imports without it, and the
preview says what was left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


class ImportFileError(Exception):
    """The file cannot be read at all; `message` says what is wrong in a person's words."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Birthday:
    day: int
    month: int
    year: int | None = None


@dataclass(frozen=True)
class Position:
    """A job or role at an organization: becomes an Affiliation (organization matched by name)."""

    organization: str
    role: str = ""
    start_date: date | None = None
    end_date: date | None = None
    is_current: bool = True


@dataclass
class ImportedContact:
    # Where the row came from, for the row-by-row report: "line 7" of a CSV, "card 3" of vCards.
    source: str
    prefix: str = ""
    first_name: str = ""
    middle_name: str = ""
    last_name: str = ""
    suffix: str = ""
    nickname: str = ""
    # Used when the file gives one name and no parts (some vCards, a mapped CSV).
    full_name: str = ""
    # (address, label): label is free text such as "work", "home", "" when the file has none.
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    # (network, url): network is a contacts.models.SocialNetwork value.
    profiles: list[tuple[str, str]] = field(default_factory=list)
    job_title: str = ""
    positions: list[Position] = field(default_factory=list)
    location: str = ""
    birthday: Birthday | None = None
    # LinkedIn's "Connected On": kept as when we met.
    connected_on: date | None = None
    notes: str = ""
    # User labels only (Google's "* myContacts" system labels are not tags).
    tags: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ImportedMessage:
    """One message of LinkedIn's messages.csv; the flow folds a conversation's day into one
    interaction with the matched contact, initiated by whoever wrote first that day."""

    source: str
    conversation_id: str
    sent_at: datetime  # aware, UTC
    sender_name: str
    sender_profile_url: str
    recipient_names: tuple[str, ...]
    recipient_profile_urls: tuple[str, ...]
    subject: str = ""
    content: str = ""


@dataclass
class Parsed:
    """A parser's output: the records in file order, plus notes about the file as a whole
    ("3 columns were not recognised and were ignored: …")."""

    format: str
    contacts: list[ImportedContact] = field(default_factory=list)
    messages: list[ImportedMessage] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
