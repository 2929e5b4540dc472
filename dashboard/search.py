"""The navbar's quick search: the user's contacts, organizations and events matching a query.

Contacts are matched the way the contact list matches them (full-text and trigram on PostgreSQL,
LIKE on SQLite: contacts.selectors.contacts.contacts_matching); organizations and events by part
of their name, lowered by the database on both sides (the trigram index on lower(name) of
contacts migration 0002, and event_owner_start_idx). Every query starts from the owner.
"""

from dataclasses import dataclass

from django.db.models import QuerySet, Value
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Contact, Organization
from contacts.selectors.contacts import contacts_matching
from interactions.models import Event

# Longer input is no name anyone types; cutting it keeps the LIKE and trigram work bounded.
MAX_QUERY_LENGTH = 100
DROPDOWN_LIMIT = 5
PAGE_LIMIT = 25


@dataclass(frozen=True)
class SearchResults:
    query: str
    contacts: list[Contact]
    organizations: list[Organization]
    events: list[Event]
    # Whether a kind had more matches than shown (the page then links to that kind's list).
    more_contacts: bool
    more_organizations: bool
    more_events: bool

    @property
    def empty(self) -> bool:
        return not (self.contacts or self.organizations or self.events)


def clean_query(query: str) -> str:
    # PostgreSQL refuses NUL in any string; it never belongs in a search anyway.
    return " ".join(query.replace("\x00", "").split())[:MAX_QUERY_LENGTH]


def _name_contains(queryset: QuerySet, text: str) -> QuerySet:
    return queryset.alias(name_lower=Lower("name")).filter(name_lower__contains=Lower(Value(text)))


def _first(queryset: QuerySet, limit: int) -> tuple[list, bool]:
    """At most `limit` rows and whether there are more, in one query (one row more is asked)."""
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


def quick_search(*, user: User, query: str, limit: int = DROPDOWN_LIMIT) -> SearchResults:
    """Up to `limit` of each kind, best matches first; three queries, none for an empty query."""
    text = clean_query(query)
    if not text:
        return SearchResults(text, [], [], [], False, False, False)
    contacts, ranked = contacts_matching(
        Contact.objects.filter(owner=user, archived_at__isnull=True), text
    )
    ordering = ("-rank",) if ranked else ()
    contacts, more_contacts = _first(
        contacts.order_by(*ordering, Lower("display_name"), "pk").only(
            "pk", "display_name", "job_title", "first_name", "last_name", "photo", "updated_at"
        ),
        limit,
    )
    organizations, more_organizations = _first(
        _name_contains(Organization.objects.filter(owner=user), text)
        .order_by(Lower("name"), "pk")
        .only("pk", "name", "kind"),
        limit,
    )
    events, more_events = _first(
        _name_contains(Event.objects.filter(owner=user), text)
        .order_by("-starts_at", "-pk")
        .only("pk", "name", "starts_at"),
        limit,
    )
    return SearchResults(
        text, contacts, organizations, events, more_contacts, more_organizations, more_events
    )
