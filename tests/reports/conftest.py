"""A small hand-made set of steering cells for one municipality with two districts, for
three quarters the report compares (2025-Q3, 2025-Q2, 2024-Q3) and the trend."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import District, Municipality
from jeugdmodel.steering.cellkey import KEYS
from jeugdmodel.steering.models import Cell
from jeugdmodel.steering.services import steering_rollup_rebuild
from tests.factories import MunicipalityFactory, UserFactory

QUARTER = "2025-Q3"

#: Per quarter start: per district (0, 1): measure → value. The total row shows small
#: counts too now (residential 3, the specialist count of 2025-Q3: 3), perturbed by their
#: cell keys like every count.
DATA: dict[date, list[dict[str, int]]] = {
    date(2025, 7, 1): [
        {
            "in_care": 2100, "in_care_basis": 1700, "requests": 310, "closed": 260,
            "repeat": 41, "stepup_cohort": 210, "stepup_done": 33, "consult_decided": 64,
            "consult_stays_basis": 47, "goals_plans": 70, "goals_reached": 68,
            "traj_ended": 150, "traj_ended_plan": 111, "residential": 3,
            "cost_cents": 123_456_700, "traj_started": 420, "traj_running": 1610,
            "cbs_in_care": 2090, "cbs_started": 401, "cbs_ended": 149, "cbs_running": 1600,
            "cbs_repeat": 52, "cbs_ended_plan": 109, "cbs_started_stay": 6,
            "cbs_started_crisis": 8,
        },
        {
            "in_care": 2221, "in_care_basis": 2218, "requests": 333, "closed": 277,
            "repeat": 29, "stepup_cohort": 190, "stepup_done": 21, "consult_decided": 58,
            "consult_stays_basis": 39, "goals_plans": 60, "goals_reached": 59,
            "traj_ended": 171, "traj_ended_plan": 123, "residential": 0,
            "cost_cents": 98_765_400, "traj_started": 377, "traj_running": 1720,
            "cbs_in_care": 2200, "cbs_started": 366, "cbs_ended": 170, "cbs_running": 1700,
            "cbs_repeat": 47, "cbs_ended_plan": 120, "cbs_started_stay": 7,
            "cbs_started_crisis": 9,
        },
    ],
    date(2025, 4, 1): [
        {
            "in_care": 1850, "in_care_basis": 1400, "requests": 250, "closed": 240,
            "repeat": 36, "stepup_cohort": 150, "stepup_done": 30, "consult_decided": 50,
            "consult_stays_basis": 30, "goals_plans": 90, "goals_reached": 60,
            "traj_ended": 140, "traj_ended_plan": 100, "residential": 2,
            "cost_cents": 110_000_000, "traj_started": 380,
        },
        {
            "in_care": 1950, "in_care_basis": 1500, "requests": 260, "closed": 230,
            "repeat": 31, "stepup_cohort": 160, "stepup_done": 25, "consult_decided": 45,
            "consult_stays_basis": 25, "goals_plans": 80, "goals_reached": 55,
            "traj_ended": 150, "traj_ended_plan": 105, "residential": 1,
            "cost_cents": 90_000_000, "traj_started": 350,
        },
    ],
    date(2024, 7, 1): [
        {
            "in_care": 1500, "in_care_basis": 1100, "requests": 200, "closed": 190,
            "repeat": 20, "stepup_cohort": 120, "stepup_done": 30, "consult_decided": 40,
            "consult_stays_basis": 20, "goals_plans": 70, "goals_reached": 40,
            "traj_ended": 120, "traj_ended_plan": 80, "residential": 1,
            "cost_cents": 80_000_000, "traj_started": 300,
        },
        {
            "in_care": 1600, "in_care_basis": 1200, "requests": 210, "closed": 180,
            "repeat": 22, "stepup_cohort": 130, "stepup_done": 28, "consult_decided": 35,
            "consult_stays_basis": 18, "goals_plans": 60, "goals_reached": 35,
            "traj_ended": 110, "traj_ended_plan": 70, "residential": 1,
            "cost_cents": 70_000_000, "traj_started": 280,
        },
    ],
}  # fmt: skip
#: The other trend quarters: children in care and only basis, per district.
TREND: dict[date, tuple[tuple[int, int], tuple[int, int]]] = {
    date(2023, 10, 1): ((1400, 1000), (1500, 1100)),
    date(2024, 1, 1): ((1450, 1050), (1550, 1150)),
    date(2024, 4, 1): ((1480, 1080), (1580, 1180)),
    date(2024, 10, 1): ((1600, 1200), (1700, 1300)),
    date(2025, 1, 1): ((1700, 1300), (1800, 1400)),
}
#: Time to first contact (working days → requests) per district, every quarter above.
FIRST_CONTACT = ({2: 20, 7: 10}, {3: 15, 12: 6})


@dataclass
class Place:
    municipality: Municipality
    districts: list[District]
    other: Municipality  # a second municipality of the region (no cells)


def _cell(start: date, place: Place, i: int, measure: str, value: int, bucket: int = 0) -> Cell:
    return Cell(
        period_kind="Q",
        period_start=start,
        municipality=place.municipality,
        district=place.districts[i],
        team=None,
        age_group=1,
        sex="v",
        measure=measure,
        bucket=bucket,
        value=value,
        # The buckets of the first-contact distribution differ between the districts:
        # each bucket's total key is its own district's.
        ckey=_key(measure) if i == 0 or measure == "first_contact" else 0,
    )


def _key(measure: str) -> int:
    """The cell keys of district 0 (district 1 has key 0, so they are also the keys of the
    total row): in the middle of the perturbation table, where a count of 3 or more is
    shown unchanged, for every count, difference and share the report prints. So the
    report's text can be checked to the number; tests/steering checks the perturbation."""
    fraction = {"in_care": 0.66, "in_care_basis": 0.33}.get(measure, 0.5)
    return int(fraction * KEYS)


@pytest.fixture
def place(db: None) -> Place:
    muni = MunicipalityFactory(code="GM0999", name="Rapportstad")
    other = MunicipalityFactory(code="GM0998", name="Buurdorp")
    districts = [
        District.objects.create(municipality=muni, code="WK099901", name="Noord"),
        District.objects.create(municipality=muni, code="WK099902", name="Zuid"),
    ]
    return Place(muni, districts, other)


@pytest.fixture
def cells(place: Place) -> Place:
    rows: list[Cell] = []
    for start, per_district in DATA.items():
        for i, measures in enumerate(per_district):
            rows.extend(_cell(start, place, i, m, v) for m, v in measures.items() if v)
            rows.extend(
                _cell(start, place, i, "first_contact", n, bucket=days)
                for days, n in FIRST_CONTACT[i].items()
            )
    for start, per_district in TREND.items():
        for i, (in_care, basis) in enumerate(per_district):
            rows.append(_cell(start, place, i, "in_care", in_care))
            rows.append(_cell(start, place, i, "in_care_basis", basis))
    Cell.objects.bulk_create(rows)
    # Written directly, so the per-municipality sums are made from them here.
    steering_rollup_rebuild()
    return place


@pytest.fixture
def muni_user(place: Place) -> User:
    user: User = UserFactory(role=Role.MUNICIPALITY.value, municipality=place.municipality)
    return user
