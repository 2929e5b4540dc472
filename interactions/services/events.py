"""Writes to events and the people met there.

Each person met gets an EventAttendance (the event page's list) and one "met at an event"
interaction on the event's start (their timeline and health). The two stay in step: removing a
person removes their interaction, and moving or renaming the event moves and renames it.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, Organization
from contacts.services.contacts import EmailEntry, contact_create
from contacts.services.organizations import affiliation_create
from interactions.models import (
    Event,
    EventAttendance,
    EventKind,
    EventRole,
    Interaction,
    InteractionKind,
)
from interactions.services.interactions import (
    interaction_delete,
    interaction_log,
    interaction_update,
)
from reminders.services.after_event import after_event_sync

SUMMARY_MAX = Interaction._meta.get_field("summary").max_length
# An event's dates lie between these years; outside them is a typo ("0026" for "2026"), and
# year 1 cannot even be moved to UTC.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
NAME_PART_MAX = Contact._meta.get_field("first_name").max_length


@dataclass(frozen=True)
class NewPerson:
    """Someone met at an event, as jotted down after it."""

    name: str
    email: str = ""
    company: str = ""
    note: str = ""


@dataclass(frozen=True)
class PeopleAdded:
    added: list[Contact]
    already_there: list[Contact]


def met_at_summary(event: Event) -> str:
    return f"Met at {event.name}"[:SUMMARY_MAX]


def _check(
    *, owner_id: int, starts_at: datetime, ends_at: datetime | None, host: Organization | None
) -> None:
    if ends_at is not None and ends_at < starts_at:
        raise ValueError("An event cannot end before it starts.")
    if not all(EARLIEST_YEAR <= m.year <= LATEST_YEAR for m in (starts_at, ends_at) if m):
        raise ValueError(f"An event's dates lie between {EARLIEST_YEAR} and {LATEST_YEAR}.")
    # Forms offer only the owner's organizations; this refuses whatever arrives another way.
    if host is not None and host.owner_id != owner_id:
        raise ValueError("An event can only be hosted by one of the owner's organizations.")


def _check_started(event: Event) -> None:
    if event.starts_at > timezone.now():
        raise ValueError("People can be added to an event once it has started.")


@transaction.atomic
def event_create(
    *,
    owner: User,
    name: str,
    starts_at: datetime,
    kind: str = EventKind.MEETUP,
    ends_at: datetime | None = None,
    location: str = "",
    online_url: str = "",
    host_organization: Organization | None = None,
    my_role: str = EventRole.ATTENDEE,
    goals: str = "",
    notes: str = "",
) -> Event:
    _check(owner_id=owner.pk, starts_at=starts_at, ends_at=ends_at, host=host_organization)
    return Event.objects.create(
        owner=owner,
        name=name.strip(),
        kind=kind,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url,
        host_organization=host_organization,
        my_role=my_role,
        goals=goals,
        notes=notes,
    )


@transaction.atomic
def event_update(
    *,
    event: Event,
    name: str,
    starts_at: datetime,
    kind: str,
    ends_at: datetime | None = None,
    location: str = "",
    online_url: str = "",
    host_organization: Organization | None = None,
    my_role: str = EventRole.ATTENDEE,
    goals: str = "",
    notes: str = "",
) -> Event:
    _check(owner_id=event.owner_id, starts_at=starts_at, ends_at=ends_at, host=host_organization)
    if starts_at > timezone.now() and event.attendances.exists():
        # Their "met at" interactions follow the start, and contact cannot be in the future.
        raise ValueError("An event where people were met cannot move to the future.")
    old_summary, old_start = met_at_summary(event), event.starts_at
    event.name = name.strip()
    event.kind = kind
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.location = location.strip()
    event.online_url = online_url
    event.host_organization = host_organization
    event.my_role = my_role
    event.goals = goals
    event.notes = notes
    event.save()
    if event.starts_at != old_start or met_at_summary(event) != old_summary:
        _move_met_at_interactions(event, old_summary=old_summary)
    after_event_sync(event=event)
    return event


def _met_at_interactions(event: Event, contact_id: int | None = None):
    interactions = Interaction.objects.filter(
        owner_id=event.owner_id, event=event, kind=InteractionKind.MET_AT_EVENT
    )
    if contact_id is not None:
        interactions = interactions.filter(participations__contact_id=contact_id)
    return interactions.prefetch_related("participants")


def _move_met_at_interactions(event: Event, *, old_summary: str) -> None:
    """The people met follow the event: their interaction happened when it did."""
    for interaction in _met_at_interactions(event):
        summary = interaction.summary
        if summary == old_summary:
            # Only the summary Rapport wrote; one the user rewrote stays theirs.
            summary = met_at_summary(event)
        interaction_update(
            interaction=interaction,
            occurred_at=event.starts_at,
            kind=interaction.kind,
            contacts=list(interaction.participants.all()),
            initiated_by=interaction.initiated_by,
            summary=summary,
            notes=interaction.notes,
            quality=interaction.quality,
            value=interaction.value,
            event=event,
        )


@transaction.atomic
def event_delete(*, event: Event) -> None:
    """Delete the event and its list of people met. The contacts stay, and so do their "met at"
    interactions, which still happened: they lose only the link to the event."""
    event.delete()


def _attend(event: Event, contact: Contact, note: str) -> None:
    EventAttendance.objects.create(owner_id=event.owner_id, event=event, contact=contact, note=note)
    interaction_log(
        owner=event.owner,
        occurred_at=event.starts_at,
        kind=InteractionKind.MET_AT_EVENT,
        contacts=[contact],
        summary=met_at_summary(event),
        notes=note,
        event=event,
    )


@transaction.atomic
def event_people_add(*, event: Event, contacts: Iterable[Contact], note: str = "") -> PeopleAdded:
    """Record existing contacts as met at the event; those already on its list are left as
    they are."""
    _check_started(event)
    contacts = list(contacts)
    if any(contact.owner_id != event.owner_id for contact in contacts):
        raise ValueError("Only the owner's own contacts can be added to their event.")
    there = set(
        EventAttendance.objects.filter(event=event, contact__in=contacts).values_list(
            "contact_id", flat=True
        )
    )
    added, already_there = [], []
    for contact in contacts:
        if contact.pk in there:
            already_there.append(contact)
            continue
        _attend(event, contact, note.strip())
        there.add(contact.pk)
        added.append(contact)
    if added:
        after_event_sync(event=event)
    return PeopleAdded(added=added, already_there=already_there)


def _name_parts(name: str) -> dict[str, str]:
    """The first word as the first name, the rest as the last ("Ana" and "María López"); the
    user fixes the rare wrong split later. The whole name is the display name as well, so
    nothing is lost when a part would not fit its column."""
    first, _, last = name.partition(" ")
    fields = {"display_name": name}
    if len(first) <= NAME_PART_MAX and len(last) <= NAME_PART_MAX:
        fields.update(first_name=first, last_name=last)
    return fields


@transaction.atomic
def event_people_create(*, event: Event, people: Sequence[NewPerson]) -> list[Contact]:
    """Create a contact for each person met, with their email and company (an organization of
    the owner's with that name, in any case, or a new one), and record them as met here."""
    _check_started(event)
    day = timezone.localdate(event.starts_at, event.owner.zone)
    how_we_met = f"Met at {event.name} on {day.day} {day:%B %Y}."
    contacts = []
    for person in people:
        contact = contact_create(
            owner=event.owner,
            fields={**_name_parts(person.name), "how_we_met": how_we_met},
            emails=[EmailEntry(email=person.email)] if person.email else [],
        )
        if person.company:
            affiliation_create(contact=contact, new_organization_name=person.company)
        _attend(event, contact, person.note)
        contacts.append(contact)
    after_event_sync(event=event)
    return contacts


@transaction.atomic
def attendance_delete(*, attendance: EventAttendance) -> None:
    """Take a person off an event's list, with the "met at" interaction that recorded it.

    A met-at interaction the user has since widened to other people stays for them.
    """
    event, contact = attendance.event, attendance.contact
    for interaction in _met_at_interactions(event, contact_id=contact.pk):
        others = [c for c in interaction.participants.all() if c.pk != contact.pk]
        if not others:
            interaction_delete(interaction=interaction)
            continue
        interaction_update(
            interaction=interaction,
            occurred_at=interaction.occurred_at,
            kind=interaction.kind,
            contacts=others,
            initiated_by=interaction.initiated_by,
            summary=interaction.summary,
            notes=interaction.notes,
            quality=interaction.quality,
            value=interaction.value,
            event=event,
        )
    attendance.delete()
    after_event_sync(event=event)


def attendance_update(*, attendance: EventAttendance, note: str) -> EventAttendance:
    """Change what the user noted about someone they met (the REST API's people_met list)."""
    attendance.note = note.strip()
    attendance.save(update_fields=["note", "updated_at"])
    return attendance
