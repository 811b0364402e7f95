"""Pages of the switch: the mapping table (functional admin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.decorators import access_required
from jeugdmodel.accounts.models import User

from .forms import ProductMappingForm, ProviderMappingForm
from .selectors import product_mappings, provider_mappings
from .services.mapping import (
    product_mapping_remove,
    product_mapping_set,
    provider_mapping_remove,
    provider_mapping_set,
)


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


@access_required(Perm.TRANSITION_MAP)
@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest) -> HttpResponse:
    """The mapping table. ``?agb=…&naam=…`` or ``?product=…&omschrijving=…`` (from the
    dry-run report's "to map" list) fill in the form."""
    user = _user(request)
    provider_form = ProviderMappingForm(
        initial={"agb_code": request.GET.get("agb", ""), "old_name": request.GET.get("naam", "")}
    )
    product_form = ProductMappingForm(
        initial={
            "productcode": request.GET.get("product", ""),
            "old_description": request.GET.get("omschrijving", ""),
        }
    )
    if request.method == "POST":
        kind = request.POST.get("soort")
        if kind == "aanbieder":
            provider_form = ProviderMappingForm(request.POST)
            if provider_form.is_valid():
                data = provider_form.cleaned_data
                provider_mapping_set(
                    actor=user,
                    agb_code=data["agb_code"],
                    old_name=data["old_name"],
                    organisation=data["organisation"],
                )
                messages.success(
                    request,
                    _("Aanbieder %(agb)s is gekoppeld aan %(org)s.")
                    % {"agb": data["agb_code"], "org": data["organisation"]},
                )
                return redirect("transition:mapping")
        elif kind == "product":
            product_form = ProductMappingForm(request.POST)
            if product_form.is_valid():
                data = product_form.cleaned_data
                product_mapping_set(
                    actor=user,
                    productcode=data["productcode"],
                    old_description=data["old_description"],
                    help_form=data["help_form"],
                )
                messages.success(
                    request,
                    _("Product %(code)s is gekoppeld aan %(form)s.")
                    % {"code": data["productcode"], "form": data["help_form"]},
                )
                return redirect("transition:mapping")
    return render(
        request,
        "transition/mapping.html",
        {
            "provider_form": provider_form,
            "product_form": product_form,
            "providers": provider_mappings(user=user),
            "products": product_mappings(user=user),
        },
    )


@access_required(Perm.TRANSITION_MAP)
@require_POST
def mapping_remove(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    kind, key = request.POST.get("soort", ""), request.POST.get("code", "")
    if kind == "aanbieder" and provider_mapping_remove(actor=user, agb_code=key):
        messages.success(
            request, _("De koppeling van aanbieder %(code)s is verwijderd.") % {"code": key}
        )
    elif kind == "product" and product_mapping_remove(actor=user, productcode=key):
        messages.success(
            request, _("De koppeling van product %(code)s is verwijderd.") % {"code": key}
        )
    return redirect("transition:mapping")
