"""The contact list's rows: a page of contacts read with SQL written once (config.raw_reads).

Which contacts a list shows, and in what order, is decided by querysets (contacts.selectors.
contacts), as ids; only the 25 rows of the page shown are then read in full. As querysets with
select_related, a subquery and two prefetches, those rows cost Django about 4 ms of Python to
compile and fill, and the health join made PostgreSQL hash every health row of the user's
before the limit; as the two reads below, about a third of that.
"""

from collections.abc import Sequence

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from accounts.models import User
from config.raw_reads import columns, instances, placeholders, related_columns, rows, table
from contacts.models import Affiliation, Contact, ContactEmail, Organization, Tag
from interactions.models import ContactHealth

# What a row shows (contacts/_contact_results.html, with the avatar and the health badge).
ROW_FIELDS = (
    "id",
    "display_name",
    "first_name",
    "last_name",
    "photo",
    "updated_at",
    "job_title",
    "location",
    "tier",
    "archived_at",
)
HEALTH_FIELDS = ("id", "contact", "score", "band")


class CountMismatch(Exception):
    """The count given to ContactRows is not the number of its ids."""


class ContactRows:
    """The contacts a list shows, for a Paginator: counted and sliced by their ids, which are
    a queryset of ids in the list's order or a list of them best first, and read in full (with
    contact_rows) only for the page shown.

    `count`, when the caller knows it already (a stored total), saves counting the ids. A
    Paginator also cuts the last page at the count, so a count behind would hide contacts:
    each page therefore reads one id past its end, and a page that finds more or fewer ids than
    the count promised raises CountMismatch (see paginate)."""

    def __init__(self, *, user: User, ids: QuerySet | list[int], count: int | None = None):
        self.user = user
        self.ids = ids
        self.known_count = count

    def counted(self) -> "ContactRows":
        """The same rows, counted from their ids."""
        return ContactRows(user=self.user, ids=self.ids)

    def count(self) -> int:
        if self.known_count is not None:
            return self.known_count
        return len(self.ids) if isinstance(self.ids, list) else self.ids.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Contact]:
        if self.known_count is None:
            return contact_rows(user=self.user, ids=list(self.ids[index]))
        wanted = index.stop - index.start
        ids = list(self.ids[index.start : index.stop + 1])
        if len(ids) != wanted + (index.stop < self.known_count):
            raise CountMismatch
        return contact_rows(user=self.user, ids=ids[:wanted])


def paginate(rows: ContactRows, number, *, per_page: int) -> Page:
    """Page `number` of these rows (the last one when out of range), as Paginator.get_page
    gives it; when the rows' given count proves wrong, counted from the ids instead."""
    try:
        return Paginator(rows, per_page).get_page(number)
    except CountMismatch:
        return Paginator(rows.counted(), per_page).get_page(number)


def contact_rows(*, user: User, ids: Sequence[int]) -> list[Contact]:
    """These of the user's contacts as the list shows them, in the order of `ids`.

    Each has its stored `health` (None when never computed), `first_email` (its first address,
    or None), `tag_names` and `employers` (the names of its current organizations), in two
    queries whatever the number. Other users' ids are left out."""
    if not ids:
        return []
    contacts = instances(
        Contact,
        f"""
        SELECT {columns(Contact, "c", ROW_FIELDS)},
               {related_columns(ContactHealth, "h", "health", HEALTH_FIELDS)},
               (SELECT e.email FROM {table(ContactEmail)} e WHERE e.contact_id = c.id
                ORDER BY e.id LIMIT 1) AS first_email
        FROM {table(Contact)} c LEFT JOIN {table(ContactHealth)} h ON h.contact_id = c.id
        WHERE c.owner_id = %s AND c.id IN ({placeholders(ids)})
        """,  # noqa: S608 (names from the models; every value is a parameter)
        [user.pk, *ids],
    )
    by_id = {contact.pk: contact for contact in contacts}
    for contact in contacts:
        contact.tag_names, contact.employers = [], []
    _attach_tags_and_employers(user, by_id)
    return [by_id[pk] for pk in ids if pk in by_id]


def _attach_tags_and_employers(user: User, by_id: dict[int, Contact]) -> None:
    # One query for both lists. Tags in their model's order (by lower-cased name), current
    # affiliations in theirs (the latest start first), as the prefetches this replaced. Tags
    # and organizations are read through the owner's rows only, never by scanning everyone's.
    ids = list(by_id)
    marks = placeholders(ids)
    found = rows(
        f"""
        SELECT ct.contact_id, 0, t.name, LOWER(t.name), NULL, t.id
        FROM {table(Contact.tags.through)} ct
        JOIN {table(Tag)} t ON t.id = ct.tag_id AND t.owner_id = %s
        WHERE ct.contact_id IN ({marks})
        UNION ALL
        SELECT a.contact_id, 1, o.name, '', a.start_date, a.id
        FROM {table(Affiliation)} a
        JOIN {table(Organization)} o ON o.id = a.organization_id AND o.owner_id = %s
        WHERE a.owner_id = %s AND a.is_current AND a.contact_id IN ({marks})
        ORDER BY 2, 4, 5 DESC, 6
        """,  # noqa: S608 (names from the models; every value is a parameter)
        [user.pk, *ids, user.pk, user.pk, *ids],
    )
    for contact_id, kind, name, *_ in found:
        contact = by_id[contact_id]
        (contact.employers if kind else contact.tag_names).append(name)
