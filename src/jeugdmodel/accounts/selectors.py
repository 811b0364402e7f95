"""Reads for accounts."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from .access import Perm, require
from .models import TeamMembership, TeamRole, User


def users_visible_to(*, user: User, role: str = "", team_code: str = "") -> QuerySet[User]:
    """All accounts with their current teams, for functional admins."""
    require(user, Perm.USER_VIEW)
    today = timezone.localdate()
    current = (
        TeamMembership.objects.filter(valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .select_related("team")
    )
    qs = (
        User.objects.select_related("organisation", "municipality")
        .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        .order_by("last_name", "first_name", "username")
    )
    if role:
        qs = qs.filter(role=role)
    if team_code:
        qs = qs.filter(memberships__team__code=team_code).distinct()
    return qs


def own_memberships(*, user: User) -> QuerySet[TeamMembership]:
    return user.memberships.select_related("team", "team__municipality").order_by("-valid_from")


@dataclass(frozen=True)
class TeamStaffing:
    team_name: str
    members: int
    capacity: int


def team_staffing_for_lead(*, user: User) -> list[TeamStaffing]:
    """For a team lead: each team they lead now, with its members and total caseload room."""
    today = timezone.localdate()
    led = user.active_memberships(today).filter(role_in_team=TeamRole.LEAD).values("team_id")
    rows = (
        TeamMembership.objects.filter(team_id__in=led, valid_from__lte=today)
        .exclude(valid_to__lt=today)
        .values("team__name")
        .annotate(members=Count("user_id", distinct=True), capacity=Sum("user__caseload_capacity"))
        .order_by("team__name")
    )
    return [
        TeamStaffing(team_name=r["team__name"], members=r["members"], capacity=r["capacity"] or 0)
        for r in rows
    ]
