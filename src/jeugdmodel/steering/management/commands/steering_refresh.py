"""Recompute the steering cells: the dirty partitions (default), or everything."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from jeugdmodel.steering.services import steering_rebuild, steering_refresh


class Command(BaseCommand):
    help = "Werk de sturingscijfers bij (gewijzigde gemeente-jaren, of met --full alles)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="alles opnieuw berekenen")
        parser.add_argument(
            "--follow", action="store_true", help="blijf bijwerken (elke seconde), tot Ctrl-C"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["full"]:
            bar = tqdm(total=0, unit=" kinderen", desc="herberekenen", disable=None)

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.update(done - bar.n)

            cells = steering_rebuild(progress=progress)
            bar.close()
            self.stdout.write(f"{cells} telcellen opnieuw berekend.")
            return
        while True:
            done = steering_refresh()
            if done:
                self.stdout.write(f"{done} gemeente-jaren bijgewerkt.")
            if not options["follow"]:
                return
            time.sleep(1)
