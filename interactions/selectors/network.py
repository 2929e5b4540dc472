"""The shape of the user's network: contacts by tier and by stored health band."""

from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, FilteredRelation, Q

from accounts.models import User
from contacts.models import Contact, Tier
from interactions.models import HealthBand

# A contact without a stored score has never been contacted.
NOT_YET = "not_yet"


@dataclass(frozen=True)
class NetworkBreakdown:
    # Active contacts by tier and by band (plus NOT_YET), every key in display order, zeros kept.
    by_tier: dict[str, int]
    by_band: dict[str, int]
    archived: int = 0

    @property
    def total(self) -> int:
        """Active contacts."""
        return sum(self.by_tier.values())


def network_breakdown(*, user: User) -> NetworkBreakdown:
    """One grouped pass over the user's contacts and their stored health."""
    rows = (
        Contact.objects.filter(owner=user)
        # The owner in the join's ON clause: the planner reads this user's health rows through
        # health_owner_score_idx instead of hashing every user's.
        .annotate(
            own_health=FilteredRelation("health", condition=Q(health__owner=user)),
            is_archived=ExpressionWrapper(
                Q(archived_at__isnull=False), output_field=BooleanField()
            ),
        )
        .values_list("tier", "own_health__band", "is_archived")
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_tier = dict.fromkeys(Tier.values, 0)
    by_band = dict.fromkeys([*HealthBand.values, NOT_YET], 0)
    archived = 0
    for tier, band, is_archived, count in rows:
        if is_archived:
            archived += count
            continue
        by_tier[tier] = by_tier.get(tier, 0) + count
        by_band[band or NOT_YET] += count
    return NetworkBreakdown(by_tier=by_tier, by_band=by_band, archived=archived)
