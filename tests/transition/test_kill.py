"""A real import process killed with SIGKILL halfway leaves the database unchanged."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from jeugdmodel.families.models import Family, FamilyMember, Person, Residence
from jeugdmodel.transition.models import CaseloadImport, RunningClient
from tests.jobs.conftest import SharedDb, WorkerProcess, wait_for
from tests.transition.conftest import caseload_csv, rows_of

WRITTEN = (Person, Family, FamilyMember, Residence, RunningClient, CaseloadImport)


def snapshot() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


@pytest.mark.django_db(transaction=True)
def test_a_killed_import_leaves_nothing_behind(
    mapped: None,
    shared_db: SharedDb,
    start_worker: Callable[..., WorkerProcess],
    tmp_path: Path,
) -> None:
    path = tmp_path / "lopend.csv"
    path.write_bytes(caseload_csv(rows_of(300)))
    before = snapshot()
    shared_db.push()
    process = start_worker(str(path), module="tests.transition.killable_import")
    wait_for(lambda: "HALFWAY" in process.output(), timeout=120, what="the import halfway")
    assert "persons=300" in process.output()  # the children were written, uncommitted
    process.kill()
    shared_db.pull()
    assert snapshot() == before
    assert before["Person"] == 0
