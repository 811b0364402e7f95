"""Writes of the steering cells: the full rebuild and the refresh of dirty partitions.

Design (docs/decisions/0021-steering-cells.md): a change to a child applies the difference
of the child's contributions before and after the write (`cells_apply`, driven by
signals.py). The full rebuild and the repair path (dirty partitions, municipality × year)
use the same `compute.child_contributions`, so they can never disagree (a test checks it).

Every cell also carries its cell key (docs/decisions/0045): the sum of the record keys of
the children in it, modulo 2⁴⁰. A child adds its record key once to every cell it
contributes to; keys travel with the counts through the rebuild, the deltas and the
roll-up, so a figure's key is a SUM like its count."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.conf import settings as django_settings
from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from jeugdmodel.care.models import Trajectory
from jeugdmodel.intake.models import Request

from . import loader
from .cellkey import KEYS, record_key
from .compute import Key, Settings, child_contributions, child_years, years_touched
from .models import Cell, DirtyPartition, MunicipalityCell, SteeringState

log = logging.getLogger(__name__)

BATCH = 20000
Progress = Callable[[int, int], None]
#: Cell → the sum of the record keys of its children (reduced modulo KEYS when written).
Keys = Counter[Key]


def child_record_key(child_id: int) -> int:
    """The record key of a child under this installation's secret."""
    return record_key(child_id, str(django_settings.JM_CELL_KEY_SECRET).encode())


def cell_keys(cells: Counter[Key], child_id: int) -> Keys:
    """What one child's cells add to the cell keys: its record key in each cell it is in."""
    key = child_record_key(child_id)
    return Counter({cell: key for cell, value in cells.items() if value})


def keys_delta(before: dict[int, Counter[Key]], now: dict[int, Counter[Key]]) -> Keys:
    """The change of the cell keys when each child's cells go from `before` to `now`."""
    delta: Keys = Counter()
    for child_id in before.keys() | now.keys():
        delta.update(cell_keys(now.get(child_id, Counter()), child_id))
        delta.subtract(cell_keys(before.get(child_id, Counter()), child_id))
    return delta


def steering_horizon(today: date | None = None) -> date:
    """Running trajectories count through the end of next year (docs/figures.md)."""
    day = today or timezone.localdate()
    return date(day.year + 1, 12, 31)


def steering_state() -> SteeringState:
    state = SteeringState.objects.order_by("id").first()
    if state is None:
        state = SteeringState.objects.create(horizon=steering_horizon())
    return state


#: Where the day prices of the cost figures come from: ``{(help form id, year): cents}``.
#: The finance app, which sits above steering (docs/architecture.md), registers its tariff
#: table when it is installed; without it every cost is 0.
TariffSource = Callable[[], dict[tuple[int, int], int]]
_tariff_sources: list[TariffSource] = []


def tariffs_register(source: TariffSource) -> None:
    if source not in _tariff_sources:
        _tariff_sources.append(source)


def compute_settings(horizon: date) -> Settings:
    tariffs: dict[tuple[int, int], int] = {}
    for source in _tariff_sources:
        tariffs.update(source())
    return Settings(
        horizon=horizon, goal_reached_score=loader.goal_reached_score(), tariffs=tariffs
    )


def _first_year() -> int | None:
    first = Trajectory.objects.aggregate(m=Min("start_date"))["m"]
    received = Request.objects.aggregate(m=Min("received_at"))["m"]
    years = [d.year for d in (first, received) if d is not None]
    return min(years) if years else None


_COLUMNS = (
    "period_kind",
    "period_start",
    "municipality_id",
    "district_id",
    "team_id",
    "age_group",
    "sex",
    "measure",
    "bucket",
    "value",
    "ckey",
)


def _write(counter: Counter[Key], keys: Keys) -> int:
    """Insert the cells in one go: COPY on PostgreSQL, executemany elsewhere. The ORM's
    bulk_create spent most of a rebuild preparing values field by field."""
    rows = [(*key, value, keys.get(key, 0) % KEYS) for key, value in counter.items() if value]
    if not rows:
        return 0
    table = connection.ops.quote_name(Cell._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            raw = cursor.cursor
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(_COLUMNS))
            # Table and column names are constants of this module, never input.
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608  # nosec B608
            for i in range(0, len(rows), BATCH):
                cursor.executemany(
                    sql,
                    [(r[0], r[1].isoformat(), *r[2:]) for r in rows[i : i + BATCH]],
                )
    return len(rows)


