"""The beat tick: find what is due, make it rows, hand the rows to the workers.

Every minute (config/settings.py, "send the digests that are due"), `digest_dispatch_due`:

1. releases claims whose lease ran out: their worker died between claim and send, so the row
   goes back to pending (or to failed, after MAX_ATTEMPTS claims);
2. creates the row of every user whose send time has passed in the current period and who has
   none yet: one query per local day that is due somewhere, whatever the number of users, then
   one bulk insert; the unique (user, period) constraint turns a second tick's insert into
   nothing;
3. skips the pending rows that became stale (schedule.STALE_AFTER) before a worker got them;
4. enqueues, after commit, one send task per pending row that is ready, by id, and moves the
   row's next_attempt_at ahead by REQUEUE_AFTER, so that the next ticks leave it to the queue;
   if the message is lost after all (a broker restarted empty), the row is enqueued again then.

Nothing is ever scheduled for later in the broker: a digest due tomorrow is no row and no
message until tomorrow's tick. When beat or every worker was down at send time, the first tick
after they return does all of the above, and the digest goes out once (if within STALE_AFTER).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import DigestFrequency, User
from reminders.digests import tasks
from reminders.digests.schedule import STALE_AFTER, due_period
from reminders.digests.sending import MAX_ATTEMPTS
from reminders.models import Digest, DigestStatus, SkipReason

logger = logging.getLogger(__name__)

# How long an enqueued row is left to its message before the tick assumes the message is lost.
# Longer than a big backlog takes to drain (bench/digests.py: thousands a minute), so that a
# busy queue does not fill up with repeats (which would be harmless, only wasted claims).
REQUEUE_AFTER = timedelta(minutes=15)
# Rows enqueued per tick, so that one tick stays short; the next tick takes the rest.
ENQUEUE_BATCH = 10_000
# (zone, send time) pairs per query: keeps each statement's size reasonable.
_SLOTS_PER_QUERY = 200
_UPDATE_CHUNK = 500
# Digests have days off too (default 60): the rows are the record of what went out.
KEEP_FOR = timedelta(days=60)


@dataclass(frozen=True)
class DispatchResult:
    released: int
    created: int
    skipped_late: int
    enqueued: int


def _eligible_users():
    return (
        User.objects.filter(is_active=True)
        .exclude(digest_frequency=DigestFrequency.OFF)
        .exclude(email="")
    )


def _zone(name: str) -> ZoneInfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        logger.warning("Time zone %r is unknown: its users get no digest", name)
        return None


def digest_release_expired(*, now: datetime) -> int:
    """Claims past their lease go back to pending, or to failed once out of attempts."""
    expired = Digest.objects.filter(status=DigestStatus.SENDING, lease_expires_at__lt=now)
    expired.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=DigestStatus.FAILED,
        lease_expires_at=None,
        last_error=f"Its worker stopped before sending it, {MAX_ATTEMPTS} times.",
        updated_at=now,
    )
    released = expired.update(
        status=DigestStatus.PENDING,
        lease_expires_at=None,
        next_attempt_at=now,
        last_error="Its worker stopped before sending it; sent again.",
        updated_at=now,
    )
    if released:
        logger.warning("Released %s digest claims whose worker stopped", released)
    return released


def _due_slots(now: datetime) -> dict[date, dict[tuple[str, time], datetime]]:
    """For each local day due somewhere: the (zone, send time) pairs due on it, and when."""
    slots: dict[date, dict[tuple[str, time], datetime]] = defaultdict(dict)
    pairs = _eligible_users().values_list("time_zone", "digest_time").distinct().order_by()
    for zone_name, send_time in pairs:
        zone = _zone(zone_name)
        due = zone and due_period(now=now, zone=zone, send_time=send_time)
        if due:
            slots[due.period][(zone_name, send_time)] = due.due_at
    return slots


def digest_create_due(*, now: datetime) -> int:
    """Rows for every user whose send time has passed in the current period, and who has none."""
    rows = []
    for day, slots in _due_slots(now).items():
        pairs = list(slots)
        for start in range(0, len(pairs), _SLOTS_PER_QUERY):
            chunk = pairs[start : start + _SLOTS_PER_QUERY]
            users = (
                _eligible_users()
                .filter(reduce(or_, (Q(time_zone=z, digest_time=t) for z, t in chunk)))
                .filter(
                    Q(digest_frequency=DigestFrequency.DAILY)
                    | Q(digest_frequency=DigestFrequency.WEEKLY, digest_weekday=day.weekday())
                )
                .exclude(Exists(Digest.objects.filter(owner=OuterRef("pk"), period=day)))
                .values_list("pk", "time_zone", "digest_time", "digest_frequency")
            )
            rows += [
                Digest(
                    owner_id=pk,
                    period=day,
                    frequency=frequency,
                    due_at=slots[(zone_name, send_time)],
                    next_attempt_at=now,
                )
                for pk, zone_name, send_time, frequency in users
            ]
    # Another tick racing this one inserts the same rows: the constraint keeps one of each.
    Digest.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
    return len(rows)


def digest_skip_late(*, now: datetime) -> int:
    return Digest.objects.filter(status=DigestStatus.PENDING, due_at__lte=now - STALE_AFTER).update(
        status=DigestStatus.SKIPPED, skip_reason=SkipReason.LATE, updated_at=now
    )


def digest_enqueue_ready(*, now: datetime) -> int:
    """One send task per pending row that is ready, sent once the rows' new times commit."""
    with transaction.atomic():
        # SKIP LOCKED (PostgreSQL): a second tick running at the same time takes other rows
        # rather than enqueuing these twice. SQLite has no such clause and needs none: it lets
        # one writer in at a time.
        ids = list(
            Digest.objects.select_for_update(skip_locked=True)
            .filter(status=DigestStatus.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:ENQUEUE_BATCH]
        )
        for start in range(0, len(ids), _UPDATE_CHUNK):
            Digest.objects.filter(pk__in=ids[start : start + _UPDATE_CHUNK]).update(
                next_attempt_at=now + REQUEUE_AFTER, updated_at=now
            )
        transaction.on_commit(lambda: _send_all(ids))
    return len(ids)


def _send_all(ids: list[int]) -> None:
    for digest_id in ids:
        tasks.send_digest.delay(digest_id)


def digest_dispatch_due(*, now: datetime | None = None) -> DispatchResult:
    now = now or timezone.now()
    result = DispatchResult(
        released=digest_release_expired(now=now),
        created=digest_create_due(now=now),
        skipped_late=digest_skip_late(now=now),
        enqueued=digest_enqueue_ready(now=now),
    )
    if result.created or result.enqueued:
        logger.info("Digests: %s", result)
    return result


def digest_forget_old(*, now: datetime | None = None) -> int:
    """Delete the rows of periods older than KEEP_FOR (nightly)."""
    now = now or timezone.now()
    cutoff = (now - KEEP_FOR).date()
    deleted, _ = (
        Digest.objects.filter(period__lt=cutoff)
        .exclude(status__in=[DigestStatus.PENDING, DigestStatus.SENDING])
        .delete()
    )
    return deleted
