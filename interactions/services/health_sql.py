"""The health formula in SQL: interactions.health.score_terms, evaluated by the database.

`score_terms` is written once against a small algebra (interactions.health.Algebra). Evaluated
with `StagedSql` it builds SQL text instead of numbers: every `let` becomes a column of a derived
table, computed once per row and read by name by the later steps, so the statement stays small
(an expression tree inlined at every use would be tens of kilobytes, past SQLite's parser). The
innermost table is a Django queryset aggregating each contact's participations into the facts.

The arithmetic is IEEE double precision on both sides, both round half up and both take the C
library's natural logarithm, so the database stores exactly the score that the contact page
explains from the same facts in Python (tests/interactions/test_health_recompute.py checks
it on random histories).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Case,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate

from contacts.models import DEFAULT_CADENCE_DAYS
from interactions.attention import tier_weight
from interactions.health import WINDOW_DAYS, Channel, HealthBand, kinds_of_channel, score_terms
from interactions.models import Initiator, ValueExchange

# Every constant and band name that reaches the SQL text comes from interactions.health, never
# from input; bands are checked against this before they are quoted.
_BANDS = frozenset(HealthBand.values)
# SQLite has no GREATEST / LEAST: its two-argument MAX / MIN are the same thing.
_FUNCTIONS = {
    "postgresql": {
        "min": "LEAST",
        "max": "GREATEST",
        "double": "DOUBLE PRECISION",
        # OFFSET 0 keeps a derived table from being merged into the query around it.
        "fence": "OFFSET 0",
    },
    "sqlite": {"min": "MIN", "max": "MAX", "double": "REAL", "fence": "LIMIT -1 OFFSET 0"},
}


@dataclass(frozen=True)
class Sql:
    """A piece of SQL and the step whose columns it reads (0: the facts)."""

    text: str
    step: int = 0

    def _apply(self, operator: str, other, *, swap: bool = False) -> "Sql":
        left, right = (_sql(other), self) if swap else (self, _sql(other))
        return Sql(f"({left.text} {operator} {right.text})", max(left.step, right.step))

    def __add__(self, other):
        return self._apply("+", other)

    def __radd__(self, other):
        return self._apply("+", other, swap=True)

    def __sub__(self, other):
        return self._apply("-", other)

    def __rsub__(self, other):
        return self._apply("-", other, swap=True)

    def __mul__(self, other):
        return self._apply("*", other)

    def __rmul__(self, other):
        return self._apply("*", other, swap=True)

    def __truediv__(self, other):
        return self._apply("/", other)

    def __rtruediv__(self, other):
        return self._apply("/", other, swap=True)


def _sql(value) -> Sql:
    if isinstance(value, Sql):
        return value
    if isinstance(value, str):
        if value not in _BANDS:
            raise ValueError(f"Not a band: {value!r}")
        return Sql(f"'{value}'")
    # repr() is the shortest decimal that reads back as the same double.
    return Sql(repr(float(value)))


def _step(*values: Sql) -> int:
    return max(value.step for value in values)


class StagedSql:
    """The algebra of score_terms over SQL; `steps` collects the named columns of each step."""

    def __init__(self, vendor: str):
        self.functions = _FUNCTIONS[vendor]
        self.steps: list[dict[str, str]] = []

    def _call(self, name: str, values) -> Sql:
        values = [_sql(value) for value in values]
        # MIN / MAX of SQLite and LEAST / GREATEST take any number of arguments.
        text = f"{self.functions[name]}({', '.join(value.text for value in values)})"
        return Sql(text, _step(*values))

    def min(self, *values):
        return self._call("min", values)

    def max(self, *values):
        return self._call("max", values)

    def ln(self, value):
        value = _sql(value)
        return Sql(f"LN({value.text})", value.step)

    def round(self, value):
        value = _sql(value)
        return Sql(f"FLOOR({value.text} + 0.5)", value.step)

    def le(self, left, right):
        return _sql(left)._apply("<=", right)

    def ge(self, left, right):
        return _sql(left)._apply(">=", right)

    def where(self, condition, then, otherwise):
        condition, then, otherwise = _sql(condition), _sql(then), _sql(otherwise)
        text = f"CASE WHEN {condition.text} THEN {then.text} ELSE {otherwise.text} END"
        return Sql(text, _step(condition, then, otherwise))

    def let(self, name: str, value):
        value = _sql(value)
        # Computed in the step after the latest column it reads; later steps read it by name.
        while len(self.steps) <= value.step:
            self.steps.append({})
        self.steps[value.step][name] = value.text
        return Sql(name, value.step + 1)

    def double(self, column: str) -> Sql:
        return Sql(f"CAST({column} AS {self.functions['double']})")


class DaysBetween(Func):
    """Whole days from the date `earlier` to the date `later`."""

    arg_joiner = " - "
    template = "(%(expressions)s)"  # PostgreSQL: date - date is a number of days
    output_field = IntegerField()

    def __init__(self, later, earlier):
        super().__init__(later, earlier)

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra_context,
        )


# The facts score_terms reads, by name: the columns of the innermost query.
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
# What the statement returns per contact, each named as its ContactHealth column.
HEALTH_COLUMNS = (
    "owner_id",
    "contact_id",
    "score",
    "band",
    "cadence_days",
    "first_interaction_at",
    "last_interaction_at",
    *_COUNTS,
    "attention",
)
# The facts query's columns, prefixed: an annotation may not shadow a model's field.
_FACT = "fact_"


def _contact_columns(contacts: QuerySet) -> QuerySet:
    """Per contact: its id, owner, cadence (its own, else its tier's) and the weight of its
    tier (interactions.attention)."""
    cadence = Coalesce(
        "cadence_days",
        Case(
            *(When(tier=tier, then=Value(days)) for tier, days in DEFAULT_CADENCE_DAYS.items()),
            output_field=IntegerField(),
        ),
    )
    columns = {
        "owner_id": F("owner_id"),
        "contact_id": F("pk"),
        "cadence_days": cadence,
        "weight": tier_weight(),
    }
    return contacts.order_by().values(**_prefixed(columns))


def _participation_facts(
    participations: QuerySet, *, today: date, zone: ZoneInfo, now: datetime
) -> QuerySet:
    """Per contact with participations: the counts, the first and last interaction, and the
    days of silence and of span on the owner's calendar."""
    recent = Q(occurred_at__gte=now - timedelta(days=WINDOW_DAYS))

    def recent_count(condition: Q | None = None) -> Count:
        return Count("pk", filter=recent & condition if condition else recent)

    first_on = TruncDate(Min("occurred_at"), tzinfo=zone)
    last_on = TruncDate(Max("occurred_at"), tzinfo=zone)
    columns = {
        "first_interaction_at": Min("occurred_at"),
        "last_interaction_at": Max("occurred_at"),
        "total": Count("pk"),
        "recent": recent_count(),
        "by_me": recent_count(Q(initiated_by=Initiator.ME)),
        "by_them": recent_count(Q(initiated_by=Initiator.THEM)),
        "mutual": recent_count(Q(initiated_by=Initiator.MUTUAL)),
        "in_person": recent_count(Q(kind__in=kinds_of_channel(Channel.IN_PERSON))),
        "voice": recent_count(Q(kind__in=kinds_of_channel(Channel.VOICE))),
        "written": recent_count(Q(kind__in=kinds_of_channel(Channel.WRITTEN))),
        "gave": recent_count(Q(value=ValueExchange.GAVE)),
        "received": recent_count(Q(value=ValueExchange.RECEIVED)),
        # An interaction dated in the future counts as today.
        "silence": Greatest(Value(0), DaysBetween(Value(today), last_on)),
        "span": DaysBetween(last_on, first_on),
    }
    return (
        participations.order_by()
        .values(participant=F("contact_id"))
        .annotate(**_prefixed(columns))
        .values("participant", *_prefixed(columns))
    )


def _prefixed(columns: dict) -> dict:
    return {f"{_FACT}{name}": expression for name, expression in columns.items()}


class _FactColumns:
    def __init__(self, algebra: StagedSql):
        self.algebra = algebra

    def __getattr__(self, name: str) -> Sql:
        # Doubles, as the Python side's numbers: an integer division would truncate. A contact
        # without participations has NULL facts; the formula then reads only `total`, 0.
        return self.algebra.double(f"COALESCE({_FACT}{name}, 0)")


def health_select(
    contacts: QuerySet, participations: QuerySet, *, zone: ZoneInfo, now: datetime
) -> tuple[str, list]:
    """SELECT of HEALTH_COLUMNS for every contact of `contacts` (whose owners live in `zone`),
    scored on the owner's today from `participations` (theirs, and maybe others: the join
    keeps only theirs), and its parameters.

    The participations are aggregated before they meet the contacts: grouping 200,000 rows by
    contact id alone costs what the bare aggregate costs, where grouping the joined rows cost
    twice as much (bench/health_recompute.py).
    """
    contacts_sql, contacts_params = _contact_columns(contacts).query.sql_with_params()
    facts_sql, facts_params = _participation_facts(
        participations, today=now.astimezone(zone).date(), zone=zone, now=now
    ).query.sql_with_params()
    algebra = StagedSql(connection.vendor)
    terms = score_terms(_FactColumns(algebra), algebra)
    table = (
        f"(SELECT * FROM ({contacts_sql}) AS contact LEFT JOIN ({facts_sql}) AS facts "  # noqa: S608
        f"ON facts.participant = contact.{_FACT}contact_id) AS step_0"
    )
    for number, columns in enumerate(algebra.steps, start=1):
        selected = [
            f"step_{number - 1}.*",
            *(f"{text} AS {name}" for name, text in columns.items()),
        ]
        # The fence keeps each step a table of its own: flattened into one SELECT, every named
        # value would be computed again wherever it is read.
        fence = algebra.functions["fence"]
        table = f"(SELECT {', '.join(selected)} FROM {table} {fence}) AS step_{number}"  # noqa: S608
    counts = [f"COALESCE({_FACT}{name}, 0) AS {name}" for name in _COUNTS]
    score = f"CAST({_sql(terms.score).text} AS INTEGER)"
    selected = [
        *(f"{_FACT}{name} AS {name}" for name in HEALTH_COLUMNS[:2]),
        f"{score} AS score",
        f"{_sql(terms.band).text} AS band",
        *(f"{_FACT}{name} AS {name}" for name in HEALTH_COLUMNS[4:7]),
        *counts,
        # interactions.attention.attention_value, on the score just computed.
        f"((100 - {score}) * {_FACT}weight) AS attention",
    ]
    return f"SELECT {', '.join(selected)} FROM {table}", [*contacts_params, *facts_params]  # noqa: S608
