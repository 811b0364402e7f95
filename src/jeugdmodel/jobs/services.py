"""Writes of the job store: enqueue (transactional, idempotent), claim with a lease,
heartbeat, finish, retry with backoff, reclaim jobs whose worker died, and the functional
admin's retry. The worker loop is in worker.py; the scheduler in scheduler.py."""

from __future__ import annotations

import random
import traceback
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks.base import Task
from django_tasks.utils import normalize_json

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.context import current_request_context
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed, ServiceUnavailable
from jeugdmodel.core.logging import current_log_user

from .backend import DEFAULT_MAX_ATTEMPTS, JobTask, task_module_path
from .models import ACTIVE_STATES, Job, JobState, ScheduleRun

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


class JobsUnavailable(ServiceUnavailable):
    """The job store (the database) could not take the job. Raised inside the caller's
    transaction, so the change that asked for the job is rolled back with it."""


class JobError(DomainError):
    """A job failed for a reason it can tell in Dutch. Not retried: trying again would
    give the same answer (a missing record, a rule that is broken)."""


# -- settings -----------------------------------------------------------------------------


def lease_seconds() -> float:
    return float(getattr(settings, "JM_JOBS_LEASE_SECONDS", 60))


def backoff_seconds(attempts: int) -> float:
    """Exponential backoff after the `attempts`-th failed attempt, with 10% jitter."""
    base = float(getattr(settings, "JM_JOBS_BACKOFF_SECONDS", 10))
    cap = float(getattr(settings, "JM_JOBS_BACKOFF_MAX_SECONDS", 3600))
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * (1 + random.random() / 10)  # noqa: S311 (jitter, not security)  # nosec B311


