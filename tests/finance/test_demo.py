"""The demo loads the region's finance file before it makes (and counts) its data."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from jeugdmodel.demo.generator import DemoResult
from jeugdmodel.finance.models import Budget, Tariff
from jeugdmodel.finance.services import finance_load_shipped
from jeugdmodel.region.regionfile import shipped_region_file
from jeugdmodel.steering.models import YouthPopulation


def test_demo_data_loads_the_finance_file_first(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    call_command("region_load", str(shipped_region_file("mvs")), stdout=StringIO())
    seen: dict[str, int] = {}

    def generate(**kwargs: Any) -> DemoResult:
        seen["tariffs"] = Tariff.objects.count()
        return DemoResult(created=False)

    monkeypatch.setattr(
        "jeugdmodel.demo.management.commands.demo_data.demo_data_generate", generate
    )

    call_command("demo_data", "--seed", "1", stdout=StringIO(), verbosity=0)

    assert seen["tariffs"] > 0  # the tariffs were there before the demo data was made
    assert Budget.objects.filter(municipality__region__code="mvs").exists()
    assert YouthPopulation.objects.filter(municipality__code="GM0622").exists()


def test_a_region_without_finance_file_is_left_alone(db: None) -> None:
    call_command("region_load", str(shipped_region_file("fictional")), stdout=StringIO())

    assert finance_load_shipped() == []
    assert not Budget.objects.exists()
