"""Trajectories: start and end with their rules, overlap allowed, and the page that shows
them with its forms. Error paths assert the message and that nothing changed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.care.models import (
    EndReason,
    EndSubreason,
    LevelChange,
    Trajectory,
)
from jeugdmodel.care.services import trajectory_end, trajectory_start
from jeugdmodel.cases.models import CaseStatus
from jeugdmodel.core.errors import DomainError, NotAllowed, NotFoundOrNotAllowed
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation
from tests.care.conftest import World, help_form, new_case
from tests.factories import RegionFactory

TODAY = timezone.localdate()


def rows() -> dict[str, list[dict[str, Any]]]:
    """Every care row, field by field: equal snapshots mean nothing changed."""
    return {
        "trajectories": list(Trajectory.objects.order_by("pk").values()),
        "level_changes": list(LevelChange.objects.order_by("pk").values()),
    }


def start(world: World, code: str = "wijkteamondersteuning", **kwargs: Any) -> Trajectory:
    values: dict[str, Any] = {
        "actor": world.coordinator,
        "case": world.case,
        "child": world.sam,
        "help_form": help_form(code),
        "start_date": TODAY - timedelta(days=30),
    }
    values.update(kwargs)
    return trajectory_start(**values)


# --- start --------------------------------------------------------------------------------


def test_a_basis_trajectory_starts_with_the_level_of_its_help_form(world: World) -> None:
    scala = Organisation.objects.get(region__code="mvs", code="scala")
    trajectory = start(world, organisation=scala, team=world.wot, intensity=" 2 uur per week ")

    assert trajectory.level == CareLevel.BASIS
    assert trajectory.with_stay is False
    assert trajectory.intensity == "2 uur per week"
    assert trajectory.specialist_reason == ""
    assert trajectory.created_by == world.coordinator
    assert trajectory.is_running
    entry = AccessLogEntry.objects.get(event="trajectory.start")
    assert entry.record_id == str(trajectory.public_id)
    assert entry.details["level"] == "basis"


def test_a_specialist_trajectory_keeps_its_level_and_reason(world: World) -> None:
    trajectory = start(world, "pleegzorg", specialist_reason="Thuis is het niet veilig genoeg.")

    assert trajectory.level == CareLevel.SPECIALIST
    assert trajectory.with_stay is True  # foster care is "met verblijf" (CBS)
    assert trajectory.specialist_reason == "Thuis is het niet veilig genoeg."


def test_with_stay_can_differ_from_the_help_form(world: World) -> None:
    trajectory = start(world, "ambulante-jeugdhulp", specialist_reason="GGZ", with_stay=True)
    assert trajectory.with_stay is True


def test_a_specialist_trajectory_without_a_reason_is_refused(world: World) -> None:
    before = rows()
    with pytest.raises(DomainError) as caught:
        start(world, "dagbehandeling", specialist_reason="   ")
    assert caught.value.field_errors == [
        ("specialist_reason", "Een specialistisch traject heeft een reden nodig.")
    ]
    assert rows() == before


def test_a_parent_is_not_a_child_of_the_family(world: World) -> None:
    before = rows()
    with pytest.raises(DomainError) as caught:
        start(world, child=world.eva)  # the mother is in the family, but not a child
    assert caught.value.field_errors == [
        ("child", "Dit kind hoort niet bij het gezin van deze casus.")
    ]
    assert rows() == before


def test_a_child_of_another_family_is_refused(world: World) -> None:
    other = new_case(world.lead, world.coordinator, family="Bakker")
    stranger = other.family.members.get(relation="child").person
    before = rows()
    with pytest.raises(DomainError, match="hoort niet bij het gezin van deze casus"):
        start(world, child=stranger)
    assert rows() == before


def test_a_help_form_of_another_region_is_refused(world: World) -> None:
    foreign = HelpForm.objects.create(
        region=RegionFactory(code="elders"), code="eigen-vorm", name="Eigen vorm", level="basis"
    )
    before = rows()
    with pytest.raises(DomainError) as caught:
        start(world, help_form=foreign)
    assert caught.value.field_errors == [
        ("help_form", "Deze hulpvorm is niet te kiezen in de regio van de casus.")
    ]
    assert rows() == before


def test_several_problems_are_reported_together(world: World) -> None:
    before = rows()
    with pytest.raises(DomainError) as caught:
        start(world, "crisisopvang", child=world.eva, intensity="x" * 201)
    assert [field for field, _message in caught.value.field_errors] == [
        "child",
        "intensity",
        "specialist_reason",
    ]
    assert rows() == before


def test_overlapping_trajectories_are_allowed(world: World) -> None:
    first = start(world)
    second = start(world, "jeugd-ggz-behandeling", specialist_reason="Angst")
    # The same form twice at once is refused (tests/care/test_double_submit.py).

    running = Trajectory.objects.filter(case=world.case, child=world.sam, end_date__isnull=True)
    assert set(running) == {first, second}


def test_someone_outside_the_case_may_not_start_a_trajectory(world: World) -> None:
    before = rows()
    for outsider in (world.colleague, world.specialist, world.lead):
        with pytest.raises(NotAllowed):
            start(world, actor=outsider)
    assert rows() == before


def test_a_closed_case_refuses_edits(world: World) -> None:
    trajectory = start(world)
    world.case.status = CaseStatus.CLOSED
    world.case.closed_on = TODAY
    world.case.save(update_fields=["status", "closed_on"])
    before = rows()

    with pytest.raises(DomainError, match="Deze casus is afgesloten"):
        start(world)
    with pytest.raises(DomainError, match="Deze casus is afgesloten"):
        trajectory_end(
            actor=world.coordinator,
            case=world.case,
            trajectory=trajectory,
            end_date=TODAY,
            end_reason=EndReason.ACCORDING_TO_PLAN,
        )
    assert rows() == before


# --- end ----------------------------------------------------------------------------------


def end(world: World, trajectory: Trajectory, **kwargs: Any) -> Trajectory:
    values: dict[str, Any] = {
        "actor": world.coordinator,
        "case": world.case,
        "trajectory": trajectory,
        "end_date": TODAY,
        "end_reason": EndReason.ACCORDING_TO_PLAN,
    }
    values.update(kwargs)
    return trajectory_end(**values)


def test_ending_according_to_plan(world: World) -> None:
    trajectory = end(world, start(world))
    trajectory.refresh_from_db()
    assert (trajectory.end_date, trajectory.end_reason, trajectory.end_subreason) == (
        TODAY,
        "volgens_plan",
        "",
    )
    assert trajectory.cbs_end_code == "01"


@pytest.mark.parametrize(
    ("subreason", "cbs"),
    [
        (EndSubreason.AGREED, "02"),
        (EndSubreason.CLIENT, "03"),
        (EndSubreason.PROVIDER, "04"),
        (EndSubreason.MOVED, "05"),
        (EndSubreason.DIED, "05"),
        (EndSubreason.OTHER, None),
    ],
)
def test_ending_early_records_why_in_cbs_terms(
    world: World, subreason: EndSubreason, cbs: str | None
) -> None:
    trajectory = end(
        world, start(world), end_reason=EndReason.PREMATURE, end_subreason=subreason.value
    )
    assert trajectory.end_subreason == subreason
    assert trajectory.cbs_end_code == cbs


def test_an_end_before_the_start_is_refused(world: World) -> None:
    trajectory = start(world)
    before = rows()
    with pytest.raises(DomainError) as caught:
        end(world, trajectory, end_date=trajectory.start_date - timedelta(days=1))
    assert caught.value.field_errors == [("end_date", "De einddatum ligt voor de begindatum.")]
    assert rows() == before


def test_an_early_end_needs_a_subreason(world: World) -> None:
    trajectory = start(world)
    before = rows()
    with pytest.raises(DomainError) as caught:
        end(world, trajectory, end_reason=EndReason.PREMATURE)
    assert caught.value.field_errors == [
        ("end_subreason", "Kies waarom het traject voortijdig stopte.")
    ]
    assert rows() == before


def test_an_ended_trajectory_cannot_end_again(world: World) -> None:
    trajectory = end(world, start(world))
    before = rows()
    with pytest.raises(DomainError, match="Dit traject is al beëindigd"):
        end(world, trajectory, end_date=TODAY + timedelta(days=3))
    assert rows() == before


def test_a_trajectory_of_another_case_answers_not_found(world: World) -> None:
    other = new_case(world.lead, world.coordinator, family="Bakker")
    stranger = other.family.members.get(relation="child").person
    foreign = trajectory_start(
        actor=world.coordinator,
        case=other,
        child=stranger,
        help_form=help_form("wijkteamondersteuning"),
        start_date=TODAY,
    )
    with pytest.raises(NotFoundOrNotAllowed):
        end(world, foreign)
    foreign.refresh_from_db()
    assert foreign.is_running


# --- the page -----------------------------------------------------------------------------


def page(world: World) -> str:
    return f"/casussen/{world.case.public_id}/trajecten/"


def test_the_page_shows_every_trajectory_and_the_forms(
    world: World, login: Callable[[User], Client]
) -> None:
    start(world)
    end(world, start(world, "pleegzorg", specialist_reason="Niet veilig"), end_date=TODAY)
    client = login(world.coordinator)

    response = client.get(page(world))

    body = response.content.decode()
    assert response.status_code == 200
    assert "Ondersteuning door het wijkteam" in body
    assert "Pleegzorg" in body
    assert "met verblijf" in body
    assert "Niet veilig" in body
    assert "Lopend: 1 basis, 0 specialistisch." in body
    for action in ("starten", "beeindigen", "opschalen", "afschalen"):
        assert f"/trajecten/{action}/" in body
    entry = AccessLogEntry.objects.filter(event="case.view").latest("pk")
    assert entry.reason == "trajecten inzien"
    assert entry.user_id == world.coordinator.pk


def test_the_lead_of_the_case_team_reads_without_forms(
    world: World, login: Callable[[User], Client]
) -> None:
    body = login(world.lead).get(page(world)).content.decode()
    assert "Hulp aan de kinderen" in body
    assert "/trajecten/starten/" not in body


def test_someone_outside_the_case_gets_not_found(
    world: World, login: Callable[[User], Client]
) -> None:
    for outsider in (world.colleague, world.specialist, world.flex_lead):
        client = login(outsider)
        assert client.get(page(world)).status_code == 404
        client.logout()


def test_starting_through_the_page(world: World, login: Callable[[User], Client]) -> None:
    client = login(world.coordinator)
    response = client.post(
        page(world) + "starten/",
        {
            "start-child": str(world.lisa.public_id),
            "start-help_form": str(help_form("jeugd-ggz-behandeling").public_id),
            "start-start_date": TODAY.isoformat(),
            "start-intensity": "1 uur per week",
            "start-with_stay": "",
            "start-specialist_reason": "Somberheid die niet overgaat",
        },
    )
    assert response.status_code == 302
    trajectory = Trajectory.objects.get(child=world.lisa)
    assert (trajectory.level, trajectory.intensity) == ("specialistisch", "1 uur per week")


def test_a_refused_start_shows_the_message_at_the_field_and_stores_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    before = rows()
    response = client.post(
        page(world) + "starten/",
        {
            "start-child": str(world.sam.public_id),
            "start-help_form": str(help_form("gezinshuis").public_id),
            "start-start_date": TODAY.isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'id="id_start-specialist_reason_error"' in body
    assert "Een specialistisch traject heeft een reden nodig." in body
    assert rows() == before


def test_ending_through_the_page_with_an_end_before_the_start(
    world: World, login: Callable[[User], Client]
) -> None:
    trajectory = start(world)
    client = login(world.coordinator)
    before = rows()
    response = client.post(
        page(world) + "beeindigen/",
        {
            "end-trajectory": str(trajectory.public_id),
            "end-end_date": (trajectory.start_date - timedelta(days=2)).isoformat(),
            "end-end_reason": "volgens_plan",
        },
    )
    assert response.status_code == 400
    assert "De einddatum ligt voor de begindatum." in response.content.decode()
    assert rows() == before

    response = client.post(
        page(world) + "beeindigen/",
        {
            "end-trajectory": str(trajectory.public_id),
            "end-end_date": TODAY.isoformat(),
            "end-end_reason": "voortijdig",
            "end-end_subreason": "verhuisd",
        },
    )
    assert response.status_code == 302
    trajectory.refresh_from_db()
    assert (trajectory.end_reason, trajectory.end_subreason) == ("voortijdig", "verhuisd")


def test_the_page_of_a_closed_case_has_no_forms(
    world: World, login: Callable[[User], Client]
) -> None:
    world.case.status = CaseStatus.CLOSED
    world.case.closed_on = TODAY
    world.case.save(update_fields=["status", "closed_on"])
    body = login(world.coordinator).get(page(world)).content.decode()
    assert "Deze casus is afgesloten" in body
    assert "/trajecten/starten/" not in body
