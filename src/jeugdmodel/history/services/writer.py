"""Batched writing for the history import: rows wait in one buffer per model and are
inserted with one `executemany` per model and batch, parents before children.

Why not `bulk_create`: at the volumes of a national import Django's per-value compiler
work costs more than the database itself (docs/decisions/0022-history-import.md). The rows
here are plain dicts by attribute name; every value still goes through the field's own
`get_db_prep_save` where a conversion is needed (dates, datetimes, UUIDs, JSON), defaults
come from the model fields, and the database's own constraints still check every row.

Primary keys are reserved before the rows are written, so a later line can refer to a row
that is still in a buffer: on PostgreSQL from the table's sequence (`nextval`, a block at a
time, safe next to other writers), on SQLite above the highest key ever used (the import
holds SQLite's single write lock for its whole transaction)."""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import (
    DateField,
    DateTimeField,
    DecimalField,
    DurationField,
    Field,
    JSONField,
    Model,
    TimeField,
    UUIDField,
)

from jeugdmodel.care.models import Consultation, Trajectory
from jeugdmodel.cases.models import Case, CaseClosing, JournalEntry
from jeugdmodel.families.models import Family, FamilyMember, Person, Residence
from jeugdmodel.intake.models import Request, RequestPerson

#: Keys reserved at a time on PostgreSQL.
ID_BLOCK = 5000

Row = dict[str, Any]


class Table:
    """The ids of one line type from the file: id → index, and per index the line it came
    from and the primary key of its row. Subclasses add the small columns that the checks
    of later lines need."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.ids: dict[str, int] = {}
        self.pk = array("q")
        self.line = array("q")
        #: Ids whose line was rejected, with the line: a later reference names it.
        self.rejected: dict[str, int] = {}

    def add(self, source_id: str, line: int, pk: int) -> int:
        index = len(self.pk)
        self.ids[source_id] = index
        self.pk.append(pk)
        self.line.append(line)
        return index

    def __len__(self) -> int:
        return len(self.pk)


#: Parents before children: the order in which buffers are written.
WRITE_ORDER: tuple[type[Model], ...] = (
    Family,
    Person,
    FamilyMember,
    Residence,
    Case,
    Request,
    RequestPerson,
    JournalEntry,
    Trajectory,
    Consultation,
    CaseClosing,
)
#: The name of each model in the counts of an import (and in docs/history-format.md).
COUNT_NAMES: dict[type[Model], str] = {
    Family: "families",
    Person: "persons",
    FamilyMember: "family_members",
    Residence: "residences",
    Case: "cases",
    Request: "requests",
    RequestPerson: "request_persons",
    JournalEntry: "contacts",
    Trajectory: "trajectories",
    Consultation: "consultations",
    CaseClosing: "closings",
}
_CONVERTED = (DateField, UUIDField, JSONField, DecimalField, DurationField, TimeField)


class _Insert:
    """The INSERT statement of one model and how to turn a row dict into its parameters."""

    def __init__(self, model: type[Model], now: datetime, db: BaseDatabaseWrapper) -> None:
        quote = db.ops.quote_name
        fields: list[Field[Any, Any]] = list(model._meta.concrete_fields)
        # Names come from the model and are quoted; values are always parameters.
        table = quote(model._meta.db_table)
        columns = ", ".join(quote(str(f.column)) for f in fields)
        self.sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608
            table, columns, ", ".join(["%s"] * len(fields))
        )
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN"
        self.columns: list[tuple[str, Callable[[], Any] | None, Any, Callable[[Any], Any] | None]]
        self.columns = []
        for field in fields:
            factory: Callable[[], Any] | None = None
            constant: Any = None
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                constant = now
            elif field.has_default() and callable(field.default):
                factory = field.default
            else:
                constant = field.get_default()
            convert = None
            if isinstance(field, _CONVERTED):
                convert = _converter(field, db)
            self.columns.append((field.attname, factory, constant, convert))

    def params(self, row: Row) -> list[Any]:
        values = []
        for name, factory, constant, convert in self.columns:
            value = row[name] if name in row else factory() if factory is not None else constant
            values.append(convert(value) if convert is not None and value is not None else value)
        return values


def _converter(field: Field[Any, Any], db: BaseDatabaseWrapper) -> Callable[[Any], Any]:
    """The field's conversion to a database value. The rows hold proper Python values
    (dates, aware datetimes, UUIDs) already, so dates and datetimes go straight to the
    backend's adapter, which is what `get_db_prep_save` ends with."""
    if isinstance(field, DateTimeField):
        return db.ops.adapt_datetimefield_value
    if isinstance(field, DateField):
        return db.ops.adapt_datefield_value
    if isinstance(field, UUIDField):
        return lambda value: field.get_db_prep_value(value, db, prepared=True)

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(value, db)

    return convert


