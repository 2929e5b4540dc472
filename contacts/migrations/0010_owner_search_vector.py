"""Every word of the search vector carries its owner, so that a search reads only the owner's
part of the index (PostgreSQL only).

Before, contact_search_vector_idx held one entry per word for all users together: a search for
"mend" read the postings of every user's Mendes and Mendoza, then kept the owner's. Beside 100
other users with 1,000,000 contacts, PostgreSQL rather walked the owner's 10,000 rows one by one
(5 ms, against 0.3 ms alone). Migration 0006 explains why the owner could not simply be a
column of that index (btree_gin has no bigint = integer operator for Django's parameters).

Now each word is stored as "<owner id>.<word>" (`'42.mendes':3`), and a search asks for
"<owner id>.<word>" (contacts.selectors.contacts): the index's entries are the owner's alone,
and a prefix ("42.mend":*) scans only the owner's words. Positions and weights are kept, so a
rank is what it was. Both functions rewrite the quoted lexemes of a tsvector's or a tsquery's
text form (quotes inside a lexeme are doubled there, so one pattern finds each lexeme).
search_vector stays a stored generated column: PostgreSQL keeps it in step with search_text on
every write, whoever writes.

Adding the column rewrites the table, which leaves it without statistics for the new column
(the planner would not know the index finds few rows, and walks the owner's rows instead) and
without a visibility map (index-only scans, such as the dashboard's counts, would read the
table again). So the last step, outside the migration's transaction, is a VACUUM ANALYZE:
seconds for a personal CRM's table.

SQLite has no tsvector (a search there reads search_text with LIKE), so each step checks the
database first.
"""

from django.db import migrations

# A quoted lexeme in the text form of a tsvector or a tsquery, with its text as group 1.
LEXEME = r"'((?:[^']|'')*)'"

FORWARD = [
    f"""
    CREATE FUNCTION contact_owner_tsvector(owner_id bigint, document tsvector) RETURNS tsvector
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace(document::text, $re${LEXEME}$re$, '''' || owner_id || '.\\1''', 'g')::tsvector $$
    """,
    f"""
    CREATE FUNCTION contact_owner_tsquery(owner_id bigint, query tsquery) RETURNS tsquery
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    AS $$ SELECT regexp_replace(query::text, $re${LEXEME}$re$, '''' || owner_id || '.\\1''', 'g')::tsquery $$
    """,
    "DROP INDEX IF EXISTS contact_search_vector_idx",
    "ALTER TABLE contacts_contact DROP COLUMN search_vector",
    "ALTER TABLE contacts_contact ADD COLUMN search_vector tsvector GENERATED ALWAYS AS"
    " (contact_owner_tsvector(owner_id, to_tsvector('simple'::regconfig, search_text))) STORED",
    "CREATE INDEX contact_search_vector_idx ON contacts_contact USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS contact_search_vector_idx",
    "ALTER TABLE contacts_contact DROP COLUMN search_vector",
    "ALTER TABLE contacts_contact ADD COLUMN search_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_text)) STORED",
    "CREATE INDEX contact_search_vector_idx ON contacts_contact USING gin (search_vector)",
    "DROP FUNCTION contact_owner_tsquery(bigint, tsquery)",
    "DROP FUNCTION contact_owner_tsvector(bigint, tsvector)",
]


VACUUM = ["VACUUM (ANALYZE) contacts_contact"]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    # VACUUM cannot run in a transaction; the schema change keeps one of its own.
    atomic = False

    dependencies = [("contacts", "0009_search_text_statistics")]

    operations = [
        migrations.RunPython(
            run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD), atomic=True
        ),
        migrations.RunPython(
            run_on_postgresql(VACUUM), run_on_postgresql(VACUUM), atomic=False
        ),
    ]
