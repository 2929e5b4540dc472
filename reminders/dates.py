"""The owner's calendar: today, and the days the one-click snoozes stand for. Plain functions,
used by the services (to check a snooze), the selectors and the pages (to offer one)."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property

from django.utils import timezone
from django.utils.formats import date_format

from accounts.models import User


@dataclass(frozen=True)
class SnoozeChoices:
    """The one-click snoozes, as days on the owner's calendar."""

    tomorrow: date
    next_week: date

    @cached_property
    def labels(self) -> dict[str, str]:
        """The days as each reminder's snooze menu prints them: formatted once for a page of
        reminders (on first use, in the page's language), not once per reminder."""
        return {
            "tomorrow": date_format(self.tomorrow, "D j M"),
            "next_week": date_format(self.next_week, "D j M"),
            "first_day": self.tomorrow.isoformat(),
        }


def owner_today(user: User, now: datetime | None = None) -> date:
    return (now or timezone.now()).astimezone(user.zone).date()


def snooze_tomorrow(*, user: User, now: datetime | None = None) -> date:
    return owner_today(user, now) + timedelta(days=1)


def snooze_next_week(*, user: User, now: datetime | None = None) -> date:
    """Next Monday on the owner's calendar (a week from today when today is a Monday)."""
    today = owner_today(user, now)
    return today + timedelta(days=7 - today.weekday())


def snooze_choices(*, user: User, now: datetime | None = None) -> SnoozeChoices:
    return SnoozeChoices(
        tomorrow=snooze_tomorrow(user=user, now=now),
        next_week=snooze_next_week(user=user, now=now),
    )
