"""Reads of council reports: only the user's own reports, only with the right to make
them. "Not found" and "not allowed" give the same answer."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.db.models import QuerySet
from django.db.models.fields.files import FieldFile
from django.utils.text import slugify

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .models import CouncilReport, ReportStatus

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User

#: The download formats: each is the name of the model's file field and the file
#: extension, with its content type.
FORMATS: dict[str, str] = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
}


def reports_visible_to(*, user: User) -> QuerySet[CouncilReport]:
    """The user's own reports, newest first."""
    require(user, Perm.STEERING_REPORT)
    return (
        CouncilReport.objects.filter(requested_by=user)
        .select_related("municipality")
        .order_by("-created_at", "-id")
    )


def report_get_for(*, user: User, public_id: UUID | str) -> CouncilReport:
    report = reports_visible_to(user=user).filter(public_id=public_id).first()
    if report is None:
        raise NotFoundOrNotAllowed()
    return report


def report_download_name(report: CouncilReport, kind: str) -> str:
    """A readable file name: raadsrapportage-jeugdhulp-maassluis-2025-Q3.pdf."""
    return f"raadsrapportage-jeugdhulp-{slugify(report.municipality.name)}-{report.period}.{kind}"


def report_file_for(
    *, user: User, public_id: UUID | str, kind: str
) -> tuple[CouncilReport, FieldFile, str]:
    """One finished file of the user's report, for download: (report, file, content
    type). The download is written to the access log as an export."""
    if kind not in FORMATS:
        raise NotFoundOrNotAllowed()
    report = report_get_for(user=user, public_id=public_id)
    content_type = FORMATS[kind]
    file: FieldFile = getattr(report, kind)
    if report.status != ReportStatus.DONE or not file:
        raise NotFoundOrNotAllowed()
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="council_report",
        record_id=report.public_id,
        event="council_report.download",
        details={
            "format": kind,
            "municipality": report.municipality.code,
            "period": report.period,
        },
    )
    return report, file, content_type
