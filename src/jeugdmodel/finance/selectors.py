"""Reads of the finance app: money per municipality (or the whole region) and year.

Everything is computed from the steering cells summed per municipality
(``steering.MunicipalityCell``: aggregates, no personal data) and the finance reference
data, in a fixed number of queries per call whatever the number of children, months or
municipalities. docs/finance.md explains every number with a worked example.

The numbers of children in the results are raw counts: a page that shows them must
protect small numbers (``FinanceOverview.count_fields`` names them, and
``derived_from_counts`` the numbers computed from them).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property
from typing import ClassVar

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import Municipality, Region
from jeugdmodel.steering.cellkey import KEYS
from jeugdmodel.steering.models import MunicipalityCell, PeriodKind
from jeugdmodel.steering.periods import Period

from .models import Budget, BudgetCategory, ContractTerms, CostMethod, Tariff
from .money import (
    allocate,
    days_in_year,
    div_round,
    elapsed_days,
    percent_of,
    scale,
    share_percent,
)

#: "Attention" when the forecast is within this many percent below the budget.
ATTENTION_PERCENT = Decimal(5)


def underspend_percent() -> Decimal:
    """ "Underspend" when the forecast is more than this many percent below the budget
    (setting ``JEUGDMODEL_FINANCE_UNDERSPEND_PERCENT``, docs/decisions/0099)."""
    return Decimal(str(settings.JEUGDMODEL_FINANCE_UNDERSPEND_PERCENT))


COST = "cost_cents"
IN_CARE = "in_care"
IN_CARE_BASIS = "in_care_basis"
RESIDENTIAL = "residential"
MEASURES = (COST, IN_CARE, IN_CARE_BASIS, RESIDENTIAL)

SPECIALIST_SHARE_NOTE = _(
    "Aandeel kinderen met minstens één specialistisch traject, niet het aandeel van de "
    "kosten: de telcellen houden de kosten per kind bij, niet per niveau."
)


class BudgetStatus(StrEnum):
    OK = "ok"
    ATTENTION = "attention"
    OVER = "over"
    UNDER = "under"
    NO_BUDGET = "no_budget"

    @property
    def label(self) -> str | Promise:
        return STATUS_LABELS[self]


STATUS_LABELS: Mapping[BudgetStatus, str | Promise] = {
    BudgetStatus.OK: _("binnen budget"),
    BudgetStatus.ATTENTION: _("let op: prognose binnen 5% van het budget"),
    BudgetStatus.OVER: _("prognose boven budget"),
    BudgetStatus.UNDER: _("let op: prognose ver onder budget (onderbesteding)"),
    BudgetStatus.NO_BUDGET: _("geen budget bekend"),
}


@dataclass(frozen=True)
class BudgetLine:
    """The budget of one category (taakveld group)."""

    category: str
    label: str | Promise
    amount_cents: int
    #: Paid for by the contract, so compared with the cost (ContractTerms).
    in_contract: bool
    synthetic: bool


@dataclass(frozen=True)
class VolumeCorrection:
    """The veiligheidsventiel: the budget moved to the number of youths actually helped."""

    #: Children in care in the year (a count of children).
    youths_helped: int
    #: The number the budget was set for (ContractTerms.reference_youths).
    reference_youths: int
    #: youths_helped / reference_youths, 4 decimals.
    factor: Decimal
    corrected_budget_cents: int
    #: corrected − original: positive means the contract sum goes up.
    difference_cents: int


@dataclass(frozen=True)
class OverheadBand:
    """The part of an amount the contractor may spend on execution and overhead."""

    min_percent: Decimal
    max_percent: Decimal
    min_cents: int
    max_cents: int


@dataclass(frozen=True)
class MonthSpend:
    month: date  # the first day
    #: Cost of the whole month (MONTH cell; with a lump sum: its share of the year).
    cost_cents: int
    #: The part of the month elapsed on `as_of` (whole, prorated by days, or 0).
    spend_cents: int
    cumulative_spend_cents: int
    #: The budget spread evenly over the days of the year, through the end of this month.
    budget_pro_rata_cents: int
    complete: bool


@dataclass(frozen=True)
class FinanceOverview:
    """Money of one municipality (or the whole region) in one year, as of a day."""

    COUNT_FIELDS: ClassVar[tuple[str, ...]] = (
        "children_in_care",
        "children_basis",
        "children_specialist",
        "children_residential",
    )
    DERIVED_FROM_COUNTS: ClassVar[tuple[str, ...]] = (
        "cost_per_child_cents",
        "specialist_share_children",
        "volume_correction",
    )

    year: int
    as_of: date
    #: None for the whole region.
    municipality_id: int | None
    code: str
    name: str
    cost_method: str
    #: False: no contract terms for the year were loaded; the defaults apply.
    terms_configured: bool
    budget_lines: tuple[BudgetLine, ...]
    #: All categories.
    budget_total_cents: int
    #: The categories within the contract: what the forecast is compared with.
    budget_cents: int
    budget_synthetic: bool
    spend_to_date_cents: int
    forecast_cents: int
    #: forecast / budget in percent (1 decimal); None without a budget.
    forecast_percent_of_budget: Decimal | None
    status: BudgetStatus
    children_in_care: int
    children_basis: int
    children_specialist: int
    children_residential: int
    cost_per_child_cents: int | None
    #: Percent of the children in care with specialist care (1 decimal).
    specialist_share_children: Decimal | None
    specialist_share_note: str | Promise
    #: None when switched off or without a reference number of youths.
    volume_correction: VolumeCorrection | None
    reserve_percent: Decimal
    reserve_cents: int
    overhead_to_date: OverheadBand
    overhead_forecast: OverheadBand
    months: tuple[MonthSpend, ...]
    count_fields: tuple[str, ...] = COUNT_FIELDS
    derived_from_counts: tuple[str, ...] = DERIVED_FROM_COUNTS
    #: The cell keys of children_in_care and children_basis (docs/decisions/0045): a
    #: page shows those counts perturbed by them.
    children_in_care_key: int = 0
    children_basis_key: int = 0

    @property
    def status_label(self) -> str | Promise:
        return self.status.label


@dataclass(frozen=True)
class RegionFinance:
    """The region as a whole and each of its municipalities."""

    total: FinanceOverview
    municipalities: tuple[FinanceOverview, ...]


# ---------------------------------------------------------------------------------------
# Public selectors


def tariff_table() -> dict[tuple[int, int], int]:
    """The day prices the steering figures cost trajectories with: ``{(help form id, year):
    cents}`` (registered with steering when the finance app is ready)."""
    return {
        (form, year): price
        for form, year, price in Tariff.objects.values_list("help_form_id", "year", "price_cents")
    }


def finance_overview(
    *, municipality: Municipality, year: int, as_of: date | None = None
) -> FinanceOverview:
    """Budget, spend to date, forecast, cost per child and the contract's mechanics of one
    municipality. Four queries."""
    data = _Data.fetch(region_id=municipality.region_id, year=year)
    return data.overview(municipality.pk, as_of or timezone.localdate())


def finance_region_overview(
    *, region: Region, year: int, as_of: date | None = None
) -> RegionFinance:
    """The same for the whole region (the sum of its municipalities) and per municipality.
    Four queries."""
    data = _Data.fetch(region_id=region.pk, year=year)
    day = as_of or timezone.localdate()
    municipalities = tuple(data.overview(m, day) for m in data.municipality_ids)
    return RegionFinance(
        total=data.overview(None, day, region=region, parts=municipalities),
        municipalities=municipalities,
    )


def finance_years(*, region: Region) -> list[int]:
    """The years with a budget or contract terms in the region, oldest first. Two queries."""
    years = set(Budget.objects.filter(municipality__region=region).values_list("year", flat=True))
    years.update(ContractTerms.objects.filter(region=region).values_list("year", flat=True))
    return sorted(years)


# ---------------------------------------------------------------------------------------
# One fetch, then plain arithmetic


@dataclass(frozen=True)
class _Muni:
    code: str
    name: str


@dataclass
class _Data:
    year: int
    terms: ContractTerms
    terms_configured: bool
    municipalities: dict[int, _Muni]
    #: (municipality, category) → (cents, synthetic)
    budgets: dict[tuple[int, str], tuple[int, bool]]
    #: (municipality, measure) → value of the YEAR cell
    year_cells: dict[tuple[int, str], int]
    #: (municipality, measure) → cell key of the YEAR cell
    year_keys: dict[tuple[int, str], int]
    #: (municipality, month) → cost of the MONTH cell
    month_cost: dict[tuple[int, int], int]

    @property
    def municipality_ids(self) -> list[int]:
        return sorted(self.municipalities, key=lambda m: self.municipalities[m].name)

    @classmethod
    def fetch(cls, *, region_id: int, year: int) -> _Data:
        terms = ContractTerms.objects.filter(region_id=region_id, year=year).first()
        configured = terms is not None
        if terms is None:
            terms = ContractTerms(region_id=region_id, year=year)
        municipalities = {
            pk: _Muni(code, name)
            for pk, code, name in Municipality.objects.filter(region_id=region_id).values_list(
                "id", "code", "name"
            )
        }
        # One row per municipality, year and category (Budget's unique constraint).
        budgets: dict[tuple[int, str], tuple[int, bool]] = {
            (muni, category): (cents, synthetic)
            for muni, category, cents, synthetic in Budget.objects.filter(
                municipality_id__in=list(municipalities), year=year
            ).values_list("municipality_id", "category", "amount_cents", "synthetic")
        }
        year_cells: dict[tuple[int, str], int] = defaultdict(int)
        year_keys: dict[tuple[int, str], int] = defaultdict(int)
        month_cost: dict[tuple[int, int], int] = defaultdict(int)
        # The per-municipality roll-up of the cells: the same sums, without the finer cuts.
        for cell in (
            MunicipalityCell.objects.filter(
                municipality_id__in=list(municipalities),
                period_kind__in=[PeriodKind.YEAR, PeriodKind.MONTH],
                period_start__gte=date(year, 1, 1),
                period_start__lte=date(year, 12, 31),
                measure__in=MEASURES,
            )
            .values("municipality_id", "period_kind", "period_start", "measure")
            .annotate(total=Sum("value"), key=Sum("ckey"))
        ):
            muni, value = cell["municipality_id"], int(cell["total"])
            if cell["period_kind"] == PeriodKind.YEAR:
                year_cells[(muni, cell["measure"])] += value
                year_keys[(muni, cell["measure"])] += int(cell["key"] or 0)
            elif cell["measure"] == COST:
                month_cost[(muni, cell["period_start"].month)] += value
        return cls(
            year=year,
            terms=terms,
            terms_configured=configured,
            municipalities=municipalities,
            budgets=budgets,
            year_cells=year_cells,
            year_keys=year_keys,
            month_cost=month_cost,
        )

    # -- per municipality -------------------------------------------------------------

    def _covered(self, category: str) -> bool:
        covered = self.terms.covered_categories or []
        return not covered or category in covered

    @cached_property
    def _lump_sum_shares(self) -> dict[int, int]:
        """The lump sum shared out over all municipalities (once per fetch)."""
        weights = {m: self.year_cells.get((m, IN_CARE), 0) for m in self.municipality_ids}
        return allocate(int(self.terms.lump_sum_cents or 0), weights)

    def _months_cost(self, munis: Sequence[int], forecast: int) -> list[int]:
        if self.terms.cost_method == CostMethod.LUMP_SUM:
            weights = {m: Period("M", date(self.year, m, 1)).days for m in range(1, 13)}
            shares = allocate(forecast, weights)
            return [shares[m] for m in range(1, 13)]
        return [sum(self.month_cost.get((mu, m), 0) for mu in munis) for m in range(1, 13)]

    def overview(
        self,
        municipality_id: int | None,
        as_of: date,
        *,
        region: Region | None = None,
        parts: Sequence[FinanceOverview] = (),
    ) -> FinanceOverview:
        terms = self.terms
        munis = self.municipality_ids if municipality_id is None else [municipality_id]
        if municipality_id is None:
            code = region.code if region else ""
            name = region.name if region else ""
        else:
            muni = self.municipalities.get(municipality_id, _Muni("", ""))
            code, name = muni.code, muni.name

        def cells(measure: str) -> int:
            return sum(self.year_cells.get((m, measure), 0) for m in munis)

        def keys(measure: str) -> int:
            return sum(self.year_keys.get((m, measure), 0) for m in munis) % KEYS

        in_care, basis = cells(IN_CARE), cells(IN_CARE_BASIS)

        lines = []
        for category, label in BudgetCategory.choices:
            found = [self.budgets[(m, category)] for m in munis if (m, category) in self.budgets]
            lines.append(
                BudgetLine(
                    category=str(category),
                    label=label,
                    amount_cents=sum(cents for cents, _s in found),
                    in_contract=self._covered(str(category)),
                    synthetic=any(s for _c, s in found),
                )
            )
        budget_total = sum(line.amount_cents for line in lines)
        budget = sum(line.amount_cents for line in lines if line.in_contract)

        if parts:
            # The region: the sum of its municipalities, so the parts add up to the whole.
            forecast = sum(p.forecast_cents for p in parts)
            months = _months_sum(parts)
        else:
            if terms.cost_method == CostMethod.LUMP_SUM:
                forecast = sum(self._lump_sum_shares.get(m, 0) for m in munis)
            else:
                forecast = cells(COST)
            months = self._month_series(munis, forecast, budget, as_of)
        spend = months[-1].cumulative_spend_cents if months else 0

        return FinanceOverview(
            year=self.year,
            as_of=as_of,
            municipality_id=municipality_id,
            code=code,
            name=name,
            cost_method=terms.cost_method,
            terms_configured=self.terms_configured,
            budget_lines=tuple(lines),
            budget_total_cents=budget_total,
            budget_cents=budget,
            budget_synthetic=any(line.synthetic for line in lines if line.in_contract),
            spend_to_date_cents=spend,
            forecast_cents=forecast,
            forecast_percent_of_budget=share_percent(forecast, budget),
            status=budget_status(forecast_cents=forecast, budget_cents=budget),
            children_in_care=in_care,
            children_basis=basis,
            children_specialist=in_care - basis,
            children_residential=cells(RESIDENTIAL),
            cost_per_child_cents=div_round(forecast, in_care) if in_care else None,
            specialist_share_children=share_percent(in_care - basis, in_care),
            specialist_share_note=SPECIALIST_SHARE_NOTE,
            volume_correction=self._volume_correction(munis, in_care, budget),
            reserve_percent=terms.reserve_percent,
            reserve_cents=percent_of(budget, terms.reserve_percent),
            overhead_to_date=overhead_band(spend, terms),
            overhead_forecast=overhead_band(forecast, terms),
            months=tuple(months),
            children_in_care_key=keys(IN_CARE),
            children_basis_key=keys(IN_CARE_BASIS),
        )

    def _volume_correction(
        self, munis: Iterable[int], youths_helped: int, budget: int
    ) -> VolumeCorrection | None:
        if not self.terms.volume_correction:
            return None
        references = self.terms.reference_youths or {}
        reference = 0
        for m in munis:
            value = references.get(self.municipalities[m].code)
            if not value:
                return None
            reference += int(value)
        return volume_correction(
            budget_cents=budget, youths_helped=youths_helped, reference_youths=reference
        )

    def _month_series(
        self, munis: Sequence[int], forecast: int, budget: int, as_of: date
    ) -> list[MonthSpend]:
        costs = self._months_cost(munis, forecast)
        year_days = days_in_year(self.year)
        out: list[MonthSpend] = []
        cumulative = 0
        for number, cost in enumerate(costs, start=1):
            month = Period("M", date(self.year, number, 1))
            elapsed = max(0, min(month.days, (as_of - month.start).days + 1))
            spend = cost if elapsed == month.days else scale(cost, elapsed, month.days)
            cumulative += spend
            out.append(
                MonthSpend(
                    month=month.start,
                    cost_cents=cost,
                    spend_cents=spend,
                    cumulative_spend_cents=cumulative,
                    budget_pro_rata_cents=scale(
                        budget, elapsed_days(self.year, month.end), year_days
                    ),
                    complete=elapsed == month.days,
                )
            )
        return out


def _months_sum(parts: Sequence[FinanceOverview]) -> list[MonthSpend]:
    out = []
    for index, first in enumerate(parts[0].months):
        rows = [p.months[index] for p in parts]
        out.append(
            MonthSpend(
                month=first.month,
                cost_cents=sum(r.cost_cents for r in rows),
                spend_cents=sum(r.spend_cents for r in rows),
                cumulative_spend_cents=sum(r.cumulative_spend_cents for r in rows),
                budget_pro_rata_cents=sum(r.budget_pro_rata_cents for r in rows),
                complete=first.complete,
            )
        )
    return out


# ---------------------------------------------------------------------------------------
# The rules, as small functions (tested on their own)


def budget_status(*, forecast_cents: int, budget_cents: int) -> BudgetStatus:
    """Over: the forecast exceeds the budget. Attention: the forecast is within 5% below it
    (at least 95% of the budget). Under: the forecast is more than the underspend setting
    below it: money set aside for care that is not given, or care that is not registered,
    is a signal too. No budget: nothing to compare with."""
    if budget_cents <= 0:
        return BudgetStatus.NO_BUDGET
    if forecast_cents > budget_cents:
        return BudgetStatus.OVER
    if forecast_cents * 100 >= budget_cents * (100 - ATTENTION_PERCENT):
        return BudgetStatus.ATTENTION
    if forecast_cents * 100 < budget_cents * (100 - underspend_percent()):
        return BudgetStatus.UNDER
    return BudgetStatus.OK


def volume_correction(
    *, budget_cents: int, youths_helped: int, reference_youths: int
) -> VolumeCorrection:
    """budget × youths helped / reference youths, rounded half up to a cent."""
    corrected = scale(budget_cents, youths_helped, reference_youths)
    return VolumeCorrection(
        youths_helped=youths_helped,
        reference_youths=reference_youths,
        factor=(Decimal(youths_helped) / Decimal(reference_youths)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        ),
        corrected_budget_cents=corrected,
        difference_cents=corrected - budget_cents,
    )


def overhead_band(cents: int, terms: ContractTerms) -> OverheadBand:
    return OverheadBand(
        min_percent=terms.overhead_min_percent,
        max_percent=terms.overhead_max_percent,
        min_cents=percent_of(cents, terms.overhead_min_percent),
        max_cents=percent_of(cents, terms.overhead_max_percent),
    )
