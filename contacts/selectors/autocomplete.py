"""Choices for the pickers, as [{"value": id, "text": label}], always from the user's own rows.

People keep thousands of contacts, so a picker asks for at most AUTOCOMPLETE_LIMIT matches of
what has been typed instead of rendering every row.
"""

from django.db.models import Value
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Contact, Organization, Tag
from contacts.selectors.contacts import contacts_matching

AUTOCOMPLETE_LIMIT = 20
# Longer input is not a name anyone types; cutting it keeps the LIKE and trigram work bounded.
MAX_QUERY_LENGTH = 100


def _choices(rows) -> list[dict]:
    return [{"value": pk, "text": label} for pk, label in rows]


def _clean(query: str) -> str:
    # PostgreSQL refuses NUL in any string; it never belongs in a name anyway.
    return query.replace("\x00", "").strip()[:MAX_QUERY_LENGTH]


def _name_contains(queryset, text: str):
    # Both sides are lowered by the database, so letters it folds match whatever the case (SQLite
    # folds only ASCII), and lower(name) is what the trigram index of migration 0002 covers.
    return queryset.alias(name_lower=Lower("name")).filter(name_lower__contains=Lower(Value(text)))


def contact_choices(*, user: User, query: str) -> list[dict]:
    """Active contacts matching the query (the best matches first on PostgreSQL)."""
    contacts = Contact.objects.filter(owner=user, archived_at__isnull=True)
    contacts, ranked = contacts_matching(contacts, _clean(query), owner=user)
    ordering = ("-rank",) if ranked else ()
    rows = contacts.order_by(*ordering, Lower("display_name"), "pk").values_list(
        "pk", "display_name"
    )
    return _choices(rows[:AUTOCOMPLETE_LIMIT])


def organization_choices(*, user: User, query: str) -> list[dict]:
    organizations = Organization.objects.filter(owner=user)
    text = _clean(query)
    if text:
        organizations = _name_contains(organizations, text)
    rows = organizations.order_by(Lower("name"), "pk").values_list("pk", "name")
    return _choices(rows[:AUTOCOMPLETE_LIMIT])


def tag_choices(*, user: User, query: str) -> list[dict]:
    tags = Tag.objects.filter(owner=user)
    text = _clean(query)
    if text:
        tags = _name_contains(tags, text)
    rows = tags.order_by(Lower("name"), "pk").values_list("pk", "name")
    return _choices(rows[:AUTOCOMPLETE_LIMIT])
