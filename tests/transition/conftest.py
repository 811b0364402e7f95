"""Shared builders for the transition tests: the MVS region, a mapping, caseload files."""

from __future__ import annotations

import csv
import dataclasses
import io
import random
from collections.abc import Sequence
from typing import Any

import pytest

from jeugdmodel.demo.bsn import fake_bsn
from jeugdmodel.region.models import HelpForm, Organisation
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load
from jeugdmodel.transition.caseload import COLUMNS
from jeugdmodel.transition.models import ProductMapping, ProviderMapping
from tests.jobs.conftest import shared_db, start_worker  # noqa: F401  (fixtures)
from tests.region_copy import region_copy_or_load

AGBS = ("12340001", "12340002")
PRODUCTS = ("45A48", "45A53")
#: Residential MVS postcodes: (postcode, gemeentecode).
ADDRESSES = (("3141AB", "0556"), ("3112CD", "0606"), ("3131EF", "0622"))


@pytest.fixture
def mvs(db: None) -> None:
    region_copy_or_load(
        "mvs", lambda: region_load(data=parse_region_file(shipped_region_file("mvs")))
    )


@pytest.fixture
def mapped(mvs: None) -> None:
    organisation = Organisation.objects.get(code="scala")
    # The national list is seeded by a migration; a transactional test before this one may
    # have flushed it, so make sure there is a help form to map to.
    help_form, _created = HelpForm.objects.get_or_create(
        region=None, code="ambulant-test", defaults={"name": "Ambulant (test)", "level": "basis"}
    )
    for agb in AGBS:
        ProviderMapping.objects.create(
            agb_code=agb, old_name=f"Oud {agb}", organisation=organisation
        )
    for code in PRODUCTS:
        ProductMapping.objects.create(productcode=code, help_form=help_form)


def good_row(i: int, rng: random.Random | None = None) -> dict[str, str]:
    """A valid caseload row; ``i`` makes it distinct."""
    rng = rng or random.Random(i)
    postcode, gemeente = ADDRESSES[i % len(ADDRESSES)]
    return {
        "bsn": fake_bsn(rng),
        "achternaam": f"Jansen-{i}",
        "voornamen": "Anouk Élise" if i % 2 else "Daan",
        "geboortedatum": f"2012-0{1 + i % 9}-1{i % 10}",
        "postcode": postcode,
        "huisnummer": str(1 + i),
        "gemeentecode": gemeente,
        "aanbieder_agb": AGBS[i % 2],
        "aanbieder_naam": 'Jeugdzorg Oud & Co; "De Haven"',
        "productcode": PRODUCTS[i % 2],
        "product_omschrijving": "Ambulante hulp\nthuis",
        "ingangsdatum": "2022-03-01",
        "einddatum": "" if i % 3 else "2023-09-30",
        "beschikkingnummer": f"B-{1000 + i}",
    }


def caseload_csv(
    rows: Sequence[dict[str, str]],
    *,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
    dutch_dates: bool = False,
    columns: Sequence[str] = COLUMNS,
    header_case: str = "lower",
    quoting: int = csv.QUOTE_MINIMAL,
    line_end: str = "\r\n",
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator=line_end)
    header = [c.upper() if header_case == "upper" else c for c in columns]
    writer.writerow(header)
    for row in rows:
        values = dict(row)
        if dutch_dates:
            for key in ("geboortedatum", "ingangsdatum", "einddatum"):
                if values[key][:4].isdigit() and len(values[key]) == 10:
                    y, m, d = values[key].split("-")
                    values[key] = f"{d}-{m}-{y}"
        writer.writerow([values.get(c, "") for c in columns])
    text = out.getvalue()
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding)


def rows_of(count: int) -> list[dict[str, str]]:
    return [good_row(i) for i in range(count)]


def as_rows(report: Any) -> list[tuple[Any, ...]]:
    """The records of a report without their row numbers, for comparing files."""
    return [
        tuple(getattr(r, f.name) for f in dataclasses.fields(r) if f.name != "row")
        for r in report.records
    ]
