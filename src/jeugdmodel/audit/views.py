"""The privacy officer's review of the access log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.views import paginate

from .forms import AccessLogFilterForm
from .models import AccessAction
from .selectors import AccessLogFilter, access_log_visible_to
from .services import access_log_write

PAGE_SIZE = 50


@access_required(Perm.ACCESS_LOG_VIEW)
def log(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = AccessLogFilterForm(request.GET or None)
    filters = AccessLogFilter()
    if form.is_valid():
        filters = AccessLogFilter(
            **{k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
        )
    page, query = paginate(request, access_log_visible_to(user=user, filters=filters), PAGE_SIZE)
    # The page as it was when asked: read before the review below is logged, or that newest
    # row would push the last row of the page (counted before it) off the page.
    page.object_list = list(page.object_list)
    # Reading the log is itself logged: it shows who looked at whose file.
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="access_log",
        event="access_log.review",
        details={k: str(v) for k, v in filters.__dict__.items() if v not in ("", None)},
    )
    return render(
        request,
        "audit/log.html",
        {"form": form, "page": page, "query": query},
    )
