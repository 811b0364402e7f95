"""From a trajectory to money: the tariff of the help form, the steering cells, the
forecast; and the loader recomputes the cells when a tariff changes."""

from __future__ import annotations

from datetime import date, timedelta
from io import StringIO
from pathlib import Path

import yaml
from django.core.management import call_command
from django.utils import timezone

from jeugdmodel.care.services import trajectory_start
from jeugdmodel.finance.models import Tariff
from jeugdmodel.finance.refdata import shipped_finance_file
from jeugdmodel.finance.selectors import finance_region_overview
from jeugdmodel.finance.services import finance_load_shipped
from jeugdmodel.region.models import Region
from jeugdmodel.steering.models import SteeringState
from jeugdmodel.steering.services import steering_rebuild
from tests.care.conftest import World, help_form
from tests.care.conftest import world as world  # the fixture
from tests.intake.conftest import mvs as mvs  # the MVS region fixture


def test_a_trajectory_costs_its_days_times_the_tariff(world: World, tmp_path: Path) -> None:
    today = timezone.localdate()
    start = max(today - timedelta(days=30), date(today.year, 1, 1))
    finance_load_shipped()
    trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("wijkteamondersteuning"),
        start_date=start,
    )
    steering_rebuild()
    price = Tariff.objects.get(help_form__code="wijkteamondersteuning", year=today.year)
    region = Region.objects.get(code="mvs")

    total = finance_region_overview(region=region, year=today.year, as_of=today).total

    # Running care counts through the end of the year: the forecast for the whole year.
    days = (date(today.year, 12, 31) - start).days + 1
    assert total.children_in_care == 1
    assert total.forecast_cents == days * price.price_cents
    assert total.cost_per_child_cents == days * price.price_cents
    assert total.spend_to_date_cents <= total.forecast_cents
    assert total.budget_cents > 0

    # A new tariff for the year: the command recomputes the cells.
    data = yaml.safe_load(shipped_finance_file("mvs").read_text(encoding="utf-8"))
    for entry in data["tariffs"]:
        if entry["help_form"] == "wijkteamondersteuning":
            entry["per_day"][today.year] = "100.00"
    path = tmp_path / "mvs-finance.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    before = SteeringState.objects.get().rebuilt_at
    out = StringIO()

    call_command("finance_load", str(path), stdout=out)

    assert f"Tarieven van {today.year} gewijzigd" in out.getvalue()
    assert SteeringState.objects.get().rebuilt_at != before
    total = finance_region_overview(region=region, year=today.year, as_of=today).total
    assert total.forecast_cents == days * 100_00

    # --no-rebuild leaves the cells as they are.
    call_command("finance_load", str(shipped_finance_file("mvs")), "--no-rebuild", stdout=out)
    total = finance_region_overview(region=region, year=today.year, as_of=today).total
    assert total.forecast_cents == days * 100_00
