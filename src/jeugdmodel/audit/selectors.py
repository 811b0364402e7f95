"""Reads of the access log, for the privacy officer's review: the search (by person
concerned, user, organisation, period and action), the report of unusual access and the
export of a selection. Each search has its own index (decision 0078); pages are fetched
with one row extra instead of counting the whole table."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractHour
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, require
from jeugdmodel.accounts.models import User

from .models import AccessAction, AccessLogEntry, AccessLogSubject


@dataclass(frozen=True)
class AccessLogFilter:
    username: str = ""
    organisation: str = ""
    action: str = ""
    record_type: str = ""
    record_id: str = ""
    subject_id: int | None = None
    subject_ids: tuple[int, ...] = ()
    date_from: date | None = None
    date_to: date | None = None

    def as_details(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v not in ("", None, ())}


def _bounds(filters: AccessLogFilter) -> Q:
    tz = timezone.get_current_timezone()
    q = Q()
    if filters.date_from:
        q &= Q(at__gte=datetime.combine(filters.date_from, time.min, tzinfo=tz))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=tz)
        q &= Q(at__lt=end)
    return q


def access_log_visible_to(*, user: User, filters: AccessLogFilter) -> QuerySet[AccessLogEntry]:
    require(user, Perm.ACCESS_LOG_VIEW)
    qs = AccessLogEntry.objects.filter(_bounds(filters))
    if filters.username:
        qs = qs.filter(username=filters.username)
    if filters.organisation:
        qs = qs.filter(organisation=filters.organisation)
    if filters.action:
        qs = qs.filter(action=filters.action)
    if filters.record_type:
        qs = qs.filter(record_type=filters.record_type)
    if filters.record_id:
        qs = qs.filter(record_id=filters.record_id)
    subjects = set(filters.subject_ids)
    if filters.subject_id is not None:
        subjects.add(filters.subject_id)
    if subjects:
        # A semi-join on the subject index, not a join that could repeat rows.
        qs = qs.filter(
            pk__in=AccessLogSubject.objects.filter(subject_id__in=sorted(subjects)).values(
                "entry_id"
            )
        )
    return qs.prefetch_related("subjects").order_by("-at", "-id")


@dataclass
class LogPage:
    """One page of a search, without counting all matches: `has_next` comes from one row
    more than the page holds."""

    rows: list[AccessLogEntry]
    number: int
    has_next: bool
    per_page: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end(self) -> int:
        return (self.number - 1) * self.per_page + len(self.rows)


#: Deepest page a search serves (offset pagination gets slow far down; narrow instead).
MAX_PAGE = 200


def access_log_page(qs: QuerySet[AccessLogEntry], *, number: int, per_page: int) -> LogPage:
    number = min(max(number, 1), MAX_PAGE)
    offset = (number - 1) * per_page
    rows = list(qs[offset : offset + per_page + 1])
    return LogPage(
        rows=rows[:per_page], number=number, has_next=len(rows) > per_page, per_page=per_page
    )


def access_log_export_rows(
    *, user: User, filters: AccessLogFilter, limit: int | None = None
) -> Iterator[list[str]]:
    """The selection as rows of text, header first, at most `limit` entries."""
    limit = limit or settings.JM_ACCESS_LOG_EXPORT_MAX_ROWS
    qs = access_log_visible_to(user=user, filters=filters)[:limit]
    yield [
        "tijdstip",
        "gebruiker",
        "rol",
        "organisatie",
        "handeling",
        "gebeurtenis",
        "soort gegeven",
        "kenmerk",
        "betrokkenen",
        "reden",
        "adres",
        "verzoek-id",
    ]
    tz = timezone.get_current_timezone()
    for e in qs:
        yield [
            e.at.astimezone(tz).isoformat(timespec="seconds"),
            e.username,
            e.role,
            e.organisation,
            e.action,
            e.event,
            e.record_type,
            e.record_id,
            " ".join(str(s.subject_id) for s in e.subjects.all()),
            e.reason,
            e.client_address or "",
            e.request_id,
        ]


def access_log_record_types() -> list[str]:
    return list(
        AccessLogEntry.objects.order_by("record_type")
        .values_list("record_type", flat=True)
        .distinct()
    )


# -- unusual access ---------------------------------------------------------------------------


@dataclass
class UnusualUser:
    user_id: int | None
    username: str
    role: str
    organisation: str
    signals: list[str] = field(default_factory=list)
    distinct_cases: int = 0
    emergency: int = 0
    night_reads: int = 0
    exports: int = 0


#: Reads of personal data; the report counts these (not the privacy officer's own review).
_PERSONAL_READS = Q(action__in=[AccessAction.READ, AccessAction.EMERGENCY]) & ~Q(
    record_type__in=["access_log", "emergency_access"]
)


def access_log_unusual(*, user: User, date_from: date, date_to: date) -> list[UnusualUser]:
    """Users who stand out in the period, by thresholds in settings: many different cases
    read, several emergency accesses (cases outside their own team), reads at night, many
    exports. Four grouped queries over the period's rows (the `at` index), whatever the
    number of users."""
    require(user, Perm.ACCESS_LOG_VIEW)
    period = AccessLogEntry.objects.filter(
        _bounds(AccessLogFilter(date_from=date_from, date_to=date_to)), user_id__isnull=False
    )
    keys = ("user_id", "username", "role", "organisation")
    found: dict[int, UnusualUser] = {}

    def add(rows: Any, attr: str, signal: str, threshold: int) -> None:
        for row in rows:
            if row["n"] < threshold:
                continue
            entry = found.setdefault(row["user_id"], UnusualUser(**{k: row[k] for k in keys}))
            setattr(entry, attr, row["n"])
            entry.signals.append(signal)

    cases = (
        period.filter(_PERSONAL_READS, record_type="case")
        .exclude(record_id="")
        .values(*keys)
        .annotate(n=Count("record_id", distinct=True))
    )
    add(cases, "distinct_cases", "many_cases", settings.JM_UNUSUAL_DISTINCT_CASES)
    emergency = (
        period.filter(action=AccessAction.EMERGENCY, event="emergency.start")
        .values(*keys)
        .annotate(n=Count("id"))
    )
    add(emergency, "emergency", "outside_team", settings.JM_UNUSUAL_EMERGENCY_ACCESSES)
    start, end = settings.JM_UNUSUAL_NIGHT_START_HOUR, settings.JM_UNUSUAL_NIGHT_END_HOUR
    hour = ExtractHour("at", tzinfo=timezone.get_current_timezone())
    night = (
        Q(hour__gte=start) | Q(hour__lt=end) if start > end else Q(hour__gte=start, hour__lt=end)
    )
    nights = (
        period.filter(_PERSONAL_READS)
        .annotate(hour=hour)
        .filter(night)
        .values(*keys)
        .annotate(n=Count("id"))
    )
    add(nights, "night_reads", "night", settings.JM_UNUSUAL_NIGHT_READS)
    exports = period.filter(action=AccessAction.EXPORT).values(*keys).annotate(n=Count("id"))
    add(exports, "exports", "exports", settings.JM_UNUSUAL_EXPORTS)
    return sorted(found.values(), key=lambda u: (-len(u.signals), u.username))


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
