"""The case's life: close with a reason, reopen within 12 months (a repeat), change the
coordinator, add and end case-team periods."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Family
from jeugdmodel.notifications.services import notify
from jeugdmodel.region.models import Team

from ..models import (
    Case,
    CaseClosing,
    CaseStatus,
    CaseTeamMember,
    CaseTeamRole,
    ClosingReason,
    PlanVersion,
)
from ..plan_content import plan_content_load
from .base import lock_case, log_case, require_on_case, require_open

#: Reopening counts as a repeat request within the same window the front door uses.
REOPEN_WINDOW = timedelta(days=365)
MAX_REASON = 500


def _today() -> date:
    return timezone.localdate()


def closing_goal_scores(case: Case) -> list[dict[str, object]]:
    """The last score of every goal in the case's latest plan (None when never scored)."""
    latest = PlanVersion.objects.filter(case=case).order_by("-number").first()
    if latest is None:
        return []
    content = plan_content_load(latest.content)
    return [
        {"subject": g.subject, "score": g.last_score.score if g.last_score else None}
        for g in content.goals
    ]


@transaction.atomic
def case_close(*, actor: User, case: Case, reason: str, on: date | None = None) -> Case:
    """Close the case with a reason on `on` (today). Every case-team period still open
    ends that day; periods that had not started yet are removed."""
    require_on_case(actor, Perm.CASE_MANAGE, case)
    lock_case(case)
    if case.status == CaseStatus.CLOSED:
        raise DomainError(_("Deze casus is al afgesloten."))
    day = on or _today()
    if reason not in ClosingReason.values:
        raise DomainError(_("Kies een reden van afsluiten."), field="reason")
    if day > _today():
        raise DomainError(_("De datum van afsluiten ligt niet in de toekomst."), field="on")
    if day < case.opened_on:
        raise DomainError(
            _("De casus kan niet eerder sluiten dan hij begon (%(on)s).")
            % {"on": case.opened_on.strftime("%d-%m-%Y")},
            field="on",
        )
    members = CaseTeamMember.objects.filter(case=case)
    not_started = members.filter(valid_from__gt=day)
    removed = not_started.count()
    not_started.delete()
    ended = members.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day)).update(valid_to=day)
    case.status = CaseStatus.CLOSED
    case.closed_on = day
    case.closing_reason = reason
    case.save(update_fields=["status", "closed_on", "closing_reason", "updated_at"])
    CaseClosing.objects.create(
        case=case, closed_on=day, reason=reason, goal_scores=closing_goal_scores(case)
    )
    log_case(
        actor,
        case,
        AccessAction.UPDATE,
        "case.close",
        details={"reason": reason, "on": day.isoformat(), "ended": ended, "removed": removed},
    )
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case, on: date | None = None) -> Case:
    """Reopen a case closed at most 12 months ago: it counts as a repeat request. After
    that a new request is needed. The coordinator gets a new period from `on` (today)."""
    require_on_case(actor, Perm.CASE_MANAGE, case)
    lock_case(case)
    if case.status != CaseStatus.CLOSED or case.closed_on is None:
        raise DomainError(_("Deze casus is niet afgesloten; heropenen is niet nodig."))
    day = on or _today()
    if day - case.closed_on > REOPEN_WINDOW:
        raise DomainError(
            _(
                "Deze casus is meer dan 12 maanden geleden afgesloten (op %(on)s) en kan niet "
                "meer worden heropend. Er is een nieuwe aanmelding nodig."
            )
            % {"on": case.closed_on.strftime("%d-%m-%Y")}
        )
    had_contact = (
        case.journal.exists() or case.requests.filter(first_contact_on__isnull=False).exists()
    )
    previous = {"closed_on": case.closed_on.isoformat(), "reason": case.closing_reason}
    case.status = CaseStatus.ACTIVE if had_contact else CaseStatus.REGISTERED
    case.closed_on = None
    case.closing_reason = ""
    case.is_repeat = True
    case.save(update_fields=["status", "closed_on", "closing_reason", "is_repeat", "updated_at"])
    for closing in CaseClosing.objects.filter(case=case, reopened_on__isnull=True):
        closing.reopened_on = day
        closing.save(update_fields=["reopened_on"])
    if not CaseTeamMember.objects.filter(
        case=case, role=CaseTeamRole.COORDINATOR, valid_to__isnull=True
    ).exists():
        CaseTeamMember.objects.create(
            case=case, user_id=case.coordinator_id, role=CaseTeamRole.COORDINATOR, valid_from=day
        )
    log_case(actor, case, AccessAction.UPDATE, "case.reopen", details=previous)
    return case


