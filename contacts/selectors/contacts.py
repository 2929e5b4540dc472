"""Reads of contacts for the list, the detail page, search and the duplicate-email check.

Every function takes the requesting user and never returns another user's rows. Pages get
querysets with what they show already selected or prefetched, so the number of queries a page
makes does not grow with the number of contacts.
"""

import calendar
from dataclasses import dataclass
from datetime import date

from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    Expression,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.db.models.functions import Lower

from accounts.models import User
from config.raw_reads import constants, rows, table
from contacts.models import Affiliation, Contact, ContactEmail
from contacts.phones import format_phone
from contacts.selectors.access import get_contact_for_user
from contacts.selectors.listing import ContactRows
from interactions.models import HealthBand
from interactions.selectors.health import contact_health_card
from interactions.selectors.network import network_breakdown


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
# How many matches a search sorted by best match ranks (contacts_best_matching): four pages.
BEST_MATCHES = 100


def _tsquery_prefix_term(word: str) -> str:
    # A quoted tsquery literal goes through the same parser as the document, so "ana@example.com"
    # or "jean-pierre" are split the way search_text was; ":*" makes "ana" find "anastasia".
    # Quotes and backslashes are escaped, so no input can change the query's structure.
    escaped = word.replace("\\", "\\\\").replace("'", "''")
    return f"'{escaped}':*"


def _tsquery_text(words: list[str]) -> str:
    return " & ".join(_tsquery_prefix_term(word) for word in words)


def _owner_tsquery_sql(words: list[str], owner: User) -> tuple[str, list]:
    # The stored vector (migrations 0006 and 0010, PostgreSQL only, so the model does not declare
    # it) holds every word as "<owner id>.<word>", so that a search reads only the owner's part
    # of its index; the words typed are asked for the same way (contact_owner_tsquery).
    return "contact_owner_tsquery(%s, to_tsquery('simple', %s))", [owner.pk, _tsquery_text(words)]


def _match_sql(table: str, words: list[str], owner: User) -> tuple[str, list]:
    """Whether a contact of `table` (an alias) holds a word starting with each word typed: the
    one definition behind the ORM's filter (_Matches) and contacts_best_matching's SQL."""
    tsquery, params = _owner_tsquery_sql(words, owner)
    return f"{table}.search_vector @@ {tsquery}", params


def _typo_ids_sql(words: list[str], owner: User) -> tuple[str, list]:
    """The ids of the owner's contacts holding words close to those typed (trigram word
    similarity: a typo still finds the name), for the ORM's filter (_Typo) and
    contacts_best_matching's SQL, as SQL and its params.

    A subquery of its own, on the owner's id as text: the one index that holds it is the
    owner-leading trigram index (migration 0012), so PostgreSQL looks the words up in the
    owner's part of it. With the owner's id as a number, it could rather walk the owner's rows
    by another index and compare every text, since it takes word similarity for a cheap
    comparison: 400 ms for 10,000 contacts, beside other users' rows."""
    return (
        f"SELECT typo.id FROM {table(Contact)} typo"  # noqa: S608 (the model's table)
        " WHERE typo.owner_id::text = %s AND typo.search_text %%> %s",
        [str(owner.pk), " ".join(words)],
    )


# contacts_best_matching's statements compute the words typed as a tsquery once, in a WITH
# named `search`, and use it by this subquery (run once, before the rest): written out in full,
# as it is in a statement planned for the values sent, PostgreSQL folds it into a constant
# when planning, but a prepared statement's plan, made for every value, would compute it again
# for every row it reads, twice (its match, its rank): 33 ms instead of 5 for "a".
_SEARCH_QUERY = "(SELECT query FROM search)"


def _text_rank_sql(table: str, words: list[str], owner: User) -> tuple[str, list]:
    tsquery, params = _owner_tsquery_sql(words, owner)
    return f"ts_rank({table}.search_vector, {tsquery})", params


def _name_similarity_sql(name: str, words: list[str]) -> tuple[str, list]:
    return f"WORD_SIMILARITY(%s, {name})", [" ".join(words)]


def _rank_sql(table: str, words: list[str], owner: User) -> tuple[str, list]:
    """How well a contact of `table` (an alias) matches, higher first, as SQL and its params: the
    ORM's `rank` (_Rank); contacts_best_matching adds up the same two parts in two steps.

    Full-text rank plus trigram word similarity to the name: prefix matches of many words, in
    the name as well as the notes, come first; a typo in a name still ranks by how close it is.
    Similarity to the name rather than to the whole search_text: it costs a few microseconds a
    row instead of 25 (and more with long notes), and the name is what a person types."""
    text_rank, text_params = _text_rank_sql(table, words, owner)
    similarity, similarity_params = _name_similarity_sql(f"{table}.display_name", words)
    return f"{text_rank} + {similarity}", [*text_params, *similarity_params]


