"""Merging two records of one person (contacts.services.merge): every related row is counted
before and after, so nothing is lost; the unique rules keep one row where two would clash."""

from datetime import date

import pytest

from contacts.models import (
    Affiliation,
    Contact,
    ContactEmail,
    ContactPhone,
    DuplicateDismissal,
    SocialProfile,
)
from contacts.services.merge import MergeError, contacts_merge, merge_fields_default
from interactions.models import ContactHealth, EventAttendance, HealthSnapshot, Participation
from reminders.models import Reminder, ReminderKind, ReminderStatus
from tests.factories import (
    AffiliationFactory,
    ContactEmailFactory,
    ContactFactory,
    ContactPhoneFactory,
    EventAttendanceFactory,
    EventFactory,
    InteractionFactory,
    OrganizationFactory,
    ReminderFactory,
    SocialProfileFactory,
    TagFactory,
)


def _snapshot(owner, contact, week, score):
    return HealthSnapshot.objects.create(
        owner=owner, contact=contact, week=week, score=score, band="healthy"
    )


@pytest.fixture
def pair(owner):
    """Ana twice, sharing some of everything and each with rows of their own."""
    introducer = ContactFactory(owner=owner, display_name="Ines Introducer")
    survivor = ContactFactory(
        owner=owner, display_name="Ana Lima", job_title="", notes="Met at the UX meetup."
    )
    duplicate = ContactFactory(
        owner=owner,
        display_name="Ana M. Lima",
        job_title="Designer",
        notes="Likes climbing.",
        introduced_by=introducer,
        birthday_day=12,
        birthday_month=4,
    )
    introduced = ContactFactory(owner=owner, display_name="Bruno", introduced_by=duplicate)
    not_her = ContactFactory(owner=owner, display_name="Ana Lim")

    shared_tag, own_tag = (
        TagFactory(owner=owner, name="ux"),
        TagFactory(owner=owner, name="climbing"),
    )
    survivor.tags.add(shared_tag)
    duplicate.tags.add(shared_tag, own_tag)

    InteractionFactory(owner=owner, participants=[survivor, duplicate])  # one coffee, both in it
    InteractionFactory(owner=owner, participants=[duplicate])
    InteractionFactory(owner=owner, participants=[duplicate, introduced])

    event, other_event = EventFactory(owner=owner), EventFactory(owner=owner)
    EventAttendanceFactory(event=event, contact=survivor, note="Talked about research")
    EventAttendanceFactory(event=event, contact=duplicate, note="Gave a talk")
    EventAttendanceFactory(event=other_event, contact=duplicate)

    for person in (survivor, duplicate):
        ReminderFactory(owner=owner, contact=person, kind=ReminderKind.KEEP_IN_TOUCH)
        ReminderFactory(
            owner=owner,
            contact=person,
            kind=ReminderKind.BIRTHDAY,
            recur_every=1,
            recur_unit="years",
        )
        ReminderFactory(owner=owner, contact=person, kind=ReminderKind.AFTER_EVENT, event=event)
    ReminderFactory(owner=owner, contact=duplicate, title="Send the article")

    organization = OrganizationFactory(owner=owner)
    AffiliationFactory(contact=survivor, organization=organization, role="Designer")
    AffiliationFactory(contact=duplicate, organization=organization, role="Designer")
    AffiliationFactory(contact=duplicate, role="Mentor")

    ContactEmailFactory(contact=survivor, email="ana@example.org")
    ContactEmailFactory(contact=duplicate, email="Ana@Example.org")
    ContactEmailFactory(contact=duplicate, email="ana.lima@work.example")
    ContactPhoneFactory(contact=survivor, number="+33612345678")
    ContactPhoneFactory(contact=duplicate, number="+33612345678")
    ContactPhoneFactory(contact=duplicate, number="+33699999999")
    SocialProfileFactory(contact=survivor, url="https://www.linkedin.com/in/ana-lima/")
    SocialProfileFactory(contact=duplicate, url="http://linkedin.com/in/Ana-Lima?trk=abc")
    SocialProfileFactory(contact=duplicate, network="github", url="https://github.com/analima")

    _snapshot(owner, survivor, date(2026, 3, 2), 60)
    _snapshot(owner, duplicate, date(2026, 3, 2), 40)
    _snapshot(owner, duplicate, date(2026, 2, 23), 45)
    DuplicateDismissal.objects.create(
        owner=owner,
        contact_id=min(duplicate.pk, not_her.pk),
        other_id=max(duplicate.pk, not_her.pk),
    )
    return {
        "survivor": survivor,
        "duplicate": duplicate,
        "introducer": introducer,
        "introduced": introduced,
        "not_her": not_her,
    }


def _counts(owner):
    """Every kind of row that can point at a contact, counted for the owner."""
    return {
        "participations": Participation.objects.filter(owner=owner).count(),
        "interactions with people": Participation.objects.filter(owner=owner)
        .values("interaction_id")
        .distinct()
        .count(),
        "reminders": Reminder.objects.filter(owner=owner).count(),
        "attendances": EventAttendance.objects.filter(owner=owner).count(),
        "affiliations": Affiliation.objects.filter(owner=owner).count(),
        "emails": ContactEmail.objects.filter(owner=owner).count(),
        "phones": ContactPhone.objects.filter(owner=owner).count(),
        "profiles": SocialProfile.objects.filter(owner=owner).count(),
        "tag links": Contact.tags.through.objects.filter(contact__owner=owner).count(),
        "snapshots": HealthSnapshot.objects.filter(owner=owner).count(),
        "introduced": Contact.objects.filter(owner=owner, introduced_by__isnull=False).count(),
        "dismissals": DuplicateDismissal.objects.filter(owner=owner).count(),
        "contacts": Contact.objects.filter(owner=owner).count(),
    }


