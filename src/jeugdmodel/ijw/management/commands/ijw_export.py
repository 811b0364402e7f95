"""``ijw_export DEST``: write outgoing iJw messages to a folder or a zip file."""

from __future__ import annotations

import zipfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.ijw.models import OutboxMessage, OutState
from jeugdmodel.ijw.transport import FolderTransport


class Command(BaseCommand):
    help = (
        "Schrijft uitgaande iJw-berichten naar een map of (eindigt DEST op .zip) een zipbestand, "
        "één bestand per bericht. De status verandert niet."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("dest", type=Path, help=_("map of .zip-bestand"))
        parser.add_argument(
            "--status",
            action="append",
            choices=OutState.values,
            help=_("alleen berichten met deze status (mag vaker); standaard alle"),
        )
        parser.add_argument(
            "--type", action="append", dest="types", help=_("berichtsoort, bv. JW305")
        )

    def handle(
        self,
        *args: Any,
        dest: Path,
        status: list[str] | None,
        types: list[str] | None,
        **options: Any,
    ) -> None:
        rows = OutboxMessage.objects.order_by("created_at", "id")
        if status:
            rows = rows.filter(state__in=status)
        if types:
            rows = rows.filter(message_type__in=[t.upper() for t in types])
        count = 0
        try:
            if dest.suffix.lower() == ".zip":
                dest.parent.mkdir(parents=True, exist_ok=True)
                with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                    for row in rows.iterator():
                        archive.writestr(row.file_name, bytes(row.content))
                        count += 1
            else:
                folder = FolderTransport(dest)
                folder.outbox = dest  # write straight into DEST
                for row in rows.iterator():
                    folder.send(row.file_name, bytes(row.content))
                    count += 1
        except OSError as exc:
            raise CommandError(
                _("Kan niet schrijven naar %(dest)s: %(why)s") % {"dest": dest, "why": exc.strerror}
            ) from None
        self.stdout.write(
            _("%(n)s bericht(en) geschreven naar %(dest)s.") % {"n": count, "dest": dest}
        )
