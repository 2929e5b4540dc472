"""The health formula (interactions.health): the worked examples of docs/health.md, then the
properties every score must have whatever the history."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interactions.health import (
    WINDOW_DAYS,
    Channel,
    HealthFacts,
    health_score,
    recency_curve,
    rhythm,
)
from interactions.models import HealthBand

TODAY = date(2026, 11, 22)


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


# The worked examples of docs/health.md, in the same order: keep the two in step.
EXAMPLES = [
    pytest.param(
        HealthFacts(cadence_days=90),
        0,
        HealthBand.DORMANT,
        "No interaction logged yet",
        id="never contacted",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=90,
            first_on=date(2023, 3, 1),
            last_on=days_ago(60),
            total=12,
            recent=4,
            mutual=4,
            in_person=2,
            voice=2,
        ),
        80,
        HealthBand.THRIVING,
        "60 days since you last spoke; you usually talk quarterly",
        id="a quarterly contact seen 60 days ago is fine",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=7,
            first_on=date(2022, 1, 10),
            last_on=days_ago(60),
            total=150,
            recent=20,
            mutual=20,
            in_person=20,
        ),
        0,
        HealthBand.DORMANT,
        "60 days since you last spoke; you usually talk every two weeks; "
        "this tie has most likely gone dormant",
        id="a weekly contact seen 60 days ago has decayed",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=30,
            first_on=date(2025, 6, 1),
            last_on=days_ago(42),
            total=14,
            recent=8,
            by_me=2,
            by_them=5,
            mutual=1,
            in_person=3,
            voice=2,
            written=3,
            gave=1,
        ),
        59,
        HealthBand.HEALTHY,
        "42 days since you last spoke; you usually talk monthly; "
        "they reached out 5 of 8 times this year",
        id="a monthly contact 42 days on, who does the reaching out",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=7,
            first_on=date(2019, 5, 4),
            last_on=days_ago(1),
            total=400,
            recent=48,
            by_me=10,
            by_them=10,
            mutual=28,
            in_person=30,
            voice=10,
            written=8,
            gave=2,
            received=2,
        ),
        96,
        HealthBand.THRIVING,
        "You spoke yesterday; you usually talk weekly",
        id="the inner circle, seen yesterday",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=90,
            first_on=TODAY,
            last_on=TODAY,
            total=1,
            recent=1,
            mutual=1,
            in_person=1,
        ),
        61,
        HealthBand.HEALTHY,
        "You spoke today; you aim to talk quarterly; new relationships fade fastest",
        id="a first coffee today",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=30,
            first_on=days_ago(20),
            last_on=days_ago(20),
            total=1,
            recent=1,
            by_me=1,
            in_person=1,
        ),
        37,
        HealthBand.COOLING,
        "20 days since you last spoke; you aim to talk monthly; new relationships fade fastest",
        id="met once, 20 days ago, and only I reached out",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=30,
            first_on=days_ago(130),
            last_on=days_ago(130),
            total=1,
            recent=1,
            by_me=1,
            in_person=1,
        ),
        0,
        HealthBand.DORMANT,
        "4 months since you last spoke; you aim to talk monthly; "
        "this tie has most likely gone dormant",
        id="the same, 130 days on: new one-way ties decay twice as fast",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=365,
            first_on=days_ago(200),
            last_on=days_ago(200),
            total=1,
            recent=1,
            mutual=1,
            in_person=1,
        ),
        60,
        HealthBand.HEALTHY,
        "6 months since you last spoke; you aim to talk yearly; new relationships fade fastest",
        id="an acquaintance met once, 200 days ago",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=90,
            first_on=date(2024, 1, 5),
            last_on=days_ago(113),
            total=9,
            recent=4,
            by_me=4,
            voice=2,
            written=2,
        ),
        45,
        HealthBand.COOLING,
        "3 months since you last spoke; you usually talk quarterly; "
        "you reached out all 4 times this year",
        id="a one-way relationship",
    ),
    pytest.param(
        HealthFacts(
            cadence_days=30,
            first_on=date(2024, 1, 5),
            last_on=days_ago(10),
            total=30,
            recent=6,
            mutual=6,
            written=6,
        ),
        73,
        HealthBand.HEALTHY,
        "10 days since you last spoke; you usually talk monthly; only written contact this year",
        id="only messages",
    ),
]


@pytest.mark.parametrize(("facts", "score", "band", "reason"), EXAMPLES)
def test_the_worked_examples_score_as_documented(facts, score, band, reason):
    result = health_score(facts, today=TODAY)

    assert (result.score, result.band, result.reason) == (score, band, reason)


def test_the_components_carry_their_values_weights_and_details():
    facts = HealthFacts(
        cadence_days=30,
        first_on=date(2025, 6, 1),
        last_on=days_ago(42),
        total=14,
        recent=8,
        by_me=2,
        by_them=5,
        mutual=1,
        in_person=3,
        voice=2,
        written=3,
        gave=1,
    )

    stored = health_score(facts, today=TODAY).components

    assert list(stored) == ["recency", "frequency", "reciprocity", "depth", "give_and_take"]
    assert sum(c["weight"] for c in stored.values()) == pytest.approx(1.0)
    assert stored["recency"] == {
        "value": 0.671,
        "weight": 0.5,
        "detail": "42 days since you last spoke; due every 30 days",
    }
    assert stored["depth"]["value"] == 0.9  # 3 in person and 1 call: the richest 4
    assert stored["reciprocity"]["detail"] == "You reached out 2, they did 5, both 1 this year"
    assert stored["give_and_take"]["value"] == 0.25  # one favour, not yet returned


def test_a_contact_never_contacted_has_no_components():
    assert health_score(HealthFacts(cadence_days=7), today=TODAY).components == {}


def test_an_interaction_dated_in_the_future_counts_as_today():
    ahead = HealthFacts(
        cadence_days=30, first_on=TODAY, last_on=days_ago(-3), total=1, recent=1, mutual=1
    )
    today = HealthFacts(cadence_days=30, first_on=TODAY, last_on=TODAY, total=1, recent=1, mutual=1)

    assert health_score(ahead, today=TODAY) == health_score(today, today=TODAY)


@pytest.mark.parametrize(
    ("cadences", "recency"),
    [(0, 1.0), (0.5, 0.9), (1, 0.8), (2, 0.8 * 2 / 3), (4, 0.8 / 3), (8, 0.0), (20, 0.0)],
)
def test_recency_loses_a_third_of_its_due_value_per_doubling_of_the_silence(cadences, recency):
    assert recency_curve(cadences) == pytest.approx(recency)


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (1, "daily"),
        (7, "weekly"),
        (14, "every two weeks"),
        (30, "monthly"),
        (60, "every two months"),
        (90, "quarterly"),
        (180, "twice a year"),
        (365, "yearly"),
        (1100, "every 3 years"),
    ],
)
def test_a_rhythm_reads_as_people_say_it(days, words):
    assert rhythm(days) == words


# --- Properties over any history ----------------------------------------------------------------


@dataclass(frozen=True)
class Logged:
    """One interaction as the recompute sees it: its day and what kind of contact it was."""

    on: date
    channel: str
    initiated_by: str
    value: str


def facts_on(history: list[Logged], *, cadence_days: int, today: date) -> HealthFacts:
    """The facts the recompute's aggregate gathers, from a plain list (the same definitions)."""
    past = [i for i in history if i.on <= today]
    recent = [i for i in past if (today - i.on).days < WINDOW_DAYS]

    def count(**match) -> int:
        return sum(all(getattr(i, k) == v for k, v in match.items()) for i in recent)

    return HealthFacts(
        cadence_days=cadence_days,
        first_on=min((i.on for i in past), default=None),
        last_on=max((i.on for i in past), default=None),
        total=len(past),
        recent=len(recent),
        by_me=count(initiated_by="me"),
        by_them=count(initiated_by="them"),
        mutual=count(initiated_by="mutual"),
        in_person=count(channel=Channel.IN_PERSON),
        voice=count(channel=Channel.VOICE),
        written=count(channel=Channel.WRITTEN),
        gave=count(value="gave"),
        received=count(value="received"),
    )


