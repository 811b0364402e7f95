"""Shared set-up for the benchmarks: a throw-away database with the MVS region and demo
data, an in-process client, and side-by-side timing that prints ratios.

Benchmarks never assert on time; they print. Ratios are measured in one run, side by
side, because the machines are noisy."""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(*, scale: str = "mvs", seed: int = 1) -> None:
    """Configure Django on a fresh SQLite file (or DATABASE_URL) and load demo data."""
    sys.path.insert(0, str(ROOT / "src"))
    if not os.environ.get("DATABASE_URL"):
        var = tempfile.mkdtemp(prefix="jeugdmodel-bench-")
        os.environ["JEUGDMODEL_VAR_DIR"] = var
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
    os.environ.setdefault("JEUGDMODEL_SESSION_IDLE_SECONDS", "3600")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver", *settings.ALLOWED_HOSTS]
    settings.STORAGES["staticfiles"]["BACKEND"] = (
        "django.contrib.staticfiles.storage.StaticFilesStorage"
    )
    call_command("migrate", verbosity=0)
    call_command("region_load", str(ROOT / "regions" / "mvs.yaml"), verbosity=0)
    call_command("demo_data", "--seed", str(seed), "--scale", scale, verbosity=0)


def timed(fn: Callable[[], object], *, repeat: int, warmup: int = 3) -> float:
    """Median seconds per call."""
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def report(title: str, baseline_label: str, baseline: float, rows: list[tuple[str, float]]) -> None:
    print(f"\n{title}")
    print(f"  {'meting':<38} {'mediaan':>10} {'ratio':>8}")
    print(f"  {baseline_label:<38} {baseline * 1000:>8.2f}ms {1.0:>8.2f}")
    for label, value in rows:
        print(f"  {label:<38} {value * 1000:>8.2f}ms {value / baseline:>8.2f}")
