"""The region file's `outside_region`: stored on load, kept in step with the file, found by
pc4 for the front door, and written back by the export."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import OutsideRegionArea
from jeugdmodel.region.regionfile import (
    RegionFileInvalid,
    parse_region_file,
    region_file_from_data,
    region_file_to_data,
    region_file_yaml,
    shipped_region_file,
)
from jeugdmodel.region.selectors import outside_region_lookup, region_export_data
from jeugdmodel.region.services import LoadReport, region_load
from tests.region.conftest import canonical, db_snapshot, delete_all_regions, small_region

pytestmark = pytest.mark.django_db

ROTTERDAM: dict[str, Any] = {
    "pc4": "3011",
    "municipality_code": "GM0599",
    "municipality_name": "Rotterdam",
    "forward": True,
    "forward_to": "Gemeente Rotterdam",
    "source": "algemene kennis",
}
WESTLAND: dict[str, Any] = {
    "pc4": "2681",
    "municipality_code": "GM1783",
    "municipality_name": "Westland",
}
ZANDHOVEN: dict[str, Any] = {  # a municipality only, without a postcode area
    "municipality_code": "GM9903",
    "municipality_name": "Zandhoven",
    "synthetic": True,
}


def region_with_neighbours() -> dict[str, Any]:
    data = small_region()
    data["outside_region"] = [dict(ROTTERDAM), dict(WESTLAND), dict(ZANDHOVEN)]
    return data


def load(data: dict[str, Any]) -> LoadReport:
    return region_load(data=region_file_from_data(data))


def outside_counts(report: LoadReport) -> tuple[int, int, int, int]:
    c = report.counts["outside_region"]
    return (c.created, c.updated, c.unchanged, c.removed)


def stored() -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (row["pc4"], row["municipality_code"]): dict(row)
        for row in OutsideRegionArea.objects.values(
            "pc4",
            "municipality_code",
            "municipality_name",
            "forward",
            "forward_to",
            "synthetic",
            "source",
            "region__code",
        )
    }


def test_the_section_is_stored_on_load() -> None:
    report = load(region_with_neighbours())

    assert outside_counts(report) == (3, 0, 0, 0)
    assert report.notices == []  # no longer "checked but not stored"
    assert stored() == {
        ("3011", "GM0599"): {
            "pc4": "3011",
            "municipality_code": "GM0599",
            "municipality_name": "Rotterdam",
            "forward": True,
            "forward_to": "Gemeente Rotterdam",
            "synthetic": False,
            "source": "algemene kennis",
            "region__code": "proef",
        },
        ("2681", "GM1783"): {
            "pc4": "2681",
            "municipality_code": "GM1783",
            "municipality_name": "Westland",
            "forward": False,
            "forward_to": "",
            "synthetic": False,
            "source": "",
            "region__code": "proef",
        },
        ("", "GM9903"): {  # no pc4 in the file: a blank pc4
            "pc4": "",
            "municipality_code": "GM9903",
            "municipality_name": "Zandhoven",
            "forward": False,
            "forward_to": "",
            "synthetic": True,
            "source": "",
            "region__code": "proef",
        },
    }
    assert str(OutsideRegionArea.objects.get(pc4="3011")) == "3011 (Rotterdam)"
    assert str(OutsideRegionArea.objects.get(pc4="")) == "Zandhoven (GM9903)"


def test_the_shipped_regions_store_their_neighbours() -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))
    region_load(data=parse_region_file(shipped_region_file("fictional")))

    assert sorted(
        OutsideRegionArea.objects.values_list("region__code", "pc4", "municipality_name")
    ) == [
        ("mvs", "2681", "Westland"),
        ("mvs", "3011", "Rotterdam"),
        ("mvs", "3155", "Midden-Delfland"),
        ("zeedorp", "", "Zandhoven"),
    ]


def test_loading_the_same_file_twice_changes_nothing() -> None:
    data = region_with_neighbours()
    load(data)
    snapshot = db_snapshot()

    again = load(data)

    assert outside_counts(again) == (0, 0, 3, 0)
    assert not again.changed
    assert db_snapshot() == snapshot


def test_a_changed_entry_is_updated_in_place() -> None:
    data = region_with_neighbours()
    load(data)
    ids = dict(OutsideRegionArea.objects.values_list("pc4", "public_id"))

    data["outside_region"][0].update(municipality_name="Gemeente Rotterdam", forward_to="Loket")
    data["outside_region"][1].update(forward=True, forward_to="Gemeente Westland")
    data["outside_region"][2].update(synthetic=False, source="verzonnen bron")
    report = load(data)

    assert outside_counts(report) == (0, 3, 0, 0)
    rows = stored()
    rotterdam = rows[("3011", "GM0599")]
    assert (rotterdam["municipality_name"], rotterdam["forward_to"]) == (
        "Gemeente Rotterdam",
        "Loket",
    )
    assert rows[("2681", "GM1783")]["forward"] is True
    assert rows[("2681", "GM1783")]["forward_to"] == "Gemeente Westland"
    assert (rows[("", "GM9903")]["synthetic"], rows[("", "GM9903")]["source"]) == (
        False,
        "verzonnen bron",
    )
    assert dict(OutsideRegionArea.objects.values_list("pc4", "public_id")) == ids

    data["outside_region"][0].update(forward=False)
    del data["outside_region"][0]["forward_to"]
    report = load(data)
    assert outside_counts(report) == (0, 1, 2, 0)
    assert (OutsideRegionArea.objects.get(pc4="3011").forward_to, report.notices) == ("", [])


def test_a_pc4_that_moves_to_another_municipality_is_a_new_row() -> None:
    data = region_with_neighbours()
    load(data)

    data["outside_region"][1].update(municipality_code="GM1842", municipality_name="Ander")
    report = load(data)

    assert outside_counts(report) == (1, 0, 2, 1)
    assert set(stored()) == {("3011", "GM0599"), ("2681", "GM1842"), ("", "GM9903")}


def test_entries_dropped_from_the_file_are_removed() -> None:
    data = region_with_neighbours()
    load(data)
    region_load(data=parse_region_file(shipped_region_file("fictional")))  # left alone

    data["outside_region"] = [dict(ROTTERDAM)]
    report = load(data)

    assert outside_counts(report) == (0, 0, 1, 2)
    assert set(stored()) == {("3011", "GM0599"), ("", "GM9903")}  # GM9903 is Zeedorp's own
    assert OutsideRegionArea.objects.get(pc4="").region.code == "zeedorp"

    del data["outside_region"]
    report = load(data)

    assert outside_counts(report) == (0, 0, 0, 1)
    assert not OutsideRegionArea.objects.filter(region__code="proef").exists()
    assert OutsideRegionArea.objects.filter(region__code="zeedorp").count() == 1


def test_a_municipality_without_pc4_may_be_named_once() -> None:
    data = region_with_neighbours()
    data["outside_region"].append({**ZANDHOVEN, "municipality_name": "Zandhoven (oud)"})

    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(region_file_yaml(data))

    assert [(e.path, e.message) for e in caught.value.errors] == [
        (
            "outside_region[3].municipality_code",
            "gemeente GM9903 staat al zonder postcodegebied bij outside_region[2]",
        )
    ]
    # With a postcode area the same municipality may appear again.
    data["outside_region"][3] = {**ZANDHOVEN, "pc4": "9931"}
    report = load(data)
    assert outside_counts(report) == (4, 0, 0, 0)


# --- the front door's look-up ----------------------------------------------------------------


def test_lookup_finds_the_neighbour_of_a_pc4() -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))

    rotterdam = outside_region_lookup("3011")

    assert rotterdam is not None
    assert (
        rotterdam.municipality_code,
        rotterdam.municipality_name,
        rotterdam.forward,
        rotterdam.forward_to,
        rotterdam.region.code,
    ) == ("GM0599", "Rotterdam", True, "Gemeente Rotterdam", "mvs")
    midden_delfland = outside_region_lookup("3155")
    assert midden_delfland is not None
    assert midden_delfland.municipality_name == "Midden-Delfland"
    assert outside_region_lookup("3112") is None  # inside the region: not a neighbour
    assert outside_region_lookup("1011") is None  # unknown
    assert outside_region_lookup("") is None


def test_lookup_never_finds_an_entry_without_pc4() -> None:
    region_load(data=parse_region_file(shipped_region_file("fictional")))
    assert OutsideRegionArea.objects.filter(pc4="").exists()
    assert outside_region_lookup("") is None


def test_lookup_over_regions_that_share_a_neighbour() -> None:
    load(region_with_neighbours())
    region_load(data=parse_region_file(shipped_region_file("mvs")))

    found = outside_region_lookup("3011")

    assert found is not None
    assert found.region.code == "mvs"  # the first region by code, every time
    assert OutsideRegionArea.objects.filter(pc4="3011").count() == 2


# --- export ------------------------------------------------------------------------------------


def test_export_writes_the_section_back_and_round_trips() -> None:
    data = region_with_neighbours()
    load(data)

    exported = region_export_data()

    assert exported["outside_region"] == [
        ROTTERDAM,
        WESTLAND,
        ZANDHOVEN,
    ]  # by municipality code; empty optional fields left out, as in the file
    assert canonical(exported) == canonical(region_file_to_data(region_file_from_data(data)))
    delete_all_regions()
    region_load(data=parse_region_file(region_file_yaml(exported)))
    assert region_export_data() == exported


def test_export_without_neighbours_has_no_section() -> None:
    load(small_region())
    assert "outside_region" not in region_export_data()


# --- admin -------------------------------------------------------------------------------------


def test_the_admin_lists_the_neighbours(
    make_user: Callable[..., User], login: Callable[[User], Client]
) -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))
    client = login(make_user(Role.FUNCTIONAL_ADMIN))

    response = client.get("/beheer/admin/region/outsideregionarea/")

    assert response.status_code == 200
    page = response.content.decode()
    for text in ("3011", "Rotterdam", "Gemeente Rotterdam", "Midden-Delfland"):
        assert text in page
