"""The job system: jobs per second for a no-op job and enqueue-to-start latency (p50,
p95), on the embedded default (SQLite) and on the production backend (PostgreSQL), next
to the time of a bare database insert (the ceiling for enqueueing).

    bin/bench jobs                  both backends, side by side
    bin/bench jobs --jobs 2000      more jobs for the throughput run

Each backend runs in its own process on a fresh database (SQLite: a temporary file;
PostgreSQL: a temporary database on JEUGDMODEL_BENCH_PG, default
postgres://postgres@127.0.0.1:5432). Workers are real `jobs_worker` processes."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


def _env(database_url: str, var: str, poll: float) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "jeugdmodel.settings.dev",
        "JEUGDMODEL_VAR_DIR": var,
        "DJANGO_LOG_LEVEL": "WARNING",
        "JEUGDMODEL_JOBS_POLL_SECONDS": str(poll),
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    }


def _workers(n: int, env: dict[str, str], *args: str) -> list[subprocess.Popen[bytes]]:
    return [
        subprocess.Popen(  # noqa: S603 (our own command)
            [sys.executable, str(ROOT / "manage.py"), "jobs_worker", *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(n)
    ]


def run_backend(database_url: str, jobs: int, latency_jobs: int, workers: int) -> dict[str, Any]:
    var = tempfile.mkdtemp(prefix="jm-bench-jobs-")
    poll = float(os.environ.get("JEUGDMODEL_JOBS_POLL_SECONDS", "1"))
    env = _env(database_url, var, poll)
    os.environ.update({k: v for k, v in env.items() if k != "PYTHONPATH"})
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from bench.jobs_tasks import bench_noop
    from jeugdmodel.jobs.api import job_enqueue
    from jeugdmodel.jobs.models import Job, JobState

    call_command("migrate", verbosity=0)
    out: dict[str, Any] = {"vendor": connection.vendor, "poll_seconds": poll}

    # The ceiling: one INSERT of a small row, committed on its own (what enqueueing is).
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_insert (id varchar(36) PRIMARY KEY, payload text)")
    samples = []
    for _ in range(500):
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO bench_insert (id, payload) VALUES (%s, %s)", [str(uuid.uuid4()), "{}"]
            )
        samples.append(time.perf_counter() - start)
    out["insert_s"] = statistics.median(samples)

    samples = []
    for _ in range(500):
        start = time.perf_counter()
        job_enqueue(bench_noop)
        samples.append(time.perf_counter() - start)
    out["enqueue_s"] = statistics.median(samples)
    Job.objects.all().delete()

    # Throughput: a full queue, then real worker processes drain it.
    for _ in range(jobs):
        job_enqueue(bench_noop)
    for n in sorted({1, workers}):
        Job.objects.update(
            state=JobState.QUEUED,
            attempts=0,
            finished_at=None,
            started_at=None,
            worker_id="",
            lease_expires_at=None,
            last_attempted_at=None,
        )
        procs = _workers(n, env, "--burst")
        for proc in procs:
            proc.wait(timeout=600)
        done = Job.objects.filter(state=JobState.SUCCEEDED)
        first = min(done.values_list("last_attempted_at", flat=True))
        last = max(done.values_list("finished_at", flat=True))
        out[f"jobs_per_s_{n}"] = done.count() / max((last - first).total_seconds(), 1e-9)
        out[f"jobs_done_{n}"] = done.count()
    Job.objects.all().delete()

    # Latency: an idle worker waits; jobs arrive one at a time, 100–200 ms apart (far
    # below the worker's capacity, so this is the wake-up time, not a queue building up).
    procs = _workers(1, env)
    time.sleep(3)  # the worker is up and idle
    ids = []
    for _ in range(latency_jobs):
        ids.append(job_enqueue(bench_noop).id)
        time.sleep(random.uniform(0.1, 0.2))
    end = time.monotonic() + 60
    while Job.objects.filter(id__in=ids, state=JobState.SUCCEEDED).count() < len(ids):
        if time.monotonic() > end:
            break
        time.sleep(0.1)
    for proc in procs:
        proc.terminate()
        proc.wait(timeout=30)
    latencies = [
        (started - enqueued).total_seconds()
        for enqueued, started in Job.objects.filter(
            id__in=ids, state=JobState.SUCCEEDED
        ).values_list("enqueued_at", "last_attempted_at")
    ]
    out["latency_p50_s"] = _percentile(latencies, 0.5)
    out["latency_p95_s"] = _percentile(latencies, 0.95)
    out["latency_n"] = len(latencies)
    return out


def _pg_database(base: str) -> tuple[str, str]:
    name = f"jm_bench_jobs_{os.getpid()}"
    return f"{base}/{name}", name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=int, default=1000, help="jobs for the throughput run")
    parser.add_argument("--latency-jobs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2, help="worker processes (besides 1)")
    args = parser.parse_args()
    if args.backend:
        result = run_backend(args.database_url, args.jobs, args.latency_jobs, args.workers)
        print(json.dumps(result))
        return

    import psycopg

    results = {}
    pg_base = os.environ.get("JEUGDMODEL_BENCH_PG", "postgres://postgres@127.0.0.1:5432")
    sqlite_file = Path(tempfile.mkdtemp(prefix="jm-bench-jobs-")) / "bench.sqlite3"
    pg_url, pg_name = _pg_database(pg_base)
    with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{pg_name}"')
    try:
        for backend, url in (("sqlite", f"sqlite:///{sqlite_file}"), ("postgresql", pg_url)):
            print(f"» {backend} …", file=sys.stderr)
            done = subprocess.run(  # noqa: S603
                [
                    sys.executable,
                    "-m",
                    "bench.jobs",
                    "--backend",
                    backend,
                    "--database-url",
                    url,
                    "--jobs",
                    str(args.jobs),
                    "--latency-jobs",
                    str(args.latency_jobs),
                    "--workers",
                    str(args.workers),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            results[backend] = json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_name}" WITH (FORCE)')

    w = args.workers
    print(f"\nTaken: {args.jobs} no-op-taken, latentie over {args.latency_jobs} losse taken")
    print(f"  {'meting':<44} {'SQLite':>12} {'PostgreSQL':>12}")
    rows = [
        ("kale INSERT (plafond), mediaan", "insert_s", 1000, "ms"),
        ("job_enqueue, mediaan", "enqueue_s", 1000, "ms"),
        ("job_enqueue / kale INSERT", None, None, "×"),
        ("taken/s, 1 verwerker", "jobs_per_s_1", 1, "/s"),
        (f"taken/s, {w} verwerkers", f"jobs_per_s_{w}", 1, "/s"),
        ("kale INSERTs/s (1 / mediaan)", None, None, "/s"),
        ("wachtrij → start p50", "latency_p50_s", 1000, "ms"),
        ("wachtrij → start p95", "latency_p95_s", 1000, "ms"),
    ]
    for label, key, scale, unit in rows:
        cells = []
        for backend in ("sqlite", "postgresql"):
            r = results[backend]
            if label.startswith("job_enqueue /"):
                value = r["enqueue_s"] / r["insert_s"]
            elif label.startswith("kale INSERTs/s"):
                value = 1 / r["insert_s"]
            else:
                value = r[key] * scale
            cells.append(f"{value:>10.2f}{unit:>2}")
        print(f"  {label:<44} {cells[0]:>12} {cells[1]:>12}")
    polls = {b: results[b]["poll_seconds"] for b in results}
    print(
        f"\n  Verwerkers wachten {polls['sqlite']} s tussen twee keer kijken (SQLite); op "
        "PostgreSQL wekt NOTIFY ze direct."
    )


if __name__ == "__main__":
    main()
