"""Loading the finance reference file: all or nothing, idempotent, clear Dutch errors."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.finance.models import Budget, BudgetCategory, ContractTerms, Tariff
from jeugdmodel.finance.refdata import (
    FinanceFileInvalid,
    finance_file_from_data,
    parse_finance_file,
    shipped_finance_file,
)
from jeugdmodel.finance.services import finance_load, finance_load_shipped
from jeugdmodel.region.models import HelpForm, Region
from jeugdmodel.region.regionfile import shipped_region_file
from jeugdmodel.steering.models import YouthPopulation
from tests.finance.conftest import db_snapshot, finance_data

WriteFinance = Callable[..., Path]


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str]:
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command(*args, stdout=StringIO(), stderr=err)
    return caught.value, err.getvalue()


# --- a good file --------------------------------------------------------------------------


def test_load_stores_every_section(region: Region) -> None:
    report = finance_load(data=finance_file_from_data(finance_data()))

    assert report.changed
    budgets = {
        (b.municipality.code, b.year, b.category): b
        for b in Budget.objects.select_related("municipality")
    }
    assert {k: b.amount_cents for k, b in budgets.items()} == {
        ("GM9801", 2025, BudgetCategory.WIJKTEAMS): 400_000,
        ("GM9801", 2025, BudgetCategory.AMBULANT): 600_000,
        ("GM9801", 2025, BudgetCategory.STAY): 300_000,
        ("GM9801", 2025, BudgetCategory.ESCALATED): 100_000,
        # The old code 6.72 maps to the same category as 6.752.
        ("GM9802", 2025, BudgetCategory.AMBULANT): 950_000,
    }
    assert budgets[("GM9801", 2025, BudgetCategory.ESCALATED)].synthetic
    assert budgets[("GM9801", 2025, BudgetCategory.STAY)].source == "https://example.org/begroting"
    assert not budgets[("GM9801", 2025, BudgetCategory.STAY)].synthetic

    tariffs = {(t.help_form.code, t.year): t for t in Tariff.objects.select_related("help_form")}
    assert {k: t.price_cents for k, t in tariffs.items()} == {
        ("wijkteamondersteuning", 2024): 5250,
        ("wijkteamondersteuning", 2025): 5500,
        ("pleegzorg", 2025): 25000,
    }
    assert tariffs[("wijkteamondersteuning", 2024)].synthetic
    assert tariffs[("wijkteamondersteuning", 2024)].help_form.region is None

    terms = ContractTerms.objects.get()
    assert (terms.region, terms.year, terms.cost_method) == (region, 2025, "tariffs")
    assert terms.reserve_percent == Decimal("2.00")
    assert (terms.overhead_min_percent, terms.overhead_max_percent) == (Decimal(8), Decimal(10))
    assert terms.volume_correction
    assert terms.reference_youths == {"GM9801": 8, "GM9802": 5}
    # 6.73 is the old code of 6.762: both name the category "verblijf".
    assert terms.covered_categories == ["wijkteams", "ambulant", "verblijf"]

    population = {
        (p.municipality.code, p.district.code if p.district else None): p
        for p in YouthPopulation.objects.select_related("municipality", "district")
    }
    assert {k: p.youths for k, p in population.items()} == {
        ("GM9801", "WK980101"): 300,
        ("GM9801", "WK980102"): 200,
        ("GM9801", None): 500,  # the sum of its districts
        ("GM9802", None): 410,  # named in the file
    }
    assert population[("GM9801", None)].synthetic
    assert population[("GM9801", None)].source == "som van de wijken: wijken"


def test_loading_twice_changes_nothing(region: Region) -> None:
    finance_load(data=finance_file_from_data(finance_data()))
    before = db_snapshot()

    report = finance_load(data=finance_file_from_data(finance_data()))

    assert not report.changed
    assert report.counts["budgets"].unchanged == 5
    assert report.tariff_years_changed == set()
    assert db_snapshot() == before


def test_a_second_load_updates_and_removes_what_the_file_no_longer_names(region: Region) -> None:
    finance_load(data=finance_file_from_data(finance_data()))
    data = finance_data()
    data["budgets"] = data["budgets"][:2]
    data["budgets"][0]["amount"] = "4100.00"
    data["tariffs"][1]["per_day"] = {2025: "260.00"}
    data["contract_terms"] = []

    report = finance_load(data=finance_file_from_data(data))

    assert vars(report.counts["budgets"]) == {
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "removed": 3,
    }
    assert Budget.objects.count() == 2
    assert Budget.objects.get(category=BudgetCategory.WIJKTEAMS).amount_cents == 410_000
    # Tariffs belong to help forms other regions share: changed, never removed.
    assert report.counts["tariffs"].updated == 1
    assert report.tariff_years_changed == {2025}
    assert Tariff.objects.count() == 3
    assert not ContractTerms.objects.exists()


def test_a_section_left_out_is_left_alone(region: Region) -> None:
    finance_load(data=finance_file_from_data(finance_data()))
    data = finance_data()
    del data["budgets"]

    finance_load(data=finance_file_from_data(data))

    assert Budget.objects.count() == 5


def test_a_region_help_form_wins_over_the_base_list(region: Region) -> None:
    own = HelpForm.objects.create(
        region=region, code="pleegzorg", name="Pleegzorg (regio)", level="specialistisch"
    )
    finance_load(data=finance_file_from_data(finance_data()))

    assert Tariff.objects.get(year=2025, price_cents=25000).help_form == own


def test_the_command_reports_and_is_idempotent(region: Region, write_finance: WriteFinance) -> None:
    path = write_finance(finance_data())

    first = run("finance_load", str(path))
    second = run("finance_load", str(path))

    assert f"{path} geladen voor regio 'proef'." in first
    assert "budgetten" in first
    assert "er was niets veranderd" in second


def test_check_writes_nothing(region: Region, write_finance: WriteFinance) -> None:
    path = write_finance(finance_data())

    out = run("finance_load", "--check", str(path))

    assert "is in orde" in out
    assert not Budget.objects.exists()


def test_the_mvs_file_loads_with_the_real_vlaardingen_lines(db: None) -> None:
    call_command("region_load", str(shipped_region_file("mvs")), stdout=StringIO())

    reports = finance_load_shipped()

    assert [r.region_code for r in reports] == ["mvs"]
    line = Budget.objects.get(
        municipality__code="GM0622", year=2025, category=BudgetCategory.AMBULANT
    )
    assert line.amount_cents == 20_203_000_00
    assert not line.synthetic
    assert "vlaardingen.begrotingsapp.nl" in line.source
    assert not Budget.objects.filter(year=2025, municipality__code="GM0622", synthetic=True)
    assert Budget.objects.filter(synthetic=False).count() == 4
    years = set(Budget.objects.values_list("year", flat=True))
    assert {2023, 2024, 2025, 2026} <= years
    assert set(Tariff.objects.values_list("year", flat=True)) >= years
    assert set(ContractTerms.objects.values_list("year", flat=True)) >= years
    # Every youth population row is synthetic; each municipality is the sum of its districts.
    assert not YouthPopulation.objects.filter(synthetic=False).exists()
    for row in YouthPopulation.objects.filter(district__isnull=True, year=2025):
        districts = YouthPopulation.objects.filter(
            municipality=row.municipality, year=2025, district__isnull=False
        )
        assert row.youths == sum(d.youths for d in districts)
    assert finance_load(data=parse_finance_file(shipped_finance_file("mvs"))).changed is False


# --- bad files: the message names the entry, and nothing changes ---------------------------


def _bad(**change: Any) -> dict[str, Any]:
    data = finance_data()
    for dotted, value in change.items():
        target: Any = data
        *parents, last = dotted.split("__")
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[int(last) if last.isdigit() else last]
        else:
            target[int(last) if last.isdigit() else last] = value
    return data


_DELETE = object()

BAD_FILES: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "unknown taakveld",
        {"budgets__1__taakveld": "6.792"},
        "budgets[1].taakveld",
        "onbekend taakveld '6.792'; bekend zijn: 6.2, 6.72, 6.752, 6.73, 6.762, 6.82.",
    ),
    (
        "two lines for one category",
        {"budgets__4__taakveld": "6.752", "budgets__4__municipality": "GM9801"},
        "budgets[4]",
        "GM9801 2025 heeft al een regel voor deze categorie (ambulant) in budgets[1]; "
        "tel de regels op tot één bedrag.",
    ),
    (
        "three decimals",
        {"budgets__0__amount": "12.345"},
        "budgets[0].amount",
        "'12.345' is geen bedrag in euro's",
    ),
    (
        "negative amount",
        {"budgets__0__amount": -5},
        "budgets[0].amount",
        "'-5' is geen bedrag in euro's",
    ),
    (
        "municipality code",
        {"budgets__0__municipality": "Aadorp"},
        "budgets[0].municipality",
        "'Aadorp' is geen code van de vorm GM gevolgd door 4 cijfers.",
    ),
    ("year missing", {"budgets__0__year": _DELETE}, "budgets[0]", "'year' ontbreekt."),
    (
        "unknown key",
        {"budgets__0__bedrag": 5},
        "budgets[0].bedrag",
        "onbekende sleutel 'bedrag'",
    ),
    (
        "lump sum without an amount",
        {"contract_terms__0__cost_method": "lump_sum"},
        "contract_terms[0]",
        "met kostenmethode lump_sum hoort een aanneemsom (lump_sum) in euro's.",
    ),
    (
        "overhead range",
        {"contract_terms__0__overhead_percent": {"min": 12, "max": 10}},
        "contract_terms[0].overhead_percent",
        "het minimum (12.00%) is groter dan het maximum (10.00%).",
    ),
    (
        "percent above 100",
        {"contract_terms__0__reserve_percent": 120},
        "contract_terms[0].reserve_percent",
        "'120' is geen percentage tussen 0 en 100",
    ),
    (
        "unknown cost method",
        {"contract_terms__0__cost_method": "per_kind"},
        "contract_terms[0].cost_method",
        "onbekende kostenmethode 'per_kind'",
    ),
    (
        "tariff year",
        {"tariffs__0__per_day": {"twintig": "5.00"}},
        "tariffs[0].per_day.twintig",
        "een jaar is een geheel getal, zoals 2025.",
    ),
    (
        "youths not a count",
        {"youth_population__0__districts": {"WK980101": -3}},
        "youth_population[0].districts.WK980101",
        "'-3' is geen aantal",
    ),
    ("wrong version", {"version": 2}, "version", "de versie moet 1 zijn."),
]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [case[1:] for case in BAD_FILES],
    ids=[case[0] for case in BAD_FILES],
)
def test_a_bad_file_is_refused_with_the_place_and_nothing_changes(
    region: Region,
    write_finance: WriteFinance,
    change: dict[str, Any],
    path: str,
    message: str,
) -> None:
    finance_load(data=finance_file_from_data(finance_data()))
    before = db_snapshot()
    file = write_finance(_bad(**change))

    error, stderr = run_failing("finance_load", str(file))

    assert error.returncode == 1
    assert f"{file}:" in stderr
    assert f": {path}: {message}" in stderr
    assert db_snapshot() == before


REFERENCE_ERRORS: list[tuple[str, dict[str, Any], str, str]] = [
    (
        "municipality of another region",
        {"budgets__4__municipality": "GM9999"},
        "budgets[4].municipality",
        "de gemeente GM9999 hoort niet bij de regio proef.",
    ),
    (
        "unknown help form",
        {"tariffs__1__help_form": "paardrijden"},
        "tariffs[1].per_day.2025",
        "onbekende hulpvorm 'paardrijden': niet in de landelijke basislijst en niet in de "
        "regio proef.",
    ),
    (
        "unknown district",
        {"youth_population__0__districts": {"WK999901": 5}},
        "youth_population[0].districts.WK999901",
        "de wijk WK999901 hoort niet bij de regio proef.",
    ),
    (
        "reference youths of an unknown municipality",
        {"contract_terms__0__reference_youths": {"GM9803": 4}},
        "contract_terms[0].reference_youths.GM9803",
        "de gemeente GM9803 hoort niet bij de regio proef.",
    ),
    (
        "region not loaded",
        {"region": "elders"},
        "region",
        "De regio 'elders' is niet geladen. Laad eerst het regiobestand (region_load).",
    ),
]


@pytest.mark.parametrize(
    ("change", "path", "message"),
    [case[1:] for case in REFERENCE_ERRORS],
    ids=[case[0] for case in REFERENCE_ERRORS],
)
def test_codes_that_do_not_exist_are_refused_and_nothing_changes(
    region: Region,
    write_finance: WriteFinance,
    change: dict[str, Any],
    path: str,
    message: str,
) -> None:
    """A file with a good first part and one bad reference: the good part is not stored."""
    before = db_snapshot()
    file = write_finance(_bad(**change))

    error, stderr = run_failing("finance_load", str(file))
    with pytest.raises(FinanceFileInvalid):
        finance_load(data=parse_finance_file(file))

    assert error.returncode == 1
    assert f": {path}: {message}" in stderr
    assert db_snapshot() == before


def test_errors_name_the_line(region: Region, write_finance: WriteFinance) -> None:
    text = 'version: 1\nregion: "proef"\nbudgets:\n  - municipality: "GM9801"\n    year: 2025\n'
    text += '    taakveld: "6.99"\n    amount: "5.00"\n'
    file = write_finance(text)

    _error, stderr = run_failing("finance_load", str(file))

    assert stderr.strip() == (
        f"{file}:6: budgets[0].taakveld: onbekend taakveld '6.99'; bekend zijn: "
        "6.2, 6.72, 6.752, 6.73, 6.762, 6.82."
    )


def test_yaml_errors_and_a_missing_file(region: Region, write_finance: WriteFinance) -> None:
    broken = write_finance("version: 1\nregion: [proef\n")

    _error, stderr = run_failing("finance_load", str(broken))
    missing, _stderr = run_failing("finance_load", "/geen/bestand.yaml")

    assert "Ongeldige YAML" in stderr
    assert str(missing) == "Bestand niet gevonden: /geen/bestand.yaml"


def test_an_empty_file_is_refused(region: Region, write_finance: WriteFinance) -> None:
    _error, stderr = run_failing("finance_load", str(write_finance("")))

    assert "Het financiële bestand is leeg." in stderr


# --- the admin screens ---------------------------------------------------------------------


@pytest.mark.parametrize("model", ["budget", "tariff", "contractterms"])
def test_admin_lists_for_functional_admins_only(
    region: Region, make_user: Callable[..., User], login: Callable[[User], Client], model: str
) -> None:
    finance_load(data=finance_file_from_data(finance_data()))
    url = f"/beheer/admin/finance/{model}/"
    admin = make_user(Role.FUNCTIONAL_ADMIN)

    assert login(admin).get(url).status_code == 200
    assert login(make_user(Role.MUNICIPALITY)).get(url).status_code == 404
