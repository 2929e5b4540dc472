"""Model instances read with SQL written by hand, for the few reads of the page opened most.

The dashboard makes about ten small reads on every visit, each answered by the database in a
fraction of a millisecond from an owner-leading index. Building them as querysets cost more:
Django's ORM spent 1 to 4 ms of Python per read compiling the queryset (a join, an order, a
limit) and filling instances, a third of the page's time in all. These reads have a fixed shape,
so their SQL is written once, as text, and this module turns the rows into the same model
instances the templates had before:

- a column named after a field of the model (its column name, e.g. `contact_id`) sets it;
- `<relation>__<column>` (e.g. `contact__display_name`) sets a field of the related row, which
  is attached as select_related attaches it (so `health.contact` asks nothing more); a row
  whose foreign key is NULL gets None. The relation may also be a reverse one-to-one (a
  contact's `health__score`, read through a LEFT JOIN): then the related row's primary key
  must be among the columns, and NULL there means the contact has none;
- any other column becomes a plain attribute (a count, a rank).

Each field's database converters are applied, as the ORM applies them, so a date or an aware
datetime reads the same on SQLite and PostgreSQL. Fields left out are deferred: reading one
would cost a query per row, which the query-count tests of each page would show.

Table names come from the models (`table(Model)`), so the SQL names what Django created.

On PostgreSQL, with connections that outlive a request (CONN_MAX_AGE), each statement is
prepared once per connection and executed after that (see `_execute`): planning these reads
took longer than running them.
"""

import functools
import hashlib
import itertools
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import Field, Model

# The SQL fragments below depend only on the models (and the one database a process talks to),
# so each is built once: rebuilding them on every visit cost a tenth of what they save.


@functools.cache
def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def columns(model: type[Model], alias: str, names: Sequence[str] | None = None) -> str:
    """`alias.column, ...` for these fields of the model (default: all of them)."""
    return _columns(model, alias, None if names is None else tuple(names))


@functools.cache
def _columns(model: type[Model], alias: str, names: tuple[str, ...] | None) -> str:
    fields = model._meta.concrete_fields
    if names is not None:
        fields = [model._meta.get_field(name) for name in names]
    return ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields)


def related_columns(model: type[Model], alias: str, relation: str, names: Sequence[str]) -> str:
    """`alias.column AS relation__column, ...`: fields of a related row, read beside its own."""
    return _related_columns(model, alias, relation, tuple(names))


@functools.cache
def _related_columns(model: type[Model], alias: str, relation: str, names: tuple[str, ...]) -> str:
    fields = [model._meta.get_field(name) for name in names]
    return ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)} AS {relation}__{field.column}"
        for field in fields
    )


def placeholders(values: Sequence) -> str:
    """`%s, %s, ...`, one for each value, for an IN list whose values go as parameters."""
    return ", ".join(["%s"] * len(values))


def constants(*values: int | str) -> str:
    """The code's own constants (a LIMIT, the pending statuses; never what a user typed)
    written into the SQL, comma-separated. A prepared statement is planned once for all its
    values (plan_once), so that plan must not need them: PostgreSQL cannot plan `LIMIT $1` as
    "the first few" nor match `status IN ($1, $2)` to a partial index's condition."""
    written = []
    for value in values:
        if isinstance(value, int):
            written.append(str(int(value)))
        else:
            written.append("'" + str(value).replace("'", "''") + "'")
    return ", ".join(written)


def moment(value):
    """A datetime as a parameter, as the ORM would pass it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


# eq=False: a part is made once per layout (_layout is cached) and looked up by identity in
# _reader's cache, not by hashing each of its fields again on every read.
@dataclass(frozen=True, eq=False)
class _Part:
    """Where the fields of one model (the main one, or one relation) are in a row, in the
    model's field order, which Model.from_db expects its values in."""

    model: type[Model]
    positions: tuple[int, ...]
    fields: tuple[Field, ...]

    @classmethod
    def of(cls, model: type[Model], positions: list[int], fields: list[Field]) -> "_Part":
        order = {field: n for n, field in enumerate(model._meta.concrete_fields)}
        pairs = sorted(zip(positions, fields, strict=True), key=lambda pair: order[pair[1]])
        return cls(model, tuple(p for p, _ in pairs), tuple(f for _, f in pairs))

    @functools.cached_property
    def names(self) -> list[str]:
        return [field.attname for field in self.fields]


