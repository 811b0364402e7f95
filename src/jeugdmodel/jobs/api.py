"""The contract other apps code against (docs/jobs.md).

    from jeugdmodel.jobs.api import job, JobContext, job_enqueue, job_get, schedule

    @job(max_attempts=5, queue="default", label=_("Raadsrapportage maken"))
    def report_build(context: JobContext, *, report_id: str) -> None:
        context.progress(done=3, total=10, message=_("Tabellen maken"))
        ...                                   # MUST be idempotent: it may run again

    job = job_enqueue(report_build, report_id=str(r.id), idempotency_key=f"report:{r.id}")
    job_get(job.id)

    schedule(name="steering.refresh_daily", task=steering_refresh_daily, cron="15 2 * * *")

A job function is Django's task (django-tasks now, `django.tasks` from Django 6 on) with
the context as its first argument, named `context` (Django's name; `ctx` is accepted too).
Its arguments are JSON values and should be ids, never personal data. It runs at least
once: after a crash it runs again, so it must be written to be idempotent. Raise
`JobError` (a DomainError) with a Dutch message for a failure that retrying will not
mend; any other exception is retried with backoff up to `max_attempts`, then listed as
failed for the functional admin (/beheer/taken/), who can start it again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar, overload

from django_tasks import task as _task

from .backend import DEFAULT_MAX_ATTEMPTS, JobContext, JobTask
from .models import Job, JobState
from .registry import ScheduleEntry, schedule, schedules
from .services import JobError, JobsUnavailable, job_enqueue_task

__all__ = [
    "Job",
    "JobContext",
    "JobError",
    "JobState",
    "JobTask",
    "JobsUnavailable",
    "ScheduleEntry",
    "job",
    "job_enqueue",
    "job_get",
    "schedule",
    "schedules",
]

F = TypeVar("F", bound=Callable[..., Any])


@overload
def job(function: F, /) -> JobTask: ...


@overload
def job(
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    queue: str = "default",
    priority: int = 0,
    label: Any = "",
) -> Callable[[F], JobTask]: ...


def job(
    function: F | None = None,
    /,
    *,
    max_attempts: int = DEFAULT_MAX_ATTEMPTS,
    queue: str = "default",
    priority: int = 0,
    label: Any = "",
) -> JobTask | Callable[[F], JobTask]:
    """Make a module-level function a job (django-tasks' `@task(takes_context=True)`)."""

    def wrap(f: F) -> JobTask:
        made = _task(
            takes_context=True,
            queue_name=queue,
            priority=priority,
            max_attempts=max_attempts,
            label=label,
        )(f)
        assert isinstance(made, JobTask)
        return made

    return wrap(function) if function is not None else wrap


def job_enqueue(
    task: JobTask,
    /,
    *,
    idempotency_key: str = "",
    run_after: datetime | None = None,
    **kwargs: Any,
) -> Job:
    """Queue `task` with keyword arguments `kwargs`; returns the Job row. Inside
    `transaction.atomic` the job exists only if the transaction commits. With an
    `idempotency_key` that a queued or running job has, that job is returned instead.
    Raises JobsUnavailable when the database cannot take the job (the caller's
    transaction then rolls back: nothing half-done)."""
    task.get_backend().validate_task(task)
    job, _created = job_enqueue_task(
        task, kwargs=kwargs, idempotency_key=idempotency_key, run_after=run_after
    )
    return job


def job_get(job_id: Any) -> Job:
    """The job row (fresh from the database); Job.DoesNotExist when there is none."""
    return Job.objects.get(pk=job_id)
