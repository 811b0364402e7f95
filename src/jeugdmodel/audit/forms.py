from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.forms import BoundedDateField, SummaryForm

from .models import AccessAction

_DATE = {"invalid": _("Vul een datum in, bijvoorbeeld 2026-03-14.")}


class AccessLogFilterForm(SummaryForm):
    person = forms.CharField(
        label=_("Betrokkene"),
        help_text=_("BSN of interne id van de persoon om wie het gaat."),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    username = forms.CharField(label=_("Gebruikersnaam"), required=False, max_length=150)
    organisation = forms.CharField(label=_("Organisatie"), required=False, max_length=200)
    action = forms.ChoiceField(
        label=_("Handeling"),
        required=False,
        choices=[("", _("Alle handelingen")), *AccessAction.choices],
    )
    record_type = forms.CharField(label=_("Soort gegeven"), required=False, max_length=60)
    record_id = forms.CharField(label=_("Kenmerk gegeven"), required=False, max_length=64)
    date_from = BoundedDateField(
        label=_("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )
    date_to = BoundedDateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )

    def clean_person(self) -> str:
        value = str(self.cleaned_data.get("person") or "").strip().replace(" ", "")
        if value and not value.isdigit():
            raise forms.ValidationError(_("Vul een BSN (9 cijfers) of een interne id in."))
        return value

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        return data


#: The unusual-access report covers at most this many days (one index range scan).
MAX_REPORT_DAYS = 31


class UnusualPeriodForm(SummaryForm):
    date_from = BoundedDateField(
        label=_("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )
    date_to = BoundedDateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages=_DATE,
    )

    def period(self) -> tuple[date, date]:
        today = timezone.localdate()
        end = self.cleaned_data.get("date_to") or today
        start = self.cleaned_data.get("date_from") or end - timedelta(days=6)
        return start, end

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.errors:
            return data
        start, end = self.period()
        if end < start:
            self.add_error("date_to", _("De einddatum ligt voor de begindatum."))
        elif (end - start).days + 1 > MAX_REPORT_DAYS:
            self.add_error(
                "date_from",
                _("Kies een periode van hoogstens %(n)d dagen.") % {"n": MAX_REPORT_DAYS},
            )
        return data
