"""Council reports: ask for one, build it (a background job, reports/jobs.py), retry it,
mark reports that stopped moving as failed, and remove old files
(docs/decisions/0024-council-report.md, 0036-council-report-on-jobs.md)."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.models import Cell
from jeugdmodel.steering.periods import Period, PeriodCodeError, period_containing, period_parse
from jeugdmodel.steering.selectors import filters_clean, steering_scope_for

from .content import report_content
from .models import ACTIVE_STATUSES, CouncilReport, ReportStatus, ReportStep
from .render_odt import report_odt
from .render_pdf import report_pdf

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

logger = logging.getLogger(__name__)

#: A queued or running report that has not moved for this long counts as failed.
STALE_AFTER_DEFAULT_MINUTES = 10
Progress = Callable[..., None]


def stale_after() -> timedelta:
    return timedelta(
        minutes=int(getattr(settings, "JM_REPORTS_STALE_MINUTES", STALE_AFTER_DEFAULT_MINUTES))
    )


# -- asking -------------------------------------------------------------------------------


def report_period_parse(code: str) -> Period:
    """A quarter that has begun, or a DomainError in Dutch."""
    try:
        period = period_parse(code or "")
    except PeriodCodeError:
        raise DomainError(
            _("Onbekend kwartaal %(code)s: gebruik bijvoorbeeld 2025-Q3.") % {"code": code},
            field="period",
        ) from None
    if period.kind != "Q":
        raise DomainError(
            _("Een raadsrapportage gaat over een kwartaal: gebruik bijvoorbeeld 2025-Q3."),
            field="period",
        )
    if period > period_containing("Q", timezone.localdate()):
        raise DomainError(_("Dit kwartaal is nog niet begonnen."), field="period")
    return period


@transaction.atomic
def report_request(*, actor: User, municipality_id: int, period_code: str) -> CouncilReport:
    """Queue a council report for `municipality_id` and the quarter `period_code`; it is
    built after the transaction commits. The same request still in progress is returned
    instead of starting a second build."""
    require(actor, Perm.STEERING_REPORT)
    scope = steering_scope_for(actor)
    filters = filters_clean(scope, {"municipality": str(municipality_id)})
    if filters.municipality is None:
        raise DomainError(_("Kies een gemeente."), field="municipality")
    municipality = Municipality.objects.get(id=filters.municipality)
    period = report_period_parse(period_code)
    running = CouncilReport.objects.filter(
        requested_by=actor,
        municipality=municipality,
        period=period.code,
        status__in=ACTIVE_STATUSES,
        updated_at__gte=timezone.now() - stale_after(),
    ).first()
    if running is not None:
        return running
    report = CouncilReport.objects.create(
        requested_by=actor, municipality=municipality, period=period.code
    )
    _enqueue(report)
    return report


@transaction.atomic
def report_retry(*, actor: User, report: CouncilReport) -> CouncilReport:
    """Build a failed report again (same municipality and quarter)."""
    require(actor, Perm.STEERING_REPORT)
    locked = CouncilReport.objects.select_for_update().get(id=report.id)
    if locked.requested_by_id != actor.id:
        raise NotFoundOrNotAllowed()
    if locked.status not in (ReportStatus.FAILED, ReportStatus.EXPIRED):
        raise DomainError(
            _("Alleen een mislukte of verlopen rapportage kan opnieuw worden gemaakt.")
        )
    locked.status = ReportStatus.QUEUED
    locked.step = ReportStep.WAITING
    locked.progress = 0
    locked.message = ""
    locked.started_at = locked.finished_at = None
    locked.save(
        update_fields=[
            "status",
            "step",
            "progress",
            "message",
            "started_at",
            "finished_at",
            "updated_at",
        ]
    )
    _enqueue(locked)
    return locked


def reports_fail_stale(*, now: datetime | None = None) -> int:
    """Mark queued or running reports that did not move for `stale_after()` as failed (no
    worker took them, or the build hangs). They can be retried; a job that still builds
    such a report cannot finish it as done (report_build checks)."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # stored messages are Dutch
        message = _(
            "Het maken van de rapportage is onderbroken of duurde te lang. Probeer het opnieuw."
        )
    return CouncilReport.objects.filter(
        status__in=ACTIVE_STATUSES, updated_at__lt=now - stale_after()
    ).update(status=ReportStatus.FAILED, message=message, finished_at=now, updated_at=now)


