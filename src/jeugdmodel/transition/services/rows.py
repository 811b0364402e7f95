"""Writing many rows fast: one prepared INSERT with executemany per table (SQLite), COPY
(PostgreSQL).

``bulk_create`` compiles every value of every row through the ORM (about 10 µs a value);
for the tens of thousands of rows of a caseload that is most of the import's time. Rows
whose ids nobody needs afterwards are written here instead, as plain tuples in the order
of the columns the caller names: values the database driver takes as they are (ids,
strings, dates or their ISO text), fields not named take their model default (computed
once per call, except a fresh UUID per row). Runs inside the caller's transaction.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterable, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

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
    model: type[models.Model], columns: Sequence[str], rows: Iterable[tuple[Any, ...]]
) -> int:
    """Insert ``rows`` (tuples of values for ``columns``, attnames) into ``model``'s table;
    returns how many. The auto ``id`` is left to the database unless ``columns`` names it
    (see ``allocate_ids``)."""
    given = set(columns)
    unknown = given - {f.attname for f in model._meta.concrete_fields}
    if unknown:
        raise ValueError(f"{model.__name__} has no column(s) {sorted(unknown)}")
    fixed_fields: list[models.Field[Any, Any]] = []
    fixed_values: list[Any] = []
    fresh_uuid: list[models.Field[Any, Any]] = []
    for field in model._meta.concrete_fields:
        if field.attname in given or (field.primary_key and field.attname == "id"):
            continue
        if isinstance(field, models.UUIDField) and field.default is uuid.uuid4:
            fresh_uuid.append(field)  # a fresh value per row
        else:  # the default (computed once for all rows), or the field's empty value
            fixed_fields.append(field)
            fixed_values.append(field.get_db_prep_save(field.get_default(), connection))
    fixed = tuple(fixed_values)
    names = [*columns, *(f.attname for f in fixed_fields), *(f.attname for f in fresh_uuid)]
    column_of = {f.attname: str(f.column) for f in model._meta.concrete_fields}
    quote = connection.ops.quote_name
    sql_columns = ", ".join(quote(column_of[name]) for name in names)
    table = quote(model._meta.db_table)
    total = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(islice(iterator, CHUNK)):
            if not fresh_uuid:
                values = [(*row, *fixed) for row in chunk] if fixed else chunk
            elif len(fresh_uuid) == 1:
                values = [
                    (*row, *fixed, public_id)
                    for row, public_id in zip(chunk, uuid4_hex(len(chunk)), strict=True)
                ]
            else:
                fresh = [uuid4_hex(len(chunk)) for _f in fresh_uuid]
                values = [(*row, *fixed, *ids) for row, *ids in zip(chunk, *fresh, strict=True)]
            _write_chunk(cursor, table, sql_columns, len(names), values)
            total += len(values)
    return total


def _write_chunk(
    cursor: Any, table: str, columns: str, width: int, values: Sequence[Sequence[Any]]
) -> None:
    """SQLite (in-process): executemany. PostgreSQL: COPY, because executemany costs a
    round trip per row there and a long multi-row INSERT is slow to bind."""
    if connection.vendor != "postgresql":
        marks = ", ".join(["%s"] * width)
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", values)  # noqa: S608  # nosec B608
        return
    with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
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


def insert_rows_with_ids(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> list[int]:
    """Like ``insert_rows``, with ids allocated first (``allocate_ids``) and returned in the
    order of ``rows``: nothing is read back."""
    ids = allocate_ids(model, len(rows))
    insert_rows(
        model, ("id", *columns), ((new_id, *row) for new_id, row in zip(ids, rows, strict=True))
    )
    return ids
