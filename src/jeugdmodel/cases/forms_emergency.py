"""Forms of emergency access: asking it, and the privacy officer's review. The rules (and
the logging of a refused attempt) live in services/emergency.py, so the fields here accept
empty input and let the service answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.forms import SummaryForm

from .models import EmergencyReason, EmergencyReview


class EmergencyStartForm(SummaryForm):
    bsn = forms.CharField(
        label=_("BSN van een gezinslid"),
        help_text=_("Het burgerservicenummer van het kind of een ouder (9 cijfers)."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    reason = forms.ChoiceField(
        label=_("Reden"),
        choices=EmergencyReason.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    explanation = forms.CharField(
        label=_("Toelichting"),
        help_text=_(
            "Schrijf kort waarom u de casus nu moet openen. De privacyfunctionaris leest dit."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EmergencyReviewForm(SummaryForm):
    decision = forms.ChoiceField(
        label=_("Beoordeling"),
        choices=[
            (EmergencyReview.APPROVED, _("Goedkeuren: de noodtoegang was terecht")),
            (EmergencyReview.FLAGGED, _("Markeren voor onderzoek (met notitie)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies goedkeuren of markeren.")},
    )
    note = forms.CharField(
        label=_("Notitie"),
        help_text=_("Verplicht bij markeren: wat moet worden uitgezocht?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
