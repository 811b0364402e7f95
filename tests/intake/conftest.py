"""Shared fixtures for the front door: the MVS region (regions/mvs.yaml) loaded in the test
database, and builders for what the forms and the API send."""

from __future__ import annotations

import functools
import uuid
from datetime import date
from typing import Any

import pytest
from django.utils import timezone

from jeugdmodel.region.models import Region
from jeugdmodel.region.regionfile import RegionFile, parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load
from tests.region_copy import region_copy_or_load

# Postcodes of regions/mvs.yaml used by the form and API tests.
PC_SCHIEDAM = "3111 AB"  # WOT Centrum-West, call back within 5 working days
PC_MAASSLUIS = "3142 CH"  # VraagRaak (no call-back promise in the region file)
PC_PO_BOX = "3100"  # Schiedam, post-office boxes only
PC_ROTTERDAM = "3011 AA"  # outside the region; the region file forwards it to Rotterdam
PC_UNKNOWN = "9999 ZZ"  # in no region file


@functools.cache
def _mvs_file() -> RegionFile:
    return parse_region_file(shipped_region_file("mvs"))


@pytest.fixture
def mvs(db: None) -> Region:
    """The MVS region in every test: loaded for real once, then copied (tests/region_copy.py)."""
    return region_copy_or_load("mvs", lambda: region_load(data=_mvs_file()))


def years_ago(years: int, days: int = 0) -> date:
    """The date of birth of someone who is `years` old today (and `days` days more)."""
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return date.fromordinal(born.toordinal() - days)


def new_key() -> str:
    return str(uuid.uuid4())


def api_body(**overrides: Any) -> dict[str, Any]:
    """A valid API request body: one child of 9 in Schiedam, one parent."""
    body: dict[str, Any] = {
        "idempotency_key": new_key(),
        "question": "Onze zoon slaapt slecht en is vaak boos.",
        "children": [
            {
                "given_name": "Sem",
                "family_name": "de Vries",
                "date_of_birth": years_ago(9).isoformat(),
                "postcode": PC_SCHIEDAM,
                "house_number": "12",
            }
        ],
        "parents": [{"given_name": "Eva", "family_name": "de Vries"}],
    }
    body.update(overrides)
    return body
