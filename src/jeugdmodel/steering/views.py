"""The steering dashboard: one page per audience (municipality, contract management, team
lead), filters through htmx, a chart and its table per section, CSV and Excel downloads.

Only aggregates reach these pages; small numbers are already protected by the selectors.
Each request runs a fixed number of queries whatever the data size (pinned in a test)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from django import forms
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.accounts.access import Perm, can
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import District, Municipality, Team

from .cache import figures_cached
from .charts import Chart, bar_chart
from .exports import table_csv, table_xlsx
from .figures import BY_KEY
from .models import AgeGroup
from .periods import Period, PeriodCodeError, period_containing, period_parse, periods_back
from .published import PublishedLine, published_lines
from .selectors import (
    CUTS,
    DEFAULT_CUT,
    HEADLINE,
    SECTION_LABELS,
    SECTIONS,
    SEX_LABELS,
    TREND_COUNT,
    TREND_FIGURES,
    Audience,
    Filters,
    Reads,
    Scope,
    Table,
    cut_labels,
    dashboard_panels,
    default_period,
    figure_table,
    filters_clean,
    steering_scope_for,
    trend_table,
)

#: Which sections each audience sees.
AUDIENCE_SECTIONS: dict[str, tuple[str, ...]] = {
    Audience.MUNICIPALITY: (
        "zorg", "stroom", "niveau", "resultaat", "trajecten", "geld", "cbs", "verwijzer",
        "bereik",
    ),
    Audience.CONTRACT: (
        "geld", "zorg", "stroom", "niveau", "resultaat", "trajecten", "cbs", "verwijzer",
        "bereik",
    ),
    Audience.TEAM: ("zorg", "stroom", "niveau", "resultaat", "trajecten"),
}  # fmt: skip
AUDIENCE_TITLES: dict[str, Any] = {
    Audience.MUNICIPALITY: gettext_lazy("Sturingsinformatie voor de gemeente"),
    Audience.CONTRACT: gettext_lazy("Sturingsinformatie voor contractmanagement"),
    Audience.TEAM: gettext_lazy("Cijfers van uw team"),
}
PERIOD_KINDS = (
    ("Q", gettext_lazy("kwartaal")),
    ("M", gettext_lazy("maand")),
    ("Y", gettext_lazy("jaar")),
)


class DashboardForm(forms.Form):
    """The filters, in Dutch, with the options the user's scope allows."""

    periode = forms.ChoiceField(label=gettext_lazy("Periode"))
    gemeente = forms.ChoiceField(label=gettext_lazy("Gemeente"), required=False)
    wijk = forms.ChoiceField(label=gettext_lazy("Wijk"), required=False)
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    leeftijd = forms.ChoiceField(label=gettext_lazy("Leeftijdsgroep"), required=False)
    geslacht = forms.ChoiceField(label=gettext_lazy("Geslacht"), required=False)
    indeling = forms.ChoiceField(label=gettext_lazy("Uitsplitsen naar"))

    def _field(self, name: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[name])

    def chosen_municipality(self, scope: Scope) -> int | None:
        """The municipality in the filter (or that of the chosen district), when it is
        one the user may see."""
        value = str(self.data.get("gemeente", "") or "").strip()
        district = str(self.data.get("wijk", "") or "").strip()
        if not value and district.isdigit():
            owner = (
                District.objects.filter(id=int(district))
                .values_list("municipality_id", flat=True)
                .first()
            )
            value = str(owner or "")
        if not value.isdigit() or int(value) not in scope.municipalities:
            return None
        return int(value)

    def swap_choices(self) -> None:
        """Let the district and team lists replace themselves in the page (htmx
        out-of-band) when the answer to a change of municipality carries them."""
        for name in ("wijk", "team"):
            self.fields[name].widget.attrs["hx-swap-oob"] = "true"

    def __init__(self, *args: Any, scope: Scope, periods: list[Period], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("alle"))]
        self._field("periode").choices = [(p.code, p.label) for p in periods]

        # The places and teams are read only when the form is drawn, once (drawing asks
        # more than once): the htmx update of the tables and the downloads do not draw it,
        # and a region can have thousands.
        @functools.cache
        def municipalities() -> list[tuple[str, str]]:
            munis = Municipality.objects.filter(id__in=scope.municipalities).order_by("name")
            return everyone + [(str(i), n) for i, n in munis.values_list("id", "name")]

        # The districts and teams follow the chosen municipality: the districts and teams
        # of a whole country are not one list.
        chosen = self.chosen_municipality(scope)

        @functools.cache
        def districts() -> list[tuple[str, str]]:
            if not chosen:
                # Thousands nationally (and the page spent most of its time drawing
                # them): the districts come with the municipality.
                return [("", _("alle (kies eerst een gemeente)"))]
            rows = District.objects.filter(municipality_id=chosen).order_by("code")
            return everyone + [(str(i), name) for i, name in rows.values_list("id", "name")]

        @functools.cache
        def teams() -> list[tuple[str, str]]:
            rows = Team.objects.filter(region_id=scope.region_id or 0).order_by("name")
            if scope.teams:
                rows = rows.filter(id__in=scope.teams)
            else:
                # The municipality's own teams and those for one of its districts, and the
                # teams that work for the whole region; without a municipality only those.
                regional = Q(covers_whole_region=True) | Q(municipality__isnull=True)
                rows = rows.filter(
                    regional | Q(municipality_id=chosen) | Q(districts__municipality_id=chosen)
                    if chosen
                    else regional
                ).distinct()
            return ([] if scope.teams else everyone) + [
                (str(i), n) for i, n in rows.values_list("id", "name")
            ]

        self._field("gemeente").choices = municipalities
        self._field("wijk").choices = districts
        self._field("team").choices = teams
        self._field("leeftijd").choices = everyone + [(str(g.value), g.label) for g in AgeGroup]
        self._field("geslacht").choices = everyone + [(k, v) for k, v in SEX_LABELS.items()]
        cuts = [(k, v) for k, v in CUTS.items() if not (scope.teams and k == "team")]
        if scope.audience == Audience.TEAM:
            cuts = [(k, v) for k, v in cuts if k != "municipality"]
            del self.fields["gemeente"]
        self._field("indeling").choices = cuts


