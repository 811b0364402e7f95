"""manage.py transition_import FILE [--dry-run] [--report json] [--good-rows-only]

The contract manager's batch work, with the same code as the upload page: prints the
report (as JSON with ``--report json``) and exits non-zero when the file is rejected.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.transition.caseload import CaseloadReport
from jeugdmodel.transition.reading import FileRefused, check_size
from jeugdmodel.transition.services.caseload import (
    CaseloadRefused,
    caseload_dry_run,
    caseload_import,
)


class Command(BaseCommand):
    help = (
        "Leest de lopende zorg van oude aanbieders in (CSV, Excel of JW301). Met --dry-run "
        "alleen het verslag. Exitcode 1 als het bestand is afgewezen."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help=_("alleen het verslag"))
        parser.add_argument("--report", choices=["text", "json"], default="text")
        parser.add_argument(
            "--good-rows-only",
            action="store_true",
            help=_("lees de goede rijen in, ook als er rijen zijn afgewezen"),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            check_size(path.stat().st_size)
            data = path.read_bytes()
        except FileRefused as exc:
            raise CommandError(str(exc)) from exc
        except OSError as exc:
            raise CommandError(
                _("Het bestand is niet te lezen: %(path)s") % {"path": path}
            ) from exc
        as_json = options["report"] == "json"
        if options["dry_run"]:
            report = caseload_dry_run(actor=None, data=data, file_name=path.name)
            self._print(report, as_json, imported=False)
            if report.file_rejected:
                raise SystemExit(1)
            return
        try:
            result = caseload_import(
                actor=None,
                data=data,
                file_name=path.name,
                good_rows_only=options["good_rows_only"],
                progress=lambda message: self.stderr.write(message),
            )
        except CaseloadRefused as exc:
            if exc.report is not None:
                self._print(exc.report, as_json, imported=False, refusal=str(exc))
            else:
                self.stderr.write(str(exc))
            raise SystemExit(1) from exc
        self._print(result.report, as_json, imported=True)

    def _print(
        self, report: CaseloadReport, as_json: bool, *, imported: bool, refusal: str = ""
    ) -> None:
        if as_json:
            data = {**report.as_dict(), "imported": imported, "refused": refusal}
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for line in report_lines(report):
            self.stdout.write(line)
        if refusal:
            self.stdout.write(_("Niet ingelezen: %(reason)s") % {"reason": refusal})
        elif imported:
            self.stdout.write(_("Ingelezen: %(n)d rijen.") % {"n": report.good_rows})


def report_lines(report: CaseloadReport) -> list[str]:
    if report.file_errors:
        return [_("Het bestand is afgewezen: %(e)s") % {"e": e} for e in report.file_errors]
    lines = [
        _(
            "%(file)s (%(format)s): %(rows)d rijen gelezen, %(good)d goed, %(new)d nieuwe "
            "kinderen, %(known)d rijen over bekende kinderen, %(rejected)d rijen afgewezen."
        )
        % {
            "file": report.file_name,
            "format": report.file_format,
            "rows": report.rows_read,
            "good": report.good_rows,
            "new": report.new_children,
            "known": len(report.known),
            "rejected": len(report.rejected_rows),
        }
    ]
    for problem in report.rejected:
        column = problem.column or _("hele rij")
        lines.append(
            _("rij %(row)d, %(column)s: %(reason)s")
            % {"row": problem.row, "column": column, "reason": problem.message}
        )
    for duplicate in report.duplicates:
        lines.append(
            _("dubbel: rij %(row)d is gelijk aan rij %(first)d")
            % {"row": duplicate.row, "first": duplicate.same_as_row}
        )
    for known in report.known:
        matched = _("BSN") if known.matched_on == "bsn" else _("naam, geboortedatum en postcode")
        line = _("bekend (rij %(row)d, op %(matched)s): %(name)s") % {
            "row": known.row,
            "matched": matched,
            "name": known.name,
        }
        if known.differs:
            line += " — " + _("het bestand zegt iets anders over: %(fields)s") % {
                "fields": ", ".join(known.differs)
            }
        lines.append(line)
    for to_map in report.providers_to_map:
        lines.append(_("te koppelen: aanbieder %(code)s %(name)s (%(rows)d rijen)") % vars(to_map))
    for to_map in report.products_to_map:
        lines.append(_("te koppelen: product %(code)s %(name)s (%(rows)d rijen)") % vars(to_map))
    return lines
