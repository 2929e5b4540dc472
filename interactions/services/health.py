"""Computing and storing contacts' health, set-based.

Per pass over up to CHUNK_SIZE contacts: one query reads the contacts (cadence, owner's time
zone), one aggregate over Participation gathers every fact the formula needs (grouped by
contact, with filtered counts), the pure interactions.health scores each contact in Python, and
one upsert (on PostgreSQL; batches of them elsewhere) writes ContactHealth. Never a query per
contact. bench/health_recompute.py times the nightly run: its reads cost what one bare GROUP BY
costs; scoring in Python and rewriting every row cost more (see the figures in docs/health.md and
bench/results/health.json).
"""

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from contacts.models import DEFAULT_CADENCE_DAYS, Contact, Tier
from interactions.health import (
    WINDOW_DAYS,
    Channel,
    HealthFacts,
    health_score,
    kinds_of_channel,
)
from interactions.models import (
    ContactHealth,
    HealthSnapshot,
    Initiator,
    Participation,
    ValueExchange,
)

# Contacts per pass: bounds the memory of the nightly run however many users the instance has.
CHUNK_SIZE = 5000
# Rows per INSERT ... ON CONFLICT outside PostgreSQL; Django splits further if the database needs
# it (SQLite). PostgreSQL takes a whole chunk in one statement (see _upsert_health).
WRITE_BATCH_SIZE = 1000

_HEALTH_FIELDS = ("score", "band", "reason", "components", "last_interaction_at", "computed_at")
# What the recompute builds for each contact before writing: plain tuples, no model instances.
_ROW_FIELDS = (
    "owner_id",
    "contact_id",
    "score",
    "band",
    "reason",
    "components",
    "last_interaction_at",
)


def health_recompute(
    *,
    contact_ids: Iterable[int] | None = None,
    owner: User | None = None,
    now: datetime | None = None,
) -> int:
    """Recompute and store the health of these contacts (all of them by default); returns how
    many were written. Archived contacts are computed too: their page still shows it, and it
    is right the day they come back. Safe to run twice."""
    now = now or timezone.now()
    contacts = Contact.objects.all()
    if owner is not None:
        contacts = contacts.filter(owner=owner)
    if contact_ids is not None:
        contacts = contacts.filter(pk__in=list(contact_ids))
    columns = ("pk", "owner_id", "tier", "cadence_days", "owner__time_zone")
    written = 0
    # The owner's zone and "today" in it, looked up once per zone rather than once per contact.
    zones: dict[str, tuple[ZoneInfo, date]] = {}
    for chunk in _by_pk(contacts, columns):
        facts = _facts_by_contact(chunk, owner=owner, explicit=contact_ids is not None, now=now)
        rows = []
        for pk, owner_id, tier, cadence_days, time_zone in chunk:
            gathered = facts.get(pk, {})
            # Days are the owner's: "today" and the day each interaction happened on.
            if time_zone not in zones:
                zone = ZoneInfo(time_zone)
                zones[time_zone] = zone, now.astimezone(zone).date()
            zone, today = zones[time_zone]
            first_at, last_at = gathered.pop("first_at", None), gathered.pop("last_at", None)
            result = health_score(
                HealthFacts(
                    cadence_days=cadence_days or DEFAULT_CADENCE_DAYS[Tier(tier)],
                    first_on=first_at.astimezone(zone).date() if first_at else None,
                    last_on=last_at.astimezone(zone).date() if last_at else None,
                    **gathered,
                ),
                today=today,
            )
            rows.append(
                (
                    owner_id,
                    pk,
                    result.score,
                    result.band,
                    result.reason,
                    result.components,
                    last_at,
                )
            )
        _upsert_health(rows, computed_at=now)
        written += len(rows)
    return written


