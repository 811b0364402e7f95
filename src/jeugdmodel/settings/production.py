"""Production: refuses to start with unsafe settings."""

import re

from django.core.exceptions import ImproperlyConfigured

from jeugdmodel.core.logging import logging_config

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    DEBUG,
    INSECURE_DEFAULT_CELL_KEY_SECRET,
    INSECURE_DEFAULT_SECRET_KEY,
    JM_CELL_KEY_SECRET,
    SECRET_KEY,
    env,
)

if DEBUG:
    raise ImproperlyConfigured("Production weigert te starten: DJANGO_DEBUG staat aan.")
#: Words that mark a placeholder, not a secret.
_PLACEHOLDER_WORDS = (
    "insecure",
    "changeme",
    "change-me",
    "change_me",
    "verander",
    "secret",
    "geheim",
    "password",
    "wachtwoord",
    "example",
    "voorbeeld",
    "django",
    "jeugdmodel",
)


def secret_key_weakness(key: str) -> str:
    """Why `key` is too weak to sign sessions and tokens with ("" when it is fine)."""
    if key == INSECURE_DEFAULT_SECRET_KEY:
        return "het is de standaardsleutel voor ontwikkeling"
    if len(key) < 50:
        return f"hij is {len(key)} tekens lang; minstens 50 zijn nodig"
    if len(set(key)) < 12:
        return "hij bestaat uit te weinig verschillende tekens"
    if re.search(r"(.)\1{7,}", key) or re.fullmatch(r"(.+?)\1+", key):
        return "hij herhaalt een teken of een stukje"
    lowered = key.lower()
    for word in _PLACEHOLDER_WORDS:
        if word in lowered:
            return f"hij bevat het woord '{word}' (een voorbeeld, geen geheim)"
    return ""


_weakness = secret_key_weakness(SECRET_KEY)
if _weakness:
    raise ImproperlyConfigured(
        f"Production weigert te starten: DJANGO_SECRET_KEY is te zwak ({_weakness}). Maak een "
        "willekeurige sleutel, bijvoorbeeld met: "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))' (bin/production doet "
        "dat zelf als DJANGO_SECRET_KEY leeg is)."
    )
_cell_key_weakness = (
    "het is het standaardgeheim voor ontwikkeling"
    if JM_CELL_KEY_SECRET == INSECURE_DEFAULT_CELL_KEY_SECRET
    else secret_key_weakness(JM_CELL_KEY_SECRET)
)
if _cell_key_weakness:
    raise ImproperlyConfigured(
        "Production weigert te starten: JEUGDMODEL_CELL_KEY_SECRET is te zwak "
        f"({_cell_key_weakness}). Wie dit geheim kent, kan de verstoring van elk cijfer "
        "terugrekenen. Maak een willekeurig geheim (bin/production doet dat zelf als het leeg "
        "is) en houd het vast: een nieuw geheim verandert de getoonde cijfers."
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    raise ImproperlyConfigured(
        "Production weigert te starten met SQLite: zet DATABASE_URL op PostgreSQL."
    )

REQUIRE_2FA = True
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
# Probes and the metrics scraper talk plain HTTP inside the network (no redirect to https).
SECURE_REDIRECT_EXEMPT = [r"^gezond$", r"^gereed$", r"^metrics$"]
# One JSON object per log line, for the log collector (docs/operations.md).
LOGGING = logging_config(
    env.str("JEUGDMODEL_LOG_FORMAT", default="json"), env.str("DJANGO_LOG_LEVEL", default="INFO")
)
# Jobs always go through the queue in production (never inside a web request).
JM_JOBS_IMMEDIATE = False
# /metrics only with JEUGDMODEL_METRICS_TOKEN (a proxy may make every request look local).
JM_METRICS_ALLOW_LOCAL = False
