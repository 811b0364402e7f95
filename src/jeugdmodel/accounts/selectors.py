"""Reads for accounts."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from .access import Perm, require
from .models import TeamMembership, User


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
