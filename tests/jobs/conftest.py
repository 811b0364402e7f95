"""Fixtures for the job system: the in-process worker, and a database a worker
subprocess can share (PostgreSQL: the test database itself; SQLite: a file copy of the
in-memory test database, copied back afterwards)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from jeugdmodel.jobs.worker import Worker
from tests.jobs import sample_jobs
from tests.reports.conftest import cells, muni_user, place  # noqa: F401  (fixtures)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _calls() -> None:
    sample_jobs.CALLS.clear()


@pytest.fixture
def queued(settings: Any) -> None:
    """Jobs stay in the queue (no immediate run): the test runs a worker itself."""
    settings.JM_JOBS_IMMEDIATE = False


@pytest.fixture
def run_worker(queued: None) -> Callable[..., int]:
    """Run the real worker loop in this process until the queue is empty."""

    def run(**kwargs: Any) -> int:
        return Worker(worker_id="test-worker", in_test=True, **kwargs).run(until_idle=True)

    return run


@dataclass
class SharedDb:
    url: str
    sqlite_file: Path | None

    def pull(self) -> None:
        """SQLite: copy what the subprocess wrote back into the test's database."""
        if self.sqlite_file is None:
            return
        connection.ensure_connection()
        source = sqlite3.connect(self.sqlite_file)
        try:
            source.backup(connection.connection)
        finally:
            source.close()

    def push(self) -> None:
        """SQLite: copy the test's database (schema and rows) to the shared file."""
        if self.sqlite_file is None:
            return
        connection.ensure_connection()
        target = sqlite3.connect(self.sqlite_file)
        try:
            connection.connection.backup(target)
        finally:
            target.close()


@pytest.fixture
def shared_db(transactional_db: None, tmp_path: Path) -> SharedDb:
    settings_db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_db.get("USER") or "postgres"
        host = settings_db.get("HOST") or "127.0.0.1"
        port = settings_db.get("PORT") or 5432
        return SharedDb(f"postgres://{user}@{host}:{port}/{settings_db['NAME']}", None)
    path = tmp_path / "shared.sqlite3"
    return SharedDb(f"sqlite:///{path}", path)


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    log: Path

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_worker(shared_db: SharedDb, tmp_path: Path) -> Iterator[Callable[..., WorkerProcess]]:
    """Start `manage.py jobs_worker` as a real process on the shared database."""
    started: list[WorkerProcess] = []

    def start(*args: str, env: dict[str, str] | None = None, module: str = "") -> WorkerProcess:
        log = tmp_path / f"worker-{len(started)}.log"
        full_env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
            "DATABASE_URL": shared_db.url,
            "JEUGDMODEL_MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
            **(env or {}),
        }
        command = (
            [sys.executable, "-m", module]
            if module
            else [sys.executable, str(ROOT / "manage.py"), "jobs_worker"]
        )
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 (our own command)
                [*command, *args], cwd=ROOT, env=full_env, stdout=out, stderr=subprocess.STDOUT
            )
        worker = WorkerProcess(process, log)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        if worker.process.poll() is None:
            worker.process.kill()
            worker.process.wait()


def wait_for(check: Callable[[], Any], *, timeout: float = 120, what: str = "") -> Any:
    """Poll `check` until it returns something truthy (bounded). The bound is generous: a
    real worker process on a busy machine (two test runs side by side in CI) may need a
    while to start; a passing check returns as soon as it holds."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"waited {timeout} s in vain for {what or check}")
