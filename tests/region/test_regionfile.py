"""The region file on its own: structure, meaning, places and lines of errors (no database)."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdmodel.region.regionfile import (
    TEAM_COVERS,
    RegionFileError,
    RegionFileInvalid,
    build_region_file,
    check_region_data,
    parse_region_file,
    region_file_from_data,
    region_file_to_data,
    region_file_yaml,
    region_schema,
    schema_path,
    shipped_region_file,
)
from tests.region.conftest import region_data_strategy, small_region

Mutation = Callable[[dict[str, Any]], None]


def errors_of(data: Any) -> list[RegionFileError]:
    return check_region_data(data)


def only_error(data: Any) -> RegionFileError:
    errors = errors_of(data)
    assert len(errors) == 1, errors
    return errors[0]


# --- the shipped files and the schema ---------------------------------------------------


@pytest.mark.parametrize("name", ["mvs", "fictional"])
def test_shipped_region_files_are_valid(name: str) -> None:
    region_file = parse_region_file(shipped_region_file(name))
    assert region_file.municipalities
    assert {team.kind for team in region_file.teams} == set(TEAM_COVERS)


def test_mvs_has_the_real_codes_and_every_postcode_area() -> None:
    mvs = parse_region_file(shipped_region_file("mvs"))
    assert [(m.code, m.name) for m in mvs.municipalities] == [
        ("GM0556", "Maassluis"),
        ("GM0606", "Schiedam"),
        ("GM0622", "Vlaardingen"),
    ]
    assert len(mvs.districts) == 28
    assert len(mvs.postcodes) == 35
    assert sum(p.residential for p in mvs.postcodes) == 29
    assert all(p.valid_from.isoformat() == "2023-01-01" for p in mvs.postcodes)
    # The district of a postcode area is not public: every assigned district is synthetic.
    assert all(p.synthetic for p in mvs.postcodes if p.district is not None)
    evidence = {p.pc4: p.source for p in mvs.postcodes if "bevestigd door adres" in p.source}
    assert set(evidence) == {"3112", "3114", "3134", "3142"}


def test_every_residential_schiedam_postcode_has_exactly_one_wot() -> None:
    mvs = parse_region_file(shipped_region_file("mvs"))
    residential = sorted(
        p.pc4 for p in mvs.postcodes if p.municipality == "GM0606" and p.residential
    )
    wots = [t for t in mvs.teams if t.municipality == "GM0606" and t.kind == "wijkteam"]
    assert len(wots) == 6
    assert all(t.callback_working_days == 5 for t in wots)
    assert sorted(pc4 for t in wots for pc4 in t.covers.postcodes) == residential


def test_every_invented_item_in_mvs_is_marked_or_sourced() -> None:
    data = yaml.safe_load(shipped_region_file("mvs").read_text(encoding="utf-8"))
    for section in ("municipalities", "districts", "postcodes", "organisations", "teams"):
        for item in data[section]:
            assert item.get("synthetic") or item.get("source"), (section, item)


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["extensions"] == {
        "description": schema["properties"]["extensions"]["description"],
        "type": "object",
    }


def _objects(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if node.get("type") == "object" else []
        return found + [o for value in node.values() for o in _objects(value)]
    if isinstance(node, list):
        return [o for value in node for o in _objects(value)]
    return []


def test_only_extensions_allows_unknown_keys() -> None:
    schema = region_schema()
    open_objects = [o for o in _objects(schema) if o.get("additionalProperties") is not False]
    assert open_objects == [schema["properties"]["extensions"]]


# --- valid data --------------------------------------------------------------------------


def test_the_small_region_is_valid(region_data: dict[str, Any]) -> None:
    assert errors_of(region_data) == []
    region_file = region_file_from_data(region_data)
    assert region_file.teams[0].covers.districts == ("WK980101", "WK980102")


def test_writing_gives_back_the_same_data(region_data: dict[str, Any]) -> None:
    assert region_file_to_data(region_file_from_data(region_data)) == region_data


def test_extensions_are_free(region_data: dict[str, Any]) -> None:
    region_data["extensions"] = {"anything": [1, {"goes": True}]}
    assert errors_of(region_data) == []


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(region_data_strategy())
def test_generated_valid_files_always_pass(data: dict[str, Any]) -> None:
    assert errors_of(data) == []
    from_text = parse_region_file(region_file_yaml(data))
    assert region_file_to_data(from_text) == region_file_to_data(build_region_file(data))


SECTIONS_WITH_KEYS = {
    "municipalities": "code",
    "districts": "code",
    "postcodes": "valid_from",
    "organisations": "code",
    "teams": "code",
}


@settings(max_examples=80, suppress_health_check=[HealthCheck.too_slow])
@given(region_data_strategy(), st.data())
def test_a_duplicated_item_is_reported_at_the_copy(
    data: dict[str, Any], draw: st.DataObject
) -> None:
    section = draw.draw(st.sampled_from([s for s in SECTIONS_WITH_KEYS if data[s]]))
    index = draw.draw(st.integers(0, len(data[section]) - 1))
    data[section].append(copy.deepcopy(data[section][index]))
    copy_path = f"{section}[{len(data[section]) - 1}].{SECTIONS_WITH_KEYS[section]}"

    text = region_file_yaml(data)
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(text)

    duplicates = [e for e in caught.value.errors if e.path == copy_path]
    assert len(duplicates) == 1, caught.value.errors
    error = duplicates[0]
    assert f"{section}[{index}]" in error.message
    assert "komt al voor" in error.message or "staat al bij" in error.message
    # The line points at the key of the copy in the YAML text.
    assert error.line is not None
    key = SECTIONS_WITH_KEYS[section]
    assert text.splitlines()[error.line - 1].lstrip(" -").startswith(f"{key}:")


@given(
    region_data_strategy(),
    st.text(min_size=0, max_size=8).filter(
        lambda s: not (len(s) == 6 and s.startswith("GM") and s[2:].isdigit() and s[2:].isascii())
    ),
)
@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
def test_any_malformed_gm_code_is_reported_in_place(data: dict[str, Any], bad: str) -> None:
    data["municipalities"][0]["code"] = bad
    errors = errors_of(data)
    assert any(
        e.path == "municipalities[0].code" and "GM gevolgd door 4 cijfers" in e.message
        for e in errors
    ), errors


# --- structure ---------------------------------------------------------------------------


def test_not_a_mapping_at_the_top() -> None:
    error = only_error(["region", "municipalities"])
    assert error.path == ""
    assert "moet een mapping zijn" in error.message


def test_an_empty_file() -> None:
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file("# alleen commentaar\n")
    assert [e.message for e in caught.value.errors] == ["Het regiobestand is leeg."]


def test_invalid_yaml_names_line_and_column() -> None:
    text = "region:\n  code: mvs\n  name: [MVS\nmunicipalities: []\n"
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(text)
    (error,) = caught.value.errors
    assert error.message.startswith("Ongeldige YAML")
    assert error.line == 4
    assert "regel 4, kolom" in error.message


def test_a_key_twice_in_one_mapping_is_an_error() -> None:
    text = (
        "region:\n  code: x\n  name: X\n  name: Y\nmunicipalities:\n  - code: GM9801\n    name: A\n"
    )
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(text)
    (error,) = caught.value.errors
    assert (error.path, error.line) == ("region.name", 4)
    assert "twee keer" in error.message


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        pytest.param(
            lambda d: d["region"].pop("name"), "region", "het veld 'name' ontbreekt", id="required"
        ),
        pytest.param(
            lambda d: d["teams"][1].update(colour="blauw"),
            "teams[1].colour",
            "onbekend veld 'colour'",
            id="unknown-field",
        ),
        pytest.param(
            lambda d: d.update(municipality=[]),
            "municipality",
            "onbekend veld 'municipality'",
            id="unknown-section",
        ),
        pytest.param(
            lambda d: d["municipalities"][0].update(code="GM556"),
            "municipalities[0].code",
            "'GM556' heeft niet de juiste vorm: een CBS-gemeentecode is GM gevolgd door 4 cijfers",
            id="gm-code",
        ),
        pytest.param(
            lambda d: d["districts"][0].update(code="WK98011"),
            "districts[0].code",
            "een CBS-wijkcode is WK gevolgd door 6 cijfers",
            id="wk-code",
        ),
        pytest.param(
            lambda d: d["organisations"][1].update(agb_code="1234567"),
            "organisations[1].agb_code",
            "een AGB-code is precies 8 cijfers",
            id="agb-code",
        ),
        pytest.param(
            lambda d: d["organisations"][3].update(brin_code="12ab"),
            "organisations[3].brin_code",
            "BRIN-code",
            id="brin-code",
        ),
        pytest.param(
            lambda d: d["postcodes"][0].update(pc4=9801),
            "postcodes[0].pc4",
            "verwacht tekst, maar dit is een getal (9801); zet codes en datums tussen "
            'aanhalingstekens, bijvoorbeeld "9801"',
            id="unquoted-pc4",
        ),
        pytest.param(
            lambda d: d["postcodes"][0].update(pc4="0801"),
            "postcodes[0].pc4",
            "begint niet met 0",
            id="pc4-shape",
        ),
        pytest.param(
            lambda d: d["postcodes"][1].update(valid_from="2023-02-30"),
            "postcodes[1].valid_from",
            "'2023-02-30' is geen bestaande datum",
            id="impossible-date",
        ),
        pytest.param(
            lambda d: d["postcodes"][1].update(valid_from="1-1-2023"),
            "postcodes[1].valid_from",
            "JJJJ-MM-DD",
            id="date-shape",
        ),
        pytest.param(
            lambda d: d["teams"][0].update(kind="buurtteam"),
            "teams[0].kind",
            "'buurtteam' is geen toegestane waarde; kies uit: wijkteam, poh_jeugd",
            id="team-kind",
        ),
        pytest.param(
            lambda d: d["teams"][0].update(covers={}),
            "teams[0].covers",
            "geef minstens één van: districts, postcodes",
            id="empty-covers",
        ),
        pytest.param(
            lambda d: d.update(municipalities=[]),
            "municipalities",
            "minstens 1 item",
            id="no-municipalities",
        ),
        pytest.param(
            lambda d: d["teams"][0].update(callback_working_days=-1),
            "teams[0].callback_working_days",
            "minstens 0",
            id="negative-callback",
        ),
        pytest.param(
            lambda d: d.update(version=2), "version", "de waarde moet 1 zijn", id="version"
        ),
    ],
)
def test_structure_errors_name_the_place(
    region_data: dict[str, Any], mutate: Mutation, path: str, fragment: str
) -> None:
    mutate(region_data)
    error = only_error(region_data)
    assert error.path == path
    assert fragment in error.message


# --- meaning -----------------------------------------------------------------------------


def _add_postcode(data: dict[str, Any], **values: Any) -> None:
    data["postcodes"].append({"residential": True, **values})


@pytest.mark.parametrize(
    ("mutate", "path", "fragment"),
    [
        pytest.param(
            lambda d: d["municipalities"].append({"code": "GM9801", "name": "Nog eens"}),
            "municipalities[2].code",
            "de code 'GM9801' komt al voor bij municipalities[0]",
            id="duplicate-municipality",
        ),
        pytest.param(
            lambda d: d["districts"].append({**d["districts"][0], "name": "Ander"}),
            "districts[2].code",
            "komt al voor bij districts[0]",
            id="duplicate-district",
        ),
        pytest.param(
            lambda d: d["organisations"].append({"code": "lid", "name": "X", "kind": "other"}),
            "organisations[4].code",
            "komt al voor bij organisations[1]",
            id="duplicate-organisation",
        ),
        pytest.param(
            lambda d: d["teams"][5].update(code="flex"),
            "teams[5].code",
            "de code 'flex' komt al voor bij teams[4]",
            id="duplicate-team",
        ),
        pytest.param(
            lambda d: _add_postcode(d, pc4="9801", municipality="GM9801", valid_from="2023-01-01"),
            "postcodes[3].valid_from",
            "postcodegebied 9801 met geldig vanaf 2023-01-01 staat al bij postcodes[0]",
            id="duplicate-postcode",
        ),
        pytest.param(
            lambda d: _add_postcode(d, pc4="9801", municipality="GM9802", valid_from="2024-01-01"),
            "postcodes[3].valid_from",
            "postcodegebied 9801 ligt in overlappende periodes in twee gemeenten: GM9802 hier "
            "en GM9801 bij postcodes[0]",
            id="postcode-in-two-municipalities",
        ),
        pytest.param(
            lambda d: _add_postcode(d, pc4="9811", municipality="GM9802", valid_from="2024-01-01"),
            "postcodes[3].valid_from",
            "overlapt met postcodes[2]",
            id="postcode-overlapping-itself",
        ),
        pytest.param(
            lambda d: d["postcodes"][2].update(valid_to="2022-12-31"),
            "postcodes[2].valid_to",
            "geldig tot en met (2022-12-31) ligt vóór geldig vanaf (2023-01-01)",
            id="valid-to-before-valid-from",
        ),
        pytest.param(
            lambda d: d["districts"].append(
                {"code": "WK980201", "name": "Oost", "municipality": "GM9801"}
            ),
            "districts[2].code",
            "wijkcode WK980201 past niet bij gemeente GM9801: de wijkcode moet beginnen met WK9801",
            id="district-code-of-other-municipality",
        ),
        pytest.param(
            lambda d: d["districts"].append(
                {"code": "WK980901", "name": "Oost", "municipality": "GM9809"}
            ),
            "districts[2].municipality",
            "onbekende gemeente 'GM9809'",
            id="district-unknown-municipality",
        ),
        pytest.param(
            lambda d: d["postcodes"][2].update(district="WK980101"),
            "postcodes[2].district",
            "wijk WK980101 ligt in gemeente GM9801, maar dit postcodegebied in gemeente GM9802",
            id="postcode-district-elsewhere",
        ),
        pytest.param(
            lambda d: d["postcodes"][0].update(district="WK980109"),
            "postcodes[0].district",
            "onbekende wijk 'WK980109'",
            id="postcode-unknown-district",
        ),
        pytest.param(
            lambda d: d["organisations"][1].update(parent="consortium"),
            "organisations[1].parent",
            "onbekende organisatie 'consortium'",
            id="unknown-parent",
        ),
        pytest.param(
            lambda d: d["organisations"][0].update(parent="lid"),
            "organisations[0].parent",
            "vormen via 'parent' een kring: opdrachtnemer → lid → opdrachtnemer",
            id="parent-cycle",
        ),
        pytest.param(
            lambda d: d["organisations"][2].update(brin_code="12AB"),
            "organisations[2].brin_code",
            "alleen een school",
            id="brin-on-gp-practice",
        ),
        pytest.param(
            lambda d: d["organisations"][2].update(municipality="GM0000"),
            "organisations[2].municipality",
            "onbekende gemeente 'GM0000'",
            id="organisation-unknown-municipality",
        ),
        pytest.param(
            lambda d: d["teams"][0]["covers"]["districts"].__setitem__(1, "WK980199"),
            "teams[0].covers.districts[1]",
            "onbekende wijk 'WK980199': die staat niet onder districts",
            id="team-covers-unknown-district",
        ),
        pytest.param(
            lambda d: d["teams"][1]["covers"]["postcodes"].append("9899"),
            "teams[1].covers.postcodes[1]",
            "onbekend postcodegebied '9899'",
            id="team-covers-unknown-postcode",
        ),
        pytest.param(
            lambda d: d["teams"][1]["covers"]["postcodes"].append("9801"),
            "teams[1].covers.postcodes[1]",
            "postcodegebied 9801 ligt nooit in de gemeente van het team (GM9802)",
            id="team-covers-postcode-elsewhere",
        ),
        pytest.param(
            lambda d: d["teams"][1]["covers"].update(districts=["WK980101"]),
            "teams[1].covers.districts[0]",
            "wijk WK980101 ligt in GM9801, niet in de gemeente van het team (GM9802)",
            id="team-covers-district-elsewhere",
        ),
        pytest.param(
            lambda d: d["teams"][0]["covers"]["districts"].append("WK980101"),
            "teams[0].covers.districts[2]",
            "'WK980101' staat al in deze lijst (districts[0])",
            id="team-covers-district-twice",
        ),
        pytest.param(
            lambda d: d["teams"][2]["covers"].update(gp_practices=["school"]),
            "teams[2].covers.gp_practices[0]",
            "organisatie 'school' is van soort school, maar hier hoort een gp_practice",
            id="gp-cover-not-a-gp-practice",
        ),
        pytest.param(
            lambda d: d["teams"][3]["covers"].update(schools=["huisarts"]),
            "teams[3].covers.schools[0]",
            "is van soort gp_practice, maar hier hoort een school",
            id="school-cover-not-a-school",
        ),
        pytest.param(
            lambda d: d["teams"][3]["covers"].update(schools=["nergens"]),
            "teams[3].covers.schools[0]",
            "onbekende organisatie 'nergens'",
            id="school-cover-unknown",
        ),
        pytest.param(
            lambda d: d["teams"][2].update(organisation="onbekend"),
            "teams[2].organisation",
            "onbekende organisatie 'onbekend'",
            id="team-unknown-organisation",
        ),
        pytest.param(
            lambda d: d["teams"][0].pop("municipality"),
            "teams[0]",
            "een wijkteam hoort bij één gemeente",
            id="wijkteam-without-municipality",
        ),
        pytest.param(
            lambda d: d["teams"][4].update(covers={"whole_region": False}),
            "teams[4].covers",
            "een team van soort flex_netwerk moet whole_region dekken",
            id="flex-not-region-wide",
        ),
        pytest.param(
            lambda d: d["teams"][5]["covers"].update(postcodes=["9801"]),
            "teams[5].covers.postcodes",
            "een team van soort specialistisch dekt alleen whole_region, niet postcodes",
            id="specialist-with-postcodes",
        ),
        pytest.param(
            lambda d: d["outside_region"].append(
                {"pc4": "9801", "municipality_code": "GM0599", "municipality_name": "Rotterdam"}
            ),
            "outside_region[1].pc4",
            "postcodegebied 9801 hoort bij de regio zelf",
            id="outside-region-inside",
        ),
        pytest.param(
            lambda d: d["outside_region"].append(
                {"municipality_code": "GM9801", "municipality_name": "Aadorp"}
            ),
            "outside_region[1].municipality_code",
            "gemeente GM9801 hoort bij de regio zelf",
            id="outside-region-own-municipality",
        ),
        pytest.param(
            lambda d: d["outside_region"][0].update(forward=False),
            "outside_region[0].forward_to",
            "alleen zin met 'forward: true'",
            id="forward-to-without-forward",
        ),
        pytest.param(
            lambda d: d["outside_region"].append(
                {"pc4": "3011", "municipality_code": "GM0599", "municipality_name": "Rotterdam"}
            ),
            "outside_region[1].pc4",
            "staat al bij outside_region[0]",
            id="outside-region-twice",
        ),
        pytest.param(
            lambda d: d.update(help_forms=[{"code": "a", "name": "A", "level": "basis"}] * 2),
            "help_forms[1].code",
            "komt al voor bij help_forms[0]",
            id="duplicate-help-form",
        ),
    ],
)
def test_meaning_errors_name_the_place(
    region_data: dict[str, Any], mutate: Mutation, path: str, fragment: str
) -> None:
    region_data["outside_region"] = [
        {
            "pc4": "3011",
            "municipality_code": "GM0599",
            "municipality_name": "Rotterdam",
            "forward": True,
            "forward_to": "Gemeente Rotterdam",
        }
    ]
    assert errors_of(region_data) == []
    mutate(region_data)
    error = only_error(region_data)
    assert error.path == path
    assert fragment in error.message


@pytest.mark.parametrize(
    ("kind", "covers"),
    [
        ("wijkteam", {"schools": ["school"]}),
        ("poh_jeugd", {"districts": ["WK980101"]}),
        ("onderwijs", {"gp_practices": ["huisarts"]}),
        ("flex_netwerk", {"postcodes": ["9801"]}),
    ],
)
def test_each_team_kind_covers_only_its_own_things(
    region_data: dict[str, Any], kind: str, covers: dict[str, Any]
) -> None:
    region_data["teams"].append(
        {"code": "nieuw", "name": "Nieuw", "kind": kind, "municipality": "GM9801", "covers": covers}
    )
    (cover_kind,) = covers
    errors = errors_of(region_data)
    assert [e.path for e in errors] == ["teams[6].covers", f"teams[6].covers.{cover_kind}"]
    assert "dekt alleen" in errors[1].message


def test_a_postcode_may_change_municipality_in_time(region_data: dict[str, Any]) -> None:
    region_data["postcodes"][2]["valid_to"] = "2024-12-31"
    _add_postcode(region_data, pc4="9811", municipality="GM9801", valid_from="2025-01-01")
    assert errors_of(region_data) == []


def test_meaning_waits_until_the_structure_is_right(region_data: dict[str, Any]) -> None:
    region_data["municipalities"][0]["code"] = "GM98"  # malformed, and referenced everywhere
    errors = errors_of(region_data)
    assert [e.path for e in errors] == ["municipalities[0].code"]


# --- places and lines --------------------------------------------------------------------


BROKEN = """\
region:
  code: proef
  name: Proefregio
