"""Test settings: fast hashing, in-memory mail, SQLite unless DATABASE_URL is set."""

from .base import *  # noqa: F403
from .base import DATABASES, STATIC_ROOT, env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only in tests
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and not env.str(
    "DATABASE_URL", default=""
):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"].pop("OPTIONS", None)
REQUIRE_2FA = True
AXES_FAILURE_LIMIT = 5
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": None, "user": None}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Jobs run in the test process right after commit, every attempt in a row (no backoff);
# tests that need the real worker say so (tests/jobs/conftest.py).
JM_JOBS_IMMEDIATE = env.bool("JEUGDMODEL_JOBS_IMMEDIATE", default=True)
JM_JOBS_BACKOFF_SECONDS = 0
JM_JOBS_LEASE_SECONDS = env.float("JEUGDMODEL_JOBS_LEASE_SECONDS", default=2)
JM_JOBS_HEARTBEAT_SECONDS = env.float("JEUGDMODEL_JOBS_HEARTBEAT_SECONDS", default=0.4)
JM_JOBS_POLL_SECONDS = env.float("JEUGDMODEL_JOBS_POLL_SECONDS", default=0.1)
