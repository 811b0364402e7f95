"""The privacy officer's review of the access log: search, export of a selection and the
report of unusual access. Every look at the log is itself logged."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.spreadsheet import csv_bytes, xlsx_bytes
from jeugdmodel.core.views import PAGE_PARAM

from .forms import AccessLogFilterForm, UnusualPeriodForm
from .models import AccessAction
from .selectors import (
    AccessLogFilter,
    access_log_export_rows,
    access_log_page,
    access_log_unusual,
    access_log_visible_to,
)
from .services import access_log_write
from .subjects import subjects_resolve

PAGE_SIZE = 50


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _filters(form: AccessLogFilterForm) -> AccessLogFilter | None:
    """The filter the form asks, or None when the form has errors (nothing is searched)."""
    if not form.is_bound:
        return AccessLogFilter()
    if not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if v not in ("", None)}
    person = data.pop("person", "")
    subject_ids: tuple[int, ...] = ()
    if person:
        subject_ids = tuple(subjects_resolve(person)) or (-1,)  # -1: nobody, no rows
    return AccessLogFilter(subject_ids=subject_ids, **data)


def _query(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    query.pop("formaat", None)
    return query.urlencode()


@access_required(Perm.ACCESS_LOG_VIEW)
def log(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AccessLogFilterForm(request.GET or None)
    filters = _filters(form)
    page = None
    if filters is not None:
        try:
            number = int(request.GET.get(PAGE_PARAM, "1"))
        except ValueError:
            number = 1
        page = access_log_page(
            access_log_visible_to(user=user, filters=filters), number=number, per_page=PAGE_SIZE
        )
        # Reading the log is itself logged: it shows who looked at whose file.
        access_log_write(
            actor=user,
            action=AccessAction.READ,
            record_type="access_log",
            event="access_log.review",
            details=filters.as_details(),
        )
    # A search form answers 200 with its errors (like every filter form here).
    return render(request, "audit/log.html", {"form": form, "page": page, "query": _query(request)})


@access_required(Perm.ACCESS_LOG_VIEW)
def export(request: HttpRequest) -> HttpResponse:
    """The current selection as CSV or Excel, for an investigation. Logged as an export."""
    user = _user(request)
    form = AccessLogFilterForm(request.GET or None)
    filters = _filters(form)
    kind = request.GET.get("formaat", "csv")
    if filters is None or kind not in ("csv", "xlsx"):
        return render(
            request,
            "audit/log.html",
            {"form": form, "page": None, "query": _query(request)},
            status=400,
        )
    rows = list(access_log_export_rows(user=user, filters=filters))
    access_log_write(
        actor=user,
        action=AccessAction.EXPORT,
        record_type="access_log",
        event="access_log.export",
        details={**filters.as_details(), "format": kind, "rows": len(rows) - 1},
    )
    stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
    if kind == "xlsx":
        response = HttpResponse(
            xlsx_bytes(rows, title=str(_("Toegangslog")), numbers=False),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="toegangslog-{stamp}.{kind}"'
    return response


@access_required(Perm.ACCESS_LOG_VIEW)
def unusual(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = UnusualPeriodForm(request.GET or {})
    if not form.is_valid():
        return render(request, "audit/unusual.html", {"form": form, "rows": None})
    start, end = form.period()
    rows = access_log_unusual(user=user, date_from=start, date_to=end)
    access_log_write(
        actor=user,
        action=AccessAction.READ,
        record_type="access_log",
        event="access_log.unusual",
        details={"date_from": str(start), "date_to": str(end), "users": len(rows)},
    )
    return render(
        request,
        "audit/unusual.html",
        {"form": form, "rows": rows, "start": start, "end": end},
    )
