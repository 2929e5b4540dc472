"""The contacts a re-sync reads, in locked chunks: shared by the keep-in-touch and birthday
services, which derive one reminder per contact from these columns."""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from accounts.models import User
from contacts.models import Contact

# Contacts per pass: bounds memory and the size of each IN list, whatever the number of contacts.
CHUNK_SIZE = 2000
TITLE_MAX = 200  # Reminder.title's max_length

# What a contact row holds that a new contact may leave to its default.
_DEFAULTED = (
    "tier",
    "cadence_days",
    "birthday_day",
    "birthday_month",
    "birthday_year",
    "archived_at",
)
# The columns read, in ContactRow's order.
_COLUMNS = ("pk", "owner_id", "display_name", *_DEFAULTED, "created_at", "owner__time_zone")


class ContactRow(NamedTuple):
    pk: int
    owner_id: int
    display_name: str
    tier: str
    cadence_days: int | None
    birthday_day: int | None
    birthday_month: int | None
    birthday_year: int | None
    archived_at: datetime | None
    created_at: datetime
    time_zone: str

    @property
    def zone(self) -> ZoneInfo:
        return _zone(self.time_zone)

    def local_date(self, moment: datetime) -> date:
        """The owner's calendar day of an instant."""
        return moment.astimezone(self.zone).date()


def contact_rows_of(contacts: Iterable[Mapping], *, time_zone: str) -> list[ContactRow]:
    """What locked_contact_chunks would read of contacts just written, from the fields they were
    written with, by attname ("id", "owner_id", "display_name" and "created_at" included; a
    field left out has its default): no need to read back what is already in hand."""
    defaults = {name: Contact._meta.get_field(name).get_default() for name in _DEFAULTED}
    return [
        ContactRow(
            contact["id"],
            contact["owner_id"],
            contact["display_name"],
            *(contact.get(name, defaults[name]) for name in _DEFAULTED),
            contact["created_at"],
            time_zone,
        )
        for contact in contacts
    ]


_ZONES: dict[str, ZoneInfo] = {}


def _zone(name: str) -> ZoneInfo:
    # ZoneInfo caches too, but a dict lookup is cheaper than its constructor per row.
    if name not in _ZONES:
        _ZONES[name] = ZoneInfo(name)
    return _ZONES[name]


@dataclass
class SyncResult:
    """What a re-sync changed: reminders created, moved (or renamed) and removed."""

    created: int = 0
    moved: int = 0
    removed: int = 0
    closed: int = 0

    def add(self, other: "SyncResult") -> None:
        self.created += other.created
        self.moved += other.moved
        self.removed += other.removed
        self.closed += other.closed


def locked_contact_chunks(
    *, contact_ids: Iterable[int] | None = None, owner: User | None = None
) -> Iterator[list[ContactRow]]:
    """These contacts (or all of `owner`'s), CHUNK_SIZE at a time, each chunk locked.

    The lock is FOR NO KEY UPDATE on PostgreSQL: it makes two re-syncs of the same contact (two
    interactions logged at once) take turns, so the second reads what the first committed and
    nothing is computed from a stale view; and unlike FOR UPDATE it does not conflict with the
    KEY SHARE lock that inserting a participation takes on its contact, so logging and re-syncing
    cannot deadlock. The caller must be in a transaction. SQLite has no row locks and runs one
    writer at a time.
    """
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        for start in range(0, len(ids), CHUNK_SIZE):
            yield _locked(Contact.objects.filter(pk__in=ids[start : start + CHUNK_SIZE]))
        return
    if owner is None:
        raise ValueError("Give the contact ids or their owner.")
    after = 0
    while True:
        chunk = _locked(Contact.objects.filter(owner=owner, pk__gt=after), limit=CHUNK_SIZE)
        if chunk:
            yield chunk
        if len(chunk) < CHUNK_SIZE:
            return
        after = chunk[-1].pk


def _locked(contacts: QuerySet, *, limit: int | None = None) -> list[ContactRow]:
    # Ordered by id, so that two re-syncs of overlapping sets lock in the same order.
    query = contacts.order_by("pk").select_for_update(no_key=True, of=("self",))
    rows = query.values_list(*_COLUMNS)
    if limit is not None:
        rows = rows[:limit]
    return [ContactRow(*row) for row in rows]
