"""The worker: claims jobs, runs them with a heartbeat, records the outcome.

`manage.py jobs_worker` runs `Worker.run()`. One job at a time per process; scale out with
more processes. SIGTERM/SIGINT stop it after the current job (a second one stops at once,
and the job runs again elsewhere once its lease runs out, like after SIGKILL).

`job_run_now` runs one job in this process right away (JM_JOBS_IMMEDIATE, used by the
tests): the same code path, without lease or heartbeat, all attempts in a row."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Callable
from types import FrameType
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, connections
from django.utils import translation
from django.utils.translation import gettext as _

from jeugdmodel.core.logging import log_context

from .backend import JobContext, job_task_result, task_resolve
from .metrics import JOB_DURATION, JOB_RUNS
from .models import Job, JobState
from .services import (
    Failure,
    failure_of,
    job_claim,
    job_fail,
    job_heartbeat,
    job_progress_write,
    job_succeed,
    jobs_reclaim_expired,
)

log = logging.getLogger("jeugdmodel.jobs")

NOTIFY_CHANNEL = "jeugdmodel_jobs"


def heartbeat_seconds() -> float:
    return float(getattr(settings, "JM_JOBS_HEARTBEAT_SECONDS", 10))


def poll_seconds() -> float:
    return float(getattr(settings, "JM_JOBS_POLL_SECONDS", 1))


def scheduler_seconds() -> float:
    return float(getattr(settings, "JM_SCHEDULER_SECONDS", 20))


def notify_workers(queue_name: str) -> None:
    """On PostgreSQL: wake listening workers when the transaction commits (NOTIFY is
    transactional), so a job starts within milliseconds instead of the next poll."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_notify(%s, %s)", [NOTIFY_CHANNEL, queue_name])


def _missing_task_failure(job: Job) -> Failure:
    with translation.override(settings.LANGUAGE_CODE):
        message = _("Onbekende taak %(task)s: de code bestaat niet (meer).") % {
            "task": job.task_path
        }
    return Failure(str(message), "jeugdmodel.jobs.UnknownTask", "", retry=False)


class _Heartbeat(threading.Thread):
    """Renews the lease and writes the job's progress, on its own database connection
    (outside any transaction the job holds), until stopped."""

    def __init__(self, job: Job, worker_id: str, context: JobContext) -> None:
        super().__init__(name=f"heartbeat-{job.id}", daemon=True)
        self.job_id = job.id
        self.worker_id = worker_id
        self.context = context
        self.halt = threading.Event()
        self.lost = False
        self.written_version = 0

    def progress(self) -> tuple[int, int, str] | None:
        state = self.context._state
        with state.lock:
            if state.version == self.written_version:
                return None
            self.written_version = state.version
            return state.done, state.total, state.message

    def run(self) -> None:
        beat = heartbeat_seconds()
        tick = min(beat, float(getattr(settings, "JM_JOBS_PROGRESS_SECONDS", 0.5)))
        last_beat = time.monotonic()
        try:
            while not self.halt.wait(tick):
                progress = self.progress()
                due = time.monotonic() - last_beat >= beat
                if progress is None and not due:
                    continue
                try:
                    if not job_heartbeat(
                        job_id=self.job_id, worker_id=self.worker_id, progress=progress
                    ):
                        self.lost = True
                        log.warning("job %s: lease lost to another worker", self.job_id)
                        return
                    last_beat = time.monotonic()
                except Exception:  # a busy SQLite file or a blip: try again next tick
                    log.warning("job %s: heartbeat failed", self.job_id, exc_info=True)
        finally:
            connections.close_all()


def execute(
    job: Job,
    *,
    worker_id: str,
    sink: Callable[[int, int, str], None] | None = None,
    heartbeat: bool = True,
) -> Job:
    """Run one claimed attempt of `job` and record its outcome."""
    task = task_resolve(job.task_path)
    with log_context(job_id=str(job.id), user=job.enqueued_by, request_id=job.request_id):
        if task is None:
            log.error("job %s: unknown task %s", job.id, job.task_path)
            return job_fail(job=job, worker_id=worker_id, failure=_missing_task_failure(job))
        context = JobContext(task_result=job_task_result(job, task), job=job, _sink=sink)
        beat = _Heartbeat(job, worker_id, context) if heartbeat else None
        if beat is not None:
            beat.start()
        started = time.monotonic()
        log.info(
            "job %s started: %s (attempt %s of %s)",
            job.id,
            job.task_path,
            job.attempts,
            job.max_attempts,
            extra={"task": job.task_path, "attempt": job.attempts},
        )
        outcome: BaseException | None = None
        value: Any = None
        try:
            with translation.override(settings.LANGUAGE_CODE):
                value = task.call(context, *job.args, **job.kwargs)
        except (KeyboardInterrupt, SystemExit):
            raise  # stop now; the lease runs out and the job runs again
        except BaseException as exc:
            outcome = exc
        finally:
            if beat is not None:
                beat.halt.set()
                beat.join()
        state = context._state
        progress = (state.done, state.total, state.message) if state.version else None
        elapsed = time.monotonic() - started
        JOB_DURATION.labels(job.task_path).observe(elapsed)
        JOB_RUNS.labels(job.task_path, "succeeded" if outcome is None else "failed").inc()
        if outcome is None:
            if not job_succeed(job=job, worker_id=worker_id, value=value, progress=progress):
                log.warning("job %s finished, but its lease was lost meanwhile", job.id)
            log.info(
                "job %s succeeded in %.2f s",
                job.id,
                elapsed,
                extra={"task": job.task_path, "duration_s": round(elapsed, 3)},
            )
            return job
        failure = failure_of(outcome)
        job = job_fail(job=job, worker_id=worker_id, failure=failure, progress=progress)
        log.error(
            "job %s attempt %s failed (%s): %s",
            job.id,
            job.attempts,
            "retried later" if job.state == JobState.QUEUED else "failed for good",
            failure.error_type,
            exc_info=(type(outcome), outcome, outcome.__traceback__),
            extra={"task": job.task_path, "state": job.state},
        )
        return job


