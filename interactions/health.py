"""The relationship health formula: plain facts about a relationship in, an explained score out.

No database and no clock: interactions.services.health gathers the facts for many contacts with
a few aggregate queries and calls `health_score` for each. docs/health.md gives the rationale,
the research it rests on and worked examples (the same ones tests/interactions/test_health.py
checks), so change the three together.

In short, with t the days since the last interaction and I the contact's cadence in days:

    score = 100 * recency * (0.50 + 0.20 frequency + 0.15 reciprocity + 0.10 depth
                              + 0.05 give-and-take)

Every component is between 0 and 1. Recency is the strongest predictor of a tie's strength, so it
carries half the score and also scales the rest: what a relationship built fades when the talking
stops. It falls gently until the contact is due (t = I), then loses a third of its value at
that point with every doubling of the silence, and reaches 0 at eight times the cadence, where a
tie has most likely decayed (Navarro et al. 2017). New and one-way relationships fade up to
twice as fast.

Two properties hold by construction and are tested with hypothesis: the score never rises while
nothing happens, and never falls when an interaction is added today. That is why every component
counts evidence (more of it never hurts) rather than ratios (a ratio can drop when one more call
is logged).
"""

import math
from dataclasses import dataclass, field
from datetime import date

from interactions.models import HealthBand, InteractionKind

# How much each component counts; recency also multiplies the others (see the module docstring).
WEIGHTS = {
    "recency": 0.50,
    "frequency": 0.20,
    "reciprocity": 0.15,
    "depth": 0.10,
    "give_and_take": 0.05,
}
COMPONENT_LABELS = {
    "recency": "Recency",
    "frequency": "Frequency",
    "reciprocity": "Reciprocity",
    "depth": "Depth",
    "give_and_take": "Give and take",
}

# The counts that feed frequency, reciprocity, depth and give-and-take cover this many days, so
# a burst of contact years ago does not keep a silent relationship looking busy.
WINDOW_DAYS = 365

# Recency at the moment a contact becomes due, and the silence (in cadences) at which it is 0.
RECENCY_WHEN_DUE = 0.8
DECAYED_AFTER_CADENCES = 8

# Lowest score of each band; "dormant" is not a score but the decay rule (or no contact at all).
BAND_FLOORS = (
    (75, HealthBand.THRIVING),
    (50, HealthBand.HEALTHY),
    (25, HealthBand.COOLING),
    (0, HealthBand.AT_RISK),
)

# A relationship counts as established after a year and five interactions.
ESTABLISHED_AFTER_DAYS = 365
ESTABLISHED_AFTER_INTERACTIONS = 5

# Depth counts at most this many of the year's richest contacts, and this many balanced contacts
# a year make reciprocity full (fewer when the cadence asks for fewer contacts).
DEPTH_CONTACTS = 4
RECIPROCITY_CONTACTS = 4

# Full marks for frequency take the contacts the cadence asks for in a year, and never fewer
# than this: one meeting a year keeps a relationship alive but does not make it thrive.
MIN_CONTACTS_A_YEAR = 2


class Channel:
    """How rich a kind of contact is: in person > a call > something written."""

    IN_PERSON = "in_person"
    VOICE = "voice"
    WRITTEN = "written"


CHANNEL_DEPTH = {Channel.IN_PERSON: 1.0, Channel.VOICE: 0.6, Channel.WRITTEN: 0.3}

CHANNEL_OF_KIND = {
    InteractionKind.COFFEE: Channel.IN_PERSON,
    InteractionKind.MET_AT_EVENT: Channel.IN_PERSON,
    InteractionKind.MENTORING: Channel.IN_PERSON,
    InteractionKind.CALL: Channel.VOICE,
    InteractionKind.VIDEO_CALL: Channel.VOICE,
    InteractionKind.INFORMATIONAL: Channel.VOICE,
    InteractionKind.EMAIL: Channel.WRITTEN,
    InteractionKind.MESSAGE: Channel.WRITTEN,
    InteractionKind.SOCIAL: Channel.WRITTEN,
    # An introduction is usually an email to both; help and "other" say nothing of the channel,
    # so they get the least depth rather than a guess.
    InteractionKind.INTRODUCTION: Channel.WRITTEN,
    InteractionKind.HELP_GIVEN: Channel.WRITTEN,
    InteractionKind.HELP_RECEIVED: Channel.WRITTEN,
    InteractionKind.OTHER: Channel.WRITTEN,
}


