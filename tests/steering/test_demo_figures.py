"""The headline figure of the smallest municipality in the demo data: "opschalen binnen 6
maanden" for Maassluis is a number in every quarter, on the dashboard and in the council
report (docs/decisions/0045). Under the per-table suppression it was "×" in each."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import override_settings

from jeugdmodel.demo.generator import demo_data_generate
from jeugdmodel.demo.history_demo import demo_history_import
from jeugdmodel.finance.services import finance_load_shipped
from jeugdmodel.region.models import Municipality
from jeugdmodel.region.regionfile import parse_region_file, shipped_region_file
from jeugdmodel.region.services import region_load
from jeugdmodel.reports.content import report_content
from jeugdmodel.steering.models import MunicipalityCell
from jeugdmodel.steering.periods import Period
from jeugdmodel.steering.selectors import Filters, figure_table, region_scope

pytestmark = pytest.mark.django_db


def test_maassluis_step_up_rate_is_a_number_in_every_quarter() -> None:
    region_load(data=parse_region_file(shipped_region_file("mvs")))
    finance_load_shipped()
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        demo_data_generate(seed=1, scale="mvs")
    # The demo's history (as `demo_data` imports it, one year here): the quarters of care
    # the dashboard shows. The import rebuilds the cells.
    demo_history_import(seed=1, years=1)
    maassluis = Municipality.objects.get(code="GM0556")
    scope = region_scope(maassluis.region_id)
    filters = Filters(municipality=maassluis.pk)
    quarters = sorted(
        set(
            MunicipalityCell.objects.filter(
                municipality=maassluis, period_kind="Q", measure="stepup_cohort"
            ).values_list("period_start", flat=True)
        )
    )
    # Only quarters that are over (the demo runs up to today).
    # The first quarter of the history holds only the children whose care began in it.
    quarters = [q for q in quarters if Period("Q", q).end < date.today()][1:]
    assert len(quarters) >= 3, MunicipalityCell.objects.filter(municipality=maassluis).count()
    for start in quarters:
        period = Period("Q", start)
        table = figure_table(
            scope, filters, period, figures=["stepup_rate"], by="district", table_id="niveau"
        )
        value = table.total.values["stepup_rate"] if table.total else None
        assert value is not None
        assert value.status == "shown", (period.code, value)
        assert value.display.endswith("%"), (period.code, value)
        report = report_content(
            scope=scope, municipality=maassluis, period=period, today=date.today()
        )
        line = next(
            line
            for block in report.sections
            for line in block.lines
            if line.figure.key == "stepup_rate"
        )
        # The report prints exactly what the dashboard shows.
        assert line.now.display == value.display, period.code
