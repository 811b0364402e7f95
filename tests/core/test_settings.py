"""Production refuses unsafe settings; check --deploy is clean; security headers."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "q7Vw-2LpZ_rT9xKcN4mB8yHf3JdS6aUeG1oWnXiC5vRk0tYb-MzQhPjE7uFsLg2D"  # made up
GOOD_CELL_KEY = "Xr4tPq8-Lm2Wz_Kc7Vb1Nd9Hy3Js6Fg0Ae5Uo-Ti8Rk2Ql4Mw7Ez1Cx9Bn3Yv6Dh"  # made up


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "JEUGDMODEL_CELL_KEY_SECRET"))
    }
    base["JEUGDMODEL_CELL_KEY_SECRET"] = GOOD_CELL_KEY
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "jeugdmodel.settings.production", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PG = "postgres://u@127.0.0.1:5432/db"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DJANGO_SECRET_KEY": GOOD_KEY, "DATABASE_URL": PG, "DJANGO_DEBUG": "1"}, "DJANGO_DEBUG"),
        ({"DATABASE_URL": PG}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "a" * 64, "DATABASE_URL": PG}, "te weinig verschillende"),
        ({"DJANGO_SECRET_KEY": "abcdefghijklm" * 5, "DATABASE_URL": PG}, "herhaalt"),
        (
            {"DJANGO_SECRET_KEY": "changeme-" + GOOD_KEY, "DATABASE_URL": PG},
            "het woord 'changeme'",
        ),
        ({"DJANGO_SECRET_KEY": GOOD_KEY[:49], "DATABASE_URL": PG}, "minstens 50"),
        ({"DJANGO_SECRET_KEY": GOOD_KEY}, "SQLite"),
        (
            {"DJANGO_SECRET_KEY": GOOD_KEY, "DATABASE_URL": PG, "JEUGDMODEL_CELL_KEY_SECRET": ""},
            "JEUGDMODEL_CELL_KEY_SECRET",
        ),
        (
            {
                "DJANGO_SECRET_KEY": GOOD_KEY,
                "DATABASE_URL": PG,
                "JEUGDMODEL_CELL_KEY_SECRET": "insecure-dev-cell-key-not-for-production",
            },
            "standaardgeheim",
        ),
        (
            {
                "DJANGO_SECRET_KEY": GOOD_KEY,
                "DATABASE_URL": PG,
                "JEUGDMODEL_CELL_KEY_SECRET": GOOD_CELL_KEY[:20],
            },
            "JEUGDMODEL_CELL_KEY_SECRET is te zwak (hij is 20 tekens lang",
        ),
    ],
)
def test_production_refuses_to_start(env: dict[str, str], message: str) -> None:
    result = _run(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_check_deploy_reports_nothing() -> None:
    env = {
        "DJANGO_SECRET_KEY": GOOD_KEY,
        "DATABASE_URL": PG,
        "DJANGO_ALLOWED_HOSTS": "jeugdmodel.example.nl",
    }
    result = _run(env, "check", "--deploy", "--fail-level", "INFO")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_security_headers_on_every_page(client: Client) -> None:
    for path in ["/inloggen/", "/gezondheid/", "/bestaat-niet/"]:
        response = client.get(path)
        csp = response["Content-Security-Policy"]
        assert "unsafe-inline" not in csp
        assert "default-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Request-ID"]


@pytest.mark.django_db
def test_not_found_page_is_dutch_and_plain(client: Client) -> None:
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "bestaat niet of u heeft er geen toegang toe" in body
    assert "Traceback" not in body
