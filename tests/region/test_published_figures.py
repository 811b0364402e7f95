"""Published youth figures as region reference data: the shipped file loads, a second load
changes nothing, a bad row refuses the whole file with its line and column, and values
are read as published ("about 5")."""

from __future__ import annotations

import csv
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from hypothesis import given
from hypothesis import strategies as st

from jeugdmodel.region.models import PublishedFigure
from jeugdmodel.region.published import (
    COLUMNS,
    PublishedFiguresInvalid,
    parse_published_figures,
    parse_published_value,
    published_value_display,
)
from jeugdmodel.region.services import published_figures_load

SHIPPED = Path(settings.BASE_DIR) / "regions" / "mvs-published-figures.csv"
GOOD = "GM0606,Schiedam,2019,youths with jeugdzorg,1190,persons,4-17,,https://example.org/schiedam"


def shipped_rows() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def file_with(*lines: str) -> str:
    return "\n".join([",".join(COLUMNS), *lines]) + "\n"


@pytest.mark.django_db
def test_the_shipped_file_loads_once_and_a_second_load_changes_nothing() -> None:
    rows = shipped_rows()
    first = published_figures_load(text=SHIPPED.read_text(encoding="utf-8"))
    assert (first.created, first.updated, first.removed) == (len(rows), 0, 0)
    second = published_figures_load(text=SHIPPED.read_text(encoding="utf-8"))
    assert not second.changed
    assert second.unchanged == len(rows)
    assert PublishedFigure.objects.count() == len(rows)
    # Every figure keeps its source address and its year as published.
    for row in rows:
        stored = PublishedFigure.objects.get(
            municipality_code=row["municipality_code"],
            year=row["year"],
            measure=row["measure"],
            age_group=row["age_group"],
        )
        assert stored.source == row["source"]
        assert stored.value_text == row["value"]


@pytest.mark.django_db
def test_a_changed_value_is_updated_and_a_row_left_out_is_removed() -> None:
    other = GOOD.replace("1190", "1200").replace("4-17", "0-17")
    published_figures_load(text=file_with(GOOD, other))
    report = published_figures_load(text=file_with(GOOD.replace("1190", "about 1191")))
    assert (report.created, report.updated, report.unchanged, report.removed) == (0, 1, 0, 1)
    figure = PublishedFigure.objects.get()
    assert figure.value == Decimal("1191")
    assert figure.approximate


@pytest.mark.django_db
def test_a_bad_row_refuses_the_whole_file_with_its_line_and_column() -> None:
    published_figures_load(text=file_with(GOOD))
    bad_value = GOOD.replace("1190", "1 190.5").replace("4-17", "0-3")
    bad_source = GOOD.replace("https://example.org/schiedam", "schiedam24.nl").replace(
        "4-17", "18-22"
    )
    with pytest.raises(PublishedFiguresInvalid) as caught:
        published_figures_load(
            text=file_with(GOOD.replace("1190", "1300"), bad_value, bad_source, GOOD)
        )
    errors = {(e.line, e.path) for e in caught.value.errors}
    assert errors == {(3, "value"), (4, "source"), (5, "measure")}
    messages = " ".join(e.message for e in caught.value.errors)
    assert "about 5" in messages  # says what a good value looks like
    assert "regel 2" in messages  # the duplicate names the first line
    # Nothing changed: not even the good first row.
    assert PublishedFigure.objects.get().value == Decimal("1190")


@pytest.mark.parametrize(
    ("line", "column"),
    [
        (GOOD.replace("GM0606", "0606"), "municipality_code"),
        (GOOD.replace(",2019,", ",19,"), "year"),
        (GOOD.replace("persons", "people"), "unit"),
        (GOOD.replace("1190,persons", "101,percent"), "value"),
        (GOOD.replace(",4-17,", ",,"), "age_group"),
    ],
)
def test_each_kind_of_mistake_is_named_at_its_column(line: str, column: str) -> None:
    with pytest.raises(PublishedFiguresInvalid) as caught:
        parse_published_figures(file_with(line))
    assert [(e.line, e.path) for e in caught.value.errors] == [(2, column)]


def test_a_file_without_the_header_is_refused() -> None:
    with pytest.raises(PublishedFiguresInvalid) as caught:
        parse_published_figures(GOOD + "\n")
    assert caught.value.errors[0].line == 1
    assert "municipality_code" in caught.value.errors[0].message


@pytest.mark.django_db
def test_the_command_checks_loads_and_fails_with_file_line(tmp_path: Path) -> None:
    out = StringIO()
    call_command("published_figures_load", str(SHIPPED), "--check", stdout=out)
    assert f"{len(shipped_rows())} gepubliceerde cijfers" in out.getvalue()
    assert not PublishedFigure.objects.exists()
    call_command("published_figures_load", str(SHIPPED), stdout=out)
    assert PublishedFigure.objects.count() == len(shipped_rows())
    broken = tmp_path / "cijfers.csv"
    broken.write_text(file_with(GOOD.replace("1190", "veel")), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("published_figures_load", str(broken), stderr=err)
    assert caught.value.returncode == 1
    assert f"{broken}:2: value: " in err.getvalue()


@given(
    st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.booleans(),
)
def test_a_published_value_reads_back_as_written(value: Decimal, about: bool) -> None:
    text = f"{'about ' if about else ''}{value}"
    assert parse_published_value(text) == (value, about)


@given(st.text(alphabet="0123456789,.abouty -", max_size=12))
def test_only_plain_numbers_are_read(text: str) -> None:
    try:
        number, _about = parse_published_value(text)
    except ValueError:
        return
    # What is accepted has no thousands separator and at most two decimals.
    assert "," not in text
    assert number == number.quantize(Decimal("0.01"))


def test_values_are_said_in_dutch_with_their_unit() -> None:
    assert published_value_display(Decimal("1360"), False, "persons") == "1.360 personen"
    assert published_value_display(Decimal("7.8"), False, "percent") == "7,8%"
    assert published_value_display(Decimal("5"), True, "percent ('about 1 in 20')") == "ongeveer 5%"
