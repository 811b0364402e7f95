"""Shared builders for the finance tests: a small region, a finance file, cells."""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.db import models

from jeugdmodel.finance.models import Budget, ContractTerms, Tariff
from jeugdmodel.region.models import District, Municipality, Region
from jeugdmodel.steering.models import Cell, YouthPopulation
from tests.factories import MunicipalityFactory, RegionFactory

FINANCE: dict[str, Any] = {
    "version": 1,
    "region": "proef",
    "budgets": [
        {"municipality": "GM9801", "year": 2025, "taakveld": "6.2", "amount": "4000.00"},
        {"municipality": "GM9801", "year": 2025, "taakveld": "6.752", "amount": 6000},
        {
            "municipality": "GM9801",
            "year": 2025,
            "taakveld": "6.762",
            "amount": "3000",
            "source": "https://example.org/begroting",
        },
        {
            "municipality": "GM9801",
            "year": 2025,
            "taakveld": "6.82",
            "amount": "1000.00",
            "synthetic": True,
        },
        {"municipality": "GM9802", "year": 2025, "taakveld": "6.72", "amount": "9500.00"},
    ],
    "tariffs": [
        {
            "help_form": "wijkteamondersteuning",
            "synthetic": True,
            "per_day": {2024: "52.50", 2025: 55},
        },
        {"help_form": "pleegzorg", "per_day": {2025: "250.00"}},
    ],
    "contract_terms": [
        {
            "year": 2025,
            "cost_method": "tariffs",
            "reserve_percent": "2",
            "overhead_percent": {"min": 8, "max": "10.00"},
            "volume_correction": True,
            "reference_youths": {"GM9801": 8, "GM9802": 5},
            "covered_taakvelden": ["6.2", "6.752", "6.73"],
            "synthetic": True,
            "source": "https://example.org/contract",
        }
    ],
    "youth_population": [
        {
            "year": 2025,
            "synthetic": True,
            "source": "wijken",
            "districts": {"WK980101": 300, "WK980102": 200},
            "municipalities": {"GM9802": 410},
        }
    ],
}


def finance_data() -> dict[str, Any]:
    return copy.deepcopy(FINANCE)


@pytest.fixture
def region(db: None) -> Region:
    """Region "proef" with Aadorp (two districts) and Beedorp (none)."""
    region = RegionFactory(code="proef", name="Proefregio")
    aadorp = MunicipalityFactory(region=region, code="GM9801", name="Aadorp")
    MunicipalityFactory(region=region, code="GM9802", name="Beedorp")
    District.objects.create(municipality=aadorp, code="WK980101", name="Noord")
    District.objects.create(municipality=aadorp, code="WK980102", name="Zuid")
    return region


@pytest.fixture
def write_finance(tmp_path: Path) -> Callable[..., Path]:
    def write(content: dict[str, Any] | str, name: str = "financien.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(content, sort_keys=False)
        path.write_text(text, encoding="utf-8")
        return path

    return write


FINANCE_MODELS: list[type[models.Model]] = [Budget, Tariff, ContractTerms, YouthPopulation]


def db_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every finance row, field by field: equal snapshots mean nothing changed."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in FINANCE_MODELS
    }


def cell(
    municipality: Municipality | None,
    kind: str,
    start: date,
    measure: str,
    value: int,
    *,
    age_group: int = 1,
    sex: str = "M",
) -> Cell:
    return Cell.objects.create(
        period_kind=kind,
        period_start=start,
        municipality=municipality,
        district=None,
        team=None,
        age_group=age_group,
        sex=sex,
        measure=measure,
        bucket=0,
        value=value,
    )
