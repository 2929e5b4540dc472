"""The relationship health formula: plain facts about a relationship in, an explained score out.

No database and no clock. The formula is `score_terms`, written once against a small algebra:
`health_score` evaluates it on numbers and explains the result (the contact page, the tests),
and interactions.services.health_sql evaluates the same function as SQL, so the nightly
recompute scores every contact inside the database. docs/health.md gives the rationale, the
research it rests on and worked examples (the same ones tests/interactions/test_health.py
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
from typing import Any, Protocol

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


class Algebra(Protocol):
    """The few operations the formula needs beyond + - * /.

    The formula is written once, in `score_terms`, against this interface. PYTHON evaluates it
    on numbers (the contact page's explanation, the tests); interactions.services.health_sql
    evaluates the very same function on database expressions, so the nightly recompute scores
    every contact inside one SQL statement. Both must round and choose alike: comparisons return
    whatever `where` accepts, and `where` evaluates both branches, so no branch may fail on the
    values the other one guards against (hence the max(x, 1) under the logarithm). `let` names
    an intermediate value that later steps read more than once: nothing in Python, a column the
    database computes once per row in SQL.
    """

    def min(self, *values): ...
    def max(self, *values): ...
    def ln(self, value): ...
    def round(self, value): ...
    def le(self, left, right): ...
    def ge(self, left, right): ...
    def where(self, condition, then, otherwise): ...
    def let(self, name, value): ...


class _PythonAlgebra:
    min = staticmethod(min)
    max = staticmethod(max)
    ln = staticmethod(math.log)

    @staticmethod
    def round(value):
        # Half up, as the SQL side's FLOOR(x + 0.5): Python's round() would round half to even.
        return math.floor(value + 0.5)

    @staticmethod
    def le(left, right):
        return left <= right

    @staticmethod
    def ge(left, right):
        return left >= right

    @staticmethod
    def where(condition, then, otherwise):
        return then if condition else otherwise

    @staticmethod
    def let(name, value):
        return value


PYTHON = _PythonAlgebra()


@dataclass(frozen=True)
class Terms:
    """Every intermediate value of the formula, in the algebra it was evaluated in."""

    expected: Any
    slots: Any
    recency: Any
    frequency: Any
    reciprocity: Any
    depth: Any
    give_and_take: Any
    maturity: Any
    score: Any
    band: Any

    @property
    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in WEIGHTS}


def score_terms(facts, alg: Algebra) -> Terms:
    """The formula. `facts` has the attributes of HealthFacts' counts plus `silence` (days
    since the last interaction, 0 when it is dated in the future) and `span` (days from the
    first interaction to the last), all as numbers or all as expressions of one algebra."""
    cadence = alg.let("cadence", alg.max(1, facts.cadence_days))
    expected = alg.let("expected", alg.max(MIN_CONTACTS_A_YEAR, WINDOW_DAYS / cadence))
    frequency = alg.let("frequency", alg.min(1, facts.recent / expected))

    # Reciprocity: only the balanced part counts, a mutual contact or one of yours answered by one
    # of theirs. Extra one-way contacts add nothing and take nothing away (module docstring).
    balanced = facts.mutual + 2 * alg.min(facts.by_me, facts.by_them)
    reciprocity = alg.let(
        "reciprocity", alg.min(1, balanced / alg.min(expected, RECIPROCITY_CONTACTS))
    )

    # Depth: the year's richest contacts, up to one per expected contact (at most DEPTH_CONTACTS).
    slots = alg.let("slots", alg.min(DEPTH_CONTACTS, alg.round(expected)))
    in_person = alg.let("in_person_slots", alg.min(slots, facts.in_person))
    voice = alg.let("voice_slots", alg.min(slots - in_person, facts.voice))
    written = alg.min(slots - in_person - voice, facts.written)
    depth = alg.let(
        "depth",
        (
            in_person * CHANNEL_DEPTH[Channel.IN_PERSON]
            + voice * CHANNEL_DEPTH[Channel.VOICE]
            + written * CHANNEL_DEPTH[Channel.WRITTEN]
        )
        / slots,
    )

    # Give and take: a favour returned counts fully (1 each), one not (yet) returned a quarter.
    favours = alg.min(facts.gave, facts.received)
    unreturned = alg.max(facts.gave, facts.received) - favours
    give_and_take = alg.let("give_and_take", alg.min(1, (2 * favours + 0.5 * unreturned) / 2))

    # Maturity: 0 for a first meeting, 1 once the relationship spans a year and five
    # interactions; measured up to the last interaction, so silence never adds to it.
    maturity = alg.let(
        "maturity",
        alg.max(
            0,
            alg.min(
                1,
                facts.span / ESTABLISHED_AFTER_DAYS,
                (facts.total - 1) / (ESTABLISHED_AFTER_INTERACTIONS - 1),
            ),
        ),
    )
    # New and one-way relationships fade up to twice as fast: their clock runs faster.
    stability = 0.5 + 0.25 * maturity + 0.25 * reciprocity
    silence = alg.let("cadences", facts.silence / stability / cadence)
    recency = alg.let("recency", recency_curve(silence, alg))

    mix = (
        WEIGHTS["frequency"] * frequency
        + WEIGHTS["reciprocity"] * reciprocity
        + WEIGHTS["depth"] * depth
        + WEIGHTS["give_and_take"] * give_and_take
    )
    contacted = alg.ge(facts.total, 1)
    score = alg.let(
        "score", alg.where(contacted, alg.round(100 * recency * (WEIGHTS["recency"] + mix)), 0)
    )
    band = HealthBand.AT_RISK
    for floor, name in reversed(BAND_FLOORS[:-1]):
        band = alg.where(alg.ge(score, floor), name, band)
    band = alg.where(alg.le(recency, 0), HealthBand.DORMANT, band)
    band = alg.where(contacted, band, HealthBand.DORMANT)
    return Terms(
        expected=expected,
        slots=slots,
        recency=recency,
        frequency=frequency,
        reciprocity=reciprocity,
        depth=depth,
        give_and_take=give_and_take,
        maturity=maturity,
        score=score,
        band=band,
    )


@dataclass(frozen=True)
class _Counts:
    """HealthFacts as score_terms reads them: the silence and span as day counts."""

    cadence_days: int
    silence: int
    span: int
    total: int
    recent: int
    by_me: int
    by_them: int
    mutual: int
    in_person: int
    voice: int
    written: int
    gave: int
    received: int


def health_score(facts: HealthFacts, *, today: date) -> HealthResult:
    """The health of one relationship on `today` (the user's today), explained."""
    if facts.last_on is None or facts.total == 0:
        return NEVER_CONTACTED
    cadence = max(1, facts.cadence_days)
    # An interaction dated in the future (a meeting logged ahead) counts as today, not as more.
    silence = max(0, (today - facts.last_on).days)
    counts = {name: getattr(facts, name) for name in _COUNTS}
    terms = score_terms(
        _Counts(silence=silence, span=_span(facts), **counts, cadence_days=cadence), PYTHON
    )

    details = {
        "recency": f"{_since(silence)}; due every {cadence} day{_s(cadence)}",
        "frequency": (
            f"{facts.recent} interaction{_s(facts.recent)} this year; "
            f"full marks at {round(terms.expected)}"
        ),
        "reciprocity": (
            f"You reached out {facts.by_me}, they did {facts.by_them}, "
            f"both {facts.mutual} this year"
        ),
        "depth": (
            f"{facts.in_person} in person, {facts.voice} by call, {facts.written} written "
            f"this year; the richest {terms.slots} count"
        ),
        "give_and_take": f"You gave {facts.gave}, received {facts.received} this year",
    }
    values = terms.values
    components = {
        name: {"value": round(values[name], 3), "weight": weight, "detail": details[name]}
        for name, weight in WEIGHTS.items()
    }
    reason = _reason(
        facts, silence=silence, cadence=cadence, maturity=terms.maturity, band=terms.band
    )
    return HealthResult(score=terms.score, band=terms.band, reason=reason, components=components)


# The counts score_terms reads as they are; the dates become `silence` and `span`.
_COUNTS = (
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


def _span(facts: HealthFacts) -> int:
    return (facts.last_on - facts.first_on).days if facts.first_on and facts.last_on else 0


_LN_DECAYED = math.log(DECAYED_AFTER_CADENCES)


def recency_curve(cadences, alg: Algebra = PYTHON):
    """Recency after a silence of `cadences` times the contact's cadence.

    1 just after contact, RECENCY_WHEN_DUE when due, then a third of that less per doubling of
    the silence, 0 from DECAYED_AFTER_CADENCES on.
    """
    fading = RECENCY_WHEN_DUE * (1 - alg.ln(alg.max(cadences, 1)) / _LN_DECAYED)
    return alg.where(alg.le(cadences, 1), 1 - (1 - RECENCY_WHEN_DUE) * cadences, alg.max(0, fading))


def _reason(facts: HealthFacts, *, silence: int, cadence: int, maturity: float, band: str) -> str:
    parts = [_since(silence)]

    span = _span(facts)
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
