"""Recurring work: apps register their schedules in AppConfig.ready() with `schedule()`.
The scheduler (`manage.py jobs_scheduler`, or the worker with --with-scheduler) enqueues
each due run. JM_SCHEDULES in the settings can change a schedule's cron or switch it off:
{"steering.refresh_daily": "30 3 * * *", "reports.cleanup": "off"}."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from cronsim import CronSim, CronSimError
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .backend import JobTask

OFF = "off"


@dataclass(frozen=True)
class ScheduleEntry:
    name: str
    task: JobTask
    cron: str
    kwargs: dict[str, Any] = field(default_factory=dict)
    label: Any = ""

    @property
    def effective_cron(self) -> str | None:
        """The cron after JM_SCHEDULES; None when switched off."""
        override = getattr(settings, "JM_SCHEDULES", {}).get(self.name)
        cron = override or self.cron
        return None if cron.strip().lower() == OFF else cron


_REGISTRY: dict[str, ScheduleEntry] = {}


def cron_check(cron: str) -> None:
    try:
        CronSim(cron, datetime(2000, 1, 1))
    except CronSimError as exc:
        raise ImproperlyConfigured(f"Ongeldige cron-uitdrukking {cron!r}: {exc}") from exc


def schedule(
    *, name: str, task: JobTask, cron: str, kwargs: dict[str, Any] | None = None, label: Any = ""
) -> ScheduleEntry:
    """Register recurring work: `task` is enqueued at each time `cron` (five fields, in
    the local time zone, Europe/Amsterdam) names. Call it from AppConfig.ready(). A run
    missed while the scheduler was down is caught up once, not once per missed time."""
    if not isinstance(task, JobTask):
        raise ImproperlyConfigured(f"schedule {name!r}: the task must be made with @job.")
    cron_check(cron)
    entry = ScheduleEntry(
        name=name, task=task, cron=cron, kwargs=dict(kwargs or {}), label=label or task.label
    )
    _REGISTRY[name] = entry
    return entry


def schedules() -> dict[str, ScheduleEntry]:
    """The registered schedules, by name."""
    for name, cron in getattr(settings, "JM_SCHEDULES", {}).items():
        if name in _REGISTRY and cron.strip().lower() != OFF:
            cron_check(cron)
    return dict(_REGISTRY)
