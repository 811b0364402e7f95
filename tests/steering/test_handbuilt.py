"""The hand-built dataset: every figure for 2024 computed by hand, checked exactly.

Each child below covers an edge case of a definition in docs/figures.md. The records are
written with the ORM, so the change tracking (signals → dirty partitions → refresh)
fills the cells; the last test checks that a full rebuild gives the very same cells.

Places (regions/mvs.yaml):
    M1 = 3141 Maassluis, wijk WK055601      M2 = 3142 Maassluis, wijk WK055602
    S  = 3112 Schiedam,  wijk WK060601      V  = 3131 Vlaardingen, wijk WK062201
    OUT = 3011 (Rotterdam: outside every loaded region)
Teams: vraagraak (Maassluis), wot-oost (Schiedam), wijkteam-vlaardingen-centrum.
Help forms: B1 wijkteamondersteuning (basis), B2 poh-jeugd-begeleiding (basis),
S1 ambulante-jeugdhulp (specialist), R1 pleegzorg (specialist, with stay).
Tariffs 2024: B1 € 50,00 a day, S1 € 150,00 a day (B2 and R1 have none).

Children (born, sex, where) and what happens:
 C1  2015-05-01 v M1   B1 2024-03-15 → 2024-04-10 (plan): over the Q1/Q2 boundary.
 C2  2012-01-10 m S until 2024-06-30, then V: B1 2024-02-01 → 2024-09-30 (plan): moved.
 C3  2010-03-03 v M2   B1 2024-01-01 → 2024-07-02 (early, 02); S1 from 2024-07-02 running:
                        the specialist start is day 183 → NOT a step-up.
 C4  2011-06-06 m S    B1 from 2024-01-01 running; S1 2024-07-01 (day 182) → 2024-12-15
                        (early, 03): a step-up.
 C5  2016-02-02 v V    case closed 2023-05-01; request 2024-05-01 = day 366 → no repeat;
                        first contact 2024-05-03 (2 working days).
 C6  2016-03-03 m V    case closed 2023-05-02; request 2024-05-01 = day 365 → repeat;
                        first contact 2024-05-08 (5 working days).
 C7  2018-08-08 v M1   only a consultation, closed 2024-10-10 "stays basis".
 C8  2014-04-04 m S    consultation closed 2024-10-11 "step up"; S1 2024-10-20 → 2025-03-01.
 C9  2009-09-09 v S    R1 (org A, crisis) 2024-02-01 → 2024-05-31 (plan) and R1 (org A)
                        2024-05-15 → 2024-08-31 (early, 04): CBS merges them into one.
 C10 2008-01-01 m V    B1 2020-01-01 → 2022-12-31 (plan); S1 from 2024-03-01 running:
                        CBS "herhaald beroep".
 C11 2000-06-01 v M1   B2 2024-01-01 → 2024-01-31 (plan): aged 23, outside CBS's 0–22.
 C12 2013-11-11 m M2   request (legal GP) 2024-01-08, first contact 2024-01-10 (2 days);
 C13 2017-01-01 v M2     sibling in the same request and case. Case closed 2024-06-28
                        (C12's goal 8, family goal 7), reopened 2024-09-02, closed again
                        2024-12-20 (only C12's goal, score 5).
 C15 2012-12-12 v OUT  B1 2024-04-01 → 2024-04-30 (plan).
 F1–F6 (S): B1 2024-04-01 → 2024-06-30 (plan); F1–F3 born 2021-01-01 (m), F4–F6 born
     2019-01-01 (v). One request 2024-03-04 (family) per child; first contacts after
     1, 2, 3, 5 and 10 working days, F6 none yet.

Hand counts for 2024 (whole region, our definitions):
 children in care   C1 C2 C3 C4 C8 C9 C10 C11 C15 F1–F6                        = 15
 only basis         C1 C2 C11 C15 F1–F6                                        = 10
 specialist         15 − 10                                                     =  5
 with stay          C9                                                          =  1
 CBS youths 0–22    15 − C11                                                    = 14
 per municipality (address on the last day in care in 2024):
     Maassluis C1 C3 C11 = 3; Schiedam C4 C8 C9 F1–F6 = 9; Vlaardingen C2 C10 = 2;
     outside C15 = 1.
 per age group (age on that day): 0–3 F1–F3 = 3; 4–11 C1 C8 C15 F4–F6 = 6;
     12–17 C2 C3 C4 C9 C10 = 5; 18–22 = 0; 23+ C11 = 1.
 trajectories started  C1 C2 C3×2 C4×2 C8 C9×2 C10 C11 C15 F×6                  = 18
              ended    C1 C2 C3(B1) C4(S1) C9×2 C11 C15 F×6                       = 14
              ended according to plan  C1 C2 C9(first) C11 C15 F×6               = 11
              running on 31-12  C3(S1) C4(B1) C8(S1) C10(S1)                      =  4
 CBS merged: C9's two become one (start 02-01, end 08-31, code 04, crisis):
     started 17, ended 13, ended according to plan 10, running 4, with stay 1,
     with crisis 1, herhaald beroep C10 = 1.
 step-up cohort (first trajectory ever is basis and starts in 2024):
     C1 C2 C3 C4 C11 C15 F1–F6 = 12; stepped up within 182 days: C4 = 1.
 inflow (children in requests): C5 C6 C12 C13 F1–F6                             = 10
 referrer groups: geen verwijzer (the family registered itself) F×6 = 6;
     gemeente (wijkteam) C5 C6 = 2; huisarts C12 C13 = 2.
 repeats: C6 (day 365) + reopening of C12's case (C12, C13)                      =  3
 first contact (working days): F 1,2,3,5,10; C5 2; C6 5; C12 2; C13 2 → sorted
     1 2 2 2 2 3 5 5 10 (n = 9): median (nearest rank 5) = 2, 90th percentile
     (nearest rank 9) = 10.
 outflow: C12 and C13, each once although their case closed twice              =  2
 goal attainment (each child's last closing in the year with goals for them):
     C12 closing 2 (5) not reached; C13 closing 1 (family 7) reached: 1 of 2.
     In Q2 (closing 1 only) 2 of 2.
 consultations decided: C7 (stays basis), C8 (step up) → 1 of 2 stayed basis.
 cost in wijk WK055601 (C1 and C11): C1 B1 27 days × € 50 = € 1.350; C11 B2 no tariff.

Q1 2024 children in care per municipality: Maassluis C1 C3 C11 = 3; Schiedam C2 (still
there on 31-03) C4 C9 = 3; Vlaardingen C10 = 1; total 7. Q2: C1 is still counted (its
trajectory runs into April) but its start is not (it started in Q1).
"""

