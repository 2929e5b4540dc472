"""The denormalized `Contact.search_text` column, rebuilt by every service that changes what it
holds (names, emails, organizations, tags, notes), so a search reads one column of one table."""

from collections.abc import Iterable

from contacts.models import Affiliation, Contact, ContactEmail
from contacts.services.set_based import column_update


def build_search_text(
    *,
    display_name: str,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    organizations: Iterable[str] = (),
    tags: Iterable[str] = (),
    job_title: str = "",
    location: str = "",
    notes: str = "",
) -> str:
    parts = [display_name, *names, *emails, *organizations, *tags, job_title, location, notes]
    return " ".join(p.strip() for p in parts if p and p.strip()).lower()


def contacts_refresh_search_text(*, contact_ids: Iterable[int]) -> None:
    """Rebuild search_text for these contacts in a fixed number of queries, whatever their count."""
    ids = list(contact_ids)
    if not ids:
        return
    contacts = list(Contact.objects.filter(pk__in=ids).prefetch_related("tags"))
    emails: dict[int, list[str]] = {}
    for contact_id, email in ContactEmail.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "email"
    ):
        emails.setdefault(contact_id, []).append(email)
    organizations: dict[int, list[str]] = {}
    for contact_id, name in Affiliation.objects.filter(contact_id__in=ids).values_list(
        "contact_id", "organization__name"
    ):
        organizations.setdefault(contact_id, []).append(name)
    texts = {}
    for contact in contacts:
        texts[contact.pk] = build_search_text(
            display_name=contact.display_name,
            names=[contact.first_name, contact.middle_name, contact.last_name, contact.nickname],
            emails=emails.get(contact.pk, []),
            organizations=organizations.get(contact.pk, []),
            tags=[tag.name for tag in contact.tags.all()],
            job_title=contact.job_title,
            location=contact.location,
            notes=contact.notes,
        )
    # One UPDATE however many contacts (bulk_update would batch by SQLite's parameter limit).
    column_update(Contact, "search_text", texts)