def job_run_now(job_id: Any) -> Job | None:
    """Run a queued job in this process at once, every attempt in a row until it succeeds
    or fails (JM_JOBS_IMMEDIATE: the tests). Returns the job as it ended."""
    worker_id = f"immediate-{os.getpid()}"
    job: Job | None = None
    for _attempt in range(100):
        job = job_claim(worker_id=worker_id, queues=None, only_id=job_id)
        if job is None:
            break

        def sink(done: int, total: int, message: str, job_id: Any = job.id) -> None:
            job_progress_write(job_id=job_id, done=done, total=total, message=message)

        job = execute(job, worker_id=worker_id, sink=sink, heartbeat=False)
        if job.state != JobState.QUEUED:
            break
    return job


class Worker:
    """Claims and runs jobs until told to stop."""

    def __init__(
        self,
        *,
        queues: list[str] | None = None,
        with_scheduler: bool = False,
        worker_id: str | None = None,
        in_test: bool = False,
    ) -> None:
        self.queues = queues or None
        #: In a test's transaction: no heartbeat thread (its own connection would wait for
        #: the test's row locks) and no closing of the test's connection.
        self.in_test = in_test
        self.with_scheduler = with_scheduler
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.stopping = False
        self._last_reclaim = -1e9
        self._last_tick = -1e9
        self._listen_conn: object = None

    # -- signals ---------------------------------------------------------------------------

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self._on_signal)
        signal.signal(signal.SIGINT, self._on_signal)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stopping:  # the second time: stop at once
            raise SystemExit(1)
        log.info("worker %s: stopping after the current job", self.worker_id)
        self.stopping = True

    # -- the loop --------------------------------------------------------------------------

    def run_once(self) -> Job | None:
        """Reclaim expired leases now and then, claim one job and run it."""
        now = time.monotonic()
        if now - self._last_reclaim >= min(heartbeat_seconds(), 5.0):
            self._last_reclaim = now
            if reclaimed := jobs_reclaim_expired():
                log.warning("%s job(s) of a stopped worker queued again", reclaimed)
        if self.with_scheduler and now - self._last_tick >= scheduler_seconds():
            from .scheduler import scheduler_tick

            self._last_tick = now
            scheduler_tick()
        job = job_claim(worker_id=self.worker_id, queues=self.queues)
        if job is None:
            return None
        return execute(job, worker_id=self.worker_id, heartbeat=not self.in_test)

    def run(self, *, max_jobs: int | None = None, until_idle: bool = False) -> int:
        """Run jobs until stopped (or `max_jobs` ran, or the queue is empty with
        `until_idle`). Returns the number of jobs run."""
        ran = 0
        log.info("worker %s started (queues: %s)", self.worker_id, self.queues or "all")
        while not self.stopping:
            if not self.in_test:
                close_old_connections()
            try:
                job = self.run_once()
            except (KeyboardInterrupt, SystemExit):
                raise
            except Exception:
                if until_idle:
                    raise
                # The database went away: wait and try again, the worker stays up.
                log.exception("worker %s: cannot reach the job store", self.worker_id)
                connections.close_all()
                self._listen_conn = None
                self._wait(max(poll_seconds(), 2.0))
                continue
            if job is not None:
                ran += 1
                if max_jobs is not None and ran >= max_jobs:
                    break
                continue
            if until_idle:
                break
            self._wait(poll_seconds())
        if not self.in_test:
            connections.close_all()
        log.info("worker %s stopped after %s job(s)", self.worker_id, ran)
        return ran

    def _wait(self, seconds: float) -> None:
        """Sleep until the next poll; on PostgreSQL wake up early on a NOTIFY."""
        if connection.vendor == "postgresql" and not self.stopping:
            try:
                self._wait_notify(seconds)
                return
            except Exception:
                log.debug("LISTEN not available; polling", exc_info=True)
                self._listen_conn = None
        end = time.monotonic() + seconds
        while not self.stopping and time.monotonic() < end:
            time.sleep(min(0.05, seconds))

    def _wait_notify(self, seconds: float) -> None:
        connection.ensure_connection()
        raw = connection.connection
        if self._listen_conn is not raw:  # a new connection listens again
            with connection.cursor() as cursor:
                cursor.execute(f"LISTEN {NOTIFY_CHANNEL}")
            self._listen_conn = raw
        # psycopg 3: block until a notification arrives or the poll time is up (in slices
        # of at most a second, so that a stop signal is noticed).
        end = time.monotonic() + seconds
        while not self.stopping:
            left = end - time.monotonic()
            if left <= 0:
                return
            for _notice in raw.notifies(timeout=min(left, 1.0), stop_after=1):
                return
