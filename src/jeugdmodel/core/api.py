"""API foundations: problem documents (RFC 9457) for every error."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from rest_framework import exceptions, status
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler

from .errors import DomainError, NotFoundOrNotAllowed

PROBLEM_CONTENT_TYPE = "application/problem+json"


class Pagination(LimitOffsetPagination):
    """limit/offset for every API list. A limit above MAX_LIMIT is taken as MAX_LIMIT: a
    number too large for the database (limit=9223372036854775808) must not reach it."""

    max_limit = 1000
    # The API reference is Dutch in every locale (docs/decisions/0068): DRF's own English
    # parameter texts are replaced here, not translated per request.
    limit_query_description = "Aantal resultaten per pagina (hoogstens 1000)."
    offset_query_description = "Beginnen na zoveel resultaten (0: vanaf het eerste)."


_TITLES = {
    400: gettext_noop("Ongeldige invoer"),
    401: gettext_noop("Niet ingelogd"),
    403: gettext_noop("Geen toegang"),
    404: gettext_noop("Niet gevonden"),
    405: gettext_noop("Methode niet toegestaan"),
    406: gettext_noop("Niet aanvaardbaar"),
    409: gettext_noop("Conflict"),
    413: gettext_noop("Verzoek te groot"),
    415: gettext_noop("Mediatype niet ondersteund"),
    422: gettext_noop("Niet te verwerken"),
    429: gettext_noop("Te veel verzoeken"),
    500: gettext_noop("Interne fout"),
    503: gettext_noop("Tijdelijk niet beschikbaar"),
}


def _title(code: int) -> str:
    return _(_TITLES.get(code, "Fout"))


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail → a flat list of {field, message}."""
    out: list[dict[str, str]] = []
    if isinstance(detail, dict):
        for key, value in detail.items():
            # DRF ≥ 3.16 reports list items as {index: errors}: written children[0].bsn,
            # the same path as the domain errors.
            if isinstance(key, int):
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.extend(_flatten(value, "" if key == "non_field_errors" else name))
    elif isinstance(detail, list):
        for i, item in enumerate(detail):
            if isinstance(item, dict | list):
                out.extend(_flatten(item, f"{prefix}[{i}]"))
            else:
                out.append({"field": prefix, "message": str(item)})
    else:
        out.append({"field": prefix, "message": str(detail)})
    return out


def problem_response(
    code: int, detail: str, *, errors: list[dict[str, str]] | None = None, request: Any = None
) -> Response:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _title(code),
        "status": code,
        "detail": detail,
    }
    if request is not None:
        body["instance"] = request.path
    if errors:
        body["errors"] = errors
    return Response(body, status=code, content_type=PROBLEM_CONTENT_TYPE)


def problem_json(request: Any, code: int, detail: str) -> HttpResponse:
    """A problem document outside DRF: the error pages under /api/ and the middleware."""
    body = {
        "type": "about:blank",
        "title": _title(code),
        "status": code,
        "detail": detail,
        "instance": getattr(request, "path", ""),
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=code, content_type=PROBLEM_CONTENT_TYPE
    )


def is_api_request(request: Any) -> bool:
    return str(getattr(request, "path", "")).startswith("/api/")


def problem_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    if isinstance(exc, NotFoundOrNotAllowed | Http404):
        return problem_response(404, _("Niet gevonden."), request=request)
    if isinstance(exc, DomainError):
        errors = [{"field": f, "message": m} for f, m in exc.field_errors]
        return problem_response(exc.status_code, str(exc.message), errors=errors, request=request)
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        # Same answer as not found, unless the caller is not authenticated at all.
        return problem_response(404, _("Niet gevonden."), request=request)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a real bug: Django's 500 handler answers, without details
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        return problem_response(
            status.HTTP_400_BAD_REQUEST,
            _("De invoer is niet geldig."),
            errors=errors,
            request=request,
        )
    detail = getattr(exc, "detail", None)
    message = str(detail) if detail is not None else _title(response.status_code)
    problem = problem_response(response.status_code, message, request=request)
    for header in ("WWW-Authenticate", "Retry-After", "Allow"):
        if header in response:
            problem[header] = response[header]
    return problem
