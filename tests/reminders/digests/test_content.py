"""What a digest says, read from the models: sections, birthdays, the nudge, query counts."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine

from contacts.models import Tier
from interactions.models import ContactHealth, HealthBand, ValueExchange
from reminders.digests.content import OVERDUE_SHOWN, digest_content
from reminders.digests.message import digest_email, digest_summary
from reminders.models import Digest, DigestStatus, ReminderKind, ReminderStatus
from tests.factories import (
    ContactFactory,
    EventFactory,
    InteractionFactory,
    ReminderFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

# Tuesday 3 March 2026, 08:00 in Paris (the factories' zone).
TODAY = date(2026, 3, 3)
NOW = datetime(2026, 3, 3, 7, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def content_for(user, today=TODAY, now=NOW):
    return digest_content(user=user, today=today, now=now)


def titles(reminders) -> list[str]:
    return [r.title for r in reminders]


def test_reminders_fall_into_overdue_today_and_this_week_by_the_day_they_show(owner, stranger):
    ReminderFactory(owner=owner, title="Overdue", due_on=date(2026, 2, 27))
    ReminderFactory(owner=owner, title="Today", due_on=TODAY)
    ReminderFactory(owner=owner, title="Monday", due_on=date(2026, 3, 9))
    ReminderFactory(owner=owner, title="Next Tuesday", due_on=date(2026, 3, 10))
    ReminderFactory(
        owner=owner,
        title="Snoozed to Thursday",
        due_on=date(2026, 2, 20),
        status=ReminderStatus.SNOOZED,
        snoozed_until=date(2026, 3, 5),
    )
    ReminderFactory(owner=owner, title="Done", due_on=TODAY, status=ReminderStatus.DONE)
    ReminderFactory(owner=owner, title="Dismissed", due_on=TODAY, status=ReminderStatus.DISMISSED)
    ReminderFactory(owner=stranger, title="Not mine", due_on=TODAY)

    content = content_for(owner)

    assert titles(content.overdue) == ["Overdue"]
    assert content.overdue_count == 1
    assert titles(content.due_today) == ["Today"]
    # Today and six more days make the week: Monday the 9th is in it, Tuesday the 10th is not.
    assert titles(content.this_week) == ["Snoozed to Thursday", "Monday"]
    assert not content.is_empty


def test_a_long_overdue_list_shows_the_most_recent_and_counts_them_all(owner):
    for days in range(1, OVERDUE_SHOWN + 6):
        ReminderFactory(owner=owner, title=f"{days} days late", due_on=TODAY - timedelta(days))

    content = content_for(owner)

    assert content.overdue_count == OVERDUE_SHOWN + 5
    assert titles(content.overdue)[:2] == ["1 days late", "2 days late"]
    assert len(content.overdue) == OVERDUE_SHOWN
    text = digest_email(content=content).body
    assert "OVERDUE (15)" in text
    assert "... and 5 more" in text


def test_birthdays_of_the_coming_week_with_the_age_when_the_year_is_known(owner):
    ContactFactory(owner=owner, display_name="Ada", birthday_day=5, birthday_month=3)
    ContactFactory(
        owner=owner, display_name="Grace", birthday_day=3, birthday_month=3, birthday_year=1986
    )
    ContactFactory(owner=owner, display_name="Too late", birthday_day=2, birthday_month=3)
    ContactFactory(owner=owner, display_name="Too early", birthday_day=10, birthday_month=3)
    ContactFactory(
        owner=owner,
        display_name="Archived",
        birthday_day=4,
        birthday_month=3,
        archived_at=NOW,
    )

    birthdays = content_for(owner).birthdays

    assert [(b.contact.display_name, b.on, b.turns) for b in birthdays] == [
        ("Grace", TODAY, 40),
        ("Ada", date(2026, 3, 5), None),
    ]


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2027, 2, 25), date(2027, 2, 28)),  # not a leap year: the 28th
        (date(2028, 2, 25), date(2028, 2, 29)),  # a leap year: the day itself
        (date(2027, 12, 29), None),  # across New Year, but not in this window
    ],
)
def test_a_29_february_birthday_falls_on_the_28th_in_other_years(owner, today, expected):
    ContactFactory(owner=owner, display_name="Leap", birthday_day=29, birthday_month=2)

    birthdays = content_for(owner, today=today).birthdays

    assert [b.on for b in birthdays] == ([expected] if expected else [])


def test_birthdays_across_new_year(owner):
    ContactFactory(owner=owner, display_name="New Year", birthday_day=1, birthday_month=1)

    (birthday,) = content_for(owner, today=date(2026, 12, 29)).birthdays

    assert birthday.on == date(2027, 1, 1)


def test_a_birthday_reminder_shows_with_the_birthday_not_twice(owner):
    ada = ContactFactory(owner=owner, display_name="Ada", birthday_day=5, birthday_month=3)
    reminder = ReminderFactory(
        owner=owner,
        contact=ada,
        kind=ReminderKind.BIRTHDAY,
        title="Ada's birthday",
        due_on=date(2026, 3, 5),
        notice_days=7,
    )

    content = content_for(owner)

    assert content.this_week == []
    (birthday,) = content.birthdays
    assert birthday.reminder == reminder
    html = digest_email(content=content).alternatives[0][0]
    assert "Snooze a week" in html


def test_events_of_the_coming_week_in_the_users_time(owner):
    EventFactory(owner=owner, name="Meetup", starts_at=datetime(2026, 3, 5, 17, 30, tzinfo=UTC))
    EventFactory(owner=owner, name="Past", starts_at=NOW - timedelta(days=2))
    EventFactory(owner=owner, name="Later", starts_at=NOW + timedelta(days=9))

    content = content_for(owner)

    assert [e.name for e in content.events] == ["Meetup"]
    # 17:30 UTC is 18:30 in Paris, whatever zone the worker runs in.
    assert "Meetup, Thursday 5 March, 18:30" in digest_email(content=content).body


# --- Relationships cooling down ------------------------------------------------------------


def health(contact, band: str, previous: str, *, changed_days_ago: float) -> ContactHealth:
    """The stored health of a contact whose band changed from `previous` to `band`."""
    return ContactHealth.objects.create(
        owner=contact.owner,
        contact=contact,
        score={"cooling": 45, "at_risk": 25}.get(band, 70),
        band=band,
        previous_band=previous,
        band_changed_at=NOW - timedelta(days=changed_days_ago),
        cadence_days=30,
        computed_at=NOW - timedelta(days=changed_days_ago),
        first_interaction_at=NOW - timedelta(days=400),
        last_interaction_at=NOW - timedelta(days=50),
        total=6,
        recent=3,
        by_them=2,
        by_me=1,
    )


def test_relationships_that_got_worse_since_the_last_digest_are_listed_with_why(owner):
    sent_at = NOW - timedelta(days=1)
    Digest.objects.create(
        owner=owner,
        period=TODAY - timedelta(days=1),
        due_at=sent_at,
        next_attempt_at=sent_at,
        status=DigestStatus.SENT,
        sent_at=sent_at,
    )

    def contact(name, **fields):
        return ContactFactory(owner=owner, display_name=name, **fields)

    health(contact("Cooled"), HealthBand.COOLING, HealthBand.HEALTHY, changed_days_ago=0.5)
    health(contact("At risk"), HealthBand.AT_RISK, HealthBand.COOLING, changed_days_ago=0.2)
    health(contact("Recovering"), HealthBand.COOLING, HealthBand.AT_RISK, changed_days_ago=0.5)
    health(contact("Woke up"), HealthBand.COOLING, HealthBand.DORMANT, changed_days_ago=0.5)
    health(contact("Old news"), HealthBand.COOLING, HealthBand.HEALTHY, changed_days_ago=2)
    health(
        contact("Archived", archived_at=NOW),
        HealthBand.AT_RISK,
        HealthBand.HEALTHY,
        changed_days_ago=0.5,
    )

    content = content_for(owner)

    assert [c.health.contact.display_name for c in content.cooling] == ["At risk", "Cooled"]
    # The contact page's reason, as of when the band changed.
    assert [c.reason.split(";")[0] for c in content.cooling] == [
        "50 days since you last spoke",
        "49 days since you last spoke",
    ]
    text = digest_email(content=content).body
    assert "- Cooled: now cooling, was healthy. 49 days since you last spoke;" in text
    assert "2 relationships cooling" in digest_summary(content)


def test_a_first_digest_looks_back_a_week_for_relationships_cooling(owner, stranger):
    health(ContactFactory(owner=owner), HealthBand.COOLING, HealthBand.HEALTHY, changed_days_ago=6)
    health(ContactFactory(owner=owner), HealthBand.COOLING, HealthBand.HEALTHY, changed_days_ago=8)
    health(
        ContactFactory(owner=stranger), HealthBand.AT_RISK, HealthBand.HEALTHY, changed_days_ago=1
    )

    assert len(content_for(owner).cooling) == 1


# --- The "give value" nudge -------------------------------------------------------------------


def log(owner, contact, *, days_ago: int, value: str):
    return InteractionFactory(
        owner=owner,
        participants=[contact],
        occurred_at=NOW - timedelta(days=days_ago),
        value=value,
    )


def test_the_nudge_names_whoever_has_waited_longest_for_a_favour_returned(owner):
    waited_long = ContactFactory(owner=owner, display_name="Waited long")
    waited_less = ContactFactory(owner=owner, display_name="Waited less")
    returned = ContactFactory(owner=owner, display_name="Returned")
    log(owner, waited_long, days_ago=40, value=ValueExchange.RECEIVED)
    log(owner, waited_less, days_ago=10, value=ValueExchange.RECEIVED)
    log(owner, returned, days_ago=60, value=ValueExchange.RECEIVED)
    log(owner, returned, days_ago=30, value=ValueExchange.GAVE)

    nudge = content_for(owner).nudge

    assert (nudge.contact, nudge.reason) == (waited_long, "owed")
    assert nudge.since == NOW - timedelta(days=40)


def test_a_favour_older_than_a_year_is_forgotten(owner):
    ContactFactory(owner=owner, tier=Tier.NETWORK)
    log(owner, ContactFactory(owner=owner), days_ago=400, value=ValueExchange.RECEIVED)

    assert content_for(owner).nudge is None


def test_owing_nobody_the_nudge_names_a_close_contact_not_given_to_for_long(owner):
    ContactFactory(owner=owner, display_name="Network", tier=Tier.NETWORK)
    recently = ContactFactory(owner=owner, display_name="Recently", tier=Tier.CLOSE)
    log(owner, recently, days_ago=20, value=ValueExchange.GAVE)
    long_ago = ContactFactory(owner=owner, display_name="Long ago", tier=Tier.INNER_CIRCLE)
    log(owner, long_ago, days_ago=200, value=ValueExchange.GAVE)
    never = ContactFactory(owner=owner, display_name="Never", tier=Tier.CLOSE)

    nudge = content_for(owner).nudge

    assert (nudge.contact, nudge.reason, nudge.since) == (never, "close", None)
    never.archived_at = NOW
    never.save()
    nudge = content_for(owner).nudge
    assert (nudge.contact, nudge.since) == (long_ago, NOW - timedelta(days=200))


def test_the_nudge_alone_does_not_make_a_digest_worth_sending(owner):
    ContactFactory(owner=owner, tier=Tier.INNER_CIRCLE)

    content = content_for(owner)

    assert content.nudge is not None
    assert content.is_empty
    assert digest_summary(content) == "nothing due"


def test_nothing_of_another_user_reaches_the_digest(owner, stranger):
    theirs = ContactFactory(
        owner=stranger, display_name="Theirs", birthday_day=4, birthday_month=3, tier=Tier.CLOSE
    )
    log(stranger, theirs, days_ago=5, value=ValueExchange.RECEIVED)
    ReminderFactory(owner=stranger, contact=theirs, due_on=TODAY)
    EventFactory(owner=stranger, starts_at=NOW + timedelta(days=1))

    content = content_for(owner)

    assert content.is_empty
    assert content.nudge is None


def test_since_is_the_last_digest_sent_or_a_week_back(owner):
    assert content_for(owner).since == NOW - timedelta(days=7)
    sent_at = NOW - timedelta(days=1)
    Digest.objects.create(
        owner=owner,
        period=TODAY - timedelta(days=1),
        due_at=sent_at,
        next_attempt_at=sent_at,
        status=DigestStatus.SENT,
        sent_at=sent_at,
    )
    Digest.objects.create(
        owner=owner, period=TODAY, due_at=NOW, next_attempt_at=NOW, status=DigestStatus.PENDING
    )

    assert content_for(owner).since == sent_at


# --- Query counts: the same whatever the size of the network ----------------------------------

# The last digest, upcoming reminders, overdue reminders (with their count), relationships
# cooling and when health was last checked (for their reasons), birthdays, events, and the
# nudge: whoever is owed, then the closest people.
DIGEST_QUERIES = 9


def network(owner, size: int) -> None:
    for n in range(size):
        contact = ContactFactory(
            owner=owner, tier=Tier.CLOSE, birthday_day=4 + n % 3, birthday_month=3
        )
        ReminderFactory(owner=owner, contact=contact, due_on=TODAY - timedelta(days=1 + n))
        ReminderFactory(owner=owner, contact=contact, due_on=TODAY)
        ReminderFactory(owner=owner, contact=contact, due_on=TODAY + timedelta(days=1 + n % 5))
        EventFactory(owner=owner, starts_at=NOW + timedelta(days=1 + n % 5))
        log(owner, contact, days_ago=100 + n, value=ValueExchange.GAVE)
        health(contact, HealthBand.COOLING, HealthBand.HEALTHY, changed_days_ago=1)


@pytest.mark.parametrize("size", [2, 20])
def test_building_a_digest_takes_the_same_queries_at_any_size(size, django_assert_num_queries):
    user = UserFactory(username=f"size{size}")
    network(user, size)

    with django_assert_num_queries(DIGEST_QUERIES):
        content = content_for(user)
        message = digest_email(content=content)
        message.message()  # rendering both parts, headers and all

    assert len(content.due_today) == size
    assert len(content.birthdays) == size
    assert len(content.cooling) == size
    assert content.nudge is not None


def test_a_digest_renders_a_send_time_in_the_users_own_words(owner):
    owner.digest_time = time(7, 45)
    owner.save()
    ReminderFactory(owner=owner, due_on=TODAY)

    text = digest_email(content=content_for(owner)).body

    assert "You get this digest every day at 07:45 (Europe/Paris)." in text
