"""Aggregates for steering: no personal data is stored here.

`Cell` holds one measure for one period and one combination of the cuts (municipality,
district, team, age group, sex). Every figure is a sum over cells, because each child
contributes to exactly one cell per period and measure (docs/figures.md). A change to a
child adds the difference it makes to the cells in the same transaction
(docs/decisions/0021).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    YEAR = "Y", _("jaar")
    QUARTER = "Q", _("kwartaal")
    MONTH = "M", _("maand")


class AgeGroup(models.IntegerChoices):
    AGE_0_3 = 0, "0–3"
    AGE_4_11 = 1, "4–11"
    AGE_12_17 = 2, "12–17"
    AGE_18_22 = 3, "18–22"
    OTHER = 4, _("23 en ouder")


class Cell(models.Model):
    period_kind = models.CharField(max_length=1, choices=PeriodKind.choices)
    period_start = models.DateField()
    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.CASCADE, null=True, related_name="+"
    )
    district = models.ForeignKey(
        "region.District", on_delete=models.CASCADE, null=True, related_name="+"
    )
    team = models.ForeignKey("region.Team", on_delete=models.CASCADE, null=True, related_name="+")
    age_group = models.PositiveSmallIntegerField(choices=AgeGroup.choices)
    sex = models.CharField(max_length=1)
    measure = models.CharField(max_length=24)
    #: Only for distributions (time to first contact): the number of working days.
    bucket = models.SmallIntegerField(default=0)
    value = models.BigIntegerField()
    #: The cell key (docs/decisions/0045): the sum of the record keys of the children in
    #: this cell, modulo 2⁴⁰. Keys add like counts, so a figure's key is a SUM too.
    ckey = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("telcel")
        verbose_name_plural = _("telcellen")
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "municipality", "measure"],
                name="steering_cell_period_muni",
            ),
            models.Index(fields=["municipality", "period_start"], name="steering_cell_partition"),
        ]

    def __str__(self) -> str:
        return f"{self.period_kind}{self.period_start} {self.measure}={self.value}"


class MunicipalityCell(models.Model):
    """The cells summed over district, team, age group and sex: what the whole-region and
    per-municipality views read when no finer filter is set. Kept with the cells (same
    transaction, same deltas); at national scale it is about 25 times smaller."""

    period_kind = models.CharField(max_length=1, choices=PeriodKind.choices)
    period_start = models.DateField()
    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.CASCADE, null=True, related_name="+"
    )
    measure = models.CharField(max_length=24)
    bucket = models.SmallIntegerField(default=0)
    value = models.BigIntegerField()
    ckey = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("telcel per gemeente")
        verbose_name_plural = _("telcellen per gemeente")
        indexes = [
            models.Index(
                fields=["period_kind", "period_start", "municipality", "measure"],
                name="steering_mcell_period_muni",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_kind}{self.period_start} {self.measure}={self.value}"


class DirtyPartition(models.Model):
    """A municipality × year whose cells must be recomputed (municipality empty: children
    living outside every loaded region, or unknown)."""

    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.CASCADE, null=True, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="dirty_partition_unique"),
            models.UniqueConstraint(
                fields=["year"],
                condition=models.Q(municipality__isnull=True),
                name="dirty_partition_unique_outside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id or '-'}/{self.year}"


class SteeringState(models.Model):
    """One row: until when running trajectories are counted (the horizon) and when the
    cells were last rebuilt in full."""

    horizon = models.DateField()
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"horizon {self.horizon}"


class YouthPopulation(models.Model):
    """Youths aged 0–17 living in a municipality (district empty) or district in a year:
    the denominator of "per 1,000 youths". Region data, loadable from a CSV."""

    municipality = models.ForeignKey(
        "region.Municipality", on_delete=models.CASCADE, related_name="youth_populations"
    )
    district = models.ForeignKey(
        "region.District",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="youth_populations",
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    youths = models.PositiveIntegerField(_("jeugdigen 0–17"))
    synthetic = models.BooleanField(_("synthetisch"), default=False)
    source = models.CharField(_("bron"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("jeugdbevolking")
        verbose_name_plural = _("jeugdbevolking")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "district", "year"], name="youth_population_unique"
            ),
            models.UniqueConstraint(
                fields=["municipality", "year"],
                condition=models.Q(district__isnull=True),
                name="youth_population_unique_municipality",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}/{self.district_id} {self.year}: {self.youths}"
