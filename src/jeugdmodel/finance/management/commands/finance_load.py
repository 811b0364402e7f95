"""``finance_load FILE``: load a finance reference file (budgets, tariffs, contract terms,
youth population), all or nothing."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.finance.refdata import FinanceFile, FinanceFileInvalid, parse_finance_file
from jeugdmodel.finance.services import FinanceLoadReport, finance_check, finance_load
from jeugdmodel.region.management.cli import EXIT_ERRORS, fail_with_errors

KIND_LABELS = {
    "budgets": gettext_lazy("budgetten"),
    "tariffs": gettext_lazy("tarieven"),
    "contract_terms": gettext_lazy("contractvoorwaarden"),
    "youth_population": gettext_lazy("jeugdbevolking"),
}


class Command(BaseCommand):
    help = (
        "Laadt een financieel referentiebestand (budgetten, tarieven, contractvoorwaarden, "
        "jeugdbevolking). Bij een fout verandert er niets en is de exitcode 1."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("het financiële bestand (YAML)"))
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("alleen controleren, niets opslaan"),
        )
        parser.add_argument(
            "--no-rebuild",
            action="store_true",
            help=_("de telcellen niet opnieuw berekenen als tarieven veranderen"),
        )

    def handle(self, *args: Any, file: Path, check: bool, no_rebuild: bool, **options: Any) -> None:
        data = self._read(file)
        try:
            if check:
                finance_check(data=data)
                self.stdout.write(_("%(path)s is in orde.") % {"path": file})
                return
            report = finance_load(data=data)
        except FinanceFileInvalid as exc:
            fail_with_errors(file, exc.errors, self.stderr)
        self.stdout.write(format_report(report, file))
        if report.tariff_years_changed and not no_rebuild:
            self._rebuild(report)

    def _read(self, file: Path) -> FinanceFile:
        try:
            return parse_finance_file(file)
        except FileNotFoundError as exc:
            raise CommandError(
                _("Bestand niet gevonden: %(path)s") % {"path": file}, returncode=EXIT_ERRORS
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(path)s is geen UTF-8-tekst.") % {"path": file}, returncode=EXIT_ERRORS
            ) from exc
        except FinanceFileInvalid as exc:
            fail_with_errors(file, exc.errors, self.stderr)

    def _rebuild(self, report: FinanceLoadReport) -> None:
        from jeugdmodel.steering.models import SteeringState
        from jeugdmodel.steering.services import steering_rebuild

        if not SteeringState.objects.filter(rebuilt_at__isnull=False).exists():
            return
        years = ", ".join(str(y) for y in sorted(report.tariff_years_changed))
        self.stdout.write(
            _("Tarieven van %(years)s gewijzigd: de telcellen worden opnieuw berekend …")
            % {"years": years}
        )
        cells = steering_rebuild()
        self.stdout.write(_("%(count)d telcellen berekend.") % {"count": cells})


def format_report(report: FinanceLoadReport, file: Path) -> str:
    if report.changed:
        title = _("%(path)s geladen voor regio '%(code)s'.")
    else:
        title = _("%(path)s geladen voor regio '%(code)s': er was niets veranderd.")
    lines = [title % {"path": file, "code": report.region_code}]
    header = (_("soort"), _("nieuw"), _("gewijzigd"), _("ongewijzigd"), _("verwijderd"))
    lines.append("{:<22}{:>8}{:>11}{:>13}{:>12}".format(*header))
    for kind, counts in report.counts.items():
        lines.append(
            f"{KIND_LABELS[kind]!s:<22}{counts.created:>8}{counts.updated:>11}"
            f"{counts.unchanged:>13}{counts.removed:>12}"
        )
    return "\n".join(lines)
