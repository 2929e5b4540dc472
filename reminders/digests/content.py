"""What a digest says: read straight from the models, scoped to one user, in a fixed number of
queries whatever the size of their network (pinned in tests/reminders/test_digest_content.py).

Days are the user's own: "today" is the period's day in their zone, "this week" the six days
after it. The sections, and the rules behind the ones that need a rule (docs/digests.md):

- overdue, due today, coming this week: pending reminders by the day they show on (a snoozed
  one on the day it comes back). Overdue lists the most recent OVERDUE_SHOWN, and counts all.
- cooling: relationships whose health band fell to cooling or at risk since the last digest.
- birthdays in the next seven days (29 February falls on the 28th in other years); a pending
  birthday reminder of that person is shown with the birthday rather than twice.
- events starting in the next seven days.
- one "give value" nudge (see `_nudge`).
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Case, Count, DateField, F, Max, Q, When, Window
from django.db.models.functions import Lower

from accounts.models import User
from contacts.models import Contact, Tier
from interactions.models import ContactHealth, Event, HealthBand, ValueExchange
from interactions.selectors.health import health_checked_at, health_explained
from reminders.models import Digest, DigestStatus, Reminder, ReminderKind, ReminderStatus

# Days after today that "coming this week" covers (today and six more make a week).
WEEK_AHEAD = 6
# Overdue reminders listed by name; the rest are counted.
OVERDUE_SHOWN = 10
# Caps that keep one digest readable (and its build bounded) for a very busy user.
UPCOMING_SHOWN = 50
EVENTS_SHOWN = 10
# The nudge: favours received within this long are remembered...
OWED_WITHIN = timedelta(days=365)
# ...and the closest people are due something from you after this long without.
GIVE_EVERY = timedelta(days=90)

# "Moved to" means getting worse: from a healthier band into one of these.
_WORSE_THAN = {
    HealthBand.COOLING: (HealthBand.THRIVING, HealthBand.HEALTHY),
    HealthBand.AT_RISK: (HealthBand.THRIVING, HealthBand.HEALTHY, HealthBand.COOLING),
}


@dataclass(frozen=True)
class Birthday:
    contact: Contact
    on: date
    turns: int | None
    reminder: Reminder | None = None


@dataclass(frozen=True)
class Cooling:
    health: ContactHealth
    reason: str  # the one-line why, as the contact page gives it


@dataclass(frozen=True)
class Nudge:
    contact: Contact
    # "owed": they gave you something you have not returned; "close": one of your closest
    # people you have not given anything to for a while (or ever).
    reason: str
    since: datetime | None


@dataclass
class DigestContent:
    user: User
    today: date
    since: datetime
    overdue: list[Reminder] = field(default_factory=list)
    overdue_count: int = 0
    due_today: list[Reminder] = field(default_factory=list)
    this_week: list[Reminder] = field(default_factory=list)
    cooling: list[Cooling] = field(default_factory=list)
    birthdays: list[Birthday] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    nudge: Nudge | None = None

    @property
    def is_empty(self) -> bool:
        """Nothing to act on. The nudge alone does not count: it is there almost every day."""
        return not (
            self.overdue_count
            or self.due_today
            or self.this_week
            or self.cooling
            or self.birthdays
            or self.events
        )

    @property
    def week_ends(self) -> date:
        return self.today + timedelta(days=WEEK_AHEAD)


def digest_content(*, user: User, today: date, now: datetime) -> DigestContent:
    """Everything the digest of `user` for their day `today` shows, as of `now`."""
    content = DigestContent(user=user, today=today, since=_last_digest_sent_at(user, now))
    _add_reminders(content)
    content.cooling = _cooling(user, content.since)
    _add_birthdays(content)
    content.events = _events(user, today)
    content.nudge = _nudge(user, now)
    return content


def _last_digest_sent_at(user: User, now: datetime) -> datetime:
    last = (
        Digest.objects.filter(owner=user, status=DigestStatus.SENT)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    # A first digest looks back a week, as far as "coming this week" looks ahead.
    return last or now - timedelta(days=WEEK_AHEAD + 1)


def _pending(user: User):
    return (
        Reminder.objects.filter(owner=user)
        .filter(Q(status=ReminderStatus.OPEN) | Q(status=ReminderStatus.SNOOZED))
        .annotate(
            day=Case(
                When(status=ReminderStatus.SNOOZED, then=F("snoozed_until")),
                default=F("due_on"),
                output_field=DateField(),
            )
        )
        .select_related("contact", "event", "organization")
    )


def _add_reminders(content: DigestContent) -> None:
    upcoming = list(
        _pending(content.user)
        .filter(day__gte=content.today, day__lte=content.week_ends)
        .order_by("day", "due_time", "pk")[:UPCOMING_SHOWN]
    )
    # The most recently overdue first: after months of neglect, the oldest ones are the least
    # likely to be acted on. The window counts them all in the same query.
    overdue = list(
        _pending(content.user)
        .filter(day__lt=content.today)
        .annotate(total=Window(Count("pk")))
        .order_by("-day", "-pk")[:OVERDUE_SHOWN]
    )
    content.overdue = overdue
    content.overdue_count = overdue[0].total if overdue else 0
    content.due_today = [r for r in upcoming if r.day == content.today]
    content.this_week = [r for r in upcoming if r.day > content.today]


def _cooling(user: User, since: datetime) -> list[Cooling]:
    moved = Q()
    for band, better in _WORSE_THAN.items():
        moved |= Q(band=band, previous_band__in=better)
    healths = list(
        ContactHealth.objects.filter(
            moved, owner=user, band_changed_at__gt=since, contact__archived_at__isnull=True
        )
        .select_related("contact")
        .order_by("score", Lower("contact__display_name"))
    )
    if not healths:
        return []
    # One read of when everyone's health was last checked, for all the reasons. (Not through
    # health_reason, which reads it again for each row when it is None: before any recompute.)
    checked_at = health_checked_at()
    return [
        Cooling(health, health_explained(health, zone=user.zone, checked_at=checked_at).reason)
        for health in healths
    ]


def _birthday_in(year: int, month: int, day: int) -> date:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return date(year, month, day)


def _add_birthdays(content: DigestContent) -> None:
    days = [content.today + timedelta(days=n) for n in range(WEEK_AHEAD + 1)]
    matches = Q()
    for day in days:
        matches |= Q(birthday_month=day.month, birthday_day=day.day)
        if day.month == 2 and day.day == 28 and not calendar.isleap(day.year):
            matches |= Q(birthday_month=2, birthday_day=29)
    contacts = Contact.objects.filter(matches, owner=content.user, archived_at__isnull=True)
    # A birthday reminder shows with its birthday, not a second time among the reminders.
    reminders = {
        r.contact_id: r
        for r in content.due_today + content.this_week
        if r.kind == ReminderKind.BIRTHDAY and r.contact_id
    }
    birthdays = []
    for contact in contacts:
        on = next(
            day
            for day in days
            if _birthday_in(day.year, contact.birthday_month, contact.birthday_day) == day
        )
        turns = on.year - contact.birthday_year if contact.birthday_year else None
        birthdays.append(Birthday(contact, on, turns, reminders.get(contact.pk)))
    birthdays.sort(key=lambda b: (b.on, b.contact.display_name.lower()))
    content.birthdays = birthdays
    shown = {b.reminder.pk for b in birthdays if b.reminder}
    content.due_today = [r for r in content.due_today if r.pk not in shown]
    content.this_week = [r for r in content.this_week if r.pk not in shown]


def _events(user: User, today: date) -> list[Event]:
    starts = datetime.combine(today, time.min, tzinfo=user.zone)
    ends = datetime.combine(today + timedelta(days=WEEK_AHEAD + 1), time.min, tzinfo=user.zone)
    return list(
        Event.objects.filter(owner=user, starts_at__gte=starts, starts_at__lt=ends).order_by(
            "starts_at", "pk"
        )[:EVENTS_SHOWN]
    )


def _nudge(user: User, now: datetime) -> Nudge | None:
    """One person to give something to. First whoever you owe: the contact whose favour (an
    interaction marked "I received value") has waited longest for anything given back. If you
    owe nobody, the one of your inner circle or close contacts you have gone longest without
    giving anything to, if that is over GIVE_EVERY (or never). Archived contacts are left out."""
    owed = (
        Contact.objects.filter(owner=user, archived_at__isnull=True)
        # Filtered before annotating, so the aggregates read only these participations.
        .filter(
            participations__occurred_at__gte=now - OWED_WITHIN,
            participations__value__in=[ValueExchange.GAVE, ValueExchange.RECEIVED],
        )
        .annotate(
            received=Max(
                "participations__occurred_at",
                filter=Q(participations__value=ValueExchange.RECEIVED),
            ),
            gave=Max(
                "participations__occurred_at",
                filter=Q(participations__value=ValueExchange.GAVE),
            ),
        )
        .filter(received__isnull=False)
        .filter(Q(gave__isnull=True) | Q(gave__lt=F("received")))
        .order_by("received", "pk")
        .first()
    )
    if owed:
        return Nudge(owed, "owed", owed.received)
    close = (
        Contact.objects.filter(
            owner=user, archived_at__isnull=True, tier__in=[Tier.INNER_CIRCLE, Tier.CLOSE]
        )
        .annotate(
            last_gave=Max(
                "participations__occurred_at",
                filter=Q(participations__value=ValueExchange.GAVE),
            )
        )
        .filter(Q(last_gave__isnull=True) | Q(last_gave__lt=now - GIVE_EVERY))
        .order_by(F("last_gave").asc(nulls_first=True), Lower("display_name"), "pk")
        .first()
    )
    return Nudge(close, "close", close.last_gave) if close else None