from __future__ import annotations

import importlib
import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.test import override_settings

from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.models import Consultation, ConsultationStatus, Trajectory
from jeugdmodel.cases.models import Case, CaseClosing, CaseStatus
from jeugdmodel.families.models import Family, FamilyMember, Person, Relation, Residence
from jeugdmodel.finance.models import Tariff
from jeugdmodel.intake.models import PersonRole, Request, RequestPerson, RequestStatus
from jeugdmodel.region.models import (
    District,
    HelpForm,
    Municipality,
    Organisation,
    Region,
    Team,
)
from jeugdmodel.region.selectors import postcode_area_for_residence
from jeugdmodel.steering.cellkey import DEFAULT, KEYS
from jeugdmodel.steering.models import Cell
from jeugdmodel.steering.periods import period_parse
from jeugdmodel.steering.selectors import Filters, figure_table, region_scope, trend_table
from jeugdmodel.steering.services import child_record_key, steering_rebuild

AMS = ZoneInfo("Europe/Amsterdam")
pytestmark = pytest.mark.django_db


def _ensure_base_help_forms() -> None:
    """The national base list comes from a data migration; a transactional test (the
    browser tests) flushes it, so put it back when it is gone."""
    if HelpForm.objects.filter(region__isnull=True).exists():
        return
    base = importlib.import_module("jeugdmodel.region.migrations.0004_help_form_base_list")
    for code, name, level, with_stay in base.BASE_LIST:
        HelpForm.objects.create(region=None, code=code, name=name, level=level, with_stay=with_stay)


