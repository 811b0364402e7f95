"""Back up the database and the uploaded documents into one file (ops/backup.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from jeugdmodel.ops.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Maak een back-up van de database en de documenten (met manifest)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--map",
            dest="out_dir",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="map voor het back-upbestand (standaard var/backups)",
        )
        parser.add_argument(
            "--prometheus-textfile",
            default="",
            help="schrijf na een geslaagde back-up het tijdstip als metriek in dit bestand "
            "(voor de textfile-collector van node-exporter)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_create(Path(options["out_dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["prometheus_textfile"]:
            target = Path(options["prometheus_textfile"])
            partial = target.with_suffix(".tmp")
            partial.write_text(
                "# HELP jeugdmodel_backup_last_success_timestamp_seconds Laatste geslaagde "
                "back-up.\n# TYPE jeugdmodel_backup_last_success_timestamp_seconds gauge\n"
                f"jeugdmodel_backup_last_success_timestamp_seconds {time.time():.0f}\n"
            )
            partial.replace(target)
        self.stdout.write(str(path))
