"""Forms of the transition pages: the mapping table and the caseload upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from jeugdmodel.region.models import AGB_CODE, HelpForm, Organisation, OrganisationKind

from .letters import TemplateError, template_check

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


class LetterTemplateForm(SummaryForm):
    """The letter's text. A placeholder that does not exist is an error at its field."""

    subject = forms.CharField(label=_("Onderwerp (kop van de brief)"), max_length=200)
    body = forms.CharField(
        label=_("Tekst van de brief"),
        max_length=20000,
        help_text=_(
            "Een lege regel begint een nieuwe alinea. Een regel die begint met ‘## ’ is een "
            "tussenkop. Invulvelden tussen accolades, zoals {kinderen}."
        ),
        widget=forms.Textarea(attrs={"rows": 22, "spellcheck": "true"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "sjabloon")
        super().__init__(*args, **kwargs)

    def _checked(self, name: str) -> str:
        value: str = self.cleaned_data[name]
        try:
            template_check(value)
        except TemplateError as exc:
            raise forms.ValidationError(str(exc), code="placeholder") from exc
        return value

    def clean_subject(self) -> str:
        return self._checked("subject")

    def clean_body(self) -> str:
        return self._checked("body")
