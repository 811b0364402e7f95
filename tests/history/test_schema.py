"""The JSON Schema of the history format: valid draft 2020-12, in step with the models,
the compiled pre-check always agreeing with jsonschema, and the region index agreeing
with the region's own postcode look-up."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from jeugdmodel.care.models import (
    ConsultationOutcome,
    ConsultationUrgency,
    EndReason,
    EndSubreason,
)
from jeugdmodel.cases.models import ClosingReason, ContactKind
from jeugdmodel.families.models import Relation, Sex
from jeugdmodel.history.schema import (
    LINE_TYPES,
    _Unsupported,
    compile_schema,
    history_schema,
    line_schema_errors,
    line_schemas,
)
from jeugdmodel.history.selectors import region_index_load
from jeugdmodel.intake.models import AccessPoint, RequestStatus, Urgency
from jeugdmodel.region.models import PostcodeArea, Region
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.selectors import postcode_area_for_residence, postcode_area_on
from jeugdmodel.region.services import region_load

from .conftest import good_lines


def test_the_schema_is_valid_draft_2020_12() -> None:
    Draft202012Validator.check_schema(history_schema())
    assert history_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize(
    ("kind", "field", "choices"),
    [
        ("person", "relation", Relation),
        ("person", "sex", Sex),
        ("request", "access_point", AccessPoint),
        ("request", "status", RequestStatus),
        ("request", "urgency", Urgency),
        ("contact", "kind", ContactKind),
        ("trajectory", "end_reason", EndReason),
        ("trajectory", "end_subreason", EndSubreason),
        ("consultation", "outcome", ConsultationOutcome),
        ("consultation", "urgency", ConsultationUrgency),
        ("closing", "reason", ClosingReason),
    ],
)
def test_the_code_lists_are_those_of_the_models(kind: str, field: str, choices: Any) -> None:
    assert history_schema()["$defs"][kind]["properties"][field]["enum"] == list(choices.values)


def test_every_good_line_fits_the_root_schema_and_its_own_type() -> None:
    root = Draft202012Validator(history_schema())
    for line in good_lines():
        assert list(root.iter_errors(line)) == []
        assert line_schema_errors(line["type"], line) == []


def test_the_root_schema_rejects_a_line_of_the_wrong_shape() -> None:
    root = Draft202012Validator(history_schema())
    assert not root.is_valid({"type": "family", "id": "F1"})
    assert not root.is_valid({"type": "unicorn"})
    assert not root.is_valid({"id": "F1", "name": "X"})


# -- the compiled pre-check ------------------------------------------------------------------

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**6), max_value=10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=12)
    | st.sampled_from(["2024-01-01", "2024-02-30", "3111", "P1", "family", "v", "child", "1"]),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
GOOD = {line["type"]: line for line in good_lines()}


def _names(kind: str) -> list[str]:
    names = list(line_schemas()[kind].get("properties", {}))
    return [*names, "extra"]


@st.composite
def mutated_lines(draw: st.DrawFn) -> tuple[str, Any]:
    kind = draw(st.sampled_from(LINE_TYPES))
    line: Any = dict(GOOD[kind])
    for _ in range(draw(st.integers(min_value=0, max_value=3))):
        name = draw(st.sampled_from(_names(kind)))
        if draw(st.booleans()) and name in line:
            del line[name]
        else:
            line[name] = draw(json_values)
    if draw(st.integers(min_value=0, max_value=9)) == 0:
        line = draw(json_values)
    return kind, line


@settings(max_examples=400, deadline=None)
@given(mutated_lines())
def test_the_compiled_check_agrees_with_jsonschema(case: tuple[str, Any]) -> None:
    kind, line = case
    schema = line_schemas()[kind]
    try:
        fast: bool | None = compile_schema(schema)(line)
    except _Unsupported:
        fast = None  # the import then asks jsonschema, as below
    if fast is not None:
        assert fast == Draft202012Validator(schema).is_valid(line)
    assert (line_schema_errors(kind, line) == []) == Draft202012Validator(schema).is_valid(line)


def test_the_compiled_check_refuses_what_it_does_not_know() -> None:
    with pytest.raises(_Unsupported):
        compile_schema({"type": "string", "format": "date"})


# -- the region index ------------------------------------------------------------------------


@pytest.mark.usefixtures("mvs")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(offset=st.integers(min_value=-800, max_value=1500))
def test_the_index_finds_the_postcode_area_as_the_region_does(offset: int) -> None:
    if not Region.objects.filter(code="zeedorp").exists():
        region_load(data=parse_region_file(shipped_region_file("fictional")))
    day = date(2023, 1, 1) + timedelta(days=offset)
    index = region_index_load("mvs")
    assert index is not None
    for pc4 in [*sorted(set(PostcodeArea.objects.values_list("pc4", flat=True))), "9999"]:
        area = postcode_area_on(pc4, day)
        found = index.area_on(pc4, day.toordinal())
        if area is None:
            assert found is None, pc4
        else:
            assert found is not None, pc4
            assert (found.municipality_id, found.district_id) == (
                area.municipality_id,
                area.district_id,
            )
        # An address from `day` on, still lived in: as `residence_record` finds its area.
        home = postcode_area_for_residence(pc4, day)
        found = index.area_in(pc4, day.toordinal())
        if home is None:
            assert found is None, pc4
        else:
            assert found is not None, pc4
            assert (found.municipality_id, found.district_id, found.region_id) == (
                home.municipality_id,
                home.district_id,
                home.municipality.region_id,
            )