class _SearchExpression(Expression):
    """The search's SQL (_match_sql, _typo_ids_sql, _rank_sql, _SEARCH_QUERY) on the query's own
    contact table."""

    def __init__(self, words: list[str], owner: User):
        super().__init__()
        self.words, self.owner = words, owner

    def contact_table(self, compiler) -> str:
        return compiler.quote_name_unless_alias(compiler.query.get_initial_alias())


class _Matches(_SearchExpression):
    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        return _match_sql(self.contact_table(compiler), self.words, self.owner)


class _Typo(_SearchExpression):
    output_field = BooleanField()

    def as_sql(self, compiler, connection):
        typo_ids, params = _typo_ids_sql(self.words, self.owner)
        return f"{self.contact_table(compiler)}.id IN ({typo_ids})", params


class _TextRankOfSearch(_SearchExpression):
    """The full-text rank against the words typed as contacts_best_matching's statements
    compute them, once (_SEARCH_QUERY)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection):
        return f"ts_rank({self.contact_table(compiler)}.search_vector, {_SEARCH_QUERY})", []


class _Rank(_SearchExpression):
    output_field = FloatField()

    def as_sql(self, compiler, connection):
        return _rank_sql(self.contact_table(compiler), self.words, self.owner)


def _search_postgresql(
    queryset: QuerySet[Contact], words: list[str], owner: User
) -> QuerySet[Contact]:
    """Full-text prefix matching (all words) or trigram word similarity (typos), ranked."""
    return queryset.filter(Q(_Matches(words, owner)) | Q(_Typo(words, owner))).annotate(
        rank=_Rank(words, owner)
    )


def _search_sqlite(queryset: QuerySet[Contact], words: list[str]) -> QuerySet[Contact]:
    # search_text is stored lower-cased by Python, so lower-casing the words here matches
    # non-ASCII letters too, which SQLite's LIKE would not fold.
    for word in words:
        queryset = queryset.filter(search_text__contains=word.lower())
    return queryset


def _search_words(query: str) -> list[str]:
    # PostgreSQL refuses NUL in any string; it never belongs in a search anyway.
    return query.replace("\x00", "").split()[:MAX_SEARCH_WORDS]


def contacts_matching(
    queryset: QuerySet[Contact], query: str, *, owner: User
) -> tuple[QuerySet[Contact], bool]:
    """Narrow the owner's contacts to those matching a search; the flag says whether rows carry
    a `rank`."""
    words = _search_words(query)
    if not words:
        return queryset, False
    if connection.vendor == "postgresql":
        return _search_postgresql(queryset, words, owner), True
    return _search_sqlite(queryset, words), False


@dataclass(frozen=True)
class BestMatches:
    """The contacts a search shows, as ids best first (PostgreSQL ranks them; on SQLite, every
    match by name), and whether more match than were ranked (a longer query narrows them)."""

    ids: list[int]
    more: bool


def contacts_best_matching(
    queryset: QuerySet[Contact], query: str, *, owner: User, limit: int | None = None
) -> BestMatches:
    """The ids of at most `limit` (BEST_MATCHES) of these contacts of the owner's that match a
    search, best first.

    Ranking reads every row it ranks, so a short query that matches thousands of people would
    cost a read of each. Instead the candidates are the prefix matches first, the most relevant
    by full-text rank (read from the stored vector, through its index), and only when there are
    fewer than `limit` of those, the typo matches, in index order; `limit` + 1 candidates are
    ranked as contacts_matching ranks (_rank_sql). SQLite has no rank: there every match is
    returned, by name.
    """
    words = _search_words(query)
    if connection.vendor != "postgresql":
        matches = _search_sqlite(queryset, words) if words else queryset
        ids = matches.order_by(*_ORDERINGS[Sort.NAME]).values_list("pk", flat=True)
        return BestMatches(list(ids), False)
    if not words:
        return BestMatches([], False)
    limit = BEST_MATCHES if limit is None else limit
    # The contacts to search among with their full-text rank, compiled once for both statements
    # (as a queryset the union cost more Python to compile than PostgreSQL takes to answer it).
    # Its SQL ends with its WHERE, never empty (the owner's contacts) and wrapped in parentheses
    # when it has several conditions, so " AND ..." narrows all of it.
    among, among_params = (
        queryset.annotate(text_rank=_TextRankOfSearch(words, owner))
        .order_by()
        .values_list("pk", "display_name", "text_rank")
        .query.sql_with_params()
    )
    contact = table(Contact)
    tsquery, tsquery_params = _owner_tsquery_sql(words, owner)
    search = f"search (query) AS (SELECT {tsquery})"
    match = f"{contact}.search_vector @@ {_SEARCH_QUERY}"
    # The rank (_rank_sql) in two steps: the full-text rank read where a candidate is found
    # (the prefix matches are picked by it), the name's similarity added once there are at most
    # `limit` + 1, so that no contact is read twice.
    similarity, similarity_params = _name_similarity_sql("name", words)
    ranked = (
        "SELECT id FROM candidates"  # noqa: S608 (a column and parameters)
        f" ORDER BY text_rank + {similarity} DESC, LOWER(name), id"
    )
    # Most searches find more than `limit` by prefix: then those are the candidates, read by a
    # statement of the same text whatever was typed, so prepared once (config.raw_reads):
    # planning it took as long as running it. The limit is written in, so that it is planned
    # for the first few rows.
    prefix = rows(
        f"""
        WITH {search}, candidates (id, name, text_rank) AS (
            {among} AND {match} ORDER BY text_rank DESC, {contact}.id LIMIT {constants(limit + 1)}
        )
        {ranked}
        """,
        [*tsquery_params, *among_params, *similarity_params],
    )
    if len(prefix) > limit:
        return BestMatches([pk for (pk,) in prefix[:limit]], True)
    # Too few: the typo matches complete them, in a statement sent as it is, since its plan
    # depends on what was typed. UNION ALL under a LIMIT runs its parts in order and stops when
    # it has enough.
    typo_ids, typo_params = _typo_ids_sql(words, owner)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH {search}, candidates (id, name, text_rank) AS (
                ({among} AND {match} ORDER BY text_rank DESC, {contact}.id LIMIT %s)
                UNION ALL
                ({among} AND {contact}.id IN ({typo_ids}) AND NOT {match} LIMIT %s)
                LIMIT %s
            )
            {ranked}
            """,
            [
                *tsquery_params,
                *among_params,
                limit + 1,
                *among_params,
                *typo_params,
                limit + 1,
                limit + 1,
                *similarity_params,
            ],
        )
        candidates = cursor.fetchall()
    return BestMatches([pk for (pk,) in candidates[:limit]], len(candidates) > limit)


