"""The state of beat, the workers and the digest outbox, read for the operations page and the
health endpoint. No user's data: counts, ages, and (for staff only) recent failures.

A check fails when:
- beat's heartbeat is older than BEAT_STALE_AFTER: beat is down, or no worker takes work;
- the oldest digest waiting to go out was due more than BACKLOG_LIMIT ago: workers are down,
  too few, or stuck on the mail server;
- a snoozed reminder should have woken (its day has begun in every time zone, an hour ago or
  more) and has not: the reminders tick is not running.
Digests that failed in the last day are reported as a warning, not a failure: one bad address
is the user's to fix, not an outage.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import Count, Min, Q
from django.utils import timezone

from reminders.models import Digest, DigestStatus, Heartbeat, Reminder, ReminderStatus
from reminders.services import BEAT_HEARTBEAT

# Beat's heartbeat runs every minute; three missed ones are not a slow minute any more.
BEAT_STALE_AFTER = timedelta(minutes=3)
# A digest this late means nothing is sending (a big send drains in a few minutes).
BACKLOG_LIMIT = timedelta(minutes=30)
FAILURES_WINDOW = timedelta(hours=24)
# A calendar day has begun everywhere at noon UTC (UTC-12 is the last zone to reach it); an hour
# after that, a reminder snoozed until that day should be open in every zone.
_DAY_BEGUN_EVERYWHERE = timedelta(hours=12 + 1)
FAILURES_SHOWN = 20


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    summary: str
    # For monitors: plain numbers and ISO times.
    facts: dict = field(default_factory=dict)
    warning: bool = False


@dataclass
class OperationsStatus:
    now: datetime
    checks: list[Check]
    heartbeats: list[Heartbeat]
    digests_pending: int
    digests_sending: int
    digests_sent_last_day: int
    oldest_waiting_due_at: datetime | None
    failures: list[Digest]
    failures_last_day: int
    reminders_not_woken: int
    oldest_not_woken_day: date | None

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def oldest_waiting_age(self) -> timedelta | None:
        return self.now - self.oldest_waiting_due_at if self.oldest_waiting_due_at else None


def _seconds(delta: timedelta | None) -> int | None:
    return None if delta is None else int(delta.total_seconds())


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _beat_check(heartbeats: dict[str, Heartbeat], now: datetime) -> Check:
    beat = heartbeats.get(BEAT_HEARTBEAT)
    if beat is None:
        return Check("beat", False, "Beat has never ticked: start celery beat and a worker.")
    age = now - beat.last_seen_at
    ok = age <= BEAT_STALE_AFTER
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        summary = "Beat ticked less than a minute ago."
    else:
        summary = f"Beat last ticked {minutes} minute{'s' if minutes != 1 else ''} ago."
    if not ok:
        summary += " Beat or every worker is down."
    facts = {"last_seen_at": _iso(beat.last_seen_at), "age_seconds": _seconds(age)}
    return Check("beat", ok, summary, facts)


def _queue_check(status: "OperationsStatus") -> Check:
    age = status.oldest_waiting_age
    ok = age is None or age <= BACKLOG_LIMIT
    if age is None:
        summary = "No digest is waiting to go out."
    else:
        minutes = int(age.total_seconds() // 60)
        summary = (
            f"{status.digests_pending + status.digests_sending} waiting to go out; "
            f"the oldest was due {minutes} minute{'s' if minutes != 1 else ''} ago."
        )
        if not ok:
            summary += " The workers are not sending."
    return Check(
        "digest queue",
        ok,
        summary,
        {
            "pending": status.digests_pending,
            "sending": status.digests_sending,
            "oldest_due_at": _iso(status.oldest_waiting_due_at),
            "oldest_age_seconds": _seconds(age),
            "sent_last_24h": status.digests_sent_last_day,
        },
    )


def _failures_check(status: "OperationsStatus") -> Check:
    count = status.failures_last_day
    return Check(
        "digest failures",
        True,
        "No digest failed in the last 24 hours."
        if not count
        else f"{count} digest{'s' if count != 1 else ''} failed in the last 24 hours.",
        {"failed_last_24h": count},
        warning=bool(count),
    )


def _reminders_check(status: "OperationsStatus") -> Check:
    count, day = status.reminders_not_woken, status.oldest_not_woken_day
    if not count:
        return Check("reminders", True, "Snoozed reminders wake on their day.", {"not_woken": 0})
    begun = datetime.combine(day, time(12), tzinfo=UTC)
    hours = int((status.now - begun).total_seconds() // 3600)
    return Check(
        "reminders",
        False,
        f"{count} snoozed reminder{'s' if count != 1 else ''} should be open again; the oldest "
        f"since {day.day} {day:%B} ({hours} hours). The reminders tick is not running.",
        {
            "not_woken": count,
            "oldest_wake_day": day.isoformat(),
            "oldest_age_seconds": _seconds(status.now - begun),
        },
    )


def operations_status(*, now: datetime | None = None, with_failures: bool = True):
    now = now or timezone.now()
    heartbeats = list(Heartbeat.objects.order_by("name"))
    waiting = Q(status__in=[DigestStatus.PENDING, DigestStatus.SENDING])
    # Both partial indexes (pending, sending) answer this; no scan of the sent years.
    queue = Digest.objects.filter(waiting).aggregate(
        pending=Count("pk", filter=Q(status=DigestStatus.PENDING)),
        sending=Count("pk", filter=Q(status=DigestStatus.SENDING)),
        oldest=Min("due_at"),
    )
    since = now - FAILURES_WINDOW
    sent = Digest.objects.filter(
        status=DigestStatus.SENT,
        sent_at__gte=since,
        # Only the last days' periods: lets the period index skip the older rows.
        period__gte=(since - timedelta(days=1)).date(),
    ).count()
    failed = Digest.objects.filter(status=DigestStatus.FAILED, updated_at__gte=since)
    not_woken = Reminder.objects.filter(
        status=ReminderStatus.SNOOZED, snoozed_until__lte=(now - _DAY_BEGUN_EVERYWHERE).date()
    ).aggregate(count=Count("pk"), oldest=Min("snoozed_until"))
    status = OperationsStatus(
        now=now,
        checks=[],
        heartbeats=heartbeats,
        digests_pending=queue["pending"],
        digests_sending=queue["sending"],
        digests_sent_last_day=sent,
        oldest_waiting_due_at=queue["oldest"],
        failures=list(failed.select_related("owner").order_by("-updated_at")[:FAILURES_SHOWN])
        if with_failures
        else [],
        failures_last_day=failed.count(),
        reminders_not_woken=not_woken["count"],
        oldest_not_woken_day=not_woken["oldest"],
    )
    status.checks = [
        _beat_check({h.name: h for h in heartbeats}, now),
        _queue_check(status),
        _reminders_check(status),
        _failures_check(status),
    ]
    return status


def operations_health(status: OperationsStatus) -> dict:
    """The monitors' JSON: no names, no addresses, only the checks' facts."""
    return {
        "status": "ok" if status.ok else "failing",
        "checked_at": _iso(status.now),
        "checks": {
            check.name: {
                "ok": check.ok,
                "warning": check.warning,
                "summary": check.summary,
                **check.facts,
            }
            for check in status.checks
        },
        "heartbeats": {h.name: _iso(h.last_seen_at) for h in status.heartbeats},
    }
