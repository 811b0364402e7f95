"""Fault: the application's database connection is cut (``pg_terminate_backend`` from
another session) in the middle of a write transaction. Nothing of the transaction remains,
the professional gets the Dutch "temporarily unavailable" page, and the application's next
request connects again by itself."""

from __future__ import annotations

import pytest
from django.db import connection

from .journal import SAVED, is_dutch_unavailable_page, journal_visit, nothing_written, written_once
from .liveapp import live_app
from .pgcluster import Cluster, Hold, InThread

pytestmark = [pytest.mark.faults, pytest.mark.django_db]


def test_a_cut_connection_leaves_nothing_half_written_and_the_app_recovers(
    app_db: tuple[Cluster, str],
) -> None:
    cluster, db = app_db
    with live_app() as port:
        visit = journal_visit(port)
        page = visit.open()
        assert page.status == 200
        hold = Hold(cluster, db, row=visit.request_row)
        posting = InThread(visit.record, page)
        waiter = hold.wait_for_waiter()
        with cluster.connect(db) as other:
            cut = other.execute("SELECT pg_terminate_backend(%s)", [waiter.pid]).fetchone()
        hold.release()
        print(
            f"did: posted a journal entry; while it waited in its transaction (wrote already: "
            f"{waiter.wrote_already}; at {waiter.query[:50]!r}) ended its session from "
            f"another one (pg_terminate_backend: {cut and cut[0]})"
        )
        answer = posting.result()
        after_fault = visit.written()
        print(f"checked: answer {answer.status}, Dutch page: {is_dutch_unavailable_page(answer)}")
        print(f"checked: written after the fault {after_fault}")
        assert waiter.wrote_already
        assert cut == (True,)
        assert is_dutch_unavailable_page(answer)
        assert after_fault == nothing_written()
        assert connection.is_usable()  # only the application's session was cut

        again = visit.record(visit.open())
        print(f"did: the same entry again; checked: {again.status}, written {visit.written()}")
        assert again.status == 302
        assert SAVED in visit.browser.get(again.location).body
        assert visit.written() == written_once()
