"""Run background jobs until stopped (SIGTERM/Ctrl-C: after the current job)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from jeugdmodel.jobs.worker import Worker


class Command(BaseCommand):
    # Start fast: the web process and `manage.py check` in CI do the system checks.
    requires_system_checks: list[str] = []
    help = "Voer achtergrondtaken uit tot het proces wordt gestopt."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            dest="queues",
            default=[],
            help="alleen deze wachtrij (meermaals te geven); standaard alle",
        )
        parser.add_argument(
            "--with-scheduler",
            action="store_true",
            help="ook de planner draaien (één proces voor alles, zoals in de demo)",
        )
        parser.add_argument(
            "--burst", action="store_true", help="stoppen zodra de wachtrij leeg is"
        )
        parser.add_argument("--max-jobs", type=int, default=None, help="stoppen na zoveel taken")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = Worker(queues=options["queues"], with_scheduler=options["with_scheduler"])
        worker.install_signal_handlers()
        ran = worker.run(max_jobs=options["max_jobs"], until_idle=options["burst"])
        if options["verbosity"] > 1:
            self.stdout.write(f"{ran} taken uitgevoerd.")
