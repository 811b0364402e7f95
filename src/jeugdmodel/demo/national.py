"""`demo_data --scale national`: the national dataset of product.md §4 for bench/steering.

1. A synthetic national region (about 342 municipalities, 3,400 districts, postcode
   areas, teams and help forms, everything marked synthetic) and its finance file
   (tariffs, youth population), written by `bench/national_region.py` into
   `var/bench/` and loaded like any region (`region_load`, `finance_load`).
2. Five years of history for about `children_per_year` children in care a year (500,000
   for all Dutch youth care), streamed by the history generator (`demo_history`) to a
   JSON Lines file in `var/bench/`; an existing file with the same seed and size is
   reused.
3. `history_import` of that file (bulk, one transaction), then one `steering_rebuild`.

The seconds of every step and the rows written go to `var/bench/national-<database>.json`,
which bench/steering prints next to its measurements. Generated files are never committed.
Nothing imports this module except the demo_data command.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError

#: All Dutch youth care: about 500,000 children in care a year (CBS), five years.
CHILDREN_PER_YEAR = 500_000
YEARS = 5
REGION_CODE = "nl-synthetic"

Say = Callable[[str], None]


def bench_dir() -> Path:
    return Path(settings.VAR_DIR) / "bench"


def national_summary_path() -> Path:
    """var/bench/national-<database name>.json: what building this database took."""
    name = Path(str(connection.settings_dict["NAME"])).stem
    return bench_dir() / f"national-{name}.json"


def national_region_files(seed: int) -> tuple[Path, Path]:
    """Write the synthetic national region file and its finance file (bench/)."""
    root = str(settings.BASE_DIR)
    if root not in sys.path:
        sys.path.insert(0, root)
    from bench.national_region import national_region_write

    return national_region_write(bench_dir() / f"{REGION_CODE}.yaml", seed=seed)


def national_generate(
    *,
    seed: int = 1,
    children_per_year: int = CHILDREN_PER_YEAR,
    years: int = YEARS,
    say: Say | None = None,
    progress: bool = False,
) -> dict[str, Any]:
    """Build the national dataset in an empty database; returns the summary that is also
    written to var/bench/national-<database>.json."""
    from jeugdmodel.demo.generator import demo_users_ensure
    from jeugdmodel.demo.history_demo import history_demo_write
    from jeugdmodel.demo.models import DemoDataset
    from jeugdmodel.finance.refdata import parse_finance_file
    from jeugdmodel.finance.services import finance_load
    from jeugdmodel.history.services import history_import
    from jeugdmodel.region.models import Municipality, Team
    from jeugdmodel.steering.services import steering_rebuild

    tell = say or (lambda text: None)
    existing = DemoDataset.objects.filter(seed=seed, scale="national").first()
    if existing is not None:
        tell(_("Landelijke demogegevens waren er al (seed %(seed)d).") % {"seed": seed})
        return dict(existing.counts)
    if (
        DemoDataset.objects.exists()
        or Municipality.objects.exclude(region__code=REGION_CODE).exists()
    ):
        raise DomainError(
            _(
                "De landelijke schaal heeft een eigen, lege database nodig (de synthetische "
                "landelijke regio naast een andere regio geeft geen landelijk beeld)."
            )
        )
    summary: dict[str, Any] = {
        "seed": seed,
        "children_per_year": children_per_year,
        "years": years,
        "database": connection.vendor,
    }

    def step(name: str, started: float) -> None:
        seconds = round(time.perf_counter() - started, 1)
        summary[f"seconds_{name}"] = seconds
        tell(f"{name}: {seconds}s")

    started = time.perf_counter()
    region_path, finance_path = national_region_files(seed)
    call_command("region_load", str(region_path), verbosity=0)
    finance_load(data=parse_finance_file(finance_path))
    demo_users_ensure(teams=list(Team.objects.order_by("code")))
    step("region", started)

    history = bench_dir() / f"history-{REGION_CODE}-s{seed}-{years}y-{children_per_year}.jsonl"
    started = time.perf_counter()
    if history.exists():
        tell(_("Historiebestand hergebruikt: %(path)s") % {"path": history})
        summary["history_reused"] = True
    else:
        written = history_demo_write(
            path=history,
            seed=seed,
            years=years,
            children_per_year=children_per_year,
            region=REGION_CODE,
        )
        summary["history_lines"] = written.lines
    step("history_generate", started)
    summary["history_file_bytes"] = history.stat().st_size

    started = time.perf_counter()
    result = history_import(path=history, rebuild=False, progress=_line_bar() if progress else None)
    if not result.ok:
        raise DomainError(
            _("De import van %(path)s weigerde %(n)d regels.")
            % {"path": history, "n": result.rejected_count}
        )
    step("history_import", started)
    summary["rows"] = dict(result.counts)

    started = time.perf_counter()
    summary["cells"] = steering_rebuild(progress=_cell_bar() if progress else None)
    step("steering_rebuild", started)

    counts = {"national_children_per_year": children_per_year, **summary["rows"]}
    DemoDataset.objects.create(seed=seed, scale="national", counts=counts)
    out = national_summary_path()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return summary


def _line_bar() -> Callable[[int, int, int], None]:
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int, rows: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=_("regels"), unit="", leave=False)
        bar["bar"].update(done - bar["bar"].n)

    return update


def _cell_bar() -> Callable[[int, int], None]:
    from tqdm import tqdm

    bar: dict[str, Any] = {}

    def update(done: int, total: int) -> None:
        if "bar" not in bar:
            bar["bar"] = tqdm(total=total, desc=_("stuurcijfers"), unit="", leave=False)
        bar["bar"].update(done - bar["bar"].n)

    return update
