"""Reads of the access log, for the privacy officer's review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User

from .models import AccessAction, AccessLogEntry


@dataclass(frozen=True)
class AccessLogFilter:
    username: str = ""
    action: str = ""
    record_type: str = ""
    record_id: str = ""
    subject_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


def access_log_visible_to(*, user: User, filters: AccessLogFilter) -> QuerySet[AccessLogEntry]:
    require(user, Perm.ACCESS_LOG_VIEW)
    qs = AccessLogEntry.objects.all()
    if filters.username:
        qs = qs.filter(username=filters.username)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.record_type:
        qs = qs.filter(record_type=filters.record_type)
    if filters.record_id:
        qs = qs.filter(record_id=filters.record_id)
    if filters.subject_id is not None:
        qs = qs.filter(subjects__subject_id=filters.subject_id)
    tz = timezone.get_current_timezone()
    if filters.date_from:
        qs = qs.filter(at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        qs = qs.filter(at__lte=datetime.combine(filters.date_to, time.max, tzinfo=tz))
    return qs.prefetch_related("subjects").order_by("-at", "-id")


def access_log_record_types() -> list[str]:
    return list(
        AccessLogEntry.objects.order_by("record_type")
        .values_list("record_type", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class AccessLogSummary:
    today: int
    emergency_30_days: int
    exports_30_days: int


def access_log_summary(*, user: User) -> AccessLogSummary:
    """For the privacy officer's home page: what needs a look."""
    require(user, Perm.ACCESS_LOG_VIEW)
    now = timezone.now()
    start_today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    month = now - timedelta(days=30)
    counts = AccessLogEntry.objects.aggregate(
        today=Count("id", filter=Q(at__gte=start_today)),
        emergency=Count("id", filter=Q(at__gte=month, action=AccessAction.EMERGENCY)),
        exports=Count("id", filter=Q(at__gte=month, action=AccessAction.EXPORT)),
    )
    return AccessLogSummary(
        today=counts["today"],
        emergency_30_days=counts["emergency"],
        exports_30_days=counts["exports"],
    )
