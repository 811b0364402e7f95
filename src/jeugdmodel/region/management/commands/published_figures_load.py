"""``published_figures_load FILE``: load published youth figures (CBS and sources citing
CBS) as region reference data, all or nothing; ``--check`` only checks the file."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.region.management.cli import EXIT_ERRORS, fail_with_errors
from jeugdmodel.region.published import PublishedFiguresInvalid, parse_published_figures
from jeugdmodel.region.services import published_figures_load


class Command(BaseCommand):
    help = (
        "Laadt gepubliceerde jeugdcijfers (CBS en bronnen die het CBS aanhalen) als "
        "referentie naast de eigen cijfers. Bij een fout verandert er niets en is de "
        "exitcode 1."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("het CSV-bestand met gepubliceerde cijfers"))
        parser.add_argument(
            "--check", action="store_true", help=_("alleen controleren, niets laden")
        )

    def handle(self, *args: Any, file: Path, check: bool, **options: Any) -> None:
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(
                _("Bestand niet gevonden: %(path)s") % {"path": file}, returncode=EXIT_ERRORS
            ) from exc
        except UnicodeDecodeError as exc:
            raise CommandError(
                _("%(path)s is geen UTF-8-tekst.") % {"path": file}, returncode=EXIT_ERRORS
            ) from exc
        try:
            if check:
                rows = parse_published_figures(text)
                self.stdout.write(
                    _("%(path)s is in orde: %(count)d gepubliceerde cijfers.")
                    % {"path": file, "count": len(rows)}
                )
                return
            report = published_figures_load(text=text)
        except PublishedFiguresInvalid as exc:
            fail_with_errors(file, exc.errors, self.stderr)
        self.stdout.write(
            _(
                "%(path)s geladen: %(created)d nieuw, %(updated)d gewijzigd, "
                "%(unchanged)d ongewijzigd, %(removed)d verwijderd."
            )
            % {
                "path": file,
                "created": report.created,
                "updated": report.updated,
                "unchanged": report.unchanged,
                "removed": report.removed,
            }
        )