class World:
    def __init__(self, user: Any) -> None:
        _ensure_base_help_forms()
        self.user = user
        self.forms = {f.code: f for f in HelpForm.objects.all()}
        self.teams = {t.code: t for t in Team.objects.all()}
        self.org = Organisation.objects.filter(kind="member").order_by("code").first()
        self.n = 0

    def child(self, born: str, sex: str, *stays: tuple[str, str]) -> Person:
        self.n += 1
        person = Person.objects.create(
            given_name=f"Kind{self.n}",
            family_name="Zorgkind",
            date_of_birth=date.fromisoformat(born),
            sex=sex,
            pc4=stays[-1][0],
        )
        for i, (pc4, since) in enumerate(stays):
            start = date.fromisoformat(since)
            end = (
                date.fromordinal(date.fromisoformat(stays[i + 1][1]).toordinal() - 1)
                if i + 1 < len(stays)
                else None
            )
            area = postcode_area_for_residence(pc4, start)
            Residence.objects.create(
                person=person,
                pc4=pc4,
                municipality=area.municipality if area else None,
                district=area.district if area else None,
                valid_from=start,
                valid_to=end,
            )
        return person

    def case(self, team: str, *children: Person, opened: str = "2023-01-01") -> Case:
        family = Family.objects.create(name="Gezin Zorgkind")
        for c in children:
            FamilyMember.objects.create(
                family=family, person=c, relation=Relation.CHILD, valid_from=date(2020, 1, 1)
            )
        return Case.objects.create(
            family=family,
            team=self.teams[team],
            coordinator=self.user,
            status=CaseStatus.ACTIVE,
            opened_on=date.fromisoformat(opened),
        )

    def traj(
        self,
        case: Case,
        child: Person,
        form: str,
        start: str,
        end: str | None = None,
        reason: str = "volgens_plan",
        sub: str = "",
        crisis: bool = False,
        org: bool = False,
    ) -> Trajectory:
        hf = self.forms[form]
        return Trajectory.objects.create(
            case=case,
            child=child,
            help_form=hf,
            level=hf.level,
            with_stay=hf.with_stay,
            crisis_start=crisis,
            organisation=self.org if org else None,
            start_date=date.fromisoformat(start),
            end_date=date.fromisoformat(end) if end else None,
            end_reason=reason if end else "",
            end_subreason=sub if end else "",
            specialist_reason="nodig" if hf.level == "specialistisch" else "",
            created_by=self.user,
        )

    def request(
        self,
        team: str,
        received: str,
        children: list[Person],
        first_contact: str | None = None,
        access_point: str = "family",
    ) -> Request:
        self.n += 1
        r = Request.objects.create(
            reference=f"T-{uuid.uuid4().hex[:12]}",
            idempotency_key=uuid.uuid4().hex,
            received_at=datetime.fromisoformat(received + "T10:00").replace(tzinfo=AMS),
            access_point=access_point,
            question="vraag",
            team=self.teams[team],
            status=RequestStatus.FIRST_CONTACT if first_contact else RequestStatus.RECEIVED,
            first_contact_on=date.fromisoformat(first_contact) if first_contact else None,
        )
        for c in children:
            RequestPerson.objects.create(
                request=r,
                role=PersonRole.CHILD,
                given_name=c.given_name,
                family_name=c.family_name,
                date_of_birth=c.date_of_birth,
                person=c,
            )
        return r

    def closing(
        self, case: Case, closed: str, reopened: str | None = None, scores: Any = ()
    ) -> None:
        CaseClosing.objects.create(
            case=case,
            closed_on=date.fromisoformat(closed),
            reason="doelen_bereikt",
            reopened_on=date.fromisoformat(reopened) if reopened else None,
            goal_scores=list(scores),
        )

    def consult(self, case: Case, closed: str, outcome: str) -> None:
        at = datetime.fromisoformat(closed + "T12:00").replace(tzinfo=AMS)
        Consultation.objects.create(
            case=case,
            asked_by=self.user,
            question="vraag",
            flex_team=self.teams["plusteam"],
            status=ConsultationStatus.CLOSED,
            asked_at=at,
            accepted_by=self.user,
            accepted_at=at,
            advice="advies",
            advised_at=at,
            outcome=outcome,
            closed_at=at,
        )


