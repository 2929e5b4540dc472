"""Computing and storing contacts' health, set-based, in the database.

The formula is interactions.health.score_terms, written once; interactions.services.health_sql
evaluates it on database expressions. So each pass is ONE statement, INSERT ... SELECT ... ON
CONFLICT: the database aggregates the facts of a chunk of contacts from their participations
(grouped by contact, with filtered counts), scores them and upserts ContactHealth, and no row
travels to Python. Passes are per time zone of the owners (the days since the last interaction
are the owner's days) and per CHUNK_SIZE contacts, so a transaction stays small however large
the instance. bench/health_recompute.py times the nightly run against one bare GROUP BY over
the same participations (figures in docs/health.md).

A row is rewritten only when something in it changes. Most scores move by less than a point a
day, so a night rewrites a fraction of the table rather than all of it (less work, less WAL,
less to vacuum); the run for everyone then records when it ran (HEALTH_CHECKED), and a row it
left alone is current as of that moment (interactions.selectors.health.health_as_of).
"""

from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact
from interactions.attention import tier_weight
from interactions.models import ContactHealth, HealthSnapshot, Participation
from interactions.services.health_sql import HEALTH_COLUMNS, health_select
from interactions.services.network import network_counts_refresh, network_counts_refresh_all
from reminders.models import Heartbeat

# Contacts per statement. It bounds each transaction (the rows it writes and locks) however
# large the instance. A chunk reads its participations by a range of contact ids: while that
# range is a large share of the table PostgreSQL scans the whole table for it, so small chunks
# would scan it many times over; 20,000 contacts make one pass for a 10,000-contact user and a
# few percent of the table per pass for an instance of millions, where an index range scan wins.
CHUNK_SIZE = 20_000
# Rows per INSERT of the weekly snapshot.
WRITE_BATCH_SIZE = 1000
# The Heartbeat of the last recompute of everyone: every row it did not rewrite is as of then.
HEALTH_CHECKED = "health recompute"


def health_recompute(
    *,
    contact_ids: Iterable[int] | None = None,
    owner: User | None = None,
    now: datetime | None = None,
) -> int:
    """Recompute and store the health of these contacts (all of them by default); returns how
    many rows were written (new or changed). Archived contacts are computed too: their page
    still shows it, and it is right the day they come back. Safe to run twice."""
    now = now or timezone.now()
    contacts = Contact.objects.all()
    if owner is not None:
        contacts = contacts.filter(owner=owner)
    if contact_ids is not None:
        contacts = contacts.filter(pk__in=list(contact_ids))
    written = 0
    for zone_name in _zones(contacts, owner=owner, explicit=contact_ids is not None):
        in_zone = contacts.filter(owner__time_zone=zone_name)
        for first, last in _pk_ranges(in_zone):
            chunk = in_zone.filter(pk__gte=first, pk__lte=last)
            # A range of ids rather than a list of thousands; it may hold other people's
            # participations, which the join with the chunk's contacts leaves out.
            participations = Participation.objects.filter(
                contact_id__gte=first, contact_id__lte=last
            )
            if contact_ids is not None:
                participations = participations.filter(contact_id__in=chunk.values("pk"))
            select = health_select(chunk, participations, zone=ZoneInfo(zone_name), now=now)
            written += _upsert(select, computed_at=now)
    if owner is None and contact_ids is None:
        Heartbeat.objects.update_or_create(name=HEALTH_CHECKED, defaults={"last_seen_at": now})
        # Also the nightly safety net: whatever a write path missed is counted right by morning.
        network_counts_refresh_all()
    elif written:
        # A score written may have moved its band, which the dashboard counts (NetworkCount).
        if owner is not None:
            owners = [owner]
        else:
            owners = User.objects.filter(pk__in=contacts.values("owner_id"))
        for each in owners:
            network_counts_refresh(owner=each)
    return written


