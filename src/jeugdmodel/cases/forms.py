"""Forms of the case pages. They only parse input; the rules live in the services, whose
errors the views put back on these forms at the field they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.accounts.models import User
from jeugdmodel.core.errors import DomainError
from jeugdmodel.core.forms import BoundedDateField

from .models import (
    MAX_CONTACT_MINUTES,
    AdultService,
    CaseStatus,
    CaseTeamRole,
    ClosingReason,
    ConsentKind,
    ContactKind,
    InvolvementKind,
)
from .plan_content import (
    FAMILY,
    MAX_AGREEMENTS,
    MAX_GOALS,
    MAX_NETWORK,
    MAX_SHORT,
    MAX_TEXT,
    SCORE_MAX,
    SCORE_MIN,
    NetworkRelation,
    ScoreKind,
)
from .selectors import STATUS_ALL, STATUS_OPEN

_DATE_ERRORS = {"invalid": _("Vul een datum in, bijvoorbeeld 2025-03-14.")}


def _date_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_DATE_ERRORS, "required": _("Vul een datum in.")},
        **kwargs,
    )


class CaseForm(forms.Form):
    """A form that shows a service's DomainError at the field it names, or above all.

    No `required` attribute in the HTML: the server checks; optional fields say so."""

    use_required_attribute = False

    def add_domain_error(self, error: DomainError) -> None:
        for field, message in error.field_errors:
            self.add_error(field if field in self.fields else None, message)


class PeopleChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        name = obj.get_full_name() or obj.get_username()
        return f"{name} ({obj.get_role_display()})"


class CaseListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            (STATUS_OPEN, _("Open (aangemeld en in behandeling)")),
            *CaseStatus.choices,
            (STATUS_ALL, _("Alle statussen")),
        ],
    )

    def status_value(self) -> str:
        if self.is_bound and self.is_valid():
            return self.cleaned_data.get("status") or STATUS_OPEN
        return STATUS_OPEN


# -- lifecycle --------------------------------------------------------------------------------


class CloseForm(CaseForm):
    reason = forms.ChoiceField(
        label=_("Reden van afsluiten"),
        choices=[("", _("Kies een reden")), *ClosingReason.choices],
        error_messages={"required": _("Kies een reden van afsluiten.")},
    )
    on = _date_field(_("Afgesloten op"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class ReopenForm(CaseForm):
    """No fields: the button says what happens."""


class CoordinatorForm(CaseForm):
    new_coordinator = PeopleChoiceField(
        label=_("Nieuwe regiehouder"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Kies een professional van het team"),
        error_messages={
            "required": _("Kies de nieuwe regiehouder."),
            "invalid_choice": _("Deze professional hoort niet (meer) bij het team."),
        },
    )
    reason = forms.CharField(
        label=_("Reden van de wissel"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Geef een reden voor de wissel van regiehouder.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[User] = self.fields["new_coordinator"]  # type: ignore[assignment]
        field.queryset = candidates


class TeamAddForm(CaseForm):
    user = PeopleChoiceField(
        label=_("Professional"),
        queryset=User.objects.none(),
        to_field_name="public_id",
        empty_label=_("Kies een professional"),
        error_messages={
            "required": _("Kies een professional."),
            "invalid_choice": _("Deze professional kan niet worden gekozen."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rol in het casusteam"),
        choices=[c for c in CaseTeamRole.choices if c[0] != CaseTeamRole.COORDINATOR],
        error_messages={"required": _("Kies een rol.")},
    )
    valid_from = _date_field(_("Vanaf"))
    valid_to = _date_field(
        _("Tot en met"),
        required=False,
        help_text=_("Leeg laten als het einde nog niet bekend is."),
    )

    def __init__(self, *args: Any, candidates: QuerySet[User], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"valid_from": timezone.localdate()})
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField[User] = self.fields["user"]  # type: ignore[assignment]
        field.queryset = candidates


class TeamEndForm(CaseForm):
    on = _date_field(_("Laatste dag in het casusteam"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


# -- journal, documents, facts ----------------------------------------------------------------


class JournalForm(CaseForm):
    on = _date_field(_("Datum"))
    kind = forms.ChoiceField(
        label=_("Soort contact"),
        choices=[("", _("Kies de soort contact")), *ContactKind.choices],
        error_messages={"required": _("Kies de soort contact.")},
    )
    duration_minutes = forms.IntegerField(
        label=_("Duur in minuten"),
        min_value=1,
        max_value=MAX_CONTACT_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": _("Vul de duur in minuten in."),
            "invalid": _("Vul een heel aantal minuten in."),
            "min_value": _("De duur is 1 tot en met 600 minuten."),
            "max_value": _("De duur is 1 tot en met 600 minuten."),
        },
    )
    with_whom = forms.CharField(
        label=_("Met wie"),
        help_text=_("Bijvoorbeeld: moeder en Sam; of de leerkracht van Sam."),
        max_length=200,
        error_messages={"required": _("Vul in met wie het contact was.")},
    )
    note = forms.CharField(
        label=_("Verslag"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Schrijf kort op wat er is besproken.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class DocumentForm(CaseForm):
    file = forms.FileField(
        label=_("Bestand"),
        help_text=_(
            "PDF, PNG, JPEG, Word (DOCX), OpenDocument-tekst (ODT) of platte tekst (TXT); "
            "hoogstens %(max)s MB."
        ),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
            "invalid": _("Er is geen bestand ontvangen. Kies het bestand opnieuw."),
        },
    )
    description = forms.CharField(
        label=_("Omschrijving"),
        required=False,
        max_length=200,
        help_text=_("Bijvoorbeeld: verslag van school, maart."),
    )

    def __init__(self, *args: Any, max_megabytes: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {"max": max_megabytes}


class PersonChoiceForm(CaseForm):
    """A form with a `person` field chosen from people of the family (public ids)."""

    person = forms.ChoiceField(label=_("Persoon"), error_messages={"required": _("Kies wie.")})

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["person"]  # type: ignore[assignment]
        field.choices = [("", _("Kies")), *people]


class AdultLinkForm(PersonChoiceForm):
    service = forms.ChoiceField(
        label=_("Dienst"),
        choices=[("", _("Kies de dienst")), *AdultService.choices],
        error_messages={"required": _("Kies de dienst.")},
    )
    since = _date_field(_("Sinds"))
    note = forms.CharField(label=_("Toelichting"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].label = _("Ouder of verzorger")


class InvolvementForm(PersonChoiceForm):
    kind = forms.ChoiceField(
        label=_("Soort betrokkenheid"),
        choices=[("", _("Kies")), *InvolvementKind.choices],
        error_messages={"required": _("Kies jeugdbescherming, jeugdreclassering of Veilig Thuis.")},
    )
    organisation = forms.CharField(
        label=_("Organisatie"),
        max_length=200,
        error_messages={"required": _("Vul de organisatie in.")},
    )
    since = _date_field(_("Sinds"))
    until = _date_field(_("Tot en met"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].label = _("Kind")


# -- the plan ---------------------------------------------------------------------------------

_SCORE_ERROR = _("Een score is een getal van 1 tot en met 10.")
CONSENT_PARENT = "parent"
CONSENT_YOUTH = "youth"


class PlanForm(CaseForm):
    """The parts of the plan that are not rows: the version it starts from, the next
    evaluation and the family's agreement."""

    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    next_evaluation = _date_field(_("Volgende evaluatie"), required=False)
    agreed_on = _date_field(
        _("Het gezin stemde in op"),
        required=False,
        help_text=_("Alleen invullen als het gezin met deze versie van het plan instemt."),
    )
    agreed_by = forms.CharField(
        label=_("Ingestemd door"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("Namen van wie instemden, bijvoorbeeld: Eva de Vries (moeder) en Sam."),
    )
    consent = forms.MultipleChoiceField(
        label=_("Wie stemde in"),
        required=False,
        choices=[
            (CONSENT_PARENT, _("de ouder of verzorger stemt in")),
            (CONSENT_YOUTH, _("de jongere stemt in")),
        ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Jonger dan 12: de ouder. 12 tot en met 15 jaar: ouder én jongere. Vanaf 16: "
            "de jongere zelf. Het oudste kind van het gezin telt."
        ),
    )


class GoalForm(forms.Form):
    use_required_attribute = False

    id = forms.CharField(widget=forms.HiddenInput, required=False)
    subject = forms.ChoiceField(label=_("Voor wie"), initial=FAMILY)
    text = forms.CharField(
        label=_("Doel"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    new_score = forms.IntegerField(
        label=_("Nieuwe score (1–10)"),
        required=False,
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _SCORE_ERROR,
            "min_value": _SCORE_ERROR,
            "max_value": _SCORE_ERROR,
        },
    )
    new_score_kind = forms.ChoiceField(
        label=_("Soort score"), choices=ScoreKind.choices, initial=ScoreKind.START
    )
    new_score_date = _date_field(_("Datum van de score"), required=False)
    remove_last_score = forms.BooleanField(label=_("Laatste score weghalen"), required=False)

    def __init__(self, *args: Any, subjects: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ChoiceField = self.fields["subject"]  # type: ignore[assignment]
        field.choices = subjects
        self.fields["new_score_date"].initial = timezone.localdate()


class AgreementForm(forms.Form):
    use_required_attribute = False

    id = forms.CharField(widget=forms.HiddenInput, required=False)
    who = forms.CharField(label=_("Wie"), required=False, max_length=MAX_SHORT)
    what = forms.CharField(
        label=_("Wat"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due = _date_field(_("Uiterlijk op"), required=False)
    done = forms.BooleanField(label=_("Gedaan"), required=False)


class NetworkForm(forms.Form):
    use_required_attribute = False

    name = forms.CharField(label=_("Naam"), required=False, max_length=MAX_SHORT)
    relation = forms.ChoiceField(
        label=_("Relatie tot het gezin"), choices=NetworkRelation.choices, initial="family"
    )
    contact = forms.CharField(
        label=_("Contact en rol"),
        required=False,
        max_length=MAX_SHORT,
        help_text=_("Bijvoorbeeld: haalt Sam op dinsdag van school."),
    )


class _PlanRows(forms.BaseFormSet):
    """Rows of the plan: the existing ones numbered, the empty ones to add to. The names
    are the legends of the page, and the error summary names each row the same way."""

    existing_name: Any = ""
    new_name: Any = ""

    def summary_row_label(self, index: int, form: forms.Form) -> str:
        if index < self.initial_form_count():
            return f"{self.existing_name} {index + 1}"
        return str(self.new_name)


class _GoalRows(_PlanRows):
    existing_name = _("Doel")
    new_name = _("Nieuw doel")


class _AgreementRows(_PlanRows):
    existing_name = _("Afspraak")
    new_name = _("Nieuwe afspraak")


class _NetworkRows(_PlanRows):
    existing_name = _("Persoon")
    new_name = _("Nieuw in het netwerk")


GoalFormSet = forms.formset_factory(
    GoalForm, formset=_GoalRows, extra=2, can_delete=True, max_num=MAX_GOALS, validate_max=True
)
AgreementFormSet = forms.formset_factory(
    AgreementForm,
    formset=_AgreementRows,
    extra=3,
    can_delete=True,
    max_num=MAX_AGREEMENTS,
    validate_max=True,
)
NetworkFormSet = forms.formset_factory(
    NetworkForm,
    formset=_NetworkRows,
    extra=2,
    can_delete=True,
    max_num=MAX_NETWORK,
    validate_max=True,
)


CONSENT_GIVE = "give"
CONSENT_WITHDRAW = "withdraw"
WHO_PARENT = "parent"
WHO_YOUTH = "youth"
WHO_BOTH = "both"
#: Who gives or withdraws, as (by_parent, by_youth).
WHO_FLAGS = {WHO_PARENT: (True, False), WHO_YOUTH: (False, True), WHO_BOTH: (True, True)}


class ConsentForm(CaseForm):
    """Record a consent or its withdrawal. The age rule is the service's."""

    action = forms.ChoiceField(
        label=_("Wat legt u vast?"),
        choices=[
            (CONSENT_GIVE, _("het gezin geeft toestemming")),
            (CONSENT_WITHDRAW, _("het gezin trekt toestemming in")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies geven of intrekken.")},
    )
    kind = forms.ChoiceField(
        label=_("Waarvoor"),
        choices=[("", _("Kies waarvoor")), *[(k.value, k.label) for k in ConsentKind][:4]],
        error_messages={"required": _("Kies waarvoor de toestemming is.")},
    )
    who = forms.ChoiceField(
        label=_("Door wie"),
        help_text=_(
            "Jonger dan 12: de ouder met gezag. 12 tot en met 15 jaar: ouder en jongere samen. "
            "Vanaf 16: de jongere zelf."
        ),
        choices=[
            (WHO_PARENT, _("de ouder met gezag")),
            (WHO_YOUTH, _("de jongere")),
            (WHO_BOTH, _("ouder en jongere samen")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wie de toestemming geeft of intrekt.")},
    )
    name = forms.CharField(
        label=_("Naam"),
        required=False,
        max_length=200,
        help_text=_("Wie het zei, bijvoorbeeld: moeder (Fatima) en Sam."),
    )
    on = BoundedDateField(
        label=_("Datum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={**_DATE_ERRORS, "required": _("Vul een datum in.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        help_text=_("Bijvoorbeeld welke school of welke specialist."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
