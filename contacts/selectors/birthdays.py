"""Birthdays coming up, as the user's calendar days (the dashboard's Coming up card)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q, QuerySet

from accounts.models import User
from config.raw_reads import columns, instances, table
from contacts.models import Contact

# What the dashboard shows of each: the avatar, the name, the day and the age.
SHOWN = (
    "id",
    "display_name",
    "photo",
    "first_name",
    "last_name",
    "birthday_day",
    "birthday_month",
    "birthday_year",
    "updated_at",
)
# A window longer than this is no "coming up", and the OR below grows with each day.
MAX_WINDOW_DAYS = 62


@dataclass(frozen=True)
class Birthday:
    on: date
    contact: Contact
    # The age they turn that day, when the year of birth is known.
    turns: int | None


def _day_of(day: date) -> list[tuple[int, int]]:
    """The (month, day) pairs celebrated on `day`: 29 February is kept on the 28th when the year
    has no 29th, so nobody's birthday disappears three years in four."""
    pairs = [(day.month, day.day)]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        pairs.append((2, 29))
    return pairs


def _on_days(start: date, end: date) -> dict[tuple[int, int], date]:
    """The (month, day) pairs celebrated from `start` to `end`, each with its day."""
    if end < start or (end - start).days > MAX_WINDOW_DAYS:
        raise ValueError("birthdays_between takes a window of at most two months")
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    return {pair: day for day in days for pair in _day_of(day)}


def _months(on_day: dict[tuple[int, int], date]) -> dict[int, tuple[int, int]]:
    """The window as one range of days per month, in calendar order (two months at most, or
    three with 29 February): a few range conditions instead of one per day, which Django took
    longer to build than the database to answer."""
    months: dict[int, tuple[int, int]] = {}
    for month, day in sorted(on_day, key=lambda pair: on_day[pair]):
        first, last = months.get(month, (day, day))
        months[month] = (min(first, day), max(last, day))
    return months


def _celebrating(user: User, on_day: dict[tuple[int, int], date]) -> QuerySet[Contact]:
    matches = Q(pk__in=[])
    for month, (first, last) in _months(on_day).items():
        matches |= Q(birthday_month=month, birthday_day__gte=first, birthday_day__lte=last)
    return Contact.objects.filter(matches, owner=user, archived_at__isnull=True).only(*SHOWN)


def _birthdays(contacts, on_day: dict[tuple[int, int], date]) -> list[Birthday]:
    birthdays = []
    for contact in contacts:
        on = on_day[(contact.birthday_month, contact.birthday_day)]
        turns = on.year - contact.birthday_year if contact.birthday_year else None
        birthdays.append(Birthday(on=on, contact=contact, turns=turns if turns else None))
    birthdays.sort(key=lambda b: (b.on, b.contact.display_name.casefold(), b.contact.pk))
    return birthdays


def birthdays_between(*, user: User, start: date, end: date) -> list[Birthday]:
    """Active contacts whose birthday falls from `start` to `end` (both included), soonest first,
    in one query (contact_owner_birthday_idx: owner, then month and day)."""
    on_day = _on_days(start, end)
    return _birthdays(_celebrating(user, on_day), on_day)


def soonest_birthdays(
    *, user: User, start: date, end: date, limit: int
) -> tuple[list[Birthday], int]:
    """The first `limit` of birthdays_between, and how many there are in all, in one query: a
    network of 10,000 has some 200 birthdays in two weeks, and reading them all to show a few
    cost more than the query. The database orders them by day (then name) and counts them all
    beside the first rows. SQL rather than a queryset: see config.raw_reads."""
    on_day = _on_days(start, end)
    months = _months(on_day)
    in_window = " OR ".join(
        ["(c.birthday_month = %s AND c.birthday_day >= %s AND c.birthday_day <= %s)"] * len(months)
    )
    # December before January across the year's end; within a month, by day.
    month_rank = " ".join(["WHEN %s THEN %s"] * len(months))
    contacts = instances(
        Contact,
        f"""
        SELECT {columns(Contact, "c", SHOWN)}, COUNT(*) OVER () AS celebrating
        FROM {table(Contact)} c
        WHERE c.owner_id = %s AND c.archived_at IS NULL AND ({in_window})
        ORDER BY CASE c.birthday_month {month_rank} END, c.birthday_day,
                 LOWER(c.display_name), c.id
        LIMIT %s
        """,  # noqa: S608 (names from the model; every value is a parameter)
        [
            user.pk,
            *(value for month, (first, last) in months.items() for value in (month, first, last)),
            *(value for rank, month in enumerate(months) for value in (month, rank)),
            limit,
        ],
    )
    return _birthdays(contacts, on_day), contacts[0].celebrating if contacts else 0
