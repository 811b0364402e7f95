"""Reads for the front door: one door per request, the team worklist, suggestions for
assignment, and the referrer's status view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm, Relation, can, require
from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.accounts.roles import CARE_ROLES
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case, CaseStatus
from jeugdmodel.cases.selectors import status_sharing_consented
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.core.workdays import add_working_days, working_days_between
from jeugdmodel.region.models import Team

from .models import (
    URGENCY_RANK,
    PersonRole,
    Request,
    RequestEscalation,
    RequestPerson,
    RequestStatus,
    Urgency,
)


def _led_team_ids(user: User, on: date | None = None) -> set[int]:
    """Teams `user` leads on `on`, or stands in for as deputy lead: at the front door the
    deputy does what the lead does (today by default; remembered on the user object for
    the rest of the request)."""
    if on is None:
        cached: set[int] | None = getattr(user, "_led_team_ids_today", None)
        if cached is not None:
            return set(cached)
    led = set(
        user.active_memberships(on)
        .filter(role_in_team__in=[TeamRole.LEAD, TeamRole.DEPUTY])
        .values_list("team_id", flat=True)
    )
    if on is None:
        user._led_team_ids_today = led  # type: ignore[attr-defined]
    return set(led)


def request_relations(*, user: User, request: Request) -> set[Relation]:
    """How `user` relates to `request`, for the access rule table."""
    relations: set[Relation] = set()
    led = _led_team_ids(user)
    if request.team_id in led or request.specialist_team_id in led:
        relations.add(Relation.TEAM_LEAD)
    if request.assigned_to_id == user.pk:
        relations.add(Relation.ASSIGNED)
    if request.case is not None and request.case.coordinator_id == user.pk:
        relations.add(Relation.ASSIGNED)
    if request.referrer_id == user.pk:
        relations.add(Relation.REFERRER)
    return relations


def _request_queryset() -> QuerySet[Request]:
    return Request.objects.select_related(
        "team",
        "specialist_team",
        "municipality",
        "assigned_to",
        "referrer",
        "referrer_organisation",
        "case",
        "case__coordinator",
        "possible_duplicate_of",
        "safety_checked_by",
    ).prefetch_related(
        Prefetch("people", queryset=RequestPerson.objects.order_by("role", "id")),
        "events__actor",
        "events__from_team",
        "events__to_team",
    )


def request_get_for(
    *, user: User, public_id: UUID | str, perm: Perm = Perm.REQUEST_VIEW, purpose: str = ""
) -> Request:
    """One request with its people, if `user` may see it; every read is logged."""
    request = _request_queryset().filter(public_id=public_id).first()
    if request is None:
        raise NotFoundOrNotAllowed()
    require(user, perm, request_relations(user=user, request=request))
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="request",
        record_id=request.public_id,
        subjects=[p.person_id for p in request.people.all() if p.person_id],
        event="request.view",
        reason=purpose,
    )
    return request


WORKLIST_FIELDS = (
    "public_id",
    "reference",
    "received_at",
    "urgency",
    "safety_concern",
    "safety_checked_at",
    "status",
    "is_repeat",
    "possible_duplicate_of_id",
    "team_id",
    "specialist_team_id",
    "assigned_to_id",
    "team__name",
    "team__callback_working_days",
    "specialist_team__name",
    "assigned_to__first_name",
    "assigned_to__last_name",
    "assigned_to__username",
)


@dataclass(frozen=True)
class WorklistFilter:
    team_id: int | None = None
    status: str = "open"  # open | all | <RequestStatus>
    urgency: str = ""
    safety_only: bool = False
    reference: str = ""


@dataclass(frozen=True)
class WorklistRow:
    request: Request
    waiting_days: int
    promise_days: int | None
    overdue: bool
    needs_safety_check: bool
    role_for_team: str  # "wijkteam" or "specialist" worklist

    @property
    def children(self) -> list[RequestPerson]:
        return [p for p in self.request.people.all() if p.role == PersonRole.CHILD]


def worklist_teams(*, user: User) -> QuerySet[Team]:
    require(user, Perm.REQUEST_WORKLIST)
    return Team.objects.filter(pk__in=_led_team_ids(user)).order_by("name")


def worklist_for(*, user: User, filters: WorklistFilter) -> list[WorklistRow]:
    """The triage worklist of the teams `user` leads: safety first, then urgency, then the
    longest waiting. A fixed number of queries whatever the number of requests."""
    require(user, Perm.REQUEST_WORKLIST)
    led = _led_team_ids(user)
    if filters.team_id is not None:
        led &= {filters.team_id}
    qs = Request.objects.filter(Q(team_id__in=led) | Q(specialist_team_id__in=led))
    if filters.status == "open":
        qs = qs.filter(status=RequestStatus.RECEIVED)
    elif filters.status in RequestStatus.values:
        qs = qs.filter(status=filters.status)
    if filters.urgency in Urgency.values:
        qs = qs.filter(urgency=filters.urgency)
    if filters.safety_only:
        qs = qs.filter(safety_concern=True)
    if filters.reference:
        qs = qs.filter(reference__icontains=filters.reference.strip()[:20])
    # Only what the worklist shows: it is the team lead's most used page (bench/intake).
    qs = (
        qs.select_related("team", "specialist_team", "assigned_to")
        .only(*WORKLIST_FIELDS)
        .prefetch_related(
            Prefetch(
                "people",
                queryset=RequestPerson.objects.filter(role=PersonRole.CHILD)
                .only("request_id", "role", "given_name", "date_of_birth", "person_id")
                .order_by("id"),
            )
        )
    )
    today = timezone.localdate()
    rows = []
    for request in qs[:500]:
        waiting = working_days_between(request.received_on, today)
        promise = request.team.callback_working_days if request.team else None
        needs_check = request.safety_concern and request.safety_checked_at is None
        rows.append(
            WorklistRow(
                request=request,
                waiting_days=waiting,
                promise_days=promise,
                overdue=promise is not None
                and waiting > promise
                and request.status == RequestStatus.RECEIVED,
                needs_safety_check=needs_check,
                role_for_team="specialist"
                if request.specialist_team_id in led and request.team_id not in led
                else "wijkteam",
            )
        )
    rows.sort(
        key=lambda r: (
            not r.needs_safety_check,
            not r.request.safety_concern,
            URGENCY_RANK.get(Urgency(r.request.urgency), 9),
            r.request.received_at,
        )
    )
    return rows


@dataclass(frozen=True)
class Suggestion:
    professional: User
    score: int
    open_cases: int
    room: int | None
    reasons: list[str]


def assignment_suggestions(*, request: Request, limit: int = 3) -> list[Suggestion]:
    """The best professionals of the request's team, with the reasons in plain Dutch:
    room in caseload, matching expertise, language, and earlier involvement. The colleague
    who referred the family is not suggested: the referral is theirs, the coordination a
    colleague's (the lead may still choose them from the whole team)."""
    if request.team_id is None:
        return []
    today = timezone.localdate()
    member_ids = (
        TeamMembership.objects.filter(team_id=request.team_id, valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .values("user_id")
    )
    candidates = list(
        User.objects.filter(
            pk__in=member_ids, is_active=True, role__in=[r.value for r in CARE_ROLES]
        )
        .exclude(pk=request.referrer_id or 0)
        .annotate(
            open_cases=Count(
                "coordinated_cases",
                filter=~Q(coordinated_cases__status=CaseStatus.CLOSED),
                distinct=True,
            )
        )
        .order_by("last_name", "pk")
    )
    person_ids = [p.person_id for p in request.people.all() if p.person_id]
    earlier = set(
        Case.objects.filter(family__members__person_id__in=person_ids).values_list(
            "coordinator_id", flat=True
        )
    )
    wanted = {t.lower() for t in request.topics}
    suggestions = []
    for user in candidates:
        reasons: list[str] = []
        score = 0
        room = None
        if user.caseload_capacity:
            room = user.caseload_capacity - user.open_cases
            if room > 0:
                score += min(room, 10) * 2
                reasons.append(_("ruimte in caseload: %(room)d") % {"room": room})
            else:
                score -= 20
                reasons.append(_("caseload vol"))
        matches = sorted(wanted & {e.lower() for e in user.expertise})
        if matches:
            score += 15 * len(matches)
            reasons.append(_("expertise: %(e)s") % {"e": ", ".join(matches)})
        if request.language and request.language != "nl" and request.language in user.languages:
            score += 15
            reasons.append(_("spreekt de voorkeurstaal (%(lang)s)") % {"lang": request.language})
        if user.pk in earlier:
            score += 25
            reasons.append(_("kent het gezin al (eerdere casus)"))
        suggestions.append(
            Suggestion(
                professional=user,
                score=score,
                open_cases=user.open_cases,
                room=room,
                reasons=reasons,
            )
        )
    suggestions.sort(key=lambda s: (-s.score, s.open_cases, s.professional.pk))
    return suggestions[:limit]


def team_professionals(*, request: Request) -> QuerySet[User]:
    """Everyone who may be assigned: active care-giving members of the request's team."""
    if request.team_id is None:
        return User.objects.none()
    today = timezone.localdate()
    # The membership in *this* team must be current; an ended membership elsewhere is no
    # reason to leave someone out (an exclude() across memberships would do just that).
    member_ids = (
        TeamMembership.objects.filter(team_id=request.team_id, valid_from__lte=today)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .values("user_id")
    )
    return User.objects.filter(
        pk__in=member_ids, is_active=True, role__in=[r.value for r in CARE_ROLES]
    ).order_by("last_name", "first_name")


# -- the referrer's view ---------------------------------------------------------------


@dataclass(frozen=True)
class ReferrerStatus:
    reference: str
    received_on: date
    status_label: str
    shared: bool
    status: str = ""  # the RequestStatus value shown (same rule as the label)
    team: str = ""  # the team the request was routed to ("" when forwarded outside)
    received_at: datetime | None = None


_SHOWN = {
    RequestStatus.RECEIVED: RequestStatus.RECEIVED,
    RequestStatus.ASSIGNED: RequestStatus.ASSIGNED,
    RequestStatus.JOINED_CASE: RequestStatus.ASSIGNED,
    RequestStatus.FIRST_CONTACT: RequestStatus.FIRST_CONTACT,
    RequestStatus.CLOSED: RequestStatus.CLOSED,
    RequestStatus.FORWARDED_OUTSIDE: RequestStatus.FORWARDED_OUTSIDE,
}


def referrer_status_of(request: Request, *, shared: bool | None = None) -> ReferrerStatus:
    """What the referrer may know of a request: the status while the family's consent to
    share it is in force (the consent records, decision 0079: a withdrawal counts at
    once), otherwise only that it was received (forwarded outside the region is always
    told). A request that joined an open case shows as assigned, so nobody learns of the
    case. `shared`: the consent, when the caller read it for many requests at once."""
    if shared is None:
        shared = request_status_shared(request)
    shown = _SHOWN[RequestStatus(request.status)] if shared else RequestStatus.RECEIVED

    if request.status == RequestStatus.FORWARDED_OUTSIDE:
        shown = RequestStatus.FORWARDED_OUTSIDE
    return ReferrerStatus(
        reference=request.reference,
        received_on=request.received_on,
        status_label=str(RequestStatus(shown).label),
        shared=shared,
        status=shown.value,
        team=request.team.name if request.team is not None else "",
        received_at=request.received_at,
    )


def request_status_shared(request: Request) -> bool:
    """Whether the family's consent to show the referrer the status is in force now."""
    return request.public_id in status_sharing_consented(
        requests=[(request.public_id, request.case_id)]
    )


@dataclass(frozen=True)
class ReferralCounts:
    """The home page's "my referrals": counts only (no names, no content)."""

    sent: int
    in_progress: int


def referral_counts_for(*, user: User) -> ReferralCounts | None:
    """How many requests `user` sent and how many are still with a team; None for a user
    who may not follow referrals."""
    if not can(user, Perm.REQUEST_STATUS, [Relation.REFERRER]):
        return None
    counts = Request.objects.filter(referrer=user).aggregate(
        sent=Count("pk"),
        in_progress=Count(
            "pk",
            filter=Q(
                status__in=[
                    RequestStatus.RECEIVED,
                    RequestStatus.ASSIGNED,
                    RequestStatus.FIRST_CONTACT,
                ]
            ),
        ),
    )
    return ReferralCounts(sent=counts["sent"], in_progress=counts["in_progress"])


def referrer_statuses(*, user: User) -> list[ReferrerStatus]:
    """The referrer's own requests: the status when the family consented, otherwise only
    that it was received. No names, no content: the reference is what the referrer has."""
    if not can(user, Perm.REQUEST_STATUS, [Relation.REFERRER]):
        raise NotFoundOrNotAllowed()
    rows = (Request.objects.filter(referrer=user).select_related("team").order_by("-received_at"))[
        :200
    ]
    shared = status_sharing_consented(requests=[(r.public_id, r.case_id) for r in rows])
    return [referrer_status_of(r, shared=r.public_id in shared) for r in rows]


def referrer_status_get(*, user: User, reference: str) -> ReferrerStatus:
    """One of the referrer's own requests by its reference. A request that does not exist
    and one the user did not refer give the same answer."""
    request = Request.objects.filter(reference=reference).select_related("team").first()
    if request is None:
        raise NotFoundOrNotAllowed()
    relations = {Relation.REFERRER} if request.referrer_id == user.pk else set()
    require(user, Perm.REQUEST_STATUS, relations)
    return referrer_status_of(request)


# -- the professional's home page --------------------------------------------------------


def my_open_requests(*, user: User) -> QuerySet[Request]:
    """Requests assigned to `user` (new cases and new questions) not yet in contact."""
    if not can(user, Perm.REQUEST_PROGRESS, [Relation.ASSIGNED]):
        return Request.objects.none()
    return (
        Request.objects.filter(
            assigned_to=user, status__in=[RequestStatus.ASSIGNED, RequestStatus.JOINED_CASE]
        )
        .select_related("team", "case")
        .prefetch_related(Prefetch("people", queryset=RequestPerson.objects.order_by("role", "id")))
        .order_by("assigned_at")
    )


# -- crisis and safety: the same-day term and its escalation --------------------------

#: The region file's `crisis_response_hours` when it names none.
DEFAULT_CRISIS_HOURS = 4
#: Level 1: the term has passed. Level 2: still not handled a working day later.
ESCALATION_LEVELS = (1, 2)


@dataclass(frozen=True)
class CrisisTerms:
    """What a crisis receipt promises: contact today, within `hours`, and whom to call."""

    hours: int
    phone: str
    team: str


def crisis_terms_for(team: Team | None) -> CrisisTerms:
    """The region file's term and the team's phone number (else the region's crisis line)."""
    if team is None:
        return CrisisTerms(hours=DEFAULT_CRISIS_HOURS, phone="", team="")
    region = team.region
    return CrisisTerms(
        hours=region.crisis_response_hours or DEFAULT_CRISIS_HOURS,
        phone=team.phone or region.crisis_phone,
        team=team.name,
    )


def request_is_urgent(request: Request) -> bool:
    """A crisis, or a concern about safety: the same-day term applies."""
    return request.urgency == Urgency.CRISIS or request.safety_concern


def request_urgent_handled(request: Request) -> bool:
    """Handled in time means out of the triage queue (assigned, joined, closed, forwarded);
    a safety concern without crisis is also handled once the lead did the safety check."""
    if request.status != RequestStatus.RECEIVED:
        return True
    return request.urgency != Urgency.CRISIS and request.safety_checked_at is not None


def request_urgent_due_at(request: Request, hours: int) -> datetime:
    return request.received_at + timedelta(hours=hours)


def escalation_level_due(request: Request, *, hours: int, now: datetime) -> int:
    """0 while in term; 1 once the term has passed; 2 a working day after that."""
    if not request_is_urgent(request) or request_urgent_handled(request):
        return 0
    due = request_urgent_due_at(request, hours)
    if now < due:
        return 0
    local_due = timezone.localtime(due)
    next_day = add_working_days(local_due.date(), 1)
    second = local_due.replace(year=next_day.year, month=next_day.month, day=next_day.day)
    return 2 if now >= second else 1


def urgent_open_requests() -> QuerySet[Request]:
    """Crisis and safety requests still in the triage queue, with what the check needs."""
    return (
        Request.objects.filter(status=RequestStatus.RECEIVED, team__isnull=False)
        .filter(Q(urgency=Urgency.CRISIS) | Q(safety_concern=True, safety_checked_at__isnull=True))
        .select_related("team__region")
        .order_by("received_at", "pk")
    )


@dataclass(frozen=True)
class EscalatedRequest:
    request: Request
    level: int
    due_at: datetime


def escalated_requests_for(*, user: User) -> list[EscalatedRequest]:
    """The escalated crisis and safety requests of the teams `user` leads or deputises
    for, until they are handled: the worklist's banner."""
    led = _led_team_ids(user)
    if not led:
        return []
    rows: dict[int, EscalatedRequest] = {}
    escalations = (
        RequestEscalation.objects.filter(
            Q(request__team_id__in=led) | Q(request__specialist_team_id__in=led),
            request__status=RequestStatus.RECEIVED,
        )
        .select_related("request")
        .order_by("request__received_at", "level")
    )
    for escalation in escalations:
        if request_urgent_handled(escalation.request):
            continue
        rows[escalation.request_id] = EscalatedRequest(
            request=escalation.request, level=escalation.level, due_at=escalation.due_at
        )
    return list(rows.values())
