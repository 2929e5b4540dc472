"""Writes of many rows in one statement, on PostgreSQL and SQLite alike.

Django's bulk_create and bulk_update split their rows into batches that fit SQLite's historical
limit of 999 parameters, so their number of queries grows with the rows (a 1,000-contact bulk edit
would make a dozen). These send all the values as one parameter instead: arrays through unnest()
on PostgreSQL, one JSON document through json_each() on SQLite. Bulk edits pin their query
counts on 10 and 1,000 rows with these (tests/contacts/test_bulk_services.py).

On PostgreSQL each column travels as one array literal ('{"a","b",NULL}'), which the server
reads with its array input function. psycopg2 would send a Python list as ARRAY['a', 'b', NULL]
instead, one constant per cell for the server to parse and coerce: for a 30,000-contact import
that parsing alone took seconds, five times what reading the literals takes.
"""

import datetime
import decimal
import json
import uuid
from collections.abc import Mapping, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models

# What an array literal holds as its text: what str() gives is what PostgreSQL's input
# functions read (a datetime's "+00:00" offset included).
_AS_TEXT = (str, int, float, decimal.Decimal, datetime.date, datetime.time, uuid.UUID)


def _array(values: Sequence) -> str | Sequence:
    """One column's values as a PostgreSQL array literal; a column with values of another kind
    (an adapter such as JSONField's) is left to psycopg2, as a list."""
    kinds = set(map(type, values)) - {type(None)}
    if all(issubclass(kind, str) for kind in kinds):
        texts = values
    elif kinds == {bool}:
        return "{" + ",".join("NULL" if v is None else "t" if v else "f" for v in values) + "}"
    elif all(issubclass(kind, _AS_TEXT) and kind is not bool for kind in kinds):
        # Each distinct value once: a column often repeats one (the time of the write).
        text_of = {value: str(value) for value in set(values)}
        text_of[None] = None
        texts = [text_of[value] for value in values]
    else:
        return values
    # Every element quoted, so that commas, braces, spaces and the word NULL stay text.
    quoted = [
        "NULL" if text is None else '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
        for text in texts
    ]
    return "{" + ",".join(quoted) + "}"


def _insertable_fields(model: type[models.Model]) -> list[models.Field]:
    # A generated column (Reminder.remind_on) is the database's to write.
    return [
        field
        for field in model._meta.concrete_fields
        if not isinstance(field, models.AutoField | models.BigAutoField) and not field.generated
    ]


def _stamped(field: models.Field) -> bool:
    """auto_now or auto_now_add: set to the time of the write, whatever the instance holds."""
    return getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)


def _instance_columns(fields: list[models.Field], objs: Sequence[models.Model]) -> list[list]:
    # The connection itself, not the `connection` proxy: each attribute read through the proxy
    # goes through a context-local lookup, and these loops make one per cell.
    database = connections[DEFAULT_DB_ALIAS]
    columns = []
    for field in fields:
        prep, attname = field.get_db_prep_save, field.attname
        if _stamped(field):
            # One time for the whole statement (as the database's now() would be), set on the
            # instances as save() sets it.
            value = field.pre_save(objs[0], add=True)
            for obj in objs:
                setattr(obj, attname, value)
            columns.append([prep(value, database)] * len(objs))
        elif type(field).pre_save is models.Field.pre_save:
            columns.append([prep(getattr(obj, attname), database) for obj in objs])
        else:
            columns.append([prep(field.pre_save(obj, add=True), database) for obj in objs])
    return columns


def _value_columns(
    model: type[models.Model],
    fields: list[models.Field],
    values: Sequence[Mapping],
    now: datetime.datetime | None,
) -> list[list]:
    database = connections[DEFAULT_DB_ALIAS]
    given = set().union(*values)
    unknown = given - {field.attname for field in fields if not _stamped(field)}
    if unknown:
        raise ValueError(f"{model.__name__} has no field to give {sorted(unknown)} to")
    template = model()  # what save() would write for a field a row does not give
    columns = []
    for field in fields:
        prep, attname = field.get_db_prep_save, field.attname
        if now is not None and _stamped(field) and isinstance(field, models.DateTimeField):
            columns.append([prep(now, database)] * len(values))
        elif field.has_default() and callable(field.default):
            # Called for each row that needs it, as each save() would (a uuid4 is not shared).
            columns.append(
                [
                    prep(row[attname] if attname in row else field.get_default(), database)
                    for row in values
                ]
            )
        elif attname in given:
            default = field.pre_save(template, add=True)
            columns.append([prep(row.get(attname, default), database) for row in values])
        else:
            columns.append([prep(field.pre_save(template, add=True), database)] * len(values))
    return columns