def _periods(today: date) -> list[Period]:
    """The periods offered: the last 12 quarters, 12 months and 5 years, newest first."""
    out: list[Period] = []
    for kind, count in (("Q", 12), ("M", 12), ("Y", 5)):
        out.extend(reversed(periods_back(period_containing(kind, today), count)))
    return out


@dataclass
class Section:
    key: str
    title: str
    table: Table
    chart: Chart | None
    csv_url: str
    xlsx_url: str
    #: Published figures (CBS, sources citing CBS) next to ours: the CBS section only.
    published: list[PublishedLine] = field(default_factory=list)


@dataclass
class Dashboard:
    scope: Scope
    filters: Filters
    period: Period
    cut: str
    query: str
    headline: Table
    trend: Table
    trend_chart: Chart
    sections: list[Section]
    context: list[tuple[str, str]]


def _context_lines(
    scope: Scope, filters: Filters, period: Period, cut: str
) -> list[tuple[str, str]]:
    lines = [(_("Periode"), period.label), (_("Uitgesplitst naar"), str(CUTS[cut]))]
    # Only the names of the chosen filters: at national scale the region has thousands of
    # districts and teams, and this runs on every filter change.
    for name, value in filters.active().items():
        text = cut_labels(name, [value]).get(value, str(value))
        lines.append((str(CUTS[name]).capitalize(), text))
    lines.append((_("Gemaakt op"), timezone.localtime().strftime("%d-%m-%Y %H:%M")))
    return lines


def _parse(
    request: HttpRequest, user: User, scope: Scope | None = None
) -> tuple[Scope, Filters, Period, str, DashboardForm]:
    scope = scope or steering_scope_for(user)
    periods = _periods(timezone.localdate())
    data = request.GET.copy()
    data.setdefault("periode", default_period("Q").code)
    data.setdefault("indeling", DEFAULT_CUT[scope.audience])
    if scope.audience == Audience.MUNICIPALITY and "gemeente" not in request.GET:
        data["gemeente"] = str(scope.home_municipality or "")
    if _municipality_changed(request):
        # Another municipality: a district or team of the previous one no longer applies.
        data["wijk"] = ""
        if not scope.teams:
            data["team"] = ""
    form = DashboardForm(data, scope=scope, periods=periods)
    try:
        period = period_parse(data.get("periode", ""))
    except PeriodCodeError as exc:
        raise DomainError(str(exc), field="periode") from exc
    cut = data.get("indeling", "")
    if cut not in CUTS:
        raise DomainError(_("Kies waarnaar u wilt uitsplitsen."), field="indeling")
    raw = {
        "municipality": data.get("gemeente", ""),
        "district": data.get("wijk", ""),
        "team": data.get("team", ""),
        "age_group": data.get("leeftijd", ""),
        "sex": data.get("geslacht", ""),
    }
    filters = filters_clean(scope, raw)
    return scope, filters, period, cut, form


def dashboard_build(
    request: HttpRequest, user: User, scope: Scope | None = None
) -> tuple[Dashboard, DashboardForm]:
    scope, filters, period, cut, form = _parse(request, user, scope)
    query = urlencode({k: v for k, v in form.data.items() if v})
    # A filter asked for again is served from the cache until the figures change.
    headline, trend, trend_chart, sections = figures_cached(
        (scope, filters, period.code, cut, query),
        lambda: _tables(scope, filters, period, cut, query),
    )
    dashboard = Dashboard(
        scope,
        filters,
        period,
        cut,
        query,
        headline,
        trend,
        trend_chart,
        sections,
        _context_lines(scope, filters, period, cut),
    )
    return dashboard, form


