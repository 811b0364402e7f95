"""All defaults, read from the environment (12-factor).

Environment variables (all optional in dev/test, see docs/configuration.md):
DJANGO_SECRET_KEY, DJANGO_DEBUG, DATABASE_URL, DJANGO_ALLOWED_HOSTS, JEUGDMODEL_REQUIRE_2FA,
JEUGDMODEL_SESSION_IDLE_SECONDS, JEUGDMODEL_VAR_DIR, EMAIL_URL, DEFAULT_FROM_EMAIL; the job
system, logs and metrics: see docs/configuration.md.
"""

from __future__ import annotations

from pathlib import Path

import django_stubs_ext
import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.logging import logging_config

django_stubs_ext.monkeypatch()

SRC_DIR = Path(__file__).resolve().parent.parent  # src/jeugdmodel
BASE_DIR = SRC_DIR.parent.parent  # repository root

env = environ.Env()

VAR_DIR = Path(env.str("JEUGDMODEL_VAR_DIR", default=str(BASE_DIR / "var")))

# A placeholder key: production.py refuses to start with it.
INSECURE_DEFAULT_SECRET_KEY = "insecure-dev-key-not-for-production"  # nosec B105
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "jeugdmodel.accounts.admin_apps.JeugdmodelAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "django_tasks",
    "django_prometheus",
    "jeugdmodel.core",
    "jeugdmodel.jobs",
    "jeugdmodel.region",
    "jeugdmodel.accounts",
    "jeugdmodel.audit",
    "jeugdmodel.families",
    "jeugdmodel.cases",
    "jeugdmodel.care",
    "jeugdmodel.intake",
    "jeugdmodel.notifications",
    "jeugdmodel.steering",
    "jeugdmodel.reports",
    "jeugdmodel.finance",
    "jeugdmodel.history",
    "jeugdmodel.transition",
    "jeugdmodel.privacy",
    "jeugdmodel.ops",
    "jeugdmodel.ijw",
    "jeugdmodel.workspace",
    "jeugdmodel.demo",
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jeugdmodel.core.middleware.RequestIdMiddleware",
    "jeugdmodel.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jeugdmodel.core.middleware.RejectNulMiddleware",
    "jeugdmodel.core.middleware.LogContextMiddleware",
    "jeugdmodel.accounts.middleware.SecondFactorRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "jeugdmodel.core.idempotency.SubmissionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "jeugdmodel.urls"
