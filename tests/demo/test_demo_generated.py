"""The demo data of one seed on the MVS region: logins, staffing, idempotence, a second
seed refused. The data is made once for this module (it takes seconds); each test runs in
a savepoint inside it, so what one test writes is gone before the next."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from jeugdmodel.accounts.models import TeamMembership, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.errors import DomainError
from jeugdmodel.demo.generator import DEMO_ACCOUNTS, DemoResult, demo_data_generate
from jeugdmodel.region.models import Team
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load

SEED = 1


@dataclass(frozen=True)
class Generated:
    result: DemoResult
    names: list[tuple[str, str]]
    users: int
    memberships: int


def _names() -> list[tuple[str, str]]:
    return list(User.objects.order_by("username").values_list("first_name", "last_name"))


@pytest.fixture(scope="module")
def generated(django_db_setup: None, django_db_blocker: Any) -> Iterator[Generated]:
    with django_db_blocker.unblock(), transaction.atomic():
        region_load(data=parse_region_file(shipped_region_file("mvs")))
        result = demo_data_generate(seed=SEED, scale="mvs")
        yield Generated(
            result=result,
            names=_names(),
            users=User.objects.count(),
            memberships=TeamMembership.objects.count(),
        )
        transaction.set_rollback(True)


@pytest.fixture
def demo(generated: Generated, db: None) -> Generated:
    return generated


def test_demo_data_is_deterministic_and_idempotent(demo: Generated) -> None:
    assert demo.result.created
    second = demo_data_generate(seed=SEED, scale="mvs")
    assert not second.created
    assert (User.objects.count(), TeamMembership.objects.count()) == (
        demo.users,
        demo.memberships,
    )
    assert _names() == demo.names


def test_one_demo_login_per_role_with_a_second_factor(demo: Generated) -> None:
    assert {login.role for login in demo.result.logins} == set(Role)
    for username, role, _kind in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.role == role.value
        assert user.totpdevice_set.filter(confirmed=True).exists()
    lead = User.objects.get(username="teamleider")
    assert lead.active_memberships().filter(role_in_team="lead").exists()


def test_every_team_is_staffed_with_a_lead(demo: Generated) -> None:
    for team in Team.objects.all():
        assert team.memberships.filter(role_in_team="lead").exists(), team.code
        assert team.memberships.count() >= 2


def test_another_seed_on_the_same_database_is_refused_and_changes_nothing(
    demo: Generated,
) -> None:
    with pytest.raises(DomainError, match="--reset"):
        demo_data_generate(seed=2, scale="mvs")
    assert User.objects.count() == demo.users
