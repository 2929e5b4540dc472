"""How much a relationship needs tending: the rule behind the dashboard's Needs attention card
(docs/dashboard.md tells it to users).

Every contact's gap is how far its score is from full health, `100 - score`, weighted by how
close the person is: an inner-circle friend going cold matters more than an acquaintance. The
health recompute stores this value beside the score (ContactHealth.attention), so the card is
the first rows of an index instead of a sort of the whole network; a tier change rewrites it
at once (interactions.services.health.health_attention_sync).
"""

from django.db.models import Case, IntegerField, Value, When

from contacts.models import Tier

TIER_WEIGHTS = {
    Tier.INNER_CIRCLE: 4,
    Tier.CLOSE: 3,
    Tier.NETWORK: 2,
    Tier.ACQUAINTANCE: 1,
}
# A contact needs attention once its weighted gap passes this: an inner-circle contact as soon
# as it stops thriving (below 75), a close one below 67, a network contact once it is cooling
# (below 50); an acquaintance never does on its gap alone (acquaintances are not chased).
ATTENTION_THRESHOLD = 100


def attention_value(*, score: int, tier: str) -> int:
    return (100 - score) * TIER_WEIGHTS.get(tier, 1)


def tier_weight(tier_field: str = "tier") -> Case:
    """The tier's weight as a database expression over the tier column named."""
    return Case(
        *(When(**{tier_field: tier}, then=Value(w)) for tier, w in TIER_WEIGHTS.items()),
        default=Value(1),
        output_field=IntegerField(),
    )
