"""Whatever a file holds, the import answers with a report, never with an exception, and
stores nothing when it rejects a line (hypothesis)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jeugdmodel.history.schema import LINE_TYPES, line_schemas
from jeugdmodel.history.services import history_import

from .conftest import HEADER, good_lines, stored, write_file

pytestmark = pytest.mark.usefixtures("mvs")

GOOD = good_lines()
FIELDS = sorted({name for schema in line_schemas().values() for name in schema["properties"]})
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.sampled_from(
        ["F1", "P1", "P2", "C1", "family", "2024-01-10", "2024-02-30", "3111", "9999", "wot-oost"]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@st.composite
def lines(draw: st.DrawFn) -> Any:
    """Bytes, text, JSON of any shape, or a good line with fields changed."""
    choice = draw(st.integers(min_value=0, max_value=4))
    if choice == 0:
        return draw(st.binary(max_size=60))
    if choice == 1:
        return draw(st.text(max_size=60)).replace("\n", " ")
    if choice == 2:
        return json.dumps(draw(values))
    if choice == 3:
        line = {"type": draw(st.sampled_from(LINE_TYPES)), "id": draw(st.text(max_size=8))}
        line.update(draw(st.dictionaries(st.sampled_from(FIELDS), values, max_size=6)))
        return line
    line = dict(draw(st.sampled_from(GOOD[1:])))
    for name in draw(st.lists(st.sampled_from(FIELDS), max_size=3)):
        line[name] = draw(values)
    return line


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(lines(), max_size=8), st.booleans())
def test_garbage_never_raises_and_a_rejection_stores_nothing(
    garbage: list[Any], keep_good: bool
) -> None:
    body = [*GOOD[1:], *garbage] if keep_good else garbage
    before = stored()
    with tempfile.TemporaryDirectory() as folder:
        path = write_file(Path(folder) / "h.jsonl", [HEADER, *body])
        result = history_import(path=path, rebuild=False)
    if result.earlier is not None:
        assert stored() == before
    elif result.ok:  # blank lines, or (rarely) lines that happen to be good
        assert result.record is not None
    else:
        assert result.rejected
        assert all(r.messages for r in result.rejected)
        assert stored() == before
