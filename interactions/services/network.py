"""The stored shape of each user's network (NetworkCount), kept in step with the contacts.

Like the activity charts' day counts, a write counts the whole figure again rather than adding
or taking away one: a recount is right whatever the write did, and running it twice changes
nothing. It costs one counting query (2 ms for 10,000 contacts) and one write, in the
transaction that changed the contacts, so the dashboard is right as soon as that commits.
"""

from django.db import transaction

from accounts.models import User
from interactions.models import NetworkCount
from interactions.selectors.network import NOT_YET, network_counted
from interactions.services.recount_lock import recount_lock


def _rows(owner: User) -> list[NetworkCount]:
    network = network_counted(user=owner)
    # Those never contacted are what the active contacts leave once the bands are taken away.
    bands = {band: count for band, count in network.by_band.items() if band != NOT_YET}
    return [
        *(
            NetworkCount(owner=owner, part=NetworkCount.Part.TIER, key=tier, count=count)
            for tier, count in network.by_tier.items()
        ),
        *(
            NetworkCount(owner=owner, part=NetworkCount.Part.BAND, key=band, count=count)
            for band, count in bands.items()
        ),
        NetworkCount(owner=owner, part=NetworkCount.Part.ARCHIVED, count=network.archived),
        NetworkCount(
            owner=owner, part=NetworkCount.Part.ORGANIZATIONS, count=network.organizations
        ),
    ]


def network_counts_refresh(*, owner: User) -> None:
    """Count the owner's network again: call it in the transaction of any write that adds,
    removes, archives or unarchives contacts, changes a tier or a health band, or adds or
    removes organizations. Three queries: the lock, the count, one upsert of every figure (all
    of them, zeros included, so a user once counted always has rows)."""
    # No savepoint: inside the caller's transaction, the recount is part of its write.
    with transaction.atomic(savepoint=False):
        recount_lock(owner)
        NetworkCount.objects.bulk_create(
            _rows(owner),
            update_conflicts=True,
            unique_fields=["owner", "part", "key"],
            update_fields=["count", "updated_at"],
        )


def network_counts_refresh_all() -> int:
    """Every user's network counted again, one user per transaction: after the nightly
    recompute of everyone, which moves bands with no write at all. Returns how many users."""
    owners = list(User.objects.order_by("pk"))
    for owner in owners:
        network_counts_refresh(owner=owner)
    return len(owners)
