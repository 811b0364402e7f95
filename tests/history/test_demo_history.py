"""The demo's history (demo/history_demo.py): what it writes passes the import, is the same
for the same seed and day, and has the shape of the model."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from stdnum.nl import bsn as stdnum_bsn

from jeugdmodel.care.models import Trajectory
from jeugdmodel.demo.history_demo import demo_history_import, history_demo_write
from jeugdmodel.history.models import HistoryImport
from jeugdmodel.history.services import history_import
from jeugdmodel.intake.models import AccessPoint
from jeugdmodel.region.models import CareLevel
from jeugdmodel.steering.models import Cell

pytestmark = pytest.mark.usefixtures("mvs")

DAY = date(2026, 3, 16)


def read(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_the_demo_history_passes_the_import(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    written = history_demo_write(path=path, seed=3, years=3, children_per_year=600, today=DAY)
    lines = read(path)
    assert written.lines == len(lines)
    result = history_import(path=path, rebuild=False)
    assert result.ok, [r.format("demo") for r in result.rejected[:5]]
    kinds = Counter(line["type"] for line in lines)
    assert result.counts["families"] == kinds["family"]
    assert result.counts["persons"] == kinds["person"]
    assert result.counts["requests"] == kinds["request"]
    assert result.counts["contacts"] == kinds["contact"]
    assert result.counts["trajectories"] == kinds["trajectory"]
    assert result.counts["closings"] == kinds["closing"]
    # The model's shape: every access point, specialist help for a minority, stays, moves.
    requests = [line for line in lines if line["type"] == "request"]
    assert {line["access_point"] for line in requests} == set(AccessPoint.values)
    statuses = Counter(line["status"] for line in requests)
    assert {"first_contact", "closed", "joined_case"} <= set(statuses)
    children = Trajectory.objects.values("child_id").distinct().count()
    specialist = (
        Trajectory.objects.filter(level=CareLevel.SPECIALIST).values("child_id").distinct().count()
    )
    assert 0.1 < specialist / children < 0.3
    assert Trajectory.objects.filter(with_stay=True, crisis_start=True).exists()
    assert Trajectory.objects.filter(with_stay=True, crisis_start=False).exists()
    people = [line for line in lines if line["type"] == "person"]
    assert any(len(p["addresses"]) > 1 for p in people)
    assert any(a.get("outside") for p in people for a in p["addresses"])
    assert all(stdnum_bsn.is_valid(p["bsn"]) for p in people if "bsn" in p)
    closings = [line for line in lines if line["type"] == "closing"]
    assert any("reopened_on" in c for c in closings)
    assert any(line.get("repeat") for line in requests)
    outcomes = {line["outcome"] for line in lines if line["type"] == "consultation"}
    assert outcomes == {"stays_basis", "step_up", "other"}


def test_the_same_seed_and_day_write_the_same_file(tmp_path: Path) -> None:
    one, two, other = tmp_path / "1.jsonl", tmp_path / "2.jsonl", tmp_path / "3.jsonl"
    history_demo_write(path=one, seed=5, years=2, children_per_year=80, today=DAY)
    history_demo_write(path=two, seed=5, years=2, children_per_year=80, today=DAY)
    history_demo_write(path=other, seed=6, years=2, children_per_year=80, today=DAY)
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes() != other.read_bytes()


def test_history_ends_yesterday_and_starts_with_the_region(tmp_path: Path) -> None:
    path = tmp_path / "h.jsonl"
    history_demo_write(path=path, seed=1, years=2, children_per_year=150, today=DAY)
    days = [
        value[:10]
        for line in read(path)
        for key, value in line.items()
        if key in ("received", "opened_on", "on", "start", "end", "closed_on", "reopened_on")
    ]
    assert max(days) <= "2026-03-15"
    assert min(d for d in days) >= "2023-01-01"  # MVS knows its postcode areas from then


def test_the_command_writes_the_file(tmp_path: Path) -> None:
    out = StringIO()
    path = tmp_path / "cmd.jsonl"
    call_command(
        "demo_history",
        "--years",
        "1",
        "--seed",
        "2",
        "--children-per-year",
        "40",
        "--out",
        str(path),
        stdout=out,
    )
    assert path.exists()
    assert "geschreven" in out.getvalue()
    assert read(path)[0]["type"] == "header"


def test_demo_data_writes_its_history_to_var_and_imports_it(tmp_path: Path) -> None:
    with override_settings(VAR_DIR=tmp_path):
        result = demo_history_import(seed=2, years=1, children_per_year=60)
    assert result.ok
    assert (tmp_path / "demo-history-seed2.jsonl").exists()
    assert HistoryImport.objects.get().fingerprint == result.fingerprint
    assert Cell.objects.exists()  # the figures were rebuilt with the history
