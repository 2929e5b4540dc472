"""Reads of what happened lately and how often: the dashboard's activity card and charts."""

from datetime import date, timedelta
from typing import NamedTuple

from accounts.models import User
from config.raw_reads import columns, constants, instances, related_columns, rows, table
from contacts.models import Contact
from interactions.models import ActivityDay, Interaction, Participation

RECENT_LIMIT = 8
# What the card shows of each interaction.
RECENT_FIELDS = ("occurred_at", "kind", "summary")


def recent_interactions(*, user: User, limit: int = RECENT_LIMIT) -> list[Interaction]:
    """The latest interactions with their participants (`participant_list`, by name), in one
    query: the last `limit` of interaction_owner_when_idx, each joined to its participations
    (the participation_once constraint) and their contacts, a row per participant. SQL rather
    than querysets, see config.raw_reads. Only what the card shows of each is read."""
    rows = instances(
        Participation,
        # Table and column names come from the models; the owner is a parameter.
        f"""
        SELECT p.id, i.id AS interaction_id, p.contact_id,
               {related_columns(Interaction, "i", "interaction", RECENT_FIELDS)},
               c.display_name AS contact__display_name
        FROM (
            SELECT {columns(Interaction, "i", ("id", *RECENT_FIELDS))}
            FROM {table(Interaction)} i WHERE i.owner_id = %s
            ORDER BY i.occurred_at DESC, i.id DESC LIMIT {constants(limit)}
        ) i
        LEFT JOIN {table(Participation)} p ON p.interaction_id = i.id AND p.owner_id = %s
        LEFT JOIN {table(Contact)} c ON c.id = p.contact_id
        ORDER BY i.occurred_at DESC, i.id DESC, LOWER(c.display_name), c.id
        """,  # noqa: S608
        [user.pk, user.pk],
    )
    interactions: dict[int, Interaction] = {}
    for row in rows:
        interaction = interactions.setdefault(row.interaction_id, row.interaction)
        if not hasattr(interaction, "participant_list"):
            interaction.participant_list = []
        if row.contact_id is not None:
            interaction.participant_list.append(row.contact)
    return list(interactions.values())


class Day(NamedTuple):
    # A tuple, not a dataclass: a year of days is made on every dashboard, and a frozen
    # dataclass took four times as long to make.
    interactions: int
    gave: int
    received: int


def activity_by_day(*, user: User, since: date) -> dict[date, Day]:
    """Interactions per calendar day of the user's zone from `since` on, with how many gave or
    received value; days without any are left out. One query over the stored day counts
    (ActivityDay, kept by interactions.services.activity): a year is at most 366 rows of the
    activity_day_once index, where counting the interactions read 75,000 in the benchmark. The
    charts sum them into weeks and months."""
    # SQL rather than a queryset: see config.raw_reads. The table name comes from the model.
    days = rows(
        f"SELECT day, interactions, gave, received FROM {table(ActivityDay)}"  # noqa: S608
        " WHERE owner_id = %s AND day >= %s",
        [user.pk, since],
    )
    return {day: Day(count, gave, received) for day, count, gave, received in days}


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
    """Interactions per week, for consecutive `mondays` (as week_starts gives them). A day finds
    its week by arithmetic on day numbers, not by making its Monday's date and looking it up:
    five times faster over the year of days the dashboard sums."""
    first = mondays[0].toordinal()
    counts = [0] * len(mondays)
    for day, activity in days.items():
        week = (day.toordinal() - first) // 7
        if 0 <= week < len(counts):
            counts[week] += activity.interactions
    return list(zip(mondays, counts, strict=True))


def per_month(days: dict[date, Day], firsts: list[date]) -> list[tuple[date, int, int]]:
    """Value given and received per month, for consecutive `firsts` (as month_starts gives
    them); a day finds its month as per_week finds its week."""
    first = firsts[0].year * 12 + firsts[0].month
    gave, received = [0] * len(firsts), [0] * len(firsts)
    for day, activity in days.items():
        month = day.year * 12 + day.month - first
        if 0 <= month < len(firsts):
            gave[month] += activity.gave
            received[month] += activity.received
    return list(zip(firsts, gave, received, strict=True))
