"""``region_export [--output FILE] [--region CODE]``: the region in the database as YAML."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.regionfile import region_file_yaml
from jeugdmodel.region.selectors import region_export_data


class Command(BaseCommand):
    help = "Schrijft de regio uit de database als regiobestand (YAML), standaard naar stdout."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--output", "-o", type=Path, help=_("schrijf naar dit bestand"))
        parser.add_argument("--region", help=_("de code van de regio (nodig bij meerdere regio's)"))

    def handle(self, *args: Any, output: Path | None, region: str | None, **options: Any) -> None:
        try:
            data = region_export_data(region_code=region)
        except DomainError as exc:
            raise CommandError(str(exc.message), returncode=1) from exc
        text = region_file_yaml(data)
        if output is None:
            self.stdout.write(text, ending="")
            return
        output.write_text(text, encoding="utf-8")
        self.stderr.write(
            _("Regio '%(code)s' geschreven naar %(path)s.")
            % {
                "code": data["region"]["code"],
                "path": output,
            }
        )
