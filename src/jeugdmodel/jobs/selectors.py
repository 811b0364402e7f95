"""Reads of the job store for the functional admin's pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cronsim import CronSim
from django.db.models import Count, QuerySet
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .backend import task_resolve
from .models import Job, JobState, ScheduleRun
from .registry import schedules

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def jobs_visible_to(*, user: User, state: str = JobState.FAILED) -> QuerySet[Job]:
    """Jobs in `state` (failed by default; "" for all), newest first. Functional admins
    only: jobs hold ids, never case content."""
    require(user, Perm.JOBS_MANAGE)
    jobs = Job.objects.all()
    if state:
        jobs = jobs.filter(state=state)
    return jobs.order_by("-enqueued_at", "-id").defer("error_trace", "args", "kwargs")


def job_get_for(*, user: User, job_id: Any) -> Job:
    require(user, Perm.JOBS_MANAGE)
    job = Job.objects.filter(pk=job_id).first()
    if job is None:
        raise NotFoundOrNotAllowed()
    return job


def job_label(job: Job) -> str:
    """The task's readable name (its @job label), or the function name."""
    task = task_resolve(job.task_path)
    return task.display_name if task is not None else job.task_path.rsplit(".", 1)[-1]


def job_state_counts(*, user: User) -> dict[str, int]:
    require(user, Perm.JOBS_MANAGE)
    counts = {state.value: 0 for state in JobState}
    for row in Job.objects.values("state").order_by().annotate(n=Count("id")):
        counts[row["state"]] = row["n"]
    return counts


@dataclass(frozen=True)
class ScheduleRow:
    name: str
    label: str
    cron: str | None  # None: switched off
    last_run: ScheduleRun | None
    next_due: datetime | None


def schedule_overview(*, user: User) -> list[ScheduleRow]:
    """Every registered schedule with its last run and its next due time."""
    require(user, Perm.JOBS_MANAGE)
    entries = schedules()
    last: dict[str, ScheduleRun] = {}
    for run in ScheduleRun.objects.filter(schedule_name__in=list(entries)).order_by(
        "schedule_name", "-due_at"
    ):
        last.setdefault(run.schedule_name, run)
    now = timezone.localtime()
    rows = []
    for name in sorted(entries):
        entry = entries[name]
        cron = entry.effective_cron
        rows.append(
            ScheduleRow(
                name=name,
                label=str(entry.label or entry.task.display_name),
                cron=cron,
                last_run=last.get(name),
                next_due=next(CronSim(cron, now)) if cron is not None else None,
            )
        )
    return rows
