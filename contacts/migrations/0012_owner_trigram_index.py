"""The trigram index behind a search's typo part leads with the owner (PostgreSQL only).

A search whose words start no word of any contact's (a typo, "mned" for "mend") is answered by
trigram word similarity, `search_text %> 'mned'`. contact_search_trgm_idx (migration 0002) held
every user's trigrams together, so beside 100 other users with 1,000,000 contacts PostgreSQL
rather walked the owner's 10,000 rows and compared each one's text: 400 ms, against 3 ms alone.
Indexed with the owner first (btree_gin), the index finds the owner's close matches only: 2 ms
however many other people use the instance.

The owner is indexed as text, owner_id::text, and the search asks for it so
(contacts.selectors.contacts._typo_ids_sql). Two reasons. Migration 0006's: Django sends the
owner's id as an integer, which btree_gin's bigint operator class cannot compare. And no other
index holds that expression: PostgreSQL takes word similarity for a cheap comparison, so
offered the owner's b-tree indexes it would still walk the owner's rows and compare each text.

btree_gin, like pg_trgm, is a trusted extension: a database owner may create it without being
a superuser. Going back leaves it installed, as migration 0002 leaves pg_trgm.

SQLite searches with LIKE and needs nothing here, so each step checks the database first.
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX contact_owner_search_trgm_idx ON contacts_contact"
    " USING gin ((owner_id::text), search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS contact_search_trgm_idx",
]
BACKWARD = [
    "CREATE INDEX contact_search_trgm_idx ON contacts_contact USING gin (search_text gin_trgm_ops)",
    "DROP INDEX IF EXISTS contact_owner_search_trgm_idx",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0011_active_name_index_includes_name")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
