"""Money: budgets per municipality, year and category, tariffs per help form, and the
contract's parameters. Amounts are whole euro cents."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BudgetCategory(models.TextChoices):
    """Budget categories, mapped to the municipal taakvelden (IV3, BBV). Taakveld codes
    changed in 2023 (6.72 → 6.752, 6.73 → 6.762); both are accepted on import."""

    WIJKTEAMS = "wijkteams", _("6.2 Wijkteams")
    AMBULANT = "ambulant", _("6.72 / 6.752 Jeugdhulp ambulant")
    STAY = "verblijf", _("6.73 / 6.762 Jeugdhulp met verblijf")
    ESCALATED = "geescaleerd", _("6.82 Geëscaleerde zorg 18-")


#: Taakveld code → category (old and new codes).
TAAKVELD_CATEGORY: dict[str, str] = {
    "6.2": BudgetCategory.WIJKTEAMS,
    "6.72": BudgetCategory.AMBULANT,
    "6.752": BudgetCategory.AMBULANT,
    "6.73": BudgetCategory.STAY,
    "6.762": BudgetCategory.STAY,
    "6.82": BudgetCategory.ESCALATED,
}


class Budget(models.Model):
    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.PROTECT, related_name="budgets"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    category = models.CharField(_("categorie"), max_length=20, choices=BudgetCategory.choices)
    amount_cents = models.BigIntegerField(_("bedrag (eurocent)"))
    synthetic = models.BooleanField(_("synthetisch"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetten")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "year", "category"], name="budget_unique"
            ),
            models.CheckConstraint(condition=Q(amount_cents__gte=0), name="budget_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.year} {self.category}"


class TariffUnit(models.TextChoices):
    DAY = "day", _("per dag")


class Tariff(models.Model):
    """The price of one day of a help form in a year (the region's contract)."""

    help_form = models.ForeignKey(
        "region.HelpForm", on_delete=models.PROTECT, related_name="tariffs"
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    unit = models.CharField(_("eenheid"), max_length=10, choices=TariffUnit.choices, default="day")
    price_cents = models.PositiveIntegerField(_("prijs per eenheid (eurocent)"))
    synthetic = models.BooleanField(_("synthetisch"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("tarief")
        verbose_name_plural = _("tarieven")
        constraints = [
            models.UniqueConstraint(fields=["help_form", "year"], name="tariff_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.help_form_id} {self.year}: {self.price_cents}"


class CostMethod(models.TextChoices):
    TARIFFS = "tariffs", _("trajecten × tarieven")
    LUMP_SUM = "lump_sum", _("aanneemsom verdeeld naar woonplaats van de kinderen")


class ContractTerms(models.Model):
    """The contract's money mechanics for a region and year (contract_terms.csv)."""

    region = models.ForeignKey("region.Region", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("jaar"))
    cost_method = models.CharField(
        _("kostenmethode"), max_length=10, choices=CostMethod.choices, default="tariffs"
    )
    lump_sum_cents = models.BigIntegerField(_("aanneemsom (eurocent)"), null=True, blank=True)
    reserve_percent = models.DecimalField(
        _("weerstandsvermogen (% van het budget)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("2.00"),
    )
    overhead_min_percent = models.DecimalField(
        _("uitvoeringskosten minimaal (%)"), max_digits=5, decimal_places=2, default=Decimal("8")
    )
    overhead_max_percent = models.DecimalField(
        _("uitvoeringskosten maximaal (%)"), max_digits=5, decimal_places=2, default=Decimal("10")
    )
    volume_correction = models.BooleanField(_("veiligheidsventiel (volumecorrectie)"), default=True)
    #: The number of youths helped the budget was set for (per municipality, in
    #: `reference_youths`), for the volume correction.
    reference_youths = models.JSONField(_("begrote aantallen jeugdigen"), default=dict, blank=True)
    #: The budget categories the contract pays for (BudgetCategory values); the cost is
    #: compared with the budget of these categories. Empty: all categories.
    covered_categories = models.JSONField(
        _("categorieën binnen het contract"), default=list, blank=True
    )
    synthetic = models.BooleanField(_("synthetisch"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("contractvoorwaarden")
        verbose_name_plural = _("contractvoorwaarden")
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], name="contract_terms_unique"),
            models.CheckConstraint(
                condition=Q(overhead_min_percent__lte=models.F("overhead_max_percent")),
                name="contract_terms_overhead_range",
            ),
            models.CheckConstraint(
                condition=~Q(cost_method="lump_sum") | Q(lump_sum_cents__isnull=False),
                name="contract_terms_lump_sum_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.year}"
