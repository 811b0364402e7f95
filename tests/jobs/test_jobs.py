"""The job system in one process: enqueue in the caller's transaction, idempotency keys,
retries with backoff, failures in Dutch without the exception's text, a stopped worker's
job queued again, and Django's task API on our backend."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import OperationalError, transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.exceptions import TaskResultDoesNotExist

from jeugdmodel.core.logging import JsonFormatter, TextFormatter
from jeugdmodel.jobs.api import JobsUnavailable, job_enqueue, job_get
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.jobs.services import (
    job_claim,
    job_heartbeat,
    job_succeed,
    jobs_purge,
    jobs_reclaim_expired,
)
from tests.jobs import sample_jobs

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def test_a_job_enqueued_in_a_transaction_that_rolls_back_does_not_exist(queued: None) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            job_enqueue(sample_jobs.noop)
            assert Job.objects.count() == 1
            raise RuntimeError("the change that asked for the job fails")

    with pytest.raises(RuntimeError):
        change_that_fails()
    assert not Job.objects.exists()


def test_immediate_mode_runs_the_job_after_commit(
    django_capture_on_commit_callbacks: Capture,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(sample_jobs.reports_progress, steps=3)
        assert sample_jobs.CALLS == {}  # not before the commit
    job = job_get(job.id)
    assert job.state == JobState.SUCCEEDED
    assert job.return_value == 3
    assert (job.progress_done, job.progress_total, job.progress_message) == (3, 3, "stap 3")


def test_the_same_key_while_queued_returns_the_same_job(
    queued: None, run_worker: Callable[..., int]
) -> None:
    first = job_enqueue(sample_jobs.noop, idempotency_key="rapport:1")
    again = job_enqueue(sample_jobs.noop, idempotency_key="rapport:1")
    other = job_enqueue(sample_jobs.noop, idempotency_key="rapport:2")
    assert again.id == first.id
    assert other.id != first.id
    assert run_worker() == 2
    # Once it has finished, the key may be used again.
    later = job_enqueue(sample_jobs.noop, idempotency_key="rapport:1")
    assert later.id != first.id


def test_a_job_that_raises_is_retried_then_failed_in_dutch_and_the_queue_goes_on(
    run_worker: Callable[..., int], caplog: pytest.LogCaptureFixture
) -> None:
    bad = job_enqueue(sample_jobs.always_fails)
    good = job_enqueue(sample_jobs.noop)
    flaky = job_enqueue(sample_jobs.fails_once)
    run_worker()
    bad, good, flaky = job_get(bad.id), job_get(good.id), job_get(flaky.id)
    assert sample_jobs.CALLS["always_fails"] == 3
    assert bad.state == JobState.FAILED
    assert bad.attempts == bad.max_attempts == 3
    assert bad.error_message == "De taak is mislukt door een fout in het systeem (ValueError)."
    assert bad.error_type == "builtins.ValueError"
    assert "sample_jobs.py" in bad.error_trace
    assert bad.finished_at is not None
    # The exception's own text (here a name and a BSN) is in no stored field or log line.
    stored = " ".join(str(v) for v in Job.objects.filter(pk=bad.pk).values().first().values())
    assert "Jansen" not in stored
    assert "123456782" not in stored
    for formatter in (JsonFormatter(), TextFormatter()):  # what production and dev write
        lines = "\n".join(formatter.format(r) for r in caplog.records)
        assert "job " in lines
        assert "Jansen" not in lines
        assert "123456782" not in lines
    # The rest of the queue is unaffected.
    assert good.state == JobState.SUCCEEDED
    assert flaky.state == JobState.SUCCEEDED
    assert flaky.attempts == 2
    assert flaky.return_value == "gelukt"
    assert flaky.error_message == ""


def test_attempts_wait_for_the_backoff(queued: None, settings: Any) -> None:
    settings.JM_JOBS_BACKOFF_SECONDS = 30
    job = job_enqueue(sample_jobs.fails_once)
    from jeugdmodel.jobs.worker import Worker

    worker = Worker(worker_id="w", in_test=True)
    worker.run(until_idle=True)
    job = job_get(job.id)
    assert job.state == JobState.QUEUED
    assert job.attempts == 1
    assert job.run_after >= timezone.now() + timedelta(seconds=25)
    assert worker.run(until_idle=True) == 0  # not yet
    Job.objects.filter(pk=job.pk).update(run_after=timezone.now())
    assert worker.run(until_idle=True) == 1
    assert job_get(job.id).state == JobState.SUCCEEDED


def test_a_job_error_fails_at_once_with_its_message(run_worker: Callable[..., int]) -> None:
    job = job_enqueue(sample_jobs.refuses)
    run_worker()
    job = job_get(job.id)
    assert sample_jobs.CALLS["refuses"] == 1
    assert job.state == JobState.FAILED
    assert job.error_message == "Het dossier bestaat niet meer."


def test_a_job_of_a_task_that_no_longer_exists_fails_with_a_dutch_message(
    run_worker: Callable[..., int],
) -> None:
    job = job_enqueue(sample_jobs.noop)
    Job.objects.filter(pk=job.pk).update(task_path="jeugdmodel.bestaat.niet")
    run_worker()
    job = job_get(job.id)
    assert job.state == JobState.FAILED
    assert (
        job.error_message == "Onbekende taak jeugdmodel.bestaat.niet: de code bestaat niet (meer)."
    )


def test_a_job_whose_worker_stopped_is_queued_again_and_finally_failed(queued: None) -> None:
    job = job_enqueue(sample_jobs.noop)
    claimed = job_claim(worker_id="dead", queues=None)
    assert claimed is not None
    assert claimed.id == job.id
    assert claimed.state == JobState.RUNNING
    assert job_claim(worker_id="other", queues=None) is None  # held by the lease
    later = timezone.now() + timedelta(minutes=5)
    assert jobs_reclaim_expired(now=later) == 1
    job = job_get(job.id)
    assert job.state == JobState.QUEUED
    assert job.error_message == "De verwerker stopte tijdens de taak (herstart of crash)."
    # The dead worker cannot finish it any more.
    assert not job_heartbeat(job_id=job.id, worker_id="dead")
    assert not job_succeed(job=job, worker_id="dead", value=None, progress=None)
    assert job_get(job.id).state == JobState.QUEUED
    # Lost on every attempt: failed for good.
    for _ in range(job.max_attempts - 1):
        assert job_claim(worker_id="dead", queues=None, now=later) is not None
        later += timedelta(minutes=5)
        jobs_reclaim_expired(now=later)
    job = job_get(job.id)
    assert job.state == JobState.FAILED
    assert job.attempts == job.max_attempts


def test_queues_and_priority(queued: None) -> None:
    low = job_enqueue(sample_jobs.noop)
    high = job_enqueue(sample_jobs.noop.using(priority=10))
    assert job_claim(worker_id="w", queues=["reports"]) is None
    first = job_claim(worker_id="w", queues=["default"])
    assert first is not None
    assert first.id == high.id
    second = job_claim(worker_id="w", queues=None)
    assert second is not None
    assert second.id == low.id


def test_djangos_task_api_works_on_the_backend(
    queued: None, run_worker: Callable[..., int]
) -> None:
    result = sample_jobs.reports_progress.enqueue(steps=2)
    assert result.status == TaskResultStatus.READY
    run_worker()
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == 2
    assert result.attempts == 1
    assert sample_jobs.reports_progress.get_result(result.id).id == result.id
    with pytest.raises(TaskResultDoesNotExist):
        sample_jobs.noop.get_backend().get_result("geen-id")


def test_the_database_down_at_enqueue_raises_jobs_unavailable(
    queued: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: Any, **kwargs: Any) -> Job:
        raise OperationalError("connection refused")

    monkeypatch.setattr(Job.objects, "create", down)
    with pytest.raises(JobsUnavailable):
        job_enqueue(sample_jobs.noop)


def test_old_finished_jobs_are_purged(queued: None, run_worker: Callable[..., int]) -> None:
    done = job_enqueue(sample_jobs.noop)
    failed = job_enqueue(sample_jobs.refuses)
    waiting = job_enqueue(sample_jobs.noop.using(run_after=timezone.now() + timedelta(days=1)))
    run_worker()
    assert jobs_purge(now=timezone.now() + timedelta(days=15)) == 1
    assert set(Job.objects.values_list("id", flat=True)) == {failed.id, waiting.id}
    assert jobs_purge(now=timezone.now() + timedelta(days=91)) == 1
    assert list(Job.objects.values_list("id", flat=True)) == [waiting.id]
    del done


def test_a_job_may_name_its_context_ctx(django_capture_on_commit_callbacks: Capture) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        job = job_enqueue(sample_jobs.with_ctx, value=21)
    job = job_get(job.id)
    assert (job.state, job.return_value, job.max_attempts) == (JobState.SUCCEEDED, 42, 5)
