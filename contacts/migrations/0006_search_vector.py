"""A stored tsvector for search, and its GIN index (PostgreSQL only).

Migration 0002's full-text index was on the expression to_tsvector('simple', search_text): an
index scan found the rows, but every row read again (to check a match, to rank it) parsed its
text anew, 20 us or more a row. `search_vector` is that expression as a generated column, stored:
PostgreSQL keeps it in step with search_text on every write, whoever writes (services, bulk SQL),
and matching and ranking read it. The model does not declare it, since SQLite has no tsvector
(a search there reads search_text with LIKE); contacts.selectors.contacts names it in SQL.

Why the owner is not a column of this index (nor of the trigram one): with btree_gin it could
be, but Django sends the owner's id as an integer literal, and btree_gin's bigint operator class
has no bigint = integer operator, so PostgreSQL would never use that column for our queries. A
search stays within the owner's rows through contacts_contact's owner indexes instead.

SQLite needs none of it, so each step checks the database first.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE contacts_contact ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX contact_search_vector_idx ON contacts_contact USING gin (search_vector)",
    "DROP INDEX IF EXISTS contact_search_fts_idx",
]
BACKWARD = [
    "CREATE INDEX contact_search_fts_idx ON contacts_contact"
    " USING gin (to_tsvector('simple', search_text))",
    "DROP INDEX IF EXISTS contact_search_vector_idx",
    "ALTER TABLE contacts_contact DROP COLUMN IF EXISTS search_vector",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0005_network_indexes")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
