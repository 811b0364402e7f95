"""Print every steering figure for a period of the loaded database (JSON or CSV).

The counts are perturbed by their cell keys exactly as on the dashboard
(docs/decisions/0045), so the output can be shared. `--refresh` first recomputes dirty
partitions, `--rebuild` all."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jeugdmodel.core.spreadsheet import csv_write
from jeugdmodel.region.models import Region
from jeugdmodel.steering.figures import FIGURES
from jeugdmodel.steering.periods import PeriodCodeError, period_parse
from jeugdmodel.steering.selectors import CUTS, Filters, figure_table, region_scope
from jeugdmodel.steering.services import steering_rebuild, steering_refresh


class Command(BaseCommand):
    help = "Alle sturingscijfers voor een periode (JSON of CSV), kleine aantallen afgeschermd."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--period", required=True, help="2024, 2024-Q3 of 2024-07")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--region", help="regiocode (standaard: de eerste)")
        parser.add_argument("--by", choices=list(CUTS), help="uitsplitsen naar")
        parser.add_argument("--refresh", action="store_true", help="eerst bijwerken")
        parser.add_argument("--rebuild", action="store_true", help="eerst alles herberekenen")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            period = period_parse(options["period"])
        except PeriodCodeError as exc:
            raise CommandError(str(exc)) from exc
        region = None
        if options["region"]:
            region = Region.objects.filter(code=options["region"]).first()
            if region is None:
                raise CommandError(f"Onbekende regio {options['region']!r}.")
        if options["rebuild"]:
            steering_rebuild()
        elif options["refresh"]:
            steering_refresh()
        table = figure_table(
            region_scope(region.pk if region else None),
            Filters(),
            period,
            figures=[f.key for f in FIGURES],
            by=options["by"],
        )
        if options["format"] == "json":
            body = {
                "period": period.code,
                "cut": options["by"],
                "rows": [
                    {
                        "label": row.label,
                        "total": row.is_total,
                        "figures": {
                            key: {"value": v.raw, "display": v.display, "status": v.status}
                            for key, v in row.values.items()
                        },
                    }
                    for row in table.rows
                ],
                "definitions": {f.key: str(f.definition) for f in table.figures},
            }
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2, default=str))
            return
        rows: list[list[object]] = [
            ["periode", "indeling", "cijfer", "omschrijving", "waarde", "status"]
        ]
        for row in table.rows:
            for f in table.figures:
                v = row.values[f.key]
                rows.append([period.code, row.label, f.key, str(f.label), v.display, v.status])
        # Through the shared helper: a label that starts with "=" is never a formula.
        csv_write(self.stdout, rows, delimiter=",", line_end="\n")
