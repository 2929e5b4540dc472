"""Who needs attention: the dashboard's list of relationships to tend, read from stored health.

The rule (docs/dashboard.md tells it to users):

- Every contact's gap to full health, weighted by how close the person is (interactions.attention:
  inner circle x4, close x3, network x2, acquaintance x1), stored by the recompute as
  ContactHealth.attention. A contact needs attention once it passes ATTENTION_THRESHOLD (100).
- Besides, anyone whose band dropped in the last seven days (band_changed_at, previous_band) is
  shown first, whatever the weight: a change is news, a steady state is not.

Only stored rows are read (ContactHealth is rewritten by the recompute); nothing is recomputed
here, and the one-line reasons come from the stored facts (health_explained).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from accounts.models import User
from config.raw_reads import (
    columns,
    constants,
    instances_listed,
    moment,
    related_columns,
    table,
)
from contacts.models import Contact
from interactions.attention import ATTENTION_THRESHOLD
from interactions.models import ContactHealth, HealthBand
from interactions.selectors.health import health_checked_at, health_explained

DROPPED_WITHIN = timedelta(days=7)
ATTENTION_LIMIT = 8

# Best first: a band later in this list is a drop.
BAND_ORDER = (
    HealthBand.THRIVING,
    HealthBand.HEALTHY,
    HealthBand.COOLING,
    HealthBand.AT_RISK,
    HealthBand.DORMANT,
)


def _band_rank(column: str) -> str:
    """SQL: the band's place in BAND_ORDER, NULL for no band (so "no previous band" is no drop)."""
    cases = " ".join(f"WHEN '{band}' THEN {n}" for n, band in enumerate(BAND_ORDER))
    return f"CASE {column} {cases} END"


# What the card shows of each contact: the avatar, the name, the tier.
CONTACT_FIELDS = ("display_name", "first_name", "last_name", "photo", "tier", "updated_at")


def _health_sql(where: str) -> str:
    """Health rows of active contacts matching `where`, with the contact each belongs to (as
    select_related would give them), up to the WHERE; the owner is the first parameter."""
    return f"""
        SELECT {columns(ContactHealth, "h")},
               {related_columns(Contact, "c", "contact", CONTACT_FIELDS)}
        FROM {table(ContactHealth)} h
        JOIN {table(Contact)} c ON c.id = h.contact_id
        WHERE h.owner_id = %s AND c.archived_at IS NULL AND {where}
        """  # noqa: S608 (names from the models; every value is a parameter)


def _dropped_and_weighted(
    *, user: User, now: datetime, limit: int
) -> tuple[list[ContactHealth], list[ContactHealth]]:
    """The first `limit` whose band dropped this week, and the first `limit` past the threshold,
    in one query (config.raw_reads.instances_listed; see that module for why not querysets)."""
    # health_owner_band_changed_idx: owner first, then the recent changes only, each joined to
    # its contact by primary key. Not the contact's owner (as below): with it the planner read
    # all the owner's contacts to hash them, 4 ms once the week has drops, not 0.1.
    dropped = (
        f"h.band_changed_at >= %s AND {_band_rank('h.previous_band')} < {_band_rank('h.band')}"
    )
    # health_owner_attention_idx holds only those past the threshold, in this order: the first
    # rows of the index, each joined to its contact by primary key to leave out the archived.
    # Not the contact's owner here: a health row's contact is always its owner's, and that
    # second owner condition makes the planner expect a few matches out of the whole index, so
    # it hashed all 10,000 contacts and sorted (14 ms instead of 0.3).
    weighted = f"h.attention > {constants(ATTENTION_THRESHOLD)}"
    first = f"LIMIT {constants(limit)}"
    listed = instances_listed(
        ContactHealth,
        {
            "dropped": f"{_health_sql(dropped)} ORDER BY h.band_changed_at DESC, h.id DESC {first}",
            "weighted": f"{_health_sql(weighted)} ORDER BY h.attention DESC, h.score, h.id {first}",
        },
        "CASE WHEN listed.listed_in = 'dropped' THEN listed.band_changed_at END DESC,"
        " CASE WHEN listed.listed_in = 'dropped' THEN listed.id END DESC,"
        " listed.attention DESC, listed.score, listed.id",
        [user.pk, moment(now - DROPPED_WITHIN), user.pk],
    )
    return listed["dropped"], listed["weighted"]


@dataclass(frozen=True)
class Attention:
    health: ContactHealth
    reason: str
    # "Dropped from healthy to cooling" for a drop this week, else "".
    dropped: str

    @property
    def contact(self):
        return self.health.contact


def contacts_needing_attention(
    *, user: User, now: datetime, limit: int = ATTENTION_LIMIT
) -> list[Attention]:
    """Those whose band dropped this week, then the largest weighted gaps, at most `limit`, each
    with its reason. Two queries whatever the size of the network."""
    dropped, weighted = _dropped_and_weighted(user=user, now=now, limit=limit)
    dropped_ids = {health.pk for health in dropped}
    shown = (dropped + [health for health in weighted if health.pk not in dropped_ids])[:limit]
    checked_at = health_checked_at()
    zone = user.zone
    labels = dict(HealthBand.choices)
    return [
        Attention(
            health=health,
            # health_explained, not health_reason: that one asks again when checked_at is None.
            reason=health_explained(health, zone=zone, checked_at=checked_at).reason,
            dropped=(
                f"Dropped from {labels[health.previous_band].lower()} to "
                f"{labels[health.band].lower()} this week"
                if health.pk in dropped_ids
                else ""
            ),
        )
        for health in shown
    ]
