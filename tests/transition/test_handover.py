"""Handover status per running client, the team worklist, and opening or linking the case."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import TeamRole, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.cases.models import Case
from jeugdmodel.core.errors import DomainError, NotAllowed
from jeugdmodel.families.models import Person
from jeugdmodel.region.models import Team
from jeugdmodel.transition.models import ClosedReason, HandoverStatus, RunningClient
from jeugdmodel.transition.selectors import handover_worklist
from jeugdmodel.transition.services.caseload import caseload_import
from jeugdmodel.transition.services.handover import (
    handover_case_link,
    handover_close,
    handover_transitional,
    handover_unknown,
    handover_warm,
)
from tests.factories import TeamMembershipFactory, UserFactory
from tests.transition.conftest import caseload_csv, rows_of

pytestmark = pytest.mark.django_db
SWITCH = date(2023, 1, 1)


@pytest.fixture
def clients(mapped: None) -> list[RunningClient]:
    caseload_import(actor=None, data=caseload_csv(rows_of(6)), file_name="a.csv")
    return list(RunningClient.objects.select_related("team").order_by("row_number"))


@pytest.fixture
def team(clients: list[RunningClient]) -> Team:
    team = clients[0].team
    assert team is not None
    return team


def member(team: Team, role: Role = Role.WIJKTEAM_PROFESSIONAL, lead: bool = False) -> User:
    user: User = UserFactory(role=role.value)
    TeamMembershipFactory(
        user=user, team=team, role_in_team=TeamRole.LEAD if lead else TeamRole.MEMBER
    )
    return user


def of_team(clients: list[RunningClient], team: Team) -> list[RunningClient]:
    return [c for c in clients if c.team_id == team.pk]


def test_every_state_is_set_with_what_it_needs_and_logged(
    clients: list[RunningClient], team: Team
) -> None:
    pro = member(team)
    coordinator = member(team)
    client = of_team(clients, team)[0]
    handover_warm(actor=pro, client=client, coordinator=coordinator, on=date(2023, 1, 10))
    client.refresh_from_db()
    assert (client.status, client.new_coordinator, client.handover_on) == (
        HandoverStatus.WARM_HANDOVER,
        coordinator,
        date(2023, 1, 10),
    )
    handover_transitional(actor=pro, client=client, until=date(2023, 3, 31))
    client.refresh_from_db()
    assert client.status == HandoverStatus.TRANSITIONAL
    assert client.new_coordinator is None  # the previous state's fields are cleared
    handover_close(actor=pro, client=client, reason=ClosedReason.COMPLETED, on=date(2023, 2, 1))
    client.refresh_from_db()
    assert (client.status, client.closed_reason) == (HandoverStatus.CLOSED, "completed")
    handover_unknown(actor=pro, client=client)
    client.refresh_from_db()
    assert client.status == HandoverStatus.UNKNOWN
    assert client.closed_on is None
    assert AccessLogEntry.objects.filter(event="transition.handover_set").count() == 4


def test_bad_handovers_are_refused_in_dutch(clients: list[RunningClient], team: Team) -> None:
    pro = member(team)
    client = of_team(clients, team)[0]
    outsider = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    TeamMembershipFactory(user=outsider)  # another team
    with pytest.raises(DomainError, match="actief lid van het team") as exc:
        handover_warm(actor=pro, client=client, coordinator=outsider, on=date(2023, 1, 10))
    assert exc.value.field == "coordinator"
    with pytest.raises(DomainError, match="toekomst"):
        handover_warm(
            actor=pro,
            client=client,
            coordinator=pro,
            on=timezone.localdate() + timedelta(days=1),
        )
    with pytest.raises(DomainError, match="vóór de overstapdatum"):
        handover_transitional(actor=pro, client=client, until=date(2022, 12, 31))
    with pytest.raises(DomainError, match="hoogstens tot en met 30-06-2023"):
        handover_transitional(actor=pro, client=client, until=date(2023, 7, 1))
    with pytest.raises(DomainError, match="reden"):
        handover_close(actor=pro, client=client, reason="zomaar", on=date(2023, 2, 1))
    client.refresh_from_db()
    assert client.status == HandoverStatus.UNKNOWN


def test_only_the_clients_team_may_change_it(clients: list[RunningClient], team: Team) -> None:
    client = of_team(clients, team)[0]
    other: User = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    TeamMembershipFactory(user=other)
    with pytest.raises(NotAllowed):
        handover_unknown(actor=other, client=client)
    municipality: User = UserFactory(role=Role.MUNICIPALITY.value)
    with pytest.raises(NotAllowed):
        handover_unknown(actor=municipality, client=client)


def test_the_worklist_shows_unknown_and_ending_soon_with_counts(
    clients: list[RunningClient], team: Team
) -> None:
    lead = member(team, Role.TEAM_LEAD, lead=True)
    mine = of_team(clients, team)
    assert len(mine) >= 2
    today = timezone.localdate()
    # Transitional right ending within four weeks stays on the list; a later one does not.
    RunningClient.objects.filter(pk=mine[0].pk).update(
        status=HandoverStatus.TRANSITIONAL, transitional_until=today + timedelta(days=10)
    )
    RunningClient.objects.filter(pk=mine[1].pk).update(
        status=HandoverStatus.TRANSITIONAL, transitional_until=today + timedelta(days=60)
    )
    worklist = handover_worklist(user=lead, team=team)
    listed = {c.pk for c in worklist.clients}
    assert mine[0].pk in listed
    assert mine[1].pk not in listed
    assert worklist.unknown == len(mine) - 2
    assert worklist.ending_soon == 1
    assert worklist.counts[HandoverStatus.TRANSITIONAL] == 2
    assert worklist.clients[0].pk == mine[0].pk  # ending first


def test_the_case_is_opened_then_linked_for_the_sibling(
    clients: list[RunningClient], team: Team
) -> None:
    pro = member(team)
    first = of_team(clients, team)[0]
    with pytest.raises(DomainError, match="Kies een regiehouder"):
        handover_case_link(actor=pro, client=first)
    case = handover_case_link(actor=pro, client=first, coordinator=pro)
    assert case.family_id == first.family_id
    assert case.coordinator == pro
    # Another child of the same family gets the same open case, no second case.
    sibling = RunningClient.objects.create(
        **{
            f.attname: getattr(first, f.attname)
            for f in RunningClient._meta.concrete_fields
            if f.attname not in {"id", "public_id", "case_id"}
        }
        | {"row_number": 99, "decision_number": "B-zus"}
    )
    assert handover_case_link(actor=pro, client=sibling) == case
    assert Case.objects.count() == 1
    assert AccessLogEntry.objects.filter(event="transition.case_linked").count() == 2


def test_a_known_child_is_linked_only_after_confirmation(
    mapped: None,
) -> None:
    rows = rows_of(1)
    caseload_import(actor=None, data=caseload_csv(rows), file_name="eerst.csv")
    rows[0]["productcode"] = "45A53"
    rows[0]["achternaam"] = "Anders"
    caseload_import(actor=None, data=caseload_csv(rows), file_name="later.csv")
    known = RunningClient.objects.get(was_known=True)
    assert known.team is not None
    pro = member(known.team)
    person_before = Person.objects.values().get(pk=known.person_id)
    with pytest.raises(DomainError, match="Bevestig eerst"):
        handover_case_link(actor=pro, client=known, coordinator=pro)
    handover_case_link(actor=pro, client=known, coordinator=pro, same_child_confirmed=True)
    assert Person.objects.values().get(pk=known.person_id) == person_before  # never changed


# --- the pages -------------------------------------------------------------------------


def test_the_worklist_page_and_setting_a_status(
    clients: list[RunningClient], team: Team, login: Callable[[User], Client]
) -> None:
    pro = member(team)
    web = login(pro)
    page = web.get("/overstap/overdracht/").content.decode()
    client = of_team(clients, team)[0]
    assert f"/overstap/overdracht/{client.public_id}/" in page
    assert 'data-count="unknown"' in page
    url = f"/overstap/overdracht/{client.public_id}/"
    # Warm handover without a coordinator: linked error summary, typed date kept.
    response = web.post(
        url,
        {"actie": "status", "status-status": "warm_handover", "status-handover_on": "2023-01-10"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_status-coordinator"' in body
    assert 'value="2023-01-10"' in body
    response = web.post(
        url,
        {
            "actie": "status",
            "status-status": "closed",
            "status-closed_reason": "moved",
            "status-closed_on": "2023-02-01",
        },
    )
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.status == HandoverStatus.CLOSED
    response = web.post(url, {"actie": "casus", "casus-coordinator": pro.pk})
    assert response.status_code == 302
    client.refresh_from_db()
    assert client.case is not None


def test_another_team_gets_not_found(
    clients: list[RunningClient], team: Team, login: Callable[[User], Client]
) -> None:
    other: User = UserFactory(role=Role.WIJKTEAM_PROFESSIONAL.value)
    TeamMembershipFactory(user=other)
    client = of_team(clients, team)[0]
    assert login(other).get(f"/overstap/overdracht/{client.public_id}/").status_code == 404
