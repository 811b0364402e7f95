"""/gezond, /gereed and /metrics: no login, no personal data, honest answers."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import OperationalError
from django.test import Client

from jeugdmodel.jobs.api import job_enqueue
from jeugdmodel.jobs.models import Job, JobState
from jeugdmodel.ops import views
from tests.jobs import sample_jobs

pytestmark = pytest.mark.django_db


def test_gezond_answers_without_the_database(
    client: Client, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/gezond")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_gereed_checks_database_migrations_and_job_store(client: Client) -> None:
    response = client.get("/gereed")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "jobs": "ok"},
    }


def test_gereed_is_not_ready_with_a_migration_pending(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "_migrations_applied", False)
    monkeypatch.setattr(views, "_migrations_checked_at", 0.0)

    class Pending:
        def __init__(self, connection: Any) -> None:
            self.loader = type("L", (), {"graph": type("G", (), {"leaf_nodes": lambda s: []})()})()

        def migration_plan(self, targets: Any) -> list[str]:
            return ["jobs.0002_nieuw"]

    monkeypatch.setattr(views, "MigrationExecutor", Pending)
    response = client.get("/gereed")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "fout"
    assert response.json()["status"] == "niet gereed"


def test_gereed_is_not_ready_when_the_database_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down() -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_check_database", down)
    response = client.get("/gereed")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "fout",
        "migrations": "niet gecontroleerd",
        "jobs": "niet gecontroleerd",
    }


def test_gereed_checks_redis_when_the_cache_is_redis(client: Client, settings: Any) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get("/gereed")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "fout"


def test_metrics_show_jobs_logins_and_schedules(client: Client, settings: Any) -> None:
    settings.JM_JOBS_IMMEDIATE = False
    job_enqueue(sample_jobs.noop)
    job_enqueue(sample_jobs.noop, idempotency_key="x")
    failed = job_enqueue(sample_jobs.noop)
    Job.objects.filter(pk=failed.pk).update(state=JobState.FAILED)
    client.post("/inloggen/", {"username": "niemand", "password": "fout-wachtwoord-1"})
    response = client.get("/metrics")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'jeugdmodel_jobs{queue="default",state="queued"} 2.0' in text
    assert 'jeugdmodel_jobs{queue="default",state="failed"} 1.0' in text
    assert 'jeugdmodel_jobs{queue="reports",state="queued"} 0.0' in text
    assert 'jeugdmodel_jobs_oldest_age_seconds{queue="default",state="queued"}' in text
    assert (
        'jeugdmodel_schedule_last_success_timestamp_seconds{schedule="steering.refresh_daily"}'
        in text
    )
    assert "jeugdmodel_login_failures_total" in text
    assert "django_http_requests_latency_seconds_by_view_method" in text


def test_metrics_need_the_token_when_one_is_set(client: Client, settings: Any) -> None:
    settings.JM_METRICS_TOKEN = "geheim-token-van-de-scraper"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer fout").status_code == 404
    ok = client.get("/metrics", HTTP_AUTHORIZATION="Bearer geheim-token-van-de-scraper")
    assert ok.status_code == 200


def test_metrics_without_a_token_only_from_this_machine(client: Client, settings: Any) -> None:
    assert client.get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 404
    settings.JM_METRICS_ALLOW_LOCAL = False  # production
    assert client.get("/metrics").status_code == 404