class _Ids:
    """Reserves primary keys of one table."""

    def __init__(self, model: type[Model], db: BaseDatabaseWrapper) -> None:
        self.table = model._meta.db_table
        self.db = db
        self.postgresql = db.vendor == "postgresql"
        self.free: list[int] = []
        self.next = 0

    def take(self) -> int:
        if self.postgresql:
            if not self.free:
                self.free = self._reserve_postgresql()
            return self.free.pop()
        if not self.next:
            self.next = self._first_free_sqlite()
        self.next += 1
        return self.next - 1

    def _reserve_postgresql(self) -> list[int]:
        with self.db.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.table, ID_BLOCK],
            )
            return sorted((row[0] for row in cursor.fetchall()), reverse=True)

    def _first_free_sqlite(self) -> int:
        quote = self.db.ops.quote_name
        with self.db.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quote(self.table)}")  # noqa: S608  # nosec B608
            highest = int(cursor.fetchone()[0])
            # AUTOINCREMENT remembers keys of deleted rows too: never hand one out again.
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.table])
            found = cursor.fetchone()
            return max(highest, int(found[0]) if found else 0) + 1


#: SQLite page cache while importing, in KiB (the default of 2 MB makes every insert into
#: an index on random UUIDs read pages again once the tables are large).
SQLITE_CACHE_KIB = 131_072


class Writer:
    def __init__(self, *, batch_rows: int, now: datetime) -> None:
        self.db = connections[DEFAULT_DB_ALIAS]
        if self.db.vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError("The history import writes to SQLite or PostgreSQL.")
        self.batch_rows = batch_rows
        self.now = now
        self.buffers: dict[type[Model], list[Row]] = {model: [] for model in WRITE_ORDER}
        self.staged = 0
        self.counts: Counter[str] = Counter()
        self._inserts: dict[type[Model], _Insert] = {}
        self._ids: dict[type[Model], _Ids] = {}
        self._cache_size: int | None = None
        #: The lowest and highest primary key of the requests written (for the name fill).
        self.request_pk_range: tuple[int, int] | None = None

    @property
    def written(self) -> int:
        return sum(self.counts.values())

    def open(self) -> None:
        """Start of the import (inside its transaction)."""
        if self.db.vendor == "sqlite":
            with self.db.cursor() as cursor:
                cursor.execute("PRAGMA cache_size")
                self._cache_size = int(cursor.fetchone()[0])
                cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")

    def close(self) -> None:
        """End of the import: the connection gets its own page cache back."""
        if self.db.vendor == "sqlite" and self._cache_size is not None:
            with self.db.cursor() as cursor:
                cursor.execute(f"PRAGMA cache_size = {int(self._cache_size)}")
            self._cache_size = None

    def new_id(self, model: type[Model]) -> int:
        ids = self._ids.get(model)
        if ids is None:
            ids = self._ids[model] = _Ids(model, self.db)
        return ids.take()

    def add(self, model: type[Model], row: Row) -> int:
        """Queue a row (with a reserved key unless it has one); returns its key."""
        if "id" not in row:
            row["id"] = self.new_id(model)
        self.buffers[model].append(row)
        self.staged += 1
        return int(row["id"])

    @property
    def full(self) -> bool:
        return self.staged >= self.batch_rows

    def discard(self) -> None:
        for rows in self.buffers.values():
            rows.clear()
        self.staged = 0

    def write(self) -> None:
        postgresql = self.db.vendor == "postgresql"
        with self.db.cursor() as cursor:
            for model in WRITE_ORDER:
                rows = self.buffers[model]
                if not rows:
                    continue
                insert = self._inserts.get(model)
                if insert is None:
                    insert = self._inserts[model] = _Insert(model, self.now, self.db)
                if postgresql:
                    # COPY is PostgreSQL's bulk path: about three times INSERT's speed here.
                    with cursor.cursor.copy(insert.copy_sql) as copy:
                        for row in rows:
                            copy.write_row(insert.params(row))
                else:
                    cursor.executemany(insert.sql, [insert.params(row) for row in rows])
                if model is Request:
                    keys = [row["id"] for row in rows]
                    low, high = min(keys), max(keys)
                    if self.request_pk_range is not None:
                        low = min(low, self.request_pk_range[0])
                        high = max(high, self.request_pk_range[1])
                    self.request_pk_range = (low, high)
                self.counts[COUNT_NAMES[model]] += len(rows)
                rows.clear()
        self.staged = 0