def _rollup(where: str = "", params: Sequence[Any] = ()) -> None:
    """Fill the per-municipality cells from the cells (all, or those matching `where`)."""
    cells = connection.ops.quote_name(Cell._meta.db_table)
    rollup = connection.ops.quote_name(MunicipalityCell._meta.db_table)
    # Table names are constants of this module and `where` is written here, never input.
    # The query always goes with parameters: a literal % is written %% (both backends).
    sql = (
        f"INSERT INTO {rollup} (period_kind, period_start, municipality_id, measure, bucket, "  # noqa: S608  # nosec B608
        f"value, ckey) SELECT period_kind, period_start, municipality_id, measure, bucket, "
        f"SUM(value), SUM(ckey) %% {KEYS} FROM {cells} {where} "
        f"GROUP BY period_kind, period_start, municipality_id, measure, bucket"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))


@transaction.atomic
def steering_rollup_rebuild() -> None:
    """Recompute the per-municipality cells from the cells (after cells were written
    directly, as a repair, or in tests)."""
    MunicipalityCell.objects.all().delete()
    _rollup()


@transaction.atomic
def steering_rebuild(*, progress: Progress | None = None, today: date | None = None) -> int:
    """Recompute every cell from the operational records; returns the number of cells."""
    horizon = steering_horizon(today)
    settings = compute_settings(horizon)
    first = _first_year()
    ids = sorted(loader.active_child_ids())
    total: Counter[Key] = Counter()
    keys: Keys = Counter()
    if first is not None:
        years = range(first, horizon.year + 1)
        for done, child in enumerate(loader.children_load(ids), start=1):
            cells = child_contributions(child, settings, years)
            total.update(cells)
            keys.update(cell_keys(cells, child.id))
            if progress and (done % 1000 == 0 or done == len(ids)):
                progress(done, len(ids))
    Cell.objects.all().delete()
    MunicipalityCell.objects.all().delete()
    DirtyPartition.objects.all().delete()
    written = _write(total, keys)
    _rollup()
    state = steering_state()
    state.horizon = horizon
    state.rebuilt_at = state.refreshed_at = timezone.now()
    state.save()
    return written


def child_cells_each(child_ids: Iterable[int], settings: Settings) -> dict[int, Counter[Key]]:
    """What each of these children contributes to the cells now (all their years); a child
    without any rows contributes nothing."""
    out: dict[int, Counter[Key]] = {child_id: Counter() for child_id in child_ids}
    for child in loader.children_load(out):
        out[child.id] = child_contributions(child, settings, child_years(child, settings.horizon))
    return out


def child_cells(child_ids: Iterable[int], settings: Settings) -> Counter[Key]:
    """What these children contribute to the cells now, summed."""
    total: Counter[Key] = Counter()
    for cells in child_cells_each(child_ids, settings).values():
        total.update(cells)
    return total


def cells_apply(delta: Counter[Key], keys: Keys | None = None) -> int:
    """Add `delta` to the cells and `keys` to their cell keys (in the caller's
    transaction); returns the cells touched. A cell's count can stay the same while its
    key changes (one child left it, another came in).

    Increments commute, so two transactions changing different children may touch the
    same cell at the same time: PostgreSQL's row lock serialises the two updates."""
    keys = keys or Counter()
    touched = 0
    rollup: Counter[tuple[Any, ...]] = Counter()
    rollup_keys: Counter[tuple[Any, ...]] = Counter()
    for key in delta.keys() | keys.keys():
        change, key_change = delta.get(key, 0), keys.get(key, 0) % KEYS
        if not change and not key_change:
            continue
        # `None` in an exact lookup matches NULL: the cell outside every district.
        _increment(Cell, dict(zip(_COLUMNS[:-2], key, strict=True)), change, key_change)
        short = (key[0], key[1], key[2], key[7], key[8])
        rollup[short] += change
        rollup_keys[short] += key_change
        touched += 1
    for rollup_key in rollup.keys() | rollup_keys.keys():
        change, key_change = rollup.get(rollup_key, 0), rollup_keys.get(rollup_key, 0) % KEYS
        if change or key_change:
            _increment(
                MunicipalityCell,
                dict(zip(_ROLLUP_COLUMNS, rollup_key, strict=True)),
                change,
                key_change,
            )
    return touched


