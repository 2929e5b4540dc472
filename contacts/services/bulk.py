"""Bulk edits of many contacts at once: tags, tier, cadence, relationship type, archive, health.

Shared by the admin's actions and the contact list's bulk edit. Each takes the owner and the ids
(a list, or a queryset of the owner's contacts for "all matching this filter"), touches only the
owner's contacts among them, and answers how many it changed. Every function makes the same number
of queries for 10 contacts as for 10,000 (pinned in tests/contacts/test_bulk_queries.py): one read
of the ids that change, one set-based write, then what depends on it (search text, health,
keep-in-touch reminders).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from contacts.models import Contact, RelationshipType, Tag, Tier
from contacts.services.contacts import tags_from_names
from contacts.services.search import contacts_refresh_search_text
from interactions.services.health import health_attention_sync, health_recompute_on_commit
from interactions.services.network import network_counts_refresh
from reminders.services.contacts import contact_reminders_sync

ContactTag = Contact.tags.through


@dataclass(frozen=True)
class BulkOutcome:
    """`matched`: the owner's contacts among those asked for; `changed`: those really changed."""

    matched: int
    changed: int

    @property
    def unchanged(self) -> int:
        return self.matched - self.changed


ContactIds = Iterable[int] | QuerySet


def contacts_selected(*, owner: User, contact_ids: ContactIds) -> QuerySet[Contact]:
    """The owner's contacts among `contact_ids`; another user's ids are silently left out."""
    if isinstance(contact_ids, QuerySet):
        # A subquery, so "all 10,000 matching" never travels through Python.
        return Contact.objects.filter(owner=owner, pk__in=contact_ids.order_by().values("pk"))
    return Contact.objects.filter(owner=owner, pk__in=list(contact_ids))


def keep_in_touch_resync(*, contact_ids: Sequence[int]) -> None:
    """THE call site where bulk edits hand keep-in-touch reminders to the reminders app: after
    an archive (close them), an unarchive, a new tier or cadence (move their due date).

    The reminders app owns that rule (one pending keep-in-touch reminder per active contact, and
    its birthday reminder; none for archived contacts): a few queries whatever the number.
    """
    if contact_ids:
        contact_reminders_sync(contact_ids=contact_ids)


def _ids(queryset: QuerySet[Contact]) -> list[int]:
    return list(queryset.order_by().values_list("pk", flat=True))


@transaction.atomic
def contacts_bulk_tag(
    *, owner: User, contact_ids: ContactIds, tag_names: Sequence[str]
) -> BulkOutcome:
    """Add these tags (created when missing) to the contacts; contacts that had them all stay."""
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    tags = tags_from_names(owner=owner, names=tag_names)
    if not tags:
        return BulkOutcome(matched=selected.count(), changed=0)
    counted = selected.annotate(
        wanted_tags=Count("tags", filter=Q(tags__in=[tag.pk for tag in tags]))
    ).values_list("pk", "wanted_tags")
    rows = list(counted.order_by())
    changing = [pk for pk, has in rows if has < len(tags)]
    if changing:
        for tag in tags:
            _insert_tag_links(tag, Contact.objects.filter(pk__in=changing))
        contacts_refresh_search_text(contact_ids=changing)
        _touch(changing)
    return BulkOutcome(matched=len(rows), changed=len(changing))


def _insert_tag_links(tag: Tag, contacts: QuerySet[Contact]) -> None:
    """INSERT INTO contact_tags SELECT ... : one statement per tag, whatever the contacts."""
    # Aliased, since a derived table's column has no reliable name otherwise (SQLite).
    missing = contacts.exclude(tags=tag).order_by().values(contact_ref=F("pk"))
    sql, params = missing.query.sql_with_params()
    table = connection.ops.quote_name(ContactTag._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (contact_id, tag_id) "  # noqa: S608
            # "WHERE true": SQLite reads ON CONFLICT after a bare FROM as a join's ON.
            f"SELECT missing.contact_ref, %s FROM ({sql}) AS missing "
            "WHERE true ON CONFLICT DO NOTHING",
            [tag.pk, *params],
        )


@transaction.atomic
def contacts_bulk_untag(
    *, owner: User, contact_ids: ContactIds, tag_names: Sequence[str]
) -> BulkOutcome:
    """Remove these tags (by name, any letter case) from the contacts; the tags themselves stay."""
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    wanted = {" ".join(name.split()).casefold() for name in tag_names} - {""}
    tag_ids = [
        pk
        for pk, name in Tag.objects.filter(owner=owner).values_list("pk", "name")
        if name.casefold() in wanted
    ]
    matched = selected.count()
    links = ContactTag.objects.filter(contact__in=selected, tag_id__in=tag_ids)
    changing = sorted(set(links.values_list("contact_id", flat=True)))
    if changing:
        ContactTag.objects.filter(contact_id__in=changing, tag_id__in=tag_ids).delete()
        contacts_refresh_search_text(contact_ids=changing)
        _touch(changing)
    return BulkOutcome(matched=matched, changed=len(changing))


