"""Each role gets its own home page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_team_lead_sees_staffing_of_their_team(login: Callable[[User], Client]) -> None:
    team = TeamFactory(name="Wijkteam Oost")
    lead = UserFactory(role=Role.TEAM_LEAD.value)
    TeamMembershipFactory(user=lead, team=team, role_in_team=TeamRole.LEAD)
    for capacity in (10, 15):
        TeamMembershipFactory(user=UserFactory(caseload_capacity=capacity), team=team)
    TeamMembershipFactory(user=UserFactory(caseload_capacity=99))  # another team
    body = login(lead).get("/").content.decode()
    assert "Bezetting van uw teams" in body
    assert "Wijkteam Oost" in body
    assert ">3<" in body  # lead + two members
    assert ">25<" in body  # 10 + 15, lead has no capacity


def test_municipality_user_sees_their_municipality_and_no_people(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.MUNICIPALITY)
    body = login(user).get("/").content.decode()
    assert f"Gemeente {user.municipality.name}" in body  # type: ignore[union-attr]
    assert "nooit gegevens van kinderen of gezinnen" in body


def test_privacy_officer_sees_emergency_access_count(login: Callable[[User], Client]) -> None:
    officer = UserFactory(role=Role.PRIVACY_OFFICER.value)
    access_log_write(
        actor=UserFactory(), action=AccessAction.EMERGENCY, record_type="case", reason="crisis"
    )
    body = login(officer).get("/").content.decode()
    assert "Noodtoegang, laatste 30 dagen" in body
    assert "?action=emergency" in body


def test_functional_admin_sees_region_counts(login: Callable[[User], Client]) -> None:
    TeamFactory()
    admin = UserFactory(role=Role.FUNCTIONAL_ADMIN.value)
    body = login(admin).get("/").content.decode()
    assert "De geladen regio" in body


def test_contract_management_is_not_called_gemeente(login: Callable[[User], Client]) -> None:
    manager = UserFactory(role=Role.MUNICIPALITY.value, municipality=None)
    body = login(manager).get("/").content.decode()
    assert "U bent ingelogd als Contractmanagement (alle gemeenten)." in body
    assert '<span class="jm-user__role">Contractmanagement (alle gemeenten)</span>' in body
    assert "ingelogd als Gemeente" not in body
    assert ">Gemeente<" not in body


def test_a_municipality_account_names_its_municipality(
    login: Callable[[User], Client], make_user: Callable[..., User]
) -> None:
    user = make_user(Role.MUNICIPALITY)
    body = login(user).get("/").content.decode()
    assert f"U bent ingelogd als Gemeente {user.municipality.name}." in body  # type: ignore[union-attr]
