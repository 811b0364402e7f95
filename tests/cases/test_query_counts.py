"""The case page, the list of my cases and the professional's home page use a fixed number
of queries whatever the amount of data (two sizes each)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.cases.models import CaseTeamRole
from jeugdmodel.cases.services import (
    adult_service_link_add,
    case_team_add,
    document_upload,
    external_involvement_add,
    journal_add,
    plan_save,
)
from tests.cases.helpers import PDF, Story, care_user, new_case, plan_body
from tests.intake.fixtures_work import lead_of, professional_in, team

pytestmark = pytest.mark.usefixtures("mvs")


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _fill(story: Story, n: int) -> None:
    """n of everything the case page shows."""
    today = timezone.localdate()
    actor = story.coordinator
    children = [m.person for m in story.case.family.members.filter(relation="child")]
    adults = [m.person for m in story.case.family.members.filter(relation="parent")]
    for i in range(n):
        case_team_add(
            actor=actor,
            case=story.case,
            user=care_user(story.team, Role.FLEX_SPECIALIST),
            role=CaseTeamRole.FLEX_SPECIALIST,
            valid_from=today,
        )
        journal_add(
            actor=actor,
            case=story.case,
            on=today,
            kind="phone",
            duration_minutes=5 + i,
            with_whom="moeder",
            note=f"Contact {i}",
        )
        document_upload(actor=actor, case=story.case, upload=SimpleUploadedFile(f"d{i}.pdf", PDF))
        plan_save(
            actor=actor,
            case=story.case,
            base_version=i,
            content=plan_body(goals=[{"subject": "family", "text": f"doel {i}", "scores": []}]),
        )
        external_involvement_add(
            actor=actor,
            case=story.case,
            person=children[i % len(children)],
            kind="jeugdbescherming",
            organisation="GI",
            since=today,
        )
        adult_service_link_add(
            actor=actor, case=story.case, person=adults[0], service="wmo", since=today
        )


@pytest.mark.parametrize("path", ["", "plan/", "plan/versies/", "journaal/", "documenten/"])
def test_case_pages(path: str, login: Callable[[User], Client]) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    coordinator = professional_in(oost)
    small = new_case(lead=lead, coordinator=coordinator, ages=(9,))
    large = new_case(lead=lead, coordinator=coordinator, ages=(3, 6, 9, 12, 15))
    _fill(small, 1)
    _fill(large, 8)
    client = login(coordinator)
    few = _queries(client, f"/casussen/{small.case.public_id}/{path}")
    many = _queries(client, f"/casussen/{large.case.public_id}/{path}")
    assert many == few


@pytest.mark.parametrize("who", ["coordinator", "lead"])
def test_my_cases_list(who: str, login: Callable[[User], Client]) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    coordinator = professional_in(oost)
    client = login(coordinator if who == "coordinator" else lead)

    def grow(n: int) -> None:
        for _ in range(n):
            new_case(lead=lead, coordinator=coordinator, ages=(4, 8))

    grow(2)
    small = _queries(client, "/casussen/")
    grow(12)
    assert _queries(client, "/casussen/") == small
    assert _queries(client, "/api/v1/cases/") == _queries(client, "/api/v1/cases/?limit=2")


def test_home_with_overdue_agreements_and_evaluations(login: Callable[[User], Client]) -> None:
    oost = team("wot-oost")
    lead = lead_of(oost)
    coordinator = professional_in(oost)
    client = login(coordinator)
    past = (timezone.localdate() - timedelta(days=3)).isoformat()

    def grow(n: int) -> None:
        for _ in range(n):
            story = new_case(lead=lead, coordinator=coordinator)
            plan_save(
                actor=coordinator,
                case=story.case,
                base_version=0,
                content=plan_body(
                    agreements=[{"who": "moeder", "what": "bellen", "due": past}],
                    next_evaluation=past,
                ),
            )

    grow(1)
    small = _queries(client, "/")
    grow(8)
    assert _queries(client, "/") == small
