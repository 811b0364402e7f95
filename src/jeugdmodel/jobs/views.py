"""The functional admin's view of the job system: jobs by state (failed first) with their
error, a retry button, one job's details with its progress (polled with htmx while it
runs), and the schedules with their last run."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError, NotFoundOrNotAllowed
from jeugdmodel.core.views import paginate

from .models import JobState
from .selectors import job_get_for, job_label, job_state_counts, jobs_visible_to, schedule_overview
from .services import job_retry

JOBS_PER_PAGE = 50
#: htmx stops polling when the answer has this status (and still swaps it in).
HTMX_STOP_POLLING = 286


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access_required(Perm.JOBS_MANAGE)
@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    state = request.GET.get("status", JobState.FAILED)
    if state not in {*JobState.values, ""}:
        state = JobState.FAILED
    counts = job_state_counts(user=user)
    page, query = paginate(request, jobs_visible_to(user=user, state=state), JOBS_PER_PAGE)
    for job in page.object_list:
        job.label = job_label(job)
    return render(
        request,
        "jobs/list.html",
        {
            "page": page,
            "query": query,
            "jobs": page.object_list,
            "state": state,
            "states": [(v, label, counts[v]) for v, label in JobState.choices],
            "schedules": schedule_overview(user=user),
        },
    )


def _is_htmx_poll(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@access_required(Perm.JOBS_MANAGE)
@require_GET
def job_detail(request: HttpRequest, job_id: UUID) -> HttpResponse:
    """One job. An htmx poll gets only the progress block and stops once the job ended."""
    job = job_get_for(user=_user(request), job_id=job_id)
    context = {"job": job, "label": job_label(job)}
    if _is_htmx_poll(request):
        response = render(request, "jobs/includes/progress.html", context)
        if not job.is_active:
            response.status_code = HTMX_STOP_POLLING
    else:
        response = render(request, "jobs/detail.html", context)
    response["Cache-Control"] = "no-store"
    response["Vary"] = "HX-Request"
    return response


@access_required(Perm.JOBS_MANAGE)
@require_POST
def job_retry_view(request: HttpRequest, job_id: UUID) -> HttpResponse:
    user = _user(request)
    try:
        job = job_retry(actor=user, job_id=job_id)
    except NotFoundOrNotAllowed:
        raise
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(
            request, _("%(task)s staat opnieuw in de wachtrij.") % {"task": job_label(job)}
        )
    return redirect("jobs:detail", job_id=job_id)
