"""Thousands of rows written together, without building a model instance per row.

`bulk_create` builds and validates an instance per row and, on PostgreSQL, passes every column as an array
that psycopg quotes value by value in Python: for the 5,000 proposals of a placement run and their 5,000 audit
entries that was a second of the run's store. `insert_rows` takes plain values (already what the column
holds) and writes them with PostgreSQL's COPY (one statement, values encoded in C) or, on SQLite, with one
prepared INSERT run for every row by the driver (`executemany`). No signals, no `save()`: callers are services
that check their rows themselves, inside their own transaction.
"""

import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models


def _column_adapter(field: models.Field):
    """How a Python value becomes the column's value for the current database (None: as it is). The last
    value is remembered by identity: a value the same for every row (the time of an audit batch, an empty
    list) is converted once."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def convert(value: Any) -> Any:
            return None if value is None else json.dumps(value, cls=encoder)

    elif connection.vendor == "postgresql":
        return None  # psycopg adapts int, float, str, bool, date and aware datetime itself
    elif isinstance(field, models.DateTimeField):
        convert = connection.ops.adapt_datetimefield_value
    elif isinstance(field, models.DateField):
        convert = connection.ops.adapt_datefield_value
    else:
        return None
    last: list[Any] = [object(), None]

    def remembering(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]

    return remembering


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert `rows` (one value per name in `fields`, in that order; attribute names such as `run_id` for a
    foreign key) into `model`'s table. Returns the number of rows written. Must run inside a transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("insert_rows must run inside the transaction of the change it belongs to")
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]  # a foreign key by its attribute name too
    for name, field in zip(fields, columns, strict=True):
        if field.attname != name:
            raise ValueError(f"{model.__name__}.{name}: use the column's attribute name ({field.attname})")
    adapters = [_column_adapter(field) for field in columns]
    if any(adapters):
        rows = (
            [value if adapt is None else adapt(value) for adapt, value in zip(adapters, row, strict=True)]
            for row in rows
        )
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    names = ", ".join(quote(field.column) for field in columns)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
        else:
            rows = list(rows)
            placeholders = ", ".join(["%s"] * len(columns))
            # Table and column names come from the model, never from input; the values are parameters.
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608
            written = len(rows)
    return written
