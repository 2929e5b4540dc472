"""Who needs attention: the dashboard's list of relationships to tend, read from stored health.

The rule (docs/dashboard.md tells it to users):

- Every contact's *gap* is how far its stored score is from full health, `100 - score`.
- The gap is weighted by how close the person is: inner circle x4, close x3, network x2,
  acquaintance x1. An inner-circle friend going cold matters more than an acquaintance.
- A contact needs attention once its weighted gap passes ATTENTION_THRESHOLD (100): an inner-
  circle contact as soon as it stops thriving (below 75), a close one below 67, a network contact
  once it is cooling (below 50). An acquaintance never does on its gap alone (acquaintances are
  not chased, see DEFAULT_CADENCE_DAYS), only through the rule below.
- Besides, anyone whose band dropped in the last seven days (band_changed_at, previous_band) is
  shown first, whatever the weight: a change is news, a steady state is not.

Only stored rows are read (ContactHealth is rewritten by the recompute); nothing is recomputed
here, and the one-line reasons come from the stored facts (health_explained).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Case, F, IntegerField, Q, Value, When

from accounts.models import User
from contacts.models import Tier
from interactions.models import ContactHealth, HealthBand
from interactions.selectors.health import health_checked_at, health_explained

TIER_WEIGHTS = {
    Tier.INNER_CIRCLE: 4,
    Tier.CLOSE: 3,
    Tier.NETWORK: 2,
    Tier.ACQUAINTANCE: 1,
}
ATTENTION_THRESHOLD = 100
# The weighted gap passes the threshold only below this score (100 - 100 / the largest weight):
# a plain range on (owner, score) that lets the index skip the healthy majority.
_BELOW_SCORE = 100 - ATTENTION_THRESHOLD // max(TIER_WEIGHTS.values())
DROPPED_WITHIN = timedelta(days=7)
ATTENTION_LIMIT = 8

# Best first: a band later in this list is a drop.
BAND_ORDER = (
    HealthBand.THRIVING,
    HealthBand.HEALTHY,
    HealthBand.COOLING,
    HealthBand.AT_RISK,
    HealthBand.DORMANT,
)


def _dropped() -> Q:
    """previous_band is better than band."""
    condition = Q(pk__in=[])
    for position, band in enumerate(BAND_ORDER):
        if position:
            condition |= Q(band=band, previous_band__in=BAND_ORDER[:position])
    return condition


def _weighted_gap():
    weight = Case(
        *(When(contact__tier=tier, then=Value(w)) for tier, w in TIER_WEIGHTS.items()),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (Value(100) - F("score")) * weight


@dataclass(frozen=True)
class Attention:
    health: ContactHealth
    reason: str
    # "Dropped from healthy to cooling" for a drop this week, else "".
    dropped: str

    @property
    def contact(self):
        return self.health.contact


def contacts_needing_attention(
    *, user: User, now: datetime, limit: int = ATTENTION_LIMIT
) -> list[Attention]:
    """Those whose band dropped this week, then the largest weighted gaps, at most `limit`, each
    with its reason. Three queries whatever the size of the network."""
    # The contact side is scoped by owner too, so the planner never reads other users' contacts
    # to join them (a hash join over the whole table).
    active = ContactHealth.objects.filter(
        owner=user, contact__owner=user, contact__archived_at__isnull=True
    )
    dropped = list(
        # health_owner_band_changed_idx: owner first, then the recent changes only.
        active.filter(band_changed_at__gte=now - DROPPED_WITHIN)
        .filter(_dropped())
        .select_related("contact")
        .order_by("-band_changed_at", "pk")[:limit]
    )
    weighted = list(
        # health_owner_score_idx: the score range keeps the healthy majority out of the sort.
        active.filter(score__lt=_BELOW_SCORE)
        .alias(gap=_weighted_gap())
        .filter(gap__gt=ATTENTION_THRESHOLD)
        .select_related("contact")
        .order_by("-gap", "score", "pk")[:limit]
    )
    dropped_ids = {health.pk for health in dropped}
    shown = (dropped + [health for health in weighted if health.pk not in dropped_ids])[:limit]
    checked_at = health_checked_at()
    zone = user.zone
    labels = dict(HealthBand.choices)
    return [
        Attention(
            health=health,
            # health_explained, not health_reason: that one asks again when checked_at is None.
            reason=health_explained(health, zone=zone, checked_at=checked_at).reason,
            dropped=(
                f"Dropped from {labels[health.previous_band].lower()} to "
                f"{labels[health.band].lower()} this week"
                if health.pk in dropped_ids
                else ""
            ),
        )
        for health in shown
    ]
