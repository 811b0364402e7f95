"""Money for the municipalities: budget, spend to date, forecast with a warning, cost per
child and the contract's mechanics. Aggregates only.

A municipality user sees their own municipality (and may pick another of the region);
contract management sees every municipality and the region total."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User
from jeugdmodel.region.models import Municipality, Region
from jeugdmodel.steering.charts import bar_chart
from jeugdmodel.steering.exports import table_csv, table_xlsx
from jeugdmodel.steering.selectors import Audience, steering_scope_for

from .selectors import BudgetStatus, finance_region_overview, finance_years, underspend_percent
from .tables import finance_table, month_table


class FinanceForm(forms.Form):
    jaar = forms.TypedChoiceField(label=gettext_lazy("Jaar"), coerce=int)
    gemeente = forms.ChoiceField(label=gettext_lazy("Gemeente"), required=False)

    def __init__(
        self, *args: Any, years: list[int], municipalities: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        jaar = self.fields["jaar"]
        assert isinstance(jaar, forms.TypedChoiceField)
        jaar.choices = [(y, str(y)) for y in reversed(years)]
        gemeente = self.fields["gemeente"]
        assert isinstance(gemeente, forms.ChoiceField)
        gemeente.choices = [("", _("alle gemeenten"))] + [(str(i), n) for i, n in municipalities]


def _build(request: HttpRequest) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    scope = steering_scope_for(user)
    region = Region.objects.filter(pk=scope.region_id or 0).first()
    if region is None:
        return {"empty": True, "form": None}
    this_year = timezone.localdate().year
    years = finance_years(region=region) or [this_year]
    munis = list(
        Municipality.objects.filter(id__in=scope.municipalities)
        .order_by("name")
        .values_list("id", "name")
    )
    data = request.GET.copy()
    data.setdefault("jaar", str(this_year if this_year in years else years[-1]))
    if scope.audience == Audience.MUNICIPALITY and "gemeente" not in request.GET:
        data["gemeente"] = str(scope.home_municipality or "")
    form = FinanceForm(data, years=years, municipalities=munis)
    if not form.is_valid():
        return {"form": form, "errors": True}
    year: int = form.cleaned_data["jaar"]
    chosen = form.cleaned_data.get("gemeente") or ""
    overview = finance_region_overview(region=region, year=year)
    parts = list(overview.municipalities)
    focus = overview.total
    if chosen:
        focus = next(p for p in parts if str(p.municipality_id) == chosen)
    table = finance_table(parts, overview.total, year)
    months = month_table(focus)
    query = urlencode({k: str(v) for k, v in data.items() if v})
    return {
        "form": form,
        "year": year,
        "focus": focus,
        "table": table,
        "months": months,
        "query": query,
        "over": [p for p in parts if p.status in (BudgetStatus.OVER, BudgetStatus.ATTENTION)],
        "under": [p for p in parts if p.status == BudgetStatus.UNDER],
        "underspend_percent": underspend_percent(),
    }


@access_required(Perm.FINANCE_VIEW)
def overview(request: HttpRequest) -> HttpResponse:
    context = _build(request)
    if "months" in context:  # the chart is for the page only, not for the downloads
        context["chart"] = bar_chart(
            context["months"], "spend", chart_id="grafiek-maanden", title=_("Uitgaven per maand")
        )
    status = 400 if context.get("errors") else 200
    return render(request, "finance/overview.html", context, status=status)


#: The tables that can be downloaded, by the name in the address.
EXPORTS = {"overzicht": "table", "maanden": "months"}


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


@access_required(Perm.FINANCE_VIEW)
def export(request: HttpRequest, which: str) -> HttpResponse:
    if which not in EXPORTS:
        return _text(_("Onbekende tabel."), 404)
    fmt = request.GET.get("formaat", "csv")
    if fmt not in ("csv", "xlsx"):
        return _text(_("Kies formaat csv of xlsx."), 400)
    context = _build(request)
    if context.get("errors") or context.get("empty"):
        return _text(_("Onbekend jaar of onbekende gemeente."), 400)
    table = context[EXPORTS[which]]
    lines = [
        (_("Jaar"), str(context["year"])),
        (_("Gemaakt op"), timezone.localtime().strftime("%d-%m-%Y %H:%M")),
    ]
    if fmt == "xlsx":
        response = HttpResponse(
            table_xlsx(table, lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        response = HttpResponse(table_csv(table, lines), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="jeugdmodel-geld-{which}-{context["year"]}.{fmt}"'
    )
    return response
