"""The money page: per audience, warnings, downloads; the region total adds up."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command

from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import Municipality, Organisation
from tests.intake.conftest import mvs as mvs  # the MVS region fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(mvs: Any) -> None:
    call_command("finance_load", "regions/mvs-finance.yaml", "--no-rebuild", verbosity=0)


def test_municipality_sees_its_budget_and_forecast(
    loaded: None, make_user: Any, login: Any
) -> None:
    user = make_user(Role.MUNICIPALITY, municipality=Municipality.objects.get(code="GM0622"))
    response = login(user).get("/sturing/financien/", {"jaar": "2025"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Budget, uitgaven en prognose" in html
    assert "Uitgaven per maand: Vlaardingen" in html
    assert "Weerstandsvermogen" in html
    assert 'id="grafiek-maanden' in html  # the month chart


def test_forecast_far_below_budget_is_an_underspend_not_within_budget(
    loaded: None, make_user: Any, login: Any
) -> None:
    """A forecast at a fraction of the budget (here nothing registered in 2025) is flagged
    with a label and an explanation, not called "binnen budget"."""
    org = Organisation.objects.get(kind="contract_management")
    user = make_user(Role.MUNICIPALITY, municipality=None, organisation=org)
    html = login(user).get("/sturing/financien/", {"jaar": "2025"}).content.decode()
    assert "binnen budget" not in html
    assert "Onderbesteding:" in html
    assert "prognose ver onder budget (onderbesteding)" in html
    assert "meer dan 25% onder het budget" in html
    assert "onderbesteding als de prognose onder 75% van het budget blijft" in html


def test_demo_budgets_fit_the_demos_modelled_cost(
    loaded: None, make_user: Any, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The finance file holds the real region's budgets; the demo models a fraction of that
    cost. After the demo data the budgets are scaled to its cost of last year, so the page
    no longer reads as a large underspend."""
    from datetime import date

    from django.utils import timezone

    from jeugdmodel.demo.generator import DemoResult
    from jeugdmodel.finance.models import Budget
    from jeugdmodel.steering.services import steering_rollup_rebuild
    from tests.finance.conftest import cell

    year = timezone.localdate().year - 1
    for code, cents in (("GM0556", 400_000_000), ("GM0606", 900_000_000), ("GM0622", 500_000_000)):
        cell(Municipality.objects.get(code=code), "Y", date(year, 1, 1), "cost_cents", cents)
    steering_rollup_rebuild()
    call_command("finance_load", "regions/mvs-finance.yaml", "--no-rebuild", verbosity=0)
    org = Organisation.objects.get(kind="contract_management")
    client = login(make_user(Role.MUNICIPALITY, municipality=None, organisation=org))
    before = client.get("/sturing/financien/", {"jaar": str(year)}).content.decode()
    assert "Onderbesteding:" in before  # real budgets against the demo's cost

    monkeypatch.setattr(
        "jeugdmodel.demo.management.commands.demo_data.demo_data_generate",
        lambda **kwargs: DemoResult(created=False),
    )
    out = io.StringIO()
    call_command("demo_data", "--seed", "1", stdout=out, verbosity=0)

    assert f"Demobudgetten passend gemaakt bij de kosten van {year}" in out.getvalue()
    after = client.get("/sturing/financien/", {"jaar": str(year)}).content.decode()
    assert "Onderbesteding:" not in after
    assert "binnen budget" in after
    assert "90,0%" in after or "90.0%" in after
    assert not Budget.objects.filter(municipality__region__code="mvs", synthetic=False).exists()


def test_contract_management_download(loaded: None, make_user: Any, login: Any) -> None:
    org = Organisation.objects.get(kind="contract_management")
    user = make_user(Role.MUNICIPALITY, municipality=None, organisation=org)
    client = login(user)
    response = client.get(
        "/sturing/financien/export/overzicht/", {"jaar": "2025", "formaat": "csv"}
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    labels = [r[0] for r in rows if r]
    for name in ("Maassluis", "Schiedam", "Vlaardingen", "Totaal"):
        assert name in labels
    months = client.get("/sturing/financien/export/maanden/", {"jaar": "2025"})
    assert months.status_code == 200
    assert "12-2025" in months.content.decode("utf-8-sig")
    assert client.get("/sturing/financien/export/iets/", {"jaar": "2025"}).status_code == 404
    assert client.get("/sturing/financien/", {"jaar": "1850"}).status_code == 400
    assert (
        client.get(
            "/sturing/financien/export/overzicht/", {"jaar": "2025", "formaat": "doc"}
        ).status_code
        == 400
    )


def test_column_definitions_name_this_years_contract_terms(
    loaded: None, make_user: Any, login: Any
) -> None:
    """The reserve, the overhead margin and the taakvelden in the definitions come from the
    contract terms of the year, not from fixed text."""
    from decimal import Decimal

    from jeugdmodel.finance.models import ContractTerms

    user = make_user(Role.MUNICIPALITY, municipality=Municipality.objects.get(code="GM0622"))
    client = login(user)
    page = client.get("/sturing/financien/", {"jaar": "2025"}).content.decode()
    assert "contractvoorwaarden (2%)" in page
    assert "De marge van 8–10%" in page
    assert "vanaf 95% van het budget" in page
    assert "buiten het contract: 6.82" in page

    ContractTerms.objects.filter(year=2025).update(
        reserve_percent=Decimal("2.5"),
        overhead_min_percent=Decimal("7"),
        overhead_max_percent=Decimal("9"),
    )
    page = client.get("/sturing/financien/", {"jaar": "2025"}).content.decode()
    assert "contractvoorwaarden (2,5%)" in page
    assert "De marge van 7–9%" in page
    assert "contractvoorwaarden (2%)" not in page
