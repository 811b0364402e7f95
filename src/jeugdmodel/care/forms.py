"""Forms of the care pages. They only parse input; the rules live in the services, whose
errors the views put back on these forms at the field they name.

Choices (children, help forms, organisations, teams, trajectories) are lists the view reads
once per page and hands to every form that needs them: the page then costs the same number
of queries however many forms show a list. Values are public ids, never integer keys."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any, Protocol

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.errors import DomainError
from jeugdmodel.families.models import Person
from jeugdmodel.region.models import CareLevel, HelpForm, Organisation, Team

from .models import (
    ConsultationOutcome,
    ConsultationUrgency,
    EndReason,
    EndSubreason,
    Trajectory,
)
from .services.consultations import DEFAULT_PERIOD, MAX_ADVICE, MAX_QUESTION
from .services.trajectories import MAX_INTENSITY

_DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_DATE_ERRORS = {
    "required": _("Vul een datum in."),
    "invalid": _("Vul een datum in, bijvoorbeeld 2025-03-14."),
}
STAY_DEFAULT, STAY_YES, STAY_NO = "", "ja", "nee"


class _HasPublicId(Protocol):
    @property
    def public_id(self) -> Any: ...


def _by_public_id(objects: Iterable[_HasPublicId]) -> dict[str, Any]:
    return {str(o.public_id): o for o in objects}


class DomainErrorForm(forms.Form):
    """A form that shows a service's DomainError at the field it names, or above all.

    No `required` attribute in the HTML: the server checks; optional fields say so."""

    use_required_attribute = False

    def add_domain_error(self, error: DomainError) -> None:
        for field_name, message in error.field_errors:
            self.add_error(field_name if field_name in self.fields else None, message)

    def _objects(
        self,
        name: str,
        objects: Sequence[Any],
        label: Callable[[Any], str] = str,
        *,
        empty: Any = None,
        groups: Callable[[Any], str] | None = None,
    ) -> None:
        """Turn field `name` into a choice of `objects` by public id; it cleans to the object."""
        field = self.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        mapping = _by_public_id(objects)
        choices: list[Any] = [("", empty)] if empty is not None else []
        if groups is None:
            choices += [(str(o.public_id), label(o)) for o in objects]
        else:
            grouped: dict[str, list[tuple[str, str]]] = {}
            for o in objects:
                grouped.setdefault(groups(o), []).append((str(o.public_id), label(o)))
            choices += list(grouped.items())
        field.choices = choices
        field.coerce = mapping.__getitem__
        field.empty_value = None


def _object_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, required=required, empty_value=None, **kwargs)


def child_label(child: Person) -> str:
    return f"{child.given_name} {child.family_name} ({child.date_of_birth:%d-%m-%Y})"


def help_form_group(help_form: HelpForm) -> str:
    return str(CareLevel(help_form.level).label).capitalize()


def trajectory_label(trajectory: Trajectory) -> str:
    return _("%(child)s: %(form)s, sinds %(start)s") % {
        "child": trajectory.child.given_name,
        "form": trajectory.help_form.name,
        "start": f"{trajectory.start_date:%d-%m-%Y}",
    }


def stay_value(choice: str) -> bool | None:
    return {STAY_YES: True, STAY_NO: False}.get(choice)


class _TrajectoryFields(DomainErrorForm):
    """What every new trajectory asks: who delivers it, how much, and with stay or not."""

    organisation = _object_field(_("Organisatie"), required=False)
    team = _object_field(_("Team"), required=False)
    intensity = forms.CharField(
        label=_("Intensiteit"),
        required=False,
        max_length=MAX_INTENSITY,
        help_text=_("Bijvoorbeeld: 2 uur per week."),
    )
    with_stay = forms.ChoiceField(
        label=_("Verblijf"),
        required=False,
        choices=[
            (STAY_DEFAULT, _("Zoals de hulpvorm aangeeft")),
            (STAY_YES, _("Met verblijf (ook logeren en weekendopvang)")),
            (STAY_NO, _("Zonder verblijf")),
        ],
    )

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation],
        teams: Sequence[Team],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._objects("organisation", organisations, empty=_("Geen of onbekend"))
        self._objects("team", teams, empty=_("Geen of onbekend"))


class TrajectoryStartForm(_TrajectoryFields):
    child = _object_field(
        _("Kind"), error_messages={"required": _("Kies het kind dat de hulp krijgt.")}
    )
    help_form = _object_field(
        _("Hulpvorm"),
        help_text=_("Het niveau (basis of specialistisch) komt van de hulpvorm."),
        error_messages={"required": _("Kies een hulpvorm.")},
    )
    start_date = forms.DateField(
        label=_("Begindatum"), widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )
    crisis_start = forms.BooleanField(label=_("Gestart met crisis"), required=False)
    specialist_reason = forms.CharField(
        label=_("Reden voor specialistische hulp"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij een specialistische hulpvorm."),
    )
    field_order = [
        "child",
        "help_form",
        "start_date",
        "organisation",
        "team",
        "intensity",
        "with_stay",
        "crisis_start",
        "specialist_reason",
    ]

    def __init__(
        self,
        *args: Any,
        children: Sequence[Person],
        help_forms: Sequence[HelpForm],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"start_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self._objects("child", children, child_label, empty=_("Kies een kind"))
        self._objects("help_form", help_forms, empty=_("Kies een hulpvorm"), groups=help_form_group)


class TrajectoryEndForm(DomainErrorForm):
    trajectory = _object_field(
        _("Traject"), error_messages={"required": _("Kies het traject dat eindigt.")}
    )
    end_date = forms.DateField(
        label=_("Einddatum"), widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )
    end_reason = forms.ChoiceField(
        label=_("Reden van beëindigen"),
        choices=EndReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het traject volgens plan of voortijdig stopte.")},
    )
    end_subreason = forms.ChoiceField(
        label=_("Waarom voortijdig"),
        required=False,
        choices=[("", _("Niet van toepassing (volgens plan)")), *EndSubreason.choices],
        help_text=_("Alleen bij voortijdig."),
    )

    def __init__(self, *args: Any, running: Sequence[Trajectory], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"end_date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self._objects("trajectory", running, trajectory_label, empty=_("Kies een traject"))


class LevelChangeForm(_TrajectoryFields):
    """Step up or step down: the new trajectory, the one it comes from, and the reason."""

    child = _object_field(_("Kind"), error_messages={"required": _("Kies het kind.")})
    from_trajectory = _object_field(_("Van traject"), required=False)
    end_from = forms.BooleanField(
        label=_("Dat traject eindigt op de datum van de overgang"), required=False
    )
    help_form = _object_field(
        _("Nieuwe hulpvorm"), error_messages={"required": _("Kies een hulpvorm.")}
    )
    on = forms.DateField(
        label=_("Datum van de overgang"), widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )
    reason = forms.CharField(
        label=_("Reden"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Geef een reden.")},
    )
    field_order = [
        "child",
        "from_trajectory",
        "end_from",
        "help_form",
        "on",
        "reason",
        "organisation",
        "team",
        "intensity",
        "with_stay",
    ]

    def __init__(
        self,
        *args: Any,
        children: Sequence[Person],
        help_forms: Sequence[HelpForm],
        running: Sequence[Trajectory],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate(), "end_from": True})
        super().__init__(*args, **kwargs)
        self._objects("child", children, child_label, empty=_("Kies een kind"))
        self._objects("help_form", help_forms, empty=_("Kies een hulpvorm"))
        self._objects("from_trajectory", running, trajectory_label, empty=_("Geen"))


class ConsultationAskForm(DomainErrorForm):
    question = forms.CharField(
        label=_("Uw vraag"),
        max_length=MAX_QUESTION,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat wilt u weten of waar zoekt u hulp bij? Noem alleen wat nodig is."),
        error_messages={"required": _("Schrijf de vraag aan het flexibel netwerk op.")},
    )
    urgency = forms.ChoiceField(
        label=_("Urgentie"),
        choices=ConsultationUrgency.choices,
        initial=ConsultationUrgency.NORMAL,
        widget=forms.RadioSelect,
    )
    flex_team = _object_field(
        _("Team van het flexibel netwerk"),
        error_messages={"required": _("Kies een team van het flexibel netwerk.")},
    )
    wanted_expertise = forms.MultipleChoiceField(
        label=_("Gevraagde expertise"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_expertise = forms.CharField(
        label=_("Andere expertise"),
        required=False,
        max_length=200,
        help_text=_("Gescheiden door komma's."),
    )

    def __init__(
        self, *args: Any, flex_teams: Sequence[Team], expertise: Sequence[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._objects("flex_team", flex_teams)
        if len(flex_teams) == 1 and not self.is_bound:
            self.initial["flex_team"] = str(flex_teams[0].public_id)
        field = self.fields["wanted_expertise"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(tag, tag) for tag in expertise]
        if not expertise:
            del self.fields["wanted_expertise"]

    def expertise(self) -> list[str]:
        chosen = list(self.cleaned_data.get("wanted_expertise") or [])
        other = self.cleaned_data.get("other_expertise") or ""
        return chosen + [tag.strip() for tag in other.split(",") if tag.strip()]


class ConsultationAcceptForm(DomainErrorForm):
    joined_from = forms.DateField(
        label=_("In het casusteam vanaf"), widget=_DATE_WIDGET, error_messages=_DATE_ERRORS
    )
    joined_to = forms.DateField(
        label=_("Tot en met"),
        widget=_DATE_WIDGET,
        error_messages=_DATE_ERRORS,
        help_text=_("Zo lang ziet u de casus. Standaard zes weken."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        today: date = timezone.localdate()
        kwargs.setdefault("initial", {"joined_from": today, "joined_to": today + DEFAULT_PERIOD})
        super().__init__(*args, **kwargs)


class ConsultationAdviseForm(DomainErrorForm):
    advice = forms.CharField(
        label=_("Advies"),
        max_length=MAX_ADVICE,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Schrijf het advies op.")},
    )


class ConsultationCloseForm(DomainErrorForm):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=ConsultationOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de uitkomst van de consultatie.")},
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    stay = forms.BooleanField(
        label=_("Ik blijf in het casusteam tot het einde van de afgesproken periode"),
        required=False,
        help_text=_("Anders eindigt uw periode in het casusteam vandaag."),
    )
