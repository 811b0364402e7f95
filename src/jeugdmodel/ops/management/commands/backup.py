"""Back up the database and the uploaded documents into one file (ops/backup.py)."""

from __future__ import annotations

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

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path = backup_create(Path(options["out_dir"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
