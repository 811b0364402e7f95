"""A double click makes one thing: one-time form tokens and API idempotency keys.

Pages: every `{% csrf_token %}` in a template also renders a hidden `_form_token` field with
a fresh random value (core/templatetags/form_token.py, a template builtin), so every write
form has one without asking. The first POST that carries a token is handled as usual; a
second POST with the same token does not reach the view: it is sent where the first one
went (its redirect). A POST whose answer is not a redirect (a form with errors) frees its
token again, so nothing is lost.

API: a POST with an `Idempotency-Key` header is handled once per key and credential. The
same key with the same body answers with the first answer (marked `Idempotent-Replayed:
true`); the same key with another body is refused (422); while the first request is still
being handled, another one waits briefly and then gets 409.

Keys are stored hashed with the user (or API credential) they belong to, in
core.Submission, and removed after a day. Services still refuse duplicates that the
domain forbids (e.g. two running trajectories of one help form for one child): the token
guards against the double click, the service against everything else."""

from __future__ import annotations

import hashlib
import secrets
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from .models import Submission, SubmissionKind

FORM_TOKEN_FIELD = "_form_token"  # noqa: S105 - a field name, not a secret  # nosec B105
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_TOKEN_LENGTH = 255
KEEP_FOR = timedelta(days=1)


def new_form_token() -> str:
    return secrets.token_urlsafe(18)


def _sha(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def _scope(request: HttpRequest) -> str:
    """Whose key it is: the API credential, else the logged-in user, else nobody (the
    public form; its tokens are random and only known to the browser that got them)."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "credential:" + _sha(authorization)
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "anonymous"


def _wait_seconds() -> float:
    return float(getattr(settings, "JEUGDMODEL_SUBMISSION_WAIT", 5.0))


def _claim_once(key: str, kind: str, fingerprint: str) -> tuple[Submission, bool]:
    now = timezone.now()
    try:
        with transaction.atomic():
            row = Submission.objects.create(
                key=key, kind=kind, fingerprint=fingerprint, created_at=now
            )
    except IntegrityError:
        existing = Submission.objects.filter(key=key).first()
        if existing is None:  # freed in between: try once more
            return _claim_once(key, kind, fingerprint)
        return existing, False
    submissions_expire(now=now)
    return row, True


def submissions_expire(*, now: datetime | None = None) -> int:
    """Remove the keys older than KEEP_FOR (a day): after that a repeat is a new request.
    Idempotent; runs when a key is stored and daily as the job `core.submissions_cleanup`
    (a quiet site stores no new keys, so old ones would otherwise stay)."""
    removed, _by_model = Submission.objects.filter(
        created_at__lt=(now or timezone.now()) - KEEP_FOR
    ).delete()
    return removed


def _claim(key: str, kind: str, fingerprint: str = "") -> tuple[Submission, bool]:
    """The row for `key`, and whether this request made it (and so may go ahead). When
    another request holds the key, wait a little for it: it finishes (the row has its
    answer), gives up (the row is gone and this request takes the key) or is still busy
    (the unfinished row is returned)."""
    deadline = time.monotonic() + _wait_seconds()
    while True:
        row, mine = _claim_once(key, kind, fingerprint)
        if mine or row.finished_at is not None or row.fingerprint != fingerprint:
            return row, mine
        if time.monotonic() >= deadline:
            return row, False
        time.sleep(0.1)


def _problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    from .api import problem_json

    return problem_json(request, status, detail)


class SubmissionMiddleware:
    """Lets a form token or Idempotency-Key through once (module docstring). Runs after
    the CSRF check and the login, so a refused request never uses up a token."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        row: Submission | None = getattr(request, "_submission", None)
        if row is not None:
            self._finish(row, response)
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if request.method != "POST":
            return None
        api_key = request.headers.get(IDEMPOTENCY_HEADER)
        if api_key is not None:
            return self._api(request, api_key)
        content_type = request.content_type or ""
        if content_type not in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return None
        if request.path.startswith("/api/"):
            return None  # DRF reads the body itself (see RejectNulMiddleware)
        token = request.POST.get(FORM_TOKEN_FIELD, "")
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return None
        return self._form(request, token)

    def _form(self, request: HttpRequest, token: str) -> HttpResponse | None:
        key = _sha(f"form|{_scope(request)}|{token}")
        row, mine = _claim(key, SubmissionKind.FORM)
        if mine:
            request._submission = row  # type: ignore[attr-defined]
            return None
        if row.finished_at is None:
            return TemplateResponse(request, "errors/409.html", status=409)
        messages.info(
            request,
            _(
                "Dit formulier was al verstuurd. Het is één keer verwerkt; hieronder ziet u "
                "het resultaat."
            ),
        )
        location = row.location
        if not url_has_allowed_host_and_scheme(location, allowed_hosts={request.get_host()}):
            location = "/"
        return HttpResponseRedirect(location, status=303)

    def _api(self, request: HttpRequest, value: str) -> HttpResponse | None:
        if not value.strip() or len(value) > MAX_TOKEN_LENGTH:
            return _problem(
                request,
                400,
                _("De Idempotency-Key moet 1 tot %(n)d tekens lang zijn.")
                % {"n": MAX_TOKEN_LENGTH},
            )
        body = request.body
        fingerprint = _sha(
            b"\n".join([(request.method or "").encode(), request.get_full_path().encode(), body])
        )
        key = _sha(f"api|{_scope(request)}|{value}")
        row, mine = _claim(key, SubmissionKind.API, fingerprint)
        if mine:
            request._submission = row  # type: ignore[attr-defined]
            return None
        if row.fingerprint != fingerprint:
            return _problem(
                request,
                422,
                _(
                    "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik een "
                    "nieuwe sleutel voor een nieuw verzoek."
                ),
            )
        if row.finished_at is None:
            return _problem(
                request,
                409,
                _(
                    "Een verzoek met deze Idempotency-Key wordt nog verwerkt. Probeer het zo "
                    "opnieuw."
                ),
            )
        response = HttpResponse(
            bytes(row.body), status=row.status_code or 200, content_type=row.content_type
        )
        if row.location:
            response["Location"] = row.location
        response["Idempotent-Replayed"] = "true"
        return response

    def _finish(self, row: Submission, response: HttpResponse) -> None:
        status = response.status_code
        kept = False
        if row.kind == SubmissionKind.FORM:
            if 300 <= status < 400 and response.has_header("Location"):
                row.location = response["Location"][:2000]
                kept = True
        elif 200 <= status < 300 and not response.streaming:
            row.body = response.content
            row.content_type = response.get("Content-Type", "")[:100]
            row.location = response.get("Location", "")[:2000]
            kept = True
        if kept:
            row.status_code = status
            row.finished_at = timezone.now()
            row.save(
                update_fields=["status_code", "finished_at", "location", "body", "content_type"]
            )
        else:
            # Nothing was written (errors, refusal, crash): the token may be used again.
            Submission.objects.filter(pk=row.pk).delete()
