"""Writing many rows fast: one prepared INSERT with executemany per table (SQLite), COPY
(PostgreSQL).

``bulk_create`` compiles every value of every row through the ORM (about 10 µs a value);
for the tens of thousands of rows of a caseload that is most of the import's time. Rows
whose ids nobody needs afterwards are written here instead: plain values (dates, strings,
ids) straight to the database driver, fields not given take their model default, and
UUIDs are prepared the way the field stores them. Runs inside the caller's transaction.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Mapping
from itertools import islice
from typing import Any

from django.db import connection, models
from django.db.models.fields import NOT_PROVIDED

CHUNK = 5000


def uuid4_hex(count: int) -> list[str]:
    """``count`` random (version 4) UUIDs as 32 hex digits, the way both databases take
    them: SQLite's char(32) column as it is, PostgreSQL's uuid column through COPY. One
    ``os.urandom`` call instead of a ``uuid.UUID`` object and a field conversion per row."""
    raw = bytearray(os.urandom(16 * count))
    out = []
    for i in range(0, 16 * count, 16):
        raw[i + 6] = (raw[i + 6] & 0x0F) | 0x40  # version 4
        raw[i + 8] = (raw[i + 8] & 0x3F) | 0x80  # RFC 4122 variant
        out.append(raw[i : i + 16].hex())
    return out


def insert_rows(
    model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, with_id: bool = False
) -> int:
    """Insert ``rows`` (attname → value) into ``model``'s table; returns how many. With
    ``with_id`` the rows carry their own ``id`` (see ``allocate_ids``)."""
    fields = [
        f
        for f in model._meta.concrete_fields
        if with_id or not (f.primary_key and f.attname == "id")
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(str(f.column)) for f in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608  # nosec B608
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
            fresh = {
                f.attname: iter(uuid4_hex(len(chunk)))
                for f in per_row
                if isinstance(f, models.UUIDField) and f.default is uuid.uuid4
            }
            for row in chunk:
                data = {**fixed, **row}
                for field in per_row:
                    if field.attname not in row:
                        if field.attname in fresh:
                            data[field.attname] = next(fresh[field.attname])
                            continue
                        data[field.attname] = field.get_db_prep_save(
                            field.get_default(), connection
                        )
                    elif isinstance(field, models.UUIDField) and not isinstance(
                        row[field.attname], str
                    ):
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


def allocate_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` new primary keys for ``model``, taken before the rows are written, so the
    caller knows them without reading anything back. PostgreSQL: from the table's own
    sequence (one query). SQLite: after the highest id ever used (the AUTOINCREMENT
    counter); safe because the import's transaction holds SQLite's write lock from its
    start (``transaction_mode = IMMEDIATE``), and the counter follows the explicit ids."""
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608  # nosec B608
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        counter = cursor.fetchone()
        start = max(highest, counter[0] if counter else 0) + 1
    return list(range(start, start + count))


def insert_rows_with_ids(model: type[models.Model], rows: list[dict[str, Any]]) -> list[int]:
    """Like ``insert_rows`` for a model with a ``public_id``; returns the new ids in the order
    of ``rows``. The ids are allocated first (``allocate_ids``): nothing is read back."""
    ids = allocate_ids(model, len(rows))
    for row, public_id, new_id in zip(rows, uuid4_hex(len(rows)), ids, strict=True):
        row["public_id"] = public_id
        row["id"] = new_id
    insert_rows(model, rows, with_id=True)
    return ids
