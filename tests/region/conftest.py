"""Shared builders for the region tests: a small valid region, files, DB snapshots."""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.db import models
from hypothesis import strategies as st

from jeugdmodel.region.models import (
    District,
    HelpForm,
    Municipality,
    Organisation,
    OutsideRegionArea,
    PostcodeArea,
    Region,
    RegionSwitch,
    Team,
    TeamPostcode,
)
from jeugdmodel.region.regionfile import region_file_yaml

SMALL_REGION: dict[str, Any] = {
    "version": 1,
    "region": {"code": "proef", "name": "Proefregio", "synthetic": True},
    "municipalities": [
        {"code": "GM9801", "name": "Aadorp", "synthetic": True},
        {"code": "GM9802", "name": "Beedorp", "synthetic": True},
    ],
    "districts": [
        {"code": "WK980101", "name": "Noord", "municipality": "GM9801", "inhabitants": 1200},
        {"code": "WK980102", "name": "Zuid", "municipality": "GM9801", "inhabitants": 800},
    ],
    "postcodes": [
        {
            "pc4": "9801",
            "municipality": "GM9801",
            "district": "WK980101",
            "valid_from": "2023-01-01",
            "residential": True,
        },
        {
            "pc4": "9802",
            "municipality": "GM9801",
            "district": "WK980102",
            "valid_from": "2023-01-01",
            "residential": True,
        },
        {"pc4": "9811", "municipality": "GM9802", "valid_from": "2023-01-01", "residential": True},
    ],
    "organisations": [
        {"code": "opdrachtnemer", "name": "Opdrachtnemer", "kind": "contracted_party"},
        {
            "code": "lid",
            "name": "Lid",
            "kind": "member",
            "parent": "opdrachtnemer",
            "agb_code": "98000001",
        },
        {
            "code": "huisarts",
            "name": "Huisarts Aadorp",
            "kind": "gp_practice",
            "agb_code": "98000002",
            "municipality": "GM9801",
        },
        {"code": "school", "name": "School Aadorp", "kind": "school", "brin_code": "98AA"},
    ],
    "teams": [
        {
            "code": "wijkteam-aadorp",
            "name": "Wijkteam Aadorp",
            "kind": "wijkteam",
            "organisation": "opdrachtnemer",
            "municipality": "GM9801",
            "covers": {"districts": ["WK980101", "WK980102"]},
            "callback_working_days": 5,
        },
        {
            "code": "wijkteam-beedorp",
            "name": "Wijkteam Beedorp",
            "kind": "wijkteam",
            "municipality": "GM9802",
            "covers": {"postcodes": ["9811"]},
        },
        {
            "code": "poh",
            "name": "POH-jeugd",
            "kind": "poh_jeugd",
            "organisation": "lid",
            "covers": {"gp_practices": ["huisarts"]},
        },
        {
            "code": "onderwijs",
            "name": "Onderwijs",
            "kind": "onderwijs",
            "covers": {"schools": ["school"]},
        },
        {
            "code": "flex",
            "name": "Flexteam",
            "kind": "flex_netwerk",
            "covers": {"whole_region": True},
        },
        {
            "code": "specialistisch",
            "name": "Specialisten",
            "kind": "specialistisch",
            "covers": {"whole_region": True},
        },
    ],
}


def small_region() -> dict[str, Any]:
    """A fresh copy of a small region with one team of every kind."""
    return copy.deepcopy(SMALL_REGION)


@pytest.fixture
def region_data() -> dict[str, Any]:
    return small_region()


@pytest.fixture
def write_region(tmp_path: Path) -> Callable[..., Path]:
    """Write region data (a dict, dumped as YAML) or raw YAML text to a file."""

    def write(content: dict[str, Any] | str, name: str = "regio.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else region_file_yaml(content)
        path.write_text(text, encoding="utf-8")
        return path

    return write


REGION_MODELS: list[type[models.Model]] = [
    Region,
    Municipality,
    District,
    PostcodeArea,
    Organisation,
    Team,
    TeamPostcode,
    Team.districts.through,
    Team.gp_practices.through,
    Team.schools.through,
    OutsideRegionArea,
    HelpForm,
    RegionSwitch,
]


def db_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every region row, field by field: equal snapshots mean nothing changed."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in REGION_MODELS
    }