@dataclass(frozen=True)
class _Relation:
    """A related row read beside the main one, and how to attach it."""

    # Caches the related row on the main instance: a foreign key, or a reverse one-to-one.
    cache: object
    part: _Part
    # Where in the row a NULL says there is no related row (the key, or the related primary key).
    presence: int
    # A reverse one-to-one's forward field, to cache the main instance on the related row too.
    back: Field | None


@dataclass(frozen=True)
class _Layout:
    main: _Part
    relations: tuple[_Relation, ...]
    extras: tuple[tuple[int, str], ...]


@functools.cache
def _layout(model: type[Model], names: tuple[str, ...]) -> _Layout:
    by_column = {field.column: field for field in model._meta.concrete_fields}
    own: tuple[list[int], list[Field]] = ([], [])
    relations: dict[str, tuple[list[int], list[Field]]] = {}
    extras = []
    for position, name in enumerate(names):
        relation, _, column = name.partition("__")
        if column:
            related_model = model._meta.get_field(relation).related_model
            field = {f.column: f for f in related_model._meta.concrete_fields}[column]
            positions, fields = relations.setdefault(relation, ([], []))
            positions.append(position)
            fields.append(field)
        elif name in by_column:
            own[0].append(position)
            own[1].append(by_column[name])
        else:
            extras.append((position, name))
    attached = []
    for relation, (positions, fields) in relations.items():
        key = model._meta.get_field(relation)
        if key.concrete:
            # The related row's primary key is this row's foreign key column, which must be read.
            presence = names.index(key.column)
            part = _Part.of(key.related_model, [*positions, presence], [*fields, key.target_field])
            attached.append(_Relation(key, part, presence, None))
        else:
            # A reverse one-to-one: its own primary key is among its columns.
            presence = names.index(f"{relation}__{key.related_model._meta.pk.column}")
            part = _Part.of(key.related_model, positions, fields)
            attached.append(_Relation(key, part, presence, key.field))
    return _Layout(_Part.of(model, *own), tuple(attached), tuple(extras))


# Each field's converters, per connection: they are bound to the connection they came from.
_converters: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _reader(database, part: _Part):
    """A function from a row to the part's instance, its values converted as the ORM does."""
    known = _converters.setdefault(database, {})
    if part not in known:
        steps = []
        for position, field in zip(part.positions, part.fields, strict=True):
            column = field.get_col(field.model._meta.db_table)
            converters = database.ops.get_db_converters(column) + field.get_db_converters(database)
            steps.append((position, column, tuple(converters)))
        known[part] = steps
    steps, model, names = known[part], part.model, part.names

    def read(row):
        values = []
        for position, column, converters in steps:
            value = row[position]
            for converter in converters:
                value = converter(value, column, database)
            values.append(value)
        return model.from_db(DEFAULT_DB_ALIAS, names, values)

    return read


# `%s`, `%(name)s` and `%%` in a statement written for the DB-API.
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%s|%%")
# Past this many statements on one connection, others are sent as they are: a statement made
# of an IN list of each length is a statement per length.
_PREPARED_LIMIT = 500


@functools.cache
def _prepared_form(sql: str) -> tuple[str, str, tuple]:
    """A name for the statement, its text with PostgreSQL's numbered parameters ($1, ...), and
    which parameter each number takes (positions for %s, names for %(name)s)."""
    taken: list = []
    positions = itertools.count()

    def number(match: re.Match) -> str:
        if match.group(0) == "%%":
            return "%"
        key = match.group(1) if match.group(1) is not None else next(positions)
        if key not in taken:
            taken.append(key)
        return f"${taken.index(key) + 1}"

    text = _PLACEHOLDER.sub(number, sql)
    return f"raw_{hashlib.blake2b(sql.encode(), digest_size=8).hexdigest()}", text, tuple(taken)


def _prepares(database) -> set[str] | None:
    """The statements prepared on this connection, or None where none should be: SQLite, and
    connections closed after each request (CONN_MAX_AGE = 0, as behind a pooler that hands the
    next transaction another server connection), where a PREPARE would be one more round trip
    per read, never used twice."""
    if database.vendor != "postgresql" or database.settings_dict["CONN_MAX_AGE"] == 0:
        return None
    raw = database.connection
    known = getattr(database, "_raw_reads_prepared", None)
    if known is None or known[0] is not raw:
        known = database._raw_reads_prepared = (raw, set())
    return known[1]


