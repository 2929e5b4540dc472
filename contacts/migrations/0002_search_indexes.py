"""Search indexes that only PostgreSQL has: full-text and trigram GIN indexes on search_text.

SQLite searches with LIKE and needs nothing here, so each step checks the database first.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX contact_search_fts_idx ON contacts_contact"
    " USING gin (to_tsvector('simple', search_text))",
    "CREATE INDEX contact_search_trgm_idx ON contacts_contact USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX organization_name_trgm_idx ON contacts_organization"
    " USING gin (lower(name) gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS organization_name_trgm_idx",
    "DROP INDEX IF EXISTS contact_search_trgm_idx",
    "DROP INDEX IF EXISTS contact_search_fts_idx",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0001_initial")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