@dataclass(frozen=True)
class ContactListing:
    """What the list page shows: the contacts (rows read only for the page shown), and whether
    more match a search sorted by best match than the BEST_MATCHES ranked (PostgreSQL; the page
    then says so)."""

    contacts: ContactRows
    more: bool


def _contacts_filtered(
    *,
    user: User,
    tag: int | None,
    organization: int | None,
    tier: str,
    relationship_type: str,
    band: str,
    archived: str,
) -> QuerySet[Contact]:
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
    return contacts


def _sorted_matches(*, query: str, sort: str, **filters) -> QuerySet[Contact]:
    contacts, ranked = contacts_matching(
        _contacts_filtered(**filters), query, owner=filters["user"]
    )
    if sort == Sort.RELEVANCE and ranked:
        return contacts.order_by("-rank", *_ORDERINGS[Sort.NAME])
    return contacts.order_by(*_ORDERINGS.get(sort, _ORDERINGS[Sort.NAME]))


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
    """Every one of the user's contacts that the search and filters match (a bulk edit's "all
    matching"), in the list's order."""
    return _sorted_matches(
        user=user,
        query=query,
        tag=tag,
        organization=organization,
        tier=tier,
        relationship_type=relationship_type,
        band=band,
        archived=archived,
        sort=sort,
    )


def contact_list_page(
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
) -> ContactListing:
    """The list page: the contacts contact_list gives, except that a search sorted by best
    match shows the BEST_MATCHES best (contacts_best_matching), so that a short query stays
    quick. Rows are as listing.contact_rows reads them."""
    filters = {
        "user": user,
        "tag": tag,
        "organization": organization,
        "tier": tier,
        "relationship_type": relationship_type,
        "band": band,
        "archived": archived,
    }
    if sort == Sort.RELEVANCE and _search_words(query):
        matches = contacts_best_matching(_contacts_filtered(**filters), query, owner=user)
        return ContactListing(ContactRows(user=user, ids=matches.ids), matches.more)
    contacts = _sorted_matches(query=query, sort=sort, **filters)
    ids = contacts.values_list("pk", flat=True)
    filtered = _search_words(query) or any(
        value for key, value in filters.items() if key not in ("user", "archived")
    )
    count = None if filtered else _unfiltered_count(user=user, archived=archived)
    return ContactListing(ContactRows(user=user, ids=ids, count=count), False)


def _unfiltered_count(*, user: User, archived: str) -> int:
    """How many contacts the list holds without a search or filter, as the dashboard shows them:
    the stored network figures (interactions.NetworkCount, recounted by every write that moves
    them), one read of a few rows instead of counting every contact at each visit."""
    network = network_breakdown(user=user)
    if archived == Archived.ONLY:
        return network.archived
    if archived == Archived.ALL:
        return network.total + network.archived
    return network.total


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
