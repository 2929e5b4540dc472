"""Search indexes that lead with the owner, over a stored tsvector (PostgreSQL only).

Migration 0002's GIN indexes held every user's words together: a search found everyone's
matches in the index, then read each row to drop the ones of other users, and recomputed
to_tsvector(search_text) for every row it read. Here:

- `search_vector`, a generated column: to_tsvector('simple', search_text), stored, so matching
  and ranking read it instead of parsing the text again. PostgreSQL keeps it in step with
  search_text on every write, whoever writes (services, bulk SQL); the model does not declare it,
  since SQLite has no tsvector and a search there reads search_text with LIKE.
- The full-text and trigram GIN indexes with owner_id as their first column (btree_gin gives GIN
  an operator class for a bigint), so a search reads one user's entries only.

SQLite needs none of it, so each step checks the database first.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "ALTER TABLE contacts_contact ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX contact_owner_search_vector_idx ON contacts_contact"
    " USING gin (owner_id, search_vector)",
    "CREATE INDEX contact_owner_search_trgm_idx ON contacts_contact"
    " USING gin (owner_id, search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS contact_search_fts_idx",
    "DROP INDEX IF EXISTS contact_search_trgm_idx",
]
BACKWARD = [
    "CREATE INDEX contact_search_trgm_idx ON contacts_contact USING gin (search_text gin_trgm_ops)",
    "CREATE INDEX contact_search_fts_idx ON contacts_contact"
    " USING gin (to_tsvector('simple', search_text))",
    "DROP INDEX IF EXISTS contact_owner_search_trgm_idx",
    "DROP INDEX IF EXISTS contact_owner_search_vector_idx",
    "ALTER TABLE contacts_contact DROP COLUMN IF EXISTS search_vector",
    # btree_gin stays: another index may use it by then, and an unused extension costs nothing.
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0004_birthday_index")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