@pytest.fixture
def world(mvs: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> World:
    # The test runs inside a transaction: run what would run on commit (the refresh).
    with django_capture_on_commit_callbacks(execute=True):
        return _build(mvs, make_user)


def _build(mvs: Any, make_user: Any) -> World:
    w = World(make_user(Role.WIJKTEAM_PROFESSIONAL))
    for code, cents in (("wijkteamondersteuning", 5000), ("ambulante-jeugdhulp", 15000)):
        Tariff.objects.get_or_create(
            help_form=w.forms[code], year=2024, defaults={"price_cents": cents}
        )
    born = "2010-01-01"
    c1 = w.child("2015-05-01", "v", ("3141", born))
    c2 = w.child("2012-01-10", "m", ("3112", born), ("3131", "2024-07-01"))
    c3 = w.child("2010-03-03", "v", ("3142", born))
    c4 = w.child("2011-06-06", "m", ("3112", born))
    c5 = w.child("2016-02-02", "v", ("3131", born))
    c6 = w.child("2016-03-03", "m", ("3131", born))
    c7 = w.child("2018-08-08", "v", ("3141", born))
    c8 = w.child("2014-04-04", "m", ("3112", born))
    c9 = w.child("2009-09-09", "v", ("3112", born))
    c10 = w.child("2008-01-01", "m", ("3131", born))
    c11 = w.child("2000-06-01", "v", ("3141", "2000-06-01"))
    c12 = w.child("2013-11-11", "m", ("3142", born))
    c13 = w.child("2017-01-01", "v", ("3142", born))
    c15 = w.child("2012-12-12", "v", ("3011", born))

    k = w.case("vraagraak", c1)
    w.traj(k, c1, "wijkteamondersteuning", "2024-03-15", "2024-04-10")
    k = w.case("wot-oost", c2)
    w.traj(k, c2, "wijkteamondersteuning", "2024-02-01", "2024-09-30")
    k = w.case("vraagraak", c3)
    w.traj(k, c3, "wijkteamondersteuning", "2024-01-01", "2024-07-02", "voortijdig",
           "voortijdig_overeenstemming")  # fmt: skip
    w.traj(k, c3, "ambulante-jeugdhulp", "2024-07-02")
    k = w.case("wot-oost", c4)
    w.traj(k, c4, "wijkteamondersteuning", "2024-01-01")
    w.traj(k, c4, "ambulante-jeugdhulp", "2024-07-01", "2024-12-15", "voortijdig",
           "voortijdig_client")  # fmt: skip
    k = w.case("wijkteam-vlaardingen-centrum", c5)
    w.closing(k, "2023-05-01")
    w.request("wijkteam-vlaardingen-centrum", "2024-05-01", [c5], "2024-05-03", "wijkteam")
    k = w.case("wijkteam-vlaardingen-centrum", c6)
    w.closing(k, "2023-05-02")
    w.request("wijkteam-vlaardingen-centrum", "2024-05-01", [c6], "2024-05-08", "wijkteam")
    k = w.case("vraagraak", c7)
    w.consult(k, "2024-10-10", "stays_basis")
    k = w.case("wot-oost", c8)
    w.consult(k, "2024-10-11", "step_up")
    w.traj(k, c8, "ambulante-jeugdhulp", "2024-10-20", "2025-03-01")
    k = w.case("wot-oost", c9)
    w.traj(k, c9, "pleegzorg", "2024-02-01", "2024-05-31", crisis=True, org=True)
    w.traj(k, c9, "pleegzorg", "2024-05-15", "2024-08-31", "voortijdig", "voortijdig_aanbieder",
           org=True)  # fmt: skip
    k = w.case("wijkteam-vlaardingen-centrum", c10)
    w.traj(k, c10, "wijkteamondersteuning", "2020-01-01", "2022-12-31")
    w.traj(k, c10, "ambulante-jeugdhulp", "2024-03-01")
    k = w.case("vraagraak", c11)
    w.traj(k, c11, "poh-jeugd-begeleiding", "2024-01-01", "2024-01-31")
    k = w.case("vraagraak", c12, c13)
    w.request("vraagraak", "2024-01-08", [c12, c13], "2024-01-10", "legal_gp")
    c12_id, c13_id = str(c12.public_id), str(c13.public_id)
    w.closing(
        k,
        "2024-06-28",
        "2024-09-02",
        [{"subject": c12_id, "score": 8}, {"subject": "family", "score": 7}],
    )
    w.closing(k, "2024-12-20", scores=[{"subject": c12_id, "score": 5}])
    assert c13_id
    k = w.case("wot-oost", c15)
    w.traj(k, c15, "wijkteamondersteuning", "2024-04-01", "2024-04-30")
    contacts = ["2024-03-05", "2024-03-06", "2024-03-07", "2024-03-11", "2024-03-18", None]
    for i in range(6):
        f = w.child("2021-01-01" if i < 3 else "2019-01-01", "m" if i < 3 else "v", ("3112", born))
        k = w.case("wot-oost", f)
        w.traj(k, f, "wijkteamondersteuning", "2024-04-01", "2024-06-30")
        w.request("wot-oost", "2024-03-04", [f], contacts[i])
    return w


def _scope() -> Any:
    return region_scope(Region.objects.get(code="mvs").pk)


def _raw(period: str, figures: list[str], by: str | None = None, **filters: Any) -> Any:
    table = figure_table(
        _scope(), Filters(**filters), period_parse(period), figures=figures, by=by,
        protect=False,
    )  # fmt: skip
    return {r.label: {k: v.raw for k, v in r.values.items()} for r in table.rows}


def test_region_2024_every_figure(world: World) -> None:
    total = _raw(
        "2024",
        [
            "children_in_care", "children_basis", "children_specialist", "share_basis",
            "children_residential", "cbs_youths_in_care", "trajectories_started",
            "trajectories_ended", "ended_according_to_plan", "trajectories_running",
            "cbs_trajectories_started", "cbs_trajectories_ended", "cbs_ended_according_to_plan",
            "cbs_trajectories_running", "cbs_started_with_stay", "cbs_started_with_crisis",
            "cbs_repeat", "stepup_rate", "inflow", "referrer_gemeente", "referrer_huisarts",
            "referrer_geen",
            "repeat_requests", "first_contact_median", "first_contact_p90", "outflow",
            "goal_attainment", "consult_prevented",
        ],
    )["Totaal"]  # fmt: skip
    assert total == {
        "children_in_care": 15,
        "children_basis": 10,
        "children_specialist": 5,
        "share_basis": pytest.approx(100 * 10 / 15),
        "children_residential": 1,
        "cbs_youths_in_care": 14,
        "trajectories_started": 18,
        "trajectories_ended": 14,
        "ended_according_to_plan": pytest.approx(100 * 11 / 14),
        "trajectories_running": 4,
        "cbs_trajectories_started": 17,
        "cbs_trajectories_ended": 13,
        "cbs_ended_according_to_plan": pytest.approx(100 * 10 / 13),
        "cbs_trajectories_running": 4,
        "cbs_started_with_stay": 1,
        "cbs_started_with_crisis": 1,
        "cbs_repeat": 1,
        "stepup_rate": pytest.approx(100 * 1 / 12),
        "inflow": 10,
        "referrer_gemeente": 2,
        "referrer_huisarts": 2,
        "referrer_geen": 6,
        "repeat_requests": 3,
        "first_contact_median": 2,
        "first_contact_p90": 10,
        "outflow": 2,
        "goal_attainment": pytest.approx(100 * 1 / 2),
        "consult_prevented": pytest.approx(100 * 1 / 2),
    }


def test_municipality_by_address_at_the_time(world: World) -> None:
    year = _raw("2024", ["children_in_care"], by="municipality")
    assert {label: row["children_in_care"] for label, row in year.items()} == {
        "Maassluis": 3,
        "Schiedam": 9,
        "Vlaardingen": 2,
        "onbekend / buiten de regio": 1,
        "Totaal": 15,
    }
    # In Q1 the child who moved in July still counts in Schiedam.
    q1 = _raw("2024-Q1", ["children_in_care"], by="municipality")
    assert {label: row["children_in_care"] for label, row in q1.items()} == {
        "Maassluis": 3,
        "Schiedam": 3,
        "Vlaardingen": 1,
        "Totaal": 7,
    }


def test_age_groups(world: World) -> None:
    rows = _raw("2024", ["children_in_care"], by="age_group")
    assert {label: row["children_in_care"] for label, row in rows.items()} == {
        "0–3": 3,
        "4–11": 6,
        "12–17": 5,
        "18–22": 0,
        "23 en ouder": 1,
        "Totaal": 15,
    }


def test_period_boundary(world: World) -> None:
    muni = Municipality.objects.get(code="GM0556").pk
    q1 = _raw("2024-Q1", ["children_in_care", "trajectories_started"], municipality=muni)
    q2 = _raw(
        "2024-Q2",
        ["children_in_care", "trajectories_started", "trajectories_ended"],
        municipality=muni,
    )
    # Maassluis Q1: C1 C3 C11 in care; started C1 C3 C11.
    assert q1["Totaal"] == {"children_in_care": 3, "trajectories_started": 3}
    # Q2: C1 (into April) and C3 in care; nothing started; C1 ended.
    assert q2["Totaal"] == {
        "children_in_care": 2,
        "trajectories_started": 0,
        "trajectories_ended": 1,
    }


def test_cost_in_a_district(world: World) -> None:
    district = District.objects.get(code="WK055601").pk
    rows = _raw("2024", ["cost", "children_in_care"], district=district)
    assert rows["Totaal"] == {"cost": 1350.0, "children_in_care": 2}


def _key_of(*names: str) -> int:
    """The cell key of the children named (Kind1 is C1): the sum of their record keys."""
    ids = Person.objects.filter(given_name__in=names).values_list("id", flat=True)
    assert len(ids) == len(names)
    return sum(child_record_key(pid) for pid in ids) % KEYS


def _shown(table: Any, figure: str) -> dict[str, str]:
    return {r.label: r.values[figure].display for r in table.rows}


def test_published_counts_are_perturbed_by_the_keys_of_their_children(world: World) -> None:
    table = figure_table(
        _scope(), Filters(), period_parse("2024"), figures=["children_in_care"],
        by="municipality",
    )  # fmt: skip
    shown = _shown(table, "children_in_care")
    # Maassluis C1 C3 C11 = 3: the true count perturbed by the sum of their record keys,
    # a number and never "<5"; no count shows as 1 or 2.
    maassluis = DEFAULT.perturb(3, _key_of("Kind1", "Kind3", "Kind11"))
    assert shown["Maassluis"] == str(maassluis)
    assert all(v not in ("1", "2", "<5", "×") for v in shown.values())
    assert table.rows[0].values["children_in_care"].status == "shown"


def test_the_same_children_show_the_same_number_in_every_view(world: World) -> None:
    """Maassluis's children in care in 2024 are one row of the table by municipality, the
    total of Maassluis by district, by age group and by sex, and the year's row of the
    trend: every view shows the same number, so subtracting views gives nothing away."""
    scope, year = _scope(), period_parse("2024")
    muni = Municipality.objects.get(code="GM0556").pk
    by_muni = figure_table(scope, Filters(), year, figures=["children_in_care"], by="municipality")
    expected = _shown(by_muni, "children_in_care")["Maassluis"]
    for by in ("district", "age_group", "sex", "team"):
        table = figure_table(
            scope, Filters(municipality=muni), year, figures=["children_in_care"], by=by
        )
        assert _shown(table, "children_in_care")["Totaal"] == expected, by
    trend = trend_table(
        scope, Filters(municipality=muni), year, figures=["children_in_care"], count=1
    )
    assert trend.rows[0].values["children_in_care"].display == expected
    # A district row shows what the table filtered to that district shows in total.
    by_district = figure_table(
        scope, Filters(municipality=muni), year, figures=["children_in_care"], by="district"
    )
    for row in by_district.rows[:-1]:
        alone = figure_table(
            scope, Filters(district=int(row.key)), year, figures=["children_in_care"],
            by="age_group",
        )  # fmt: skip
        assert _shown(alone, "children_in_care")["Totaal"] == row.values["children_in_care"].display


def test_no_children_shows_zero(world: World) -> None:
    """A group without children shows 0, not "<5" (0 stays 0: no children, no key)."""
    muni = Filters(municipality=Municipality.objects.get(code="GM0556").pk)
    by_age = figure_table(
        _scope(), muni, period_parse("2024"), figures=["children_in_care"], by="age_group"
    )
    assert _shown(by_age, "children_in_care")["0–3"] == "0"  # nobody born after 2019
    by_sex = figure_table(
        _scope(), muni, period_parse("2024"), figures=["children_in_care"], by="sex"
    )
    assert _shown(by_sex, "children_in_care")["anders / onbekend"] == "0"  # only v and m


def test_incremental_cells_equal_a_full_rebuild(world: World) -> None:
    def snapshot() -> list[tuple[Any, ...]]:
        return sorted(
            tuple(str(x) for x in row) for row in Cell.objects.values_list(
                "period_kind", "period_start", "municipality_id", "district_id", "team_id",
                "age_group", "sex", "measure", "bucket", "value", "ckey",
            )
        )  # fmt: skip

    incremental = snapshot()
    assert incremental
    steering_rebuild()
    assert snapshot() == incremental


def _cells_snapshot() -> list[tuple[Any, ...]]:
    return sorted(
        tuple(str(x) for x in row) for row in Cell.objects.values_list(
            "period_kind", "period_start", "municipality_id", "district_id", "team_id",
            "age_group", "sex", "measure", "bucket", "value", "ckey",
        )
    )  # fmt: skip


def test_one_delete_of_several_rows_of_a_child_counts_once(world: World) -> None:
    """A queryset delete sends every pre_delete before every post_delete: the second
    row's delta must start from what the first one left, not from the state before both."""
    moved = Residence.objects.values("person_id").annotate(n=Count("id")).filter(n__gte=2)
    child_id = moved.order_by("person_id").values_list("person_id", flat=True).first()
    assert child_id is not None
    before = _cells_snapshot()
    Residence.objects.filter(person_id=child_id).delete()
    incremental = _cells_snapshot()
    assert incremental != before
    steering_rebuild()
    assert _cells_snapshot() == incremental


def test_a_trajectory_moved_to_another_child_leaves_nothing_behind(world: World) -> None:
    """Changing a trajectory's child takes it out of the first child's figures too."""
    trajectory = Trajectory.objects.order_by("id").first()
    assert trajectory is not None
    other = (
        FamilyMember.objects.filter(family__cases__id=trajectory.case_id)
        .exclude(person_id=trajectory.child_id)
        .values_list("person_id", flat=True)
        .first()
    )
    if other is None:
        other = Person.objects.exclude(id=trajectory.child_id).values_list("id", flat=True)[0]
    trajectory.child_id = other
    trajectory.save()
    incremental = _cells_snapshot()
    steering_rebuild()
    assert _cells_snapshot() == incremental


def test_cell_keys_are_the_sums_of_the_record_keys_of_the_children(world: World) -> None:
    """The key of "in care in 2024" (over every cell) is the sum of the record keys of the
    children with a trajectory in 2024: one key per child, whatever cells it is split
    over, and the same after the deltas as after a rebuild."""
    from django.db.models import Q, Sum

    children = set(
        Trajectory.objects.filter(start_date__lte=date(2024, 12, 31))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=date(2024, 1, 1)))
        .values_list("child_id", flat=True)
    )
    assert len(children) == 15
    expected = sum(child_record_key(pid) for pid in children) % KEYS

    def key() -> int:
        cells = Cell.objects.filter(period_kind="Y", period_start=date(2024, 1, 1))
        total = cells.filter(measure="in_care").aggregate(k=Sum("ckey"))["k"]
        return int(total) % KEYS

    assert key() == expected
    steering_rebuild()
    assert key() == expected
    # Another secret gives other keys: the key depends on the secret, not only the ids.
    with override_settings(JM_CELL_KEY_SECRET="another-secret"):
        assert sum(child_record_key(pid) for pid in children) % KEYS != expected