channels = st.sampled_from([Channel.IN_PERSON, Channel.VOICE, Channel.WRITTEN])
initiators = st.sampled_from(["me", "them", "mutual"])
values = st.sampled_from(["", "gave", "received"])
interactions = st.builds(
    Logged,
    on=st.integers(min_value=0, max_value=3000).map(days_ago),
    channel=channels,
    initiated_by=initiators,
    value=values,
)
histories = st.lists(interactions, max_size=40)
cadences = st.integers(min_value=1, max_value=3650)
counts = st.integers(min_value=0, max_value=10_000)
BAND_ORDER = [
    HealthBand.DORMANT,
    HealthBand.AT_RISK,
    HealthBand.COOLING,
    HealthBand.HEALTHY,
    HealthBand.THRIVING,
]


@given(
    facts=st.builds(
        HealthFacts,
        cadence_days=cadences,
        first_on=st.none() | st.integers(0, 5000).map(days_ago),
        last_on=st.none() | st.integers(-30, 5000).map(days_ago),
        total=counts,
        recent=counts,
        by_me=counts,
        by_them=counts,
        mutual=counts,
        in_person=counts,
        voice=counts,
        written=counts,
        gave=counts,
        received=counts,
    )
)
def test_the_score_is_between_0_and_100_whatever_the_facts(facts):
    result = health_score(facts, today=TODAY)

    assert 0 <= result.score <= 100
    assert result.band in HealthBand.values
    assert all(0 <= c["value"] <= 1 for c in result.components.values())
    assert len(result.reason) <= 300  # ContactHealth.reason's length


@settings(max_examples=300)
@given(history=histories, cadence=cadences, later=st.integers(min_value=1, max_value=4000))
def test_the_score_never_rises_with_more_silence(history, cadence, later):
    now = health_score(facts_on(history, cadence_days=cadence, today=TODAY), today=TODAY)
    then_day = TODAY + timedelta(days=later)
    then = health_score(facts_on(history, cadence_days=cadence, today=then_day), today=then_day)

    assert then.score <= now.score
    assert BAND_ORDER.index(then.band) <= BAND_ORDER.index(now.band)


@settings(max_examples=300)
@given(
    history=histories,
    cadence=cadences,
    channel=channels,
    initiated_by=initiators,
    value=values,
)
def test_the_score_never_falls_when_an_interaction_is_added_today(
    history, cadence, channel, initiated_by, value
):
    before = health_score(facts_on(history, cadence_days=cadence, today=TODAY), today=TODAY)
    added = [*history, Logged(TODAY, channel, initiated_by, value)]
    after = health_score(facts_on(added, cadence_days=cadence, today=TODAY), today=TODAY)

    assert after.score >= before.score
    assert after.band != HealthBand.DORMANT
