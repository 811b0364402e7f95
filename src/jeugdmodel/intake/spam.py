"""Spam protection of the public form without a third-party service (ADR 0012).

Three checks:
- a honeypot field that people do not see and leave empty; a filled one is answered as if
  the request was received, and nothing is stored;
- two limits per hour, counted from the stored requests and checked only for a form that is
  complete and correct (ADR 0063): a low one per form session (one browser: the id kept in
  its session and signed into the form) and a higher ceiling per client address
  (`client_hash`, an HMAC-SHA256 of the address, so no raw address is kept). People who
  share an address (a school, a library) each have their own form session; a flood that
  keeps no session shares one bucket per address with the low limit;
- a minimum time between showing and sending the form, from a signed timestamp in the
  form; too fast (or a missing or changed timestamp) asks to check and send again.
"""

from __future__ import annotations

import time
import uuid
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .models import Request

#: The name of the honeypot field. A neutral name bots like to fill and browsers do not
#: autofill (the field also has autocomplete="off").
HONEYPOT_FIELD = "homepage"

DEFAULT_LIMIT_PER_HOUR = 5
DEFAULT_ADDRESS_LIMIT_PER_HOUR = 30
DEFAULT_MIN_SECONDS = 3
#: How long a shown form stays valid; after that the user is asked to send it again.
FORM_TOKEN_MAX_AGE = timedelta(days=1)

_HASH_SALT = "jeugdmodel.intake.client-address"
_STARTED_SALT = "jeugdmodel.intake.public-form-started"
_FORM_SESSION_SALT = "jeugdmodel.intake.form-session"
#: The key in the browser's session of its form session id.
FORM_SESSION_KEY = "intake_form_session"


def limit_per_hour() -> int:
    """Requests per hour from one form session (or from one address without a session)."""
    return int(settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR)


def address_limit_per_hour() -> int:
    """Requests per hour from one client address, however many form sessions it has."""
    return int(settings.JEUGDMODEL_PUBLIC_FORM_ADDRESS_LIMIT_PER_HOUR)


def min_seconds() -> float:
    return float(settings.JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS)


def client_address(request: HttpRequest) -> str:
    """The client address as the web server gave it (REMOTE_ADDR, as django-axes uses it).
    Behind a proxy, the proxy must set it; a forwarded header from the client is not
    trusted."""
    return str(request.META.get("REMOTE_ADDR") or "")


def client_hash_of(address: str) -> str:
    """HMAC-SHA256 of the address with a key derived from SECRET_KEY: the same address gives
    the same hash, but the hash does not give the address back."""
    return salted_hmac(_HASH_SALT, address, algorithm="sha256").hexdigest()


def client_hash(request: HttpRequest) -> str:
    return client_hash_of(client_address(request))


def form_session_token(request: HttpRequest) -> str:
    """The signed form session id for the hidden field of a shown form: the id the browser's
    session already has, or a new one kept there."""
    session_id = request.session.get(FORM_SESSION_KEY)
    if not isinstance(session_id, str) or not session_id:
        session_id = uuid.uuid4().hex
        request.session[FORM_SESSION_KEY] = session_id
    return signing.dumps(session_id, salt=_FORM_SESSION_SALT)


def form_session_hash(request: HttpRequest, token: str | None) -> str:
    """The hash of the form session a sent form belongs to: the id in the browser's session,
    else the one signed into the form (a session that timed out while a parent was typing);
    empty when there is neither (a sender that keeps no session and made up the form)."""
    session_id = request.session.get(FORM_SESSION_KEY)
    if not isinstance(session_id, str) or not session_id:
        try:
            session_id = str(
                signing.loads(
                    token or "",
                    salt=_FORM_SESSION_SALT,
                    max_age=FORM_TOKEN_MAX_AGE,
                )
            )
        except (signing.BadSignature, TypeError, ValueError):
            return ""
    return salted_hmac(_FORM_SESSION_SALT, session_id, algorithm="sha256").hexdigest()


def submissions_last_hour(*, client_hash: str, form_session_hash: str | None = None) -> int:
    """Requests stored in the last hour from this address; with `form_session_hash`, only
    those of that form session (the empty hash: those sent without one)."""
    since = timezone.now() - timedelta(hours=1)
    requests = Request.objects.filter(client_hash=client_hash, received_at__gte=since)
    if form_session_hash is not None:
        requests = requests.filter(form_session_hash=form_session_hash)
    return requests.count()


def over_limit(
    *, client_hash: str, form_session_hash: str = "", idempotency_key: str | None
) -> bool:
    """True when this form session, or this address as a whole, already sent its maximum
    number of requests in the last hour. Sending the same form again (same idempotency
    key) is never over the limit: it stores nothing and shows the same receipt."""
    if idempotency_key and Request.objects.filter(idempotency_key=idempotency_key).exists():
        return False
    per_session = submissions_last_hour(
        client_hash=client_hash, form_session_hash=form_session_hash
    )
    if per_session >= limit_per_hour():
        return True
    return submissions_last_hour(client_hash=client_hash) >= address_limit_per_hour()


def honeypot_filled(value: str | None) -> bool:
    """True when the hidden field that people leave empty was filled in."""
    return bool((value or "").strip())


class TokenCheck(StrEnum):
    OK = "ok"
    TOO_FAST = "too_fast"
    INVALID = "invalid"  # missing, changed, or older than FORM_TOKEN_MAX_AGE


def form_token(*, issued_at: float | None = None) -> str:
    """A signed timestamp for the hidden field of the public form."""
    return signing.dumps(issued_at if issued_at is not None else time.time(), salt=_STARTED_SALT)


def form_token_check(token: str, *, now: float | None = None) -> TokenCheck:
    try:
        issued = float(signing.loads(token or "", salt=_STARTED_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return TokenCheck.INVALID
    elapsed = (now if now is not None else time.time()) - issued
    if elapsed > FORM_TOKEN_MAX_AGE.total_seconds():
        return TokenCheck.INVALID
    if elapsed < min_seconds():
        return TokenCheck.TOO_FAST
    return TokenCheck.OK
