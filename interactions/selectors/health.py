"""Reads of stored health for pages. Nothing here computes a score: the recompute stores it."""

from dataclasses import dataclass, field

from accounts.models import User
from contacts.models import Contact
from interactions.health import COMPONENT_LABELS
from interactions.models import ContactHealth, HealthSnapshot

# Half a year of weekly points: enough to see a relationship drift, few enough to read.
TREND_WEEKS = 26


@dataclass(frozen=True)
class HealthCard:
    """What the contact page's health card shows. `health` is None until the first recompute
    (a contact nobody has logged an interaction with yet)."""

    health: ContactHealth | None
    # Each: label, detail, value and weight as whole percentages.
    components: list[dict] = field(default_factory=list)
    # For Chart.js through json_script: {"labels": [...], "scores": [...]}, oldest first, the
    # current score last; empty below two points (one point is not a trend).
    trend: dict = field(default_factory=dict)
    # The same points in words, for people who cannot see the chart.
    trend_text: str = ""


def contact_health_card(*, user: User, contact: Contact) -> HealthCard:
    """The card of one of the user's contacts, in two queries (one when it has no health yet)."""
    health = ContactHealth.objects.filter(owner=user, contact=contact).first()
    if health is None:
        return HealthCard(health=None)
    components = [
        {
            "label": COMPONENT_LABELS.get(name, name),
            "value": round(100 * part["value"]),
            "weight": round(100 * part["weight"]),
            "detail": part["detail"],
        }
        for name, part in health.components.items()
    ]
    weeks = list(
        HealthSnapshot.objects.filter(owner=user, contact=contact)
        .order_by("-week")
        .values_list("week", "score")[:TREND_WEEKS]
    )[::-1]
    if not weeks:
        return HealthCard(health=health, components=components)
    labels = [f"{week.day} {week:%b}" for week, _ in weeks] + ["Now"]
    scores = [score for _, score in weeks] + [health.score]
    return HealthCard(
        health=health,
        components=components,
        trend={"labels": labels, "scores": scores},
        trend_text=(
            f"Health score at the start of each of the last {len(weeks)} "
            f"week{'' if len(weeks) == 1 else 's'}, then now: {', '.join(map(str, scores))}"
        ),
    )
