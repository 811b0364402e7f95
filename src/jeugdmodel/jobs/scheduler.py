"""The scheduler: enqueues each schedule's due run once.

Safe with more than one scheduler running (a ScheduleRun is unique per schedule and due
time, and the Schedule row is locked while it is advanced), so the embedded worker's
--with-scheduler and a separate `jobs_scheduler` process can never double a run."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from cronsim import CronSim
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import JobState, Schedule, ScheduleRun
from .registry import ScheduleEntry, schedules
from .services import job_enqueue_task

log = logging.getLogger("jeugdmodel.jobs.scheduler")

#: Missed due times counted at most (a per-minute schedule down for a year stays cheap).
MISSED_COUNT_LIMIT = 10_000


def previous_due(cron: str, now: datetime) -> datetime:
    """The latest time at or before `now` that `cron` names (local time zone)."""
    local = timezone.localtime(now).replace(microsecond=0) + timedelta(seconds=1)
    return next(CronSim(cron, local, reverse=True))


def due_times_between(cron: str, after: datetime, until: datetime) -> int:
    """How many times `cron` names in (after, until]."""
    count = 0
    for due in CronSim(cron, timezone.localtime(after)):
        if due > until or count >= MISSED_COUNT_LIMIT:
            break
        count += 1
    return count


def scheduler_tick(now: datetime | None = None) -> list[ScheduleRun]:
    """Enqueue every schedule whose due time has come; returns the runs made."""
    now = now or timezone.now()
    made = []
    for entry in schedules().values():
        cron = entry.effective_cron
        if cron is None:
            continue
        run = _tick_one(entry, cron, now)
        if run is not None:
            made.append(run)
    return made


def _tick_one(entry: ScheduleEntry, cron: str, now: datetime) -> ScheduleRun | None:
    with transaction.atomic():
        row = Schedule.objects.select_for_update().filter(name=entry.name).first()
        if row is None:
            # A new schedule waits for its first due time after now.
            try:
                with transaction.atomic():
                    Schedule.objects.create(name=entry.name, cron=cron, last_due_at=now)
            except IntegrityError:
                pass  # another scheduler made it
            return None
        if row.cron != cron:
            row.cron = cron
            row.save(update_fields=["cron"])
        due = previous_due(cron, now)
        if due <= row.last_due_at:
            return None
        missed = max(0, due_times_between(cron, row.last_due_at, due) - 1)
        run, created = ScheduleRun.objects.get_or_create(
            schedule_name=entry.name, due_at=due, defaults={"missed": missed}
        )
        if created:
            job, new = job_enqueue_task(
                entry.task,
                kwargs=entry.kwargs,
                idempotency_key=f"schedule:{entry.name}",
                schedule_name=entry.name,
            )
            if new:
                run.job = job
                run.save(update_fields=["job"])
            else:
                run.state = JobState.CANCELLED
                run.finished_at = now
                with translation.override(settings.LANGUAGE_CODE):
                    run.error_message = str(_("Overgeslagen: de vorige run liep nog."))
                run.save(update_fields=["state", "finished_at", "error_message"])
            if missed:
                log.warning("schedule %s: %s missed run(s) caught up as one", entry.name, missed)
            log.info("schedule %s: run due %s enqueued", entry.name, due.isoformat())
        row.last_due_at = due
        row.save(update_fields=["last_due_at"])
        return run if created else None