def _tables(
    scope: Scope, filters: Filters, period: Period, cut: str, query: str
) -> tuple[Table, Table, Chart, list[Section]]:
    # Every table of the page reads the same cells: each query runs once for all of them.
    reads = Reads()
    sections: list[Section] = []
    for key in AUDIENCE_SECTIONS[scope.audience]:
        if key == "geld" and not scope.sees_money:
            continue
        table = figure_table(
            scope,
            filters,
            period,
            figures=SECTIONS[key],
            by=cut,
            table_id=f"tabel-{key}",
            caption=str(SECTION_LABELS[key]),
            reads=reads,
        )
        # The chart shows the section's first figure over the period (a live figure has none).
        first = next((f for f in table.figures if not f.live), None)
        chart = (
            bar_chart(table, first.key, chart_id=f"grafiek-{key}", title=str(first.label))
            if first is not None
            else None
        )
        base = reverse("steering:export", args=[key])
        sections.append(
            Section(
                key,
                str(SECTION_LABELS[key]),
                table,
                chart,
                f"{base}?{query}&formaat=csv",
                f"{base}?{query}&formaat=xlsx",
                published_lines(scope, filters, period, reads=reads) if key == "cbs" else [],
            )
        )
    trend = trend_table(
        scope, filters, period, figures=TREND_FIGURES, count=TREND_COUNT, table_id="tabel-trend",
        caption=_("Verloop over acht perioden"), reads=reads,
    )  # fmt: skip
    headline = trend_table(
        scope, filters, period, figures=list(HEADLINE), count=2, table_id="tabel-kern",
        caption=_("Kerncijfers: deze en de vorige periode"), reads=reads,
    )  # fmt: skip
    trend_chart = bar_chart(
        trend, "children_in_care", chart_id="grafiek-trend", title=_("Kinderen in zorg per periode")
    )
    return headline, trend, trend_chart, sections


def _municipality_changed(request: HttpRequest) -> bool:
    return _is_htmx_partial(request) and request.headers.get("HX-Trigger-Name") == "gemeente"


def _is_htmx_partial(request: HttpRequest) -> bool:
    return bool(request.headers.get("HX-Request")) and not request.headers.get(
        "HX-History-Restore-Request"
    )


@access_required(Perm.STEERING_VIEW)
def dashboard(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    scope = steering_scope_for(user)
    try:
        board, form = dashboard_build(request, user, scope)
    except DomainError as exc:
        form = DashboardForm(request.GET, scope=scope, periods=_periods(timezone.localdate()))
        form.is_valid()
        for field, message in exc.field_errors:
            form.add_error(field if field in form.fields else None, message)
        return render(
            request,
            "steering/dashboard.html",
            {"form": form, "board": None, "title": AUDIENCE_TITLES[scope.audience]},
            status=400,
        )
    context = {
        "form": form,
        "board": board,
        "title": AUDIENCE_TITLES[scope.audience],
        "headline": [
            (BY_KEY[k], board.headline.rows[-1].values[k], board.headline.rows[0].values[k])
            for k in HEADLINE
        ],
        "can_report": can(user, Perm.STEERING_REPORT),
        "can_finance": can(user, Perm.FINANCE_VIEW),
        "swap_choices": _municipality_changed(request),
        # Tables registered by apps above steering (the switch's continuity figure).
        "panels": dashboard_panels(scope),
    }
    if context["swap_choices"]:
        form.swap_choices()
    template = (
        "steering/dashboard_body.html" if _is_htmx_partial(request) else "steering/dashboard.html"
    )
    return render(request, template, context)


@access_required(Perm.STEERING_EXPORT)
def export(request: HttpRequest, section: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if section not in SECTIONS and section != "trend":
        return HttpResponse(
            _("Onbekende tabel."), status=404, content_type="text/plain; charset=utf-8"
        )
    fmt = request.GET.get("formaat", "csv")
    if fmt not in ("csv", "xlsx"):
        return HttpResponse(
            _("Kies formaat csv of xlsx."), status=400, content_type="text/plain; charset=utf-8"
        )
    try:
        scope, filters, period, cut, _form = _parse(request, user)
    except DomainError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    if section == "trend":
        table = trend_table(
            scope, filters, period, figures=TREND_FIGURES, count=TREND_COUNT,
            caption=_("Verloop over acht perioden"),
        )  # fmt: skip
    else:
        table = figure_table(
            scope, filters, period, figures=SECTIONS[section], by=cut,
            caption=str(SECTION_LABELS[section]),
        )  # fmt: skip
    lines = _context_lines(scope, filters, period, cut)
    name = f"jeugdmodel-{section}-{period.code}"
    if fmt == "csv":
        response = HttpResponse(table_csv(table, lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    else:
        response = HttpResponse(
            table_xlsx(table, lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response
