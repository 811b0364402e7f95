"""The functional admin's pages: failed jobs with their Dutch error, retry (safe against a
double click), the job's progress polled with htmx, the schedules; and a web request
whose job cannot be stored answers 503 with nothing half-done."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.audit.models import AccessLogEntry
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.reports.models import CouncilReport
from tests.jobs import sample_jobs
from tests.reports.conftest import QUARTER, Place

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(make_user: Callable[..., User], login: Callable[[User], Client]) -> Client:
    return login(make_user(Role.FUNCTIONAL_ADMIN))


def test_the_list_shows_failed_jobs_with_their_error_and_the_schedules(
    admin: Client, run_worker: Callable[..., int]
) -> None:
    failed = job_enqueue(sample_jobs.always_fails)
    job_enqueue(sample_jobs.noop)
    run_worker()
    html = admin.get("/beheer/taken/").content.decode()
    assert "Altijd fout" in html  # the job's label
    assert "De taak is mislukt door een fout in het systeem (ValueError)." in html
    assert f"/beheer/taken/{failed.id}/" in html
    assert "3 / 3" in html
    assert "steering.refresh_daily" in html
    assert "15 2 * * *" in html
    succeeded = admin.get("/beheer/taken/?status=succeeded").content.decode()
    assert "noop" in succeeded
    assert "Altijd fout" not in succeeded


def test_retry_queues_a_failed_job_again_once(
    admin: Client, run_worker: Callable[..., int]
) -> None:
    job = job_enqueue(sample_jobs.refuses)
    run_worker()
    response = admin.post(f"/beheer/taken/{job.id}/opnieuw/", follow=True)
    assert "staat opnieuw in de wachtrij" in response.content.decode()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.QUEUED, 0)
    assert AccessLogEntry.objects.filter(event="job.retry", record_id=str(job.id)).count() == 1
    # A second click: a clear message, nothing changes.
    again = admin.post(f"/beheer/taken/{job.id}/opnieuw/", follow=True)
    assert "Alleen een mislukte taak kan opnieuw worden gestart." in again.content.decode()
    assert AccessLogEntry.objects.filter(event="job.retry").count() == 1
    run_worker()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert sample_jobs.CALLS["refuses"] == 2


def test_the_detail_page_polls_until_the_job_ended(
    admin: Client, queued: None, run_worker: Callable[..., int]
) -> None:
    job = job_enqueue(sample_jobs.reports_progress, steps=4)
    page = admin.get(f"/beheer/taken/{job.id}/").content.decode()
    assert 'hx-trigger="every 1s"' in page
    poll = admin.get(f"/beheer/taken/{job.id}/", HTTP_HX_REQUEST="true")
    assert poll.status_code == 200
    assert 'data-job-state="queued"' in poll.content.decode()
    Job.objects.filter(pk=job.pk).update(
        progress_done=1, progress_total=4, progress_message="stap 1"
    )
    assert "25%" in admin.get(f"/beheer/taken/{job.id}/", HTTP_HX_REQUEST="true").content.decode()
    run_worker()
    done = admin.get(f"/beheer/taken/{job.id}/", HTTP_HX_REQUEST="true")
    assert done.status_code == 286  # htmx stops polling
    assert "De taak is gelukt." in done.content.decode()
    assert "hx-trigger" not in admin.get(f"/beheer/taken/{job.id}/").content.decode()


def test_the_database_down_when_the_report_is_queued_answers_503_and_saves_nothing(
    cells: Place,
    muni_user: User,
    login: Callable[[User], Client],
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
) -> None:
    settings.JM_JOBS_IMMEDIATE = False
    client = login(muni_user)
    client.raise_request_exception = False

    def down(*args: Any, **kwargs: Any) -> Job:
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(Job.objects, "create", down)
    response = client.post(
        "/sturing/raadsrapportage/maken/",
        {"municipality": cells.municipality.id, "period": QUARTER},
    )
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    body = response.content.decode()
    assert "kan de database of de achtergrondverwerking nu niet bereiken" in body
    assert "Wat u net deed is niet opgeslagen." in body
    assert not CouncilReport.objects.exists()
    assert not Job.objects.exists()