def test_municipality_cells_are_the_sums_of_the_cells(world: World) -> None:
    """The per-municipality table follows every delta, and a rebuild gives the same."""
    from django.db.models import Sum

    from jeugdmodel.steering.models import MunicipalityCell

    def sums(model: Any) -> dict[tuple[Any, ...], tuple[int, int]]:
        rows = model.objects.values(
            "period_kind", "period_start", "municipality_id", "measure", "bucket"
        ).annotate(v=Sum("value"), k=Sum("ckey"))
        return {
            (
                r["period_kind"],
                r["period_start"],
                r["municipality_id"],
                r["measure"],
                r["bucket"],
            ): (r["v"], int(r["k"]) % KEYS)
            for r in rows
            if r["v"]
        }

    assert sums(MunicipalityCell) == sums(Cell)
    steering_rebuild()
    assert sums(MunicipalityCell) == sums(Cell)
    # A filter-free view reads the per-municipality table and gives the same answers.
    assert _raw("2024", ["children_in_care"], by="municipality")["Totaal"] == {
        "children_in_care": 15
    }


def test_the_repeat_window_is_the_front_doors() -> None:
    """The figure and the front door's repeat flag use one window (docs/figures.md)."""
    from datetime import timedelta

    from jeugdmodel.intake.services import REPEAT_WINDOW
    from jeugdmodel.steering.compute import REPEAT_DAYS

    assert timedelta(days=REPEAT_DAYS) == REPEAT_WINDOW


