"""Council reports: ask for one, build it (in a background thread), retry it, and mark
jobs whose process died as failed (docs/decisions/0024-council-report.md)."""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
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

#: A queued or running job whose heartbeat is older than this lost its process.
STALE_AFTER_DEFAULT_MINUTES = 10
#: Builds at the same time in one process; more wait their turn.
_BUILD_SLOTS = threading.BoundedSemaphore(2)


def stale_after() -> timedelta:
    return timedelta(
        minutes=int(getattr(settings, "JM_REPORTS_STALE_MINUTES", STALE_AFTER_DEFAULT_MINUTES))
    )


def _build_inline() -> bool:
    return bool(getattr(settings, "JM_REPORTS_SYNC", False))


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
    _schedule(report.id)
    return report


@transaction.atomic
def report_retry(*, actor: User, report: CouncilReport) -> CouncilReport:
    """Build a failed report again (same municipality and quarter)."""
    require(actor, Perm.STEERING_REPORT)
    locked = CouncilReport.objects.select_for_update().get(id=report.id)
    if locked.requested_by_id != actor.id:
        raise NotFoundOrNotAllowed()
    if locked.status != ReportStatus.FAILED:
        raise DomainError(_("Alleen een mislukte rapportage kan opnieuw worden gemaakt."))
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
    _schedule(locked.id)
    return locked


def reports_fail_stale(*, now: datetime | None = None) -> int:
    """Mark queued or running jobs without a heartbeat for `stale_after()` as failed (their
    process died: a restart or a crash). They can be retried."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # stored messages are Dutch
        message = _(
            "Het maken van de rapportage is onderbroken (de server is herstart). Probeer "
            "het opnieuw."
        )
    return CouncilReport.objects.filter(
        status__in=ACTIVE_STATUSES, updated_at__lt=now - stale_after()
    ).update(status=ReportStatus.FAILED, message=message, finished_at=now, updated_at=now)


# -- building -----------------------------------------------------------------------------


def _schedule(report_id: int) -> None:
    """Build after commit: inline when JM_REPORTS_SYNC is set (tests), else in a thread."""
    if _build_inline():
        transaction.on_commit(lambda: report_build_by_id(report_id))
    else:
        transaction.on_commit(lambda: _thread_start(report_id))


def _thread_start(report_id: int) -> None:
    thread = threading.Thread(
        target=_thread_main, args=(report_id,), name=f"council-report-{report_id}"
    )
    thread.start()


def _thread_main(report_id: int) -> None:
    """The thread's whole life: one build with its own database connection, closed after."""
    try:
        with _BUILD_SLOTS:
            close_old_connections()
            report_build_by_id(report_id)
    except Exception:  # a last resort: report_build records its own failures
        logger.exception("council report %s: the build thread failed", report_id)
    finally:
        connections.close_all()


def report_build_by_id(report_id: int) -> CouncilReport | None:
    report = CouncilReport.objects.filter(id=report_id).first()
    if report is None:
        return None
    return report_build(report)


def _update(report: CouncilReport, **fields: object) -> None:
    """Write progress at once (autocommit), so the progress page sees it."""
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_at = timezone.now()
    CouncilReport.objects.filter(id=report.id).update(updated_at=report.updated_at, **fields)


def _fail(report: CouncilReport, message: str) -> CouncilReport:
    _update(
        report,
        status=ReportStatus.FAILED,
        message=message[:500],
        finished_at=timezone.now(),
    )
    return report


def report_build(report: CouncilReport) -> CouncilReport:
    """Build the PDF and the ODT of a queued report, writing progress as it goes. On any
    failure the report is marked failed with a Dutch message and no file is kept."""
    now = timezone.now()
    claimed = CouncilReport.objects.filter(id=report.id, status=ReportStatus.QUEUED).update(
        status=ReportStatus.RUNNING,
        step=ReportStep.FIGURES,
        progress=1,
        started_at=now,
        updated_at=now,
    )
    report.refresh_from_db()
    if not claimed:
        return report  # another thread has it, or it is finished
    started = time.monotonic()
    with translation.override(settings.LANGUAGE_CODE):
        try:
            _build(report)
        except DomainError as exc:
            return _fail(report, str(exc.message))
        except Exception:
            logger.exception("council report %s failed", report.public_id)
            return _fail(
                report,
                _(
                    "De rapportage kon door een fout in het systeem niet worden gemaakt. "
                    "Probeer het opnieuw; lukt het weer niet, meld het dan aan de "
                    "functioneel beheerder."
                ),
            )
    logger.info("council report %s built in %.2f s", report.public_id, time.monotonic() - started)
    return report


def _build(report: CouncilReport) -> None:
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

    content = report_content(
        scope=scope,
        municipality=report.municipality,
        period=period,
        today=timezone.localdate(),
        progress=figures_progress,
    )
    _update(report, step=ReportStep.PDF, progress=72)
    pdf = report_pdf(content)
    _update(report, step=ReportStep.ODT, progress=88)
    odt = report_odt(content)
    _update(report, step=ReportStep.SAVING, progress=96)
    _files_save(report, pdf, odt)


def _files_save(report: CouncilReport, pdf: bytes, odt: bytes) -> None:
    """Write both files and mark the report done in one step; if anything fails, the files
    written so far are removed again, so a report never has half its files."""
    written: list[str] = []
    storage = report.pdf.storage
    try:
        pdf_name = storage.save(
            report.pdf.field.generate_filename(report, "r.pdf"), ContentFile(pdf)
        )
        written.append(pdf_name)
        odt_name = storage.save(
            report.odt.field.generate_filename(report, "r.odt"), ContentFile(odt)
        )
        written.append(odt_name)
        with transaction.atomic():
            now = timezone.now()
            CouncilReport.objects.filter(id=report.id).update(
                pdf=pdf_name,
                odt=odt_name,
                status=ReportStatus.DONE,
                step=ReportStep.DONE,
                progress=100,
                message="",
                finished_at=now,
                updated_at=now,
            )
    except Exception:
        for name in written:
            storage.delete(name)
        raise
    report.refresh_from_db()