def kinds_of_channel(channel: str) -> list[str]:
    return [kind for kind, of in CHANNEL_OF_KIND.items() if of == channel]


@dataclass(frozen=True)
class HealthFacts:
    """What is known about one relationship. Dates are days in the user's time zone, taken from
    when each interaction happened (never from when it was logged).

    Every count but `total` covers the last WINDOW_DAYS days.
    """

    cadence_days: int
    first_on: date | None = None
    last_on: date | None = None
    total: int = 0
    recent: int = 0
    by_me: int = 0
    by_them: int = 0
    mutual: int = 0
    in_person: int = 0
    voice: int = 0
    written: int = 0
    gave: int = 0
    received: int = 0


@dataclass(frozen=True)
class HealthResult:
    score: int
    band: str
    reason: str
    # By name, in display order: {"value": 0..1, "weight": ..., "detail": "..."}. This is what
    # ContactHealth.components stores; empty for a contact never contacted.
    components: dict[str, dict] = field(default_factory=dict)


NEVER_CONTACTED = HealthResult(score=0, band=HealthBand.DORMANT, reason="No interaction logged yet")


def health_score(facts: HealthFacts, *, today: date) -> HealthResult:
    """The health of one relationship on `today` (the user's today)."""
    if facts.last_on is None or facts.total == 0:
        return NEVER_CONTACTED
    cadence = max(1, facts.cadence_days)
    # An interaction dated in the future (a meeting logged ahead) counts as today, not as more.
    silence = max(0, (today - facts.last_on).days)
    expected = max(MIN_CONTACTS_A_YEAR, WINDOW_DAYS / cadence)

    frequency = min(1.0, facts.recent / expected)
    reciprocity = _reciprocity(facts, expected)
    depth, depth_slots = _depth(facts, expected)
    give_and_take = _give_and_take(facts)
    maturity = _maturity(facts)
    # New and one-way relationships fade up to twice as fast: their clock runs faster.
    stability = 0.5 + 0.25 * maturity + 0.25 * reciprocity
    recency = recency_curve(silence / stability / cadence)

    values = {
        "recency": recency,
        "frequency": frequency,
        "reciprocity": reciprocity,
        "depth": depth,
        "give_and_take": give_and_take,
    }
    mix = sum(WEIGHTS[name] * value for name, value in values.items() if name != "recency")
    score = round(100 * recency * (WEIGHTS["recency"] + mix))
    band = _band(score) if recency > 0 else HealthBand.DORMANT

    details = {
        "recency": f"{_since(silence)}; due every {cadence} day{_s(cadence)}",
        "frequency": (
            f"{facts.recent} interaction{_s(facts.recent)} this year; "
            f"full marks at {round(expected)}"
        ),
        "reciprocity": (
            f"You reached out {facts.by_me}, they did {facts.by_them}, "
            f"both {facts.mutual} this year"
        ),
        "depth": (
            f"{facts.in_person} in person, {facts.voice} by call, {facts.written} written "
            f"this year; the richest {depth_slots} count"
        ),
        "give_and_take": f"You gave {facts.gave}, received {facts.received} this year",
    }
    components = {
        name: {"value": round(values[name], 3), "weight": weight, "detail": details[name]}
        for name, weight in WEIGHTS.items()
    }
    reason = _reason(facts, silence=silence, cadence=cadence, maturity=maturity, band=band)
    return HealthResult(score=score, band=band, reason=reason, components=components)


def recency_curve(cadences: float) -> float:
    """Recency after a silence of `cadences` times the contact's cadence.

    1 just after contact, RECENCY_WHEN_DUE when due, then a third of that less per doubling of
    the silence, 0 from DECAYED_AFTER_CADENCES on.
    """
    if cadences <= 1:
        return 1 - (1 - RECENCY_WHEN_DUE) * cadences
    if cadences >= DECAYED_AFTER_CADENCES:
        return 0.0
    return RECENCY_WHEN_DUE * (1 - math.log(cadences) / math.log(DECAYED_AFTER_CADENCES))


