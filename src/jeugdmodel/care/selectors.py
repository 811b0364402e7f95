"""Reads for care: a case's trajectories and level changes, and the consultations of the
flexible network with their door (`consultation_get_for`), queue and consultation hour.

Case pages reach their case through `cases.selectors.case_get_for`; a consultation page
reaches its consultation only through `consultation_get_for`, which works out how the
user relates to it and asks the access table."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from uuid import UUID

from django.db import models
from django.db.models import Count, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from jeugdmodel.accounts.access import Perm, Relation, can, require
from jeugdmodel.accounts.models import TeamMembership, TeamRole, User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.cases.models import Case
from jeugdmodel.core.errors import NotFoundOrNotAllowed
from jeugdmodel.families.models import FamilyMember, Person
from jeugdmodel.families.models import Relation as FamilyRelation
from jeugdmodel.region.models import Organisation, OrganisationKind, Team, TeamKind

from .models import (
    Consultation,
    ConsultationStatus,
    ConsultationUrgency,
    LevelChange,
    Trajectory,
)

#: Organisations that deliver care (and so may be named on a trajectory).
CARE_ORGANISATION_KINDS = (
    OrganisationKind.CONTRACTED_PARTY,
    OrganisationKind.MEMBER,
    OrganisationKind.SUBCONTRACTOR,
    OrganisationKind.WELFARE,
    OrganisationKind.OTHER,
)
#: Consultations still in the hands of the flexible network.
IN_PROGRESS = (ConsultationStatus.ACCEPTED, ConsultationStatus.ADVISED)
NOT_CLOSED = (ConsultationStatus.OPEN, *IN_PROGRESS)


def _active(on: date) -> Q:
    return Q(valid_from__lte=on) & (Q(valid_to__isnull=True) | Q(valid_to__gte=on))


# -- trajectories -------------------------------------------------------------------------


def children_of_case(*, case: Case) -> QuerySet[Person]:
    """The children of the case's family, youngest last."""
    return (
        Person.objects.filter(
            memberships__family_id=case.family_id, memberships__relation=FamilyRelation.CHILD
        )
        .distinct()
        .order_by("date_of_birth", "id")
    )


def trajectories_of_case(*, case: Case) -> QuerySet[Trajectory]:
    """Every trajectory of the case, running and ended, oldest start first."""
    return (
        Trajectory.objects.filter(case=case)
        .select_related("child", "help_form", "organisation", "team")
        .order_by("start_date", "id")
    )


def level_changes_of_case(*, case: Case) -> QuerySet[LevelChange]:
    return (
        LevelChange.objects.filter(case=case)
        .select_related(
            "child",
            "created_by",
            "from_trajectory__help_form",
            "to_trajectory__help_form",
        )
        .order_by("on", "id")
    )


def care_organisations(*, region_id: int) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        region_id=region_id, kind__in=CARE_ORGANISATION_KINDS
    ).order_by("name")


def region_teams(*, region_id: int) -> QuerySet[Team]:
    return Team.objects.filter(region_id=region_id).order_by("kind", "name")


# -- consultations: relations and the door ------------------------------------------------


def consultation_relations(
    *, user: User, consultation: Consultation, on: date | None = None
) -> set[Relation]:
    """How `user` relates to `consultation` today.

    TEAM_MEMBER: an active member of its flex team, while it waits for a specialist (once a
    colleague accepted it, it is theirs: the queue shows a member only their own).
    ASSIGNED: the specialist who accepted it, until their period in the case team for it
    ends (access ends with the relation). TEAM_LEAD: a lead of its flex team."""
    day = on or timezone.localdate()
    relations: set[Relation] = set()
    membership = consultation.membership
    if (
        consultation.accepted_by_id is not None
        and consultation.accepted_by_id == user.pk
        and membership is not None
        and (membership.valid_to is None or membership.valid_to >= day)
    ):
        relations.add(Relation.ASSIGNED)
    roles = set(
        TeamMembership.objects.filter(
            _active(day), user=user, team_id=consultation.flex_team_id
        ).values_list("role_in_team", flat=True)
    )
    if roles and consultation.status == ConsultationStatus.OPEN:
        relations.add(Relation.TEAM_MEMBER)
    if TeamRole.LEAD in roles:
        relations.add(Relation.TEAM_LEAD)
    return relations


def consultation_get_for(
    *,
    user: User,
    public_id: UUID | str,
    perm: Perm = Perm.CONSULTATION_ANSWER,
    purpose: str = "",
    log: bool = True,
) -> Consultation:
    """One consultation, if `user` may (perm) on it today. Not found and not allowed are the
    same. A successful read is written to the access log with the family's people."""
    consultation = (
        Consultation.objects.select_related(
            "case__team", "case__coordinator", "flex_team", "asked_by", "accepted_by", "membership"
        )
        .filter(public_id=public_id)
        .first()
    )
    if consultation is None:
        raise NotFoundOrNotAllowed()
    require(user, perm, consultation_relations(user=user, consultation=consultation))
    if log:
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="consultation",
            record_id=consultation.public_id,
            subjects=family_subjects(family_ids=[consultation.case.family_id]),
            event="consultation.view",
            reason=purpose,
        )
    return consultation


def family_subjects(*, family_ids: list[int]) -> list[int]:
    """The people of these families, for the access log (one query)."""
    if not family_ids:
        return []
    return list(
        FamilyMember.objects.filter(family_id__in=set(family_ids)).values_list(
            "person_id", flat=True
        )
    )