_ROLLUP_COLUMNS = ("period_kind", "period_start", "municipality_id", "measure", "bucket")


def _increment(
    model: type[Cell] | type[MunicipalityCell],
    lookup: dict[str, Any],
    change: int,
    key_change: int = 0,
) -> None:
    """Add `change` to the one row with this key and `key_change` (in [0, KEYS)) to its
    cell key, creating or removing the row as needed.

    Two transactions that both create the same new key at the same moment leave two rows
    (the sums are still right). The next update sees more than one row, has added the
    changes to each, and folds them into one row with the right value and key."""
    match = model.objects.filter(**lookup)
    updated = match.update(value=F("value") + change, ckey=(F("ckey") + key_change) % KEYS)
    if not updated:
        if change:
            model.objects.create(**lookup, value=change, ckey=key_change)
    elif updated > 1:
        rows = list(match.values_list("value", "ckey"))
        value = sum(v for v, _k in rows) - (updated - 1) * change
        ckey = (sum(k for _v, k in rows) - (updated - 1) * key_change) % KEYS
        match.delete()
        if value:
            model.objects.create(**lookup, value=value, ckey=ckey)
    elif change < 0:
        match.filter(value=0).delete()


def steering_mark_dirty(*, child_ids: Iterable[int], since: Iterable[date | None]) -> int:
    """Mark the partitions these children can appear in, from the earliest date on."""
    ids = set(child_ids)
    if not ids:
        return 0
    years = years_touched(since, steering_state().horizon)
    if not years:
        return 0
    municipalities = loader.municipalities_of(ids)
    marked = 0
    for muni in municipalities:
        for year in years:
            if muni is None:
                DirtyPartition.objects.update_or_create(municipality__isnull=True, year=year)
            else:
                DirtyPartition.objects.update_or_create(municipality_id=muni, year=year)
            marked += 1
    return marked


def steering_refresh(*, limit: int | None = None, today: date | None = None) -> int:
    """Recompute the dirty partitions (all, or the oldest `limit`); returns how many.

    When the horizon has moved (a new year began) everything is rebuilt instead."""
    state = steering_state()
    horizon = steering_horizon(today)
    if state.horizon != horizon:
        steering_rebuild(today=today)
        return -1
    settings = compute_settings(horizon)
    done = 0
    queue = DirtyPartition.objects.order_by("marked_at", "id")
    for dirty in list(queue[:limit] if limit else queue):
        _refresh_partition(dirty, settings)
        done += 1
    if done:
        SteeringState.objects.filter(pk=state.pk).update(refreshed_at=timezone.now())
    return done


@transaction.atomic
def _refresh_partition(dirty: DirtyPartition, settings: Settings) -> None:
    muni, year = dirty.municipality_id, dirty.year
    marked_at = dirty.marked_at
    ids = loader.child_ids_for_municipality(muni)
    counter: Counter[Key] = Counter()
    keys: Keys = Counter()
    for child in loader.children_load(ids):
        record = child_record_key(child.id)
        for k, v in child_contributions(child, settings, [year]).items():
            if k[2] == muni and v:
                counter[k] += v
                keys[k] += record
    cells = Cell.objects.filter(
        period_start__gte=date(year, 1, 1), period_start__lte=date(year, 12, 31)
    )
    cells = (
        cells.filter(municipality__isnull=True)
        if muni is None
        else cells.filter(municipality_id=muni)
    )
    cells.delete()
    _write(counter, keys)
    rollups = MunicipalityCell.objects.filter(
        period_start__gte=date(year, 1, 1), period_start__lte=date(year, 12, 31)
    )
    if muni is None:
        rollups.filter(municipality__isnull=True).delete()
        _rollup(
            "WHERE municipality_id IS NULL AND period_start BETWEEN %s AND %s",
            [date(year, 1, 1), date(year, 12, 31)],
        )
    else:
        rollups.filter(municipality_id=int(muni)).delete()
        _rollup(
            "WHERE municipality_id = %s AND period_start BETWEEN %s AND %s",
            [muni, date(year, 1, 1), date(year, 12, 31)],
        )
    # A change that arrived while this ran marked the partition again: keep it dirty.
    DirtyPartition.objects.filter(pk=dirty.pk, marked_at=marked_at).delete()