def plan_once(sender, connection, **kwargs) -> None:
    """On a new connection that prepares the reads (_prepares), each statement keeps its first
    plan, the generic one, from its first run (a connection_created receiver, config.apps).

    Every statement here is written to be planned once for all its values (see `constants`).
    Left to choose, PostgreSQL compares the generic plan's estimated cost with the custom plans'
    of its first five runs, and beside other users' data it kept planning the dashboard's recent
    activity again on every visit: 0.23 ms of planning for 0.05 ms of work. Set when the
    connection opens, in autocommit, so that no rollback undoes it; it changes nothing else, as
    only this module prepares statements."""
    if _prepares(connection) is not None:
        with connection.connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


def _execute(cursor, sql: str, params) -> None:
    """cursor.execute(sql, params), through a prepared statement where it pays.

    PostgreSQL plans every statement it is sent, and planning the dashboard's reads took 0.1 to
    0.4 ms each against a few hundredths to run them: most of the page's time in the database.
    They are the same statements on every visit with other values, so each is prepared once per
    connection (PREPARE) and then executed (EXECUTE) with the one plan made for all its values
    (plan_once). The PREPARE goes past Django's cursor wrapper, so a test's query count does not
    depend on whether an earlier test prepared the statement already."""
    prepared = _prepares(cursor.db)
    name, text, taken = _prepared_form(sql) if prepared is not None else (None, sql, ())
    if prepared is None or (name not in prepared and len(prepared) >= _PREPARED_LIMIT):
        cursor.execute(sql, params)
        return
    if name not in prepared:
        with cursor.db.connection.cursor() as raw:
            raw.execute(f"PREPARE {name} AS {text}")
        prepared.add(name)
    values = [params[key] for key in taken]
    arguments = f" ({', '.join(['%s'] * len(values))})" if values else ""
    cursor.execute(f"EXECUTE {name}{arguments}", values)


def rows(sql: str, params: Sequence | dict = ()) -> list[tuple]:
    """The rows of `sql` as tuples, as cursor.fetchall() gives them."""
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        _execute(cursor, sql, params)
        return cursor.fetchall()


# Each statement's layout, once its first run named the columns: reading the names from the
# cursor's description on every run took a tenth of the time of making the instances.
_layouts: dict[tuple[type[Model], str], _Layout] = {}


def instances(model: type[Model], sql: str, params: Sequence = ()) -> list:
    """The rows of `sql` as instances of `model` (see the module's docstring for the columns)."""
    database = connections[DEFAULT_DB_ALIAS]
    layout = _layouts.get((model, sql))
    with database.cursor() as cursor:
        _execute(cursor, sql, params)
        if layout is None:
            layout = _layout(model, tuple(column[0] for column in cursor.description))
            if len(_layouts) < _PREPARED_LIMIT:
                _layouts[model, sql] = layout
        rows = cursor.fetchall()
    if not rows:
        return []
    read_main = _reader(database, layout.main)
    relations = [(relation, _reader(database, relation.part)) for relation in layout.relations]
    result = []
    for row in rows:
        instance = read_main(row)
        for relation, read_related in relations:
            related = None if row[relation.presence] is None else read_related(row)
            relation.cache.set_cached_value(instance, related)
            if relation.back is not None and related is not None:
                relation.back.set_cached_value(related, instance)
        for position, name in layout.extras:
            setattr(instance, name, row[position])
        result.append(instance)
    return result


def instances_listed(
    model: type[Model], lists: dict[str, str], order_by: str, params: Sequence = ()
) -> dict[str, list]:
    """Several reads of `model` in one statement, one round trip instead of one each: `lists`
    maps a name to a complete SELECT (its own ORDER BY and LIMIT pick its rows; its parameters
    come in `params` in that order). UNION ALL promises no order, so `order_by` puts each
    list's rows back in their own, over the alias `listed`, whose `listed_in` column names the
    list of each row. The instances of each list, by name."""
    united = " UNION ALL ".join(
        f"SELECT {constants(name)} AS listed_in, part.* FROM ({sql}) part"  # noqa: S608
        for name, sql in lists.items()
    )
    found = instances(
        model,
        f"SELECT * FROM ({united}) listed ORDER BY listed.listed_in, {order_by}",  # noqa: S608
        params,
    )
    by_list: dict[str, list] = {name: [] for name in lists}
    for instance in found:
        by_list[instance.listed_in].append(instance)
    return by_list
