"""``region_check FILE``: check a region file without touching the database."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from jeugdmodel.region.management.cli import describe_region_file, read_region_file


class Command(BaseCommand):
    help = (
        "Controleert een regiobestand. Fouten verschijnen als BESTAND:REGEL: plaats: melding; "
        "de exitcode is dan 1."
    )
    # Pure file work: usable in CI before the project is configured.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path, help=_("het regiobestand (YAML)"))

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        region_file = read_region_file(file, self.stderr)
        self.stdout.write(
            _("%(path)s is in orde: %(summary)s.")
            % {"path": file, "summary": describe_region_file(region_file)}
        )
