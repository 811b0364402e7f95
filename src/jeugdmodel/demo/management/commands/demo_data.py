from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings
from django.utils import timezone

from jeugdmodel.core.errors import DomainError
from jeugdmodel.demo.generator import SCALES, demo_data_generate, progress_bar
from jeugdmodel.finance.services import finance_budgets_fit, finance_load_shipped
from jeugdmodel.region.models import Region


class Command(BaseCommand):
    help = "Maakt synthetische demogegevens voor de geladen regio (deterministisch per seed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scale", choices=sorted(SCALES), default="mvs")
        parser.add_argument(
            "--children-per-year",
            type=int,
            default=None,
            help="alleen bij --scale national: kinderen in zorg per jaar (standaard 500000)",
        )
        parser.add_argument(
            "--history-years",
            type=int,
            default=3,
            help="alleen bij --scale mvs: jaren historie via history_import (standaard 3, 0: geen)",
        )

    def handle(self, *args: Any, seed: int, scale: str, **options: Any) -> None:
        show = progress_bar if options.get("verbosity", 1) >= 1 else None
        if scale == "national":  # its own region and history: demo/national.py
            from jeugdmodel.demo.national import CHILDREN_PER_YEAR, national_generate

            try:
                national_generate(
                    seed=seed,
                    children_per_year=options.get("children_per_year") or CHILDREN_PER_YEAR,
                    say=self.stdout.write,
                    progress=show is not None,
                )
            except DomainError as exc:
                raise CommandError(str(exc.message)) from exc
            return
        try:
            # Budgets, tariffs and youth population (regions/<code>-finance.yaml) first: the
            # cost cells of the steering figures are computed with the tariffs.
            finance_load_shipped()
            # Demo notifications go to @demo.invalid addresses: keep them off the console.
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = demo_data_generate(seed=seed, scale=scale, progress=show)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        summary = ", ".join(f"{k}: {v}" for k, v in sorted(result.counts.items()))
        if result.created:
            self.stdout.write(self.style.SUCCESS(f"Demogegevens gemaakt ({summary})."))
            if options.get("history_years"):
                self._history(seed, options["history_years"], show is not None)
        else:
            self.stdout.write(f"Demogegevens waren er al (seed {seed}, {scale}): niets toegevoegd.")
        self._fit_budgets()

    def _fit_budgets(self) -> None:
        """The finance file holds the real region's budgets, several times what the demo
        models: fit them to the demo's cost of last year (docs/decisions/0099)."""
        year = timezone.localdate().year - 1
        for region in Region.objects.filter(municipalities__budgets__isnull=False).distinct():
            factors = finance_budgets_fit(region=region, year=year)
            if factors:
                shown = ", ".join(f"{code}: {factor}" for code, factor in sorted(factors.items()))
                self.stdout.write(
                    f"Demobudgetten passend gemaakt bij de kosten van {year} ({shown})."
                )

    def _history(self, seed: int, years: int, progress: bool) -> None:
        """Years of MVS history besides the demo's own cases (docs/history-format.md)."""
        from jeugdmodel.demo.history_demo import demo_history_import

        try:
            history = demo_history_import(seed=seed, years=years, progress=progress)
        except DomainError as exc:
            raise CommandError(str(exc.message)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Historie geïmporteerd ({years} jaar): {history.lines} regels, {history.rows} "
                f"rijen in {history.seconds:.1f} s, stuurcijfers opnieuw berekend."
            )
        )
