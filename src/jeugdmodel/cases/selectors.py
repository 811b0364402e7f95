"""Reads for cases: one door per case (`case_get_for`), the list door
(`cases_visible_to`), and how a user relates to a case."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, Relation, require
from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import NotFoundOrNotAllowed

from .models import Case, CaseTeamMember


def _active(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


def case_relations(*, user: User, case: Case, on: date | None = None) -> set[Relation]:
    """How `user` relates to `case` on `on` (today): coordinator, case team within the
    member's period, lead of the case's team."""
    day = on or timezone.localdate()
    relations: set[Relation] = set()
    if case.coordinator_id == user.pk:
        relations.add(Relation.COORDINATOR)
    if CaseTeamMember.objects.filter(_active(day), case=case, user=user).exists():
        relations.add(Relation.CASE_TEAM)
    leads = TeamMembership.objects.filter(
        _active(day), user=user, team_id=case.team_id, role_in_team=TeamRole.LEAD
    )
    if leads.exists():
        relations.add(Relation.TEAM_LEAD)
    return relations


def case_get_for(
    *,
    user: User,
    public_id: UUID | str,
    perm: Perm = Perm.CASE_VIEW,
    purpose: str = "",
    log: bool = True,
) -> Case:
    """One case, if `user` may (perm) on it today. Not found and not allowed are the same.
    Every successful read is written to the access log with the family's people."""
    case = (
        Case.objects.select_related("family", "team", "coordinator")
        .filter(public_id=public_id)
        .first()
    )
    if case is None:
        raise NotFoundOrNotAllowed()
    require(user, perm, case_relations(user=user, case=case))
    if log:
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="case",
            record_id=case.public_id,
            subjects=case.family.members.values_list("person_id", flat=True),
            event="case.view",
            reason=purpose,
        )
    return case


def cases_visible_to(*, user: User, on: date | None = None) -> QuerySet[Case]:
    """Every case `user` may see today: as coordinator, as case-team member within their
    period, or as lead of the case's team. Lists, search and exports start here."""
    day = on or timezone.localdate()
    in_team = CaseTeamMember.objects.filter(_active(day), case=OuterRef("pk"), user=user)
    led = TeamMembership.objects.filter(_active(day), user=user, role_in_team=TeamRole.LEAD).values(
        "team_id"
    )
    return Case.objects.filter(
        Q(coordinator=user) | Q(Exists(in_team)) | Q(team_id__in=led)
    ).select_related("family", "team", "coordinator")
