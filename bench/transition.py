"""bin/bench transition [--rows N] [--database-url URL …]: the caseload import of the switch.

Rows per second for a 50,000-row CSV: the dry run and the real import (which checks the
file again and then writes), next to the time to merely parse the same file with the csv
module (the baseline, median of three), and the peak memory of the process.

Each database is measured in its own process, one after the other, and the figures are
printed in one table: SQLite (a fresh file) always, and each ``--database-url`` (an empty
PostgreSQL database; without the option ``DATABASE_URL`` when it is set). The wall clock
of a shared, busy machine mostly measures waiting, so CPU time is printed as well: the
bench's own process plus, for a PostgreSQL server on this machine, the CPU time of the
server process that served the import (read from /proc), so the server's work (indexes,
foreign-key checks at commit) counts too.
Target (the issue): the real import within 10x of the bare parse."""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

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


def server_cpu() -> float:
    """CPU seconds of the PostgreSQL server process of this connection so far, when the
    server runs on this machine; 0 otherwise (SQLite works inside this process)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    proc = Path(f"/proc/{pid}")
    try:
        if b"postgres" not in (proc / "cmdline").read_bytes():
            return 0.0
        fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    def __init__(self) -> None:
        self.wall, self.cpu, self.server = time.perf_counter(), time.process_time(), server_cpu()

    def stop(self) -> tuple[float, float]:
        wall = time.perf_counter() - self.wall
        cpu = time.process_time() - self.cpu + server_cpu() - self.server
        return wall, cpu


def measure(rows: int) -> dict[str, Any]:
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

    data = caseload(rows)
    result: dict[str, Any] = {"database": connection.vendor, "rows": rows, "mb": len(data) / 1e6}
    bare = []
    for _ in range(3):
        clock = Clock()
        parsed = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), delimiter=";"))
        bare.append(clock.stop())
        assert len(parsed) == rows + 1
        del parsed
    result["bare"] = tuple(statistics.median(m[i] for m in bare) for i in (0, 1))

    clock = Clock()
    report = caseload_report(data=data, file_name="bench.csv")
    result["dry"] = clock.stop()
    assert report.good_rows == rows, report.rejected[:3]
    result["dry_peak"] = peak_mb()

    clock = Clock()
    caseload_import(actor=None, data=data, file_name="bench.csv")
    result["real"] = clock.stop()
    result["real_peak"] = peak_mb()
    return result


def table(results: list[dict[str, Any]]) -> None:
    print(
        f"  {'database':<10} {'meting':<40} {'seconden':>9} {'rijen/s':>9} {'x kaal':>7} "
        f"{'cpu s':>7} {'x kaal cpu':>10} {'piek MB':>8}"
    )
    for r in results:
        bare_wall, bare_cpu = r["bare"]
        for label, (wall, cpu), peak in (
            ("kale csv-parse (mediaan van 3)", r["bare"], None),
            ("proefrun (lezen, controleren, matchen)", r["dry"], r["dry_peak"]),
            ("import (opnieuw controleren + schrijven)", r["real"], r["real_peak"]),
        ):
            peak_text = f"{peak:8.0f}" if peak is not None else f"{'':>8}"
            print(
                f"  {r['database']:<10} {label:<40} {wall:9.2f} {r['rows'] / wall:9.0f} "
                f"{wall / bare_wall:7.1f} {cpu:7.2f} {cpu / bare_cpu:10.1f} {peak_text}"
            )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument(
        "--database-url",
        action="append",
        default=[],
        help="ook meten op deze (lege) PostgreSQL-database; mag vaker",
    )
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json:  # one database, in this process (started by the run below)
        print(json.dumps(measure(args.rows)))
        return
    urls = args.database_url or (
        [os.environ["DATABASE_URL"]] if os.environ.get("DATABASE_URL") else []
    )
    results = []
    for url in ["", *urls]:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        if url:
            env["DATABASE_URL"] = url
        command = [sys.executable, "-m", "bench.transition", "--rows", str(args.rows), "--json"]
        out = subprocess.run(  # noqa: S603  (this bench, with our own arguments)
            command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        r = results[-1]
        print(f"{r['database']}: {r['rows']} rijen, {r['mb']:.1f} MB", file=sys.stderr)
    table(results)


if __name__ == "__main__":
    main()
