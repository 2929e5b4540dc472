"""What the home page shows: each card fed by one selector of the app that owns its data.

Everything is read as stored (health included, never recomputed) in a fixed number of queries,
whatever the size of the network: tests/dashboard/test_home.py pins the count at two sizes.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from accounts.models import User
from contacts.selectors.birthdays import birthdays_between, soonest_birthdays
from dashboard.charts import Charts, dashboard_charts
from interactions.models import Interaction
from interactions.selectors.activity import recent_interactions
from interactions.selectors.attention import Attention, contacts_needing_attention
from interactions.selectors.events import events_between
from interactions.selectors.network import network_breakdown
from reminders.models import Reminder, ReminderKind
from reminders.selectors import (
    reminder_item_context,
    reminders_due_first_and_upcoming_of_kind,
    reminders_upcoming_of_kind,
)

COMING_UP_DAYS = 14
# The Today card shows this many; the reminders page has the rest.
TODAY_LIMIT = 6
# The Coming up card lists this many birthdays (the soonest), then says how many more: a large
# network has several every day, and a card of two hundred lines is no summary (nor fast to
# draw). Events and follow-ups, which ask something of the user, are all listed.
COMING_UP_BIRTHDAYS = 8


@dataclass(frozen=True)
class ComingUp:
    """One line of the Coming up card: an event, a birthday or a follow-up after an event."""

    on: date
    kind: str  # "event", "birthday" or "follow_up"
    item: object
    # The time of day in the user's zone, for events.
    at: datetime | None = None
    turns: int | None = None


@dataclass(frozen=True)
class Dashboard:
    today: date
    summary: dict
    # Overdue and due today, at most TODAY_LIMIT; `more_due` says whether there are others.
    due: list[Reminder]
    more_due: bool
    # What templates/reminders/_reminder_item.html needs besides the reminder.
    item_context: dict
    attention: list[Attention]
    coming_up: list[ComingUp]
    recent: list[Interaction]
    charts: Charts
    # Birthdays of the coming days beyond the first COMING_UP_BIRTHDAYS, not listed.
    more_birthdays: int = 0
    coming_up_days: int = COMING_UP_DAYS

    @property
    def is_new(self) -> bool:
        """No contact yet: the page teaches how to start instead of showing empty cards."""
        return not (self.summary["contacts"] or self.summary["archived"])


def _follow_ups_window(today: date, days: int) -> dict:
    # Showing today or before is the Today card's; from tomorrow on, it is coming up.
    return {
        "start": today + timedelta(days=1),
        "end": today + timedelta(days=days),
        "kind": ReminderKind.AFTER_EVENT,
    }


def _coming_up(
    *, user: User, now: datetime, days: int, birthdays: int | None, follow_ups: list[Reminder]
) -> tuple[list[ComingUp], int]:
    """The Coming up items, with at most `birthdays` birthdays (None: all of them), and how
    many birthdays were left out, given the follow-ups (reminders_upcoming_of_kind with
    _follow_ups_window). Two queries."""
    zone = user.zone
    today = now.astimezone(zone).date()
    last = today + timedelta(days=days)
    start = datetime.combine(today, time.min, tzinfo=zone)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone)
    items = [
        ComingUp(
            on=event.starts_at.astimezone(zone).date(),
            kind="event",
            item=event,
            at=event.starts_at.astimezone(zone),
        )
        for event in events_between(user=user, start=start, end=end)
    ]
    if birthdays is None:
        celebrated = birthdays_between(user=user, start=today, end=last)
        more = 0
    else:
        celebrated, total = soonest_birthdays(user=user, start=today, end=last, limit=birthdays)
        more = total - len(celebrated)
    items += [
        ComingUp(on=birthday.on, kind="birthday", item=birthday.contact, turns=birthday.turns)
        for birthday in celebrated
    ]
    items += [
        ComingUp(on=reminder.shows_on, kind="follow_up", item=reminder) for reminder in follow_ups
    ]
    order = {"event": 0, "birthday": 1, "follow_up": 2}
    items.sort(key=lambda entry: (entry.on, order[entry.kind], entry.at or now))
    return items, more


def coming_up(*, user: User, now: datetime, days: int = COMING_UP_DAYS) -> list[ComingUp]:
    """Events, birthdays and after-event follow-ups from today through the next `days` days of
    the user's calendar, soonest first. Three queries."""
    today = now.astimezone(user.zone).date()
    follow_ups = reminders_upcoming_of_kind(user=user, **_follow_ups_window(today, days))
    return _coming_up(user=user, now=now, days=days, birthdays=None, follow_ups=follow_ups)[0]


def dashboard(*, user: User, now: datetime) -> Dashboard:
    today = now.astimezone(user.zone).date()
    network = network_breakdown(user=user)
    reminders = reminders_due_first_and_upcoming_of_kind(
        user=user, today=today, limit=TODAY_LIMIT + 1, **_follow_ups_window(today, COMING_UP_DAYS)
    )
    upcoming, more_birthdays = _coming_up(
        user=user,
        now=now,
        days=COMING_UP_DAYS,
        birthdays=COMING_UP_BIRTHDAYS,
        follow_ups=reminders.upcoming,
    )
    return Dashboard(
        today=today,
        due=reminders.due[:TODAY_LIMIT],
        more_due=len(reminders.due) > TODAY_LIMIT,
        item_context=reminder_item_context(user=user, now=now),
        summary={
            "contacts": network.total,
            "archived": network.archived,
            "organizations": network.organizations,
        },
        attention=contacts_needing_attention(user=user, now=now),
        coming_up=upcoming,
        more_birthdays=more_birthdays,
        recent=recent_interactions(user=user),
        charts=dashboard_charts(user=user, today=today, network=network),
    )
