"""The job store: one row per job (`jobs_job`), the recurring schedules and a record of
every scheduled run. In the embedded default this is SQLite; in production PostgreSQL,
which is then the broker too (claims with SELECT … FOR UPDATE SKIP LOCKED).

Job arguments are ids, never personal data: the table is read by the functional admin,
kept in backups and its rows are named in the logs."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("in de wachtrij")
    RUNNING = "running", _("bezig")
    SUCCEEDED = "succeeded", _("gelukt")
    FAILED = "failed", _("mislukt")
    CANCELLED = "cancelled", _("geannuleerd")


#: A job in one of these states is not finished; an idempotency key is unique among them.
ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)
#: A job in one of these states is done with.
FINISHED_STATES = (JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED)


class Job(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    #: The task function's import path (django-tasks' `Task.module_path`).
    task_path = models.CharField(_("taak"), max_length=200)
    queue_name = models.CharField(_("wachtrij"), max_length=50, default="default")
    priority = models.SmallIntegerField(_("prioriteit"), default=0)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    state = models.CharField(
        _("status"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    #: Enqueueing the same key while such a job is queued or running returns that job.
    idempotency_key = models.CharField(_("sleutel"), max_length=200, blank=True, default="")
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("hoogstens pogingen"), default=3)
    #: Not before this moment (a delayed job, or the backoff after a failed attempt).
    run_after = models.DateTimeField(_("niet voor"), default=timezone.now)
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet"), default=timezone.now)
    started_at = models.DateTimeField(_("eerste start"), null=True, blank=True)
    last_attempted_at = models.DateTimeField(_("laatste poging"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    #: The worker holding the job now, and until when (renewed by its heartbeat). A running
    #: job whose lease ran out lost its worker and is queued again (at-least-once).
    worker_id = models.CharField(max_length=100, blank=True, default="")
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    worker_ids = models.JSONField(default=list, blank=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    progress_message = models.CharField(max_length=200, blank=True, default="")
    #: The last error: a Dutch summary that is safe to show, the exception's class and the
    #: stack (file, line, function; never the exception's own text, which may hold data).
    error_message = models.CharField(_("fout"), max_length=500, blank=True, default="")
    error_type = models.CharField(max_length=200, blank=True, default="")
    error_trace = models.TextField(blank=True, default="")
    return_value = models.JSONField(null=True, blank=True)
    #: Who and which request caused the job: the pseudonymous user id and the request id,
    #: so that the worker's log lines can be joined to the web request's.
    enqueued_by = models.CharField(max_length=40, blank=True, default="")
    request_id = models.CharField(max_length=64, blank=True, default="")
    #: Set when the scheduler enqueued the job (its ScheduleRun is kept up to date).
    schedule_name = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        ordering = ["-enqueued_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(state__in=["queued", "running"]) & ~Q(idempotency_key=""),
                name="job_one_active_per_key",
            ),
            models.CheckConstraint(
                condition=~Q(state="running") | Q(lease_expires_at__isnull=False),
                name="job_running_has_lease",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")) | Q(progress_total=0),
                name="job_progress_within_total",
            ),
        ]
        indexes = [
            models.Index(
                fields=["queue_name", "priority", "run_after"],
                condition=Q(state="queued"),
                name="job_ready",
            ),
            models.Index(fields=["state", "lease_expires_at"], name="job_state_lease"),
            models.Index(fields=["state", "-finished_at"], name="job_state_finished"),
        ]

    def __str__(self) -> str:
        return f"{self.task_path} {self.id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def progress_percent(self) -> int | None:
        """0–100, or None when the job has not said how much there is to do."""
        if not self.progress_total:
            return None
        return min(100, round(100 * self.progress_done / self.progress_total))


class Schedule(models.Model):
    """A recurring job known to the scheduler: until which due time it has been enqueued.
    Registered in code (`jobs.api.schedule`); this row only holds its progress."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    cron = models.CharField(_("cron"), max_length=100)
    #: The last due time that was enqueued (or, for a new schedule, the moment it was first
    #: seen: a new schedule waits for its first due time).
    last_due_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("schema")
        verbose_name_plural = _("schema's")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.cron})"


class ScheduleRun(models.Model):
    """One run of a schedule: when it was due, its job, start, end and outcome. Due times
    missed while the scheduler was down are folded into one run (the latest)."""

    schedule_name = models.CharField(_("schema"), max_length=100)
    due_at = models.DateTimeField(_("gepland op"))
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField(
        _("uitkomst"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    #: Due times that were folded into this run because the scheduler was down.
    missed = models.PositiveIntegerField(_("gemist"), default=0)
    enqueued_at = models.DateTimeField(_("in de wachtrij gezet"), default=timezone.now)
    started_at = models.DateTimeField(_("gestart"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar"), null=True, blank=True)
    error_message = models.CharField(_("fout"), max_length=500, blank=True, default="")

    class Meta:
        verbose_name = _("geplande run")
        verbose_name_plural = _("geplande runs")
        ordering = ["-due_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule_name", "due_at"], name="schedule_run_once_per_due_time"
            ),
        ]
        indexes = [
            models.Index(fields=["schedule_name", "state", "-finished_at"], name="run_outcome"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_name} {self.due_at:%Y-%m-%d %H:%M} ({self.state})"