def _relaxed_commit() -> None:
    """On PostgreSQL, do not wait for the disk when committing this transaction
    (`synchronous_commit = off`). Used only for a worker's state changes (claim, heartbeat,
    outcome): if the database server crashes, the last fraction of a second of them may be
    lost, and the job then simply runs again, which every job allows. Enqueueing stays
    fully durable (it commits with the caller's change)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def _dutch(message: Any) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return str(message)[:500]


# -- enqueue ------------------------------------------------------------------------------


def job_enqueue_task(
    task: Task,
    *,
    args: list[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    idempotency_key: str = "",
    run_after: datetime | None = None,
    schedule_name: str = "",
) -> tuple[Job, bool]:
    """Store a job for `task` (in the caller's transaction); returns (job, created). With
    an idempotency key that a queued or running job already has, that job is returned.

    Raises JobsUnavailable when the database cannot take it."""
    args = normalize_json(args or [])
    kwargs = normalize_json(kwargs or {})
    max_attempts = task.max_attempts if isinstance(task, JobTask) else DEFAULT_MAX_ATTEMPTS
    ctx = current_request_context()
    now = timezone.now()
    try:
        with transaction.atomic():
            if idempotency_key:
                existing = Job.objects.filter(
                    idempotency_key=idempotency_key, state__in=ACTIVE_STATES
                ).first()
                if existing is not None:
                    return existing, False
            try:
                with transaction.atomic():
                    job = Job.objects.create(
                        task_path=task_module_path(task),
                        queue_name=task.queue_name,
                        priority=task.priority,
                        args=args,
                        kwargs=kwargs,
                        idempotency_key=idempotency_key,
                        max_attempts=max_attempts,
                        run_after=run_after or task.run_after or now,
                        enqueued_at=now,
                        enqueued_by=current_log_user(),
                        request_id=ctx.request_id if ctx else "",
                        schedule_name=schedule_name,
                    )
            except IntegrityError:
                # Another request enqueued the same key at the same moment.
                existing = Job.objects.filter(
                    idempotency_key=idempotency_key, state__in=ACTIVE_STATES
                ).first()
                if existing is None or not idempotency_key:
                    raise
                return existing, False
    except (OperationalError, InterfaceError) as exc:
        raise JobsUnavailable(str(type(exc).__name__)) from exc
    _after_enqueue(job)
    return job, True


def _after_enqueue(job: Job) -> None:
    """Run at once after commit (tests, JM_JOBS_IMMEDIATE), or wake a PostgreSQL worker."""
    if getattr(settings, "JM_JOBS_IMMEDIATE", False):
        from .worker import job_run_now

        transaction.on_commit(lambda: job_run_now(job.id))
        return
    from .worker import notify_workers

    notify_workers(job.queue_name)


# -- claim, heartbeat, finish -------------------------------------------------------------


def job_claim(
    *,
    worker_id: str,
    queues: list[str] | None,
    now: datetime | None = None,
    only_id: Any = None,
) -> Job | None:
    """Take the next job that may run now (highest priority, then oldest) and hold it with
    a lease. Two workers never take the same job: on PostgreSQL the row is locked with
    SKIP LOCKED, and the update only takes a job that is still queued."""
    now = now or timezone.now()
    with transaction.atomic():
        _relaxed_commit()
        ready = Job.objects.filter(state=JobState.QUEUED, run_after__lte=now)
        if queues:
            ready = ready.filter(queue_name__in=queues)
        if only_id is not None:
            ready = ready.filter(pk=only_id)
        job = (
            ready.order_by("-priority", "run_after", "enqueued_at")
            .select_for_update(skip_locked=True)
            .first()
        )
        if job is None:
            return None
        lease_until = now + timedelta(seconds=lease_seconds())
        worker_ids = [*job.worker_ids, worker_id][-20:]
        taken = Job.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
            state=JobState.RUNNING,
            attempts=F("attempts") + 1,
            worker_id=worker_id,
            worker_ids=worker_ids,
            lease_expires_at=lease_until,
            last_attempted_at=now,
            started_at=job.started_at or now,
        )
        if not taken:
            return None
    job.refresh_from_db()
    _schedule_run_sync(job)
    return job


def job_heartbeat(
    *, job_id: Any, worker_id: str, progress: tuple[int, int, str] | None = None
) -> bool:
    """Renew the lease (and write the progress); False when the job is no longer this
    worker's (it was reclaimed after the lease ran out)."""
    fields: dict[str, Any] = {
        "lease_expires_at": timezone.now() + timedelta(seconds=lease_seconds())
    }
    if progress is not None:
        fields.update(
            progress_done=progress[0], progress_total=progress[1], progress_message=progress[2]
        )
    with transaction.atomic():
        _relaxed_commit()
        return bool(
            Job.objects.filter(pk=job_id, state=JobState.RUNNING, worker_id=worker_id).update(
                **fields
            )
        )


def job_progress_write(*, job_id: Any, done: int, total: int, message: str) -> None:
    Job.objects.filter(pk=job_id).update(
        progress_done=done, progress_total=total, progress_message=message[:200]
    )


def job_succeed(
    *, job: Job, worker_id: str, value: Any, progress: tuple[int, int, str] | None
) -> bool:
    """Mark the job done; False when it was no longer this worker's."""
    now = timezone.now()
    try:
        value = normalize_json(value)
    except (TypeError, ValueError):
        value = None
    fields: dict[str, Any] = {
        "state": JobState.SUCCEEDED,
        "finished_at": now,
        "lease_expires_at": None,
        "return_value": value,
        "error_message": "",
        "error_type": "",
        "error_trace": "",
    }
    if progress is not None:
        fields.update(
            progress_done=progress[0], progress_total=progress[1], progress_message=progress[2]
        )
    with transaction.atomic():
        _relaxed_commit()
        done = Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker_id=worker_id).update(
            **fields
        )
    job.refresh_from_db()
    _schedule_run_sync(job)
    return bool(done)


@dataclass(frozen=True)
class Failure:
    message: str  # Dutch, safe to show
    error_type: str
    trace: str  # the stack, without the exception's text
    retry: bool


def failure_of(exc: BaseException) -> Failure:
    etype = type(exc)
    error_type = f"{etype.__module__}.{etype.__qualname__}"
    trace = "".join(traceback.format_tb(exc.__traceback__))[-8000:]
    if isinstance(exc, DomainError):
        return Failure(_dutch(exc.message), error_type, trace, retry=False)
    message = _dutch(
        _("De taak is mislukt door een fout in het systeem (%(type)s).") % {"type": etype.__name__}
    )
    return Failure(message, error_type, trace, retry=True)


def job_fail(
    *, job: Job, worker_id: str, failure: Failure, progress: tuple[int, int, str] | None = None
) -> Job:
    """Record a failed attempt: queued again after a backoff while attempts remain and the
    error is worth retrying, otherwise failed for good."""
    now = timezone.now()
    final = not failure.retry or job.attempts >= job.max_attempts
    fields: dict[str, Any] = {
        "lease_expires_at": None,
        "worker_id": "",
        "error_message": failure.message,
        "error_type": failure.error_type,
        "error_trace": failure.trace,
    }
    if progress is not None:
        fields.update(
            progress_done=progress[0], progress_total=progress[1], progress_message=progress[2]
        )
    if final:
        fields.update(state=JobState.FAILED, finished_at=now)
    else:
        fields.update(
            state=JobState.QUEUED,
            run_after=now + timedelta(seconds=backoff_seconds(job.attempts)),
        )
    with transaction.atomic():
        _relaxed_commit()
        Job.objects.filter(pk=job.pk, state=JobState.RUNNING, worker_id=worker_id).update(**fields)
    job.refresh_from_db()
    _schedule_run_sync(job)
    return job