def _insert(
    model: type[models.Model],
    fields: list[models.Field],
    columns: list[list],
    *,
    ignore_conflicts: bool,
    returning: bool,
) -> list[int] | None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    back = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}" if returning else ""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
            skip = " ON CONFLICT DO NOTHING" if ignore_conflicts else ""
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT * FROM unnest({arrays}){skip}{back}",  # noqa: S608
                [_array(column) for column in columns],
            )
        else:
            picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(fields)))
            verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
            cursor.execute(
                f"{verb} INTO {table} ({names}) SELECT {picks} FROM json_each(%s) "  # noqa: S608
                f"WHERE true{back}",
                [json.dumps(list(zip(*columns, strict=True)), default=str)],
            )
        return [row[0] for row in cursor.fetchall()] if returning else None


def _insert_instances(
    objs: Sequence[models.Model], *, ignore_conflicts: bool, returning: bool
) -> list[int] | None:
    model = type(objs[0])
    fields = _insertable_fields(model)
    columns = _instance_columns(fields, objs)
    return _insert(model, fields, columns, ignore_conflicts=ignore_conflicts, returning=returning)


def rows_insert(objs: Sequence[models.Model], *, ignore_conflicts: bool = False) -> int:
    """INSERT these unsaved instances of one model in one statement; returns how many were
    given. `ignore_conflicts` skips the rows a unique constraint refuses (ON CONFLICT DO NOTHING,
    INSERT OR IGNORE), so the database decides a race.

    Field defaults and auto_now(_add) apply as on save(), and the instances get the time
    written (one for the whole statement); they do not get their new primary keys (callers
    that need them use rows_insert_returning_ids).
    """
    if objs:
        _insert_instances(objs, ignore_conflicts=ignore_conflicts, returning=False)
    return len(objs)


def rows_insert_returning_ids(objs: Sequence[models.Model]) -> list[int]:
    """rows_insert, answering the new primary keys in the order of `objs`.

    The order is the one the database inserted the rows in, as Django's own bulk_create relies
    on for its RETURNING on PostgreSQL and SQLite.
    """
    if not objs:
        return []
    ids = _insert_instances(objs, ignore_conflicts=False, returning=True)
    if len(ids) != len(objs):
        raise RuntimeError(f"Inserted {len(objs)} rows, got {len(ids)} ids back")
    return ids


def values_insert(
    model: type[models.Model],
    values: Sequence[Mapping],
    *,
    ignore_conflicts: bool = False,
    now: datetime.datetime | None = None,
) -> int:
    """rows_insert for rows given as field values rather than instances (building tens of
    thousands of model instances costs more than writing them): each mapping gives fields by
    attname ("contact_id", not "contact"); a field a row does not give gets its default, and
    auto_now(_add) fields the time of the write as on save(), or `now` when given (a caller
    that needs to know it). Returns how many were given."""
    if values:
        _insert_values(model, values, ignore_conflicts=ignore_conflicts, now=now, returning=False)
    return len(values)


def values_insert_returning_ids(
    model: type[models.Model], values: Sequence[Mapping], *, now: datetime.datetime | None = None
) -> list[int]:
    """values_insert, answering the new primary keys in the order of `values` (see
    rows_insert_returning_ids)."""
    if not values:
        return []
    ids = _insert_values(model, values, ignore_conflicts=False, now=now, returning=True)
    if len(ids) != len(values):
        raise RuntimeError(f"Inserted {len(values)} rows, got {len(ids)} ids back")
    return ids


def _insert_values(
    model: type[models.Model],
    values: Sequence[Mapping],
    *,
    ignore_conflicts: bool,
    now: datetime.datetime | None,
    returning: bool,
) -> list[int] | None:
    fields = _insertable_fields(model)
    columns = _value_columns(model, fields, values, now)
    return _insert(model, fields, columns, ignore_conflicts=ignore_conflicts, returning=returning)


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
                [_array(column) for column in zip(*rows, strict=True)],
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
                [_array(list(values.keys())), _array(list(values.values()))],
            )
        else:
            cursor.execute(
                f"UPDATE {table} SET {target} = v.value "  # noqa: S608
                f"FROM json_each(%s) AS v WHERE {table}.{pk} = CAST(v.key AS INTEGER)",
                [json.dumps({str(key): value for key, value in values.items()})],
            )
    return len(values)
