"""Writes of many rows in one statement, on PostgreSQL and SQLite alike.

Django's bulk_create and bulk_update split their rows into batches that fit SQLite's historical
limit of 999 parameters, so their number of queries grows with the rows (a 1,000-contact bulk edit
would make a dozen). These send all the values as one parameter instead: arrays through unnest()
on PostgreSQL, one JSON document through json_each() on SQLite. Bulk edits pin their query
counts on 10 and 1,000 rows with these (tests/contacts/test_bulk_queries.py).
"""

import json
from collections.abc import Mapping, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models


def _insertable_fields(model: type[models.Model]) -> list[models.Field]:
    # A generated column (Reminder.remind_on) is the database's to write.
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.AutoField | models.BigAutoField) and not field.generated
    ]


def _insert(
    objs: Sequence[models.Model], *, ignore_conflicts: bool, returning: bool
) -> list[int] | None:
    model = type(objs[0])
    fields = _insertable_fields(model)
    # The connection itself, not the `connection` proxy: each attribute read through the proxy
    # goes through a context-local lookup, and this loop makes one per cell (a third of the
    # time of a 30,000-contact import went there).
    database = connections[DEFAULT_DB_ALIAS]
    rows = [
        [field.get_db_prep_save(field.pre_save(obj, add=True), database) for field in fields]
        for obj in objs
    ]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    back = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}" if returning else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            skip = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT * FROM unnest({arrays}){skip}{back}",  # noqa: S608
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(fields)))
            verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
            cursor.execute(
                f"{verb} INTO {table} ({columns}) SELECT {picks} FROM json_each(%s) "  # noqa: S608
                f"WHERE true{back}",
                [json.dumps(rows, default=str)],
            )
        return [row[0] for row in cursor.fetchall()] if returning else None


def rows_insert(objs: Sequence[models.Model], *, ignore_conflicts: bool = False) -> int:
    """INSERT these unsaved instances of one model in one statement; returns how many were
    given. `ignore_conflicts` skips the rows a unique constraint refuses (ON CONFLICT DO NOTHING,
    INSERT OR IGNORE), so the database decides a race.

    Field defaults and auto_now(_add) apply as on save(); the instances do not get their new
    primary keys (callers that need them use rows_insert_returning_ids).
    """
    if objs:
        _insert(objs, ignore_conflicts=ignore_conflicts, returning=False)
    return len(objs)


def rows_insert_returning_ids(objs: Sequence[models.Model]) -> list[int]:
    """rows_insert, answering the new primary keys in the order of `objs`.

    The order is the one the database inserted the rows in, as Django's own bulk_create relies
    on for its RETURNING on PostgreSQL and SQLite.
    """
    if not objs:
        return []
    ids = _insert(objs, ignore_conflicts=False, returning=True)
    if len(ids) != len(objs):
        raise RuntimeError(f"Inserted {len(objs)} rows, got {len(ids)} ids back")
    return ids


def rows_update(objs: Sequence[models.Model], fields: Sequence[str]) -> int:
    """UPDATE `fields` of these saved instances of one model to their values, in one statement
    (bulk_update without its batches); returns how many were given."""
    if not objs:
        return 0
    model = type(objs[0])
    columns = [model._meta.get_field(name) for name in fields]
    rows = [
        [
            obj.pk,
            *(field.get_db_prep_save(getattr(obj, field.attname), connection) for field in columns),
        ]
        for obj in objs
    ]
    quote = connection.ops.quote_name
    table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            names = ", ".join([pk, *(quote(field.column) for field in columns)])
            arrays = ", ".join(
                ["%s::bigint[]", *(f"%s::{field.db_type(connection)}[]" for field in columns)]
            )
            sets = ", ".join(f"{quote(f.column)} = v.{quote(f.column)}" for f in columns)
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM unnest({arrays}) AS v({names}) "  # noqa: S608
                f"WHERE {table}.{pk} = v.{pk}",
                [list(column) for column in zip(*rows, strict=True)],
            )
        else:
            sets = ", ".join(
                f"{quote(field.column)} = json_extract(v.value, '$[{i}]')"
                for i, field in enumerate(columns, start=1)
            )
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM json_each(%s) AS v "  # noqa: S608
                f"WHERE {table}.{pk} = json_extract(v.value, '$[0]')",
                [json.dumps(rows, default=str)],
            )
    return len(objs)


def column_update(model: type[models.Model], column: str, values: Mapping[int, str]) -> int:
    """Set one text column of many rows, each to its own value, in one UPDATE; `values` maps
    primary keys to values. Returns how many rows were asked for."""
    if not values:
        return 0
    field = model._meta.get_field(column)
    table = connection.ops.quote_name(model._meta.db_table)
    target = connection.ops.quote_name(field.column)
    pk = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET {target} = v.value "  # noqa: S608
                f"FROM unnest(%s::bigint[], %s::text[]) AS v(id, value) WHERE {table}.{pk} = v.id",
                [list(values.keys()), list(values.values())],
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET {target} = v.value "  # noqa: S608
                f"FROM json_each(%s) AS v WHERE {table}.{pk} = CAST(v.key AS INTEGER)",
                [json.dumps({str(key): value for key, value in values.items()})],
            )
    return len(values)
