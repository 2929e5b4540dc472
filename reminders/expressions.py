"""A database expression the Reminder model needs and Django does not have."""

from django.db.models import DateField, Func


class DaysBefore(Func):
    """The date `days` days before `day` (both columns), in SQL each database can store in a
    generated column: PostgreSQL subtracts an integer from a date, SQLite uses a date() modifier
    (deterministic, so allowed in generated columns and indexes)."""

    arity = 2
    output_field = DateField()

    def as_postgresql(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.source_expressions)
        return f"({day[0]} - ({days[0]})::integer)", (*day[1], *days[1])

    def as_sqlite(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.source_expressions)
        return f"date({day[0]}, '-' || ({days[0]}) || ' days')", (*day[1], *days[1])

    # Any other database: the PostgreSQL form is standard SQL date arithmetic.
    as_sql = as_postgresql
