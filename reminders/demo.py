"""Demo reminders: every kind Rapport has, on the demo network, set-based so that a benchmark's
10,000 contacts take a second or two more, not minutes.

- Keep in touch for everyone, and birthdays, from the same set-based services the app uses: with
  the demo's history, the quiet relationships are overdue.
- Three past events with people met there (the attendance and "met at" rows the event services
  write), whose follow-ups come from after_event_sync: the latest event's are due, the oldest
  one's were mostly followed up since, and a second sync closes those.
- Follow-ups of the user's own, some overdue, some today, some ahead, one snoozed, two done; and
  three series (weekly, monthly, yearly).

Everything random comes from one `random.Random(seed)`, and days are relative to today.
"""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.demo import vocabulary as words
from contacts.models import Contact, Tier
from interactions.models import (
    Event,
    EventAttendance,
    EventKind,
    Initiator,
    Interaction,
    InteractionKind,
    Participation,
)
from interactions.services.activity import activity_days_rebuild
from interactions.services.events import met_at_summary
from interactions.services.health import health_recompute
from reminders.models import (
    PENDING_STATUSES,
    RecurrenceUnit,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from reminders.services import after_event_sync, birthday_sync, keep_in_touch_sync

# (name, kind, days ago, hours long, people met, share of them followed up with since)
DEMO_EVENTS = (
    ("Design systems meetup", EventKind.MEETUP, 1, 3, 4, 0.0),
    ("UX association evening", EventKind.ASSOCIATION, 6, 2, 3, 0.34),
    ("Product conference", EventKind.CONFERENCE, 24, 9, 6, 0.67),
)
FOLLOW_UPS = (
    "Send {name} the article on {topic}",
    "Ask {name} how the {topic} project went",
    "Share my notes on {topic} with {name}",
    "Introduce {name} to someone working on {topic}",
    "Thank {name} for the advice on {topic}",
    "Check in with {name} after their talk on {topic}",
)
# Days from today each follow-up of the user's own is due: overdue, today, ahead.
FOLLOW_UP_DAYS = (-9, -4, -2, -1, 0, 0, 2, 5, 9, 16)
SERIES = (
    ("Look at who is cooling in my network", 1, RecurrenceUnit.WEEKS, time(9, 0)),
    ("Send the mentoring circle newsletter", 1, RecurrenceUnit.MONTHS, None),
    ("Renew the UX association membership", 1, RecurrenceUnit.YEARS, None),
)


@dataclass(frozen=True)
class DemoReminderCounts:
    pending: int
    overdue: int
    events: int


def demo_reminders_create(
    *, user: User, seed: int, now: datetime | None = None
) -> DemoReminderCounts:
    now = now or timezone.now()
    # Not for secrets: a seeded generator is what makes the same seed give the same reminders.
    rng = random.Random(seed)  # noqa: S311
    people = list(
        Contact.objects.filter(owner=user, archived_at__isnull=True)
        .exclude(tier=Tier.ACQUAINTANCE)
        .order_by("pk")
        .values_list("pk", "first_name", "display_name")
    )
    with transaction.atomic():
        events = _events(user, people, rng, now) if people else []
        keep_in_touch_sync(owner=user)
        birthday_sync(owner=user, now=now)
        for event in events:
            after_event_sync(event=event, now=now)
        _own_reminders(user, people, rng, now)
    today = now.astimezone(user.zone).date()
    pending = Reminder.objects.filter(owner=user, status__in=PENDING_STATUSES)
    return DemoReminderCounts(
        pending=pending.count(),
        overdue=pending.filter(remind_on__lt=today).count(),
        events=len(events),
    )


def _events(user: User, people: list, rng: random.Random, now: datetime) -> list[Event]:
    """Past events, each with the people met there, as the event services would record them."""
    events, met = [], set()
    for name, kind, days_ago, hours, count, followed_share in DEMO_EVENTS:
        starts_at = (now - timedelta(days=days_ago)).replace(hour=17, minute=0, second=0)
        event = Event.objects.create(
            owner=user,
            name=name,
            kind=kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=hours),
            location=rng.choice(words.LOCATIONS),
        )
        there = rng.sample(people, min(count, len(people)))
        EventAttendance.objects.bulk_create(
            EventAttendance(
                owner=user,
                event=event,
                contact_id=pk,
                note=f"Talked about {rng.choice(words.TOPICS)}",
            )
            for pk, _, _ in there
        )
        _log(user, there, InteractionKind.MET_AT_EVENT, starts_at, met_at_summary(event), event)
        after_event_sync(event=event, now=now)
        # Some were followed up with since: their follow-up closes itself (at the next sync).
        followed = there[: round(len(there) * followed_share)]
        if followed:
            later = min(starts_at + timedelta(days=rng.randint(1, 3)), now)
            _log(user, followed, InteractionKind.EMAIL, later, f"Follow-up after {name}", event)
        met.update(pk for pk, _, _ in there)
        events.append(event)
    health_recompute(contact_ids=met, now=now)
    # The people met were logged in bulk, past the interaction service.
    activity_days_rebuild(owner=user)
    return events


def _log(user, people, kind, when, summary, event) -> None:
    """One interaction per person, with the Participation the interaction service writes."""
    interactions = Interaction.objects.bulk_create(
        Interaction(owner=user, occurred_at=when, kind=kind, summary=summary, event=event)
        for _ in people
    )
    Participation.objects.bulk_create(
        Participation(
            owner=user,
            interaction=interaction,
            contact_id=pk,
            occurred_at=when,
            kind=kind,
            initiated_by=Initiator.MUTUAL,
            value="",
        )
        for interaction, (pk, _, _) in zip(interactions, people, strict=True)
    )


def _own_reminders(user: User, people: list, rng: random.Random, now: datetime) -> None:
    today = now.astimezone(user.zone).date()
    reminders = []
    for days, (pk, first_name, display_name) in zip(
        FOLLOW_UP_DAYS, rng.sample(people, min(len(FOLLOW_UP_DAYS), len(people))), strict=False
    ):
        title = rng.choice(FOLLOW_UPS).format(
            name=first_name or display_name, topic=rng.choice(words.TOPICS)
        )
        reminders.append(
            Reminder(
                owner=user,
                contact_id=pk,
                kind=ReminderKind.FOLLOW_UP,
                title=title[:200],
                due_on=today + timedelta(days=days),
                due_time=time(15, 0) if days == 0 else None,
            )
        )
    if len(reminders) >= 4:
        # One snoozed until next week, two done in the last days: every section shows.
        reminders[1].status = ReminderStatus.SNOOZED
        reminders[1].snoozed_until = today + timedelta(days=5)
        for reminder, hours_ago in zip(reminders[2:4], (3, 30), strict=True):
            reminder.status = ReminderStatus.DONE
            reminder.completed_at = now - timedelta(hours=hours_ago)
    for title, every, unit, at in SERIES:
        due_on = today + timedelta(days=rng.randint(1, 20))
        reminders.append(
            Reminder(
                owner=user,
                kind=ReminderKind.RECURRING,
                title=title,
                due_on=due_on,
                due_time=at,
                recur_every=every,
                recur_unit=unit,
                recur_anchor=due_on,
                notice_days=7 if unit == RecurrenceUnit.YEARS else 0,
            )
        )
    Reminder.objects.bulk_create(reminders)
