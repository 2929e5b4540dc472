"""A contact's timeline: what happened with them, newest first, one page at a time.

One public function, `contact_timeline`, merges a private helper per kind of item: the
interactions they took part in (with their notes) and the events the user met them at. A page is
cut by a cursor (the sort key of the last item shown) rather than a page number, so "load more"
costs the same few queries however far back the reader goes, and an interaction logged meanwhile
does not shift what the next page shows.
"""

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from heapq import merge

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Lower
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact
from interactions.models import EventAttendance, Participation, ValueExchange

PAGE_SIZE = 20

# At the same instant, interactions come before events (their sort key is larger).
_INTERACTION = 2
_EVENT = 1
_KIND_NAMES = {_INTERACTION: "interaction", _EVENT: "event"}
# Ids are 64-bit; a larger number in a cursor is no id at all.
_MAX_ID = 2**63


@dataclass(frozen=True, order=True)
class _Key:
    when: datetime
    rank: int
    pk: int

    def encode(self) -> str:
        return f"{self.when.isoformat()}|{self.rank}|{self.pk}"

    @classmethod
    def decode(cls, text: str) -> "_Key | None":
        """The key a cursor names, or None for anything that is not one (a stale or forged URL
        then shows the first page)."""
        try:
            when, rank, pk = text.split("|")
            moment = datetime.fromisoformat(when)
            if moment.tzinfo is None:
                return None
            # In UTC as the database holds it; a date at the edge of the calendar overflows here
            # rather than in the query.
            key = cls(moment.astimezone(UTC), int(rank), int(pk))
        except (ValueError, OverflowError):
            return None
        if key.rank not in _KIND_NAMES or not 0 < key.pk < _MAX_ID:
            return None
        return key

    def older_filter(self, rank: int, when_field: str, pk_field: str) -> Q:
        """Rows of one kind (`rank`) that sort after this key, newest first."""
        before = Q(**{f"{when_field}__lt": self.when})
        if rank < self.rank:
            return before | Q(**{when_field: self.when})
        if rank == self.rank:
            return before | Q(**{when_field: self.when, f"{pk_field}__lt": self.pk})
        return before


@dataclass(frozen=True)
class TimelineItem:
    key: _Key
    # For an interaction: the Interaction, with `others`, the other people who took part.
    # For an event: the EventAttendance, with its event.
    item: object
    # An event still to come: the user added the contact to it ahead of time.
    upcoming: bool = False

    @property
    def kind(self) -> str:
        return _KIND_NAMES[self.key.rank]

    @property
    def when(self) -> datetime:
        return self.key.when


@dataclass(frozen=True)
class TimelineTotals:
    last_contact: datetime | None
    # Calendar days from the last contact to today, both in the user's zone (0 is today).
    days_since: int | None
    total: int
    this_year: int
    value_given: int
    value_received: int


@dataclass(frozen=True)
class TimelinePage:
    items: list[TimelineItem]
    # Pass as `before` for the next page; None on the last page.
    next_cursor: str | None
    # Only on the first page: a later page is appended under totals already shown.
    totals: TimelineTotals | None


def _interactions(
    user: User, contact: Contact, after: _Key | None, limit: int
) -> list[TimelineItem]:
    rows = (
        Participation.objects.filter(owner=user, contact=contact)
        .select_related("interaction__event")
        .order_by("-occurred_at", "-interaction_id")
    )
    if after is not None:
        rows = rows.filter(after.older_filter(_INTERACTION, "occurred_at", "interaction_id"))
    rows = list(rows[:limit])
    interactions = [row.interaction for row in rows]
    # Every participant, by name, in one query; the timeline shows the others beside each item.
    participants = Prefetch(
        "participants",
        queryset=Contact.objects.order_by(Lower("display_name"), "pk"),
        to_attr="participant_list",
    )
    prefetch_related_objects(interactions, participants)
    for interaction in interactions:
        interaction.others = [c for c in interaction.participant_list if c.pk != contact.pk]
    # Keyed exactly as the query sorts and filters them.
    return [
        TimelineItem(_Key(row.occurred_at, _INTERACTION, row.interaction_id), row.interaction)
        for row in rows
    ]


def _events(user: User, contact: Contact, after: _Key | None, limit: int) -> list[TimelineItem]:
    # An event the user already logged a "met at" interaction for shows as that interaction.
    logged = Participation.objects.filter(
        contact_id=OuterRef("contact_id"), interaction__event_id=OuterRef("event_id")
    )
    rows = (
        EventAttendance.objects.filter(owner=user, contact=contact)
        .exclude(Exists(logged))
        .select_related("event")
        .order_by("-event__starts_at", "-pk")
    )
    if after is not None:
        rows = rows.filter(after.older_filter(_EVENT, "event__starts_at", "pk"))
    return [
        TimelineItem(_Key(attendance.event.starts_at, _EVENT, attendance.pk), attendance)
        for attendance in rows[:limit]
    ]


def _totals(user: User, contact: Contact, now: datetime) -> TimelineTotals:
    # "This year" is the user's year: the middleware has activated their time zone.
    local_now = timezone.localtime(now)
    year_start = local_now.replace(month=1, day=1, hour=0, minute=0, second=0, microsecond=0)
    facts = Participation.objects.filter(owner=user, contact=contact).aggregate(
        last_contact=Max("occurred_at", filter=Q(occurred_at__lte=now)),
        total=Count("pk"),
        this_year=Count("pk", filter=Q(occurred_at__gte=year_start, occurred_at__lte=now)),
        value_given=Count("pk", filter=Q(value=ValueExchange.GAVE)),
        value_received=Count("pk", filter=Q(value=ValueExchange.RECEIVED)),
    )
    last = facts["last_contact"]
    days_since = (local_now.date() - timezone.localtime(last).date()).days if last else None
    return TimelineTotals(days_since=days_since, **facts)


def contact_timeline(
    *,
    user: User,
    contact: Contact,
    before: str = "",
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
) -> TimelinePage:
    """One page of the contact's timeline, starting after the cursor `before` (or at the top)."""
    after = _Key.decode(before) if before else None
    # One more than a page of each kind: the page is the newest `page_size` of both, and any
    # item left over means there is another page.
    limit = page_size + 1
    items = list(
        merge(
            _interactions(user, contact, after, limit),
            _events(user, contact, after, limit),
            key=lambda item: item.key,
            reverse=True,
        )
    )
    page, rest = items[:page_size], items[page_size:]
    now = now or timezone.now()
    return TimelinePage(
        items=[replace(item, upcoming=item.when > now) for item in page],
        next_cursor=page[-1].key.encode() if rest else None,
        totals=_totals(user, contact, now) if after is None else None,
    )