def delete_all_regions() -> None:
    """Empty the region tables, children first (PROTECT everywhere). The national base list
    of help forms (no region) stays."""
    HelpForm.objects.filter(region__isnull=False).delete()
    OutsideRegionArea.objects.all().delete()
    TeamPostcode.objects.all().delete()
    Team.objects.all().delete()
    Organisation.objects.update(parent=None)
    Organisation.objects.all().delete()
    PostcodeArea.objects.all().delete()
    District.objects.all().delete()
    Municipality.objects.all().delete()
    Region.objects.all().delete()


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """Region data with every section sorted by its natural key (file order is free)."""
    keys: dict[str, Callable[[dict[str, Any]], Any]] = {
        "municipalities": lambda item: item["code"],
        "districts": lambda item: item["code"],
        "postcodes": lambda item: (item["pc4"], item["valid_from"]),
        "organisations": lambda item: item["code"],
        "teams": lambda item: item["code"],
        "outside_region": lambda item: (item["municipality_code"], item.get("pc4", "")),
        "help_forms": lambda item: item["code"],
    }
    result = copy.deepcopy(data)
    for section, key in keys.items():
        result[section] = sorted(result.get(section, []), key=key)
    for team in result["teams"]:
        for kind, value in team["covers"].items():
            if isinstance(value, list):
                team["covers"][kind] = sorted(value)
    return result


# --- hypothesis: valid region data of many shapes --------------------------------------


@st.composite
def region_data_strategy(draw: st.DrawFn) -> dict[str, Any]:
    """Structurally and semantically valid region data of varying size and shape."""
    muni_numbers = draw(st.lists(st.integers(1, 9999), min_size=1, max_size=3, unique=True))
    municipalities = [{"code": f"GM{n:04d}", "name": f"Gemeente {n}"} for n in muni_numbers]
    districts: list[dict[str, Any]] = []
    for n in muni_numbers:
        for d in draw(st.lists(st.integers(0, 99), max_size=3, unique=True)):
            districts.append(
                {"code": f"WK{n:04d}{d:02d}", "name": f"Wijk {d}", "municipality": f"GM{n:04d}"}
            )
    pc4s = draw(
        st.lists(
            st.integers(1000, 9999),
            min_size=len(muni_numbers),
            max_size=len(muni_numbers) + 6,
            unique=True,
        )
    )
    postcodes = []
    for index, pc4 in enumerate(pc4s):
        # Every municipality gets at least one postcode area, so its wijkteam covers something.
        muni = municipalities[index % len(municipalities)]["code"]
        own_districts = [d["code"] for d in districts if d["municipality"] == muni]
        district = draw(st.sampled_from([None, *own_districts]))
        entry: dict[str, Any] = {
            "pc4": str(pc4),
            "municipality": muni,
            "valid_from": draw(st.sampled_from(["2020-01-01", "2023-01-01"])),
            "residential": draw(st.booleans()),
        }
        if district is not None:
            entry["district"] = district
        postcodes.append(entry)
    gp_count = draw(st.integers(0, 3))
    school_count = draw(st.integers(0, 3))
    organisations: list[dict[str, Any]] = [
        {"code": "opdrachtnemer", "name": "Opdrachtnemer", "kind": "contracted_party"},
        *(
            {
                "code": f"ha-{i}",
                "name": f"Huisarts {i}",
                "kind": "gp_practice",
                "agb_code": f"{i:08d}",
            }
            for i in range(gp_count)
        ),
        *(
            {
                "code": f"school-{i}",
                "name": f"School {i}",
                "kind": "school",
                "brin_code": f"{i:02d}AB",
            }
            for i in range(school_count)
        ),
    ]
    teams: list[dict[str, Any]] = []
    for municipality in municipalities:
        code = municipality["code"]
        own_pc4 = [p["pc4"] for p in postcodes if p["municipality"] == code]
        own_districts = [d["code"] for d in districts if d["municipality"] == code]
        covers: dict[str, Any] = {"postcodes": own_pc4}
        by_district: bool = draw(st.booleans())
        if own_districts and by_district:
            covers = {"districts": own_districts}
        teams.append(
            {
                "code": f"wijkteam-{code.lower()}",
                "name": f"Wijkteam {municipality['name']}",
                "kind": "wijkteam",
                "organisation": "opdrachtnemer",
                "municipality": code,
                "covers": covers,
                "callback_working_days": draw(st.integers(0, 10)),
            }
        )
    if gp_count:
        gps = [f"ha-{i}" for i in range(gp_count)]
        teams.append(
            {"code": "poh", "name": "POH", "kind": "poh_jeugd", "covers": {"gp_practices": gps}}
        )
    if school_count:
        schools = [f"school-{i}" for i in range(school_count)]
        teams.append(
            {"code": "ow", "name": "Onderwijs", "kind": "onderwijs", "covers": {"schools": schools}}
        )
    teams.append(
        {"code": "flex", "name": "Flex", "kind": "flex_netwerk", "covers": {"whole_region": True}}
    )
    return {
        "version": 1,
        "region": {"code": "gegenereerd", "name": "Gegenereerde regio", "synthetic": True},
        "municipalities": municipalities,
        "districts": districts,
        "postcodes": postcodes,
        "organisations": organisations,
        "teams": teams,
    }