municipalities:
  - code: GM9801
    name: Aadorp
  - code: GM98O2
    name: Beedorp
districts:
  - code: WK980101
    name: Noord
    municipality: GM9801
teams:
  - code: wijkteam
    name: Wijkteam
    kind: wijkteam
    municipality: GM9801
    covers:
      districts:
        - WK980101
        - WK980199
"""


def test_errors_carry_the_line_of_their_place() -> None:
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(BROKEN)
    assert [(e.line, e.path) for e in caught.value.errors] == [(7, "municipalities[1].code")]

    fixed = BROKEN.replace("GM98O2", "GM9802")
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(fixed)
    (error,) = caught.value.errors
    assert (error.line, error.path) == (21, "teams[0].covers.districts[1]")
    assert error.format("regio.yaml") == (
        "regio.yaml:21: teams[0].covers.districts[1]: onbekende wijk 'WK980199': die staat "
        "niet onder districts"
    )


def test_a_missing_field_points_at_its_mapping() -> None:
    text = BROKEN.replace("GM98O2", "GM9802").replace("    kind: wijkteam\n", "")
    with pytest.raises(RegionFileInvalid) as caught:
        parse_region_file(text)
    (error,) = caught.value.errors
    assert (error.line, error.path) == (14, "teams[0]")
    assert error.message == "het veld 'kind' ontbreekt"


def test_a_path_is_read_from_disk(tmp_path: Path, region_data: dict[str, Any]) -> None:
    path = tmp_path / "regio.yaml"
    path.write_text(region_file_yaml(region_data), encoding="utf-8")
    assert region_file_to_data(parse_region_file(path)) == region_data


def test_dates_stay_text_until_checked() -> None:
    text = region_file_yaml(small_region()).replace("'2023-01-01'", "2023-01-01")
    assert "valid_from: 2023-01-01" in text
    region_file = parse_region_file(text)
    assert region_file.postcodes[0].valid_from.isoformat() == "2023-01-01"


def test_the_example_in_the_documentation_is_valid() -> None:
    from django.conf import settings

    doc = (Path(settings.BASE_DIR) / "docs" / "region-file.md").read_text(encoding="utf-8")
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    region_file = parse_region_file(example)
    assert [t.kind for t in region_file.teams] == ["wijkteam", "flex_netwerk"]
    assert region_file.outside_region[0].municipality_code == "GM0599"


def test_an_organisation_may_not_be_its_own_parent(region_data: dict[str, Any]) -> None:
    region_data["organisations"][0]["parent"] = "opdrachtnemer"
    error = only_error(region_data)
    assert error.path == "organisations[0].parent"
    assert error.message.endswith("een kring: opdrachtnemer → opdrachtnemer")
