"""Money arithmetic: exact cents, with generated input (hypothesis)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdmodel.finance.money import (
    MAX_CENTS,
    MoneyFormatError,
    allocate,
    cents_to_euros,
    days_in_year,
    div_round,
    elapsed_days,
    euros_to_cents,
    percent_of,
    scale,
    share_percent,
)
from jeugdmodel.finance.tables import euro

weights_strategy = st.dictionaries(
    st.text(min_size=1, max_size=6), st.integers(0, 10_000), min_size=1, max_size=12
)


@given(total=st.integers(0, 10**13), weights=weights_strategy)
def test_allocation_sums_exactly_to_the_lump_sum(total: int, weights: dict[str, int]) -> None:
    parts = allocate(total, weights)

    assert set(parts) == set(weights)
    assert sum(parts.values()) == total
    whole = sum(weights.values())
    for key, part in parts.items():
        assert part >= 0
        if whole:
            # Each part is its exact share rounded down or up: never more than a cent off.
            exact = Decimal(total) * weights[key] / whole
            assert abs(part - exact) < 1
            if weights[key] == 0:
                assert part == 0


def test_allocation_examples() -> None:
    assert allocate(300_001, {"a": 10, "b": 5}) == {"a": 200_001, "b": 100_000}
    assert allocate(10, {"a": 1, "b": 1, "c": 1}) == {"a": 4, "b": 3, "c": 3}
    assert allocate(5, {"a": 0, "b": 0}) == {"a": 3, "b": 2}  # nobody in care: equal parts
    assert allocate(5, {}) == {}
    with pytest.raises(ValueError, match="non-negative"):
        allocate(-1, {"a": 1})


@given(cents=st.integers(0, 10**14))
def test_euros_round_trip(cents: int) -> None:
    euros = cents_to_euros(cents)

    assert euros_to_cents(euros) == cents
    assert euros_to_cents(str(euros)) == cents


@pytest.mark.parametrize(
    ("value", "cents"),
    [(1234, 123_400), ("1234.5", 123_450), (12.25, 1_225), ("1_000.00", 100_000), ("0", 0)],
)
def test_euros_to_cents(value: object, cents: int) -> None:
    assert euros_to_cents(value) == cents


@pytest.mark.parametrize(
    "value",
    [True, None, "", "abc", "-1", "1.001", "NaN", "Infinity", [], "1e30", "92233720368547758.08"],
)
def test_euros_to_cents_refuses(value: object) -> None:
    with pytest.raises(MoneyFormatError):
        euros_to_cents(value)


@given(cents=st.integers(0, 10**12), percent=st.decimals(0, 100, places=2))
def test_percent_of_is_within_half_a_cent(cents: int, percent: Decimal) -> None:
    exact = Decimal(cents) * percent / 100

    assert abs(percent_of(cents, percent) - exact) <= Decimal("0.5")


def test_the_largest_storable_amount() -> None:
    assert euros_to_cents("92233720368547758.07") == MAX_CENTS


def test_rounding_is_half_up_not_half_even() -> None:
    # Exactly half a cent goes up, also where half even would round down (2.5 → 2).
    assert [div_round(n, 2) for n in (1, 3, 5)] == [1, 2, 3]
    assert scale(5, 1, 2) == 3
    assert percent_of(50, Decimal(1)) == 1
    assert percent_of(250, Decimal(1)) == 3
    assert share_percent(1, 8) == Decimal("12.5")
    assert share_percent(1, 16) == Decimal("6.3")


def test_euro_display_rounds_half_up() -> None:
    assert euro(250) == "€ 3"  # round(2.5) would give 2
    assert euro(249) == "€ 2"
    assert euro(123_456_789) == "€ 1.234.568"
    assert euro(-150) == "-€ 2"
    assert euro(None) == "—"


def test_share_percent() -> None:
    assert share_percent(1, 3) == Decimal("33.3")
    assert share_percent(2, 3) == Decimal("66.7")
    assert share_percent(1, 0) is None


@given(day=st.dates(date(2023, 1, 1), date(2028, 12, 31)))
def test_elapsed_days_grow_by_one_a_day_within_the_year(day: date) -> None:
    year = 2025
    before = elapsed_days(year, day - timedelta(days=1))
    now = elapsed_days(year, day)

    assert 0 <= now <= days_in_year(year)
    assert now - before == (1 if day.year == year else 0)
