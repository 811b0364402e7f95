"""The council report's background work: building a report, and removing old files."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jeugdmodel.jobs.api import JobContext, job

from .models import CouncilReport


@job(max_attempts=3, queue="reports", label=_("Raadsrapportage maken"))
def report_build_job(context: JobContext, *, report_id: int) -> str:
    """Build one report. Runs again after a crash: report_build only builds a report that
    still belongs to this job and overwrites what a killed run left."""
    from .services import report_build

    report = CouncilReport.objects.filter(id=report_id).first()
    if report is None:
        return "gone"
    report = report_build(
        report,
        job_id=context.job.id,
        retry_later=not context.is_last_attempt,
        reraise=True,
        progress=context.progress,
    )
    return str(report.status)


@job(max_attempts=3, label=_("Oude raadsrapportages opruimen"))
def reports_cleanup(context: JobContext) -> int:
    """Remove report files older than JM_REPORTS_KEEP_DAYS and files no report points to."""
    from .services import reports_files_expire

    return reports_files_expire()
