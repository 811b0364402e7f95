"""Spam protection of the public form without a third-party service (ADR 0012).

Three checks:
- a honeypot field that people do not see and leave empty; a filled one is answered as if
  the request was received, and nothing is stored;
- a limit per client address, counted from the stored requests by `client_hash` (an
  HMAC-SHA256 of the address, so no raw address is kept with the request);
- a minimum time between showing and sending the form, from a signed timestamp in the
  form; too fast (or a missing or changed timestamp) asks to check and send again.
"""

from __future__ import annotations

import time
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
DEFAULT_MIN_SECONDS = 3
#: How long a shown form stays valid; after that the user is asked to send it again.
FORM_TOKEN_MAX_AGE = timedelta(days=1)

_HASH_SALT = "jeugdmodel.intake.client-address"
_STARTED_SALT = "jeugdmodel.intake.public-form-started"


def limit_per_hour() -> int:
    return int(settings.JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR)


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


def submissions_last_hour(*, client_hash: str) -> int:
    since = timezone.now() - timedelta(hours=1)
    return Request.objects.filter(client_hash=client_hash, received_at__gte=since).count()


def over_limit(*, client_hash: str, idempotency_key: str | None) -> bool:
    """True when this address already sent the maximum number of requests in the last hour.
    Sending the same form again (same idempotency key) is never over the limit: it stores
    nothing and shows the same receipt."""
    if idempotency_key and Request.objects.filter(idempotency_key=idempotency_key).exists():
        return False
    return submissions_last_hour(client_hash=client_hash) >= limit_per_hour()


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
