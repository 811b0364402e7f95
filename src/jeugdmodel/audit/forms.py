from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.forms import BoundedDateField

from .models import AccessAction


class AccessLogFilterForm(forms.Form):
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("Alle handelingen")), *AccessAction.choices],
    )
    record_type = forms.CharField(label=_("Soort gegeven"), required=False, max_length=60)
    record_id = forms.CharField(label=_("Kenmerk gegeven"), required=False, max_length=64)
    subject_id = forms.IntegerField(label=_("Betrokkene (interne id)"), required=False, min_value=1)
    date_from = BoundedDateField(
        label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = BoundedDateField(
        label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return data
