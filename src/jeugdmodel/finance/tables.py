"""The money overviews as dashboard tables (same template, same CSV and Excel export).

Counts of children in these tables are shown perturbed by their cell keys, as in the
steering tables (docs/decisions/0045): the same children give the same number here and on
the dashboard. A cost per child or a share is computed from the perturbed counts and shown
from SHARE_MIN perturbed children, like the dashboard's shares and money."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.steering.figures import Figure, Kind, with_method
from jeugdmodel.steering.selectors import SHARE_MIN, Row, Table, Value, perturbed

from .money import div_round
from .selectors import ATTENTION_PERCENT, FinanceOverview, underspend_percent

COLUMNS: tuple[Figure, ...] = (
    Figure(
        "budget",
        gettext_lazy("Budget (contract)"),
        gettext_lazy("Het budget van het jaar in de taakvelden die het contract betaalt."),
        Kind.MONEY,
    ),
    Figure(
        "spend_to_date",
        gettext_lazy("Uitgaven tot nu"),
        gettext_lazy(
            "De kosten van de verstreken maanden plus het verstreken deel van deze maand: dagen "
            "zorg × tarief van de hulpvorm, naar woonplaats van het kind."
        ),
        Kind.MONEY,
    ),
    Figure(
        "forecast",
        gettext_lazy("Prognose jaareinde"),
        gettext_lazy(
            "De kosten van het hele jaar als lopende trajecten doorlopen tot 31 december (of "
            "het deel van de aanneemsom naar aandeel kinderen in zorg)."
        ),
        Kind.MONEY,
    ),
    Figure(
        "forecast_percent",
        gettext_lazy("Prognose als % van het budget"),
        gettext_lazy("De prognose gedeeld door het budget."),
        Kind.SHARE,
    ),
    Figure(
        "status",
        gettext_lazy("Signaal"),
        gettext_lazy("Boven budget als de prognose het budget overschrijdt."),
        Kind.COUNT,
    ),
    Figure(
        "children_in_care",
        gettext_lazy("Kinderen in zorg"),
        gettext_lazy("Verschillende kinderen met een traject in het jaar (woonplaatsbeginsel)."),
        Kind.COUNT,
    ),
    Figure(
        "cost_per_child",
        gettext_lazy("Kosten per kind"),
        gettext_lazy("De prognose gedeeld door het aantal kinderen in zorg in het jaar."),
        Kind.MONEY_PER_CHILD,
    ),
    Figure(
        "specialist_share",
        gettext_lazy("Aandeel kinderen met specialistische zorg"),
        gettext_lazy(
            "Kinderen met minstens één specialistisch traject als deel van alle kinderen in "
            "zorg (een aandeel in kinderen, niet in geld)."
        ),
        Kind.SHARE,
    ),
    Figure(
        "volume_corrected_budget",
        gettext_lazy("Budget na volumecorrectie"),
        gettext_lazy(
            "Veiligheidsventiel: het budget × (geholpen jeugdigen / begroot aantal jeugdigen)."
        ),
        Kind.MONEY,
    ),
    Figure(
        "reserve",
        gettext_lazy("Weerstandsvermogen"),
        gettext_lazy("Het percentage uit de contractvoorwaarden van het oorspronkelijke budget."),
        Kind.MONEY,
    ),
    Figure(
        "overhead",
        gettext_lazy("Uitvoeringskosten (marge)"),
        gettext_lazy("De marge uit de contractvoorwaarden over de prognose."),
        Kind.MONEY,
    ),
)

#: The columns of children and what is computed from them say how they are protected.
PROTECTED = ("children_in_care", "cost_per_child", "specialist_share", "volume_corrected_budget")
COLUMNS = tuple(with_method(c) if c.key in PROTECTED else c for c in COLUMNS)


def euro(cents: int | None) -> str:
    """Whole euros, rounded half up like every other amount (``round`` on a float rounds
    half to even: 2.50 would show as € 2)."""
    if cents is None:
        return "—"
    euros = div_round(abs(cents), 100)
    return ("-€ " if cents < 0 else "€ ") + f"{euros:,}".replace(",", ".")


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def _row(o: FinanceOverview, label: str, *, total: bool = False) -> Row:
    def v(key: str, raw: float | int | None, display: str, status: str = "shown") -> Value:
        return Value(key, raw, display, status)

    shown = perturbed(o.children_in_care, o.children_in_care_key)
    specialist = perturbed(
        o.children_in_care - o.children_basis, o.children_in_care_key - o.children_basis_key
    )
    few = shown < SHARE_MIN
    hide = (_("te weinig"), "too_few") if shown else ("—", "not_available")
    vc = o.volume_correction
    share = 100 * Decimal(min(specialist, shown)) / shown if shown else Decimal(0)
    values = {
        "budget": v("budget", o.budget_cents / 100, euro(o.budget_cents)),
        "spend_to_date": v(
            "spend_to_date", o.spend_to_date_cents / 100, euro(o.spend_to_date_cents)
        ),
        "forecast": v("forecast", o.forecast_cents / 100, euro(o.forecast_cents)),
        "forecast_percent": v(
            "forecast_percent",
            float(o.forecast_percent_of_budget)
            if o.forecast_percent_of_budget is not None
            else None,
            _pct(o.forecast_percent_of_budget),
        ),
        "status": v("status", None, str(o.status_label), "shown"),
        "children_in_care": v("children_in_care", shown, f"{shown:,}".replace(",", ".")),
        # Per child: the forecast over the perturbed count (the true count next to an
        # exact forecast would give the true number of children away).
        "cost_per_child": (
            v("cost_per_child", None, *hide)
            if few
            else v(
                "cost_per_child",
                o.forecast_cents / shown / 100,
                euro(div_round(o.forecast_cents, shown)),
            )
        ),
        "specialist_share": (
            v("specialist_share", None, *hide)
            if few
            else v("specialist_share", float(share), _pct(share))
        ),
        "volume_corrected_budget": (
            v("volume_corrected_budget", None, "—", "not_available")
            if vc is None
            else (
                v("volume_corrected_budget", None, *hide)
                if few
                else v(
                    "volume_corrected_budget",
                    vc.corrected_budget_cents / 100,
                    euro(vc.corrected_budget_cents),
                )
            )
        ),
        "reserve": v("reserve", o.reserve_cents / 100, euro(o.reserve_cents)),
        "overhead": v(
            "overhead",
            o.overhead_forecast.min_cents / 100,
            f"{euro(o.overhead_forecast.min_cents)} – {euro(o.overhead_forecast.max_cents)}",
        ),
    }
    return Row(
        key="totaal" if total else str(o.municipality_id),
        label=label,
        values=values,
        is_total=total,
    )


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def columns_for(overview: FinanceOverview) -> list[Figure]:
    """The columns with definitions that name this year's contract terms: the taakvelden
    in and outside the contract, the reserve, the overhead margin and the attention line."""
    inside = ", ".join(str(line.label) for line in overview.budget_lines if line.in_contract)
    outside = ", ".join(str(line.label) for line in overview.budget_lines if not line.in_contract)
    band = overview.overhead_forecast
    texts: dict[str, str] = {
        "reserve": _(
            "Het percentage uit de contractvoorwaarden (%(percent)s%%) van het oorspronkelijke "
            "budget."
        )
        % {"percent": _percent(overview.reserve_percent)},
        "overhead": _(
            "De marge van %(low)s–%(high)s%% uit de contractvoorwaarden over de prognose."
        )
        % {"low": _percent(band.min_percent), "high": _percent(band.max_percent)},
        "status": _(
            "Boven budget als de prognose het budget overschrijdt; 'let op' vanaf %(line)s%% van "
            "het budget; onderbesteding als de prognose onder %(under)s%% van het budget blijft."
        )
        % {
            "line": _percent(100 - ATTENTION_PERCENT),
            "under": _percent(100 - underspend_percent()),
        },
    }
    if inside and outside:
        texts["budget"] = _(
            "Het budget van het jaar in de taakvelden die het contract betaalt (%(inside)s); "
            "buiten het contract: %(outside)s."
        ) % {"inside": inside, "outside": outside}
    return [
        replace(column, definition=texts[column.key]) if column.key in texts else column
        for column in COLUMNS
    ]


def finance_table(parts: Sequence[FinanceOverview], total: FinanceOverview, year: int) -> Table:
    """One row per municipality plus the region; children perturbed by their cell keys
    (each row, the total too, on its own key)."""
    rows = [_row(p, p.name) for p in parts]
    rows.append(_row(total, _("Totaal"), total=True))
    return Table(
        "tabel-geld",
        _("Budget, uitgaven en prognose %(year)s") % {"year": year},
        columns_for(total),
        rows,
        "municipality",
    )


def month_table(overview: FinanceOverview) -> Table:
    """Spend per month against the budget spread evenly over the year."""
    figures = [
        Figure("spend", gettext_lazy("Uitgaven in de maand"), gettext_lazy(
            "Kosten van de dagen zorg in de maand (de lopende maand naar rato)."
        ), Kind.MONEY),
        Figure("cumulative", gettext_lazy("Uitgaven cumulatief"), gettext_lazy(
            "Opgeteld vanaf januari."
        ), Kind.MONEY),
        Figure("pro_rata", gettext_lazy("Budget naar rato"), gettext_lazy(
            "Het budget naar rato van de verstreken dagen van het jaar, opgeteld vanaf januari."
        ), Kind.MONEY),
    ]  # fmt: skip
    rows = [
        Row(
            key=m.month.isoformat(),
            label=m.month.strftime("%m-%Y") + ("" if m.complete else " *"),
            values={
                "spend": Value("spend", m.spend_cents / 100, euro(m.spend_cents), "shown"),
                "cumulative": Value(
                    "cumulative",
                    m.cumulative_spend_cents / 100,
                    euro(m.cumulative_spend_cents),
                    "shown",
                ),
                "pro_rata": Value(
                    "pro_rata",
                    m.budget_pro_rata_cents / 100,
                    euro(m.budget_pro_rata_cents),
                    "shown",
                ),
            },
        )
        for m in overview.months
    ]
    return Table(
        "tabel-maanden",
        _("Uitgaven per maand (* nog niet afgelopen)"),
        figures,
        rows,
        None,
    )
