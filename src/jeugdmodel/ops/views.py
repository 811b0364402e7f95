"""Probes and metrics. No login, no personal data, cheap enough to poll every few seconds.

- /gezond  the process is alive (no database access): 200.
- /gereed  ready for traffic: the database answers, all migrations are applied, the job
           store is reachable, and the shared cache (Redis) when one is configured. 200 or
           503 with the failing checks named.
- /metrics Prometheus text format: with `Authorization: Bearer JEUGDMODEL_METRICS_TOKEN`;
           without a token set, only from this machine and never in production
           (docs/decisions/0038-metrics.md)."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.crypto import constant_time_compare
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from jeugdmodel.jobs.models import Job, JobState

from .metrics import metrics_text

log = logging.getLogger(__name__)

#: Once every migration is applied in this process it stays so (new code = new process).
_migrations_applied = False
_migrations_checked_at = 0.0
_MIGRATIONS_RECHECK_SECONDS = 5.0


@require_GET
@never_cache
def health(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def _check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _check_migrations() -> None:
    global _migrations_applied, _migrations_checked_at
    if _migrations_applied:
        return
    now = time.monotonic()
    if now - _migrations_checked_at < _MIGRATIONS_RECHECK_SECONDS and _migrations_checked_at:
        raise RuntimeError("pending")
    _migrations_checked_at = now
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        raise RuntimeError("pending")
    _migrations_applied = True


def _check_jobs() -> None:
    Job.objects.filter(state=JobState.QUEUED).order_by().values("pk")[:1].exists()


def _check_cache() -> None:
    key = "jeugdmodel:gereed"
    cache.set(key, "1", timeout=10)
    if cache.get(key) != "1":
        raise RuntimeError("cache does not keep a value")


def _uses_redis() -> bool:
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    return "redis" in str(backend).lower()


@require_GET
@never_cache
def ready(request: HttpRequest) -> HttpResponse:
    checks = {
        "database": _check_database,
        "migrations": _check_migrations,
        "jobs": _check_jobs,
    }
    if _uses_redis():
        checks["cache"] = _check_cache
    results: dict[str, str] = {}
    for name, check in checks.items():
        try:
            check()
            results[name] = "ok"
        except Exception as exc:
            results[name] = "fout"
            log.warning("readiness check %s failed: %s", name, type(exc).__name__)
            if name == "database":  # nothing else can work without it
                for rest in checks:
                    results.setdefault(rest, "niet gecontroleerd")
                break
    ok = all(v == "ok" for v in results.values())
    return JsonResponse(
        {"status": "ok" if ok else "niet gereed", "checks": results}, status=200 if ok else 503
    )


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.JM_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return constant_time_compare(given, f"Bearer {token}")
    if not getattr(settings, "JM_METRICS_ALLOW_LOCAL", True):
        return False
    return request.META.get("REMOTE_ADDR") in {"127.0.0.1", "::1"}


@require_GET
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        response = HttpResponse("", status=404)
        return response
    body, content_type = metrics_text()
    return HttpResponse(body, content_type=content_type)