def _zones(contacts: QuerySet, *, owner: User | None, explicit: bool) -> list[str]:
    if owner is not None:
        return [owner.time_zone]
    if explicit:
        return sorted(set(contacts.values_list("owner__time_zone", flat=True)))
    # Every user's zone, from the small table: zones without contacts cost one empty read.
    return sorted(set(User.objects.values_list("time_zone", flat=True)))


def _pk_ranges(contacts: QuerySet) -> Iterator[tuple[int, int]]:
    """(first, last) primary keys of consecutive chunks of CHUNK_SIZE contacts."""
    for chunk in _by_pk(contacts, ("pk",)):
        yield chunk[0][0], chunk[-1][0]


def _upsert(select: tuple[str, list], *, computed_at: datetime) -> int:
    select, params = select
    wall_clock = timezone.now()  # what auto_now_add / auto_now would have stored
    stamps = [computed_at, wall_clock, wall_clock]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(_WRITE_CHANGED_SQL.format(select=select), [*params, *stamps])
            return cursor.fetchone()[0]
        cursor.execute(_UPSERT_SQL.format(select=select), [*stamps, *params])
        return cursor.rowcount


# Built from the model's own names and health_select's SQL; every value is a parameter.
# A row keeps when it was created, remembers its band before a change and when that was, and
# is left alone when nothing in it changed.
_TABLE = ContactHealth._meta.db_table
_FACT_COLUMNS = HEALTH_COLUMNS[2:]  # all but owner_id and contact_id, which never change
_INSERTED = ", ".join(HEALTH_COLUMNS)
_STAMPED = "previous_band, band_changed_at, computed_at, created_at, updated_at"
_CHANGED = " OR ".join(f"{_TABLE}.{name} IS DISTINCT FROM facts.{name}" for name in _FACT_COLUMNS)


# PostgreSQL: an INSERT ... ON CONFLICT DO UPDATE ... WHERE locks every conflicting row, changed
# or not, which costs as much as rewriting them; the UPDATE in this statement touches only the
# rows that changed, and the INSERT adds the new ones. The facts are computed once.
_WRITE_CHANGED_SQL = (
    "WITH facts AS MATERIALIZED ({select}), "  # noqa: S608
    f"stamps AS (SELECT %s::timestamptz AS computed_at, %s::timestamptz AS created_at, "
    "%s::timestamptz AS updated_at), "
    f"changed AS (UPDATE {_TABLE} SET "
    f"{', '.join(f'{name} = facts.{name}' for name in _FACT_COLUMNS)}, "
    f"previous_band = CASE WHEN {_TABLE}.band <> facts.band "
    f"THEN {_TABLE}.band ELSE {_TABLE}.previous_band END, "
    f"band_changed_at = CASE WHEN {_TABLE}.band <> facts.band "
    f"THEN stamps.computed_at ELSE {_TABLE}.band_changed_at END, "
    "computed_at = stamps.computed_at, updated_at = stamps.updated_at "
    f"FROM facts, stamps WHERE {_TABLE}.contact_id = facts.contact_id "
    f"AND ({_CHANGED}) RETURNING 1), "
    f"added AS (INSERT INTO {_TABLE} ({_INSERTED}, {_STAMPED}) "
    f"SELECT {', '.join(f'facts.{name}' for name in HEALTH_COLUMNS)}, '', NULL, "
    "stamps.computed_at, stamps.created_at, stamps.updated_at FROM facts, stamps "
    f"WHERE NOT EXISTS (SELECT 1 FROM {_TABLE} WHERE {_TABLE}.contact_id = facts.contact_id) "
    # A row inserted meanwhile by a concurrent recompute is as current as this one.
    "ON CONFLICT (contact_id) DO NOTHING RETURNING 1) "
    "SELECT (SELECT COUNT(*) FROM changed) + (SELECT COUNT(*) FROM added)"
)
# SQLite (one writer at a time, no row locks): one upsert. "WHERE true" lets it tell the
# SELECT's end from the ON CONFLICT clause; `excluded` is the row proposed for insertion.
_UPSERT_SQL = (
    f"INSERT INTO {_TABLE} ({_INSERTED}, {_STAMPED}) "  # noqa: S608
    f"SELECT {_INSERTED}, '', NULL, %s, %s, %s FROM ({{select}}) AS facts WHERE true "
    "ON CONFLICT (contact_id) DO UPDATE SET "
    f"{', '.join(f'{name} = excluded.{name}' for name in _FACT_COLUMNS)}, "
    f"previous_band = CASE WHEN {_TABLE}.band <> excluded.band "
    f"THEN {_TABLE}.band ELSE {_TABLE}.previous_band END, "
    f"band_changed_at = CASE WHEN {_TABLE}.band <> excluded.band "
    f"THEN excluded.computed_at ELSE {_TABLE}.band_changed_at END, "
    "computed_at = excluded.computed_at, updated_at = excluded.updated_at "
    f"WHERE {' OR '.join(f'{_TABLE}.{name} IS NOT excluded.{name}' for name in _FACT_COLUMNS)}"
)


