"""Stored form tokens and idempotency keys go after a day even when no new key is stored:
a daily job on the job system removes them."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jeugdmodel.core.idempotency import KEEP_FOR
from jeugdmodel.core.models import Submission, SubmissionKind
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.jobs.registry import schedules
from jeugdmodel.jobs.tasks import submissions_cleanup

pytestmark = pytest.mark.django_db


def _stored(key: str, age: timedelta) -> Submission:
    return Submission.objects.create(
        key=key, kind=SubmissionKind.FORM, created_at=timezone.now() - age
    )


def test_the_cleanup_is_scheduled_daily() -> None:
    entry = schedules()["core.submissions_cleanup"]
    assert entry.task is submissions_cleanup
    assert entry.effective_cron == "50 3 * * *"


def test_the_daily_job_removes_keys_older_than_a_day_and_keeps_the_rest(
    django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]],
) -> None:
    old = _stored("a" * 64, KEEP_FOR + timedelta(minutes=1))
    fresh = _stored("b" * 64, KEEP_FOR - timedelta(minutes=1))

    with django_capture_on_commit_callbacks(execute=True):
        first = job_enqueue(submissions_cleanup)
    assert first is not None
    first.refresh_from_db()
    assert first.return_value == 1
    assert list(Submission.objects.values_list("key", flat=True)) == [fresh.key]
    assert not Submission.objects.filter(pk=old.pk).exists()

    # Idempotent: a second run removes nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        second = job_enqueue(submissions_cleanup)
    assert second is not None
    second.refresh_from_db()
    assert second.return_value == 0
    assert list(Submission.objects.values_list("key", flat=True)) == [fresh.key]
