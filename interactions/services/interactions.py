"""Logging, editing and deleting interactions. Every change schedules the health recompute of
the people involved once the transaction commits, and moves their keep-in-touch reminders in the
same transaction; a new or moved interaction closes their after-event follow-ups."""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from contacts.models import Contact
from interactions.models import Event, Initiator, Interaction, Participation, ValueExchange
from interactions.services.activity import activity_days_refresh
from interactions.services.health import health_recompute_on_commit
from reminders.services.after_event import after_event_close
from reminders.services.keep_in_touch import keep_in_touch_sync


def _sync_participations(interaction: Interaction, contacts: Iterable[Contact]) -> set[int]:
    """Make the participant rows match `contacts`; returns every contact id touched."""
    wanted = {c.pk: c for c in contacts}
    existing = set(interaction.participations.values_list("contact_id", flat=True))
    interaction.participations.exclude(contact_id__in=wanted).delete()
    Participation.objects.bulk_create(
        Participation(
            owner_id=interaction.owner_id,
            interaction=interaction,
            contact_id=pk,
            occurred_at=interaction.occurred_at,
            kind=interaction.kind,
            initiated_by=interaction.initiated_by,
            value=interaction.value,
        )
        for pk in wanted.keys() - existing
    )
    # The copies of the interaction's facts follow it (see Participation's docstring).
    interaction.participations.update(
        occurred_at=interaction.occurred_at,
        kind=interaction.kind,
        initiated_by=interaction.initiated_by,
        value=interaction.value,
    )
    return existing | wanted.keys()


def _check_owned(owner, contacts: list[Contact], event: Event | None) -> None:
    if any(c.owner_id != owner.pk for c in contacts) or (
        event is not None and event.owner_id != owner.pk
    ):
        raise ValueError("An interaction can only involve the owner's own contacts and events.")


@transaction.atomic
def interaction_log(
    *,
    owner,
    occurred_at: datetime,
    kind: str,
    contacts: Iterable[Contact],
    initiated_by: str = Initiator.MUTUAL,
    summary: str = "",
    notes: str = "",
    quality: int | None = None,
    value: str = ValueExchange.NONE,
    event: Event | None = None,
) -> Interaction:
    contacts = list(contacts)
    if not contacts:
        raise ValueError("An interaction needs at least one contact.")
    _check_owned(owner, contacts, event)
    interaction = Interaction.objects.create(
        owner=owner,
        occurred_at=occurred_at,
        kind=kind,
        initiated_by=initiated_by,
        summary=summary,
        notes=notes,
        quality=quality,
        value=value,
        event=event,
    )
    activity_days_refresh(owner=owner, moments=[occurred_at])
    _people_changed(interaction, _sync_participations(interaction, contacts))
    return interaction


def _people_changed(interaction: Interaction, contact_ids: set[int]) -> None:
    health_recompute_on_commit(contact_ids=contact_ids)
    keep_in_touch_sync(contact_ids=contact_ids)
    after_event_close(interaction=interaction, contact_ids=contact_ids)


@transaction.atomic
def interaction_update(
    *,
    interaction: Interaction,
    occurred_at: datetime,
    kind: str,
    contacts: Iterable[Contact],
    initiated_by: str,
    summary: str = "",
    notes: str = "",
    quality: int | None = None,
    value: str = ValueExchange.NONE,
    event: Event | None = None,
) -> Interaction:
    contacts = list(contacts)
    if not contacts:
        raise ValueError("An interaction needs at least one contact.")
    _check_owned(interaction.owner, contacts, event)
    # Its old day loses it (or a gave/received), its new day gains it.
    activity_moments = [interaction.occurred_at, occurred_at]
    interaction.occurred_at = occurred_at
    interaction.kind = kind
    interaction.initiated_by = initiated_by
    interaction.summary = summary
    interaction.notes = notes
    interaction.quality = quality
    interaction.value = value
    interaction.event = event
    interaction.save()
    activity_days_refresh(owner=interaction.owner, moments=activity_moments)
    _people_changed(interaction, _sync_participations(interaction, contacts))
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction) -> None:
    contact_ids = list(interaction.participations.values_list("contact_id", flat=True))
    interaction.delete()
    activity_days_refresh(owner=interaction.owner, moments=[interaction.occurred_at])
    health_recompute_on_commit(contact_ids=contact_ids)
    keep_in_touch_sync(contact_ids=contact_ids)
