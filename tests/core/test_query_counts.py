"""Lists use a fixed number of queries whatever the amount of data (two sizes each)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from tests.factories import TeamFactory, TeamMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def _grow_users(n: int) -> None:
    for _ in range(n):
        TeamMembershipFactory(user=UserFactory())


def _grow_log(n: int) -> None:
    actor = UserFactory()
    for i in range(n):
        access_log_write(
            actor=actor, action=AccessAction.READ, record_type="case", subjects=[i, i + 1]
        )


def _grow_teams(n: int) -> None:
    for _ in range(n):
        TeamFactory()


@pytest.mark.parametrize(
    ("role", "path", "grow"),
    [
        (Role.FUNCTIONAL_ADMIN, "/beheer/gebruikers/", _grow_users),
        (Role.PRIVACY_OFFICER, "/toegangslog/", _grow_log),
        (Role.WIJKTEAM_PROFESSIONAL, "/regio/", _grow_teams),
        (Role.FUNCTIONAL_ADMIN, "/api/v1/region/teams/", _grow_teams),
        (Role.TEAM_LEAD, "/", _grow_users),
    ],
)
def test_query_count_does_not_grow(
    role: Role,
    path: str,
    grow: Callable[[int], None],
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    client = login(make_user(role))
    grow(3)
    small = _queries(client, path)
    grow(30)
    large = _queries(client, path)
    assert large == small, f"{path}: {small} queries with little data, {large} with more"
