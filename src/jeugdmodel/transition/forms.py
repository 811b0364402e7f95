"""Forms of the transition pages: the mapping table and the caseload upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import AGB_CODE, HelpForm, Organisation, OrganisationKind

#: Organisations that can take clients over: the contracted party and its members.
CARE_ORGANISATION_KINDS = (
    OrganisationKind.CONTRACTED_PARTY,
    OrganisationKind.MEMBER,
    OrganisationKind.SUBCONTRACTOR,
)


class SummaryForm(forms.Form):
    """A form of the mapping page (its errors are summarised at the top of the page)."""


class ProviderMappingForm(SummaryForm):
    agb_code = forms.CharField(
        label=_("AGB-code oude aanbieder"),
        max_length=8,
        min_length=8,
        validators=[AGB_CODE],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    old_name = forms.CharField(label=_("Naam oude aanbieder"), max_length=200, required=False)
    organisation = forms.ModelChoiceField(
        label=_("Nieuwe organisatie"),
        queryset=Organisation.objects.filter(kind__in=CARE_ORGANISATION_KINDS).order_by("name"),
        empty_label=_("Kies een organisatie"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "aanbieder")
        super().__init__(*args, **kwargs)


class ProductMappingForm(SummaryForm):
    productcode = forms.RegexField(
        label=_("Productcode"),
        regex=r"^[0-9A-Za-z]{1,10}$",
        error_messages={"invalid": _("Een productcode is 1 tot 10 letters en cijfers.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    old_description = forms.CharField(
        label=_("Omschrijving oud product"), max_length=200, required=False
    )
    help_form = forms.ModelChoiceField(
        label=_("Hulpvorm"),
        queryset=HelpForm.objects.filter(active=True).order_by("level", "name"),
        empty_label=_("Kies een hulpvorm"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "product")
        super().__init__(*args, **kwargs)