# -- building -----------------------------------------------------------------------------


def _enqueue(report: CouncilReport) -> None:
    """Queue the build as a job in this transaction (it exists only if the report does),
    and remember which job builds it: only that job may finish it."""
    from .jobs import report_build_job

    job = job_enqueue(report_build_job, report_id=report.id)
    report.job_id = job.id
    CouncilReport.objects.filter(id=report.id).update(job_id=job.id)


def _update(report: CouncilReport, **fields: object) -> None:
    """Write progress at once (autocommit), so the progress page sees it."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = timezone.now()
    CouncilReport.objects.filter(id=report.id).update(updated_at=report.updated_at, **fields)


def _fail(report: CouncilReport, message: str) -> CouncilReport:
    # Only a report this build still holds: one marked stale meanwhile keeps its message.
    CouncilReport.objects.filter(
        id=report.id, status=ReportStatus.RUNNING, job_id=report.job_id
    ).update(
        status=ReportStatus.FAILED,
        message=message[:500],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )
    report.refresh_from_db()
    return report


def report_build(
    report: CouncilReport,
    *,
    job_id: uuid.UUID | None = None,
    retry_later: bool = False,
    reraise: bool = False,
    progress: Progress | None = None,
) -> CouncilReport:
    """Build the PDF and the ODT of a queued report, writing progress as it goes.

    Idempotent, as a job must be: it builds only a report that is queued or running and
    still belongs to `job_id` (a report marked stale, retried under another job, or done
    is left alone), and a second run overwrites the first run's files.

    A DomainError fails the report with its Dutch message. Another exception fails it with
    a general message, or, with `retry_later` (a job with attempts left), puts it back in
    the queue and raises, so that the job system tries again after a backoff. With
    `reraise` (the job's last attempt) it fails the report and raises, so that the job is
    listed as failed for the functional admin."""
    now = timezone.now()
    claimed = CouncilReport.objects.filter(
        id=report.id, status__in=ACTIVE_STATUSES, job_id=job_id
    ).update(
        status=ReportStatus.RUNNING,
        step=ReportStep.FIGURES,
        progress=1,
        message="",
        started_at=now,
        updated_at=now,
    )
    report.refresh_from_db()
    if not claimed:
        return report  # another job has it, it was marked stale, or it is finished
    started = time.monotonic()
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _build(report, progress)
        except DomainError as exc:
            return _fail(report, str(exc.message))
        except Exception:
            if retry_later:
                _update(
                    report,
                    status=ReportStatus.QUEUED,
                    step=ReportStep.WAITING,
                    progress=0,
                    message=_("Een poging mislukte; de rapportage wordt opnieuw gemaakt."),
                )
                raise
            if not reraise:
                logger.exception("council report %s failed", report.public_id)
            _fail(
                report,
                _(
                    "De rapportage kon door een fout in het systeem niet worden gemaakt. "
                    "Probeer het opnieuw; lukt het weer niet, meld het dan aan de "
                    "functioneel beheerder."
                ),
            )
            if reraise:
                raise
            return report
    logger.info("council report %s built in %.2f s", report.public_id, time.monotonic() - started)
    return report


def _build(report: CouncilReport, progress: Progress | None = None) -> None:
    actor = report.requested_by
    require(actor, Perm.STEERING_REPORT)
    scope = steering_scope_for(actor)
    try:
        period = period_parse(report.period)
    except PeriodCodeError:
        raise DomainError(_("Onbekend kwartaal %(code)s.") % {"code": report.period}) from None
    if period.kind != "Q":
        raise DomainError(_("Onbekend kwartaal %(code)s.") % {"code": report.period})
    if not Cell.objects.filter(period_kind="Q", period_start=period.start).exists():
        raise DomainError(
            _("Voor %(period)s zijn nog geen cijfers berekend.") % {"period": period.label}
        )

    def figures_progress(done: int, total: int) -> None:
        _update(report, progress=1 + round(69 * done / total))
        if progress is not None:
            progress(done=1 + round(69 * done / total), total=100, message=ReportStep.FIGURES.label)

    rendered: dict[ReportStep, bytes] = {}
    content = report_content(
        scope=scope,
        municipality=report.municipality,
        period=period,
        today=timezone.localdate(),
        progress=figures_progress,
    )
    for step, percent, render in (
        (ReportStep.PDF, 72, report_pdf),
        (ReportStep.ODT, 88, report_odt),
    ):
        _update(report, step=step, progress=percent)
        if progress is not None:
            progress(done=percent, total=100, message=step.label)
        rendered[step] = render(content)
    _update(report, step=ReportStep.SAVING, progress=96)
    _files_save(report, rendered[ReportStep.PDF], rendered[ReportStep.ODT])


def report_file_name(report: CouncilReport, kind: str) -> str:
    """The stored name of one file: random (the report's and the job's ids), and the same
    for every run of one job, so that a run after a crash overwrites what the crashed run
    left. The readable name is made at download time."""
    job = report.job_id.hex[:12] if report.job_id else uuid.uuid4().hex[:12]
    return f"reports/{report.public_id.hex}-{job}.{kind}"


def _files_save(report: CouncilReport, pdf: bytes, odt: bytes) -> None:
    """Write both files and mark the report done in one step, but only while this build
    still holds the report (it was not marked stale meanwhile). If anything fails, or the
    report is no longer ours, the files written are removed, so a report never has half
    its files and a stale report never becomes done."""
    written: list[str] = []
    storage = report.pdf.storage
    try:
        for kind, data in (("pdf", pdf), ("odt", odt)):
            name = report_file_name(report, kind)
            if storage.exists(name):  # left by a run of this job that was killed
                storage.delete(name)
            written.append(storage.save(name, ContentFile(data)))
        with transaction.atomic():
            now = timezone.now()
            finished = CouncilReport.objects.filter(
                id=report.id, status=ReportStatus.RUNNING, job_id=report.job_id
            ).update(
                pdf=written[0],
                odt=written[1],
                status=ReportStatus.DONE,
                step=ReportStep.DONE,
                progress=100,
                message="",
                finished_at=now,
                updated_at=now,
            )
        if not finished:
            raise _NoLongerOurs()
    except _NoLongerOurs:
        for name in written:
            storage.delete(name)
        logger.info("council report %s: no longer this build's; files removed", report.public_id)
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    report.refresh_from_db()


class _NoLongerOurs(Exception):
    """The report was marked stale (or retried) while this build ran."""


# -- old files ------------------------------------------------------------------------------


def reports_files_expire(*, now: datetime | None = None, keep_days: int | None = None) -> int:
    """Remove the files of reports older than JM_REPORTS_KEEP_DAYS (default 90) and mark
    them expired (they can be made again); also remove stored files no report points to
    (left by a crash), once they are a day old. Returns the number of files removed."""
    now = now or timezone.now()
    days = (
        keep_days if keep_days is not None else int(getattr(settings, "JM_REPORTS_KEEP_DAYS", 90))
    )
    removed = 0
    old = CouncilReport.objects.filter(
        status=ReportStatus.DONE, finished_at__lt=now - timedelta(days=days)
    )
    storage = CouncilReport._meta.get_field("pdf").storage
    for report in old:
        with transaction.atomic():
            changed = CouncilReport.objects.filter(id=report.id, status=ReportStatus.DONE).update(
                status=ReportStatus.EXPIRED, pdf="", odt="", updated_at=now
            )
        if changed:
            for name in (report.pdf.name, report.odt.name):
                if name and storage.exists(name):
                    storage.delete(name)
                    removed += 1
    removed += _orphans_remove(storage, now)
    return removed


def _orphans_remove(storage: object, now: datetime) -> int:
    from django.core.files.storage import Storage

    assert isinstance(storage, Storage)
    try:
        _dirs, files = storage.listdir("reports")
    except (FileNotFoundError, NotImplementedError):
        return 0
    known = set(CouncilReport.objects.exclude(pdf="").values_list("pdf", flat=True)) | set(
        CouncilReport.objects.exclude(odt="").values_list("odt", flat=True)
    )
    removed = 0
    for file in files:
        name = f"reports/{file}"
        if name in known:
            continue
        try:
            modified = storage.get_modified_time(name)
        except (NotImplementedError, OSError):
            continue
        if modified < now - timedelta(days=1):
            storage.delete(name)
            removed += 1
    return removed
