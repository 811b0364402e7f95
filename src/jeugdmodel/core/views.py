"""Shared view helpers and the error pages."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from .api import is_api_request, problem_json
from .errors import DomainError, NotFoundOrNotAllowed, ServiceUnavailable

logger = logging.getLogger(__name__)

V = TypeVar("V", bound=Callable[..., HttpResponse])


PAGE_PARAM = "pagina"


def paginate(request: HttpRequest, items: Any, per_page: int) -> tuple[Page[Any], str]:
    """One page of `items` (ordered queryset) and the query string without the page number,
    for includes/pagination.html."""
    page = Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))
    query = request.GET.copy()
    query.pop(PAGE_PARAM, None)
    return page, query.urlencode()


class ServiceForm(Protocol):
    """A form that can show a service's DomainError at the field it names."""

    cleaned_data: dict[str, Any]

    def is_valid(self) -> bool: ...

    def add_domain_error(self, exc: DomainError) -> None: ...


def run_form_action(form: ServiceForm, action: Callable[[dict[str, Any]], object]) -> bool:
    """Call the service with the form's data when the form is valid; put the service's
    DomainError on the form (nothing changed). "Not found / not allowed" passes through."""
    if not form.is_valid():
        return False
    try:
        action(form.cleaned_data)
    except NotFoundOrNotAllowed:
        raise
    except DomainError as exc:
        form.add_domain_error(exc)
        return False
    return True


def public(view: V) -> V:
    """Marks a page that anyone may open without logging in (checked by the access test)."""
    view.is_public = True  # type: ignore[attr-defined]
    return view


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return problem_json(request, 400, _("Het verzoek kon niet worden verwerkt."))
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Same answer as "not found": nobody learns that a record exists.
    return page_not_found(request, exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return problem_json(request, 404, _("Niet gevonden."))
    return render(request, "errors/404.html", status=404)


def _unavailable(exc: BaseException | None) -> bool:
    """The database or the job store could not be reached (not a bug of ours)."""
    from django.db import InterfaceError, OperationalError

    return isinstance(exc, ServiceUnavailable | OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors, no database: the error may come from there.
    if _unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    if is_api_request(request):
        return problem_json(request, 500, _("Er ging iets mis aan onze kant."))
    template = loader.get_template("errors/500.html")
    return HttpResponseServerError(template.render({}))


def service_unavailable(request: HttpRequest) -> HttpResponse:
    """503: the database or job store is down. Services write in one transaction, so what
    the user just did was not saved; the page (or problem document) says so."""
    from django.utils.translation import gettext as _

    from .api import PROBLEM_CONTENT_TYPE

    detail = _(
        "Jeugdmodel kan de database of de achtergrondverwerking nu niet bereiken. Wat u net "
        "deed is niet opgeslagen. Probeer het over een paar minuten opnieuw."
    )
    if request.path.startswith("/api/"):
        import json

        body = json.dumps(
            {
                "type": "about:blank",
                "title": _("Tijdelijk niet beschikbaar"),
                "status": 503,
                "detail": detail,
            }
        )
        response = HttpResponse(body, status=503, content_type=PROBLEM_CONTENT_TYPE)
    else:
        template = loader.get_template("errors/503.html")
        response = HttpResponse(template.render({"detail": detail}), status=503)
    response["Retry-After"] = "60"
    return response
