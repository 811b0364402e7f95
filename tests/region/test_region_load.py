"""Loading region files into the database: all or nothing, idempotent, reversible by export."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import (
    District,
    Municipality,
    Organisation,
    PostcodeArea,
    Region,
    Team,
    TeamPostcode,
)
from jeugdmodel.region.regionfile import (
    RegionFileInvalid,
    build_region_file,
    parse_region_file,
    region_file_from_data,
    region_file_to_data,
    region_file_yaml,
    shipped_region_file,
)
from jeugdmodel.region.selectors import (
    municipalities_list,
    postcode_area_on,
    region_export_data,
    teams_covering_postcode,
    teams_list,
)
from jeugdmodel.region.services import LoadReport, RegionLoadRefused, region_load
from tests.region.conftest import canonical, db_snapshot, delete_all_regions, small_region

pytestmark = pytest.mark.django_db

DAY = date(2024, 6, 1)


def load(data: dict[str, Any]) -> LoadReport:
    return region_load(data=region_file_from_data(data))


def load_shipped(name: str) -> LoadReport:
    return region_load(data=parse_region_file(shipped_region_file(name)))


def counts(report: LoadReport) -> dict[str, tuple[int, int, int, int]]:
    return {
        kind: (c.created, c.updated, c.unchanged, c.removed) for kind, c in report.counts.items()
    }


def wijkteam_codes(pc4: str, day: date = DAY) -> list[str]:
    return sorted(t.code for t in teams_covering_postcode(pc4, day, kind="wijkteam"))


# --- the shipped regions -------------------------------------------------------------------


def test_load_mvs() -> None:
    report = load_shipped("mvs")

    assert counts(report) == {
        "region": (1, 0, 0, 0),
        "municipalities": (3, 0, 0, 0),
        "districts": (28, 0, 0, 0),
        "postcodes": (35, 0, 0, 0),
        "organisations": (21, 0, 0, 0),
        "teams": (19, 0, 0, 0),
        "outside_region": (3, 0, 0, 0),
        "help_forms": (0, 0, 0, 0),
        "ijw_products": (13, 0, 0, 0),
        "transition": (1, 0, 0, 0),
    }
    assert report.notices == []
    assert [m.code for m in municipalities_list()] == ["GM0556", "GM0606", "GM0622"]
    assert District.objects.get(code="WK060606").inhabitants == 14760
    assert Organisation.objects.get(code="scala").parent == Organisation.objects.get(code="mevis")
    assert {t.code for t in teams_list("flex_netwerk")} == {"plusteam"}
    # Routing by postcode: Schiedam by postcode, Vlaardingen by district, Maassluis one team.
    assert wijkteam_codes("3112") == ["wot-oost"]
    assert wijkteam_codes("3134") == ["wijkteam-vlaardingen-oost"]
    assert wijkteam_codes("3142") == ["vraagraak"]
    everyone = {t.code for t in teams_covering_postcode("3142", DAY)}
    assert everyone == {"vraagraak", "plusteam", "specialistische-jeugdhulp"}
    po_box = postcode_area_on("3140", DAY)
    assert po_box is not None
    assert (po_box.residential, po_box.municipality.code, po_box.district) == (
        False,
        "GM0556",
        None,
    )
    assert postcode_area_on("3011", DAY) is None
    assert list(teams_covering_postcode("3011", DAY)) == []
    assert postcode_area_on("3112", date(2022, 12, 31)) is None  # before valid_from


def test_load_fictional_with_a_postcode_that_moves() -> None:
    load_shipped("fictional")

    before = postcode_area_on("9913", date(2024, 12, 31))
    after = postcode_area_on("9913", date(2025, 1, 1))
    assert before is not None
    assert after is not None
    assert (before.municipality.code, after.municipality.code) == ("GM9902", "GM9901")
    assert wijkteam_codes("9913", date(2024, 12, 31)) == ["wijkteam-duinwijk"]
    assert wijkteam_codes("9913", date(2025, 1, 1)) == ["wijkteam-zeedorp"]
    assert Team.objects.get(code="wijkteam-duinwijk").callback_working_days == 2
    assert not District.objects.filter(municipality__code="GM9902").exists()


def test_two_regions_live_side_by_side() -> None:
    load_shipped("mvs")
    load_shipped("fictional")
    assert sorted(Region.objects.values_list("code", flat=True)) == ["mvs", "zeedorp"]

    again = load_shipped("mvs")

    assert not again.changed
    assert Municipality.objects.count() == 5
    assert wijkteam_codes("9901") == ["wijkteam-zeedorp"]
    assert {t.code for t in teams_covering_postcode("9901", DAY, kind="flex_netwerk")} == {
        "kustnetwerk"
    }


@pytest.mark.parametrize("name", ["mvs", "fictional"])
def test_loading_twice_changes_nothing(name: str) -> None:
    first = load_shipped(name)
    snapshot = db_snapshot()

    second = load_shipped(name)

    assert not second.changed
    for kind, (created, updated, unchanged, removed) in counts(second).items():
        assert (created, updated, removed) == (0, 0, 0), kind
        assert unchanged == first.counts[kind].created, kind
    assert db_snapshot() == snapshot


# --- changes -------------------------------------------------------------------------------


def test_a_changed_file_updates_in_place() -> None:
    data = small_region()
    load(data)
    ids = dict(Team.objects.values_list("code", "public_id"))

    data["districts"][0]["inhabitants"] = 1250
    data["teams"][0]["name"] = "Wijkteam Aadorp-Noord"
    data["teams"][0]["covers"] = {"districts": ["WK980101"]}  # coverage set replaced
    data["teams"][1]["covers"] = {"postcodes": ["9811", "9812"]}
    data["postcodes"].append(
        {"pc4": "9812", "municipality": "GM9802", "valid_from": "2023-01-01", "residential": True}
    )
    data["postcodes"][2]["valid_to"] = "2024-12-31"
    data["organisations"].append({"code": "nieuw-lid", "name": "Nieuw lid", "kind": "member"})
    data["organisations"][1]["parent"] = "nieuw-lid"  # a parent that is new in this file
    report = load(data)

    assert counts(report) == {
        "region": (0, 0, 1, 0),
        "municipalities": (0, 0, 2, 0),
        "districts": (0, 1, 1, 0),
        "postcodes": (1, 1, 2, 0),
        "organisations": (1, 1, 3, 0),
        "teams": (0, 2, 4, 0),
        "outside_region": (0, 0, 0, 0),
        "help_forms": (0, 0, 0, 0),
        "ijw_products": (0, 0, 0, 0),
        "transition": (0, 0, 0, 0),
    }
    team = Team.objects.get(code="wijkteam-aadorp")
    assert team.name == "Wijkteam Aadorp-Noord"
    assert [d.code for d in team.districts.all()] == ["WK980101"]
    assert sorted(
        TeamPostcode.objects.filter(team__code="wijkteam-beedorp").values_list("pc4", flat=True)
    ) == ["9811", "9812"]
    assert District.objects.get(code="WK980101").inhabitants == 1250
    assert PostcodeArea.objects.get(pc4="9811").valid_to == date(2024, 12, 31)
    assert Organisation.objects.get(code="lid").parent == Organisation.objects.get(code="nieuw-lid")
    assert dict(Team.objects.values_list("code", "public_id")) == ids  # same rows, updated
    assert wijkteam_codes("9802") == []  # district Zuid is no longer covered

    again = load(data)
    assert not again.changed


def test_rows_the_file_no_longer_names_are_removed() -> None:
    data = small_region()
    load(data)
    load_shipped("fictional")  # another region is left alone

    del data["teams"][3]  # onderwijs
    data["organisations"] = [o for o in data["organisations"] if o["code"] != "school"]
    data["teams"][0]["covers"] = {"districts": ["WK980101"]}
    data["postcodes"] = [p for p in data["postcodes"] if p["pc4"] != "9802"]
    data["districts"] = [d for d in data["districts"] if d["code"] != "WK980102"]
    report = load(data)

    assert {kind: c.removed for kind, c in report.counts.items()} == {
        "region": 0,
        "municipalities": 0,
        "districts": 1,
        "postcodes": 1,
        "organisations": 1,
        "teams": 1,
        "outside_region": 0,
        "help_forms": 0,
        "ijw_products": 0,
        "transition": 0,
    }
    assert not Team.objects.filter(code="onderwijs").exists()
    assert not Organisation.objects.filter(code="school").exists()
    assert not PostcodeArea.objects.filter(pc4="9802").exists()
    assert Region.objects.get(code="zeedorp").teams.count() == 6


def test_removing_organisations_that_are_parent_and_child() -> None:
    data = small_region()
    data["organisations"].append({"code": "dochter", "name": "D", "kind": "other", "parent": "lid"})
    load(data)
    data["organisations"] = [
        o for o in data["organisations"] if o["code"] not in {"lid", "dochter"}
    ]
    data["teams"][2].pop("organisation")

    report = load(data)

    assert report.counts["organisations"].removed == 2


def test_a_removal_blocked_by_a_user_refuses_the_whole_load() -> None:
    data = small_region()
    load(data)
    get_user_model().objects.create(
        username="medewerker",
        is_superuser=True,
        organisation=Organisation.objects.get(code="lid"),
    )
    snapshot = db_snapshot()

    data["organisations"] = [o for o in data["organisations"] if o["code"] != "lid"]
    data["teams"][2].pop("organisation")
    data["teams"][0]["name"] = "Nieuwe naam"  # would be updated, but must be rolled back
    with pytest.raises(RegionLoadRefused) as caught:
        load(data)

    (error,) = caught.value.errors
    assert error.path == "organisations"
    assert error.message.startswith("organisatie lid staat niet meer in het bestand")
    assert "1 × gebruikers" in error.message
    assert db_snapshot() == snapshot


# --- broken files are refused, and nothing changes -------------------------------------------


def _wrong_gm_code(data: dict[str, Any]) -> None:
    data["municipalities"][1]["code"] = "GM98020"


def _postcode_in_two_municipalities(data: dict[str, Any]) -> None:
    data["postcodes"].append(
        {"pc4": "9801", "municipality": "GM9802", "valid_from": "2024-01-01", "residential": True}
    )


def _unknown_district(data: dict[str, Any]) -> None:
    data["teams"][0]["covers"]["districts"].append("WK980177")


def _duplicate_code(data: dict[str, Any]) -> None:
    data["teams"].append({**data["teams"][4], "name": "Tweede flexteam"})


@pytest.mark.parametrize(
    ("breaks", "path", "message", "on_line"),
    [
        (
            _wrong_gm_code,
            "municipalities[1].code",
            "'GM98020' heeft niet de juiste vorm: een CBS-gemeentecode is GM gevolgd door 4 "
            "cijfers, bijvoorbeeld GM0606",
            "code: GM98020",
        ),
        (
            _postcode_in_two_municipalities,
            "postcodes[3].valid_from",
            "postcodegebied 9801 ligt in overlappende periodes in twee gemeenten: GM9802 hier "
            "en GM9801 bij postcodes[0]",
            "valid_from: '2024-01-01'",
        ),
        (
            _unknown_district,
            "teams[0].covers.districts[2]",
            "onbekende wijk 'WK980177': die staat niet onder districts",
            "- WK980177",
        ),
        (
            _duplicate_code,
            "teams[6].code",
            "de code 'flex' komt al voor bij teams[4]",
            "code: flex",
        ),
    ],
)
def test_a_broken_file_is_refused_and_changes_nothing(
    breaks: Any, path: str, message: str, on_line: str
) -> None:
    data = small_region()
    load(data)
    load_shipped("fictional")
    snapshot = db_snapshot()

    data["teams"][0]["name"] = "Gewijzigd"  # a valid change that must not land
    breaks(data)
    text = region_file_yaml(data)
    with pytest.raises(RegionFileInvalid) as parsed:
        parse_region_file(text)
    # region_load checks by itself too, also when handed an unchecked RegionFile.
    with pytest.raises(RegionFileInvalid) as loaded:
        region_load(data=build_region_file(data))

    for caught in (parsed, loaded):
        assert [(e.path, e.message) for e in caught.value.errors] == [(path, message)]
    (error,) = parsed.value.errors
    assert error.line is not None
    assert text.splitlines()[error.line - 1].strip().endswith(on_line)
    assert db_snapshot() == snapshot


def test_a_file_claiming_codes_of_another_region_is_refused() -> None:
    load_shipped("fictional")
    snapshot = db_snapshot()
    data = small_region()
    data["municipalities"][1]["code"] = "GM9902"
    data["postcodes"][2].update(pc4="9912", municipality="GM9902")
    data["teams"][1].update(municipality="GM9902", covers={"postcodes": ["9912"]})

    with pytest.raises(RegionLoadRefused) as caught:
        load(data)

    assert [(e.path, e.message) for e in caught.value.errors] == [
        ("municipalities[1].code", "de code GM9902 hoort al bij een andere regio (zeedorp)"),
        (
            "postcodes[2].pc4",
            "postcodegebied 9912 ligt in dezelfde periode al in gemeente GM9902 van een "
            "andere regio",
        ),
    ]
    assert db_snapshot() == snapshot


# --- export ----------------------------------------------------------------------------------


def _without_unstored(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "extensions"}


@pytest.mark.parametrize("name", ["mvs", "fictional"])
def test_export_is_the_inverse_of_load(name: str) -> None:
    region_file = parse_region_file(shipped_region_file(name))
    region_load(data=region_file)

    exported = region_export_data()

    assert canonical(exported) == canonical(_without_unstored(region_file_to_data(region_file)))
    delete_all_regions()
    region_load(data=parse_region_file(region_file_yaml(exported)))
    assert region_export_data() == exported


def test_export_needs_a_choice_between_regions() -> None:
    with pytest.raises(DomainError, match="nog geen regio"):
        region_export_data()
    load_shipped("fictional")
    load(small_region())
    with pytest.raises(DomainError, match="meerdere regio's"):
        region_export_data()
    assert region_export_data(region_code="proef")["region"]["code"] == "proef"
    with pytest.raises(DomainError, match="geen regio met code 'x'"):
        region_export_data(region_code="x")


def _count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def test_export_and_an_unchanged_reload_take_a_fixed_number_of_queries(
    django_assert_max_num_queries: Any,
) -> None:
    """Measured on the small region, pinned on MVS (about ten times bigger)."""
    small = parse_region_file(region_file_yaml(small_region()))
    mvs = parse_region_file(shipped_region_file("mvs"))
    region_load(data=small)
    region_load(data=mvs)

    small_reload = _count_queries(lambda: region_load(data=small))
    with django_assert_max_num_queries(small_reload):
        region_load(data=mvs)
    small_export = _count_queries(lambda: region_export_data(region_code="proef"))
    with django_assert_max_num_queries(small_export):
        region_export_data(region_code="mvs")
