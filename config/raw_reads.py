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
  whose foreign key is NULL gets None;
- any other column becomes a plain attribute (a count, a rank).

Each field's database converters are applied, as the ORM applies them, so a date or an aware
datetime reads the same on SQLite and PostgreSQL. Fields left out are deferred: reading one
would cost a query per row, which the query-count tests of each page would show.

Table names come from the models (`table(Model)`), so the SQL names what Django created.
"""

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def columns(model: type[Model], alias: str, names: Sequence[str] | None = None) -> str:
    """`alias.column, ...` for these fields of the model (default: all of them)."""
    fields = model._meta.concrete_fields
    if names is not None:
        fields = [model._meta.get_field(name) for name in names]
    return ", ".join(f"{alias}.{connection.ops.quote_name(field.column)}" for field in fields)


def related_columns(model: type[Model], alias: str, relation: str, names: Sequence[str]) -> str:
    """`alias.column AS relation__column, ...`: fields of a related row, read beside its own."""
    fields = [model._meta.get_field(name) for name in names]
    return ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)} AS {relation}__{field.column}"
        for field in fields
    )


def moment(value):
    """A datetime as a parameter, as the ORM would pass it (naive UTC text on SQLite)."""
    return connection.ops.adapt_datetimefield_value(value)


def _converters(field):
    column = field.get_col(field.model._meta.db_table)
    return column, connection.ops.get_db_converters(column) + field.get_db_converters(connection)


class _Part:
    """Where the columns of one model (the main one, or one relation) are in a row, in the
    model's field order, which Model.from_db expects its values in."""

    def __init__(self, model: type[Model], positions: list[int], fields: list):
        order = {field: n for n, field in enumerate(model._meta.concrete_fields)}
        pairs = sorted(zip(positions, fields, strict=True), key=lambda pair: order[pair[1]])
        self.model = model
        self.positions = [position for position, _ in pairs]
        self.names = [field.attname for _, field in pairs]
        self.converters = [_converters(field) for _, field in pairs]

    def values(self, row: Sequence) -> list:
        values = []
        for position, (column, converters) in zip(self.positions, self.converters, strict=True):
            value = row[position]
            for converter in converters:
                value = converter(value, column, connection)
            values.append(value)
        return values

    def instance(self, row: Sequence):
        return self.model.from_db(DEFAULT_DB_ALIAS, self.names, self.values(row))


def instances(model: type[Model], sql: str, params: Sequence = ()) -> list:
    """The rows of `sql` as instances of `model` (see the module's docstring for the columns)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [description[0] for description in cursor.description]
        rows = cursor.fetchall()
    by_column = {field.column: field for field in model._meta.concrete_fields}
    own: tuple[list[int], list] = ([], [])
    relations: dict[str, tuple[list[int], list]] = {}
    extras: list[tuple[int, str]] = []
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
    main = _Part(model, *own)
    attached = []
    for relation, (positions, fields) in relations.items():
        field = model._meta.get_field(relation)
        # The related row's key is the foreign key's column of this row, which must be read.
        key_position = names.index(field.column)
        key = field.related_model._meta.pk
        attached.append(
            (field, _Part(field.related_model, [*positions, key_position], [*fields, key]))
        )
    result = []
    for row in rows:
        instance = main.instance(row)
        for field, part in attached:
            # A NULL foreign key has no related row.
            related = None if getattr(instance, field.attname) is None else part.instance(row)
            field.set_cached_value(instance, related)
        for position, name in extras:
            setattr(instance, name, row[position])
        result.append(instance)
    return result
