"""Functional-management screens for the finance reference data. No personal data lives
here; the finance file (``finance_load``) is the source, so changes made here are
overwritten by the next load (docs/decisions/0023-finance.md)."""

from django.contrib import admin

from .models import Budget, ContractTerms, Tariff


@admin.register(Budget)
class BudgetAdmin(admin.ModelAdmin[Budget]):
    list_display = ["municipality", "year", "category", "amount_cents", "synthetic"]
    list_filter = ["year", "category", "municipality", "synthetic"]
    ordering = ["municipality__name", "year", "category"]
    list_select_related = ["municipality"]


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin[Tariff]):
    list_display = ["help_form", "year", "unit", "price_cents", "synthetic"]
    list_filter = ["year", "help_form__level", "synthetic"]
    search_fields = ["help_form__code", "help_form__name"]
    ordering = ["help_form__code", "year"]
    list_select_related = ["help_form"]


@admin.register(ContractTerms)
class ContractTermsAdmin(admin.ModelAdmin[ContractTerms]):
    list_display = [
        "region",
        "year",
        "cost_method",
        "reserve_percent",
        "overhead_min_percent",
        "overhead_max_percent",
        "volume_correction",
        "synthetic",
    ]
    list_filter = ["region", "year", "cost_method"]
    ordering = ["region__code", "year"]
    list_select_related = ["region"]