def _end_coordinator_periods(case: Case, day: date) -> int:
    """End the current coordinator period on `day`; the next one starts the same day."""
    current = CaseTeamMember.objects.filter(
        case=case, role=CaseTeamRole.COORDINATOR, valid_to__isnull=True
    )
    return current.update(valid_to=day)


@transaction.atomic
def case_coordinator_change(*, actor: User, case: Case, new_coordinator: User, reason: str) -> Case:
    """Hand the case to another coordinator: the old period ends today and the new one
    starts today, in one transaction. The database allows one current coordinator."""
    require_on_case(actor, Perm.CASE_MANAGE, case)
    lock_case(case)
    require_open(case)
    reason = reason.strip()
    if not reason:
        raise DomainError(_("Geef een reden voor de wissel van regiehouder."), field="reason")
    if len(reason) > MAX_REASON:
        raise DomainError(
            _("De reden is te lang (meer dan %(n)d tekens).") % {"n": MAX_REASON}, field="reason"
        )
    if new_coordinator.pk == case.coordinator_id:
        raise DomainError(
            _("%(name)s is al de regiehouder van deze casus.") % {"name": new_coordinator},
            field="new_coordinator",
        )
    day = _today()
    if (
        not new_coordinator.is_active
        or not new_coordinator.gives_care
        or case.team_id not in new_coordinator.active_team_ids(day)
    ):
        raise DomainError(
            _("De regiehouder moet een actieve professional van %(team)s zijn.")
            % {"team": case.team},
            field="new_coordinator",
        )
    previous_id = case.coordinator_id
    _end_coordinator_periods(case, day)
    try:
        with transaction.atomic():
            CaseTeamMember.objects.create(
                case=case, user=new_coordinator, role=CaseTeamRole.COORDINATOR, valid_from=day
            )
    except IntegrityError as exc:
        raise DomainError(
            _(
                "Deze casus heeft al een regiehouder voor vandaag. Vernieuw de pagina: "
                "misschien heeft iemand anders de regiehouder net gewijzigd."
            )
        ) from exc
    case.coordinator = new_coordinator
    case.save(update_fields=["coordinator", "updated_at"])
    previous = User.objects.filter(pk=previous_id).values_list("public_id", flat=True).first()
    log_case(
        actor,
        case,
        AccessAction.UPDATE,
        "case.coordinator_change",
        details={
            "from": str(previous or ""),
            "to": str(new_coordinator.public_id),
            "reason": reason,
        },
    )
    notify(
        user=new_coordinator,
        message=_("U bent nu regiehouder van de casus van %(family)s.") % {"family": case.family},
        url=reverse("cases:detail", args=[case.public_id]),
    )
    return case


