"""Applying a delta to the cells: one row per key, also after two transactions raced to
create the same new key (each left a row)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from django.db.models import Sum

from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.cellkey import KEYS
from jeugdmodel.steering.models import Cell, MunicipalityCell
from jeugdmodel.steering.services import cells_apply

pytestmark = pytest.mark.django_db


def _key(muni: Municipality) -> tuple[Any, ...]:
    return ("Q", date(2024, 1, 1), muni.id, None, None, 2, "v", "in_care", 0)


def _cell_rows(key: tuple[Any, ...]) -> list[int]:
    kind, start, muni, district, team, age, sex, measure, bucket = key
    return list(
        Cell.objects.filter(
            period_kind=kind, period_start=start, municipality_id=muni, district_id=district,
            team_id=team, age_group=age, sex=sex, measure=measure, bucket=bucket,
        ).values_list("value", flat=True)
    )  # fmt: skip


def _rollup_total(muni: Municipality) -> int:
    return int(
        MunicipalityCell.objects.filter(municipality=muni, measure="in_care").aggregate(
            s=Sum("value")
        )["s"]
        or 0
    )


def test_a_new_key_is_created_and_removed_at_zero(mvs: Any) -> None:
    muni = Municipality.objects.get(code="GM0606")
    key = _key(muni)
    cells_apply(Counter({key: 2}))
    assert _cell_rows(key) == [2]
    assert _rollup_total(muni) == 2
    cells_apply(Counter({key: -2}))
    assert _cell_rows(key) == []
    assert _rollup_total(muni) == 0


@pytest.mark.parametrize(("change", "expected"), [(1, [4]), (-1, [2]), (-3, [])])
def test_two_rows_of_one_key_fold_into_one_with_the_right_value(
    mvs: Any, change: int, expected: list[int]
) -> None:
    """Two racing creates left rows 1 and 2 (sum 3); the next delta gives one row."""
    muni = Municipality.objects.get(code="GM0606")
    key = _key(muni)
    kind, start, muni_id, district, team, age, sex, measure, bucket = key
    for value in (1, 2):
        Cell.objects.create(
            period_kind=kind, period_start=start, municipality_id=muni_id, district_id=district,
            team_id=team, age_group=age, sex=sex, measure=measure, bucket=bucket, value=value,
        )  # fmt: skip
        MunicipalityCell.objects.create(
            period_kind=kind, period_start=start, municipality_id=muni_id, measure=measure,
            bucket=bucket, value=value,
        )  # fmt: skip
    cells_apply(Counter({key: change}))
    assert _cell_rows(key) == expected
    assert _rollup_total(muni) == 3 + change
    assert MunicipalityCell.objects.filter(municipality=muni).count() == len(expected)


def _cell_keys(key: tuple[Any, ...]) -> list[int]:
    kind, start, muni, district, team, age, sex, measure, bucket = key
    return list(
        Cell.objects.filter(
            period_kind=kind, period_start=start, municipality_id=muni, district_id=district,
            team_id=team, age_group=age, sex=sex, measure=measure, bucket=bucket,
        ).values_list("ckey", flat=True)
    )  # fmt: skip


def test_keys_travel_with_the_counts_modulo_keys(mvs: Any) -> None:
    """A child in (key a), a second child in (key b), the first out: the key is b, the
    roll-up too; a key change without a count change (one child for another) is applied."""
    muni = Municipality.objects.get(code="GM0606")
    key = _key(muni)
    a, b, c = KEYS - 5, KEYS - 7, 12345
    cells_apply(Counter({key: 1}), Counter({key: a}))
    cells_apply(Counter({key: 1}), Counter({key: b}))
    assert _cell_keys(key) == [(a + b) % KEYS]
    cells_apply(Counter({key: -1}), Counter({key: -a}))
    assert _cell_keys(key) == [b]
    cells_apply(Counter(), Counter({key: c - b}))
    assert _cell_rows(key) == [1]
    assert _cell_keys(key) == [c]
    assert list(
        MunicipalityCell.objects.filter(municipality=muni).values_list("ckey", flat=True)
    ) == [c]
    cells_apply(Counter({key: -1}), Counter({key: -c}))
    assert _cell_rows(key) == []


def test_two_rows_of_one_key_fold_their_keys(mvs: Any) -> None:
    muni = Municipality.objects.get(code="GM0606")
    key = _key(muni)
    kind, start, muni_id, district, team, age, sex, measure, bucket = key
    for value, ckey in ((1, KEYS - 1), (2, 10)):
        Cell.objects.create(
            period_kind=kind, period_start=start, municipality_id=muni_id, district_id=district,
            team_id=team, age_group=age, sex=sex, measure=measure, bucket=bucket, value=value,
            ckey=ckey,
        )  # fmt: skip
    cells_apply(Counter({key: 1}), Counter({key: 100}))
    assert _cell_rows(key) == [4]
    assert _cell_keys(key) == [(KEYS - 1 + 10 + 100) % KEYS]
