"""The scheduler: a due run is enqueued once, runs missed while it was down are caught up
once, two schedulers never double a run, and each run records start, end and outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ImproperlyConfigured

from jeugdmodel.jobs import registry
from jeugdmodel.jobs.models import Job, JobState, Schedule, ScheduleRun
from jeugdmodel.jobs.registry import schedule, schedules
from jeugdmodel.jobs.scheduler import previous_due, scheduler_tick
from tests.jobs import sample_jobs

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMS)


@pytest.fixture
def only_test_schedule(queued: None) -> Iterator[None]:
    """The registry holds only a daily test schedule at 02:15 during the test."""
    saved = dict(registry._REGISTRY)
    registry._REGISTRY.clear()
    schedule(name="test.daily", task=sample_jobs.noop, cron="15 2 * * *")
    yield
    registry._REGISTRY.clear()
    registry._REGISTRY.update(saved)


def test_the_project_registers_its_schedules() -> None:
    names = set(schedules())
    assert {"steering.refresh_daily", "reports.cleanup", "jobs.purge"} <= names


def test_previous_due_is_at_or_before_now() -> None:
    assert previous_due("15 2 * * *", at("2025-06-10T02:15:00")) == at("2025-06-10T02:15:00")
    assert previous_due("15 2 * * *", at("2025-06-10T02:14:59")) == at("2025-06-09T02:15:00")


def test_a_new_schedule_waits_for_its_first_due_time(only_test_schedule: None) -> None:
    assert scheduler_tick(at("2025-06-10T12:00:00")) == []
    assert Schedule.objects.get(name="test.daily").last_due_at == at("2025-06-10T12:00:00")
    assert not Job.objects.exists()
    assert scheduler_tick(at("2025-06-11T02:14:00")) == []
    runs = scheduler_tick(at("2025-06-11T02:15:30"))
    assert [r.due_at for r in runs] == [at("2025-06-11T02:15:00")]
    assert runs[0].missed == 0
    assert Job.objects.get().schedule_name == "test.daily"


def test_a_due_run_is_enqueued_once_also_by_two_schedulers(only_test_schedule: None) -> None:
    scheduler_tick(at("2025-06-10T12:00:00"))
    first = scheduler_tick(at("2025-06-11T03:00:00"))
    second = scheduler_tick(at("2025-06-11T03:00:05"))  # another scheduler, a moment later
    assert len(first) == 1
    assert second == []
    assert ScheduleRun.objects.count() == 1
    assert Job.objects.count() == 1


def test_runs_missed_while_the_scheduler_was_down_are_caught_up_once(
    only_test_schedule: None,
) -> None:
    scheduler_tick(at("2025-06-10T12:00:00"))
    runs = scheduler_tick(at("2025-06-15T09:00:00"))  # down for five due times
    assert len(runs) == 1
    assert runs[0].due_at == at("2025-06-15T02:15:00")
    assert runs[0].missed == 4
    assert Job.objects.count() == 1
    assert scheduler_tick(at("2025-06-15T09:01:00")) == []


def test_a_run_whose_previous_run_still_runs_is_skipped(only_test_schedule: None) -> None:
    scheduler_tick(at("2025-06-10T12:00:00"))
    scheduler_tick(at("2025-06-11T02:16:00"))
    scheduler_tick(at("2025-06-12T02:16:00"))  # the first job never ran
    first, second = ScheduleRun.objects.order_by("due_at")
    assert first.state == JobState.QUEUED
    assert second.state == JobState.CANCELLED
    assert second.error_message == "Overgeslagen: de vorige run liep nog."
    assert Job.objects.count() == 1


def test_each_run_records_start_end_and_outcome(
    only_test_schedule: None, run_worker: Callable[..., int]
) -> None:
    scheduler_tick(at("2025-06-10T12:00:00"))
    (run,) = scheduler_tick(at("2025-06-11T02:16:00"))
    run_worker()
    run.refresh_from_db()
    assert run.state == JobState.SUCCEEDED
    assert run.started_at is not None
    assert run.finished_at is not None
    assert run.started_at <= run.finished_at
    assert sample_jobs.CALLS["noop"] == 1


def test_a_failed_scheduled_run_records_its_error(
    queued: None, run_worker: Callable[..., int]
) -> None:
    saved = dict(registry._REGISTRY)
    registry._REGISTRY.clear()
    try:
        schedule(name="test.refuses", task=sample_jobs.refuses, cron="0 * * * *")
        scheduler_tick(at("2025-06-10T12:30:00"))
        (run,) = scheduler_tick(at("2025-06-10T13:00:00"))
        run_worker()
    finally:
        registry._REGISTRY.clear()
        registry._REGISTRY.update(saved)
    run.refresh_from_db()
    assert run.state == JobState.FAILED
    assert run.error_message == "Het dossier bestaat niet meer."


def test_a_schedule_can_be_moved_or_switched_off_in_the_settings(
    only_test_schedule: None, settings: Any
) -> None:
    settings.JM_SCHEDULES = {"test.daily": "off"}
    scheduler_tick(at("2025-06-10T12:00:00"))
    assert scheduler_tick(at("2025-06-12T12:00:00")) == []
    assert not Schedule.objects.exists()
    settings.JM_SCHEDULES = {"test.daily": "0 12 * * *"}
    scheduler_tick(at("2025-06-12T12:30:00"))
    (run,) = scheduler_tick(at("2025-06-13T12:00:01"))
    assert run.due_at == at("2025-06-13T12:00:00")


def test_a_wrong_cron_is_refused_at_start_up(settings: Any) -> None:
    with pytest.raises(ImproperlyConfigured, match="Ongeldige cron"):
        schedule(name="test.wrong", task=sample_jobs.noop, cron="61 * * * *")
    settings.JM_SCHEDULES = {"jobs.purge": "elke dag"}
    with pytest.raises(ImproperlyConfigured, match="Ongeldige cron"):
        schedules()
    assert "test.wrong" not in registry._REGISTRY
