"""The form that records an inzage request. The rules (and the logging of a person who
cannot be identified) live in services.py, so the fields accept empty input and let the
service answer in Dutch."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.forms import BoundedDateField, SummaryForm

from .models import Identification, Requester


class InzageRequestForm(SummaryForm):
    bsn = forms.CharField(
        label=_("BSN van de betrokkene"),
        help_text=_("Het burgerservicenummer van de persoon om wiens dossier het gaat."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    date_of_birth = BoundedDateField(
        label=_("Geboortedatum van de betrokkene"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    requester = forms.ChoiceField(
        label=_("Wie vraagt inzage?"),
        choices=Requester.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    requester_name = forms.CharField(
        label=_("Naam van de verzoeker"), required=False, max_length=200
    )
    identified_by = forms.ChoiceField(
        label=_("Hoe is de verzoeker geïdentificeerd?"),
        choices=Identification.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    identification_note = forms.CharField(
        label=_("Wat hebt u gecontroleerd?"),
        help_text=_("Bijvoorbeeld: paspoort, geldig tot 2030, foto vergeleken aan de balie."),
        required=False,
        max_length=300,
    )
    received_on = BoundedDateField(
        label=_("Verzoek ontvangen op"),
        help_text=_("De termijn van een maand loopt vanaf deze dag."),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
