from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn

from jeugdmodel.accounts.models import TeamMembership, User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.core.errors import DomainError
from jeugdmodel.demo.bsn import fake_bsn
from jeugdmodel.demo.generator import DEMO_ACCOUNTS, demo_data_generate
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load


@given(st.integers(min_value=0, max_value=2**32))
def test_fake_bsn_passes_the_elfproef(seed: int) -> None:
    number = fake_bsn(random.Random(seed))
    assert len(number) == 9
    assert number.startswith("9")
    assert bsn.is_valid(number)


@pytest.fixture
def mvs(db: None) -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))


@pytest.mark.usefixtures("mvs")
def test_demo_data_is_deterministic_and_idempotent() -> None:
    first = demo_data_generate(seed=7, scale="mvs")
    assert first.created
    names = list(User.objects.order_by("username").values_list("first_name", "last_name"))
    users, memberships = User.objects.count(), TeamMembership.objects.count()
    second = demo_data_generate(seed=7, scale="mvs")
    assert not second.created
    assert (User.objects.count(), TeamMembership.objects.count()) == (users, memberships)
    assert names == list(User.objects.order_by("username").values_list("first_name", "last_name"))


@pytest.mark.usefixtures("mvs")
def test_one_demo_login_per_role_with_a_second_factor() -> None:
    result = demo_data_generate(seed=1, scale="mvs")
    assert {login.role for login in result.logins} == set(Role)
    for username, role, _kind in DEMO_ACCOUNTS:
        user = User.objects.get(username=username)
        assert user.role == role.value
        assert user.totpdevice_set.filter(confirmed=True).exists()
    lead = User.objects.get(username="teamleider")
    assert lead.active_memberships().filter(role_in_team="lead").exists()


@pytest.mark.usefixtures("mvs")
def test_every_team_is_staffed_with_a_lead() -> None:
    demo_data_generate(seed=1, scale="mvs")
    from jeugdmodel.region.models import Team

    for team in Team.objects.all():
        assert team.memberships.filter(role_in_team="lead").exists(), team.code
        assert team.memberships.count() >= 2


@pytest.mark.usefixtures("mvs")
def test_another_seed_on_the_same_database_is_refused_and_changes_nothing() -> None:
    demo_data_generate(seed=1, scale="mvs")
    before = User.objects.count()
    with pytest.raises(DomainError, match="--reset"):
        demo_data_generate(seed=2, scale="mvs")
    assert User.objects.count() == before


@pytest.mark.django_db
def test_without_region_a_clear_error() -> None:
    with pytest.raises(DomainError, match="regio"):
        demo_data_generate(seed=1, scale="mvs")


@pytest.mark.usefixtures("mvs")
def test_logins_command_prints_password_and_second_factor(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # The history import has its own tests (tests/history); here only the logins matter.
    call_command("demo_data", "--seed", "1", "--history-years", "0", verbosity=0)
    call_command("demo_logins")
    out = capsys.readouterr().out
    assert "teamleider" in out
    assert "contractmanagement" in out
    assert "demo_code" in out