# -- A second small world: exactly what each count counts ---------------------------------
#
# Everyone lives in Schiedam (3112), team wot-oost. Nothing of the first world is built.
#
# Herhaald beroep (CBS): care in the five years before the period, at least one whole day
# between its end and the new start; the earlier care may end inside the period.
#  R1 B1 2023-10-01 → 2024-03-10; S1 2024-03-12 → 2024-06-30: 11 March lies in between →
#     a repeat in Q1 and in 2024 (the earlier care ended inside the period).
#  R2 B1 2023-10-01 → 2024-03-10; B2 2024-03-11 → 2024-06-30: no whole day → no repeat.
#  R3 B1 2024-01-15 → 2024-02-15; S1 2024-04-01 → 2024-06-30: for 2024 the earlier care
#     lies inside the period, not before it → no repeat; for Q2 it lies before → repeat.
#  R4 B1 2018-01-01 → 2019-03-31; S1 2024-05-01 → running: for 2024 the window starts on
#     2019-01-01 → repeat; for Q2 it starts on 2019-04-01 → not.
#  R5 B1 2018-01-01 → 2018-12-31; S1 2024-05-01 → running: ended before the window.
#  → cbs_repeat 2024: R1 R4 = 2; Q1: R1 = 1; Q2: R3 = 1.
#
# Working days (the days after the received day up to and including the contact day):
#  W1 request received Saturday 2024-03-02 (family), first contact Monday 2024-03-04:
#     Sunday does not count, Monday does → 1.
#  W2 request received Good Friday 2024-03-29 (family), first contact Wednesday
#     2024-04-03: Saturday, Sunday and Easter Monday do not count; Tuesday and
#     Wednesday do → 2.
#
# Once per child per period and measure:
#  W3 requests 2024-01-10 (wijkteam, contact 2024-01-12: 2 days) and 2024-02-14 (legal GP,
#     contact 2024-02-20: 4 days); case closed 2024-02-01 (own goal 8), reopened
#     2024-02-05, closed 2024-03-25 (own goal 5); consultations closed 2024-01-20
#     "step up" and 2024-03-01 "stays basis".
#     Q1: inflow once; in both referrer groups (gemeente, huisarts) once; time to first
#     contact from its first request only (2); repeat once (the request 13 days after a
#     closing and the reopening are two reasons, one child); outflow once; goals from
#     the last closing with goals (5: not reached); the last decided consultation
#     ("stays basis").
#  → Q1: inflow W1 W2 W3 = 3; geen W1 W2 = 2; gemeente 1; huisarts 1; first contact
#     1, 2, 2 (W1, W2, W3); repeat 1; outflow 1; goals 0 of 1; consultations 1 of 1.


