"""Restore a backup into the configured (empty) database and media folder. Checks the
whole backup before it touches the database (ops/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from jeugdmodel.ops.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Herstel een back-up in een lege database (of met --vervang over de huidige)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="het back-upbestand (.tar.gz)")
        parser.add_argument(
            "--vervang", action="store_true", help="de huidige database en documenten overschrijven"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(Path(options["archive"]), replace=options["vervang"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        tables = manifest["tables"]
        rows = sum(t["rows"] for t in tables.values())
        self.stdout.write(
            f"Hersteld en gecontroleerd: {len(tables)} tabellen, {rows} rijen, "
            f"{len(manifest['files'])} bestanden; gelijk aan het manifest."
        )
