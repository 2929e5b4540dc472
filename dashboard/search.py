"""The navbar's quick search: the user's contacts, organizations and events matching a query.

As the user types (the dropdown), people are matched by part of their name only: every word
typed must appear in the name, names starting with it first. That reads one short column of the
user's own contacts, so it keeps up with typing however large the network. The page of results
(Enter, or no JavaScript) matches people the way the contact list does instead, on names, emails,
organizations, tags and notes (contacts.selectors.contacts.contacts_best_matching: full-text
and trigram on PostgreSQL, LIKE on SQLite). Organizations and events are matched by part of their
name. Both sides are lowered by the database, so case folds the same way everywhere; every
query starts from the owner.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Contact, Organization
from contacts.selectors.contacts import contacts_best_matching
from interactions.models import Event

# Longer input is no name anyone types; cutting it keeps the LIKE and trigram work bounded.
MAX_QUERY_LENGTH = 100
DROPDOWN_LIMIT = 5
PAGE_LIMIT = 25
# What a result shows of a person: the name, the job title, the avatar.
SHOWN = ("pk", "display_name", "job_title", "first_name", "last_name", "photo", "updated_at")


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


def _contacts_named(contacts: QuerySet[Contact], text: str) -> QuerySet[Contact]:
    words = text.split()
    contacts = contacts.alias(name_lower=Lower("display_name"))
    for word in words:
        contacts = contacts.filter(name_lower__contains=Lower(Value(word)))
    starts = Case(
        When(name_lower__startswith=Lower(Value(words[0])), then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return contacts.alias(starts=starts).order_by("starts", "name_lower", "pk")


def quick_search(
    *, user: User, query: str, limit: int = DROPDOWN_LIMIT, names_only: bool = False
) -> SearchResults:
    """Up to `limit` of each kind, best matches first: four queries (the contacts' ids, their
    rows, organizations, events), none for an empty query. `names_only` matches people by name
    alone (the dropdown), else as the contact list does."""
    text = clean_query(query)
    if not text:
        return SearchResults(text, [], [], [], False, False, False)
    contacts = Contact.objects.filter(owner=user, archived_at__isnull=True)
    if names_only:
        # Ids first: the names and their order come from contact_owner_active_name_idx alone
        # (it includes the name), a third of the time of reading every row for its name.
        ids = list(_contacts_named(contacts, text).values_list("pk", flat=True)[: limit + 1])
    else:
        # The best `limit` of at most BEST_MATCHES ranked, as the contact list sorts them.
        ids = contacts_best_matching(contacts, text, owner=user).ids
    shown = ids[:limit]
    rows = Contact.objects.filter(owner=user, pk__in=shown).only(*SHOWN).in_bulk()
    contacts, more_contacts = [rows[pk] for pk in shown], len(ids) > limit
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
