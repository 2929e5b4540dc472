"""One contact as the flat row every tabular export writes (CSV here, spreadsheets elsewhere)."""

from contacts.models import Contact

CONTACT_COLUMNS = (
    ("display_name", "Name"),
    ("prefix", "Prefix"),
    ("first_name", "First name"),
    ("middle_name", "Middle name"),
    ("last_name", "Last name"),
    ("suffix", "Suffix"),
    ("nickname", "Nickname"),
    ("emails", "Emails"),
    ("phones", "Phones"),
    ("profiles", "Profiles"),
    ("job_title", "Job title"),
    ("organizations", "Organizations"),
    ("location", "Location"),
    ("birthday", "Birthday"),
    ("tier", "Closeness"),
    ("cadence_days", "Keep in touch every (days)"),
    ("relationship_type", "Relationship"),
    ("tags", "Tags"),
    ("introduced_by", "Introduced by"),
    ("how_we_met", "How we met"),
    ("met_on", "When we met"),
    ("notes", "Notes"),
    ("archived_at", "Archived"),
)

# Between several values in one cell: a semicolon, since commas appear in names and roles.
SEPARATOR = "; "


def birthday_text(contact: Contact) -> str:
    """ISO 8601: 1985-04-12, or --04-12 when the year is not known."""
    if contact.birthday_month is None or contact.birthday_day is None:
        return ""
    year = f"{contact.birthday_year:04d}" if contact.birthday_year else "-"
    return f"{year}-{contact.birthday_month:02d}-{contact.birthday_day:02d}"


def contact_row(contact: Contact) -> list:
    """The values of CONTACT_COLUMNS for a contact prefetched by contacts_for_export."""
    values = {
        "emails": SEPARATOR.join(e.email for e in contact.emails.all()),
        "phones": SEPARATOR.join(p.number for p in contact.phones.all()),
        "profiles": SEPARATOR.join(p.url for p in contact.profiles.all()),
        "organizations": SEPARATOR.join(
            f"{a.role} at {a.organization.name}" if a.role else a.organization.name
            for a in contact.current_affiliations
        ),
        "birthday": birthday_text(contact),
        "tier": contact.get_tier_display(),
        "relationship_type": contact.get_relationship_type_display(),
        "tags": SEPARATOR.join(t.name for t in contact.tags.all()),
        "introduced_by": contact.introduced_by.display_name if contact.introduced_by else "",
        "archived_at": contact.archived_at.date().isoformat() if contact.archived_at else "",
        "cadence_days": contact.cadence_days or "",
    }
    return [
        values[name] if name in values else getattr(contact, name) for name, _ in CONTACT_COLUMNS
    ]