WSGI_APPLICATION = "jeugdmodel.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jeugdmodel.navigation.navigation",
            ],
            # One-time form tokens in every {% csrf_token %} (core/idempotency.py), and the
            # linked error summary of every form page (core/error_summary.py).
            "builtins": [
                "jeugdmodel.core.templatetags.form_token",
                "jeugdmodel.core.templatetags.error_summary",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'jeugdmodel.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
# A PostgreSQL read replica for the steering pages (docs/operations.md, "Opschalen").
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["jeugdmodel.ops.dbrouter.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.middleware.security.SecurityMiddleware"),
        "jeugdmodel.ops.dbrouter.ReplicaReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "jeugdmodel.accounts.backends.UserBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Two-factor login (TOTP). Required for every staff user when true; production forces it on.
REQUIRE_2FA = env.bool("JEUGDMODEL_REQUIRE_2FA", default=True)
OTP_TOTP_ISSUER = "Jeugdmodel"

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("JEUGDMODEL_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = env.float("JEUGDMODEL_LOCKOUT_HOURS", default=0.25)  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "jeugdmodel.accounts.views.lockout_response"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Session expiry after inactivity.
SESSION_COOKIE_AGE = env.int("JEUGDMODEL_SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [SRC_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = VAR_DIR / "media"  # outside the web root; served only through checked views
# Largest document that can be attached to a case (bytes). Keep the web server's request
# size limit (e.g. nginx client_max_body_size) a little above this.
JEUGDMODEL_DOCUMENT_MAX_BYTES = env.int("JEUGDMODEL_DOCUMENT_MAX_BYTES", default=10 * 1024 * 1024)

# Steering figures (docs/figures.md, docs/decisions/0021-steering-cells.md) and reports.
JM_GOAL_REACHED_SCORE = env.int("JEUGDMODEL_GOAL_REACHED_SCORE", default=7)
# The secret behind the record keys of the cell-key method (docs/decisions/0045): whoever
# knows it can undo the perturbation of every figure. production.py refuses the default.
INSECURE_DEFAULT_CELL_KEY_SECRET = "insecure-dev-cell-key-not-for-production"  # nosec B105
JM_CELL_KEY_SECRET = env.str("JEUGDMODEL_CELL_KEY_SECRET", default=INSECURE_DEFAULT_CELL_KEY_SECRET)
JM_REPORTS_STALE_MINUTES = env.int("JEUGDMODEL_REPORTS_STALE_MINUTES", default=10)
JM_REPORTS_KEEP_DAYS = env.int("JEUGDMODEL_REPORTS_KEEP_DAYS", default=90)

# Emergency access (break the glass, docs/decisions/0077): how long it lasts.
JM_EMERGENCY_ACCESS_HOURS = env.float("JEUGDMODEL_EMERGENCY_ACCESS_HOURS", default=4)
# The privacy officer's report of unusual access (docs/decisions/0078): a user stands out
# above these counts within the period of the report.
JM_UNUSUAL_DISTINCT_CASES = env.int("JEUGDMODEL_UNUSUAL_DISTINCT_CASES", default=30)
JM_UNUSUAL_EMERGENCY_ACCESSES = env.int("JEUGDMODEL_UNUSUAL_EMERGENCY_ACCESSES", default=2)
JM_UNUSUAL_NIGHT_READS = env.int("JEUGDMODEL_UNUSUAL_NIGHT_READS", default=5)
JM_UNUSUAL_NIGHT_START_HOUR = env.int("JEUGDMODEL_UNUSUAL_NIGHT_START_HOUR", default=22)
JM_UNUSUAL_NIGHT_END_HOUR = env.int("JEUGDMODEL_UNUSUAL_NIGHT_END_HOUR", default=6)
JM_UNUSUAL_EXPORTS = env.int("JEUGDMODEL_UNUSUAL_EXPORTS", default=20)
# Inzage (docs/decisions/0083): the privacy officers are reminded this many days before the
# legal term of one month of a request runs out.
JM_INZAGE_REMINDER_DAYS = env.int("JEUGDMODEL_INZAGE_REMINDER_DAYS", default=7)
# Largest selection of the access log one export holds.
JM_ACCESS_LOG_EXPORT_MAX_ROWS = env.int("JEUGDMODEL_ACCESS_LOG_EXPORT_MAX_ROWS", default=50000)

# Security headers everywhere.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Links in e-mails: the configured address, else the port the server is told to use.
JEUGDMODEL_BASE_URL = env.str(
    "JEUGDMODEL_BASE_URL", default=f"http://127.0.0.1:{env.str('PORT', default='8000')}"
).rstrip("/")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="jeugdmodel@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "jeugdmodel.core.api.problem_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "jeugdmodel.core.api.Pagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "600/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jeugdmodel API",
    "DESCRIPTION": (
        "API van Jeugdmodel. Alle fouten zijn probleemdocumenten (RFC 9457, "
        "application/problem+json). Stuur `Accept-Language: en` voor Engelse meldingen."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    # The schema view itself asks the access table (api_urls.py); never public.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "jeugdmodel.core.api_schema.idempotency_key_header",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets whose field name is used for other choices elsewhere get a clear name.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "jeugdmodel.cases.models.CaseStatus",
        "ContactKindEnum": "jeugdmodel.cases.models.ContactKind",
    },
}

# Logs: readable text here, JSON in production (docs/operations.md, "Logs").
LOGGING = logging_config(
    env.str("JEUGDMODEL_LOG_FORMAT", default="text"), env.str("DJANGO_LOG_LEVEL", default="INFO")
)

# Background jobs: Django's task API on our database backend (docs/jobs.md).
TASKS = {
    "default": {
        "BACKEND": "jeugdmodel.jobs.backend.DatabaseBackend",
        "QUEUES": ["default", "reports"],
    }
}
JM_JOBS_IMMEDIATE = env.bool("JEUGDMODEL_JOBS_IMMEDIATE", default=False)
JM_JOBS_LEASE_SECONDS = env.float("JEUGDMODEL_JOBS_LEASE_SECONDS", default=60)
JM_JOBS_HEARTBEAT_SECONDS = env.float("JEUGDMODEL_JOBS_HEARTBEAT_SECONDS", default=10)
JM_JOBS_POLL_SECONDS = env.float("JEUGDMODEL_JOBS_POLL_SECONDS", default=1)
JM_JOBS_BACKOFF_SECONDS = env.float("JEUGDMODEL_JOBS_BACKOFF_SECONDS", default=10)
JM_JOBS_BACKOFF_MAX_SECONDS = env.float("JEUGDMODEL_JOBS_BACKOFF_MAX_SECONDS", default=3600)
JM_JOBS_KEEP_DAYS = env.int("JEUGDMODEL_JOBS_KEEP_DAYS", default=14)
JM_JOBS_KEEP_FAILED_DAYS = env.int("JEUGDMODEL_JOBS_KEEP_FAILED_DAYS", default=90)
JM_SCHEDULER_SECONDS = env.float("JEUGDMODEL_SCHEDULER_SECONDS", default=20)
#: Per schedule name a cron expression, or "off": "steering.refresh_daily=30 3 * * *;x=off".
JM_SCHEDULES: dict[str, str] = dict(
    item.split("=", 1)
    for item in env.str("JEUGDMODEL_SCHEDULES", default="").split(";")
    if "=" in item
)

# Metrics (Prometheus) on /metrics: with a bearer token; without one only from this machine.
JM_METRICS_TOKEN = env.str("JEUGDMODEL_METRICS_TOKEN", default="")
PROMETHEUS_EXPORT_MIGRATIONS = False
# The cache: per process unless REDIS_URL is set (production: shared, so API throttling
# holds across processes and hosts). /gereed checks it when it is Redis.
REDIS_URL = env.str("REDIS_URL", default="")


def redis_caches(location: str, prefix: str = "jeugdmodel") -> dict[str, dict[str, object]]:
    """The shared cache: Redis, tolerated when down (core/cache.py, decision 0088), with
    short socket timeouts so that a hanging Redis cannot hold a request."""
    return {
        "default": {
            "BACKEND": "jeugdmodel.core.cache.TolerantRedisCache",
            "LOCATION": location,
            "KEY_PREFIX": prefix,
            "TIMEOUT": 300,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


if REDIS_URL:
    CACHES = redis_caches(REDIS_URL, env.str("JEUGDMODEL_CACHE_PREFIX", default="jeugdmodel"))

# The public request form: spam protection without third-party services.
# Requests per hour per form session, and per client address over all its sessions (ADR 0063).
JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR = env.int("JEUGDMODEL_PUBLIC_FORM_LIMIT_PER_HOUR", default=5)
JEUGDMODEL_PUBLIC_FORM_ADDRESS_LIMIT_PER_HOUR = env.int(
    "JEUGDMODEL_PUBLIC_FORM_ADDRESS_LIMIT_PER_HOUR", default=30
)
# Finance: a forecast more than this many percent below the budget is flagged as an
# underspend (docs/decisions/0099).
JEUGDMODEL_FINANCE_UNDERSPEND_PERCENT = env.int("JEUGDMODEL_FINANCE_UNDERSPEND_PERCENT", default=25)
JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS = env.int("JEUGDMODEL_PUBLIC_FORM_MIN_SECONDS", default=3)

# The region file loaded by the demo (any region can be used: the region is data).
JEUGDMODEL_REGION_FILE = env.str(
    "JEUGDMODEL_REGION_FILE", default=str(BASE_DIR / "regions" / "mvs.yaml")
)

# iJw message exchange (docs/ijw.md): the transport class and, for the folder transport,
# where messages go out (outbox/) and come in (inbox/; read files move to inbox/processed/).
# The caseload upload: files up to this size are imported during the request, larger ones
# by a background job with progress.
JM_TRANSITION_SYNC_BYTES = env.int("JEUGDMODEL_TRANSITION_SYNC_BYTES", default=1024 * 1024)
JM_IJW_TRANSPORT = env.str(
    "JEUGDMODEL_IJW_TRANSPORT", default="jeugdmodel.ijw.transport.FolderTransport"
)
JM_IJW_DIR = Path(env.str("JEUGDMODEL_IJW_DIR", default=str(VAR_DIR / "ijw")))
# How many received messages the inbox checks, answers and applies in one transaction (the
# files of a batch are acknowledged after its commit). 1 gives a transaction per message.
JM_IJW_INBOX_BATCH = env.int("JEUGDMODEL_IJW_INBOX_BATCH", default=200)
