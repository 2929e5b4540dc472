"""The day counts behind the dashboard's activity charts (ActivityDay), kept in step with the
interactions.

A write recounts the days it touched from the interactions themselves rather than adding or
taking away one: a recount is right whatever the write did (a new day, a new value, a delete,
several at once), and running it twice changes nothing. The days are the owner's calendar days,
so a new time zone rebuilds them all, as do the bulk writes (a restore, the demo), and a nightly
rebuild sets right whatever a write path missed.
"""

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate

from accounts.models import User
from interactions.models import ActivityDay, Interaction, ValueExchange
from interactions.services.recount_lock import recount_lock

WRITE_BATCH_SIZE = 1000


def _start_of(day: date, owner: User) -> datetime:
    return datetime.combine(day, time.min, tzinfo=owner.zone)


def _recount(owner: User, interactions: QuerySet) -> None:
    """Write the days of these interactions of the owner's, as counted now."""
    rows = (
        interactions.annotate(day=TruncDate("occurred_at", tzinfo=owner.zone))
        .values("day")
        .annotate(
            count=Count("*"),
            gave=Count("value", filter=Q(value=ValueExchange.GAVE)),
            received=Count("value", filter=Q(value=ValueExchange.RECEIVED)),
        )
        .values_list("day", "count", "gave", "received")
        .order_by()
    )
    ActivityDay.objects.bulk_create(
        (
            ActivityDay(owner=owner, day=day, interactions=count, gave=gave, received=received)
            for day, count, gave, received in rows
        ),
        batch_size=WRITE_BATCH_SIZE,
    )


@transaction.atomic
def activity_days_refresh(*, owner: User, moments: Iterable[datetime]) -> None:
    """Recount the owner's days that these moments fall on (in the owner's zone): call it in
    the transaction that logged, moved or deleted interactions at those moments, with both the
    old and the new moment of a moved one."""
    days = {moment.astimezone(owner.zone).date() for moment in moments}
    if not days:
        return
    recount_lock(owner)
    on_days = Q(pk__in=[])
    for day in days:
        on_days |= Q(
            occurred_at__gte=_start_of(day, owner),
            occurred_at__lt=_start_of(day + timedelta(days=1), owner),
        )
    ActivityDay.objects.filter(owner=owner, day__in=days).delete()
    _recount(owner, Interaction.objects.filter(on_days, owner=owner))


@transaction.atomic
def activity_days_rebuild(*, owner: User) -> None:
    """Count all the owner's days again: after a bulk write of interactions, or a new zone."""
    recount_lock(owner)
    ActivityDay.objects.filter(owner=owner).delete()
    _recount(owner, Interaction.objects.filter(owner=owner))


def activity_days_rebuild_all() -> int:
    """Nightly, for safety: every user's days counted again, one user per transaction. Returns
    how many users were counted."""
    owners = list(User.objects.order_by("pk"))
    for owner in owners:
        activity_days_rebuild(owner=owner)
    return len(owners)
