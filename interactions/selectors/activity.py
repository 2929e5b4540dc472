"""Reads of what happened lately and how often: the dashboard's activity card and charts."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Lower, TruncMonth, TruncWeek

from accounts.models import User
from contacts.models import Contact
from interactions.models import Interaction, ValueExchange

RECENT_LIMIT = 8


def recent_interactions(*, user: User, limit: int = RECENT_LIMIT) -> list[Interaction]:
    """The latest interactions with their participants (`participant_list`), in two queries
    (interaction_owner_when_idx)."""
    return list(
        Interaction.objects.filter(owner=user)
        .order_by("-occurred_at", "-pk")
        .prefetch_related(
            Prefetch(
                "participants",
                queryset=Contact.objects.order_by(Lower("display_name"), "pk").only(
                    "pk", "display_name"
                ),
                to_attr="participant_list",
            )
        )[:limit]
    )


def _start_of(day: date, user: User) -> datetime:
    return datetime.combine(day, time.min, tzinfo=user.zone)


def interactions_per_week(*, user: User, today: date, weeks: int) -> list[tuple[date, int]]:
    """How many interactions each of the last `weeks` weeks held (Monday first, in the user's
    zone), the current week last and empty weeks as 0. One query."""
    this_monday = today - timedelta(days=today.weekday())
    first_monday = this_monday - timedelta(weeks=weeks - 1)
    rows = (
        Interaction.objects.filter(owner=user, occurred_at__gte=_start_of(first_monday, user))
        .annotate(week=TruncWeek("occurred_at", tzinfo=user.zone))
        .values("week")
        .annotate(count=Count("pk"))
        .values_list("week", "count")
    )
    counts = {_as_date(week, user): count for week, count in rows}
    mondays = [first_monday + timedelta(weeks=n) for n in range(weeks)]
    return [(monday, counts.get(monday, 0)) for monday in mondays]


def value_per_month(*, user: User, today: date, months: int) -> list[tuple[date, int, int]]:
    """(first day of the month, interactions where the user gave value, where they received it)
    for the last `months` months in the user's zone, the current month last. One query."""
    first = today.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = (
        Interaction.objects.filter(
            owner=user,
            occurred_at__gte=_start_of(first, user),
            value__in=[ValueExchange.GAVE, ValueExchange.RECEIVED],
        )
        .annotate(month=TruncMonth("occurred_at", tzinfo=user.zone))
        .values("month")
        .annotate(
            gave=Count("pk", filter=Q(value=ValueExchange.GAVE)),
            received=Count("pk", filter=Q(value=ValueExchange.RECEIVED)),
        )
        .values_list("month", "gave", "received")
    )
    counts = {_as_date(month, user): (gave, received) for month, gave, received in rows}
    result, month = [], first
    for _ in range(months):
        gave, received = counts.get(month, (0, 0))
        result.append((month, gave, received))
        month = (month + timedelta(days=32)).replace(day=1)
    return result


def _as_date(value, user: User) -> date:
    # TruncWeek/TruncMonth give an aware datetime in the zone (PostgreSQL) or a naive one (SQLite).
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(user.zone)
        return value.date()
    return value
