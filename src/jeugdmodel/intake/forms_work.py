"""Forms of the team's side of the front door: worklist filters, safety check, assignment,
forwarding, first contact and closing. They only parse input; the rules live in the
services, whose errors the views put back on these forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import Team

from .models import MeldcodeStep, RequestStatus, Urgency
from .selectors import WorklistFilter

STATUS_OPEN = "open"
STATUS_ALL = "all"


class WorklistFilterForm(forms.Form):
    """The filters above the worklist. Invalid values fall back to the defaults."""

    team = forms.ChoiceField(label=_("Team"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STATUS_OPEN, _("Nog toe te wijzen")),
            (STATUS_ALL, _("Alle statussen")),
            *RequestStatus.choices,
        ],
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"), required=False, choices=[("", _("Alle urgenties")), *Urgency.choices]
    )
    safety_only = forms.BooleanField(label=_("Alleen met zorg over veiligheid"), required=False)
    # No max_length check: the table is swapped by htmx without the form, so an error there
    # would go unseen. The selector uses at most the first 20 characters.
    reference = forms.CharField(
        label=_("Kenmerk"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "maxlength": "20"}
        ),
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = list(teams)
        team_field: forms.ChoiceField = self.fields["team"]  # type: ignore[assignment]
        # Public ids in the URL; the integer keys stay internal.
        team_field.choices = [
            ("", _("Al mijn teams")),
            *((str(t.public_id), t.name) for t in self.teams),
        ]
        if len(self.teams) < 2:
            # One team: nothing to choose, so no field to fill in.
            del self.fields["team"]

    def filters(self) -> WorklistFilter:
        if not self.is_bound or not self.is_valid():
            return WorklistFilter()
        data = self.cleaned_data
        by_public_id = {str(t.public_id): t.pk for t in self.teams}
        return WorklistFilter(
            team_id=by_public_id.get(data.get("team") or ""),
            status=data.get("status") or STATUS_OPEN,
            urgency=data.get("urgency") or "",
            safety_only=bool(data.get("safety_only")),
            reference=(data.get("reference") or "").strip(),
        )


class DomainErrorForm(forms.Form):
    """A form that can show a service's DomainError at the field it names, or above all.

    No `required` attribute in the HTML: the browser would paint an empty required textarea
    as invalid before anything was sent. The server checks; optional fields say so."""

    use_required_attribute = False

    def add_domain_error(self, error: DomainError) -> None:
        for field, message in error.field_errors:
            self.add_error(field if field in self.fields else None, message)


class SafetyCheckForm(DomainErrorForm):
    note = forms.CharField(
        label=_("Wat heeft u beoordeeld?"),
        help_text=_("Kort: wat is er gezien, met wie overlegd, en wat is er afgesproken."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Schrijf kort op wat u heeft beoordeeld.")},
    )
    steps = forms.MultipleChoiceField(
        label=_("Gezette stappen van de meldcode"),
        required=False,
        choices=MeldcodeStep.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class ProfessionalChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.get_username()


class AssignForm(DomainErrorForm):
    professional = ProfessionalChoiceField(
        label=_("Andere professional van het team"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Kies een professional"),
        error_messages={
            "required": _("Kies de professional die de aanmelding krijgt."),
            "invalid_choice": _("Deze professional hoort niet (meer) bij het team."),
        },
    )

    def __init__(self, *args: Any, professionals: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[User] = self.fields["professional"]  # type: ignore[assignment]
        field.queryset = professionals


class ForwardForm(DomainErrorForm):
    team = forms.ModelChoiceField(
        label=_("Naar team"),
        queryset=Team.objects.none(),
        to_field_name="public_id",
        empty_label=_("Kies een team"),
        error_messages={"required": _("Kies het team waar de aanmelding heen gaat.")},
    )
    reason = forms.CharField(
        label=_("Reden"),
        help_text=_("Het andere team en het dossier zien deze reden."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden voor het doorsturen.")},
    )

    def __init__(self, *args: Any, teams: QuerySet[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[Team] = self.fields["team"]  # type: ignore[assignment]
        field.queryset = teams


class FirstContactForm(DomainErrorForm):
    on = forms.DateField(
        label=_("Datum van het eerste contact"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de datum van het eerste contact in."),
            "invalid": _("Vul een datum in, bijvoorbeeld 2025-03-14."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CloseForm(DomainErrorForm):
    reason = forms.CharField(
        label=_("Reden van afsluiten"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden voor het afsluiten.")},
    )


class MatchForm(DomainErrorForm):
    """The decision on one proposed match: the same person (taking over the chosen
    differences) or another one. The button that was pressed gives the decision."""

    CONFIRM = "confirm"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (CONFIRM, _("Dezelfde persoon")),
            (REJECT, _("Een andere persoon")),
        ],
        error_messages={"required": _("Kies: dezelfde persoon of een andere persoon.")},
    )
    take_over = forms.MultipleChoiceField(
        label=_("Overnemen uit de aanmelding"),
        help_text=_("Alleen wat u aanvinkt, verandert bij de bekende persoon."),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, offered: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.MultipleChoiceField = self.fields["take_over"]  # type: ignore[assignment]
        field.choices = offered
        if not offered:
            del self.fields["take_over"]