def jobs_reclaim_expired(*, now: datetime | None = None) -> int:
    """Jobs whose worker died (lease ran out): queued again, or failed when that was the
    last attempt. Returns how many."""
    now = now or timezone.now()
    expired = Job.objects.filter(state=JobState.RUNNING, lease_expires_at__lt=now)
    ids = list(expired.values_list("id", "attempts", "max_attempts"))
    if not ids:
        return 0
    lost = _dutch(_("De verwerker stopte tijdens de taak (herstart of crash)."))
    for job_id, attempts, max_attempts in ids:
        fields: dict[str, Any] = {
            "lease_expires_at": None,
            "worker_id": "",
            "error_message": lost,
            "error_type": "jeugdmodel.jobs.WorkerLost",
            "error_trace": "",
        }
        if attempts >= max_attempts:
            fields.update(state=JobState.FAILED, finished_at=now)
        else:
            fields.update(state=JobState.QUEUED, run_after=now)
        changed = Job.objects.filter(
            pk=job_id, state=JobState.RUNNING, lease_expires_at__lt=now
        ).update(**fields)
        if changed:
            job = Job.objects.get(pk=job_id)
            _schedule_run_sync(job)
    return len(ids)


def _schedule_run_sync(job: Job) -> None:
    """Keep the ScheduleRun of a scheduled job in step with the job."""
    if not job.schedule_name:
        return
    ScheduleRun.objects.filter(job_id=job.pk).update(
        state=job.state,
        started_at=job.started_at,
        finished_at=job.finished_at,
        error_message=job.error_message,
    )


# -- the functional admin -----------------------------------------------------------------


@transaction.atomic
def job_retry(*, actor: User, job_id: Any) -> Job:
    """Run a failed (or cancelled) job again, from its first attempt."""
    require(actor, Perm.JOBS_MANAGE)
    job = Job.objects.select_for_update().filter(pk=job_id).first()
    if job is None:
        raise NotFoundOrNotAllowed()
    if job.state not in (JobState.FAILED, JobState.CANCELLED):
        raise DomainError(_("Alleen een mislukte taak kan opnieuw worden gestart."))
    if (
        job.idempotency_key
        and Job.objects.filter(idempotency_key=job.idempotency_key, state__in=ACTIVE_STATES)
        .exclude(pk=job.pk)
        .exists()
    ):
        raise DomainError(_("Deze taak loopt al opnieuw (met dezelfde sleutel)."))
    job.state = JobState.QUEUED
    job.attempts = 0
    job.run_after = timezone.now()
    job.finished_at = None
    job.progress_done = job.progress_total = 0
    job.progress_message = ""
    job.save(
        update_fields=[
            "state",
            "attempts",
            "run_after",
            "finished_at",
            "progress_done",
            "progress_total",
            "progress_message",
        ]
    )
    access_log_write(
        actor=actor,
        action=AccessAction.UPDATE,
        record_type="job",
        record_id=job.id,
        event="job.retry",
        details={"task": job.task_path},
    )
    if job.schedule_name:
        ScheduleRun.objects.filter(job_id=job.pk).update(
            state=JobState.QUEUED, finished_at=None, error_message=""
        )
    _after_enqueue(job)
    return job


def jobs_purge(*, now: datetime | None = None) -> int:
    """Remove finished jobs: succeeded and cancelled after JM_JOBS_KEEP_DAYS (14), failed
    after JM_JOBS_KEEP_FAILED_DAYS (90); schedule runs after the latter."""
    now = now or timezone.now()
    keep = timedelta(days=int(getattr(settings, "JM_JOBS_KEEP_DAYS", 14)))
    keep_failed = timedelta(days=int(getattr(settings, "JM_JOBS_KEEP_FAILED_DAYS", 90)))
    removed, _detail = Job.objects.filter(
        state__in=(JobState.SUCCEEDED, JobState.CANCELLED), finished_at__lt=now - keep
    ).delete()
    failed, _detail = Job.objects.filter(
        state=JobState.FAILED, finished_at__lt=now - keep_failed
    ).delete()
    ScheduleRun.objects.filter(due_at__lt=now - keep_failed).delete()
    return removed + failed
