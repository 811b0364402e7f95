"""A shipped region for the tests, loaded for real once per test session and copied after.

`region_load` validates the file against its schema and upserts kind by kind (some ninety
queries, most of a second); hundreds of tests start from the same MVS region. The first
test that needs a region loads it with `region_load` and keeps the rows it wrote; a later
test in a database without region data gets the same rows written back with one insert per
table. Whenever the copy might differ from a real load (region data already present, a row
it points to gone), the fixture loads for real instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models, transaction

from jeugdmodel.region.models import Region

#: The tables a region load writes to: every model of the region app, with the
#: many-to-many tables.
_MODELS: list[type[models.Model]] = list(
    apps.get_app_config("region").get_models(include_auto_created=True)
)

Rows = list[tuple[type[models.Model], list[dict[str, Any]]]]
_copies: dict[str, Rows] = {}


def _last_pks() -> dict[type[models.Model], int]:
    return {model: model._base_manager.aggregate(m=models.Max("pk"))["m"] or 0 for model in _MODELS}


def _written_since(last: dict[type[models.Model], int]) -> Rows:
    rows: Rows = []
    for model in _MODELS:
        new = list(model._base_manager.filter(pk__gt=last[model]).order_by("pk").values())
        if new:
            rows.append((model, new))
    return rows


def _copy_fits(rows: Rows) -> bool:
    """The tables the copy fills are empty and every row it points to outside itself
    exists (a flushing test can have removed the base list)."""
    if any(model._base_manager.exists() for model, _rows in rows):
        return False
    copied = {model: {row["id"] for row in new} for model, new in rows}
    for model, new in rows:
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model is None:
                continue
            target = field.related_model
            wanted = {row[field.attname] for row in new} - {None} - copied.get(target, set())
            if wanted and target._base_manager.filter(pk__in=wanted).count() != len(wanted):
                return False
    return True


def region_copy_or_load(code: str, load: Callable[[], object]) -> Region:
    """The region `code`: already there, copied from this session's first load, or loaded
    with `load()` (which must load exactly that region)."""
    region = Region.objects.filter(code=code).first()
    if region is not None:
        return region
    rows = _copies.get(code)
    if rows is not None and _copy_fits(rows):
        # One transaction: the foreign keys are checked at its end, not per table (in a
        # test without a surrounding transaction a link table may come before its team).
        with transaction.atomic():
            for model, new in rows:
                model._base_manager.bulk_create([model(**row) for row in new])
            # Explicit ids do not move PostgreSQL's sequences; later inserts must not reuse them.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [m for m, _r in rows]):
                    cursor.execute(sql)
        return Region.objects.get(code=code)
    # Only a load into a database without regions (the base list aside) is kept: then
    # its rows are all the region data there is.
    empty = not Region.objects.exists()
    last = _last_pks() if empty and rows is None else None
    load()
    if last is not None:
        _copies[code] = _written_since(last)
    return Region.objects.get(code=code)
