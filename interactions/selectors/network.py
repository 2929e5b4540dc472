"""The shape of the user's network: active contacts by tier and by stored health band."""

from dataclasses import dataclass

from django.db.models import Count

from accounts.models import User
from contacts.models import Contact, Tier
from interactions.models import ContactHealth, HealthBand

# A contact without a stored score has never been contacted.
NOT_YET = "not_yet"


@dataclass(frozen=True)
class NetworkBreakdown:
    # Every tier and every band (plus NOT_YET) in display order, with zeros kept.
    by_tier: dict[str, int]
    by_band: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_tier.values())


def network_breakdown(*, user: User) -> NetworkBreakdown:
    """Two grouped queries, each filtered by owner on its own table: one join from contacts to
    their health would let the planner read every user's health rows to build a hash table."""
    by_tier = dict.fromkeys(Tier.values, 0)
    tiers = (
        Contact.objects.filter(owner=user, archived_at__isnull=True)
        .values_list("tier")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for tier, count in tiers:
        by_tier[tier] = by_tier.get(tier, 0) + count
    by_band = dict.fromkeys([*HealthBand.values, NOT_YET], 0)
    bands = (
        ContactHealth.objects.filter(
            owner=user, contact__owner=user, contact__archived_at__isnull=True
        )
        .values_list("band")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for band, count in bands:
        by_band[band] += count
    by_band[NOT_YET] = sum(by_tier.values()) - sum(by_band.values())
    return NetworkBreakdown(by_tier=by_tier, by_band=by_band)