@transaction.atomic
def case_team_add(
    *,
    actor: User,
    case: Case,
    user: User,
    role: str,
    valid_from: date,
    valid_to: date | None = None,
) -> CaseTeamMember:
    """Add a professional to the case team for a period. They see the case only then."""
    require_on_case(actor, Perm.CASE_MANAGE, case)
    lock_case(case)
    require_open(case)
    problems: list[tuple[str, str]] = []
    if role == CaseTeamRole.COORDINATOR:
        problems.append(("role", _("Een nieuwe regiehouder kiest u bij 'Regiehouder wijzigen'.")))
    elif role not in CaseTeamRole.values:
        problems.append(("role", _("Kies een rol.")))
    if not user.is_active or not user.gives_care:
        problems.append(("user", _("Kies een actieve professional.")))
    if valid_from < case.opened_on:
        problems.append(
            (
                "valid_from",
                _("De periode begint niet voor de casus begon (%(on)s).")
                % {"on": case.opened_on.strftime("%d-%m-%Y")},
            )
        )
    if valid_to is not None and valid_to < valid_from:
        problems.append(("valid_to", _("De einddatum ligt niet voor de begindatum.")))
    overlap = CaseTeamMember.objects.filter(case=case, user=user).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    )
    if valid_to is not None:
        overlap = overlap.filter(valid_from__lte=valid_to)
    if not problems and overlap.exists():
        problems.append(
            ("user", _("%(name)s staat in deze periode al in het casusteam.") % {"name": user})
        )
    if problems:
        raise DomainError(problems[0][1], field=problems[0][0], errors=problems)
    member = CaseTeamMember.objects.create(
        case=case, user=user, role=role, valid_from=valid_from, valid_to=valid_to
    )
    log_case(
        actor,
        case,
        AccessAction.UPDATE,
        "case.team_add",
        details={
            "user": str(user.public_id),
            "role": role,
            "from": valid_from.isoformat(),
            "to": valid_to.isoformat() if valid_to else "",
        },
    )
    if member.valid_from <= _today() and (valid_to is None or valid_to >= _today()):
        notify(
            user=user,
            message=_("U bent toegevoegd aan het casusteam van %(family)s.")
            % {"family": case.family},
            url=reverse("cases:detail", args=[case.public_id]),
        )
    return member


@transaction.atomic
def case_team_end(
    *, actor: User, case: Case, member: CaseTeamMember, on: date | None = None
) -> CaseTeamMember:
    """End a case-team period on `on` (today). A coordinator is replaced, never ended."""
    require_on_case(actor, Perm.CASE_MANAGE, case)
    lock_case(case)
    require_open(case)
    if member.case_id != case.pk:
        raise DomainError(_("Dit lid hoort niet bij deze casus."))
    if member.role == CaseTeamRole.COORDINATOR:
        raise DomainError(
            _("De regiehouder stopt alleen door een andere regiehouder te kiezen."),
            field="member",
        )
    day = on or _today()
    if member.valid_to is not None and member.valid_to <= day:
        raise DomainError(_("Deze periode is al afgelopen."), field="on")
    if day < member.valid_from:
        raise DomainError(
            _("De einddatum ligt niet voor het begin van de periode (%(on)s).")
            % {"on": member.valid_from.strftime("%d-%m-%Y")},
            field="on",
        )
    member.valid_to = day
    member.save(update_fields=["valid_to"])
    log_case(
        actor,
        case,
        AccessAction.UPDATE,
        "case.team_end",
        details={"member": str(member.public_id), "on": day.isoformat()},
    )
    return member


@transaction.atomic
def case_open_for_family(
    *, actor: User, family: Family, team: Team, coordinator: User, on: date | None = None
) -> Case:
    """Open a case for a family in `team` with `coordinator` (an active member of the
    team), as a request's assignment does. The caller checks that `actor` may do this for
    the reason it opens the case (a request's triage, a running client's handover)."""
    day = on or _today()
    if not coordinator.is_active or team.pk not in coordinator.active_team_ids(day):
        raise DomainError(
            _("%(name)s is geen lid van %(team)s.") % {"name": coordinator, "team": team},
            field="coordinator",
        )
    case = Case.objects.create(family=family, team=team, coordinator=coordinator, opened_on=day)
    CaseTeamMember.objects.create(
        case=case, user=coordinator, role=CaseTeamRole.COORDINATOR, valid_from=day
    )
    log_case(actor, case, AccessAction.CREATE, "case.opened")
    if coordinator.pk != actor.pk:
        notify(
            user=coordinator,
            message=_("U bent regiehouder van een nieuwe casus (overdracht bij de overstap)."),
            url=reverse("cases:detail", args=[case.public_id]),
        )
    return case
