"""Step up and step down: explicit, with a reason, recorded as a LevelChange, and the case
stays with its coordinator."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.care.models import LevelChange, LevelChangeKind, Trajectory
from jeugdmodel.care.services import (
    trajectory_start,
    trajectory_step_down,
    trajectory_step_up,
)
from jeugdmodel.cases.models import Case, CaseTeamMember
from jeugdmodel.core.errors import DomainError
from tests.care.conftest import World, help_form
from tests.care.test_trajectories import rows

TODAY = timezone.localdate()


def basis(world: World, **kwargs: Any) -> Trajectory:
    values: dict[str, Any] = {
        "actor": world.coordinator,
        "case": world.case,
        "child": world.sam,
        "help_form": help_form("wijkteamondersteuning"),
        "start_date": TODAY - timedelta(days=60),
    }
    values.update(kwargs)
    return trajectory_start(**values)


def coordination(case: Case) -> tuple[int, list[tuple[int, str, Any]]]:
    """Who coordinates the case, and the coordinator periods of its case team."""
    case.refresh_from_db()
    periods = list(
        CaseTeamMember.objects.filter(case=case, role="coordinator").values_list(
            "user_id", "role", "valid_to"
        )
    )
    return case.coordinator_id, periods


def test_step_up_starts_the_specialist_trajectory_and_ends_the_basis_one(world: World) -> None:
    source = basis(world)
    before = coordination(world.case)

    change = trajectory_step_up(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("jeugd-ggz-behandeling"),
        on=TODAY,
        reason="Angstklachten nemen toe ondanks de begeleiding.",
        from_trajectory=source,
        end_from=True,
        intensity="wekelijks",
    )

    assert change.kind == LevelChangeKind.STEP_UP
    assert change.from_trajectory == source
    assert change.to_trajectory.level == "specialistisch"
    assert change.to_trajectory.specialist_reason == change.reason
    assert change.to_trajectory.start_date == TODAY
    source.refresh_from_db()
    assert (source.end_date, source.end_reason, source.end_subreason) == (
        TODAY,
        "voortijdig",
        "voortijdig_overeenstemming",
    )
    assert source.cbs_end_code == "02"
    assert coordination(world.case) == before  # the coordinator stays


def test_step_up_may_keep_the_basis_trajectory_running(world: World) -> None:
    source = basis(world)
    change = trajectory_step_up(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("dagbehandeling"),
        on=TODAY,
        reason="Meer nodig",
        from_trajectory=source,
    )
    source.refresh_from_db()
    assert source.is_running
    assert change.to_trajectory.is_running


def test_step_down_starts_basis_and_ends_the_specialist_trajectory_according_to_plan(
    world: World,
) -> None:
    specialist = basis(world, help_form=help_form("pleegzorg"), specialist_reason="Onveilig")
    before = coordination(world.case)

    change = trajectory_step_down(
        actor=world.coordinator,
        case=world.case,
        child=world.sam,
        help_form=help_form("wijkteamondersteuning"),
        on=TODAY,
        reason="Terug naar huis; het wijkteam begeleidt.",
        from_trajectory=specialist,
        end_from=True,
    )

    assert change.kind == LevelChangeKind.STEP_DOWN
    assert change.to_trajectory.level == "basis"
    specialist.refresh_from_db()
    assert (specialist.end_reason, specialist.cbs_end_code) == ("volgens_plan", "01")
    assert coordination(world.case) == before


@pytest.mark.parametrize(
    ("step", "code", "field", "message"),
    [
        (
            trajectory_step_up,
            "ouder-kindbegeleiding",
            "reason",
            "Geef een reden voor het opschalen.",
        ),
        (
            trajectory_step_up,
            "poh-jeugd-begeleiding",
            "help_form",
            "Opschalen kan alleen naar een specialistische hulpvorm.",
        ),
        (
            trajectory_step_down,
            "crisisopvang",
            "help_form",
            "Afschalen kan alleen naar een basishulpvorm.",
        ),
    ],
)
def test_a_step_needs_a_reason_and_the_right_level(
    world: World, step: Callable[..., LevelChange], code: str, field: str, message: str
) -> None:
    before = rows()
    with pytest.raises(DomainError) as caught:
        step(
            actor=world.coordinator,
            case=world.case,
            child=world.sam,
            help_form=help_form(code),
            on=TODAY,
            reason="  " if field == "reason" else "Reden",
        )
    assert (field, message) in caught.value.field_errors
    assert rows() == before


def test_a_step_from_a_trajectory_of_another_child_or_level_is_refused(world: World) -> None:
    of_lisa = basis(world, child=world.lisa)
    specialist = basis(world, help_form=help_form("pleegzorg"), specialist_reason="x")
    before = rows()
    for source in (of_lisa, specialist):
        with pytest.raises(DomainError) as caught:
            trajectory_step_up(
                actor=world.coordinator,
                case=world.case,
                child=world.sam,
                help_form=help_form("dagbehandeling"),
                on=TODAY,
                reason="Reden",
                from_trajectory=source,
                end_from=True,
            )
        assert caught.value.field_errors == [
            ("from_trajectory", "Kies een lopend basistraject van dit kind.")
        ]
    assert rows() == before


def test_a_step_before_the_start_of_the_trajectory_it_ends_is_refused(world: World) -> None:
    source = basis(world, start_date=TODAY)
    before = rows()
    with pytest.raises(DomainError) as caught:
        trajectory_step_up(
            actor=world.coordinator,
            case=world.case,
            child=world.sam,
            help_form=help_form("dagbehandeling"),
            on=TODAY - timedelta(days=1),
            reason="Reden",
            from_trajectory=source,
            end_from=True,
        )
    assert caught.value.field_errors == [("on", "De einddatum ligt voor de begindatum.")]
    assert rows() == before


def test_step_up_through_the_page_and_the_history(
    world: World, login: Callable[[User], Client]
) -> None:
    source = basis(world)
    client = login(world.coordinator)
    path = f"/casussen/{world.case.public_id}/trajecten/"

    response = client.post(
        path + "opschalen/",
        {
            "up-child": str(world.sam.public_id),
            "up-from_trajectory": str(source.public_id),
            "up-end_from": "on",
            "up-help_form": str(help_form("residentieel-verblijf").public_id),
            "up-on": TODAY.isoformat(),
            "up-reason": "Thuis wonen lukt niet meer.",
        },
    )

    assert response.status_code == 302
    body = client.get(path).content.decode()
    assert "Thuis wonen lukt niet meer." in body
    assert "opschalen" in body
    change = LevelChange.objects.get()
    assert change.to_trajectory.with_stay is True
    assert change.created_by == world.coordinator


def test_a_refused_step_down_through_the_page_changes_nothing(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.coordinator)
    before = rows()
    response = client.post(
        f"/casussen/{world.case.public_id}/trajecten/afschalen/",
        {
            "down-child": str(world.sam.public_id),
            "down-help_form": str(help_form("wijkteamondersteuning").public_id),
            "down-on": TODAY.isoformat(),
            "down-reason": "Klaar",
            "down-end_from": "on",
        },
    )
    assert response.status_code == 400
    assert "Kies het traject dat eindigt." in response.content.decode()
    assert rows() == before
