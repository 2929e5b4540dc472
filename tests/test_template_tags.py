"""The template tags that draw a row's small parts (contacts, interactions and reminders apps):
what a person reads in each case."""

from datetime import UTC, date, datetime, time

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.templatetags.rapport import contact_avatar
from interactions.models import ContactHealth, HealthBand
from interactions.templatetags.health import health_badge
from reminders.models import ReminderStatus
from reminders.templatetags.reminders import reminder_when
from tests.factories import ContactFactory, ReminderFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 10)
EARLIER = datetime(2026, 6, 2, 9, tzinfo=UTC)


def test_the_large_avatar_names_the_photo_and_initials_stand_in_for_none(owner):
    contact = ContactFactory(owner=owner, display_name="Ana Lima", first_name="ana", last_name="")
    contact.photo.name = "photos/a.jpg"
    photo = reverse("contacts:contact_photo", args=[contact.pk])

    assert f'src="{photo}?v=' in contact_avatar(contact, large=True)
    assert 'alt="Photo of Ana Lima"' in contact_avatar(contact, large=True)
    assert 'alt="" loading="lazy"' in contact_avatar(contact)
    contact.photo.name = ""
    assert contact_avatar(contact, large=True) == (
        '<span class="avatar avatar-initials avatar-lg fs-2" aria-hidden="true">A</span>'
    )


def test_no_stored_health_draws_no_badge(owner):
    assert health_badge(None) == ""
    health = ContactHealth(
        owner=owner, score=12, band=HealthBand.AT_RISK, cadence_days=30, computed_at=timezone.now()
    )
    assert "At risk <span" in health_badge(health) and "12 out of 100" in health_badge(health)


@pytest.mark.parametrize(
    ("fields", "reads"),
    [
        ({"due_on": date(2026, 6, 10), "due_time": time(15, 0)}, "Today</span> at 15:00"),
        ({"due_on": date(2027, 1, 4)}, "Mon 4 Jan 2027"),
        ({"due_on": date(2026, 7, 1), "due_time": time(9, 30)}, "Wed 1 Jul at 09:30"),
        ({"due_on": date(2025, 12, 1)}, "Overdue</span> · due Mon 1 Dec 2025"),
        (
            {
                "status": ReminderStatus.DISMISSED,
                "completed_at": datetime(2026, 6, 2, 9, tzinfo=UTC),
            },
            "Dismissed on Tue 2 Jun",
        ),
    ],
)
def test_when_a_reminder_is_due_reads_as_a_person_says_it(owner, fields, reads):
    reminder = ReminderFactory(owner=owner, **fields)

    assert reads in reminder_when(reminder, TODAY)
