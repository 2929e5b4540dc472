"""Reads of stored health for pages.

The score and band are read as stored. Their explanation (the components and the one-line
reason) is the formula's own, applied to the facts stored beside the score on the day it was
computed: it reads no interaction and always agrees with the stored score.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from accounts.models import User
from config.raw_reads import instances, table
from contacts.models import Contact
from interactions.health import COMPONENT_LABELS, HealthFacts, HealthResult, health_score
from interactions.models import ContactHealth, HealthSnapshot
from interactions.services.health import HEALTH_CHECKED
from reminders.models import Heartbeat

# Half a year of weekly points: enough to see a relationship drift, few enough to read.
TREND_WEEKS = 26


def health_checked_at() -> datetime | None:
    """When the recompute of everyone last ran (one small read; None before its first run).
    SQL rather than a queryset, as the dashboard's other reads (see config.raw_reads): compiling
    the queryset took longer than the database takes to answer."""
    beats = instances(
        Heartbeat,
        f"SELECT h.id, h.last_seen_at FROM {table(Heartbeat)} h WHERE h.name = %s",  # noqa: S608
        [HEALTH_CHECKED],
    )
    return beats[0].last_seen_at if beats else None


def health_as_of(health: ContactHealth, *, checked_at: datetime | None) -> datetime:
    """The moment a stored row is current as of: when it was written, or the last recompute of
    everyone if that came later (it left the row alone because nothing had changed)."""
    if checked_at is not None and checked_at > health.computed_at:
        return checked_at
    return health.computed_at


def health_explained(
    health: ContactHealth, *, zone: ZoneInfo, checked_at: datetime | None
) -> HealthResult:
    """The stored health with its components and reason, as of `health_as_of`. `zone` is the
    owner's (their days); `checked_at` is health_checked_at()."""

    def day(moment):
        return moment.astimezone(zone).date() if moment else None

    facts = HealthFacts(
        cadence_days=health.cadence_days,
        first_on=day(health.first_interaction_at),
        last_on=day(health.last_interaction_at),
        **{name: getattr(health, name) for name in _COUNT_FIELDS},
    )
    return health_score(facts, today=day(health_as_of(health, checked_at=checked_at)))


def health_reason(
    health: ContactHealth, *, zone: ZoneInfo | None = None, checked_at: datetime | None = None
) -> str:
    """The one-line why of a stored score, e.g. "42 days since you last spoke; you usually talk
    monthly; they reached out 3 of 4 times this year". Pass the owner's zone and
    health_checked_at() when explaining several rows, or they are read for this one."""
    return health_explained(
        health,
        zone=zone or health.owner.zone,
        checked_at=checked_at if checked_at is not None else health_checked_at(),
    ).reason


_COUNT_FIELDS = (
    "total",
    "recent",
    "by_me",
    "by_them",
    "mutual",
    "in_person",
    "voice",
    "written",
    "gave",
    "received",
)


@dataclass(frozen=True)
class HealthCard:
    """What the contact page's health card shows. `health` is None until the first recompute
    (a contact nobody has logged an interaction with yet)."""

    health: ContactHealth | None
    reason: str = ""
    # When the score and reason are current as of (see health_as_of).
    as_of: datetime | None = None
    # Each: label, detail, value and weight as whole percentages.
    components: list[dict] = field(default_factory=list)
    # For Chart.js through json_script: {"labels": [...], "scores": [...]}, oldest first, the
    # current score last; empty below two points (one point is not a trend).
    trend: dict = field(default_factory=dict)
    # The same points in words, for people who cannot see the chart.
    trend_text: str = ""


def contact_health_card(*, user: User, contact: Contact) -> HealthCard:
    """The card of one of the user's contacts, in three queries (one when it has no health yet)."""
    health = ContactHealth.objects.filter(owner=user, contact=contact).first()
    if health is None:
        return HealthCard(health=None)
    checked_at = health_checked_at()
    explained = health_explained(health, zone=user.zone, checked_at=checked_at)
    as_of = health_as_of(health, checked_at=checked_at)
    components = [
        {
            "label": COMPONENT_LABELS.get(name, name),
            "value": round(100 * part["value"]),
            "weight": round(100 * part["weight"]),
            "detail": part["detail"],
        }
        for name, part in explained.components.items()
    ]
    weeks = list(
        HealthSnapshot.objects.filter(owner=user, contact=contact)
        .order_by("-week")
        .values_list("week", "score")[:TREND_WEEKS]
    )[::-1]
    if not weeks:
        return HealthCard(
            health=health, reason=explained.reason, as_of=as_of, components=components
        )
    labels = [f"{week.day} {week:%b}" for week, _ in weeks] + ["Now"]
    scores = [score for _, score in weeks] + [health.score]
    return HealthCard(
        health=health,
        reason=explained.reason,
        as_of=as_of,
        components=components,
        trend={"labels": labels, "scores": scores},
        trend_text=(
            f"Health score at the start of each of the last {len(weeks)} "
            f"week{'' if len(weeks) == 1 else 's'}, then now: {', '.join(map(str, scores))}"
        ),
    )
