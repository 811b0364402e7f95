"""The selectors use a fixed number of queries, whatever the amount of data."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from pytest_django import DjangoAssertNumQueries

from jeugdmodel.finance.models import Budget, BudgetCategory, ContractTerms
from jeugdmodel.finance.selectors import finance_overview, finance_region_overview
from jeugdmodel.region.models import Municipality, Region
from jeugdmodel.steering.services import steering_rollup_rebuild
from tests.factories import MunicipalityFactory, RegionFactory
from tests.finance.conftest import cell

QUERIES = 4  # contract terms, municipalities, budgets, cells


def _fill(region: Region, municipalities: int, cells_per_month: int) -> list[Municipality]:
    ContractTerms.objects.get_or_create(region=region, year=2025, defaults={"reference_youths": {}})
    made = [
        MunicipalityFactory(region=region, code=f"GM8{n:03d}", name=f"Gemeente {n}")
        for n in range(municipalities)
    ]
    for muni in made:
        for category in BudgetCategory.values:
            Budget.objects.create(
                municipality=muni, year=2025, category=category, amount_cents=100_000
            )
        cell(muni, "Y", date(2025, 1, 1), "in_care", 3)
        cell(muni, "Y", date(2025, 1, 1), "cost_cents", 50_000)
        for month, age in itertools.product(range(1, 13), range(cells_per_month)):
            cell(muni, "M", date(2025, month, 1), "cost_cents", 100 + age, age_group=age % 5)
    steering_rollup_rebuild()
    return made


@pytest.mark.parametrize(("municipalities", "cells_per_month"), [(1, 1), (6, 10)])
def test_fixed_number_of_queries(
    db: None,
    django_assert_num_queries: DjangoAssertNumQueries,
    municipalities: int,
    cells_per_month: int,
) -> None:
    region = RegionFactory(code="groot")
    made = _fill(region, municipalities, cells_per_month)
    as_of = date(2025, 7, 10)

    with django_assert_num_queries(QUERIES):
        one = finance_overview(municipality=made[0], year=2025, as_of=as_of)
    with django_assert_num_queries(QUERIES):
        whole = finance_region_overview(region=region, year=2025, as_of=as_of)

    assert one.forecast_cents == 50_000
    assert len(whole.municipalities) == municipalities
    assert whole.total.children_in_care == 3 * municipalities