def health_attention_sync(*, contact_ids: Iterable[int]) -> int:
    """After a tier change: these contacts' stored attention (interactions.attention), weighted
    by their new tier, in one UPDATE and in the caller's transaction, so the dashboard's Needs
    attention card is right at once; the score itself does not move. Returns the rows written."""
    ids = list(contact_ids)
    if not ids:
        return 0
    weight = Contact.objects.filter(pk=OuterRef("contact_id")).values(weight=tier_weight())
    return ContactHealth.objects.filter(contact_id__in=ids).update(
        attention=(Value(100) - F("score")) * Subquery(weight), updated_at=timezone.now()
    )


def health_recompute_on_commit(*, contact_ids: Iterable[int]) -> None:
    """Recompute these contacts' health in the background once the current transaction commits
    (at once outside a transaction): for changes the score depends on, such as a new cadence."""
    from interactions.tasks import recompute_contact_health

    ids = sorted(set(contact_ids))
    if ids:
        transaction.on_commit(lambda: recompute_contact_health.delay(ids))


def health_snapshot_week(*, owner: User | None = None, now: datetime | None = None) -> int:
    """Keep this week's point of the trend: each contact's stored score, under the Monday its
    owner's week started on. The first snapshot of a week stays, so the trend shows each week as
    it began, and running this again the same week changes nothing. Returns how many contacts
    were looked at."""
    now = now or timezone.now()
    healths = ContactHealth.objects.all()
    if owner is not None:
        healths = healths.filter(owner=owner)
    columns = ("contact_id", "owner_id", "score", "band", "owner__time_zone")
    seen = 0
    for chunk in _by_pk(healths, columns, pk="contact_id"):
        HealthSnapshot.objects.bulk_create(
            (
                HealthSnapshot(
                    owner_id=owner_id,
                    contact_id=contact_id,
                    week=week_start(now.astimezone(ZoneInfo(time_zone)).date()),
                    score=score,
                    band=band,
                )
                for contact_id, owner_id, score, band, time_zone in chunk
            ),
            batch_size=WRITE_BATCH_SIZE,
            ignore_conflicts=True,
        )
        seen += len(chunk)
    return seen


def week_start(day: date) -> date:
    """The Monday of the week `day` is in."""
    return day - timedelta(days=day.weekday())


def _by_pk(queryset: QuerySet, columns: tuple[str, ...], *, pk: str = "pk") -> Iterator[list]:
    """The rows' `columns` in chunks of CHUNK_SIZE, walking the primary key (keyset pagination:
    every chunk is one indexed range read, however deep into the table)."""
    after = 0
    while True:
        chunk = list(
            queryset.filter(**{f"{pk}__gt": after}).order_by(pk).values_list(*columns)[:CHUNK_SIZE]
        )
        if chunk:
            yield chunk
        if len(chunk) < CHUNK_SIZE:
            return
        after = chunk[-1][0]
