"""The shape of the user's network: contacts by tier and by stored health band, and how many
organizations."""

from dataclasses import dataclass

from django.db import connection

from accounts.models import User
from config.raw_reads import table
from contacts.models import Contact, Organization, Tier
from interactions.models import ContactHealth, HealthBand

# A contact without a stored score has never been contacted.
NOT_YET = "not_yet"


@dataclass(frozen=True)
class NetworkBreakdown:
    # Active contacts by tier and by band (plus NOT_YET), every key in display order, zeros kept.
    by_tier: dict[str, int]
    by_band: dict[str, int]
    archived: int = 0
    organizations: int = 0

    @property
    def total(self) -> int:
        """Active contacts."""
        return sum(self.by_tier.values())


def network_breakdown(*, user: User) -> NetworkBreakdown:
    """Four small reads sent as one query (UNION ALL), none of which joins the whole network:
    the active contacts by tier (an index-only scan of contact_owner_active_tier_idx), every
    health row of the user's by band (of health_owner_band_idx), the archived contacts by band,
    to take away (from contact_owner_archived_idx, each looking up its own health row), and the
    organizations counted (a query of its own cost the dashboard a round trip). The one pass
    over contacts joined to their health that this replaced hashed 10,000 rows of each: 10 ms,
    against about 2. Written as SQL: the same four reads as querysets took Django 4 ms of Python
    to compile, ten times what it takes to send this (see config.raw_reads)."""
    with connection.cursor() as cursor:
        cursor.execute(
            # Table names come from the models; every value is a parameter.
            f"""
            SELECT 'tier', tier, COUNT(*) FROM {table(Contact)}
            WHERE owner_id = %(owner)s AND archived_at IS NULL GROUP BY tier
            UNION ALL
            SELECT 'band', band, COUNT(*) FROM {table(ContactHealth)}
            WHERE owner_id = %(owner)s GROUP BY band
            UNION ALL
            SELECT 'archived', band, COUNT(*) FROM (
                -- A subquery per archived contact, by the unique index on contact_id: PostgreSQL
                -- plans the same LEFT JOIN as a hash of all 10,000 of the user's health rows to
                -- match a few hundred, three times slower. NULL: no health row.
                SELECT (
                    SELECT h.band FROM {table(ContactHealth)} h
                    WHERE h.contact_id = c.id AND h.owner_id = %(owner)s
                ) AS band
                FROM {table(Contact)} c
                WHERE c.owner_id = %(owner)s AND c.archived_at IS NOT NULL
            ) archived GROUP BY band
            UNION ALL
            SELECT 'organizations', '', COUNT(*) FROM {table(Organization)}
            WHERE owner_id = %(owner)s
            """,  # noqa: S608
            {"owner": user.pk},
        )
        rows = cursor.fetchall()
    by_tier = dict.fromkeys(Tier.values, 0)
    by_band = dict.fromkeys([*HealthBand.values, NOT_YET], 0)
    archived_count = organization_count = 0
    for part, key, count in rows:
        if part == "tier":
            by_tier[key] = by_tier.get(key, 0) + count
        elif part == "band":
            by_band[key] += count
        elif part == "organizations":
            organization_count = count
        else:
            archived_count += count
            if key:
                by_band[key] -= count
    # Active contacts without a health row have never been contacted.
    by_band[NOT_YET] = sum(by_tier.values()) - sum(by_band.values())
    return NetworkBreakdown(
        by_tier=by_tier,
        by_band=by_band,
        archived=archived_count,
        organizations=organization_count,
    )
