"""The demo's cases (jeugdmodel.demo.case_demo): deterministic per seed, the model's 80/20,
every state present, work for the demo logins, and a second run that adds nothing.

One demo world for the module (the MVS region with demo data of seed `SEED`), made twice:
the first time inside a savepoint that is rolled back, so the two can be compared."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.models import (
    Consultation,
    ConsultationOutcome,
    ConsultationStatus,
    EndReason,
    LevelChange,
    LevelChangeKind,
    Trajectory,
)
from jeugdmodel.care.selectors import consultations_queue_for
from jeugdmodel.cases.models import (
    AdultServiceLink,
    Case,
    CaseStatus,
    CaseTeamMember,
    ExternalInvolvement,
    JournalEntry,
    PlanVersion,
)
from jeugdmodel.cases.plan_content import FAMILY, plan_content_load
from jeugdmodel.cases.selectors import case_work_for
from jeugdmodel.demo.case_demo import DEMO_COORDINATOR, DEMO_FLEX
from jeugdmodel.demo.generator import DemoResult, demo_data_generate
from jeugdmodel.families.models import Person
from jeugdmodel.intake.models import Request
from jeugdmodel.intake.services import consent_rule_satisfied
from jeugdmodel.region.models import CareLevel
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load

SEED = 4


def fingerprint() -> dict[str, list[Any]]:
    """What the demo made, without database keys or random public ids (a goal's subject
    is written as the child's name), sorted: equal for equal worlds."""
    names = dict(Person.objects.values_list("public_id", "given_name"))

    def subject(value: str) -> str:
        return value if value == FAMILY else names.get(uuid.UUID(value), "?")

    def plan(content: dict[str, Any]) -> dict[str, Any]:
        goals = [{**g, "subject": subject(g["subject"])} for g in content.get("goals", [])]
        return {**content, "goals": goals}

    return {
        "cases": sorted(
            Case.objects.values_list(
                "family__name",
                "team__code",
                "coordinator__username",
                "status",
                "closing_reason",
                "is_repeat",
            )
        ),
        "plans": sorted(
            (
                v.case.family.name,
                v.number,
                repr(plan(v.content)),
                v.agreed_on,
                v.agreed_by,
                v.consent_parent,
                v.consent_youth,
            )
            for v in PlanVersion.objects.select_related("case__family")
        ),
        "journal": sorted(
            JournalEntry.objects.values_list(
                "case__family__name",
                "on",
                "kind",
                "duration_minutes",
                "with_whom",
                "note",
                "author__username",
            )
        ),
        "trajectories": sorted(
            Trajectory.objects.values_list(
                "case__family__name",
                "child__given_name",
                "help_form__code",
                "level",
                "with_stay",
                "crisis_start",
                "start_date",
                "end_date",
                "end_reason",
                "end_subreason",
                "specialist_reason",
                "intensity",
            )
        ),
        "level_changes": sorted(
            LevelChange.objects.values_list(
                "case__family__name", "child__given_name", "kind", "on", "reason"
            )
        ),
        "consultations": sorted(
            Consultation.objects.values_list(
                "case__family__name",
                "status",
                "urgency",
                "question",
                "accepted_by__username",
                "advice",
                "outcome",
            )
        ),
        "facts": sorted(
            [
                *AdultServiceLink.objects.values_list("person__given_name", "service", "since"),
                *ExternalInvolvement.objects.values_list("person__given_name", "kind", "since"),
            ]
        ),
    }


@dataclass(frozen=True)
class DemoWorld:
    result: DemoResult
    first: dict[str, list[Any]]
    second: dict[str, list[Any]]


@pytest.fixture(scope="module")
def demo_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[DemoWorld]:
    """The region and demo data of SEED, made twice (the first inside a rolled-back
    savepoint). Everything is rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        region_load(data=parse_region_file(shipped_region_file("mvs")))
        savepoint = transaction.savepoint()
        demo_data_generate(seed=SEED, scale="mvs")
        first = fingerprint()
        transaction.savepoint_rollback(savepoint)
        assert not Case.objects.exists()
        result = demo_data_generate(seed=SEED, scale="mvs")
        yield DemoWorld(result=result, first=first, second=fingerprint())
        transaction.set_rollback(True)


@pytest.fixture
def world(demo_world: DemoWorld, db: None) -> DemoWorld:
    return demo_world


def test_deterministic_per_seed(world: DemoWorld) -> None:
    assert world.result.created
    for part, rows in world.second.items():
        assert rows, f"the demo made no {part}"
        assert world.first[part] == rows, f"{part} differ between two runs of seed {SEED}"


def test_about_eighty_percent_of_the_children_in_care_get_basis_help_only(
    world: DemoWorld,
) -> None:
    specialist = Trajectory.objects.filter(child=OuterRef("pk"), level=CareLevel.SPECIALIST)
    in_care = Person.objects.filter(trajectories__isnull=False).distinct()
    children = in_care.count()
    basis_only = in_care.exclude(Exists(specialist)).count()
    assert children >= 40
    assert 0.70 <= basis_only / children <= 0.90, (basis_only, children)
    assert world.result.counts["cases_children_in_care"] == children


def test_every_state_is_present(world: DemoWorld) -> None:
    cases = Case.objects.all()
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    closed = cases.filter(status=CaseStatus.CLOSED)
    assert closed.exclude(closing_reason="").count() == closed.count()
    assert closed.values("closing_reason").distinct().count() >= 3
    # Reopened within 12 months: a repeat, open again.
    assert cases.filter(is_repeat=True).exclude(status=CaseStatus.CLOSED).exists()

    today = timezone.localdate()
    versions = dict(PlanVersion.objects.values_list("case").annotate(n=Count("id")))
    assert set(versions.values()) == {2, 3}
    latest = [
        v for v in PlanVersion.objects.select_related("case") if v.number == versions[v.case_id]
    ]
    contents = [(v, plan_content_load(v.content)) for v in latest]
    assert any(c.overdue_agreements(today) for _v, c in contents)
    assert any(c.next_evaluation and c.next_evaluation < today for _v, c in contents)
    assert any(v.agreed_on is None for v, _c in contents)
    for _version, content in contents:
        subjects = {g.subject for g in content.goals}
        assert len(subjects - {FAMILY}) >= 1, "a goal per child"
        assert all(g.scores[0].kind == "start" for g in content.goals if g.scores)
        assert any(s.kind == "evaluation" for g in content.goals for s in g.scores)
        assert content.network
        assert content.agreements
    # The family agreed by the consent rules (the oldest child's age on that day).
    agreed = PlanVersion.objects.exclude(agreed_on=None).select_related("case")
    assert {(v.consent_parent, v.consent_youth) for v in agreed} >= {(True, False), (True, True)}
    for version in agreed:
        ages = [
            p.age_on(version.agreed_on)
            for p in Person.objects.filter(
                memberships__family=version.case.family_id, memberships__relation="child"
            )
        ]
        assert consent_rule_satisfied(
            oldest_age=max(ages), parent=version.consent_parent, youth=version.consent_youth
        )

    assert set(Consultation.objects.values_list("status", flat=True)) == set(
        ConsultationStatus.values
    )
    outcomes = set(Consultation.objects.values_list("outcome", flat=True))
    assert {ConsultationOutcome.STAYS_BASIS, ConsultationOutcome.STEP_UP} <= outcomes

    trajectories = Trajectory.objects.all()
    assert set(trajectories.values_list("level", flat=True)) == set(CareLevel.values)
    assert set(trajectories.values_list("with_stay", flat=True)) == {True, False}
    assert trajectories.filter(crisis_start=True).exists()
    assert set(trajectories.values_list("end_reason", flat=True)) == {"", *EndReason.values}
    running = trajectories.filter(end_date__isnull=True)
    assert set(running.values_list("level", flat=True)) == set(CareLevel.values)
    assert set(LevelChange.objects.values_list("kind", flat=True)) == set(LevelChangeKind.values)

    assert AdultServiceLink.objects.exists()
    assert ExternalInvolvement.objects.exists()
    assert JournalEntry.objects.values("kind").distinct().count() >= 4
    # Every contacted case answered the front door's "first contact" too.
    contacted = Case.objects.filter(journal__isnull=False).distinct()
    assert (
        not Request.objects.filter(
            case__in=contacted, status="assigned", first_contact_on__isnull=True
        )
        .exclude(case__coordinator__username=DEMO_COORDINATOR)
        .exists()
    )
    # Every write went through a service: the access log has their rows.
    events = set(AccessLogEntry.objects.values_list("event", flat=True))
    assert {
        "plan.save",
        "journal.add",
        "trajectory.start",
        "trajectory.step_up",
        "trajectory.step_down",
        "consultation.close",
        "case.close",
        "case.reopen",
    } <= events


def test_the_demo_logins_find_work(world: DemoWorld) -> None:
    coordinator = User.objects.get(username=DEMO_COORDINATOR)
    mine = Case.objects.filter(coordinator=coordinator).exclude(status=CaseStatus.CLOSED)
    with_plan = mine.filter(plan_versions__isnull=False).distinct()
    assert with_plan.count() >= 3
    assert with_plan.annotate(children=Count("family__members")).filter(children__gte=3).exists()
    assert (
        CaseTeamMember.objects.filter(
            case__in=mine, user=coordinator, role="coordinator", valid_to__isnull=True
        ).count()
        == mine.count()
    )
    work = case_work_for(user=coordinator)
    assert work.open_cases == mine.count()
    assert work.overdue or work.evaluations

    flex = User.objects.get(username=DEMO_FLEX)
    queue = list(consultations_queue_for(user=flex))
    assert any(c.status == ConsultationStatus.OPEN for c in queue)
    assert any(c.accepted_by_id == flex.pk for c in queue)


def test_a_second_run_adds_nothing(world: DemoWorld) -> None:
    models: list[Any] = [
        Case,
        PlanVersion,
        JournalEntry,
        Trajectory,
        LevelChange,
        Consultation,
        AdultServiceLink,
        ExternalInvolvement,
        Request,
        AccessLogEntry,
    ]
    before = [m.objects.count() for m in models]
    again = demo_data_generate(seed=SEED, scale="mvs")
    assert not again.created
    assert again.counts == world.result.counts
    assert [m.objects.count() for m in models] == before
    assert fingerprint() == world.second


def test_the_demo_exchanges_ijw_messages_and_a_few_are_rejected(world: DemoWorld) -> None:
    from jeugdmodel.ijw.models import InboxMessage, InState, OutboxMessage, OutState

    heen = OutboxMessage.objects.filter(message_type__in=["JW305", "JW307"])
    states = {state: heen.filter(state=state).count() for state in OutState.values}
    assert world.result.counts["ijw_sent"] == heen.count() > 0
    assert states[OutState.ANSWERED] == world.result.counts["ijw_answered"] > 0
    assert states[OutState.REJECTED] == world.result.counts["ijw_rejected"] >= 1
    assert states[OutState.SENT] > 0  # not answered yet
    for message in heen.filter(state=OutState.REJECTED):
        assert message.reason.startswith(("9069: ", "9074: "))
        assert message.trajectory is not None
    outside = InboxMessage.objects.filter(file_name__startswith="demo-")
    assert sorted(outside.values_list("state", flat=True)) == [InState.REJECTED] * 2
    assert {p["code"] for m in outside for p in m.problems} == {"TR069", "JM-H03"}
