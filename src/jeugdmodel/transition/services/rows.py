"""Writing many rows fast: one prepared INSERT with executemany per table (SQLite), COPY
(PostgreSQL).

``bulk_create`` compiles every value of every row through the ORM (about 10 µs a value);
for the tens of thousands of rows of a caseload that is most of the import's time. Rows
whose ids nobody needs afterwards are written here instead: plain values (dates, strings,
ids) straight to the database driver, fields not given take their model default, and
UUIDs are prepared the way the field stores them. Runs inside the caller's transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

CHUNK = 5000


def insert_rows(model: type[models.Model], rows: Iterable[Mapping[str, Any]]) -> int:
    """Insert ``rows`` (attname → value) into ``model``'s table; returns how many."""
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.attname == "id")]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608
    fixed: dict[str, Any] = {}
    per_row: list[models.Field[Any, Any]] = []
    for field in fields:
        if isinstance(field, models.UUIDField) or (
            field.default is not NOT_PROVIDED and callable(field.default)
        ):
            per_row.append(field)  # a fresh value per row (uuid4, date.today)
        else:  # a constant default, or the field's empty value ("" or NULL)
            fixed[field.attname] = field.get_db_prep_save(field.get_default(), connection)
    names = [f.attname for f in fields]
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK)):
            values = []
            for row in chunk:
                data = {**fixed, **row}
                for field in per_row:
                    if field.attname not in row:
                        data[field.attname] = field.get_db_prep_save(
                            field.get_default(), connection
                        )
                    elif isinstance(field, models.UUIDField):
                        data[field.attname] = field.get_db_prep_save(row[field.attname], connection)
                values.append([data[name] for name in names])
            _write_chunk(cursor, sql, marks, values)
            total += len(values)
    return total


def _write_chunk(cursor: Any, sql: str, marks: str, values: list[list[Any]]) -> None:
    """SQLite (in-process): executemany. PostgreSQL: COPY, because executemany costs a
    round trip per row there and a long multi-row INSERT is slow to bind."""
    if connection.vendor != "postgresql":
        cursor.executemany(sql, values)
        return
    head = sql[: sql.index(" VALUES")].replace("INSERT INTO", "COPY", 1)
    with cursor.cursor.copy(f"{head} FROM STDIN") as copy:
        for row in values:
            copy.write_row(row)


def insert_rows_with_ids(
    model: type[models.Model], rows: list[dict[str, Any]], *, chunk: int = 900
) -> list[int]:
    """Like ``insert_rows`` for a model with a ``public_id``; returns the new ids in the order
    of ``rows``, read back by their public ids (a few chunked queries)."""
    for row in rows:
        row["public_id"] = uuid.uuid4()
    insert_rows(model, rows)
    wanted = [row["public_id"] for row in rows]
    found: dict[uuid.UUID, int] = {}
    manager = model._default_manager
    if connection.vendor == "postgresql":  # one array parameter instead of thousands
        table = connection.ops.quote_name(model._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT public_id, id FROM {table} WHERE public_id = ANY(%s)",  # noqa: S608
                [wanted],
            )
            found.update(cursor.fetchall())
        return [found[public_id] for public_id in wanted]
    for i in range(0, len(wanted), chunk):
        found.update(
            manager.filter(public_id__in=wanted[i : i + chunk]).values_list("public_id", "id")
        )
    return [found[public_id] for public_id in wanted]
