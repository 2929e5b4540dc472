"""Reads of contacts for the list, the detail page, search and the duplicate-email check.

Every function takes the requesting user and never returns another user's rows. Pages get
querysets with what they show already selected or prefetched, so the number of queries a page
makes does not grow with the number of contacts.
"""

import calendar
from datetime import date

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorField,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Exists,
    F,
    Func,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Affiliation, Contact, ContactEmail
from contacts.phones import format_phone
from contacts.selectors.access import get_contact_for_user
from interactions.models import HealthBand
from interactions.selectors.health import contact_health_card


class Archived:
    """Which contacts a list shows: the active ones unless asked otherwise."""

    ACTIVE = ""
    ONLY = "only"
    ALL = "all"
    choices = ((ACTIVE, "Active"), (ONLY, "Archived"), (ALL, "Active and archived"))


class Sort:
    # The default: the best match first when searching (PostgreSQL ranks; SQLite cannot), and
    # by name otherwise, so typing in the search box never needs a change of sort as well.
    RELEVANCE = ""
    NAME = "name"
    UPDATED = "updated"
    ADDED = "added"
    HEALTH_LOWEST = "health"
    HEALTH_HIGHEST = "-health"
    choices = (
        (RELEVANCE, "Best match"),
        (NAME, "Name"),
        (UPDATED, "Recently updated"),
        (ADDED, "Recently added"),
        (HEALTH_LOWEST, "Health: lowest"),
        (HEALTH_HIGHEST, "Health: highest"),
    )


_ORDERINGS = {
    Sort.NAME: (Lower("display_name"), "pk"),
    Sort.UPDATED: ("-updated_at", "-pk"),
    Sort.ADDED: ("-created_at", "-pk"),
    # A contact without a score yet has never been contacted: it is the least healthy of all.
    Sort.HEALTH_LOWEST: (F("health__score").asc(nulls_first=True), Lower("display_name"), "pk"),
    Sort.HEALTH_HIGHEST: (F("health__score").desc(nulls_last=True), Lower("display_name"), "pk"),
}

# A search box is for a few words; more than this adds cost and no precision.
MAX_SEARCH_WORDS = 8


def _tsquery_prefix_term(word: str) -> str:
    # A quoted tsquery literal goes through the same parser as the document, so "ana@example.com"
    # or "jean-pierre" are split the way search_text was; ":*" makes "ana" find "anastasia".
    # Quotes and backslashes are escaped, so no input can change the query's structure.
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':*"


def _search_postgresql(queryset: QuerySet[Contact], words: list[str]) -> QuerySet[Contact]:
    """Full-text prefix matching (all words) or trigram word similarity (typos), ranked."""
    # Written exactly as the GIN index in migration 0002 (no COALESCE), so PostgreSQL can use it.
    document = Func(
        F("search_text"),
        template="to_tsvector('simple'::regconfig, %(expressions)s)",
        output_field=SearchVectorField(),
    )
    terms = SearchQuery(
        " & ".join(_tsquery_prefix_term(word) for word in words), search_type="raw", config="simple"
    )
    text = " ".join(words)
    return (
        queryset.alias(document=document)
        .filter(Q(document=terms) | Q(search_text__trigram_word_similar=text))
        .annotate(rank=SearchRank(document, terms) + TrigramWordSimilarity(text, "search_text"))
    )


def _search_sqlite(queryset: QuerySet[Contact], words: list[str]) -> QuerySet[Contact]:
    # search_text is stored lower-cased by Python, so lower-casing the words here matches
    # non-ASCII letters too, which SQLite's LIKE would not fold.
    for word in words:
        queryset = queryset.filter(search_text__contains=word.lower())
    return queryset


def contacts_matching(queryset: QuerySet[Contact], query: str) -> tuple[QuerySet[Contact], bool]:
    """Narrow contacts to those matching a search; the flag says whether rows carry a `rank`."""
    # PostgreSQL refuses NUL in any string; it never belongs in a search anyway.
    words = query.replace("\x00", "").split()[:MAX_SEARCH_WORDS]
    if not words:
        return queryset, False
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words), True
    return _search_sqlite(queryset, words), False


