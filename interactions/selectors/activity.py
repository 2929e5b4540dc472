"""Reads of what happened lately and how often: the dashboard's activity card and charts."""

from datetime import date, timedelta

from django.db import connection

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


def _week_and_month_sql() -> tuple[str, str]:
    """SQL for a stored day's week, counted from a Monday given as a parameter (whole days since
    it, over seven), and its month (year * 12 + month), in the database's own date arithmetic."""
    if connection.vendor == "postgresql":
        return (
            "(day - %s::date) / 7",
            "EXTRACT(YEAR FROM day)::int * 12 + EXTRACT(MONTH FROM day)::int",
        )
    return (
        "CAST(julianday(day) - julianday(%s) AS INTEGER) / 7",
        "CAST(strftime('%%Y', day) AS INTEGER) * 12 + CAST(strftime('%%m', day) AS INTEGER)",
    )


def activity_per_week_and_month(
    *, user: User, mondays: list[date], firsts: list[date]
) -> tuple[list[tuple[date, int]], list[tuple[date, int, int]]]:
    """Interactions per week, for consecutive `mondays` (as week_starts gives them), and value
    given and received per month, for consecutive `firsts` (as month_starts gives them), in the
    calendar of the user's zone.

    One query over the stored day counts (ActivityDay, kept by interactions.services.activity):
    a year is at most 366 rows of the activity_day_once index, where counting the interactions
    read 75,000 in the benchmark. The database sums the days into weeks and months and sends
    back those sums, a few dozen rows, rather than the year of days to sum here."""
    week, month = _week_and_month_sql()
    sums = rows(
        f"SELECT CASE WHEN day >= %s THEN {week} END, {month},"  # noqa: S608 (the model's table)
        f" SUM(interactions), SUM(gave), SUM(received) FROM {table(ActivityDay)}"
        " WHERE owner_id = %s AND day >= %s GROUP BY 1, 2",
        [mondays[0], mondays[0], user.pk, min(mondays[0], firsts[0])],
    )
    first_month = firsts[0].year * 12 + firsts[0].month
    weekly = [0] * len(mondays)
    gave, received = [0] * len(firsts), [0] * len(firsts)
    for week_number, month_number, interactions, given, got in sums:
        if week_number is not None and week_number < len(weekly):
            weekly[week_number] += interactions
        if 0 <= month_number - first_month < len(firsts):
            gave[month_number - first_month] += given
            received[month_number - first_month] += got
    return (
        list(zip(mondays, weekly, strict=True)),
        list(zip(firsts, gave, received, strict=True)),
    )
