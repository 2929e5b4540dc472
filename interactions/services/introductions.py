"""Introductions, both ways.

"I introduced A to B" is one interaction of kind introduction with both of them, so it shows on
both timelines and counts as value given. "A introduced me to B" is a fact about B: B's
`introduced_by` becomes A, which both contact pages show (B's "introduced by", A's "introduced
you to"); it can also be logged as an interaction with both, as value received.
"""

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact
from interactions.models import Initiator, Interaction, InteractionKind, ValueExchange
from interactions.services.interactions import interaction_log

SUMMARY_MAX_LENGTH = Interaction._meta.get_field("summary").max_length


def _names(contacts: Iterable[Contact]) -> str:
    names = [c.display_name for c in contacts]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _summary(text: str) -> str:
    if len(text) <= SUMMARY_MAX_LENGTH:
        return text
    return text[: SUMMARY_MAX_LENGTH - 1] + "…"


def introduction_make(
    *,
    owner: User,
    contact: Contact,
    other: Contact,
    occurred_at: datetime,
    notes: str = "",
) -> Interaction:
    """I introduced `contact` to `other`."""
    if contact.pk == other.pk:
        raise ValueError("An introduction needs two different people.")
    return interaction_log(
        owner=owner,
        occurred_at=occurred_at,
        kind=InteractionKind.INTRODUCTION,
        contacts=[contact, other],
        initiated_by=Initiator.ME,
        value=ValueExchange.GAVE,
        summary=_summary(f"Introduced {contact.display_name} to {other.display_name}"),
        notes=notes,
    )


@transaction.atomic
def introduction_receive(
    *,
    owner: User,
    introducer: Contact,
    introduced: Iterable[Contact],
    occurred_at: datetime | None = None,
    log: bool = False,
) -> Interaction | None:
    """`introducer` introduced me to each of `introduced`; with `log`, it is also logged as one
    interaction with all of them at `occurred_at`, which is then returned."""
    introduced = list(introduced)
    if not introduced:
        raise ValueError("Say whom they introduced you to.")
    if any(c.owner_id != owner.pk for c in [introducer, *introduced]):
        raise ValueError("An introduction can only involve the owner's own contacts.")
    if any(c.pk == introducer.pk for c in introduced):
        raise ValueError("Nobody introduces you to themselves.")
    # A bulk update: names, emails and the rest of what search reads are untouched, so
    # search_text needs no rebuild; updated_at is set by hand since update() skips auto_now.
    Contact.objects.filter(owner=owner, pk__in=[c.pk for c in introduced]).update(
        introduced_by=introducer, updated_at=timezone.now()
    )
    for contact in introduced:
        contact.introduced_by = introducer
    if not log:
        return None
    if occurred_at is None:
        raise ValueError("Logging an introduction needs the date it happened.")
    return interaction_log(
        owner=owner,
        occurred_at=occurred_at,
        kind=InteractionKind.INTRODUCTION,
        contacts=[introducer, *introduced],
        initiated_by=Initiator.THEM,
        value=ValueExchange.RECEIVED,
        summary=_summary(f"{introducer.display_name} introduced me to {_names(introduced)}"),
    )
