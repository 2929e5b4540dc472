"""Demo interactions: a plausible history between the demo user and their network, fast enough
for benchmarks (200,000 interactions in seconds, not minutes).

Rows are bulk-created in batches, bypassing interaction_log; so this module writes what the
service would have written (one Participation per person, repeating the interaction's facts)
and recomputes the health of everyone at the end, as the after-commit task would have.

Everything random comes from one `random.Random(seed)`, and dates are relative to now, so the
same seed gives the same history shape whenever it is seeded.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.demo import vocabulary as words
from contacts.models import DEFAULT_CADENCE_DAYS, Contact, Tier
from interactions.models import (
    Initiator,
    Interaction,
    InteractionKind,
    Participation,
    ValueExchange,
)
from interactions.services.activity import activity_days_rebuild
from interactions.services.health import health_recompute

BATCH_SIZE = 5000

# Closer people are seen in person more; the wider network mostly by message.
KIND_WEIGHTS_BY_CADENCE = (
    (
        30,
        {
            InteractionKind.COFFEE: 30,
            InteractionKind.CALL: 15,
            InteractionKind.VIDEO_CALL: 10,
            InteractionKind.MESSAGE: 30,
            InteractionKind.EMAIL: 5,
            InteractionKind.MENTORING: 5,
            InteractionKind.HELP_GIVEN: 3,
            InteractionKind.HELP_RECEIVED: 2,
        },
    ),
    (
        None,
        {
            InteractionKind.COFFEE: 12,
            InteractionKind.CALL: 8,
            InteractionKind.VIDEO_CALL: 10,
            InteractionKind.EMAIL: 25,
            InteractionKind.MESSAGE: 15,
            InteractionKind.SOCIAL: 12,
            InteractionKind.MET_AT_EVENT: 8,
            InteractionKind.INFORMATIONAL: 4,
            InteractionKind.INTRODUCTION: 3,
            InteractionKind.OTHER: 3,
        },
    ),
)
SUMMARIES = {
    InteractionKind.COFFEE: "Coffee: {topic}",
    InteractionKind.CALL: "Call about {topic}",
    InteractionKind.VIDEO_CALL: "Video call on {topic}",
    InteractionKind.EMAIL: "Email thread on {topic}",
    InteractionKind.MESSAGE: "Messages about {topic}",
    InteractionKind.SOCIAL: "Commented on their post about {topic}",
    InteractionKind.MET_AT_EVENT: "Talked {topic} at a meetup",
    InteractionKind.INFORMATIONAL: "Informational interview: {topic}",
    InteractionKind.INTRODUCTION: "Introduction around {topic}",
    InteractionKind.MENTORING: "Mentoring session: {topic}",
    InteractionKind.HELP_GIVEN: "Sent notes on {topic}",
    InteractionKind.HELP_RECEIVED: "Got advice on {topic}",
    InteractionKind.OTHER: "Caught up on {topic}",
}


def demo_interactions_create(*, user: User, count: int, seed: int) -> int:
    """Give `user` `count` interactions with their contacts; returns how many were logged."""
    contacts = list(
        Contact.objects.filter(owner=user).order_by("pk").values_list("pk", "tier", "cadence_days")
    )
    if not contacts or count <= 0:
        return 0
    # Not for secrets: a seeded generator is what makes the same seed give the same history.
    rng = random.Random(seed)  # noqa: S311
    now = timezone.now()
    people = [
        _Profile(pk, _cadence(tier, cadence_days), rng) for pk, tier, cadence_days in contacts
    ]
    # Each person gets interactions in proportion to how often one talks to them.
    chosen = rng.choices(people, weights=[p.weight for p in people], k=count)
    with transaction.atomic():
        for start in range(0, count, BATCH_SIZE):
            _save(user, chosen[start : start + BATCH_SIZE], people, rng, now)
    health_recompute(owner=user, now=now)
    # Written in bulk, past the interaction service: the charts' day counts at once.
    activity_days_rebuild(owner=user)
    return count


def _cadence(tier: str, cadence_days: int | None) -> int:
    return cadence_days or DEFAULT_CADENCE_DAYS[Tier(tier)]


class _Profile:
    """How one relationship goes: since when, how quiet lately, who tends to reach out."""

    def __init__(self, pk: int, cadence: int, rng: random.Random):
        self.pk = pk
        # Some people one sees far more or less than their tier says.
        self.weight = 365 / cadence * rng.lognormvariate(0, 0.6)
        self.known_for = rng.randint(30, 6 * 365)
        # Most relationships are kept up; about one in five has gone quiet for a long time.
        if rng.random() < 0.2:
            self.quiet_for = rng.randint(cadence, 10 * cadence)
        else:
            self.quiet_for = int(rng.expovariate(1 / cadence))
        self.quiet_for = min(self.quiet_for, self.known_for - 1)
        self.initiators = rng.choice(
            [
                {Initiator.ME: 4, Initiator.THEM: 3, Initiator.MUTUAL: 3},
                {Initiator.ME: 8, Initiator.THEM: 1, Initiator.MUTUAL: 1},  # one-way
                {Initiator.ME: 1, Initiator.THEM: 6, Initiator.MUTUAL: 3},  # they keep in touch
            ]
        )
        self.kinds = next(
            weights
            for limit, weights in KIND_WEIGHTS_BY_CADENCE
            if limit is None or cadence <= limit
        )


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _save(user: User, batch: list[_Profile], people: list[_Profile], rng, now) -> None:
    interactions, groups = [], []
    for person in batch:
        days_ago = rng.uniform(person.quiet_for, person.known_for)
        kind = _pick(rng, person.kinds)
        initiated_by = _pick(rng, person.initiators)
        value = _pick(
            rng, {ValueExchange.NONE: 87, ValueExchange.GAVE: 8, ValueExchange.RECEIVED: 5}
        )
        if kind == InteractionKind.HELP_GIVEN:
            value = ValueExchange.GAVE
        elif kind == InteractionKind.HELP_RECEIVED:
            value = ValueExchange.RECEIVED
        interactions.append(
            Interaction(
                owner=user,
                occurred_at=now - timedelta(days=days_ago),
                kind=kind,
                initiated_by=initiated_by,
                value=value,
                summary=SUMMARIES[kind].format(topic=rng.choice(words.TOPICS)),
                quality=rng.choice([None, None, 3, 4, 4, 5]),
            )
        )
        # One meeting in twenty is a group: someone else came along.
        others = [rng.choice(people)] if rng.random() < 0.05 else []
        groups.append({person.pk, *(o.pk for o in others)})
    Interaction.objects.bulk_create(interactions, batch_size=BATCH_SIZE)
    Participation.objects.bulk_create(
        (
            Participation(
                owner=user,
                interaction=interaction,
                contact_id=contact_id,
                occurred_at=interaction.occurred_at,
                kind=interaction.kind,
                initiated_by=interaction.initiated_by,
                value=interaction.value,
            )
            for interaction, contact_ids in zip(interactions, groups, strict=True)
            for contact_id in contact_ids
        ),
        batch_size=BATCH_SIZE,
    )
