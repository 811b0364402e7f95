"""The money selectors on a small hand-made set of cells, with every expected number worked
out by hand in the comments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from jeugdmodel.finance.models import Budget, BudgetCategory, ContractTerms, CostMethod
from jeugdmodel.finance.selectors import (
    BudgetStatus,
    FinanceOverview,
    budget_status,
    finance_overview,
    finance_region_overview,
    finance_years,
    volume_correction,
)
from jeugdmodel.region.models import Municipality, Region
from jeugdmodel.steering.services import steering_rollup_rebuild
from tests.factories import MunicipalityFactory, RegionFactory
from tests.finance.conftest import cell

Y, M, Q = "Y", "M", "Q"
AS_OF = date(2025, 3, 15)


@pytest.fixture
def books(region: Region) -> Region:
    """Two municipalities in 2025.

    Aadorp (GM9801): budget wijkteams 4,000.00, ambulant 6,000.00, verblijf 3,000.00 and
    geëscaleerd 1,000.00 (outside the contract). Year cells: cost 12,000.00 (in two cells),
    10 children in care of whom 8 basis only, 1 residential. Month cost: Jan 1,000.00,
    Feb 900.00, Mar 1,240.00, Apr 500.00.

    Beedorp (GM9802): budget ambulant 9,500.00. Year cells: cost 10,000.00, 5 children,
    all basis. Month cost: Jan 800.00, Mar 310.00.

    Noise that must not count: a cell without municipality (outside the region), a cell of
    2024, a quarter cell, another measure, and a municipality of another region."""
    aadorp = Municipality.objects.get(code="GM9801")
    beedorp = Municipality.objects.get(code="GM9802")
    for category, cents in [
        (BudgetCategory.WIJKTEAMS, 400_000),
        (BudgetCategory.AMBULANT, 600_000),
        (BudgetCategory.STAY, 300_000),
        (BudgetCategory.ESCALATED, 100_000),
    ]:
        Budget.objects.create(municipality=aadorp, year=2025, category=category, amount_cents=cents)
    Budget.objects.create(
        municipality=beedorp,
        year=2025,
        category=BudgetCategory.AMBULANT,
        amount_cents=950_000,
        synthetic=True,
    )
    ContractTerms.objects.create(
        region=region,
        year=2025,
        reserve_percent=Decimal(2),
        overhead_min_percent=Decimal(8),
        overhead_max_percent=Decimal(10),
        volume_correction=True,
        reference_youths={"GM9801": 8, "GM9802": 5},
        covered_categories=["wijkteams", "ambulant", "verblijf"],
    )
    jan, feb, mar, apr = (date(2025, m, 1) for m in (1, 2, 3, 4))
    year = date(2025, 1, 1)
    cell(aadorp, Y, year, "cost_cents", 700_000, age_group=1)
    cell(aadorp, Y, year, "cost_cents", 500_000, age_group=2)
    cell(aadorp, Y, year, "in_care", 6, age_group=1)
    cell(aadorp, Y, year, "in_care", 4, age_group=2)
    cell(aadorp, Y, year, "in_care_basis", 8)
    cell(aadorp, Y, year, "residential", 1)
    for month, cents in [(jan, 100_000), (feb, 90_000), (mar, 124_000), (apr, 50_000)]:
        cell(aadorp, M, month, "cost_cents", cents)
    cell(beedorp, Y, year, "cost_cents", 1_000_000)
    cell(beedorp, Y, year, "in_care", 5)
    cell(beedorp, Y, year, "in_care_basis", 5)
    cell(beedorp, M, jan, "cost_cents", 80_000)
    cell(beedorp, M, mar, "cost_cents", 31_000)
    # Noise.
    cell(None, Y, year, "cost_cents", 999_999)
    cell(None, M, jan, "cost_cents", 999_999)
    cell(aadorp, Y, date(2024, 1, 1), "cost_cents", 999_999)
    cell(aadorp, M, date(2024, 12, 1), "cost_cents", 999_999)
    cell(aadorp, Q, jan, "cost_cents", 999_999)
    cell(aadorp, Y, year, "requests", 99)
    elsewhere = MunicipalityFactory(region=RegionFactory(code="elders"), code="GM9901")
    cell(elsewhere, Y, year, "cost_cents", 999_999)
    cell(elsewhere, Y, year, "in_care", 99)
    steering_rollup_rebuild()  # the selectors read the per-municipality sums
    return region


def test_one_municipality(books: Region) -> None:
    aadorp = Municipality.objects.get(code="GM9801")

    o = finance_overview(municipality=aadorp, year=2025, as_of=AS_OF)

    assert (o.code, o.name, o.year, o.as_of, o.cost_method) == (
        "GM9801",
        "Aadorp",
        2025,
        AS_OF,
        "tariffs",
    )
    assert o.terms_configured
    assert [(b.category, b.amount_cents, b.in_contract) for b in o.budget_lines] == [
        ("wijkteams", 400_000, True),
        ("ambulant", 600_000, True),
        ("verblijf", 300_000, True),
        ("geescaleerd", 100_000, False),
    ]
    # All categories 14,000.00; within the contract 4,000 + 6,000 + 3,000 = 13,000.00.
    assert o.budget_total_cents == 1_400_000
    assert o.budget_cents == 1_300_000
    assert not o.budget_synthetic
    # Jan and Feb whole, March prorated 15 of 31 days: 1,240.00 × 15 / 31 = 600.00.
    # 1,000.00 + 900.00 + 600.00 = 2,500.00. April has not begun.
    assert o.spend_to_date_cents == 250_000
    # The YEAR cell: 7,000.00 + 5,000.00.
    assert o.forecast_cents == 1_200_000
    # 12,000 / 13,000 = 92.3%: below the 95% of "attention".
    assert o.forecast_percent_of_budget == Decimal("92.3")
    assert o.status == BudgetStatus.OK
    assert str(o.status_label) == "binnen budget"
    assert (o.children_in_care, o.children_basis, o.children_specialist) == (10, 8, 2)
    assert o.children_residential == 1
    # 12,000.00 / 10 children.
    assert o.cost_per_child_cents == 120_000
    # (10 − 8) / 10.
    assert o.specialist_share_children == Decimal("20.0")
    assert "niet het aandeel van de kosten" in str(o.specialist_share_note)
    # 13,000.00 × 10 helped / 8 budgeted = 16,250.00; 3,250.00 more.
    vc = o.volume_correction
    assert vc is not None
    assert (vc.youths_helped, vc.reference_youths, vc.factor) == (10, 8, Decimal("1.2500"))
    assert (vc.corrected_budget_cents, vc.difference_cents) == (1_625_000, 325_000)
    # 2% of the original 13,000.00.
    assert (o.reserve_percent, o.reserve_cents) == (Decimal(2), 26_000)
    # 8% and 10% of the spend (2,500.00) and of the forecast (12,000.00).
    assert (o.overhead_to_date.min_cents, o.overhead_to_date.max_cents) == (20_000, 25_000)
    assert (o.overhead_forecast.min_cents, o.overhead_forecast.max_cents) == (96_000, 120_000)
    assert o.count_fields == FinanceOverview.COUNT_FIELDS
    assert "children_in_care" in o.count_fields
    assert "cost_per_child_cents" in o.derived_from_counts


def test_the_month_series(books: Region) -> None:
    aadorp = Municipality.objects.get(code="GM9801")

    months = finance_overview(municipality=aadorp, year=2025, as_of=AS_OF).months

    assert [m.month for m in months] == [date(2025, n, 1) for n in range(1, 13)]
    assert [m.cost_cents for m in months[:5]] == [100_000, 90_000, 124_000, 50_000, 0]
    assert [m.spend_cents for m in months[:5]] == [100_000, 90_000, 60_000, 0, 0]
    assert [m.cumulative_spend_cents for m in months[:4]] == [100_000, 190_000, 250_000, 250_000]
    assert [m.complete for m in months[:4]] == [True, True, False, False]
    # 13,000.00 spread over 365 days: through 31 Jan 31 days → 1,104.11 (1,104.109…);
    # through 31 March 90 days → 3,205.48 (3,205.479…); through 31 Dec the whole budget.
    assert months[0].budget_pro_rata_cents == 110_411
    assert months[2].budget_pro_rata_cents == 320_548
    assert months[11].budget_pro_rata_cents == 1_300_000


def test_over_budget(books: Region) -> None:
    beedorp = Municipality.objects.get(code="GM9802")

    o = finance_overview(municipality=beedorp, year=2025, as_of=AS_OF)

    # Forecast 10,000.00 against a budget of 9,500.00 (ambulant only).
    assert (o.forecast_cents, o.budget_cents) == (1_000_000, 950_000)
    assert o.status == BudgetStatus.OVER
    assert o.forecast_percent_of_budget == Decimal("105.3")
    assert o.budget_synthetic
    # Jan 800.00 + March 310.00 × 15 / 31 = 150.00.
    assert o.spend_to_date_cents == 95_000
    assert o.specialist_share_children == Decimal("0.0")
    # 9,500.00 × 5 / 5: no change.
    assert o.volume_correction is not None
    assert o.volume_correction.difference_cents == 0


def test_the_region_is_the_sum_of_its_municipalities(books: Region) -> None:
    result = finance_region_overview(region=books, year=2025, as_of=AS_OF)
    total = result.total

    assert [m.code for m in result.municipalities] == ["GM9801", "GM9802"]
    assert (total.municipality_id, total.code, total.name) == (None, "proef", "Proefregio")
    # Budget 13,000 + 9,500; forecast 12,000 + 10,000 = 22,000: 97.8%, within 5% below.
    assert (total.budget_cents, total.forecast_cents) == (2_250_000, 2_200_000)
    assert total.status == BudgetStatus.ATTENTION
    assert total.budget_synthetic
    # Spend 2,500.00 + 950.00.
    assert total.spend_to_date_cents == 345_000
    assert total.months[0].spend_cents == 180_000
    assert total.children_in_care == 15
    # 22,000.00 / 15 = 1,466.666… → 1,466.67.
    assert total.cost_per_child_cents == 146_667
    # 22,500.00 × 15 / 13 = 25,961.538… → 25,961.54.
    assert total.volume_correction is not None
    assert total.volume_correction.corrected_budget_cents == 2_596_154
    assert total.reserve_cents == 45_000
    for name in ("spend_to_date_cents", "forecast_cents", "budget_cents", "children_in_care"):
        assert getattr(total, name) == sum(getattr(m, name) for m in result.municipalities)


def test_spend_before_during_and_after_the_year(books: Region) -> None:
    aadorp = Municipality.objects.get(code="GM9801")

    def spend(day: date) -> int:
        return finance_overview(municipality=aadorp, year=2025, as_of=day).spend_to_date_cents

    assert spend(date(2024, 12, 31)) == 0
    # 1 January: 1 of 31 days of 1,000.00 = 32.26 (32.258…).
    assert spend(date(2025, 1, 1)) == 3_226
    assert spend(date(2025, 1, 31)) == 100_000
    # After the year every month counts whole: 1,000 + 900 + 1,240 + 500.
    assert spend(date(2026, 2, 1)) == 364_000


def test_lump_sum_is_shared_by_children_in_care(books: Region) -> None:
    """Aanneemsom 10,950.00 shared by children in care: Aadorp 10 of 15, Beedorp 5 of 15."""
    ContractTerms.objects.filter(year=2025).update(
        cost_method=CostMethod.LUMP_SUM, lump_sum_cents=1_095_000
    )

    result = finance_region_overview(region=books, year=2025, as_of=AS_OF)
    aadorp, beedorp = result.municipalities

    # 10,950.00 × 10/15 = 7,300.00 and × 5/15 = 3,650.00.
    assert (aadorp.forecast_cents, beedorp.forecast_cents) == (730_000, 365_000)
    assert result.total.forecast_cents == 1_095_000
    assert aadorp.cost_method == "lump_sum"
    # Spread over the days: Aadorp 20.00 a day: Jan 620.00, Feb 560.00, Mar 620.00;
    # as of 15 March: 620 + 560 + 620 × 15/31 (300.00) = 1,480.00. Beedorp half of that.
    assert [m.cost_cents for m in aadorp.months[:3]] == [62_000, 56_000, 62_000]
    assert aadorp.spend_to_date_cents == 148_000
    assert beedorp.spend_to_date_cents == 74_000
    assert result.total.spend_to_date_cents == 222_000
    assert sum(m.cost_cents for m in aadorp.months) == 730_000
    # Cost per child: 7,300.00 / 10.
    assert aadorp.cost_per_child_cents == 73_000


def test_lump_sum_of_one_municipality_needs_the_others(books: Region) -> None:
    ContractTerms.objects.filter(year=2025).update(
        cost_method=CostMethod.LUMP_SUM, lump_sum_cents=300_001
    )
    beedorp = Municipality.objects.get(code="GM9802")

    o = finance_overview(municipality=beedorp, year=2025, as_of=AS_OF)

    # 3,000.01 × 5/15 = 1,000.003…: the left-over cent goes to Aadorp (larger remainder).
    assert o.forecast_cents == 100_000


def test_volume_correction_off_or_without_reference(books: Region) -> None:
    aadorp = Municipality.objects.get(code="GM9801")
    ContractTerms.objects.filter(year=2025).update(reference_youths={"GM9801": 8})

    region_without = finance_region_overview(region=books, year=2025, as_of=AS_OF)
    assert region_without.total.volume_correction is None  # Beedorp has no reference
    assert region_without.municipalities[0].volume_correction is not None

    ContractTerms.objects.filter(year=2025).update(volume_correction=False)
    assert finance_overview(municipality=aadorp, year=2025).volume_correction is None


def test_a_year_without_data(books: Region) -> None:
    aadorp = Municipality.objects.get(code="GM9801")

    o = finance_overview(municipality=aadorp, year=2030, as_of=date(2030, 6, 1))

    assert not o.terms_configured
    assert (o.budget_cents, o.spend_to_date_cents, o.forecast_cents) == (0, 0, 0)
    assert o.status == BudgetStatus.NO_BUDGET
    assert o.cost_per_child_cents is None
    assert o.specialist_share_children is None
    assert o.forecast_percent_of_budget is None
    # The defaults of the contract terms apply: 2% reserve, 8–10% overhead.
    assert o.reserve_percent == Decimal("2.00")
    assert o.volume_correction is None
    # Without covered categories every category is within the contract.
    assert all(line.in_contract for line in o.budget_lines)


def test_years(books: Region) -> None:
    ContractTerms.objects.create(region=books, year=2026)

    assert finance_years(region=books) == [2025, 2026]


@pytest.mark.parametrize(
    ("forecast", "status"),
    [
        (0, BudgetStatus.UNDER),  # nothing registered at all
        (150_000, BudgetStatus.UNDER),  # 15%: far below the budget is a signal too
        (749_999, BudgetStatus.UNDER),  # just under 75% (default setting: 25% below)
        (750_000, BudgetStatus.OK),
        (949_999, BudgetStatus.OK),  # 94.99…%
        (950_000, BudgetStatus.ATTENTION),  # exactly 95%
        (1_000_000, BudgetStatus.ATTENTION),  # exactly the budget
        (1_000_001, BudgetStatus.OVER),
    ],
)
def test_budget_status_edges(forecast: int, status: BudgetStatus) -> None:
    assert budget_status(forecast_cents=forecast, budget_cents=1_000_000) == status


def test_underspend_threshold_is_a_setting(settings: Any) -> None:
    settings.JEUGDMODEL_FINANCE_UNDERSPEND_PERCENT = 50
    assert budget_status(forecast_cents=600_000, budget_cents=1_000_000) == BudgetStatus.OK
    assert budget_status(forecast_cents=499_999, budget_cents=1_000_000) == BudgetStatus.UNDER


def test_volume_correction_rounds_half_up() -> None:
    # 100.01 × 2 / 3 = 66.673… → 66.67; 0.03 × 1 / 2 = 0.015 → 0.02.
    assert (
        volume_correction(
            budget_cents=10_001, youths_helped=2, reference_youths=3
        ).corrected_budget_cents
        == 6_667
    )
    vc = volume_correction(budget_cents=3, youths_helped=1, reference_youths=2)
    assert (vc.corrected_budget_cents, vc.difference_cents, vc.factor) == (2, -1, Decimal("0.5"))
    # 1 / 32 = 0.03125 → 0.0313 (half up, not half even).
    assert volume_correction(
        budget_cents=0, youths_helped=1, reference_youths=32
    ).factor == Decimal("0.0313")
