"""The home page per role, and a health check for the process manager."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.selectors import own_memberships, team_staffing_for_lead
from jeugdmodel.audit.selectors import access_log_summary
from jeugdmodel.core.views import access_required, public
from jeugdmodel.region.selectors import municipality_summary, region_summary


@access_required(Perm.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    role = user.role_enum
    context: dict[str, object] = {
        "memberships": [m for m in own_memberships(user=user) if m.valid_to is None],
        "role": user.role,
    }
    if role == Role.TEAM_LEAD:
        context["staffing"] = team_staffing_for_lead(user=user)
    if role == Role.MUNICIPALITY and user.municipality_id is not None:
        context["municipality"] = municipality_summary(municipality_id=user.municipality_id)
    if role == Role.FUNCTIONAL_ADMIN:
        context["region_summary"] = region_summary()
    if role == Role.PRIVACY_OFFICER:
        context["log_summary"] = access_log_summary(user=user)
    return render(request, "core/home.html", context)


@public
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
