"""A real worker process killed with SIGKILL in the middle of a job: the job runs again
on a new worker, and its effect happens once. Also for the council report: the report is
made, with exactly its two files (what the killed run stored is overwritten)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connection

from jeugdmodel.accounts.models import User
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.reports.models import CouncilReport, ReportStatus
from jeugdmodel.reports.services import report_request
from tests.jobs import sample_jobs
from tests.jobs.conftest import SharedDb, WorkerProcess, wait_for
from tests.reports.conftest import QUARTER, Place

pytestmark = pytest.mark.django_db(transaction=True)

StartWorker = Callable[..., WorkerProcess]


@pytest.fixture
def effect_tables(shared_db: SharedDb) -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS test_effect (key varchar(50) PRIMARY KEY)")
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS test_effect_start (key varchar(50), attempt integer)"
        )
        cursor.execute("DELETE FROM test_effect")
        cursor.execute("DELETE FROM test_effect_start")
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE test_effect")
        cursor.execute("DROP TABLE test_effect_start")


def _state(shared_db: SharedDb, job_id: object) -> str:
    shared_db.pull()
    return Job.objects.get(pk=job_id).state


def test_a_killed_worker_s_job_runs_again_and_its_effect_happens_once(
    queued: None,
    effect_tables: None,
    shared_db: SharedDb,
    start_worker: StartWorker,
    tmp_path: Path,
) -> None:
    flag = tmp_path / "first-attempt-waits"
    job = job_enqueue(sample_jobs.slow_effect, key="k1", flag=str(flag))
    shared_db.push()
    first = start_worker()
    wait_for(flag.exists, what="the first attempt to write its effect")
    first.kill()  # SIGKILL: no clean-up, the job stays "running" with a lease
    shared_db.pull()
    assert Job.objects.get(pk=job.id).state == JobState.RUNNING

    second = start_worker()
    wait_for(lambda: _state(shared_db, job.id) == JobState.SUCCEEDED, what="the job to succeed")
    second.stop()
    shared_db.pull()
    job = Job.objects.get(pk=job.id)
    assert job.attempts == 2
    assert job.return_value == "k1"
    assert (job.progress_done, job.progress_total, job.progress_message) == (2, 2, "klaar")
    assert len(job.worker_ids) == 2
    assert job.worker_ids[0] != job.worker_ids[1]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM test_effect WHERE key = 'k1'")
        assert cursor.fetchone()[0] == 1  # the effect, once
        cursor.execute("SELECT attempt FROM test_effect_start ORDER BY attempt")
        assert [row[0] for row in cursor.fetchall()] == [1, 2]  # the body ran twice
    assert "queued again" in second.output()


def test_a_council_report_whose_worker_is_killed_is_still_made(
    queued: None,
    shared_db: SharedDb,
    start_worker: StartWorker,
    cells: Place,
    muni_user: User,
    tmp_path: Path,
) -> None:
    report = report_request(
        actor=muni_user, municipality_id=cells.municipality.id, period_code=QUARTER
    )
    shared_db.push()
    flag = tmp_path / "pdf-stored"
    first = start_worker(module="tests.jobs.pausing_worker", env={"JM_TEST_PAUSE_FLAG": str(flag)})
    wait_for(flag.exists, what="the build to store its PDF")
    first.kill()
    stored = sorted(p.name for p in (tmp_path / "media" / "reports").iterdir())
    assert len(stored) == 1  # half a report on disk: the PDF only
    assert stored[0].endswith(".pdf")

    second = start_worker()

    def done() -> bool:
        shared_db.pull()
        return CouncilReport.objects.get(pk=report.pk).status == ReportStatus.DONE

    wait_for(done, what="the report to be made")
    second.stop()
    shared_db.pull()
    report = CouncilReport.objects.get(pk=report.pk)
    job = Job.objects.get(pk=report.job_id)
    assert job.state == JobState.SUCCEEDED
    assert job.attempts == 2
    assert report.progress == 100
    on_disk = sorted(f"reports/{p.name}" for p in (tmp_path / "media" / "reports").iterdir())
    assert on_disk == sorted([report.pdf.name, report.odt.name])  # two files, no leftovers
    assert (tmp_path / "media" / report.pdf.name).read_bytes().startswith(b"%PDF")
