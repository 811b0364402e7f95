"""``demo_history``: write synthetic history of the loaded region as a history file
(docs/history-format.md), ready for ``history_import``."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.demo.history_demo import history_demo_write


class Command(BaseCommand):
    help = (
        "Schrijft synthetische historie van de geladen regio als historiebestand (JSON Lines): "
        "N jaar tot en met gisteren, deterministisch per seed."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--years", type=int, default=3, help=_("aantal jaren (standaard 3)"))
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--children-per-year",
            type=int,
            default=2250,
            help=_("kinderen in zorg per kalenderjaar (standaard 2250, de omvang van MVS)"),
        )
        parser.add_argument(
            "--region", default=None, help=_("regiocode (standaard de enige regio)")
        )
        parser.add_argument(
            "--out", type=Path, required=True, help=_("het bestand om te schrijven")
        )

    def handle(
        self,
        *args: Any,
        years: int,
        seed: int,
        children_per_year: int,
        region: str | None,
        out: Path,
        **options: Any,
    ) -> None:
        try:
            written = history_demo_write(
                path=out, seed=seed, years=years, children_per_year=children_per_year, region=region
            )
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(written.counts.items()))
        self.stdout.write(
            _("%(path)s geschreven: %(lines)d regels (%(summary)s).")
            % {"path": out, "lines": written.lines, "summary": summary}
        )
