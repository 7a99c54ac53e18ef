"""Set-based writes whose number of queries does not depend on the number of rows.

Django's ``bulk_create`` splits its INSERT into batches on SQLite (999
parameters per statement), so its query count grows with the rows. These
helpers send all rows as ONE JSON parameter and let the database unpack it
(``json_each`` on SQLite, ``json_to_recordset`` on PostgreSQL):

- ``insert_rows``: ``INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING id``,
  i.e. rows that a unique constraint already holds are skipped, not failed,
  and only the ids of rows really inserted come back;
- ``update_rows``: one UPDATE setting one column per primary key.

Both send ``rows_written`` (sender: the model) when they changed a row: what is kept over a
model's rows is replaced on these writes as on its saves (``public_cache.replaced_on_writes``),
though no ``post_save`` is sent for them.
"""

import json
from collections.abc import Callable
from datetime import UTC, date, datetime

from django.db import connection, connections, models
from django.dispatch import Signal
from django.utils import timezone

rows_written = Signal()


def _to_json(field: models.Field) -> Callable[[object], object]:
    """How a value of ``field`` is written into the JSON parameter: chosen once per field, not per
    value (a 40,000-award announcement writes 1.3 million values)."""
    if isinstance(field, models.JSONField):
        return _as_is
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime_json if connection.vendor == "sqlite" else _datetime_json
    if isinstance(field, models.BooleanField):
        return lambda value: None if value is None else bool(value)
    if isinstance(field, models.UUIDField):
        # Its text on PostgreSQL, its hex where it is stored so (SQLite).
        database = connections[connection.alias]
        return lambda value: None if value is None else str(field.get_db_prep_value(value, database))
    return _plain_json


def _as_is(value):
    return value


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value, timezone.get_default_timezone()) if timezone.is_naive(value) else value


def _datetime_json(value):
    return None if value is None else _aware(value).isoformat()


def _sqlite_datetime_json(value):
    # Django stores naive UTC on SQLite.
    return None if value is None else str(_aware(value).astimezone(UTC).replace(tzinfo=None))


def _plain_json(value):
    return value.isoformat() if isinstance(value, date | datetime) else value


def _row_source(columns: list[tuple[str, models.Field]]) -> tuple[str, str]:
    """(FROM clause, select list) reading the JSON parameter as rows."""
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        types = ", ".join(f"{qn(col)} {_pg_type(field)}" for col, field in columns)
        return f"json_to_recordset(%s::json) AS j({types})", ", ".join(f"j.{qn(col)}" for col, _ in columns)
    if connection.vendor == "sqlite":
        select = ", ".join(f"json_extract(j.value, '$.\"{col}\"')" for col, _ in columns)
        return "json_each(%s) AS j", select
    raise NotImplementedError(f"set-based writes are not implemented for {connection.vendor}")


def _pg_type(field: models.Field) -> str:
    if isinstance(field, models.ForeignKey):
        return field.target_field.rel_db_type(connection)
    if isinstance(field, models.JSONField):
        return "jsonb"
    return field.db_type(connection)


def insert_rows(model: type[models.Model], rows: list[dict]) -> list[int]:
    """Insert ``rows`` (dicts of field attname → value) in one statement.

    Fields a row leaves out take their default (``auto_now``/``auto_now_add``:
    now). Rows that conflict with a unique constraint are skipped. Returns the
    primary keys of the inserted rows.
    """
    if not rows:
        return []
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Per field: its key in a row, its column, how it is written, and what it is when left out.
    plan = [
        (
            field.attname,
            field.column,
            _to_json(field),
            (lambda: now)
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
            else field.get_default,  # "" for text fields, None for nullable ones
        )
        for field in fields
    ]
    payload = []
    for row in rows:
        payload.append(
            {column: to_json(row[name] if name in row else default()) for name, column, to_json, default in plan}
        )
    columns = [(f.column, f) for f in fields]
    source, select = _row_source(columns)
    qn = connection.ops.quote_name
    # SQLite needs the WHERE to tell the SELECT's end from ON CONFLICT.
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c, _ in columns)}) "  # noqa: S608 (names from _meta; values are one parameter)
        f"SELECT {select} FROM {source} WHERE 1 = 1 "
        f"ON CONFLICT DO NOTHING RETURNING {qn(model._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(payload)])
        ids = [row[0] for row in cursor.fetchall()]
    if ids:
        rows_written.send(sender=model)
    return ids


def update_rows(model: type[models.Model], *, field_name: str, values: dict[int, object]) -> int:
    """Set ``field_name`` to ``values[pk]`` for every pk, in one statement."""
    if not values:
        return 0
    field = model._meta.get_field(field_name)
    pk = model._meta.pk
    table = connection.ops.quote_name(model._meta.db_table)
    col, pk_col = connection.ops.quote_name(field.column), connection.ops.quote_name(pk.column)
    to_json = _to_json(field)
    payload = json.dumps([{"k": key, "v": to_json(value)} for key, value in values.items()])
    if connection.vendor == "postgresql":
        sql = (
            f"UPDATE {table} SET {col} = j.v FROM json_to_recordset(%s::json) "  # noqa: S608 (names from _meta)
            f"AS j(k {pk.rel_db_type(connection)}, v {_pg_type(field)}) WHERE {table}.{pk_col} = j.k"
        )
    else:
        sql = (
            f"UPDATE {table} SET {col} = j.v FROM (SELECT json_extract(value, '$.k') AS k, "  # noqa: S608 (names from _meta)
            f"json_extract(value, '$.v') AS v FROM json_each(%s)) AS j WHERE {table}.{pk_col} = j.k"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [payload])
        changed = cursor.rowcount
    if changed:
        rows_written.send(sender=model)
    return changed
