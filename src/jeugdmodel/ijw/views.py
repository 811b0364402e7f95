"""iJw pages: the message log of a case and of a trajectory (case.view), the overview of
messages that wait, failed or were rejected, and resending (ijw.manage)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jeugdmodel.accounts.access import Perm, Relation
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.cases.selectors import case_get_for
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.views import paginate

from .selectors import (
    inbox_rejected,
    messages_of_case,
    outbox_message_for,
    outbox_needing_attention,
    trajectory_of_case,
)
from .services import outbox_resend

CASE_RELATIONS = [Relation.COORDINATOR, Relation.CASE_TEAM, Relation.TEAM_LEAD]
PER_PAGE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access_required(Perm.CASE_VIEW, relations=CASE_RELATIONS)
@require_GET
def case_messages(request: HttpRequest, case_id: UUID) -> HttpResponse:
    case = case_get_for(user=_user(request), public_id=case_id, purpose="iJw-berichten inzien")
    page, query = paginate(request, messages_of_case(case=case), PER_PAGE)
    return render(
        request,
        "ijw/case_messages.html",
        {"case": case, "page": page, "query": query, "rows": page.object_list, "trajectory": None},
    )


@access_required(Perm.CASE_VIEW, relations=CASE_RELATIONS)
@require_GET
def trajectory_messages(request: HttpRequest, case_id: UUID, trajectory_id: UUID) -> HttpResponse:
    case = case_get_for(user=_user(request), public_id=case_id, purpose="iJw-berichten inzien")
    trajectory = trajectory_of_case(case=case, public_id=trajectory_id)
    page, query = paginate(request, messages_of_case(case=case, trajectory=trajectory), PER_PAGE)
    return render(
        request,
        "ijw/case_messages.html",
        {
            "case": case,
            "page": page,
            "query": query,
            "rows": page.object_list,
            "trajectory": trajectory,
        },
    )


@access_required(Perm.IJW_MANAGE)
@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page, query = paginate(request, outbox_needing_attention(user=user), PER_PAGE)
    return render(
        request,
        "ijw/overview.html",
        {
            "page": page,
            "query": query,
            "rows": page.object_list,
            "incoming": inbox_rejected(user=user)[:PER_PAGE],
        },
    )


@access_required(Perm.IJW_MANAGE)
@require_POST
def resend(request: HttpRequest, message_id: UUID) -> HttpResponse:
    user = _user(request)
    message = outbox_message_for(user=user, public_id=message_id)
    try:
        again = outbox_resend(actor=user, message=message)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request,
            _("Bericht %(type)s staat opnieuw klaar om te versturen (identificatie %(id)s).")
            % {"type": again.message_type, "id": again.identification},
        )
    return redirect("ijw:overview")
