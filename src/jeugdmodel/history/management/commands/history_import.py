"""``history_import FILE``: import history from a previous system (docs/history-format.md),
all or nothing. Rejected lines are reported as ``FILE:LINE: type id: reason`` and the
exit code is then 1."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.history.progress import ImportBars
from jeugdmodel.history.services import (
    HistoryImportResult,
    history_import,
    rejection_summary,
)

EXIT_ERRORS = 1


class Command(BaseCommand):
    help = (
        "Importeert historie uit een vorig systeem (JSON Lines, docs/history-format.md). "
        "Alles of niets: bij een afgewezen regel verandert er niets en is de exitcode 1."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("het historiebestand (JSON Lines)"))
        parser.add_argument(
            "--no-rebuild",
            action="store_true",
            help=_("de stuurcijfers niet opnieuw berekenen (doe dat later zelf)"),
        )

    def handle(self, *args: Any, file: Path, no_rebuild: bool, **options: Any) -> None:
        if not file.is_file():
            raise CommandError(
                _("Bestand niet gevonden: %(path)s") % {"path": file}, returncode=EXIT_ERRORS
            )
        bars = ImportBars(shown=options.get("verbosity", 1) >= 1)
        try:
            result = history_import(
                path=file,
                progress=bars.lines,
                rebuild=not no_rebuild,
                rebuild_progress=bars.cells,
            )
        finally:
            bars.close()
        if result.earlier is not None:
            self.stdout.write(
                _("%(path)s is al geïmporteerd op %(on)s (%(rows)d rijen): er is niets veranderd.")
                % {
                    "path": file,
                    "on": result.earlier.imported_at.strftime("%d-%m-%Y %H:%M"),
                    "rows": result.earlier.rows,
                }
            )
            return
        if not result.ok:
            for rejection in sorted(result.rejected, key=lambda r: r.line):
                self.stderr.write(rejection.format(str(file)))
            raise CommandError(rejection_summary(result), returncode=EXIT_ERRORS)
        self.stdout.write(format_report(result, file))


def format_report(result: HistoryImportResult, file: Path) -> str:
    lines = [
        _(
            "%(path)s geïmporteerd: %(lines)d regels, %(rows)d rijen in %(seconds).1f s "
            "(%(speed)d rijen/s)."
        )
        % {
            "path": file,
            "lines": result.lines,
            "rows": result.rows,
            "seconds": result.seconds,
            "speed": round(result.rows_per_second),
        }
    ]
    lines.extend(f"  {name:<18}{count:>10}" for name, count in result.counts.items())
    if result.normalised_count:
        lines.append(
            _("%(count)d waarde(n) genormaliseerd (geen afwijzing):")
            % {"count": result.normalised_count}
        )
        lines.extend(f"  {n.format(str(file))}" for n in result.normalised)
    if result.cells is not None:
        lines.append(
            _("Stuurcijfers opnieuw berekend: %(cells)d cellen.") % {"cells": result.cells}
        )
    else:
        lines.append(_("Stuurcijfers niet bijgewerkt (--no-rebuild)."))
    return "\n".join(lines)
