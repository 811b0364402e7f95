"""``region_load FILE``: load a region file into the database, all or nothing."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.region.management.cli import (
    RegionFileInvalid,
    fail_with_errors,
    read_region_file,
)
from jeugdmodel.region.services import LoadReport, region_load

KIND_LABELS = {
    "region": gettext_lazy("regio"),
    "municipalities": gettext_lazy("gemeenten"),
    "districts": gettext_lazy("wijken"),
    "postcodes": gettext_lazy("postcodegebieden"),
    "organisations": gettext_lazy("organisaties"),
    "teams": gettext_lazy("teams"),
    "outside_region": gettext_lazy("buiten de regio"),
    "help_forms": gettext_lazy("hulpvormen"),
    "ijw_products": gettext_lazy("iJw-producten"),
    "transition": gettext_lazy("overstap"),
}


class Command(BaseCommand):
    help = (
        "Laadt een regiobestand in de database. Bij een fout verandert er niets en is de "
        "exitcode 1."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("het regiobestand (YAML)"))

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        region_file = read_region_file(file, self.stderr)
        try:
            report = region_load(data=region_file)
        except RegionFileInvalid as exc:
            fail_with_errors(file, exc.errors, self.stderr)
        self.stdout.write(format_report(report, file))


def format_report(report: LoadReport, file: Path) -> str:
    if report.changed:
        title = _("%(path)s geladen als regio '%(code)s'.")
    else:
        title = _("%(path)s geladen als regio '%(code)s': er was niets veranderd.")
    lines = [title % {"path": file, "code": report.region_code}]
    header = (_("soort"), _("nieuw"), _("gewijzigd"), _("ongewijzigd"), _("verwijderd"))
    lines.append("{:<18}{:>8}{:>11}{:>13}{:>12}".format(*header))
    for kind, counts in report.counts.items():
        lines.append(
            f"{KIND_LABELS[kind]!s:<18}{counts.created:>8}{counts.updated:>11}"
            f"{counts.unchanged:>13}{counts.removed:>12}"
        )
    lines.extend(report.notices)
    return "\n".join(lines)
