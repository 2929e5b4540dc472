"""What list rows read from their objects instead of asking the template to work it out: the
labels of choices, the icons of kinds, the badge of a health band, a contact's initials, which
reminders name their contact."""

import pytest

from contacts.models import Contact, Tier
from interactions.models import BAND_STYLES, KIND_ICONS, ContactHealth, HealthBand, Interaction
from interactions.models import InteractionKind as Kind
from reminders.models import KIND_ICONS as REMINDER_ICONS
from reminders.models import Reminder, ReminderKind


@pytest.mark.parametrize("tier", Tier.values)
def test_a_tier_label_is_the_choices_label(tier):
    contact = Contact(tier=tier)
    assert contact.tier_label == contact.get_tier_display()


@pytest.mark.parametrize("kind", Kind.values)
def test_an_interaction_kind_label_is_the_choices_label(kind):
    interaction = Interaction(kind=kind)
    assert interaction.kind_label == interaction.get_kind_display()
    assert str(interaction) == interaction.get_kind_display()


@pytest.mark.parametrize("band", HealthBand.values)
def test_a_band_label_is_the_choices_label(band):
    health = ContactHealth(band=band)
    assert health.band_label == health.get_band_display()


def test_an_unknown_value_shows_as_stored_as_get_foo_display_does():
    assert Contact(tier="old").tier_label == "old"
    assert Interaction(kind="old").kind_label == "old"
    assert ContactHealth(band="old").band_label == "old"


def test_each_kind_of_interaction_and_reminder_has_an_icon_of_its_own():
    assert set(KIND_ICONS) == set(Kind) - {Kind.OTHER}
    assert len(set(KIND_ICONS.values()) | {"bi-three-dots"}) == len(Kind)
    assert Interaction(kind=Kind.OTHER).icon == "bi-three-dots"
    assert Interaction(kind=Kind.CALL).icon == "bi-telephone"
    assert set(REMINDER_ICONS) == set(ReminderKind)
    assert len(set(REMINDER_ICONS.values())) == len(ReminderKind)
    assert Reminder(kind=ReminderKind.BIRTHDAY).icon == "bi-cake2"


def test_each_band_has_its_badge_colour_and_dormant_is_grey():
    assert set(BAND_STYLES) == set(HealthBand)
    assert ContactHealth(band=HealthBand.AT_RISK).band_style == "text-bg-danger"
    assert ContactHealth(band=HealthBand.DORMANT).band_style == "text-bg-secondary"


@pytest.mark.parametrize(
    ("first", "last", "display", "initials"),
    [
        ("ana", "lópez", "Ana López", "AL"),
        ("Ana", "", "Ana", "A"),
        ("", "López", "Dr López", "L"),
        ("", "", "ünal & co", "Ü"),
    ],
)
def test_initials_come_from_the_names_else_from_the_display_name(first, last, display, initials):
    contact = Contact(first_name=first, last_name=last, display_name=display)
    assert contact.initials == initials


@pytest.mark.parametrize(
    ("kind", "with_contact", "names_it"),
    [
        (ReminderKind.FOLLOW_UP, True, True),
        (ReminderKind.AFTER_EVENT, True, True),
        (ReminderKind.RECURRING, True, True),
        (ReminderKind.FOLLOW_UP, False, False),
        (ReminderKind.KEEP_IN_TOUCH, True, False),
        (ReminderKind.BIRTHDAY, True, False),
    ],
)
def test_a_reminder_names_its_contact_unless_its_title_is_theirs(kind, with_contact, names_it):
    reminder = Reminder(kind=kind, contact_id=7 if with_contact else None)
    assert reminder.names_contact is names_it
