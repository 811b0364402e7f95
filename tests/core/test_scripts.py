"""The scripts under bin/ a new user runs first: help without installing, a manage command
that works in a new shell, and e-mail links that follow the served port."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "JEUGDMODEL_", "PORT"))
    }
    return {**base, **extra}


def test_demo_help_prints_the_options_and_installs_nothing() -> None:
    # A Python that does not exist: any set-up step before the help would fail.
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "bin" / "demo"), "--help"],
        cwd=ROOT,
        env=_env(PYTHON="/nonexistent/python3"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "--port=" in result.stdout
    assert "--reset" in result.stdout
    assert "afhankelijkheden" not in result.stdout + result.stderr


def test_bin_manage_runs_a_management_command() -> None:
    result = subprocess.run(  # noqa: S603
        [str(ROOT / "bin" / "manage"), "help", "demo_code"],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "usage: manage.py demo_code" in result.stdout


def test_the_readme_uses_a_command_that_works_in_a_new_shell() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "uv run python manage.py" not in readme
    assert "bin/manage demo_code" in readme


def _base_url(**extra: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.JEUGDMODEL_BASE_URL)",
        ],
        cwd=ROOT,
        env=_env(
            DJANGO_SETTINGS_MODULE="jeugdmodel.settings.dev",
            PYTHONPATH=str(ROOT / "src"),
            **extra,
        ),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_email_links_follow_the_port_the_demo_serves_on() -> None:
    assert _base_url(PORT="8123") == "http://127.0.0.1:8123"
    assert _base_url() == "http://127.0.0.1:8000"
    assert _base_url(PORT="8123", JEUGDMODEL_BASE_URL="https://jm.example/") == "https://jm.example"


def test_bin_demo_passes_its_port_to_the_server_and_the_worker() -> None:
    script = (ROOT / "bin" / "demo").read_text(encoding="utf-8")
    assert 'export JEUGDMODEL_BASE_URL="${JEUGDMODEL_BASE_URL:-http://127.0.0.1:$PORT}"' in script
