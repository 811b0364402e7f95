"""Django's task API on our own database backend (docs/decisions/0035-job-system.md).

`DatabaseBackend` stores every enqueued task as a `Job` row in the project database, in
the caller's transaction: a job enqueued inside `transaction.atomic` exists only if the
change that caused it commits. Workers (`manage.py jobs_worker`) claim rows with a lease
renewed by a heartbeat; a job whose worker died is run again (at-least-once).

`JobTask` is django-tasks' `Task` with `max_attempts` and a readable `label`;
`JobContext` is its `TaskContext` with the job row and `progress()`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils.inspect import get_func_args
from django_tasks import TaskContext, TaskResult, TaskResultStatus
from django_tasks.backends.base import BaseTaskBackend
from django_tasks.base import Task, TaskError
from django_tasks.exceptions import InvalidTaskError, TaskResultDoesNotExist
from django_tasks.utils import get_module_path

if TYPE_CHECKING:
    from .models import Job

#: Attempts of a job unless its `@job` says otherwise.
DEFAULT_MAX_ATTEMPTS = 3

_STATUS = {
    "queued": TaskResultStatus.READY,
    "running": TaskResultStatus.RUNNING,
    "succeeded": TaskResultStatus.SUCCESSFUL,
    "failed": TaskResultStatus.FAILED,
    "cancelled": TaskResultStatus.FAILED,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class JobTask(Task):
    """A task with the number of attempts before it counts as failed and a readable
    (translatable) label for the functional admin's list."""

    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    label: Any = ""

    @property
    def display_name(self) -> str:
        return str(self.label) if self.label else self.name


class _ProgressState:
    """What a running job said about its progress, written by the worker's heartbeat."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.done = 0
        self.total = 0
        self.message = ""
        self.version = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class JobContext(TaskContext):
    """What a job function gets as its first argument (`context`)."""

    job: Job
    #: Writes progress at once (immediate mode) or leaves it to the heartbeat (worker).
    _sink: Callable[[int, int, str], None] | None = None
    _state: _ProgressState = field(default_factory=_ProgressState)

    @property
    def job_id(self) -> str:
        return str(self.job.id)

    @property
    def attempt(self) -> int:
        """1 for the first attempt, 2 for the first retry, …"""
        return int(self.job.attempts)

    @property
    def is_last_attempt(self) -> bool:
        return self.job.attempts >= self.job.max_attempts

    def progress(self, *, done: int, total: int, message: object = "") -> None:
        """Tell how far the job is (`done` of `total`, and what it does now). Cheap: the
        worker writes it with its heartbeat, outside the job's own transaction, at most a
        few times a second."""
        done = max(0, min(int(done), int(total))) if total else max(0, int(done))
        state = self._state
        with state.lock:
            state.done, state.total, state.message = done, max(0, int(total)), str(message)[:200]
            state.version += 1
        if self._sink is not None:
            self._sink(state.done, state.total, state.message)


class DatabaseBackend(BaseTaskBackend):
    """Jobs in the project database (SQLite embedded, PostgreSQL in production)."""

    task_class = JobTask
    supports_defer = True
    supports_get_result = True
    supports_priority = True
    supports_async_task = False

    def validate_task(self, task: Task) -> None:
        try:
            super().validate_task(task)
        except InvalidTaskError as exc:
            # Django names the context argument `context`; `ctx` is accepted too.
            args = get_func_args(task.func)
            if not (task.takes_context and args and args[0] == "ctx" and "context" in str(exc)):
                raise
        if isinstance(task, JobTask) and not 1 <= task.max_attempts <= 100:
            raise InvalidTaskError("max_attempts must be between 1 and 100.")

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        from .services import job_enqueue_task

        self.validate_task(task)
        job, _created = job_enqueue_task(task, args=list(args), kwargs=dict(kwargs))
        return job_task_result(job, task)

    def get_result(self, result_id: str) -> TaskResult:
        from .models import Job

        job_id = _uuid_or_none(result_id)
        job = Job.objects.filter(id=job_id).first() if job_id else None
        if job is None:
            raise TaskResultDoesNotExist(result_id)
        return job_task_result(job)


def _uuid_or_none(value: str) -> str | None:
    import uuid

    try:
        return str(uuid.UUID(str(value)))
    except ValueError:
        return None


def task_resolve(task_path: str) -> JobTask | None:
    """The task object for an import path, or None when it no longer exists."""
    from django.utils.module_loading import import_string

    try:
        task = import_string(task_path)
    except ImportError:
        return None
    return task if isinstance(task, JobTask) else None


def job_task_result(job: Job, task: Task | None = None) -> TaskResult:
    """The django-tasks view of a job row."""
    task = task or task_resolve(job.task_path)
    if task is None:  # a job of a task that is gone: a stand-in so the result can be read
        task = JobTask(func=_missing_task, takes_context=True, queue_name=job.queue_name)
    errors = []
    if job.error_type:
        errors.append(TaskError(exception_class_path=job.error_type, traceback=job.error_trace))
    result: TaskResult = TaskResult(
        task=task,
        id=str(job.id),
        status=_STATUS[job.state],
        enqueued_at=job.enqueued_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        last_attempted_at=job.last_attempted_at,
        args=list(job.args),
        kwargs=dict(job.kwargs),
        backend="default",
        errors=errors,
        worker_ids=list(job.worker_ids),
    )
    object.__setattr__(result, "_return_value", job.return_value)
    return result


def _missing_task(context: TaskContext) -> None:
    """Stands in for a task whose code was removed (never run)."""


def task_module_path(task: Task) -> str:
    return get_module_path(task.func)


def configured_queues() -> list[str]:
    tasks = getattr(settings, "TASKS", {})
    return list(tasks.get("default", {}).get("QUEUES", ["default"]))