@pytest.fixture
def exact(mvs: Any, make_user: Any, django_capture_on_commit_callbacks: Any) -> World:
    with django_capture_on_commit_callbacks(execute=True):
        w = World(make_user(Role.WIJKTEAM_PROFESSIONAL))
        born = "2010-01-01"
        plan = [
            ("wijkteamondersteuning", "2023-10-01", "2024-03-10", "ambulante-jeugdhulp",
             "2024-03-12", "2024-06-30"),
            ("wijkteamondersteuning", "2023-10-01", "2024-03-10", "poh-jeugd-begeleiding",
             "2024-03-11", "2024-06-30"),
            ("wijkteamondersteuning", "2024-01-15", "2024-02-15", "ambulante-jeugdhulp",
             "2024-04-01", "2024-06-30"),
            ("wijkteamondersteuning", "2018-01-01", "2019-03-31", "ambulante-jeugdhulp",
             "2024-05-01", None),
            ("wijkteamondersteuning", "2018-01-01", "2018-12-31", "ambulante-jeugdhulp",
             "2024-05-01", None),
        ]  # fmt: skip
        for form1, start1, end1, form2, start2, end2 in plan:
            r = w.child("2012-02-02", "m", ("3112", born))
            k = w.case("wot-oost", r)
            w.traj(k, r, form1, start1, end1)
            w.traj(k, r, form2, start2, end2)
        w1 = w.child("2015-01-01", "v", ("3112", born))
        w.request("wot-oost", "2024-03-02", [w1], "2024-03-04", "family")
        w2 = w.child("2015-02-02", "m", ("3112", born))
        w.request("wot-oost", "2024-03-29", [w2], "2024-04-03", "family")
        w3 = w.child("2016-06-06", "v", ("3112", born))
        k = w.case("wot-oost", w3)
        w.request("wot-oost", "2024-01-10", [w3], "2024-01-12", "wijkteam")
        w.request("wot-oost", "2024-02-14", [w3], "2024-02-20", "legal_gp")
        own = str(w3.public_id)
        w.closing(k, "2024-02-01", "2024-02-05", [{"subject": own, "score": 8}])
        w.closing(k, "2024-03-25", scores=[{"subject": own, "score": 5}])
        w.consult(k, "2024-01-20", "step_up")
        w.consult(k, "2024-03-01", "stays_basis")
    return w


