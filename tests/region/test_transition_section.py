"""The region file's ``transition`` section: switch date and end of the transitional right."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jeugdmodel.region.models import RegionSwitch
from jeugdmodel.region.regionfile import (
    add_months,
    check_region_data,
    parse_region_file,
    region_file_from_data,
    region_file_to_data,
    shipped_region_file,
)
from jeugdmodel.region.selectors import region_export_data, region_switch
from jeugdmodel.region.services import region_load
from tests.region.conftest import small_region


def with_transition(**values: Any) -> dict[str, Any]:
    data = small_region()
    data["transition"] = {"switch_date": "2023-01-01", **values}
    return data


def test_mvs_switches_on_1_january_2023_with_six_months_by_default() -> None:
    region_file = parse_region_file(shipped_region_file("mvs"))
    transition = region_file.transition
    assert transition is not None
    assert transition.switch_date == date(2023, 1, 1)
    assert transition.transitional_right_months == 6
    assert transition.default_end() == date(2023, 6, 30)
    assert transition.end_for_product("45A53") == date(2023, 12, 31)
    assert transition.end_for_product("99X99") == date(2023, 6, 30)


def test_months_default_to_six_and_the_section_round_trips() -> None:
    region_file = region_file_from_data(with_transition())
    assert region_file.transition is not None
    assert region_file.transition.transitional_right_months == 6
    again = region_file_from_data(region_file_to_data(region_file))
    assert again.transition == region_file.transition


@pytest.mark.parametrize(
    ("values", "path", "fragment"),
    [
        ({"switch_date": "2023-02-31"}, "transition.switch_date", "geen bestaande datum"),
        ({"switch_date": "1-1-2023"}, "transition.switch_date", "JJJJ-MM-DD"),
        ({"transitional_right_months": 0}, "transition.transitional_right_months", ""),
        ({"products": [{"productcode": "45A53"}]}, "transition.products[0]", "until"),
        (
            {"products": [{"productcode": "45A53", "until": "2022-12-31"}]},
            "transition.products[0].until",
            "vóór de overstapdatum",
        ),
        (
            {
                "products": [
                    {"productcode": "45A53", "until": "2023-12-31"},
                    {"productcode": "45A53", "until": "2023-09-30"},
                ]
            },
            "transition.products[1].productcode",
            "transition.products[0]",
        ),
        ({"products": [{"productcode": "45 A", "until": "2023-09-30"}]}, "", "productcode"),
        ({"switch_dat": "2023-01-01"}, "transition", "switch_dat"),
    ],
)
def test_a_wrong_transition_is_reported_in_place(
    values: dict[str, Any], path: str, fragment: str
) -> None:
    errors = check_region_data(with_transition(**values))
    assert errors, "expected an error"
    assert any(e.path.startswith(path) and fragment in f"{e.path} {e.message}" for e in errors), [
        (e.path, e.message) for e in errors
    ]


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)), st.integers(1, 60))
def test_adding_months_lands_in_the_right_month_and_never_overflows(day: date, months: int) -> None:
    result = add_months(day, months)
    assert (result.year * 12 + result.month) - (day.year * 12 + day.month) == months
    assert result.day == day.day or result.day < day.day


@pytest.mark.django_db
def test_load_stores_updates_exports_and_removes_the_switch() -> None:
    data = with_transition(products=[{"productcode": "45A53", "until": "2023-12-31"}])
    report = region_load(data=region_file_from_data(data))
    assert report.counts["transition"].created == 1
    switch = region_switch()
    assert switch is not None
    assert switch.switch_date == date(2023, 1, 1)
    assert switch.products == {"45A53": "2023-12-31"}
    assert (
        region_export_data()["transition"]
        == region_file_to_data(region_file_from_data(data))["transition"]
    )

    data["transition"]["transitional_right_months"] = 3
    report = region_load(data=region_file_from_data(data))
    assert report.counts["transition"].updated == 1
    assert RegionSwitch.objects.get().transitional_right_months == 3
    assert region_load(data=region_file_from_data(data)).counts["transition"].unchanged == 1

    del data["transition"]
    report = region_load(data=region_file_from_data(data))
    assert report.counts["transition"].removed == 1
    assert not RegionSwitch.objects.exists()
