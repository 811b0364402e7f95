from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterable

from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from .context import RequestContext, reset_request_context, set_request_context
from .logging import reset_log_user, set_log_user, user_pseudonym

_request_log = logging.getLogger("jeugdmodel.request")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    """Gives every request an id made here (never the client's: the access log must not
    carry an id a client chose), exposes it in the response and in the request context
    used by the access log. A sane incoming X-Request-ID is kept apart, to trace a call
    across systems."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        client_request_id = incoming if _SAFE_ID.match(incoming) else ""
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = set_request_context(
            RequestContext(
                request_id=request_id,
                client_address=request.META.get("REMOTE_ADDR"),
                client_request_id=client_request_id,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            reset_request_context(token)
        response["X-Request-ID"] = request_id
        return response


class LogContextMiddleware:
    """Puts the user's pseudonymous id on every log line of the request and writes one
    line per request: method, view name, status and duration. No query string, no form
    data, no path parameters beyond the route (docs/operations.md, "Logs")."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.monotonic()
        token = set_log_user(user_pseudonym(getattr(request, "user", None)))
        try:
            response = self.get_response(request)
            match = request.resolver_match
            _request_log.info(
                "%s %s %s %.1f ms",
                request.method,
                match.view_name if match else "-",
                response.status_code,
                (time.monotonic() - started) * 1000,
                extra={
                    "method": request.method,
                    "view": match.view_name if match else "",
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            reset_log_user(token)


class NoStoreMiddleware:
    """`Cache-Control: no-store` (and private) on every page and API answer: nearly all of
    them show personal data, or what someone just typed, and no browser, proxy or shared
    computer may keep a copy. Static files are answered before this middleware (WhiteNoise)
    and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            add_never_cache_headers(response)
        return response


_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(items: Iterable[tuple[str, list[str]]]) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values) for key, values in items)


class RejectNulMiddleware:
    """A NUL character is never meaningful input, and PostgreSQL refuses it in any text
    (a server error deep in a query). Refused at the edge with a 400: in the path, the
    query string and form fields. JSON bodies are checked by the API's fields."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._carries_nul(request):
            from .views import bad_request

            return bad_request(request)
        return self.get_response(request)

    @staticmethod
    def _carries_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        if _has_nul(request.GET.lists()):
            return True
        # Under /api/ DRF parses the body (JSON only; its fields refuse NUL): reading the
        # form here would use up the stream and turn a 415 into a 400.
        if (
            request.method == "POST"
            and request.content_type in _FORM_TYPES
            and not request.path.startswith("/api/")
        ):
            try:
                items = request.POST.lists()
            except (ValueError, SuspiciousOperation):
                return False  # a broken or oversized body: the view answers 400
            return _has_nul(items)
        return False
