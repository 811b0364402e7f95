"""A name that starts with "=" (a district, a team: from the region file or an import)
reaches the steering and finance downloads and the steering_figures command only as text."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from openpyxl import load_workbook

from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import District, Municipality, Organisation
from tests.steering.test_dashboard import data as data
from tests.steering.test_dashboard import municipality_user as municipality_user

pytestmark = pytest.mark.django_db
EVIL = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture
def evil_district(data: Any) -> District:
    district = District.objects.get(code="WK060601")
    district.name = EVIL
    district.save(update_fields=["name"])
    return district


def test_the_csv_download_quotes_the_formula(
    evil_district: District, municipality_user: Any, login: Any
) -> None:
    client: Client = login(municipality_user)
    response = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    labels = [r[0] for r in rows if r]
    assert "'" + EVIL in labels
    assert EVIL not in labels
    assert not any(cell.startswith("=") for r in rows for cell in r)


def test_the_excel_download_keeps_the_formula_as_quoted_text(
    evil_district: District, municipality_user: Any, login: Any
) -> None:
    client: Client = login(municipality_user)
    response = client.get("/sturing/export/zorg/", {"periode": "2024", "formaat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row]
    evil = [c for c in cells if c.value == EVIL]
    assert len(evil) == 1
    assert evil[0].data_type == "s"
    assert evil[0].quotePrefix
    assert not any(c.data_type == "f" for c in cells)


def test_the_command_csv_quotes_the_formula(evil_district: District) -> None:
    out = io.StringIO()
    call_command(
        "steering_figures", "--period", "2024", "--format", "csv", "--by", "district", stdout=out
    )
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    labels = {r[1] for r in rows[1:]}
    assert "'" + EVIL in labels
    assert EVIL not in labels


def test_the_finance_downloads_quote_the_formula(mvs: Any, make_user: Any, login: Any) -> None:
    call_command("finance_load", "regions/mvs-finance.yaml", "--no-rebuild", verbosity=0)
    Municipality.objects.filter(code="GM0556").update(name=EVIL)
    org = Organisation.objects.get(kind="contract_management")
    client: Client = login(make_user(Role.MUNICIPALITY, municipality=None, organisation=org))
    url = "/sturing/financien/export/overzicht/"
    response = client.get(url, {"jaar": "2025", "formaat": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    labels = [r[0] for r in rows if r]
    assert "'" + EVIL in labels
    assert EVIL not in labels
    response = client.get(url, {"jaar": "2025", "formaat": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    evil = [c for row in sheet.iter_rows() for c in row if c.value == EVIL]
    assert evil
    assert all(c.data_type == "s" and c.quotePrefix for c in evil)
