"""The continuity figure: per municipality and team, by handover status, and the help that
stopped without a handover; protected like every other steering figure."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.selectors import region_scope
from jeugdmodel.transition.models import ClosedReason, HandoverStatus, RunningClient
from jeugdmodel.transition.selectors import continuity_counts
from jeugdmodel.transition.services.caseload import caseload_import
from jeugdmodel.workspace.continuity import CONTINUITY_FIGURES, continuity_tables
from tests.transition.conftest import caseload_csv, rows_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def states(mapped: None) -> list[RunningClient]:
    caseload_import(actor=None, data=caseload_csv(rows_of(40)), file_name="a.csv")
    clients = list(RunningClient.objects.order_by("row_number"))
    today = timezone.localdate()
    for i, client in enumerate(clients):
        kind = i % 5
        if kind == 1:
            client.status = HandoverStatus.CLOSED
            client.closed_reason, client.closed_on = ClosedReason.MOVED, date(2023, 2, 1)
        elif kind == 2:  # transitional right that already ran out: help stopped
            client.status = HandoverStatus.TRANSITIONAL
            client.transitional_until = today - timedelta(days=1)
        elif kind == 3:
            client.status = HandoverStatus.TRANSITIONAL
            client.transitional_until = today + timedelta(days=30)
        client.save()
    return clients


def test_counts_by_status_and_stopped(states: list[RunningClient]) -> None:
    scope = region_scope()
    counts = continuity_counts(municipalities=scope.municipalities, teams=(), by="municipality")
    total = {
        m: sum(c.get(m, 0) for c in counts.values())
        for m in ("switch_clients", "switch_unknown", "switch_closed", "switch_transitional")
    }
    assert total == {
        "switch_clients": 40,
        "switch_unknown": 16,  # kinds 0 and 4
        "switch_closed": 8,
        "switch_transitional": 16,
    }
    # Stopped: the 8 whose transitional right ran out, and the unknown ones whose old care
    # ended (good_row gives every third row an end date in 2023, long past).
    unknown_ended = sum(
        1
        for i, c in enumerate(states)
        if i % 5 in (0, 4) and c.care_end is not None and c.care_end < timezone.localdate()
    )
    assert sum(c["switch_stopped"] for c in counts.values()) == 8 + unknown_ended


def test_the_tables_add_up_and_are_perturbed_like_every_figure(
    states: list[RunningClient],
) -> None:
    """Every count is shown perturbed by its cell key (decision 0045): within 2 of the true
    count, never 1 or 2, and the same running clients show the same number in both tables."""
    tables = continuity_tables(region_scope())
    assert [t.id for t in tables] == ["tabel-overstap-municipality", "tabel-overstap-team"]
    totals = []
    for table in tables:
        assert table.total is not None
        total = table.total.values["switch_clients"]
        assert total.raw is not None
        assert abs(int(total.raw) - 40) <= 2
        totals.append(total.raw)
        for row in table.rows:
            for value in row.values.values():
                assert value.status == "shown"
                assert value.raw not in (1, 2)
    assert totals[0] == totals[1]
    assert {f.key for f in tables[0].figures} == {f.key for f in CONTINUITY_FIGURES}


def test_no_switch_data_means_no_table(mvs: None) -> None:
    assert continuity_tables(region_scope()) == []


def test_the_dashboard_shows_the_figure(
    states: list[RunningClient],
    make_user: Callable[..., User],
    login: Callable[[User], Client],
) -> None:
    municipality = Municipality.objects.get(code="GM0606")
    user = make_user(Role.MUNICIPALITY, municipality=municipality)
    page = login(user).get("/sturing/").content.decode()
    assert "Continuïteit bij de overstap" in page
    assert 'id="tabel-overstap-team"' in page
    assert "Hulp gestopt zonder overdracht" in page
