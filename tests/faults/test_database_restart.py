"""Fault: PostgreSQL is restarted (``pg_ctl restart -m fast``) in the middle of a request and
in the middle of a transition import, on a private cluster (tests/faults/pgcluster.py).

The request gets the Dutch "temporarily unavailable" page (503, no traceback), the import
fails as a whole, nothing of either is half written, and the application answers the next
request without a restart of its own: its persistent connection (CONN_MAX_AGE) is checked
before use (CONN_HEALTH_CHECKS) and made again."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection

from jeugdmodel.families.models import Family, FamilyMember, Person, Residence
from jeugdmodel.transition.models import CaseloadImport, RunningClient
from tests.transition.conftest import caseload_csv, rows_of

from .journal import (
    SAVED,
    is_dutch_unavailable_page,
    journal_visit,
    nothing_written,
    written_once,
)
from .liveapp import live_app
from .pgcluster import Cluster, Hold, InThread

# django_db: the suite's test database is set up (the private cluster copies it); the
# test's transaction there stays empty, the application works on the private cluster.
pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def test_a_restart_during_a_request_gives_the_dutch_page_and_the_next_request_works(
    app_db: tuple[Cluster, str],
) -> None:
    cluster, db = app_db
    with live_app() as port:
        visit = journal_visit(port)
        page = visit.open()
        assert page.status == 200
        lock = Hold(cluster, db, row=visit.request_row)
        posting = InThread(visit.record, page)
        waiter = lock.wait_for_waiter()
        seconds = cluster.restart()
        lock.release()
        print(
            f"did: posted a journal entry; while it waited in its transaction "
            f"(wrote already: {waiter.wrote_already}; at {waiter.query[:60]!r}) "
            f"restarted PostgreSQL ({seconds:.1f} s)"
        )
        answer = posting.result()
        connection.close()  # the test's own session ended with the restart as well
        after_fault = visit.written()
        print(f"checked: answer {answer.status}, Dutch page: {is_dutch_unavailable_page(answer)}")
        print(f"checked: written after the fault {after_fault}")
        assert waiter.wrote_already
        assert is_dutch_unavailable_page(answer)
        assert after_fault == nothing_written()

        again = visit.record(visit.open())
        print(f"did: the same entry again; checked: {again.status} -> {again.location}")
        assert again.status == 302
        assert SAVED in visit.browser.get(again.location).body
        assert visit.written() == written_once()

        # A restart between requests: the server's kept connection is dead, unnoticed
        # until the next request checks it (CONN_HEALTH_CHECKS) and connects again.
        seconds = cluster.restart()
        connection.close()
        idle = visit.open()
        print(
            f"did: restarted PostgreSQL between requests ({seconds:.1f} s); "
            f"checked: next page {idle.status}"
        )
        assert idle.status == 200
        assert "Gebeld over de afspraak met school." in idle.body


WRITTEN = (Person, Family, FamilyMember, Residence, RunningClient, CaseloadImport)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in WRITTEN}


def _import(path: Path) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("transition_import", str(path), stdout=out, stderr=err)
    return out.getvalue()


def test_a_restart_during_an_import_leaves_nothing_and_the_import_can_run_again(
    app_db: tuple[Cluster, str], tmp_path: Path
) -> None:
    cluster, db = app_db
    rows = 300
    path = tmp_path / "lopend.csv"
    path.write_bytes(caseload_csv(rows_of(rows)))
    before = _counts()
    lock = Hold(cluster, db, table=RunningClient._meta.db_table)
    importing = InThread(_import, path)
    waiter = lock.wait_for_waiter()
    seconds = cluster.restart()
    lock.release()
    print(
        f"did: imported {rows} running clients; with the children written and the clients "
        f"next (wrote already: {waiter.wrote_already}; at {waiter.query[:50]!r}), "
        f"restarted PostgreSQL ({seconds:.1f} s)"
    )
    with pytest.raises(DatabaseError) as failed:
        importing.result()
    connection.close()
    after_fault = _counts()
    print(f"checked: the import failed ({type(failed.value).__name__}); rows {after_fault}")
    assert waiter.wrote_already
    assert "transition_runningclient" in waiter.query
    assert after_fault == before

    _import(path)
    done = _counts()
    print(f"did: the same file again; checked: rows {done}")
    assert done["RunningClient"] == before["RunningClient"] + rows
    assert done["Person"] == before["Person"] + rows
    assert done["CaseloadImport"] == before["CaseloadImport"] + 1

    with pytest.raises(SystemExit):
        _import(path)
    print(f"did: the same file a third time; checked: refused, rows {_counts()}")
    assert _counts() == done
