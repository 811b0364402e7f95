"""The council report pages: the user's reports with the start form, the progress page
(polled by htmx every second), retry, and the checked download of the PDF and ODT.

Every view asks for Perm.STEERING_REPORT (municipality users); other roles get 404, like
a page that does not exist. Reports are reached only through reports_visible_to and
report_get_for (own reports only)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
from jeugdmodel.core.views import paginate, run_form_action
from jeugdmodel.steering.selectors import default_period, steering_scope_for

from .forms import ReportStartForm
from .models import CouncilReport
from .selectors import report_download_name, report_file_for, report_get_for, reports_visible_to
from .services import report_request, report_retry, reports_fail_stale

REPORTS_PER_PAGE = 25
#: htmx stops polling when the answer has this status (and still swaps it in).
HTMX_STOP_POLLING = 286


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _render_list(
    request: HttpRequest, form: ReportStartForm | None = None, *, status: int = 200
) -> HttpResponse:
    user = _user(request)
    scope = steering_scope_for(user)
    if form is None:
        form = ReportStartForm(
            scope=scope,
            initial={"municipality": scope.home_municipality, "period": default_period("Q").code},
        )
    page, query = paginate(request, reports_visible_to(user=user), REPORTS_PER_PAGE)
    return render(
        request,
        "reports/list.html",
        {"form": form, "page": page, "query": query, "reports": page.object_list},
        status=status,
    )


@access_required(Perm.STEERING_REPORT)
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    reports_fail_stale()
    return _render_list(request)


@access_required(Perm.STEERING_REPORT)
@require_POST
def report_start(request: HttpRequest) -> HttpResponse:
    """POST municipality (id) and period (e.g. 2025-Q3): queue the report and show its
    progress. A wrong value shows the list page with the message at the field."""
    user = _user(request)
    form = ReportStartForm(request.POST, scope=steering_scope_for(user))
    made: list[CouncilReport] = []
    done = run_form_action(
        form,
        lambda d: made.append(
            report_request(actor=user, municipality_id=d["municipality"], period_code=d["period"])
        ),
    )
    if not done:
        return _render_list(request, form, status=400)
    return redirect("reports:progress", report_id=made[0].public_id)


def _is_htmx_poll(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@access_required(Perm.STEERING_REPORT)
@require_GET
def report_progress(request: HttpRequest, report_id: UUID) -> HttpResponse:
    """The progress page. An htmx poll gets only the progress block; once the report is
    finished (done or failed) that answer stops the polling."""
    reports_fail_stale()
    report = report_get_for(user=_user(request), public_id=report_id)
    context = {"report": report}
    if _is_htmx_poll(request):
        response = render(request, "reports/includes/progress.html", context)
        if not report.is_active:
            response.status_code = HTMX_STOP_POLLING
    else:
        response = render(request, "reports/progress_page.html", context)
    response["Cache-Control"] = "no-store"
    response["Vary"] = "HX-Request"
    return response


@access_required(Perm.STEERING_REPORT)
@require_POST
def report_retry_view(request: HttpRequest, report_id: UUID) -> HttpResponse:
    user = _user(request)
    report = report_get_for(user=user, public_id=report_id)
    try:
        report_retry(actor=user, report=report)
    except NotFoundOrNotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    return redirect("reports:progress", report_id=report.public_id)


@access_required(Perm.STEERING_REPORT)
@require_GET
def report_download(request: HttpRequest, report_id: UUID, kind: str) -> HttpResponse:
    """The PDF or ODT of a finished report (kind "pdf" or "odt"); written to the access
    log as an export."""
    report, file, content_type = report_file_for(
        user=_user(request), public_id=report_id, kind=kind
    )
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=report_download_name(report, kind),
        content_type=content_type,
    )
    response["Cache-Control"] = "private, no-store"
    # A streaming response; access_required types its views as returning HttpResponse.
    return response  # type: ignore[return-value]
