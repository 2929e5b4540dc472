"""Who needs attention: the dashboard's list of relationships to tend, read from stored health.

The rule (docs/dashboard.md tells it to users):

- Every contact's gap to full health, weighted by how close the person is (interactions.attention:
  inner circle x4, close x3, network x2, acquaintance x1), stored by the recompute as
  ContactHealth.attention. A contact needs attention once it passes ATTENTION_THRESHOLD (100).
- Besides, anyone whose band dropped in the last seven days (band_changed_at, previous_band) is
  shown first, whatever the weight: a change is news, a steady state is not.

Only stored rows are read (ContactHealth is rewritten by the recompute); nothing is recomputed
here, and the one-line reasons come from the stored facts (health_explained).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q

from accounts.models import User
from interactions.attention import ATTENTION_THRESHOLD
from interactions.models import ContactHealth, HealthBand
from interactions.selectors.health import health_checked_at, health_explained

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
        # health_owner_attention_idx holds only those past the threshold, in this order: the
        # first rows of the index, each joined to its contact by primary key to leave out the
        # archived. Not `contact__owner` here: a health row's contact is always its owner's, and
        # that second owner condition makes the planner expect a few matches out of the whole
        # index, so it hashed all 10,000 contacts and sorted (14 ms instead of 0.3).
        ContactHealth.objects.filter(
            owner=user, contact__archived_at__isnull=True, attention__gt=ATTENTION_THRESHOLD
        )
        .select_related("contact")
        .order_by("-attention", "score", "pk")[:limit]
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
