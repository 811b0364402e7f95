"""Emergency access pages: a professional asks it (/noodtoegang/), the privacy officer
reviews it (/noodtoegang/beoordelen/). Services write; refused attempts are logged there."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.views import paginate, run_form_action

from .forms_emergency import EmergencyReviewForm, EmergencyStartForm
from .models import Case, EmergencyAccess, EmergencyReview
from .selectors import emergency_access_get_for, emergency_accesses_for_review
from .services import emergency_access_review, emergency_access_start
from .services.emergency import emergency_duration

QUEUE_PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _hours() -> str:
    return f"{emergency_duration().total_seconds() / 3600:g}"


@access_required(Perm.CASE_EMERGENCY)
def start(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EmergencyStartForm(request.POST or None)
    if request.method == "POST":
        granted: list[tuple[Case, EmergencyAccess | None]] = []
        done = run_form_action(
            form,
            lambda d: granted.append(
                emergency_access_start(
                    actor=user, bsn=d["bsn"], reason=d["reason"], explanation=d["explanation"]
                )
            ),
        )
        if done:
            case, access = granted[0]
            if access is None:
                messages.info(
                    request, _("U hebt al toegang tot deze casus; er is geen noodtoegang nodig.")
                )
            else:
                until = timezone.localtime(access.ends_at)
                messages.warning(
                    request,
                    _(
                        "Noodtoegang gegeven tot %(until)s. De privacyfunctionaris en de "
                        "regiehouder zijn ingelicht."
                    )
                    % {"until": f"{until:%H:%M}"},
                )
            return redirect("cases:detail", case_id=case.public_id)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "cases/emergency_start.html", {"form": form, "hours": _hours()}, status=status
    )


def _queue_page(
    request: HttpRequest,
    *,
    status: int = 200,
    forms_in: dict[str, EmergencyReviewForm] | None = None,
) -> HttpResponse:
    user = _user(request)
    state = request.GET.get("status", EmergencyReview.OPEN)
    if state not in EmergencyReview.values:
        state = EmergencyReview.OPEN
    page, query = paginate(
        request, emergency_accesses_for_review(user=user, review=state), QUEUE_PAGE_SIZE
    )
    rows = list(page.object_list)
    page.object_list = rows
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="emergency_access",
        event="emergency.queue",
        details={"status": state, "rows": len(rows)},
    )
    forms_in = forms_in or {}
    items = [
        (a, forms_in.get(str(a.public_id)) or EmergencyReviewForm(prefix=f"r-{a.public_id}"))
        for a in rows
    ]
    return render(
        request,
        "cases/emergency_queue.html",
        {
            "page": page,
            "query": query,
            "items": items,
            "state": state,
            "states": EmergencyReview.choices,
        },
        status=status,
    )


@access_required(Perm.EMERGENCY_REVIEW)
def queue(request: HttpRequest) -> HttpResponse:
    return _queue_page(request)


@access_required(Perm.EMERGENCY_REVIEW)
@require_POST
def review(request: HttpRequest, access_id: UUID) -> HttpResponse:
    user = _user(request)
    access = emergency_access_get_for(user=user, public_id=access_id)
    form = EmergencyReviewForm(request.POST, prefix=f"r-{access.public_id}")
    done = run_form_action(
        form,
        lambda d: emergency_access_review(
            actor=user, access=access, decision=d["decision"], note=d["note"]
        ),
    )
    if not done:
        access.refresh_from_db()
        if access.review != EmergencyReview.OPEN:
            # No longer in the open queue (reviewed meanwhile): say so on the page it is on.
            for message in form.non_field_errors() or [
                m for errs in form.errors.values() for m in errs
            ]:
                messages.error(request, str(message))
            return redirect(f"{reverse('emergency:queue')}?status={access.review}")
        return _queue_page(request, status=400, forms_in={str(access.public_id): form})
    messages.success(request, _("De beoordeling is vastgelegd."))
    return redirect("emergency:queue")
