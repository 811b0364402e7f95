"""What a council report says, as plain data: read once from the steering selectors and
then rendered twice (PDF and ODT), so both files say exactly the same.

Every number is the `Value.display` string of `figure_table` / `trend_table`, called the
way the municipality's dashboard calls them (one table per section, the municipality as
filter, split by district, the total row; the trend with the dashboard's four figures),
so the report prints what the dashboard shows: every count perturbed by its cell key,
the same number as on the dashboard. Raw values are used only for the charts and the
explanation, and only of shown values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from jeugdmodel.region.models import Municipality
from jeugdmodel.steering.figures import BY_KEY, Figure
from jeugdmodel.steering.periods import Period
from jeugdmodel.steering.published import PublishedLine, published_lines
from jeugdmodel.steering.selectors import (
    DEFAULT_CUT,
    SECTION_LABELS,
    SECTIONS,
    TREND_COUNT,
    Audience,
    Reads,
    Scope,
    Value,
    figure_table,
    filters_clean,
    trend_table,
)
from jeugdmodel.steering.selectors import TREND_FIGURES as TREND_TABLE_FIGURES

from .explain import Comparison, explain_comparison

#: The sections of the main figures table, in order.
REPORT_SECTIONS = ("zorg", "stroom", "niveau", "resultaat", "geld")
#: The cut of the section tables; the report prints their total row, as on the
#: municipality's dashboard.
REPORT_CUT = DEFAULT_CUT[Audience.MUNICIPALITY]
#: The trend: these two figures over this many quarters ...
TREND_FIGURES = ("children_in_care", "share_basis")
#: ... read from the dashboard's trend table (TREND_TABLE_FIGURES over TREND_COUNT quarters).
CBS_SECTION = "cbs"

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class FigureLine:
    figure: Figure
    now: Value
    previous: Value
    last_year: Value

    @property
    def label(self) -> str:
        return str(self.figure.label)

    @property
    def live(self) -> bool:
        """A state of today (waiting, coverage): the same in every column."""
        return self.figure.live


@dataclass(frozen=True)
class SectionBlock:
    key: str
    title: str
    lines: list[FigureLine]


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    short: str  # "K3 2025", for chart axes
    values: dict[str, Value]


@dataclass(frozen=True)
class CbsLine:
    figure: Figure
    value: Value
    #: The label of the figure of the other variant that counts the same thing.
    counterpart: str

    @property
    def variant(self) -> str:
        return "CBS" if self.figure.variant == "cbs" else "Jeugdmodel"


@dataclass
class ReportContent:
    municipality: str
    period: Period
    previous: Period
    last_year: Period
    made_on_text: str
    sections: list[SectionBlock] = field(default_factory=list)
    trend: list[TrendPoint] = field(default_factory=list)
    explanation: list[Comparison] = field(default_factory=list)
    cbs: list[CbsLine] = field(default_factory=list)
    #: Published figures (CBS, sources citing CBS) next to ours, never mixed in (0098).
    published: list[PublishedLine] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Raadsrapportage jeugdhulp %(municipality)s, %(period)s") % {
            "municipality": self.municipality,
            "period": self.period.label,
        }

    @property
    def trend_figures(self) -> list[Figure]:
        return [BY_KEY[k] for k in TREND_FIGURES]

    def figures_used(self) -> list[Figure]:
        """Every figure the report shows, once, in the order it first appears."""
        seen: dict[str, Figure] = {}
        for block in self.sections:
            for line in block.lines:
                seen.setdefault(line.figure.key, line.figure)
        for f in self.trend_figures:
            seen.setdefault(f.key, f)
        for cbs in self.cbs:
            seen.setdefault(cbs.figure.key, cbs.figure)
        return list(seen.values())


def same_quarter_last_year(period: Period) -> Period:
    return Period(period.kind, period.start.replace(year=period.start.year - 1))


def short_label(period: Period) -> str:
    """A short quarter label for chart axes: "K3 2025"."""
    quarter = (period.start.month - 1) // 3 + 1
    return _("K%(q)s %(y)s") % {"q": quarter, "y": period.start.year}


def report_sections(scope: Scope) -> list[str]:
    """The sections of the main table the user may see (money only with `sees_money`)."""
    return [k for k in REPORT_SECTIONS if k != "geld" or scope.sees_money]


def steps_total(scope: Scope) -> int:
    """The number of selector calls, for the progress bar."""
    return len(report_sections(scope)) * 3 + 2


def report_content(
    *,
    scope: Scope,
    municipality: Municipality,
    period: Period,
    today: date,
    progress: Progress | None = None,
) -> ReportContent:
    """Read every table the report shows for `municipality` and `period`."""
    filters = filters_clean(scope, {"municipality": str(municipality.id)})
    previous = period.previous()
    last_year = same_quarter_last_year(period)
    content = ReportContent(
        municipality=municipality.name,
        period=period,
        previous=previous,
        last_year=last_year,
        made_on_text=date_format(today, "j F Y"),
    )
    total = steps_total(scope)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    reads = Reads()  # the tables below share their cell queries
    for key in report_sections(scope):
        keys = list(SECTIONS[key])
        tables = []
        for p in (period, previous, last_year):
            table = figure_table(
                scope, filters, p, figures=keys, by=REPORT_CUT, table_id=key, reads=reads
            )
            total_row = table.total
            assert total_row is not None  # a table always has its total row
            tables.append(total_row.values)
            step()
        now, prev, year = tables
        lines = [FigureLine(BY_KEY[k], now[k], prev[k], year[k]) for k in keys]
        content.sections.append(SectionBlock(key, str(SECTION_LABELS[key]), lines))

    trend = trend_table(
        scope, filters, period, figures=list(TREND_TABLE_FIGURES), count=TREND_COUNT, reads=reads
    )
    content.trend = [
        TrendPoint(p, short_label(p), row.values)
        for p, row in zip(trend.periods, trend.rows, strict=True)
    ]
    step()

    cbs_keys = list(SECTIONS[CBS_SECTION])
    cbs_table = figure_table(
        scope, filters, period, figures=cbs_keys, by=REPORT_CUT, table_id=CBS_SECTION, reads=reads
    )
    cbs_total = cbs_table.total
    assert cbs_total is not None
    content.cbs = [
        CbsLine(
            BY_KEY[k],
            cbs_total.values[k],
            str(BY_KEY[BY_KEY[k].counterpart].label) if BY_KEY[k].counterpart else "",
        )
        for k in cbs_keys
    ]
    content.published = published_lines(scope, filters, period, reads=reads)
    step()

    # The explanation compares every figure of the main table (once, should two sections
    # share one).
    main = list(
        {line.figure.key: line for block in content.sections for line in block.lines}.values()
    )
    figures = [line.figure for line in main]
    all_now = {line.figure.key: line.now for line in main}
    content.explanation = [
        explain_comparison(
            figures,
            all_now,
            {line.figure.key: line.previous for line in main},
            heading=_("Ten opzichte van het vorige kwartaal (%(period)s)")
            % {"period": previous.label},
        ),
        explain_comparison(
            figures,
            all_now,
            {line.figure.key: line.last_year for line in main},
            heading=_("Ten opzichte van hetzelfde kwartaal een jaar eerder (%(period)s)")
            % {"period": last_year.label},
        ),
    ]
    return content