def _touch(ids: list[int]) -> None:
    # update() skips auto_now: "recently updated" must still see a bulk edit.
    Contact.objects.filter(pk__in=ids).update(updated_at=timezone.now())


@transaction.atomic
def contacts_bulk_set_tier(*, owner: User, contact_ids: ContactIds, tier: str) -> BulkOutcome:
    """A new closeness: its default cadence applies to contacts without a cadence of their own,
    so their health is recomputed and their keep-in-touch reminders move."""
    tier = Tier(tier)
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    rows = list(selected.order_by().values_list("pk", "tier", "cadence_days"))
    changing = [pk for pk, old, _ in rows if old != tier]
    if changing:
        Contact.objects.filter(pk__in=changing).update(tier=tier, updated_at=timezone.now())
        health_attention_sync(contact_ids=changing)
        network_counts_refresh(owner=owner)
        cadence_moved = [pk for pk, old, cadence in rows if old != tier and cadence is None]
        health_recompute_on_commit(contact_ids=cadence_moved)
        keep_in_touch_resync(contact_ids=cadence_moved)
    return BulkOutcome(matched=len(rows), changed=len(changing))


@transaction.atomic
def contacts_bulk_set_cadence(
    *, owner: User, contact_ids: ContactIds, cadence_days: int | None
) -> BulkOutcome:
    """Keep in touch every `cadence_days` days (None: the tier's default)."""
    if cadence_days is not None and cadence_days < 1:
        raise ValueError("A cadence is at least one day.")
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    rows = list(selected.order_by().values_list("pk", "cadence_days"))
    changing = [pk for pk, old in rows if old != cadence_days]
    if changing:
        Contact.objects.filter(pk__in=changing).update(
            cadence_days=cadence_days, updated_at=timezone.now()
        )
        health_recompute_on_commit(contact_ids=changing)
        keep_in_touch_resync(contact_ids=changing)
    return BulkOutcome(matched=len(rows), changed=len(changing))


@transaction.atomic
def contacts_bulk_set_relationship_type(
    *, owner: User, contact_ids: ContactIds, relationship_type: str
) -> BulkOutcome:
    """Set the relationship type ("" clears it)."""
    if relationship_type:
        relationship_type = RelationshipType(relationship_type)
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    rows = list(selected.order_by().values_list("pk", "relationship_type"))
    changing = [pk for pk, old in rows if old != relationship_type]
    if changing:
        Contact.objects.filter(pk__in=changing).update(
            relationship_type=relationship_type, updated_at=timezone.now()
        )
    return BulkOutcome(matched=len(rows), changed=len(changing))


@transaction.atomic
def contacts_bulk_archive(*, owner: User, contact_ids: ContactIds) -> BulkOutcome:
    """Archive the contacts (kept in full, hidden from lists); their keep-in-touch reminders
    close. Contacts already archived keep their date."""
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    rows = list(selected.order_by().values_list("pk", "archived_at"))
    changing = [pk for pk, archived_at in rows if archived_at is None]
    if changing:
        now = timezone.now()
        Contact.objects.filter(pk__in=changing).update(archived_at=now, updated_at=now)
        keep_in_touch_resync(contact_ids=changing)
        network_counts_refresh(owner=owner)
    return BulkOutcome(matched=len(rows), changed=len(changing))


@transaction.atomic
def contacts_bulk_unarchive(*, owner: User, contact_ids: ContactIds) -> BulkOutcome:
    selected = contacts_selected(owner=owner, contact_ids=contact_ids)
    rows = list(selected.order_by().values_list("pk", "archived_at"))
    changing = [pk for pk, archived_at in rows if archived_at is not None]
    if changing:
        Contact.objects.filter(pk__in=changing).update(archived_at=None, updated_at=timezone.now())
        keep_in_touch_resync(contact_ids=changing)
        network_counts_refresh(owner=owner)
    return BulkOutcome(matched=len(rows), changed=len(changing))


def contacts_bulk_recompute_health(*, owner: User, contact_ids: ContactIds) -> BulkOutcome:
    """Queue the contacts' health for a recompute in the background, once this commits (a few
    set-based queries per 5,000 contacts there; a fixed number here)."""
    ids = _ids(contacts_selected(owner=owner, contact_ids=contact_ids))
    health_recompute_on_commit(contact_ids=ids)
    return BulkOutcome(matched=len(ids), changed=len(ids))