def contact_list(
    *,
    user: User,
    query: str = "",
    tag: int | None = None,
    organization: int | None = None,
    tier: str = "",
    relationship_type: str = "",
    band: str = "",
    archived: str = Archived.ACTIVE,
    sort: str = Sort.RELEVANCE,
) -> QuerySet[Contact]:
    """The user's contacts for the list page, with their tags, current organizations, emails
    and stored health."""
    contacts = Contact.objects.filter(owner=user)
    if archived == Archived.ONLY:
        contacts = contacts.filter(archived_at__isnull=False)
    elif archived != Archived.ALL:
        contacts = contacts.filter(archived_at__isnull=True)
    if tag is not None:
        # Exists rather than a join: a join would need DISTINCT, which fights the ranking.
        contacts = contacts.filter(
            Exists(Contact.tags.through.objects.filter(contact_id=OuterRef("pk"), tag_id=tag))
        )
    if organization is not None:
        contacts = contacts.filter(
            Exists(
                Affiliation.objects.filter(
                    owner=user, contact_id=OuterRef("pk"), organization_id=organization
                )
            )
        )
    if tier:
        contacts = contacts.filter(tier=tier)
    if relationship_type:
        contacts = contacts.filter(relationship_type=relationship_type)
    if band == HealthBand.DORMANT:
        # Never contacted (no score stored yet) is dormant too.
        contacts = contacts.filter(Q(health__band=band) | Q(health__isnull=True))
    elif band:
        contacts = contacts.filter(health__band=band)

    contacts, ranked = contacts_matching(contacts, query)
    if sort == Sort.RELEVANCE and ranked:
        ordering = ("-rank", *_ORDERINGS[Sort.NAME])
    else:
        ordering = _ORDERINGS.get(sort, _ORDERINGS[Sort.NAME])
    return (
        contacts.order_by(*ordering)
        .select_related("health")
        .prefetch_related(
            "tags",
            "emails",
            Prefetch(
                "affiliations",
                queryset=Affiliation.objects.filter(is_current=True).select_related("organization"),
                to_attr="current_affiliations",
            ),
        )
    )


def contact_list_exists(*, user: User) -> bool:
    """Whether the user has any contact at all, archived or not."""
    return Contact.objects.filter(owner=user).exists()


def contact_detail(*, user: User, pk: int) -> Contact:
    """One contact with everything its page shows, in a fixed number of queries (or 404).

    Besides the prefetched relations: `affiliation_list`, the affiliations with their
    organizations, current first, then the most recent; `introduced_list`, the people this
    contact introduced; `health_card`, what the health card shows; and on every phone,
    `display`, its number written for people.
    """
    contact = get_contact_for_user(user, pk)
    prefetch_related_objects(
        [contact],
        "introduced_by",
        "emails",
        "phones",
        "profiles",
        "tags",
        Prefetch(
            "affiliations",
            queryset=Affiliation.objects.select_related("organization").order_by(
                "-is_current",
                F("end_date").desc(nulls_last=True),
                F("start_date").desc(nulls_last=True),
                "pk",
            ),
            to_attr="affiliation_list",
        ),
        Prefetch(
            "introduced",
            queryset=Contact.objects.filter(owner=user).order_by(Lower("display_name"), "pk"),
            to_attr="introduced_list",
        ),
    )
    for phone in contact.phones.all():
        phone.display = format_phone(phone.number)
    contact.health_card = contact_health_card(user=user, contact=contact)
    return contact


def contact_birthday(contact: Contact, *, today: date) -> dict | None:
    """The birthday as "12 April 1985" with the age on the user's `today`, or as "12 April"."""
    if contact.birthday_day is None or contact.birthday_month is None:
        return None
    label = f"{contact.birthday_day} {calendar.month_name[contact.birthday_month]}"
    if contact.birthday_year is None:
        return {"label": label, "age": None}
    had_birthday = (today.month, today.day) >= (contact.birthday_month, contact.birthday_day)
    age = today.year - contact.birthday_year - (0 if had_birthday else 1)
    return {"label": f"{label} {contact.birthday_year}", "age": age if age >= 0 else None}


def contact_email_owner(*, user: User, email: str, exclude_pk: int | None = None) -> Contact | None:
    """Which other of the user's contacts already uses this address (any letter case), if any."""
    address = email.replace("\x00", "").strip().lower()
    if not address:
        return None
    matches = (
        ContactEmail.objects.filter(owner=user)
        .alias(address=Lower("email"))
        .filter(address=address)
        .select_related("contact")
        .order_by("contact__display_name", "pk")
    )
    if exclude_pk is not None:
        matches = matches.exclude(contact_id=exclude_pk)
    row = matches.first()
    return row.contact if row is not None else None


def contact_delete_summary(*, contact: Contact) -> dict[str, int]:
    """What deleting this contact takes with it, for the confirmation page."""
    return {
        "emails": contact.emails.count(),
        "phones": contact.phones.count(),
        "profiles": contact.profiles.count(),
        "affiliations": contact.affiliations.count(),
        "introduced": contact.introduced.count(),
    }
