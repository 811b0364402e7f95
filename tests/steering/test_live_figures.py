"""The figures of "now": children waiting for a professional and the coverage of GP
practices and schools. They are read from the operational records at request time, not
from the cells, and follow the same filters and cuts."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone

from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.workdays import working_days_between
from jeugdmodel.families.models import Person, Residence
from jeugdmodel.intake.models import PersonRole, Request, RequestPerson, RequestStatus
from jeugdmodel.region.models import (
    Municipality,
    Organisation,
    OrganisationKind,
    Region,
    Team,
    TeamKind,
)
from jeugdmodel.steering.periods import period_parse
from jeugdmodel.steering.selectors import Filters, figure_table, region_scope
from tests.steering.test_handbuilt import World

pytestmark = pytest.mark.django_db

LIVE = ["waiting_now", "waiting_days_median"]


def _table(figures: list[str], by: str | None = None, **filters: Any) -> dict[str, Any]:
    scope = region_scope(Region.objects.get(code="mvs").pk)
    table = figure_table(
        scope, Filters(**filters), period_parse("2024"), figures=figures, by=by, protect=False
    )
    return {r.label: {k: v.raw for k, v in r.values.items()} for r in table.rows}


def _request(child: Person, municipality: str, *, days_ago: int, **fields: Any) -> Request:
    received = timezone.now() - timedelta(days=days_ago)
    request = Request.objects.create(
        reference=f"T-{uuid.uuid4().hex[:12]}",
        idempotency_key=uuid.uuid4().hex,
        received_at=received,
        access_point="family",
        question="vraag",
        municipality=Municipality.objects.get(code=municipality),
        status=fields.pop("status", RequestStatus.RECEIVED),
        **fields,
    )
    RequestPerson.objects.create(
        request=request,
        role=PersonRole.CHILD,
        given_name=child.given_name,
        family_name=child.family_name,
        date_of_birth=child.date_of_birth,
        person=child,
    )
    return request


def _born(years: int) -> str:
    today = timezone.localdate()
    return date(today.year - years, 1, 1).isoformat()


@pytest.fixture
def waiting(mvs: Any, make_user: Any) -> dict[str, Any]:
    """Two children wait (Schiedam, girl of 10, 3 days; Vlaardingen, boy of 15, 20 days);
    one request is assigned and one has had its first contact: those two do not wait."""
    w = World(make_user(Role.WIJKTEAM_PROFESSIONAL))
    since = "2020-01-01"
    girl = w.child(_born(10), "v", ("3112", since))
    boy = w.child(_born(15), "m", ("3131", since))
    other = w.child(_born(8), "m", ("3112", since))
    _request(girl, "GM0606", days_ago=3)
    _request(boy, "GM0622", days_ago=20)
    _request(other, "GM0606", days_ago=30, status=RequestStatus.ASSIGNED, assigned_to=w.user)
    _request(other, "GM0606", days_ago=40, status=RequestStatus.FIRST_CONTACT)
    today = timezone.localdate()

    def days(n: int) -> int:
        return working_days_between(
            timezone.localtime(timezone.now() - timedelta(days=n)).date(), today
        )

    return {"girl": girl, "boy": boy, "girl_days": days(3), "boy_days": days(20)}


def test_waiting_now_counts_open_unassigned_requests_per_municipality(
    waiting: dict[str, Any],
) -> None:
    rows = _table(LIVE, by="municipality")
    assert rows["Totaal"]["waiting_now"] == 2
    assert rows["Schiedam"]["waiting_now"] == 1
    assert rows["Vlaardingen"]["waiting_now"] == 1
    assert rows["Maassluis"]["waiting_now"] == 0
    assert rows["Schiedam"]["waiting_days_median"] == waiting["girl_days"]
    assert rows["Vlaardingen"]["waiting_days_median"] == waiting["boy_days"]


def test_waiting_now_follows_district_age_and_sex_of_the_child_today(
    waiting: dict[str, Any],
) -> None:
    girl_district = Residence.objects.get(person=waiting["girl"], valid_to__isnull=True).district_id
    assert girl_district is not None
    assert _table(LIVE, sex="v")["Totaal"]["waiting_now"] == 1
    assert _table(LIVE, age_group=2)["Totaal"]["waiting_now"] == 1  # 12–17: the boy
    assert _table(LIVE, age_group=1)["Totaal"]["waiting_now"] == 1  # 4–11: the girl
    by_sex = _table(LIVE, by="sex")
    assert by_sex["Totaal"]["waiting_now"] == 2
    assert _table(LIVE, district=girl_district)["Totaal"]["waiting_now"] == 1


def test_waiting_now_counts_a_child_once_with_its_oldest_open_request(
    waiting: dict[str, Any],
) -> None:
    _request(waiting["girl"], "GM0606", days_ago=10)
    rows = _table(LIVE, by="municipality")
    assert rows["Totaal"]["waiting_now"] == 2
    assert rows["Schiedam"]["waiting_now"] == 1
    today = timezone.localdate()
    ten = timezone.localtime(timezone.now() - timedelta(days=10)).date()
    assert rows["Schiedam"]["waiting_days_median"] == working_days_between(ten, today)


def test_waiting_now_ignores_the_period(waiting: dict[str, Any]) -> None:
    scope = region_scope(Region.objects.get(code="mvs").pk)
    for code in ("2019", "2024-Q1"):
        table = figure_table(scope, Filters(), period_parse(code), figures=LIVE, protect=False)
        assert table.rows[-1].values["waiting_now"].raw == 2


def test_coverage_is_the_share_of_linked_practices_and_schools(mvs: Any) -> None:
    region = Region.objects.get(code="mvs")
    gps = Organisation.objects.filter(region=region, kind=OrganisationKind.GP_PRACTICE)
    schools = Organisation.objects.filter(region=region, kind=OrganisationKind.SCHOOL)
    linked_gp = set(
        Team.objects.filter(kind=TeamKind.POH_JEUGD, gp_practices__in=gps).values_list(
            "gp_practices", flat=True
        )
    )
    linked_school = set(
        Team.objects.filter(kind=TeamKind.ONDERWIJS, schools__in=schools).values_list(
            "schools", flat=True
        )
    )
    assert gps.exists()
    assert schools.exists()
    total = _table(["coverage_gp", "coverage_school"])["Totaal"]
    assert total["coverage_gp"] == pytest.approx(100 * len(linked_gp) / gps.count())
    assert total["coverage_school"] == pytest.approx(100 * len(linked_school) / schools.count())

    # One practice loses its POH-jeugd: the share drops by one practice.
    practice = gps.filter(id__in=linked_gp).order_by("id").first()
    assert practice is not None
    for team in Team.objects.filter(kind=TeamKind.POH_JEUGD, gp_practices=practice):
        team.gp_practices.remove(practice)
    after = _table(["coverage_gp"])["Totaal"]["coverage_gp"]
    assert after == pytest.approx(100 * (len(linked_gp) - 1) / gps.count())
