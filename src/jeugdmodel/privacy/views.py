"""Pages of inzage for the privacy officer: the requests with their term, recording a new
one, the request with its package, and the download of the package (PDF or JSON)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.audit.models import AccessAction
from jeugdmodel.audit.services import access_log_write
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.views import paginate, run_form_action

from .forms import InzageRequestForm
from .models import InzageRequest, InzageStatus
from .selectors import inzage_package_file, inzage_request_get_for, inzage_requests_visible_to
from .services import inzage_package_request, inzage_request_record

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access_required(Perm.INZAGE_MANAGE)
def request_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    page, query = paginate(request, inzage_requests_visible_to(user=user), PAGE_SIZE)
    rows = list(page.object_list)
    page.object_list = rows
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="inzage",
        event="inzage.list",
        subjects=[r.person_id for r in rows],
        details={"rows": len(rows)},
    )
    return render(
        request,
        "privacy/list.html",
        {"page": page, "query": query, "rows": rows, "today": timezone.localdate()},
    )


@access_required(Perm.INZAGE_MANAGE)
def request_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = InzageRequestForm(request.POST or None)
    if request.method == "POST":
        made: list[InzageRequest] = []
        done = run_form_action(form, lambda d: made.append(inzage_request_record(actor=user, **d)))
        if done:
            messages.success(
                request,
                _("Het inzageverzoek is vastgelegd. Het pakket moet uiterlijk %(due)s klaar zijn.")
                % {"due": made[0].due_on.strftime("%d-%m-%Y")},
            )
            return redirect("privacy:detail", inzage_id=made[0].public_id)
    status = 400 if request.method == "POST" else 200
    return render(request, "privacy/new.html", {"form": form}, status=status)


@access_required(Perm.INZAGE_MANAGE)
def request_detail(request: HttpRequest, inzage_id: UUID) -> HttpResponse:
    user = _user(request)
    inzage = inzage_request_get_for(user=user, public_id=inzage_id)
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="inzage",
        record_id=inzage.public_id,
        subjects=[inzage.person_id],
        event="inzage.view",
    )
    return render(
        request,
        "privacy/detail.html",
        {"inzage": inzage, "today": timezone.localdate(), "producing": InzageStatus.PRODUCING},
    )


@access_required(Perm.INZAGE_MANAGE)
@require_POST
def package_produce(request: HttpRequest, inzage_id: UUID) -> HttpResponse:
    user = _user(request)
    inzage = inzage_request_get_for(user=user, public_id=inzage_id)
    try:
        inzage_package_request(actor=user, inzage=inzage)
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(
            request, _("Het pakket wordt gemaakt. Ververs deze pagina over een ogenblik.")
        )
    return redirect("privacy:detail", inzage_id=inzage.public_id)


@access_required(Perm.INZAGE_MANAGE)
def package_download(request: HttpRequest, inzage_id: UUID, kind: str) -> HttpResponse:
    user = _user(request)
    inzage = inzage_package_file(user=user, public_id=inzage_id)
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="inzage",
        record_id=inzage.public_id,
        subjects=[inzage.person_id],
        event="inzage.download",
        details={"format": kind},
    )
    stem = f"inzage-{inzage.produced_at:%Y%m%d}-{str(inzage.public_id)[:8]}"
    if kind == "pdf":
        response = HttpResponse(bytes(inzage.package_pdf or b""), content_type="application/pdf")
    else:
        response = HttpResponse(
            inzage.package_json.encode("utf-8"), content_type="application/json; charset=utf-8"
        )
    response["Content-Disposition"] = f'attachment; filename="{stem}.{kind}"'
    return response
