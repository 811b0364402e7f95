"""bin/bench transition [--rows N]: the caseload import of the switch.

Rows per second for a 50,000-row CSV: the dry run and the real import, next to the time to
merely parse the same file with the csv module (the baseline), and the peak memory of the
process. Runs on a fresh SQLite file, or on DATABASE_URL (an empty PostgreSQL database).
Target (the issue): the real import within 10x of the bare parse."""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import resource
import sys
import tempfile
import time

from bench.common import ROOT


def setup() -> None:
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        os.environ["JEUGDMODEL_VAR_DIR"] = tempfile.mkdtemp(prefix="jeugdmodel-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jeugdmodel.settings.dev")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("region_load", str(ROOT / "regions" / "mvs.yaml"), verbosity=0)


def caseload(rows: int) -> bytes:
    from tests.transition.conftest import caseload_csv, good_row

    rng = random.Random(1)
    data = []
    seen: set[str] = set()
    for i in range(rows):
        row = good_row(i, rng)
        while row["bsn"] in seen:
            row = good_row(i, rng)
        seen.add(row["bsn"])
        data.append(row)
    return caseload_csv(data)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from tests.transition.conftest import AGBS, PRODUCTS

    from jeugdmodel.region.models import HelpForm, Organisation
    from jeugdmodel.transition.models import ProductMapping, ProviderMapping
    from jeugdmodel.transition.services.caseload import caseload_import, caseload_report

    organisation = Organisation.objects.get(code="scala")
    help_form = HelpForm.objects.filter(region__isnull=True).order_by("code").first()
    assert help_form is not None
    for agb in AGBS:
        ProviderMapping.objects.get_or_create(agb_code=agb, defaults={"organisation": organisation})
    for code in PRODUCTS:
        ProductMapping.objects.get_or_create(productcode=code, defaults={"help_form": help_form})

    data = caseload(args.rows)
    size = len(data) / 1e6
    print(f"{connection.vendor}: {args.rows} rijen, {size:.1f} MB; start {peak_mb():.0f} MB")

    cpu = time.process_time()
    start = time.perf_counter()
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))
    bare = time.perf_counter() - start
    bare_cpu = time.process_time() - cpu
    assert len(parsed) == args.rows + 1

    cpu = time.process_time()
    start = time.perf_counter()
    report = caseload_report(data=data, file_name="bench.csv")
    dry = time.perf_counter() - start
    dry_cpu = time.process_time() - cpu
    assert report.good_rows == args.rows, report.rejected[:3]
    dry_peak = peak_mb()

    cpu = time.process_time()
    start = time.perf_counter()
    caseload_import(actor=None, data=data, file_name="bench.csv")
    real = time.perf_counter() - start
    real_cpu = time.process_time() - cpu
    real_peak = peak_mb()

    # CPU time of this process next to the wall clock: on a shared, busy machine the wall
    # clock mostly measures waiting; the CPU ratio does not (on PostgreSQL it leaves out
    # the server's own work, which the wall clock includes).
    print(
        f"  {'meting':<40} {'seconden':>9} {'rijen/s':>10} {'x kaal':>7} "
        f"{'cpu s':>7} {'x kaal cpu':>10} {'piek MB':>8}"
    )
    for label, seconds, cpu_seconds, peak in (
        ("kale csv-parse", bare, bare_cpu, None),
        ("proefrun (lezen, controleren, matchen)", dry, dry_cpu, dry_peak),
        ("import (proefrun + schrijven)", real, real_cpu, real_peak),
    ):
        peak_text = f"{peak:8.0f}" if peak is not None else f"{'':>8}"
        print(
            f"  {label:<40} {seconds:9.2f} {args.rows / seconds:10.0f} {seconds / bare:7.1f} "
            f"{cpu_seconds:7.2f} {cpu_seconds / bare_cpu:10.1f} {peak_text}"
        )


if __name__ == "__main__":
    main()
