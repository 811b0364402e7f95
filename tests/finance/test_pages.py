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
