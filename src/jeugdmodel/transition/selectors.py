"""Reads of the transition app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from jeugdmodel.accounts.access import Perm, require

from .models import ProductMapping, ProviderMapping

if TYPE_CHECKING:
    from jeugdmodel.accounts.models import User


def provider_mappings(*, user: User) -> QuerySet[ProviderMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProviderMapping.objects.select_related("organisation").order_by("agb_code")


def product_mappings(*, user: User) -> QuerySet[ProductMapping]:
    require(user, Perm.TRANSITION_MAP)
    return ProductMapping.objects.select_related("help_form").order_by("productcode")


def mapped_keys() -> tuple[dict[str, int], dict[str, int]]:
    """AGB code → new organisation id, and product code → help form id (two queries)."""
    providers = dict(ProviderMapping.objects.values_list("agb_code", "organisation_id"))
    products = dict(ProductMapping.objects.values_list("productcode", "help_form_id"))
    return providers, products
