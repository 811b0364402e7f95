"""The trajectories API: need-to-know equals the pages, starting one has the page's rules,
and errors are problem documents naming the field."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.care.models import Trajectory
from jeugdmodel.care.services import consultation_accept, consultation_ask, trajectory_start
from jeugdmodel.cases.models import CaseStatus
from tests.care.conftest import World, help_form
from tests.care.test_trajectories import rows
from tests.factories import UserFactory
from tests.intake.fixtures_work import professional_in

TODAY = timezone.localdate()


def api_path(world: World) -> str:
    return f"/api/v1/cases/{world.case.public_id}/trajectories/"


def post(client: Client, world: World, body: dict[str, Any]) -> Any:
    return client.post(api_path(world), body, content_type="application/json")


def test_need_to_know_is_the_same_as_on_the_pages(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("wijkteamondersteuning"),
        start_date=TODAY,
    )
    # A specialist who joined the case team through a consultation (from today).
    joined = professional_in(world.plusteam, role=Role.FLEX_SPECIALIST)
    consultation_accept(
        actor=joined,
        consultation=consultation_ask(
            actor=world.coordinator, case=world.case, question="Vraag", flex_team=world.plusteam
        ),
    )
    users = {
        "coordinator": world.coordinator,
        "lead of the case's team": world.lead,
        "colleague": world.colleague,
        "flex specialist before accepting": world.specialist,
        "flex lead": world.flex_lead,
        "municipality": UserFactory(role=Role.MUNICIPALITY.value),
        "privacy officer": UserFactory(role=Role.PRIVACY_OFFICER.value),
        "joined specialist": joined,
    }
    page = f"/casussen/{world.case.public_id}/trajecten/"
    seen: dict[str, tuple[int, int]] = {}
    for name, user in users.items():
        client.logout()
        signed_in = login(user)
        seen[name] = (signed_in.get(page).status_code, signed_in.get(api_path(world)).status_code)
    assert seen == {
        "coordinator": (200, 200),
        "lead of the case's team": (200, 200),
        "colleague": (404, 404),
        "flex specialist before accepting": (404, 404),
        "flex lead": (404, 404),
        "municipality": (404, 404),
        "privacy officer": (404, 404),
        "joined specialist": (200, 200),
    }


def test_the_list_shows_level_and_end_in_cbs_terms(
    world: World, login: Callable[[User], Client]
) -> None:
    trajectory = trajectory_start(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("logeeropvang"),
        start_date=TODAY - timedelta(days=10),
        specialist_reason="Ontlasting van het gezin",
    )
    body = login(world.coordinator).get(api_path(world)).json()
    assert body == [
        {
            "id": str(trajectory.public_id),
            "child": str(world.sam.public_id),
            "child_given_name": "Sam",
            "help_form": "logeeropvang",
            "help_form_name": "Logeeropvang",
            "level": "specialistisch",
            "with_stay": True,
            "crisis_start": False,
            "organisation": None,
            "team": None,
            "start_date": (TODAY - timedelta(days=10)).isoformat(),
            "end_date": None,
            "intensity": "",
            "end_reason": "",
            "end_subreason": "",
            "cbs_end_code": None,
            "specialist_reason": "Ontlasting van het gezin",
            "created_at": body[0]["created_at"],
        }
    ]


def test_starting_through_the_api(world: World, login: Callable[[User], Client]) -> None:
    response = post(
        login(world.coordinator),
        world,
        {
            "child": str(world.lisa.public_id),
            "help_form": "ambulante-jeugdhulp",
            "start_date": TODAY.isoformat(),
            "organisation": "jeugdhulp-de-haven",
            "team": "specialistische-jeugdhulp",
            "intensity": "2 uur per week",
            "specialist_reason": "Angstklachten",
        },
    )
    assert response.status_code == 201, response.content
    trajectory = Trajectory.objects.get(public_id=response.json()["id"])
    assert trajectory.child == world.lisa
    assert trajectory.level == "specialistisch"
    assert trajectory.organisation is not None
    assert trajectory.organisation.code == "jeugdhulp-de-haven"


def test_api_errors_name_the_field_and_store_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    before = rows()
    response = post(
        client,
        world,
        {"child": str(world.eva.public_id), "help_form": "pleegzorg", "start_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {"field": "child", "message": "Dit kind hoort niet bij het gezin van deze casus."}
    ]
    response = post(
        client,
        world,
        {"child": str(world.sam.public_id), "help_form": "pleegzorg", "start_date": "2025-01-01"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "field": "specialist_reason",
            "message": "Een specialistisch traject heeft een reden nodig.",
        }
    ]
    response = post(client, world, {"child": "geen-uuid", "help_form": "pleegzorg"})
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"child", "start_date"}
    assert rows() == before


def test_only_the_case_team_may_start_and_not_in_a_closed_case(
    world: World, client: Client, login: Callable[[User], Client]
) -> None:
    body = {
        "child": str(world.sam.public_id),
        "help_form": "wijkteamondersteuning",
        "start_date": TODAY.isoformat(),
    }
    before = rows()
    lead = login(world.lead)  # may read the case, not edit it
    assert post(lead, world, body).status_code == 404
    client.logout()
    world.case.status = CaseStatus.CLOSED
    world.case.closed_on = TODAY
    world.case.save(update_fields=["status", "closed_on"])
    response = post(login(world.coordinator), world, body)
    assert response.status_code == 400
    assert "Deze casus is afgesloten" in response.json()["detail"]
    assert rows() == before


def test_anonymous_gets_401(world: World, client: Client) -> None:
    assert client.get(api_path(world)).status_code == 401
