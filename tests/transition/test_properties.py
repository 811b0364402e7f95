"""Property tests of the caseload reader: the dialect never changes the records, and one
corrupted row is rejected alone, by its number."""

from __future__ import annotations

import csv
import random

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jeugdmodel.transition.services.caseload import caseload_report
from tests.transition.conftest import as_rows, caseload_csv, good_row

pytestmark = pytest.mark.django_db

#: Text a Dutch old provider may put in a name or description, separators and quotes too.
NAME_TEXT = (
    st.text(alphabet=st.sampled_from(list("abcdeéëïöüçAZ ;,'\"-")), min_size=1, max_size=12)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def caseloads(draw: st.DrawFn) -> list[dict[str, str]]:
    seeds = draw(st.lists(st.integers(0, 10**6), min_size=1, max_size=8, unique=True))
    rows = []
    used: set[str] = set()
    for i, seed in enumerate(seeds):
        row = good_row(i, random.Random(seed))
        if row["bsn"] in used:  # two seeds may give one BSN: then the same child twice
            row["bsn"] = ""
        used.add(row["bsn"])
        row["achternaam"] = draw(NAME_TEXT) + f"{i}"
        row["product_omschrijving"] = draw(st.sampled_from(["", "a\nb", 'zeg "ja"', "x;y,z"]))
        rows.append(row)
    return rows


DIALECTS = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([";", ","]),
        "encoding": st.sampled_from(["utf-8", "cp1252"]),
        "bom": st.booleans(),
        "dutch_dates": st.booleans(),
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
        "line_end": st.sampled_from(["\r\n", "\n"]),
        "header_case": st.sampled_from(["lower", "upper"]),
    }
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=caseloads(), dialect=DIALECTS)
def test_every_supported_dialect_gives_the_same_records(
    mapped: None, rows: list[dict[str, str]], dialect: dict[str, object]
) -> None:
    if dialect["encoding"] == "cp1252":
        dialect["bom"] = False  # a BOM belongs to UTF-8 only
    plain = caseload_report(data=caseload_csv(rows), file_name="a.csv")
    other = caseload_report(data=caseload_csv(rows, **dialect), file_name="a.csv")  # type: ignore[arg-type]
    assert plain.rejected == []
    assert other.file_errors == []
    assert other.rejected == []
    assert as_rows(other) == as_rows(plain)


CORRUPTIONS = [
    ("bsn", "111111111"),
    ("geboortedatum", "31-02-2012"),
    ("postcode", "9999ZZ"),
    ("achternaam", ""),
    ("aanbieder_agb", "12AB5678"),
    ("ingangsdatum", "2022-13-01"),
    ("gemeentecode", "99"),
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=caseloads(), data=st.data())
def test_one_corrupted_row_is_rejected_alone_and_named(
    mapped: None, rows: list[dict[str, str]], data: st.DataObject
) -> None:
    index = data.draw(st.integers(0, len(rows) - 1))
    column, value = data.draw(st.sampled_from(CORRUPTIONS))
    rows[index][column] = value
    report = caseload_report(data=caseload_csv(rows), file_name="a.csv")
    assert report.rejected_rows == [index + 2]
    assert {p.column for p in report.rejected} == {column}
    assert report.good_rows == len(rows) - 1


@given(st.text(alphabet="0123456789 ", min_size=0, max_size=11))
@settings(max_examples=500)
def test_the_fast_elfproef_agrees_with_python_stdnum(text: str) -> None:
    """The check computes the elfproef of 9 digits itself (speed); every other input goes
    to python-stdnum. Both must give python-stdnum's answer, valid or not."""
    from stdnum.nl import bsn as stdnum_bsn

    from jeugdmodel.transition.caseload import _bsn_valid

    assert _bsn_valid(text) == bool(stdnum_bsn.is_valid(text))


@given(st.integers(0, 10**9 - 1))
@example(0)  # 000000000 passes the sum, but is no BSN
@example(111222333)
@settings(max_examples=500)
def test_the_fast_elfproef_agrees_on_every_kind_of_nine_digits(number: int) -> None:
    from stdnum.nl import bsn as stdnum_bsn

    from jeugdmodel.transition.caseload import _bsn_valid

    text = f"{number:09d}"
    assert _bsn_valid(text) == bool(stdnum_bsn.is_valid(text))
