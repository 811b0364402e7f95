"""Writes of the steering cells: the full rebuild and the refresh of dirty partitions.

Design (docs/decisions/0021-steering-cells.md): a change to a child applies the difference
of the child's contributions before and after the write (`cells_apply`, driven by
signals.py). The full rebuild and the repair path (dirty partitions, municipality × year)
use the same `compute.child_contributions`, so they can never disagree (a test checks it)."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Min
from django.utils import timezone

from jeugdmodel.care.models import Trajectory
from jeugdmodel.intake.models import Request

from . import loader
from .compute import Key, Settings, child_contributions, child_years, years_touched
from .models import Cell, DirtyPartition, MunicipalityCell, SteeringState

log = logging.getLogger(__name__)

BATCH = 20000
Progress = Callable[[int, int], None]


def steering_horizon(today: date | None = None) -> date:
    """Running trajectories count through the end of next year (docs/figures.md)."""
    day = today or timezone.localdate()
    return date(day.year + 1, 12, 31)


def steering_state() -> SteeringState:
    state = SteeringState.objects.order_by("id").first()
    if state is None:
        state = SteeringState.objects.create(horizon=steering_horizon())
    return state


def compute_settings(horizon: date) -> Settings:
    from jeugdmodel.finance.models import Tariff

    tariffs = {
        (form, year): price
        for form, year, price in Tariff.objects.values_list("help_form_id", "year", "price_cents")
    }
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
)


def _write(counter: Counter[Key]) -> int:
    """Insert the cells in one go: COPY on PostgreSQL, executemany elsewhere. The ORM's
    bulk_create spent most of a rebuild preparing values field by field."""
    rows = [(*key, value) for key, value in counter.items() if value]
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
            sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
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
    sql = (
        f"INSERT INTO {rollup} (period_kind, period_start, municipality_id, measure, bucket, "  # noqa: S608
        f"value) SELECT period_kind, period_start, municipality_id, measure, bucket, "
        f"SUM(value) FROM {cells} {where} "
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
    if first is not None:
        years = range(first, horizon.year + 1)
        for done, child in enumerate(loader.children_load(ids), start=1):
            total.update(child_contributions(child, settings, years))
            if progress and (done % 1000 == 0 or done == len(ids)):
                progress(done, len(ids))
    Cell.objects.all().delete()
    MunicipalityCell.objects.all().delete()
    DirtyPartition.objects.all().delete()
    written = _write(total)
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


def cells_apply(delta: Counter[Key]) -> int:
    """Add `delta` to the cells (in the caller's transaction); returns the cells touched.

    Increments commute, so two transactions changing different children may touch the
    same cell at the same time: PostgreSQL's row lock serialises the two updates."""
    touched = 0
    rollup: Counter[tuple[Any, ...]] = Counter()
    for key, change in delta.items():
        if not change:
            continue
        # `None` in an exact lookup matches NULL: the cell outside every district.
        _increment(Cell, dict(zip(_COLUMNS[:-1], key, strict=True)), change)
        rollup[(key[0], key[1], key[2], key[7], key[8])] += change
        touched += 1
    for rollup_key, change in rollup.items():
        if change:
            _increment(
                MunicipalityCell, dict(zip(_ROLLUP_COLUMNS, rollup_key, strict=True)), change
            )
    return touched


_ROLLUP_COLUMNS = ("period_kind", "period_start", "municipality_id", "measure", "bucket")


def _increment(
    model: type[Cell] | type[MunicipalityCell], lookup: dict[str, Any], change: int
) -> None:
    """Add `change` to the one row with this key, creating or removing it as needed.

    Two transactions that both create the same new key at the same moment leave two rows
    (the sum is still right). The next update sees more than one row, has added `change`
    to each, and folds them into one row with the right value."""
    match = model.objects.filter(**lookup)
    updated = match.update(value=F("value") + change)
    if not updated:
        model.objects.create(**lookup, value=change)
    elif updated > 1:
        value = sum(match.values_list("value", flat=True)) - (updated - 1) * change
        match.delete()
        if value:
            model.objects.create(**lookup, value=value)
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
    for child in loader.children_load(ids):
        for k, v in child_contributions(child, settings, [year]).items():
            if k[2] == muni:
                counter[k] += v
    cells = Cell.objects.filter(
        period_start__gte=date(year, 1, 1), period_start__lte=date(year, 12, 31)
    )
    cells = (
        cells.filter(municipality__isnull=True)
        if muni is None
        else cells.filter(municipality_id=muni)
    )
    cells.delete()
    _write(counter)
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
