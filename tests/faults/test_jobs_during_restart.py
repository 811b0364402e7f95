"""Fault: the job queue is unreachable while jobs are enqueued.

The job system keeps its queue in the application's own database (docs/jobs.md, decision
0035); there is no separate broker (Redis is only the shared cache, see
test_cache_down.py). So "the broker down" is PostgreSQL restarted while a job is being put
in the queue, with a worker running. The enqueue fails as a whole (``JobsUnavailable``, and
the caller's own write in the same transaction is gone), a job that was already waiting
survives the restart, the worker comes back by itself, and after recovery every job runs
exactly once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from jeugdmodel.jobs.api import JobsUnavailable, job_enqueue
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.jobs.worker import Worker
from jeugdmodel.region.models import Organisation
from jeugdmodel.transition.models import ProviderMapping
from tests.jobs import sample_jobs
from tests.jobs.conftest import wait_for

from .pgcluster import Cluster, Hold, InThread

pytestmark = [pytest.mark.faults, pytest.mark.django_db]

DURING = "faults:during-restart"


def _enqueue_with_a_write() -> Job:
    """A service's transaction: its own write, then the job (docs/jobs.md)."""
    with transaction.atomic():
        ProviderMapping.objects.create(
            agb_code="99990001",
            old_name="Tijdens herstart",
            organisation=Organisation.objects.get(code="scala"),
        )
        return job_enqueue(sample_jobs.noop, idempotency_key=DURING)


def _succeeded(key: str) -> Job | None:
    return Job.objects.filter(idempotency_key=key, state=JobState.SUCCEEDED).first()


def test_enqueue_while_the_database_restarts_loses_nothing_and_runs_nothing_twice(
    app_db: tuple[Cluster, str], settings: Any
) -> None:
    cluster, db = app_db
    settings.JM_JOBS_IMMEDIATE = False  # the real worker runs them
    sample_jobs.CALLS.clear()
    worker = Worker(worker_id="faults-worker")
    working = InThread(worker.run)
    try:
        before = job_enqueue(sample_jobs.noop, idempotency_key="faults:before")
        wait_for(lambda: _succeeded("faults:before"), timeout=30, what="the first job")
        # A job waiting for its time (not before tomorrow) while the server restarts.
        waiting = job_enqueue(
            sample_jobs.noop,
            idempotency_key="faults:waiting",
            run_after=timezone.now() + dt.timedelta(days=1),
        )
        # An uncommitted job with the same key: the enqueue waits on it, mid-transaction.
        hold = Hold(
            cluster,
            db,
            sql=(
                "INSERT INTO jobs_job SELECT (jsonb_populate_record(NULL::jobs_job, to_jsonb(j) "
                "|| jsonb_build_object('id', gen_random_uuid(), 'idempotency_key', %s::text, "
                "'state', 'queued'))).* FROM jobs_job j WHERE id = %s"
            ),
            params=[DURING, before.id],
        )
        enqueuing = InThread(_enqueue_with_a_write)
        waiter = hold.wait_for_waiter()
        seconds = cluster.restart()
        hold.release()
        print(
            f"did: a worker running, one job done, one waiting for tomorrow; a service "
            f"enqueued a job after its own write (wrote already: {waiter.wrote_already}; at "
            f"{waiter.query[:40]!r}) when PostgreSQL restarted ({seconds:.1f} s)"
        )
        # job_enqueue turns the lost connection into JobsUnavailable; when the caller's own
        # transaction then rolls back while the server is still going down, Django's attempt
        # to reconnect raises OperationalError instead. Both are the 503 page for a request.
        with pytest.raises((JobsUnavailable, OperationalError)) as failed:
            enqueuing.result()
        connection.close()  # the test's own session ended with the restart as well
        left = {
            "job": Job.objects.filter(idempotency_key=DURING).exists(),
            "service's write": ProviderMapping.objects.filter(agb_code="99990001").exists(),
            "waiting job still queued": Job.objects.get(pk=waiting.pk).state == JobState.QUEUED,
        }
        print(f"checked: {type(failed.value).__name__} raised; left behind {left}")
        assert waiter.wrote_already
        assert left == {"job": False, "service's write": False, "waiting job still queued": True}

        again = _enqueue_with_a_write()
        same = job_enqueue(sample_jobs.noop, idempotency_key=DURING)
        print(
            f"did: the service again, and once more with the same key; checked: same job "
            f"{same.id == again.id}"
        )
        assert same.id == again.id

        wait_for(lambda: _succeeded(DURING), timeout=30, what="the job enqueued after")
        Job.objects.filter(pk=waiting.pk).update(run_after=timezone.now())  # its time came
        wait_for(lambda: _succeeded("faults:waiting"), timeout=30, what="the waiting job")
    finally:
        worker.stopping = True
        working.thread.join(30)
    working.result(timeout=1)
    jobs = {j.idempotency_key: (j.state, j.attempts) for j in Job.objects.all()}
    print(f"checked: the same worker ran on; jobs {jobs}; noop ran {sample_jobs.CALLS['noop']}x")
    assert jobs == {
        "faults:before": (JobState.SUCCEEDED, 1),
        "faults:waiting": (JobState.SUCCEEDED, 1),
        DURING: (JobState.SUCCEEDED, 1),
    }
    assert waiting.id in {j.id for j in Job.objects.filter(state=JobState.SUCCEEDED)}
    assert sample_jobs.CALLS["noop"] == len(jobs)
