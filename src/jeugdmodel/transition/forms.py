"""Forms of the transition pages: the mapping table and the caseload upload."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core import signing
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
        # Only the AGB validator checks the length too: with min/max_length next to it, one
        # wrong code gave two messages for one mistake.
        validators=[AGB_CODE],
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        ),
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


class CaseloadUploadForm(SummaryForm):
    """The caseload file; a file over the limit is refused before it is read."""

    bestand = forms.FileField(
        label=_("Bestand met lopende zorg (CSV, Excel of JW301)"),
        help_text=_("CSV met ; of , als scheidingsteken, Excel (.xlsx), of JW301 (.xml of .zip)."),
        error_messages={
            "required": _("Kies een bestand."),
            "empty": _("Het bestand is leeg."),
        },
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,.xml,.zip"}),
    )

    def clean_bestand(self) -> Any:
        from .reading import FileRefused, check_size

        upload = self.cleaned_data["bestand"]
        try:
            check_size(upload.size)
        except FileRefused as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


UPLOAD_SALT = "transition.upload"
IMPORT_MODES = (
    ("all", _("Alles of niets: lees alleen in als geen enkele rij is afgewezen")),
    ("good_rows", _("Alleen de goede rijen inlezen; de afgewezen rijen blijven buiten")),
)


class CaseloadConfirmForm(SummaryForm):
    """The choice after the dry run. ``upload`` is the signed reference to the kept file
    (its token, name and how many known children the report showed); with known children
    the user confirms the matches."""

    upload = forms.CharField(widget=forms.HiddenInput)
    mode = forms.ChoiceField(
        label=_("Hoe inlezen?"),
        choices=IMPORT_MODES,
        initial="all",
        widget=forms.RadioSelect,
    )
    known_confirmed = forms.BooleanField(
        label=_("Ik heb de bekende kinderen hierboven gecontroleerd: het zijn dezelfde kinderen."),
        required=False,
    )

    @staticmethod
    def sign(token: str, file_name: str, known: int) -> str:
        return signing.dumps({"t": token, "n": file_name[:255], "k": known}, salt=UPLOAD_SALT)

    def clean_upload(self) -> dict[str, Any]:
        try:
            value = signing.loads(self.cleaned_data["upload"], salt=UPLOAD_SALT, max_age=86400)
        except signing.BadSignature as exc:
            raise forms.ValidationError(
                _("Dit bestand is niet (meer) bekend. Upload het opnieuw.")
            ) from exc
        if not isinstance(value, dict) or not {"t", "n", "k"} <= value.keys():
            raise forms.ValidationError(_("Dit bestand is niet (meer) bekend. Upload het opnieuw."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        upload = data.get("upload")
        if upload and upload["k"] and not data.get("known_confirmed"):
            self.add_error(
                "known_confirmed",
                _(
                    "Bevestig dat de bekende kinderen dezelfde kinderen zijn, of verbeter het "
                    "bestand."
                ),
            )
        return data


class CoordinatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _team_members(team_id: int | None) -> Any:
    from django.db.models import Q
    from django.utils import timezone

    from jeugdmodel.accounts.models import User

    today = timezone.localdate()
    return (
        User.objects.filter(
            is_active=True,
            memberships__team_id=team_id or 0,
            memberships__valid_from__lte=today,
        )
        .filter(Q(memberships__valid_to__isnull=True) | Q(memberships__valid_to__gte=today))
        .distinct()
        .order_by("last_name", "first_name", "id")
    )


class HandoverForm(SummaryForm):
    """One of the four handover states, with what that state needs."""

    status = forms.ChoiceField(
        label=_("Wat is er met de zorg gebeurd?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies wat er met de zorg is gebeurd.")},
    )
    coordinator = CoordinatorChoiceField(
        label=_("Nieuwe regiehouder"),
        queryset=None,
        required=False,
        empty_label=_("Kies een regiehouder"),
    )
    handover_on = forms.DateField(
        label=_("Overgedragen op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    transitional_until = forms.DateField(
        label=_("Overgangsrecht tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    closed_reason = forms.ChoiceField(label=_("Reden van afsluiten"), required=False)
    closed_on = forms.DateField(
        label=_("Afgesloten op"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    NEEDS = {
        "warm_handover": ("coordinator", "handover_on"),
        "transitional": ("transitional_until",),
        "closed": ("closed_reason", "closed_on"),
        "unknown": (),
    }

    def __init__(self, *args: Any, team_id: int | None = None, **kwargs: Any) -> None:
        from .models import ClosedReason, HandoverStatus

        kwargs.setdefault("prefix", "status")
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = HandoverStatus.choices  # type: ignore[attr-defined]
        self.fields["coordinator"].queryset = _team_members(team_id)  # type: ignore[attr-defined]
        reasons = [("", _("Kies een reden")), *ClosedReason.choices]
        self.fields["closed_reason"].choices = reasons  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        from .models import HandoverStatus

        data = super().clean() or {}
        for name in self.NEEDS.get(data.get("status", ""), ()):
            if not data.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    _("Vul dit in bij '%(status)s'.")
                    % {"status": dict(HandoverStatus.choices)[data["status"]]},
                )
        return data


class CaseLinkForm(SummaryForm):
    """Open or link the family case; a known child is confirmed as the same child first."""

    coordinator = CoordinatorChoiceField(
        label=_("Regiehouder als er een nieuwe casus komt"),
        queryset=None,
        required=False,
        empty_label=_("Kies een regiehouder"),
    )
    same_child = forms.BooleanField(
        label=_("Het kind in het bestand is hetzelfde kind dat we al kennen."),
        required=False,
    )

    def __init__(
        self, *args: Any, team_id: int | None = None, was_known: bool = False, **kwargs: Any
    ) -> None:
        kwargs.setdefault("prefix", "casus")
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].queryset = _team_members(team_id)  # type: ignore[attr-defined]
        if not was_known:
            del self.fields["same_child"]