def _reciprocity(facts: HealthFacts, expected: float) -> float:
    # Only the balanced part counts: a mutual contact, or one of yours answered by one of theirs.
    # Extra one-way contacts add nothing and take nothing away (see the module docstring).
    balanced = facts.mutual + 2 * min(facts.by_me, facts.by_them)
    return min(1.0, balanced / min(expected, RECIPROCITY_CONTACTS))


def _depth(facts: HealthFacts, expected: float) -> tuple[float, int]:
    # The year's richest contacts, up to one per expected contact (at most DEPTH_CONTACTS).
    slots = min(DEPTH_CONTACTS, round(expected))
    remaining, total = slots, 0.0
    for channel, count in (
        (Channel.IN_PERSON, facts.in_person),
        (Channel.VOICE, facts.voice),
        (Channel.WRITTEN, facts.written),
    ):
        used = min(remaining, count)
        total += used * CHANNEL_DEPTH[channel]
        remaining -= used
    return total / slots, slots


def _give_and_take(facts: HealthFacts) -> float:
    # A favour returned counts fully (1 each), a favour not (yet) returned a quarter.
    balanced = min(facts.gave, facts.received)
    one_way = max(facts.gave, facts.received) - balanced
    return min(1.0, (2 * balanced + 0.5 * one_way) / 2)


def _maturity(facts: HealthFacts) -> float:
    """0 for a first meeting, 1 once the relationship spans a year and five interactions.

    Measured up to the last interaction, so silence never makes a relationship more mature.
    """
    span = (facts.last_on - facts.first_on).days if facts.first_on else 0
    return max(
        0.0,
        min(
            1.0,
            span / ESTABLISHED_AFTER_DAYS,
            (facts.total - 1) / (ESTABLISHED_AFTER_INTERACTIONS - 1),
        ),
    )


def _band(score: int) -> str:
    return next(band for floor, band in BAND_FLOORS if score >= floor)


def _reason(facts: HealthFacts, *, silence: int, cadence: int, maturity: float, band: str) -> str:
    parts = [_since(silence)]

    span = (facts.last_on - facts.first_on).days if facts.first_on else 0
    if facts.total >= 3 and span > 0:
        parts.append(f"you usually talk {rhythm(span / (facts.total - 1))}")
    else:
        parts.append(f"you aim to talk {rhythm(cadence)}")

    if band == HealthBand.DORMANT:
        parts.append("this tie has most likely gone dormant")
    elif (clause := _reciprocity_clause(facts)) is not None:
        parts.append(clause)
    elif maturity < 1 and facts.total <= 2:
        parts.append("new relationships fade fastest")
    elif facts.recent >= 3 and facts.in_person + facts.voice == 0:
        parts.append("only written contact this year")
    return "; ".join(parts)


def _reciprocity_clause(facts: HealthFacts) -> str | None:
    if facts.recent < 2:
        return None
    for count, who in ((facts.by_them, "they"), (facts.by_me, "you")):
        if count == facts.recent:
            return f"{who} reached out all {count} times this year"
        if facts.recent >= 3 and count / facts.recent >= 0.6:
            return f"{who} reached out {count} of {facts.recent} times this year"
    return None


def rhythm(days: float) -> str:
    """An interval in words: "weekly", "monthly", "every two months"…"""
    for limit, words in (
        (1.5, "daily"),
        (10, "weekly"),
        (20, "every two weeks"),
        (45, "monthly"),
        (75, "every two months"),
        (135, "quarterly"),
        (270, "twice a year"),
        (547, "yearly"),
    ):
        if days <= limit:
            return words
    return f"every {round(days / 365)} years"


def _since(silence: int) -> str:
    if silence == 0:
        return "You spoke today"
    if silence == 1:
        return "You spoke yesterday"
    return f"{_days(silence)} since you last spoke"


def _days(days: int) -> str:
    """A length of time for people: "42 days", "5 months", "3 years"."""
    if days < 90:
        return f"{days} day{_s(days)}"
    if days < 730:
        return f"{days // 30} months"
    return f"{days // 365} years"


def _s(count: int) -> str:
    return "" if count == 1 else "s"