def _cells(period: str, measure: str) -> dict[int, int]:
    p = period_parse(period)
    rows = (
        Cell.objects.filter(period_kind=p.kind, period_start=p.start, measure=measure)
        .values_list("bucket", "value")
        .order_by("bucket")
    )
    out: dict[int, int] = {}
    for bucket, value in rows:
        out[bucket] = out.get(bucket, 0) + value
    return {b: v for b, v in out.items() if v}


def test_cbs_repeat_counts_earlier_care_that_ended_inside_the_period(exact: World) -> None:
    def repeats(period: str) -> Any:
        return _raw(period, ["cbs_repeat"])["Totaal"]["cbs_repeat"]

    assert (repeats("2024"), repeats("2024-Q1"), repeats("2024-Q2")) == (2, 1, 1)


def test_working_days_saturday_and_good_friday(exact: World) -> None:
    from jeugdmodel.core.workdays import working_days_between

    assert working_days_between(date(2024, 3, 2), date(2024, 3, 4)) == 1
    assert working_days_between(date(2024, 3, 29), date(2024, 4, 3)) == 2
    # W1 waited 1 working day, W2 and W3 (its first request) 2: in the cells of Q1.
    assert _cells("2024-Q1", "first_contact") == {1: 1, 2: 2}


def test_a_child_counts_once_per_period_and_measure(exact: World) -> None:
    q1 = _raw(
        "2024-Q1",
        ["inflow", "referrer_geen", "referrer_gemeente", "referrer_huisarts",
         "repeat_requests", "outflow"],
    )["Totaal"]  # fmt: skip
    assert q1 == {
        "inflow": 3,
        "referrer_geen": 2,
        "referrer_gemeente": 1,
        "referrer_huisarts": 1,
        "repeat_requests": 1,
        "outflow": 1,
    }
    assert (_cells("2024-Q1", "goals_plans"), _cells("2024-Q1", "goals_reached")) == ({0: 1}, {})
    assert (_cells("2024-Q1", "consult_decided"), _cells("2024-Q1", "consult_stays_basis")) == (
        {0: 1},
        {0: 1},
    )
    # The year holds the same events, so the same counts.
    assert _raw("2024", ["inflow", "outflow"])["Totaal"] == {"inflow": 3, "outflow": 1}


def test_exact_world_rebuild_gives_the_same_cells(exact: World) -> None:
    before = _cells_snapshot()
    steering_rebuild()
    assert _cells_snapshot() == before
