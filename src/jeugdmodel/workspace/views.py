"""The home page per role, and a health check for the process manager."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from jeugdmodel.accounts.access import Perm, can
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.accounts.roles import Role
from jeugdmodel.accounts.selectors import own_memberships, team_staffing_for_lead
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.selectors import access_log_summary
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.care.selectors import consultation_home_for
from jeugdmodel.cases.selectors import case_work_for
from jeugdmodel.core.views import public
from jeugdmodel.intake.models import PersonRole, Request
from jeugdmodel.intake.selectors import my_open_requests
from jeugdmodel.notifications.selectors import notifications_unread_count
from jeugdmodel.region.selectors import municipality_summary, region_summary


@dataclass(frozen=True)
class OpenRequest:
    """A request newly assigned to the professional: first names of the children only."""

    request: Request
    children: str


@access_required(Perm.HOME_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    role = user.role_enum
    context: dict[str, object] = {
        "memberships": [m for m in own_memberships(user=user) if m.valid_to is None],
        "role": user.role,
        "unread_notifications": notifications_unread_count(user=user),
    }
    if user.gives_care:
        # "The professional sees the new case on their home page."
        context["open_requests"] = _open_requests(user)
        # My cases: counts, overdue agreements and evaluations due (cases app).
        context["case_work"] = case_work_for(user=user)
        # Consultations waiting (care app): counts only, no personal data.
        context["consultation_home"] = consultation_home_for(user=user)
    if role == Role.TEAM_LEAD:
        context["staffing"] = team_staffing_for_lead(user=user)
    context["perms_steering"] = can(user, Perm.STEERING_VIEW)
    if role == Role.MUNICIPALITY and user.municipality_id is not None:
        context["municipality"] = municipality_summary(municipality_id=user.municipality_id)
    if role == Role.FUNCTIONAL_ADMIN:
        context["region_summary"] = region_summary()
    if role == Role.PRIVACY_OFFICER:
        context["log_summary"] = access_log_summary(user=user)
    return render(request, "workspace/home.html", context)


def _open_requests(user: User) -> list[OpenRequest]:
    rows = []
    subjects: list[int] = []
    for r in my_open_requests(user=user):
        children = [p for p in r.people.all() if p.role == PersonRole.CHILD]
        subjects += [p.person_id for p in children if p.person_id]
        rows.append(OpenRequest(request=r, children=", ".join(p.given_name for p in children)))
    if rows:
        # Children's first names are personal data: this read is logged like any other.
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="request",
            subjects=subjects,
            event="request.home_list",
        )
    return rows


@public
def health(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
