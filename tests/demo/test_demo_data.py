from __future__ import annotations

import random

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn

from jeugdmodel.core.errors import DomainError
from jeugdmodel.demo.bsn import fake_bsn
from jeugdmodel.demo.generator import demo_data_generate
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
    # The command works in a new shell (uv need not be on the PATH), as the README says.
    assert "bin/manage demo_code" in out
    assert "uv run" not in out
