"""The care pages use a fixed number of queries whatever the amount of data (two sizes
each): a case's trajectories, its consultations, the queue and the consultation hour."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import timedelta

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.care.services import (
    consultation_accept,
    consultation_advise,
    consultation_ask,
    trajectory_end,
    trajectory_start,
    trajectory_step_up,
)
from jeugdmodel.steering.signals import tracking_paused
from tests.care.conftest import World, help_form, new_case

TODAY = timezone.localdate()


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _grow_trajectories(world: World, n: int) -> None:
    # The pages read no steering cells: the live figure updates (over a hundred cell
    # updates per write) are not what these tests measure, only slow them down.
    with tracking_paused():
        _grow_trajectories_tracked(world, n)


def _grow_trajectories_tracked(world: World, n: int) -> None:
    for i in range(n):
        child = world.sam if i % 2 else world.lisa
        basis = trajectory_start(
            actor=world.coordinator,
            case=world.case,
            child=child,
            help_form=help_form("wijkteamondersteuning"),
            start_date=TODAY - timedelta(days=100 + i),
            intensity="1 uur per week",
            team=world.wot,
        )
        change = trajectory_step_up(
            actor=world.coordinator,
            case=world.case,
            child=child,
            help_form=help_form("pleegzorg"),
            on=TODAY - timedelta(days=50),
            reason=f"Reden {i}",
            from_trajectory=basis,
            end_from=True,
        )
        trajectory_end(
            actor=world.coordinator,
            case=world.case,
            trajectory=change.to_trajectory,
            end_date=TODAY,
            end_reason="voortijdig",
            end_subreason="verhuisd",
        )


def test_trajectory_page(world: World, login: Callable[[User], Client]) -> None:
    client = login(world.coordinator)
    path = f"/casussen/{world.case.public_id}/trajecten/"
    _grow_trajectories(world, 2)
    small = _queries(client, path)
    _grow_trajectories(world, 10)
    assert _queries(client, path) == small


_families = itertools.count()


def _grow_consultations(world: World, n: int) -> None:
    with tracking_paused():
        _grow_consultations_tracked(world, n)


def _grow_consultations_tracked(world: World, n: int) -> None:
    for i in range(n):
        family = f"Fam{next(_families)}"
        consultation = consultation_ask(
            actor=world.coordinator,
            case=new_case(world.lead, world.coordinator, family=family) if i % 3 else world.case,
            question=f"Vraag {i}",
            flex_team=world.plusteam,
            urgency="today" if i % 2 else "normal",
            wanted_expertise=["trauma"],
        )
        if i % 4 == 0:
            consultation_accept(actor=world.specialist, consultation=consultation)
            consultation_advise(actor=world.specialist, consultation=consultation, advice="Advies")


def test_queue_consultation_hour_and_case_consultations(
    world: World, login: Callable[[User], Client]
) -> None:
    client = login(world.specialist)
    paths = ["/consultaties/", "/consultaties/spreekuur/"]
    _grow_consultations(world, 3)
    small = [_queries(client, path) for path in paths]
    _grow_consultations(world, 12)
    assert [_queries(client, path) for path in paths] == small

    client.logout()
    client = login(world.coordinator)
    path = f"/casussen/{world.case.public_id}/consultaties/"
    small_case = _queries(client, path)
    _grow_consultations(world, 8)
    assert _queries(client, path) == small_case
