"""Rows for the dashboard's tests, written in bulk so a network of 2,000 costs a second."""

from datetime import timedelta

from django.utils import timezone

from contacts.models import Contact, Tier
from interactions.attention import attention_value
from interactions.models import ContactHealth, HealthBand, Interaction, Participation
from interactions.services.activity import activity_days_rebuild


def stored_health(contact, *, score, band, previous_band="", band_changed_at=None, **facts):
    """A stored score as the recompute would have written it, with plausible facts."""
    now = timezone.now()
    values = {
        "cadence_days": contact.effective_cadence_days,
        "first_interaction_at": now - timedelta(days=400),
        "last_interaction_at": now - timedelta(days=40),
        "total": 6,
        "recent": 3,
        "by_me": 2,
        "by_them": 1,
        "mutual": 3,
        "in_person": 2,
        "voice": 2,
        "written": 2,
        **facts,
    }
    return ContactHealth.objects.create(
        owner=contact.owner,
        contact=contact,
        score=score,
        attention=attention_value(score=score, tier=contact.tier),
        band=band,
        previous_band=previous_band,
        band_changed_at=band_changed_at,
        computed_at=now,
        **values,
    )


TIERS = [Tier.INNER_CIRCLE, Tier.CLOSE, Tier.NETWORK, Tier.ACQUAINTANCE]
BANDS = [HealthBand.THRIVING, HealthBand.HEALTHY, HealthBand.COOLING, HealthBand.AT_RISK]


def network(owner, size: int, *, today) -> list[Contact]:
    """`size` contacts with tiers, birthdays in the next days, stored health (some of it dropped
    this week) and an interaction each."""
    now = timezone.now()
    contacts = Contact.objects.bulk_create(
        Contact(
            owner=owner,
            first_name=f"Person{n}",
            last_name="Example",
            display_name=f"Person{n} Example",
            tier=TIERS[n % 4],
            birthday_day=(today + timedelta(days=n % 20)).day,
            birthday_month=(today + timedelta(days=n % 20)).month,
            search_text=f"person{n} example",
        )
        for n in range(size)
    )
    ContactHealth.objects.bulk_create(
        ContactHealth(
            owner=owner,
            contact=contact,
            score=(n * 7) % 100,
            attention=attention_value(score=(n * 7) % 100, tier=contact.tier),
            band=BANDS[n % 4],
            previous_band=HealthBand.THRIVING if n % 5 == 0 else "",
            band_changed_at=now - timedelta(days=2) if n % 5 == 0 else None,
            computed_at=now,
            cadence_days=30,
            last_interaction_at=now - timedelta(days=n % 90),
            first_interaction_at=now - timedelta(days=500),
            total=5,
            recent=2,
        )
        for n, contact in enumerate(contacts)
    )
    interactions = Interaction.objects.bulk_create(
        Interaction(
            owner=owner,
            occurred_at=now - timedelta(days=n % 180, hours=n % 24),
            kind="coffee",
            summary=f"Coffee {n}",
            value=("gave", "received", "")[n % 3],
        )
        for n in range(size)
    )
    Participation.objects.bulk_create(
        Participation(
            owner=owner,
            interaction=interaction,
            contact=contact,
            occurred_at=interaction.occurred_at,
            kind=interaction.kind,
            initiated_by=interaction.initiated_by,
            value=interaction.value,
        )
        for interaction, contact in zip(interactions, contacts, strict=True)
    )
    activity_days_rebuild(owner=owner)
    return contacts
