"""The export's JSON document, version 1: what export writes and restore reads.

docs/export-format.md describes it for people. In short, `rapport.json` is one object:

    {"format": "rapport-export", "version": 1, "exported_at": "2026-03-01T09:00:00Z",
     "account": {"username": ..., "display_name": ..., "email": ..., "time_zone": ...},
     "tags": [...], "organizations": [...], "contacts": [...], "affiliations": [...],
     "memberships": [...], "events": [...], "interactions": [...], "reminders": [...]}

Each section is a list of rows with the fields below. `id` is the row's number in this file
only: other rows point at it (an affiliation's `contact`, an interaction's `participants`), and
a restore gives every row a new id. Dates are ISO 8601; instants in UTC with a Z.

A later version adds fields or sections and bumps VERSION; restore reads every version up to
its own and refuses newer ones with a message.
"""

FORMAT = "rapport-export"
VERSION = 1
JSON_NAME = "rapport.json"

# Section -> the model's own fields (besides `id`) copied as they are.
FIELDS = {
    "tags": ("name",),
    "organizations": ("name", "kind", "website", "industry", "notes"),
    "contacts": (
        "prefix",
        "first_name",
        "middle_name",
        "last_name",
        "suffix",
        "nickname",
        "display_name",
        "job_title",
        "location",
        "birthday_day",
        "birthday_month",
        "birthday_year",
        "how_we_met",
        "met_on",
        "relationship_type",
        "tier",
        "cadence_days",
        "notes",
        "archived_at",
    ),
    "affiliations": ("role", "start_date", "end_date", "is_current"),
    "memberships": ("role", "title", "start_date", "end_date", "is_current"),
    "events": (
        "name",
        "kind",
        "starts_at",
        "ends_at",
        "location",
        "online_url",
        "my_role",
        "goals",
        "notes",
        "ical_uid",
    ),
    "interactions": (
        "occurred_at",
        "kind",
        "initiated_by",
        "summary",
        "notes",
        "quality",
        "value",
        "import_key",
    ),
    "reminders": (
        "title",
        "note",
        "kind",
        "status",
        "due_on",
        "due_time",
        "snoozed_until",
        "notice_days",
        "recur_every",
        "recur_unit",
        "recur_anchor",
        "completed_at",
    ),
}

# Section -> {field: section it points into}: references by file id (null allowed).
REFERENCES = {
    "contacts": {"introduced_by": "contacts"},
    "affiliations": {"contact": "contacts", "organization": "organizations"},
    "memberships": {"organization": "organizations"},
    "events": {"host_organization": "organizations"},
    "interactions": {"event": "events"},
    "reminders": {
        "contact": "contacts",
        "event": "events",
        "organization": "organizations",
        "interaction": "interactions",
    },
}

# In this order a restore can create each row after everything it points at.
SECTIONS = tuple(FIELDS)
