"""Keep (almost) no planner statistics on contacts_contact.search_text (PostgreSQL only).

A search's typo part (`search_text %> 'ana'`) is estimated by evaluating the operator against
every value of the column's statistics: the most common values and the histogram, up to 200
texts of 200 characters each, 2 to 3 ms of word similarity at every search, whether or not that
part then runs (contacts.selectors.contacts.contacts_best_matching). The column is only ever
read through its trigram index and to rank a hundred rows, so those statistics buy no better
plan: with one value kept, PostgreSQL uses its default estimate and plans the search in a
tenth of a millisecond. ANALYZE replaces the statistics already gathered.
"""

from django.db import migrations

FORWARD = [
    "ALTER TABLE contacts_contact ALTER COLUMN search_text SET STATISTICS 1",
    "ANALYZE contacts_contact (search_text)",
]
BACKWARD = [
    "ALTER TABLE contacts_contact ALTER COLUMN search_text SET STATISTICS -1",
    "ANALYZE contacts_contact (search_text)",
]


def run_on_postgresql(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("contacts", "0008_contact_met_on")]

    operations = [
        migrations.RunPython(run_on_postgresql(FORWARD), run_on_postgresql(BACKWARD)),
    ]
