"""Enqueue recurring work when it is due, until stopped. One is enough; more are safe."""

from __future__ import annotations

import logging
import signal
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections, connections

from jeugdmodel.jobs.scheduler import scheduler_tick

log = logging.getLogger("jeugdmodel.jobs.scheduler")


class Command(BaseCommand):
    # Start fast: the web process and `manage.py check` in CI do the system checks.
    requires_system_checks: list[str] = []
    help = "Zet geplande taken in de wachtrij wanneer ze aan de beurt zijn."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="één keer kijken en stoppen")

    def handle(self, *args: Any, **options: Any) -> None:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        every = float(getattr(settings, "JM_SCHEDULER_SECONDS", 20))
        log.info("scheduler started (every %s s)", every)
        while not stopping:
            close_old_connections()
            try:
                runs = scheduler_tick()
                if runs and options["verbosity"] > 1:
                    self.stdout.write(f"{len(runs)} geplande taken in de wachtrij gezet.")
            except Exception:
                log.exception("scheduler: cannot reach the database")
                connections.close_all()
            if options["once"]:
                break
            end = time.monotonic() + every
            while not stopping and time.monotonic() < end:
                time.sleep(0.2)
        connections.close_all()
        log.info("scheduler stopped")