def test_a_merge_moves_every_row_and_folds_only_what_would_clash(owner, pair):
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    before = _counts(owner)
    fields = merge_fields_default(survivor=survivor, duplicate=duplicate)

    merged = contacts_merge(owner=owner, survivor=survivor, duplicate=duplicate, fields=fields)

    after = _counts(owner)
    assert before["contacts"] - after["contacts"] == 1
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    # One coffee had both: one participation fewer, no interaction lost.
    assert after["participations"] == before["participations"] - 1
    assert after["interactions with people"] == before["interactions with people"]
    assert set(Participation.objects.values_list("contact_id", flat=True)) == {
        survivor.pk,
        pair["introduced"].pk,
    }
    # Reminders: all kept; the clashing pending ones of the duplicate are dismissed or re-kinded.
    assert after["reminders"] == before["reminders"]
    assert set(Reminder.objects.values_list("contact_id", flat=True)) == {survivor.pk}
    pending = Reminder.objects.filter(status__in=["open", "snoozed"])
    assert pending.filter(kind=ReminderKind.KEEP_IN_TOUCH).count() == 1
    assert pending.filter(kind=ReminderKind.BIRTHDAY).count() == 1
    assert Reminder.objects.filter(status=ReminderStatus.DISMISSED).count() == 2
    assert Reminder.objects.filter(kind=ReminderKind.AFTER_EVENT).count() == 1
    # Both at one event: one attendance with both notes.
    assert after["attendances"] == before["attendances"] - 1
    notes = EventAttendance.objects.filter(contact=survivor).values_list("note", flat=True)
    assert "Talked about research / Gave a talk" in notes
    # Exact copies folded: one affiliation, one email, one phone, one LinkedIn profile.
    assert after["affiliations"] == before["affiliations"] - 1
    assert after["emails"] == before["emails"] - 1
    assert after["phones"] == before["phones"] - 1
    assert after["profiles"] == before["profiles"] - 1
    assert sorted(merged.tags.values_list("name", flat=True)) == ["climbing", "ux"]
    assert after["tag links"] == before["tag links"] - 1  # "ux" was on both
    # Introductions both ways.
    assert Contact.objects.get(pk=pair["introduced"].pk).introduced_by_id == survivor.pk
    assert merged.introduced_by_id == pair["introducer"].pk
    # Health history kept week by week (the survivor's for the week both have), health recomputed.
    assert after["snapshots"] == before["snapshots"] - 1
    assert sorted(merged.health_history.values_list("week", "score")) == [
        (date(2026, 2, 23), 45),
        (date(2026, 3, 2), 60),
    ]
    assert ContactHealth.objects.get(contact=survivor).last_interaction_at is not None
    # "Not the same as Ana Lim" now says it of the survivor.
    assert DuplicateDismissal.objects.filter(owner=owner).count() == 1
    dismissal = DuplicateDismissal.objects.get()
    assert {dismissal.contact_id, dismissal.other_id} == {survivor.pk, pair["not_her"].pk}
    # Fields: blanks filled from the duplicate, both notes kept, the birthday taken.
    assert merged.display_name == "Ana Lima"
    assert merged.job_title == "Designer"
    assert merged.notes == "Met at the UX meetup.\n\nLikes climbing."
    assert (merged.birthday_day, merged.birthday_month) == (12, 4)
    assert "climbing" in merged.search_text and "ana.lima@work.example" in merged.search_text


def test_the_fields_picked_are_the_survivors_afterwards(owner, pair):
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    fields = {**merge_fields_default(survivor=survivor, duplicate=duplicate)}
    fields.update(display_name="Ana Maria Lima", notes="Only this.", introduced_by=None)

    merged = contacts_merge(owner=owner, survivor=survivor, duplicate=duplicate, fields=fields)

    assert (merged.display_name, merged.notes, merged.introduced_by) == (
        "Ana Maria Lima",
        "Only this.",
        None,
    )


def test_when_the_duplicate_introduced_the_survivor_nobody_introduced_themselves(owner, pair):
    survivor, duplicate = pair["survivor"], pair["duplicate"]
    Contact.objects.filter(pk=survivor.pk).update(introduced_by=duplicate)
    survivor.refresh_from_db()

    merged = contacts_merge(owner=owner, survivor=survivor, duplicate=duplicate, fields={})

    assert merged.introduced_by is None


def test_another_users_contact_cannot_be_merged(owner, stranger, pair):
    theirs = ContactFactory(owner=stranger)

    with pytest.raises(MergeError):
        contacts_merge(owner=owner, survivor=pair["survivor"], duplicate=theirs, fields={})
    with pytest.raises(MergeError):
        contacts_merge(owner=stranger, survivor=theirs, duplicate=pair["duplicate"], fields={})
    assert Contact.objects.filter(pk=theirs.pk).exists()
    assert Contact.objects.filter(pk=pair["duplicate"].pk).exists()


def test_a_contact_cannot_be_merged_with_itself(owner, pair):
    with pytest.raises(MergeError):
        contacts_merge(
            owner=owner, survivor=pair["survivor"], duplicate=pair["survivor"], fields={}
        )


def test_a_photo_not_one_of_the_two_is_refused_and_nothing_changes(owner, pair):
    before = _counts(owner)

    with pytest.raises(MergeError):
        contacts_merge(
            owner=owner,
            survivor=pair["survivor"],
            duplicate=pair["duplicate"],
            fields={"photo": "photos/someone-else.jpg"},
        )

    assert _counts(owner) == before
