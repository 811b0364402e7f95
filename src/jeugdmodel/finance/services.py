"""Writes of the finance app: loading a finance reference file (all or nothing).

The file (``refdata.py``, format in docs/finance.md) is the source for its region: after a
load the database holds exactly its budgets, contract terms and youth population for the
region's municipalities. Tariffs belong to help forms, which several regions can share
(the national base list), so a load adds and changes tariffs but never removes one.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import District, HelpForm, Municipality, Region
from jeugdmodel.steering.models import YouthPopulation

from .models import Budget, ContractTerms, Tariff
from .refdata import (
    FinanceFile,
    FinanceFileError,
    FinanceFileInvalid,
    parse_finance_file,
    shipped_finance_file,
)

logger = logging.getLogger(__name__)

KINDS = ("budgets", "tariffs", "contract_terms", "youth_population")


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


@dataclass
class FinanceLoadReport:
    """What a load did, per kind of row, and which years' tariffs changed (their cost
    cells must be recomputed)."""

    region_code: str
    counts: dict[str, KindCounts] = field(default_factory=lambda: {k: KindCounts() for k in KINDS})
    tariff_years_changed: set[int] = field(default_factory=set)

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated or c.removed for c in self.counts.values())


@dataclass(frozen=True)
class _Plan:
    """The file resolved against the database: rows to hold, keyed by natural key."""

    region: Region
    municipality_ids: frozenset[int]
    budgets: dict[tuple[int, int, str], dict[str, Any]]
    tariffs: dict[tuple[int, int], dict[str, Any]]
    terms: dict[int, dict[str, Any]]
    population: dict[tuple[int, int | None, int], dict[str, Any]]


def finance_check(*, data: FinanceFile) -> None:
    """Check the file against the database (region, codes) without writing anything.

    Raises ``FinanceFileInvalid`` with every error found."""
    _resolve(data)


@transaction.atomic
def finance_load(*, data: FinanceFile) -> FinanceLoadReport:
    """Make the database hold the finance data in ``data`` for its region.

    All or nothing: on any error ``FinanceFileInvalid`` is raised and nothing changes.
    Loading the same file twice changes nothing the second time."""
    plan = _resolve(data)
    report = FinanceLoadReport(region_code=plan.region.code)
    if "budgets" in data.sections:
        _sync(
            report.counts["budgets"],
            Budget.objects.filter(municipality_id__in=plan.municipality_ids),
            lambda row: (row.municipality_id, row.year, row.category),
            plan.budgets,
            Budget,
        )
    if "tariffs" in data.sections:
        changed = _sync(
            report.counts["tariffs"],
            Tariff.objects.filter(
                help_form_id__in={form for form, _year in plan.tariffs},
                year__in={year for _form, year in plan.tariffs},
            ),
            lambda row: (row.help_form_id, row.year),
            plan.tariffs,
            Tariff,
            remove=False,
        )
        report.tariff_years_changed = {year for _form, year in changed}
    if "contract_terms" in data.sections:
        _sync(
            report.counts["contract_terms"],
            ContractTerms.objects.filter(region=plan.region),
            lambda row: row.year,
            plan.terms,
            ContractTerms,
        )
    if "youth_population" in data.sections:
        _sync(
            report.counts["youth_population"],
            YouthPopulation.objects.filter(municipality_id__in=plan.municipality_ids),
            lambda row: (row.municipality_id, row.district_id, row.year),
            plan.population,
            YouthPopulation,
        )
    logger.info(
        "finance data of region %s loaded: %s",
        plan.region.code,
        {kind: vars(counts) for kind, counts in report.counts.items()},
    )
    return report


def finance_load_shipped() -> list[FinanceLoadReport]:
    """Load ``regions/<code>-finance.yaml`` for every loaded region that has one (the
    demo uses this before the steering cells are built)."""
    reports = []
    for code in Region.objects.order_by("code").values_list("code", flat=True):
        path = shipped_finance_file(code)
        if not path.exists():
            continue
        try:
            reports.append(finance_load(data=parse_finance_file(path)))
        except FinanceFileInvalid as exc:
            lines = [f"{path}: {exc.message}", *(e.format(str(path)) for e in exc.errors)]
            raise DomainError("\n".join(lines)) from exc
    return reports


#: The demo's budgets are fitted so that its modelled cost is this share of the budget.
DEMO_FIT_PERCENT = Decimal(90)


@transaction.atomic
def finance_budgets_fit(
    *, region: Region, year: int, percent: Decimal = DEMO_FIT_PERCENT
) -> dict[str, Decimal]:
    """Scale the budgets of every municipality of ``region`` (all years, so the growth
    between years stays) so that the modelled cost of ``year`` is ``percent`` of its budget
    in the contract; mark them synthetic. For the demo: the finance file holds budgets of
    the real region, several times what the demo models (docs/decisions/0099). A
    municipality without budget or cost in ``year`` is left alone. Returns the factor per
    municipality code."""
    from .selectors import finance_region_overview

    if percent <= 0:
        raise DomainError(_("Het percentage moet groter dan nul zijn."))
    overview = finance_region_overview(region=region, year=year, as_of=date(year, 12, 31))
    factors: dict[str, Decimal] = {}
    for o in overview.municipalities:
        if o.budget_cents <= 0 or o.forecast_cents <= 0 or o.municipality_id is None:
            continue
        factor = (Decimal(o.forecast_cents) * 100 / (Decimal(o.budget_cents) * percent)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )
        budgets = list(Budget.objects.filter(municipality_id=o.municipality_id))
        for budget in budgets:
            euros = (Decimal(budget.amount_cents) * factor / 100).quantize(
                Decimal("1E3"), rounding=ROUND_HALF_UP
            )
            budget.amount_cents = int(euros) * 100
            budget.synthetic = True
            budget.source = _(
                "demo: budget uit het financiële bestand maal %(factor)s, passend bij de "
                "gemodelleerde kosten van %(year)s"
            ) % {"factor": factor, "year": year}
        Budget.objects.bulk_update(budgets, ["amount_cents", "synthetic", "source"])
        factors[o.code] = factor
    logger.info("demo budgets of region %s fitted to %s: %s", region.code, year, factors)
    return factors


# ---------------------------------------------------------------------------------------
# Resolving codes


def _resolve(data: FinanceFile) -> _Plan:
    errors: list[FinanceFileError] = []
    region = Region.objects.filter(code=data.region).first()
    if region is None:
        raise FinanceFileInvalid(
            [
                data.error(
                    "region",
                    _(
                        "De regio '%(code)s' is niet geladen. Laad eerst het regiobestand "
                        "(region_load)."
                    )
                    % {"code": data.region},
                )
            ]
        )
    municipalities = dict(Municipality.objects.filter(region=region).values_list("code", "id"))
    districts = {
        code: (district_id, muni_id)
        for code, district_id, muni_id in District.objects.filter(
            municipality__region=region
        ).values_list("code", "id", "municipality_id")
    }
    forms: dict[str, int] = {}
    # A region's own help form wins over one of the national base list with the same code.
    for code, help_form_id, form_region in HelpForm.objects.filter(
        Q(region__isnull=True) | Q(region=region)
    ).values_list("code", "id", "region_id"):
        if form_region is not None or code not in forms:
            forms[code] = help_form_id

    def municipality(code: str, path: str) -> int | None:
        found = municipalities.get(code)
        if found is None:
            errors.append(
                data.error(
                    path,
                    _("de gemeente %(code)s hoort niet bij de regio %(region)s.")
                    % {"code": code, "region": region.code},
                )
            )
        return found

    budgets: dict[tuple[int, int, str], dict[str, Any]] = {}
    for b in data.budgets:
        muni_id = municipality(b.municipality, f"{b.path}.municipality")
        if muni_id is None:
            continue
        budgets[(muni_id, b.year, b.category)] = {
            "municipality_id": muni_id,
            "year": b.year,
            "category": b.category,
            "amount_cents": b.amount_cents,
            "synthetic": b.synthetic,
            "source": b.source,
        }

    tariffs: dict[tuple[int, int], dict[str, Any]] = {}
    for t in data.tariffs:
        form_id = forms.get(t.help_form)
        if form_id is None:
            errors.append(
                data.error(
                    t.path,
                    _(
                        "onbekende hulpvorm '%(code)s': niet in de landelijke basislijst en "
                        "niet in de regio %(region)s."
                    )
                    % {"code": t.help_form, "region": region.code},
                )
            )
            continue
        tariffs[(form_id, t.year)] = {
            "help_form_id": form_id,
            "year": t.year,
            "price_cents": t.price_cents,
            "synthetic": t.synthetic,
            "source": t.source,
        }

    terms: dict[int, dict[str, Any]] = {}
    for c in data.contract_terms:
        for code in c.reference_youths:
            municipality(code, f"{c.path}.reference_youths.{code}")
        terms[c.year] = {
            "region_id": region.id,
            "year": c.year,
            "cost_method": c.cost_method,
            "lump_sum_cents": c.lump_sum_cents,
            "reserve_percent": c.reserve_percent,
            "overhead_min_percent": c.overhead_min_percent,
            "overhead_max_percent": c.overhead_max_percent,
            "volume_correction": c.volume_correction,
            "reference_youths": dict(sorted(c.reference_youths.items())),
            "covered_categories": list(c.covered_categories),
            "synthetic": c.synthetic,
            "source": c.source,
        }

    population: dict[tuple[int, int | None, int], dict[str, Any]] = {}
    # Per municipality and year: the sum of its districts, unless the file names a total.
    sums: dict[tuple[int, int], list[Any]] = defaultdict(lambda: [0, False, set()])
    for p in data.youth_population:
        if p.district is not None:
            found = districts.get(p.district)
            if found is None:
                errors.append(
                    data.error(
                        p.path,
                        _("de wijk %(code)s hoort niet bij de regio %(region)s.")
                        % {"code": p.district, "region": region.code},
                    )
                )
                continue
            district_id, muni_id = found
            population[(muni_id, district_id, p.year)] = {
                "municipality_id": muni_id,
                "district_id": district_id,
                "year": p.year,
                "youths": p.youths,
                "synthetic": p.synthetic,
                "source": p.source,
            }
            total = sums[(muni_id, p.year)]
            total[0] += p.youths
            total[1] = total[1] or p.synthetic
            if p.source:
                total[2].add(p.source)
    for p in data.youth_population:
        if p.municipality is not None:
            muni_id = municipality(p.municipality, p.path)
            if muni_id is None:
                continue
            population[(muni_id, None, p.year)] = {
                "municipality_id": muni_id,
                "district_id": None,
                "year": p.year,
                "youths": p.youths,
                "synthetic": p.synthetic,
                "source": p.source,
            }
    for (muni_id, year), (youths, synthetic, sources) in sums.items():
        if (muni_id, None, year) in population:
            continue
        note = _("som van de wijken")
        source = f"{note}: {'; '.join(sorted(sources))}" if sources else note
        population[(muni_id, None, year)] = {
            "municipality_id": muni_id,
            "district_id": None,
            "year": year,
            "youths": youths,
            "synthetic": synthetic,
            "source": source[:500],
        }

    if errors:
        raise FinanceFileInvalid(sorted(errors, key=lambda e: (e.line or 0, e.path)))
    return _Plan(
        region=region,
        municipality_ids=frozenset(municipalities.values()),
        budgets=budgets,
        tariffs=tariffs,
        terms=terms,
        population=population,
    )


# ---------------------------------------------------------------------------------------
# Writing


K = TypeVar("K", bound=Hashable)
M = TypeVar("M", bound=models.Model)


def _sync(
    counts: KindCounts,
    existing_rows: Iterable[M],
    key_of: Any,
    wanted: dict[K, dict[str, Any]],
    model: type[M],
    *,
    remove: bool = True,
) -> set[K]:
    """Upsert ``wanted`` over ``existing_rows`` (and remove the rest); returns the keys
    that were created or changed."""
    existing: dict[K, M] = {key_of(row): row for row in existing_rows}
    touched: set[K] = set()
    for key, values in wanted.items():
        row = existing.pop(key, None)
        if row is None:
            model._default_manager.create(**values)
            counts.created += 1
            touched.add(key)
            continue
        changed = [name for name, value in values.items() if getattr(row, name) != value]
        if not changed:
            counts.unchanged += 1
            continue
        for name in changed:
            setattr(row, name, values[name])
        row.save(update_fields=changed)
        counts.updated += 1
        touched.add(key)
    if remove and existing:
        model._default_manager.filter(pk__in=[row.pk for row in existing.values()]).delete()
        counts.removed += len(existing)
        touched.update(existing)
    return touched
