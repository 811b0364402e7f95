"""Prometheus metrics (prometheus_client; requests and latency per view come from
django-prometheus' middleware).

Ours:
- jeugdmodel_logins_total, jeugdmodel_login_failures_total: counters (auth signals).
- jeugdmodel_jobs{queue,state}: jobs queued, running and failed now (read at scrape time).
- jeugdmodel_jobs_oldest_age_seconds{queue,state}: age of the oldest queued job that may
  run now, and of the longest running job.
- jeugdmodel_job_runs_total{task,outcome} and jeugdmodel_job_duration_seconds{task}: from
  the workers (visible here when they share PROMETHEUS_MULTIPROC_DIR with the web).
- jeugdmodel_schedule_last_success_timestamp_seconds{schedule}: the last successful run
  of each schedule, e.g. steering.refresh_daily (the daily steering refresh).
- jeugdmodel_schedule_last_run_failed{schedule}: 1 when the latest finished run failed.

With several processes (gunicorn workers) set PROMETHEUS_MULTIPROC_DIR to an empty
directory: every process writes there and the scrape adds them up (bin/production)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models import Count, Max, Min
from django.dispatch import receiver
from django.utils import timezone
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

LOGINS = Counter("jeugdmodel_logins", "Geslaagde wachtwoordlogins.")
LOGIN_FAILURES = Counter("jeugdmodel_login_failures", "Mislukte wachtwoordlogins.")


@receiver(user_logged_in)
def _count_login(sender: Any, **kwargs: Any) -> None:
    LOGINS.inc()


@receiver(user_login_failed)
def _count_login_failure(sender: Any, **kwargs: Any) -> None:
    LOGIN_FAILURES.inc()


class JobsCollector(Collector):
    """Reads the job store at scrape time: a handful of grouped queries on indexed
    columns."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from jeugdmodel.jobs.models import Job, JobState, ScheduleRun
        from jeugdmodel.jobs.registry import schedules

        now = timezone.now()
        counts = GaugeMetricFamily(
            "jeugdmodel_jobs", "Taken per wachtrij en status.", labels=["queue", "state"]
        )
        seen = {
            (row["queue_name"], row["state"]): row["n"]
            for row in Job.objects.filter(
                state__in=(JobState.QUEUED, JobState.RUNNING, JobState.FAILED)
            )
            .values("queue_name", "state")
            .annotate(n=Count("id"))
            .order_by()
        }
        from jeugdmodel.jobs.backend import configured_queues

        for queue in sorted({*configured_queues(), *(q for q, _s in seen)}):
            for state in (JobState.QUEUED, JobState.RUNNING, JobState.FAILED):
                counts.add_metric([queue, state.value], seen.get((queue, state.value), 0))
        yield counts

        ages = GaugeMetricFamily(
            "jeugdmodel_jobs_oldest_age_seconds",
            "Leeftijd van de oudste wachtende taak die nu mag draaien, en van de langst "
            "lopende taak.",
            labels=["queue", "state"],
        )
        waiting = (
            Job.objects.filter(state=JobState.QUEUED, run_after__lte=now)
            .values("queue_name")
            .annotate(oldest=Min("run_after"))
            .order_by()
        )
        for row in waiting:
            ages.add_metric([row["queue_name"], "queued"], (now - row["oldest"]).total_seconds())
        running = (
            Job.objects.filter(state=JobState.RUNNING)
            .values("queue_name")
            .annotate(oldest=Min("last_attempted_at"))
            .order_by()
        )
        for row in running:
            if row["oldest"] is not None:
                ages.add_metric(
                    [row["queue_name"], "running"], (now - row["oldest"]).total_seconds()
                )
        yield ages

        success = GaugeMetricFamily(
            "jeugdmodel_schedule_last_success_timestamp_seconds",
            "Tijdstip (Unix) van de laatste geslaagde run per schema.",
            labels=["schedule"],
        )
        failed = GaugeMetricFamily(
            "jeugdmodel_schedule_last_run_failed",
            "1 als de laatste afgeronde run van het schema mislukte.",
            labels=["schedule"],
        )
        last_ok = dict(
            ScheduleRun.objects.filter(state=JobState.SUCCEEDED)
            .values("schedule_name")
            .annotate(at=Max("finished_at"))
            .values_list("schedule_name", "at")
            .order_by()
        )
        last_finished = dict(
            ScheduleRun.objects.filter(state__in=(JobState.SUCCEEDED, JobState.FAILED))
            .values("schedule_name")
            .annotate(at=Max("finished_at"))
            .values_list("schedule_name", "at")
            .order_by()
        )
        last_failed = dict(
            ScheduleRun.objects.filter(state=JobState.FAILED)
            .values("schedule_name")
            .annotate(at=Max("finished_at"))
            .values_list("schedule_name", "at")
            .order_by()
        )
        for name in sorted(schedules()):
            ok_at = last_ok.get(name)
            success.add_metric([name], ok_at.timestamp() if ok_at else 0)
            fin = last_finished.get(name)
            failed.add_metric([name], 1 if fin is not None and last_failed.get(name) == fin else 0)
        yield success
        yield failed


_JOBS_REGISTRY = CollectorRegistry(auto_describe=False)
_JOBS_REGISTRY.register(JobsCollector())


def metrics_text() -> tuple[bytes, str]:
    """The exposition text: this process's (or, in multiprocess mode, all processes')
    metrics, then the job store's."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        own = generate_latest(registry)
    else:
        own = generate_latest(REGISTRY)
    return own + generate_latest(_JOBS_REGISTRY), CONTENT_TYPE_LATEST