def _upsert_health(rows: list[tuple], *, computed_at: datetime) -> None:
    """Insert or update ContactHealth from (owner_id, contact_id, score, band, reason, components,
    last_interaction_at) tuples: created_at on insert only, updated_at on both."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        ContactHealth.objects.bulk_create(
            [
                ContactHealth(**dict(zip(_ROW_FIELDS, row, strict=True)), computed_at=computed_at)
                for row in rows
            ],
            batch_size=WRITE_BATCH_SIZE,
            update_conflicts=True,
            unique_fields=["contact"],
            update_fields=[*_HEALTH_FIELDS, "updated_at"],
        )
        return
    # PostgreSQL: one statement per chunk, each column sent as one array. With bulk_create the
    # nightly run (10,000 contacts, make bench) spent ~680 ms of 1,365 ms in Python, mostly
    # building model instances and compiling 100,000 placeholders, and 595 ms in the database
    # parsing five 1,000-row VALUES lists; see docs/health.md for the figures after this.
    owner_ids, contact_ids, scores, bands, reasons, components, last_at = map(
        list, zip(*rows, strict=True)
    )
    wall_clock = timezone.now()  # what auto_now_add / auto_now would have stored
    with connection.cursor() as cursor:
        cursor.execute(
            _UPSERT_HEALTH_SQL,
            [
                computed_at,
                wall_clock,
                wall_clock,
                owner_ids,
                contact_ids,
                scores,
                bands,
                reasons,
                [json.dumps(value) for value in components],
                last_at,
            ],
        )


# The columns of _HEALTH_FIELDS and updated_at are the ones rewritten on conflict, as bulk_create
# does; created_at keeps the first insert's.
_UPSERT_HEALTH_SQL = """
INSERT INTO interactions_contacthealth (
    owner_id, contact_id, score, band, reason, components, last_interaction_at,
    computed_at, created_at, updated_at
)
SELECT owner_id, contact_id, score, band, reason, components::jsonb, last_interaction_at,
    %s, %s, %s
FROM unnest(
    %s::bigint[], %s::bigint[], %s::smallint[], %s::varchar[], %s::varchar[], %s::text[],
    %s::timestamptz[]
) AS health(owner_id, contact_id, score, band, reason, components, last_interaction_at)
ON CONFLICT (contact_id) DO UPDATE SET
    score = EXCLUDED.score,
    band = EXCLUDED.band,
    reason = EXCLUDED.reason,
    components = EXCLUDED.components,
    last_interaction_at = EXCLUDED.last_interaction_at,
    computed_at = EXCLUDED.computed_at,
    updated_at = EXCLUDED.updated_at
"""


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


def _facts_by_contact(
    chunk: list[tuple], *, owner: User | None, explicit: bool, now: datetime
) -> dict[int, dict]:
    """One GROUP BY over the participations of the chunk's contacts: the formula's counts."""
    participations = Participation.objects.all()
    if explicit:
        participations = participations.filter(contact_id__in=[row[0] for row in chunk])
    else:
        # A range of ids, not a list of thousands: the chunk holds every contact in it.
        participations = participations.filter(
            contact_id__gte=chunk[0][0], contact_id__lte=chunk[-1][0]
        )
        if owner is not None:
            participations = participations.filter(owner=owner)
    recent = Q(occurred_at__gte=now - timedelta(days=WINDOW_DAYS))

    def recent_count(condition: Q) -> Count:
        return Count("pk", filter=recent & condition)

    rows = (
        participations.order_by()
        .values("contact_id")
        .annotate(
            first_at=Min("occurred_at"),
            last_at=Max("occurred_at"),
            total=Count("pk"),
            recent=Count("pk", filter=recent),
            by_me=recent_count(Q(initiated_by=Initiator.ME)),
            by_them=recent_count(Q(initiated_by=Initiator.THEM)),
            mutual=recent_count(Q(initiated_by=Initiator.MUTUAL)),
            in_person=recent_count(Q(kind__in=kinds_of_channel(Channel.IN_PERSON))),
            voice=recent_count(Q(kind__in=kinds_of_channel(Channel.VOICE))),
            written=recent_count(Q(kind__in=kinds_of_channel(Channel.WRITTEN))),
            gave=recent_count(Q(value=ValueExchange.GAVE)),
            received=recent_count(Q(value=ValueExchange.RECEIVED)),
        )
    )
    return {row.pop("contact_id"): row for row in rows}