# -- consultations: lists ------------------------------------------------------------------


def _urgency_rank() -> models.Case:
    return models.Case(
        When(urgency=ConsultationUrgency.TODAY, then=Value(0)),
        When(urgency=ConsultationUrgency.HIGH, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def _with_rows(consultations: QuerySet[Consultation]) -> QuerySet[Consultation]:
    return consultations.select_related("case__team", "flex_team", "asked_by", "accepted_by")


def consultations_queue_for(*, user: User, on: date | None = None) -> QuerySet[Consultation]:
    """The flexible network's queue as `user` may see it: the open questions of the flex
    teams they are in, their own accepted ones, and for a lead everything their flex teams
    still have in hand. The same relations as `consultation_get_for`, so every row opens.
    Most urgent first, then longest waiting."""
    day = on or timezone.localdate()
    memberships = TeamMembership.objects.filter(_active(day), user=user)
    scope = Q(pk__in=[])
    if can(user, Perm.CONSULTATION_ANSWER, [Relation.TEAM_MEMBER]):
        scope |= Q(status=ConsultationStatus.OPEN, flex_team_id__in=memberships.values("team_id"))
    if can(user, Perm.CONSULTATION_ANSWER, [Relation.ASSIGNED]):
        scope |= Q(status__in=IN_PROGRESS, accepted_by=user, membership__isnull=False) & (
            Q(membership__valid_to__isnull=True) | Q(membership__valid_to__gte=day)
        )
    if can(user, Perm.CONSULTATION_ANSWER, [Relation.TEAM_LEAD]):
        led = memberships.filter(role_in_team=TeamRole.LEAD).values("team_id")
        scope |= Q(status__in=NOT_CLOSED, flex_team_id__in=led)
    return (
        _with_rows(Consultation.objects.filter(scope))
        .annotate(urgency_rank=_urgency_rank())
        .order_by("urgency_rank", "asked_at", "id")
    )


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def consultations_consultation_hour_for(
    *, user: User, on: date | None = None
) -> QuerySet[Consultation]:
    """Today's questions for the consultation hour (spreekuur): from the queue, those asked
    today or marked for today."""
    day = on or timezone.localdate()
    return consultations_queue_for(user=user, on=day).filter(
        Q(asked_at__gte=_start_of(day)) | Q(urgency=ConsultationUrgency.TODAY)
    )


def consultations_of_case(*, case: Case) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(case=case)
        .select_related("flex_team", "asked_by", "accepted_by")
        .order_by("-asked_at", "-id")
    )


def flex_teams_for_case(*, case: Case) -> QuerySet[Team]:
    """The flexible-network teams of the case's region."""
    return Team.objects.filter(region_id=case.team.region_id, kind=TeamKind.FLEX_NETWERK).order_by(
        "name"
    )


def flex_expertise(*, team_ids: list[int], on: date | None = None) -> list[str]:
    """The expertise tags of the active members of these flex teams, to choose from."""
    day = on or timezone.localdate()
    tags: set[str] = set()
    for expertise in TeamMembership.objects.filter(
        _active(day), team_id__in=team_ids, user__is_active=True
    ).values_list("user__expertise", flat=True):
        tags.update(str(tag) for tag in expertise or [])
    return sorted(tags)


@dataclass(frozen=True)
class ConsultationCounts:
    """For the home page: how many questions wait for the flexible network."""

    waiting: int
    today: int
    mine: int


def consultation_counts_for(*, user: User, on: date | None = None) -> ConsultationCounts:
    """Counts only (no personal data): open questions in the user's queue, those for
    today's consultation hour, and the ones the user accepted and has not closed."""
    day = on or timezone.localdate()
    queue = consultations_queue_for(user=user, on=day)
    open_rows = queue.filter(status=ConsultationStatus.OPEN)
    counts = open_rows.aggregate(
        waiting=Count("pk"),
        today=Count(
            "pk", filter=Q(asked_at__gte=_start_of(day)) | Q(urgency=ConsultationUrgency.TODAY)
        ),
    )
    mine = queue.filter(status__in=IN_PROGRESS, accepted_by=user).count()
    return ConsultationCounts(waiting=counts["waiting"], today=counts["today"], mine=mine)


@dataclass(frozen=True)
class ConsultationHome:
    """The home page's "consultations waiting": the queue's counts for the flexible network
    (None for roles without a queue) and the user's own questions still without advice."""

    queue: ConsultationCounts | None
    asked_waiting: int


def consultation_home_for(*, user: User, on: date | None = None) -> ConsultationHome:
    """Counts for the home page. The queue's counts only for someone in a flex team today
    (a lead of a neighbourhood team has the queue permission but no flex team)."""
    day = on or timezone.localdate()
    in_flex_team = TeamMembership.objects.filter(
        _active(day), user=user, team__kind=TeamKind.FLEX_NETWERK
    ).exists()
    queue = None
    if in_flex_team and can(user, Perm.CONSULTATION_QUEUE):
        queue = consultation_counts_for(user=user, on=day)
    asked_waiting = Consultation.objects.filter(
        asked_by=user, status__in=(ConsultationStatus.OPEN, ConsultationStatus.ACCEPTED)
    ).count()
    return ConsultationHome(queue=queue, asked_waiting=asked_waiting)
