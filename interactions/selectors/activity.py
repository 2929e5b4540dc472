"""Reads of what happened lately and how often: the dashboard's activity card and charts."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Prefetch
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Contact
from interactions.models import ActivityDay, Interaction

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


@dataclass(frozen=True)
class Day:
    interactions: int
    gave: int
    received: int


def activity_by_day(*, user: User, since: date) -> dict[date, Day]:
    """Interactions per calendar day of the user's zone from `since` on, with how many gave or
    received value; days without any are left out. One query over the stored day counts
    (ActivityDay, kept by interactions.services.activity): a year is at most 366 rows of the
    activity_day_once index, where counting the interactions read 75,000 in the benchmark. The
    charts sum them into weeks and months."""
    rows = ActivityDay.objects.filter(owner=user, day__gte=since).values_list(
        "day", "interactions", "gave", "received"
    )
    return {day: Day(count, gave, received) for day, count, gave, received in rows}


def week_starts(*, today: date, weeks: int) -> list[date]:
    """The Mondays of the last `weeks` weeks, the current one last."""
    this_monday = today - timedelta(days=today.weekday())
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def month_starts(*, today: date, months: int) -> list[date]:
    """The first days of the last `months` months, the current one last."""
    firsts = [today.replace(day=1)]
    while len(firsts) < months:
        firsts.append((firsts[-1] - timedelta(days=1)).replace(day=1))
    return firsts[::-1]


def per_week(days: dict[date, Day], mondays: list[date]) -> list[tuple[date, int]]:
    counts = dict.fromkeys(mondays, 0)
    for day, activity in days.items():
        monday = day - timedelta(days=day.weekday())
        if monday in counts:
            counts[monday] += activity.interactions
    return list(counts.items())


def per_month(days: dict[date, Day], firsts: list[date]) -> list[tuple[date, int, int]]:
    counts = {first: [0, 0] for first in firsts}
    for day, activity in days.items():
        month = counts.get(day.replace(day=1))
        if month is not None:
            month[0] += activity.gave
            month[1] += activity.received
    return [(first, gave, received) for first, (gave, received) in counts.items()]
