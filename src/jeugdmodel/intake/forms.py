"""Forms of the front door: the public form (no account) and the professionals' form.

Both have fixed slots: up to three children (the first required; another counts only when
a name is filled in) and up to two parents or carers (optional). The children share one
address; a parent's address is asked only when it differs. The form parses and checks
what a form can check; the domain rules (BSN, ages, postcode, consent, routing) come from
`request_validate` and `request_route`, so the page lists every problem at once and the
API gives the same answers."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jeugdmodel.core.errors import DomainError, KeyReusedWithOtherData
from jeugdmodel.core.text import normalise_identifier, normalise_text
from jeugdmodel.families.consent import age_on
from jeugdmodel.families.services import PersonInput

from . import spam
from .models import AccessPoint, MeldcodeStep, ParentalAuthority, Urgency
from .referrers import ReferrerDetails
from .services import (
    MAX_QUESTION_LENGTH,
    RequestInput,
    request_route,
    request_validate,
)
from .topics import TOPICS

CHILD_SLOTS = 3
PARENT_SLOTS = 2
#: Day-month-year as people write it; ISO too (what a browser's date field sends).
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d %m %Y", "%Y-%m-%d"]
DATE_DISPLAY_FORMAT = "%d-%m-%Y"
PHONE = re.compile(r"^\+?[0-9()\-.\s]{8,20}$")

#: Languages a family may prefer (codes as in the professionals' `languages`); empty is
#: Dutch / no other preference.
LANGUAGE_CHOICES: list[tuple[str, Any]] = [
    ("", _("Nederlands (geen andere voorkeur)")),
    ("en", _("Engels")),
    ("ar", _("Arabisch")),
    ("tr", _("Turks")),
    ("pl", _("Pools")),
    ("pap", _("Papiaments")),
    ("ti", _("Tigrinya")),
    ("so", _("Somalisch")),
    ("uk", _("Oekraïens")),
]

#: Short names for the error summary where the label is a question.
_SUMMARY_LABELS: dict[str, Any] = {
    "question": _("Uw vraag"),
    "access_point": _("Soort verwijzer"),
    "urgency": _("Urgentie"),
    "topics": _("Onderwerpen"),
    "safety_concern": _("Zorg over veiligheid"),
    "meldcode_steps": _("Stappen van de meldcode"),
    "consent_parent": _("Toestemming"),
    "consent_youth": _("Toestemming"),
}

_SERVICE_PATH = re.compile(r"^(children|parents)\[(\d+)\]\.(\w+)$")


@dataclass(frozen=True)
class PersonGroup:
    """One child or parent: a fieldset with a legend in the template."""

    prefix: str
    legend: Any
    optional: bool
    intro: Any
    fields: list[forms.BoundField]

    @property
    def filled(self) -> bool:
        """Something was typed in it, or it has an error: a folded group opens again."""
        return any(f.errors or f.value() not in (None, "", []) for f in self.fields)


def _text(
    label: Any,
    *,
    required: bool = False,
    max_length: int = 100,
    help_text: Any = "",
    autocomplete: str = "off",
    **attrs: str,
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": autocomplete, **attrs}),
    )


def _date(label: Any, *, required: bool, help_text: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format=DATE_DISPLAY_FORMAT, attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _("Schrijf de datum als dag-maand-jaar, bijvoorbeeld 15-03-2014."),
        },
    )


class RequestForm(forms.Form):
    """What both forms ask: children, address, parents, the question."""

    question = forms.CharField(
        label=_("Wat is uw vraag of zorg?"),
        max_length=MAX_QUESTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("Beschrijf de vraag in een paar woorden."),
            "max_length": _(
                "De vraag is te lang: gebruik hoogstens %(limit_value)d tekens (nu "
                "%(show_value)d). De details bespreekt u later met de medewerker."
            ),
        },
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=10,
        help_text=_(
            "Bijvoorbeeld 3112 AB. Aan de postcode zien we welk team bij u in de buurt is."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
        error_messages={"required": _("Vul de postcode in van het adres waar het kind woont.")},
    )
    house_number = forms.CharField(
        label=_("Huisnummer"),
        required=False,
        max_length=10,
        help_text=_("Bijvoorbeeld 12 of 12a."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    idempotency_key = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Het formulier is niet goed geladen. Laad de pagina opnieuw."),
            "invalid": _("Het formulier is niet goed geladen. Laad de pagina opnieuw."),
        },
    )

    # No HTML `required`: the Utrecht CSS paints an empty required textarea or radio as
    # invalid before anyone typed (`:invalid`). Required fields get aria-required instead,
    # and the labels of optional fields say "(niet verplicht)".
    use_required_attribute = False

    parent_intro: Any = _("Vul hier de ouders of verzorgers in. Dan weten we met wie we praten.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
        for slot in range(1, CHILD_SLOTS + 1):
            self._add_child(slot)
        for slot in range(1, PARENT_SLOTS + 1):
            self._add_parent(slot)
        # No maxlength attribute: a browser would cut a long paste off without a word; the
        # server answers with a clear message instead.
        self.fields["question"].widget.attrs.pop("maxlength", None)
        self.mark_required()
        self._child_slots: list[int] = []
        self._parent_slots: list[int] = []
        self.order_fields(self.page_order())

    # -- fields --------------------------------------------------------------------------

    def _add_child(self, slot: int) -> None:
        first = slot == 1
        p = f"child{slot}"
        self.fields[f"{p}_given_name"] = _text(_("Voornaam"), required=first)
        self.fields[f"{p}_family_name"] = _text(_("Achternaam"), required=first, max_length=150)
        self.fields[f"{p}_date_of_birth"] = _date(
            _("Geboortedatum"),
            required=first,
            help_text=_(
                "Bijvoorbeeld 15-03-2014. We vragen dit omdat de hulp past bij de leeftijd."
            ),
        )
        self.fields[f"{p}_bsn"] = _text(
            _("BSN"),
            max_length=12,
            inputmode="numeric",
            help_text=_(
                "Het burgerservicenummer staat op het paspoort, de ID-kaart of de zorgpas. "
                "Weet u het niet? Laat het dan leeg. Met het BSN zien we sneller of we uw "
                "gezin al kennen."
            ),
        )
        if first:
            messages = {
                "given_name": _("Vul de voornaam van het kind in."),
                "family_name": _("Vul de achternaam van het kind in."),
                "date_of_birth": _("Vul de geboortedatum van het kind in."),
            }
            for name, message in messages.items():
                self.fields[f"{p}_{name}"].error_messages["required"] = message

    def _add_parent(self, slot: int) -> None:
        p = f"parent{slot}"
        self.fields[f"{p}_given_name"] = _text(_("Voornaam"))
        self.fields[f"{p}_family_name"] = _text(_("Achternaam"), max_length=150)
        self.fields[f"{p}_date_of_birth"] = _date(
            _("Geboortedatum"),
            required=False,
            help_text=_("Bijvoorbeeld 02-11-1985. Zo vinden we de juiste persoon."),
        )
        self.fields[f"{p}_bsn"] = _text(_("BSN"), max_length=12, inputmode="numeric")
        self.fields[f"{p}_postcode"] = _text(
            _("Postcode"),
            max_length=10,
            help_text=_("Alleen invullen als deze ouder op een ander adres woont dan het kind."),
        )
        self.fields[f"{p}_house_number"] = _text(_("Huisnummer"), max_length=10)

    def mark_required(self) -> None:
        for field in self.fields.values():
            multiple = isinstance(field.widget, forms.RadioSelect | forms.CheckboxSelectMultiple)
            if field.required and not field.widget.is_hidden and not multiple:
                field.widget.attrs["aria-required"] = "true"

    def page_order(self) -> list[str]:
        """The fields in the order of the page (also the order of the error summary)."""
        children = [f"child{s}_{f}" for s in range(1, CHILD_SLOTS + 1) for f in _CHILD_FIELDS]
        parents = [f"parent{s}_{f}" for s in range(1, PARENT_SLOTS + 1) for f in _PARENT_FIELDS]
        return [*children, "postcode", "house_number", *parents, "question", "idempotency_key"]

    # -- groups for the template -----------------------------------------------------------

    @property
    def child_groups(self) -> list[PersonGroup]:
        return [
            PersonGroup(
                prefix=f"child{s}",
                legend=_("Kind %(n)d") % {"n": s},
                optional=s > 1,
                intro=_("Wilt u ook hulp voor een ander kind? Vul dan hier de gegevens in.")
                if s == 2
                else "",
                fields=[self[f"child{s}_{f}"] for f in _CHILD_FIELDS],
            )
            for s in range(1, CHILD_SLOTS + 1)
        ]

    @property
    def parent_groups(self) -> list[PersonGroup]:
        return [
            PersonGroup(
                prefix=f"parent{s}",
                legend=_("Ouder of verzorger %(n)d") % {"n": s},
                optional=True,
                intro="",
                fields=[self[f"parent{s}_{f}"] for f in _PARENT_FIELDS],
            )
            for s in range(1, PARENT_SLOTS + 1)
        ]

    def summary_label(self, name: str) -> str:
        field = self.fields[name]
        match = re.match(r"^(child|parent)(\d+)_", name)
        if match:
            who = _("Kind") if match.group(1) == "child" else _("Ouder of verzorger")
            return f"{who} {match.group(2)} – {field.label}"
        return str(_SUMMARY_LABELS.get(name) or field.label or name)

    # -- cleaning ------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self._child_slots = [1] + [
            s for s in range(2, CHILD_SLOTS + 1) if self._slot_used(f"child{s}")
        ]
        self._parent_slots = [
            s for s in range(1, PARENT_SLOTS + 1) if self._slot_used(f"parent{s}")
        ]
        self.extra_clean(cleaned)
        data = self.request_input(self.access_point_value(cleaned))
        try:
            validated = request_validate(data=data, on=timezone.localdate())
        except DomainError as exc:
            self.add_domain_error(exc)
            return cleaned
        if "postcode" not in self.errors:
            try:
                request_route(data=validated, actor=self.actor(), on=timezone.localdate())
            except DomainError as exc:
                self.add_domain_error(exc)
        return cleaned

    def extra_clean(self, cleaned: dict[str, Any]) -> None:
        """Checks of the subclass's own fields."""

    def actor(self) -> Any:
        return None

    def access_point_value(self, cleaned: dict[str, Any]) -> AccessPoint:
        return AccessPoint.FAMILY

    def _slot_used(self, prefix: str) -> bool:
        raw = [self.data.get(self.add_prefix(f"{prefix}_{f}"), "") for f in _NAME_FIELDS]
        return any(str(v).strip() for v in raw)

    def _value(self, name: str) -> Any:
        return self.cleaned_data.get(name) if hasattr(self, "cleaned_data") else None

    def _person(self, prefix: str, *, postcode: str, house_number: str) -> PersonInput:
        born = self._value(f"{prefix}_date_of_birth")
        return PersonInput(
            given_name=normalise_text(self._value(f"{prefix}_given_name")),
            family_name=normalise_text(self._value(f"{prefix}_family_name")),
            date_of_birth=born if isinstance(born, date) else None,
            bsn=normalise_identifier(self._value(f"{prefix}_bsn")),
            postcode=normalise_identifier(postcode),
            house_number=normalise_identifier(house_number),
        )

    def request_input(self, access_point: AccessPoint) -> RequestInput:
        """The request as the service takes it (from cleaned_data; call after clean)."""
        postcode = self._value("postcode") or ""
        house_number = self._value("house_number") or ""
        children = [
            self._person(f"child{s}", postcode=postcode, house_number=house_number)
            for s in self._child_slots
        ]
        parents = []
        for s in self._parent_slots:
            own = self._value(f"parent{s}_postcode") or ""
            parents.append(
                self._person(
                    f"parent{s}",
                    postcode=own or postcode,
                    house_number=(self._value(f"parent{s}_house_number") or "")
                    if own
                    else house_number,
                )
            )
        return RequestInput(
            access_point=access_point,
            question=self._value("question") or "",
            children=children,
            parents=parents,
            **self.extra_input(),
        )

    def extra_input(self) -> dict[str, Any]:
        return {}

    # -- errors from the service ---------------------------------------------------------

    def field_for(self, path: str) -> str | None:
        """The form field for an error path of the service (children[0].bsn → child1_bsn)."""
        match = _SERVICE_PATH.match(path)
        if match:
            kind, index, attribute = match.group(1), int(match.group(2)), match.group(3)
            slots = self._child_slots if kind == "children" else self._parent_slots
            if index >= len(slots):
                return None
            prefix = f"{'child' if kind == 'children' else 'parent'}{slots[index]}"
            if attribute == "name":
                given = self._value(f"{prefix}_given_name")
                return f"{prefix}_given_name" if not given else f"{prefix}_family_name"
            if attribute in {"postcode", "house_number"} and kind == "children":
                return attribute
            if attribute == "postcode" and not self._value(f"{prefix}_postcode"):
                return "postcode"
            name = f"{prefix}_{attribute}"
            return name if name in self.fields else None
        if path == "children":
            return "child1_given_name"
        if path == "consent":
            return "consent_parent" if "consent_parent" in self.fields else None
        return path if path in self.fields else None

    def add_domain_error(self, exc: DomainError) -> None:
        """Every problem of the service at its field (or above the form); a field that
        already has an error keeps only its first message. A form key used before with
        other data: said above the form, and the form gets a new key, so sending it again
        makes a new request (what was typed stays)."""
        if isinstance(exc, KeyReusedWithOtherData):
            self.add_error(None, str(exc.message))
            data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
            data[self.add_prefix("idempotency_key")] = str(uuid.uuid4())
            self.data = data
            return
        for path, message in exc.field_errors:
            name = self.field_for(path)
            if name is not None and name in self.errors:
                continue
            self.add_error(name, message)


_NAME_FIELDS = ("given_name", "family_name")
_CHILD_FIELDS = ("given_name", "family_name", "date_of_birth", "bsn")
_PARENT_FIELDS = ("given_name", "family_name", "date_of_birth", "bsn", "postcode", "house_number")


def _check_phone(form: forms.Form, cleaned: dict[str, Any]) -> None:
    phone = cleaned.get("contact_phone") or ""
    digits = re.sub(r"\D", "", phone)
    if phone and (not PHONE.match(phone) or len(digits) < 10):
        form.add_error(
            "contact_phone",
            _("Dit telefoonnummer klopt niet. Schrijf het zo: 06 12345678 of 010 1234567."),
        )


_YES_NO = [("yes", _("Ja")), ("no", _("Nee"))]


def _answer(value: Any) -> bool | None:
    """A yes/no answer as stored: True, False, or None when there is none."""
    return {"yes": True, "no": False}.get(value or "")


class PublicRequestForm(RequestForm):
    """The form for families, without an account (access point `family`)."""

    referrer_name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        help_text=_("Zo weten we wie we bellen."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Vul uw naam in. Dan weten we wie we bellen.")},
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer"),
        required=False,
        max_length=30,
        help_text=_(
            "We bellen u om kennis te maken. Vul een telefoonnummer of een e-mailadres in."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl")
        },
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)
    form_session = forms.CharField(required=False, widget=forms.HiddenInput)
    parental_authority = forms.ChoiceField(
        label=_("Wie heeft het gezag over het kind?"),
        help_text=_(
            "Gezag betekent: beslissen over de opvoeding en de zorg. Meestal hebben de "
            "ouders samen het gezag, ook na een scheiding."
        ),
        choices=[
            (ParentalAuthority.BOTH_PARENTS.value, _("Beide ouders")),
            (ParentalAuthority.ONE_PARENT.value, _("Eén ouder")),
            (ParentalAuthority.GUARDIAN.value, _("Een voogd, bijvoorbeeld van jeugdbescherming")),
            (ParentalAuthority.UNKNOWN.value, _("Dat weet ik niet")),
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies wie het gezag heeft. Weet u het niet? Kies dan 'Dat weet ik niet'.")
        },
    )
    consent_parent = forms.ChoiceField(
        label=_("Geven de ouders met gezag toestemming voor deze aanmelding?"),
        help_text=_(
            "Nodig als het kind jonger is dan 16 jaar. Toestemming betekent: het wijkteam mag "
            "deze gegevens gebruiken om het gezin te helpen."
        ),
        choices=_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    consent_youth = forms.ChoiceField(
        label=_("Geeft het kind zelf toestemming?"),
        help_text=_("Nodig als het kind 12 jaar of ouder is. Vraag het kind of het goed is."),
        choices=_YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    homepage = forms.CharField(
        label=_("Laat dit veld leeg"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, form_session: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("started", spam.form_token())
            self.initial.setdefault("form_session", form_session)

    def page_order(self) -> list[str]:
        return [
            *super().page_order(),
            "parental_authority",
            "consent_parent",
            "consent_youth",
            "referrer_name",
            "contact_phone",
            "contact_email",
            "started",
            "form_session",
            spam.HONEYPOT_FIELD,
        ]

    def summary_label(self, name: str) -> str:
        labels = {
            "parental_authority": _("Gezag"),
            "consent_parent": _("Toestemming van de ouders"),
            "consent_youth": _("Toestemming van het kind"),
        }
        return str(labels[name]) if name in labels else super().summary_label(name)

    def oldest_age(self) -> int | None:
        """The age today of the oldest child named (the consent rule follows the oldest)."""
        today = timezone.localdate()
        born = [self._value(f"child{s}_date_of_birth") for s in self._child_slots]
        ages = [age_on(b, today) for b in born if isinstance(b, date)]
        return max(ages) if ages else None

    def _consent_asked(self) -> tuple[bool, bool]:
        """Which consent the age rule asks (domain.md): under 12 the parents with authority,
        12 to 15 the parents and the child, from 16 the child alone."""
        oldest = self.oldest_age()
        if oldest is None:
            return False, False
        return oldest < 16, oldest >= 12

    def extra_clean(self, cleaned: dict[str, Any]) -> None:
        parent_asked, youth_asked = self._consent_asked()
        if parent_asked and not cleaned.get("consent_parent"):
            self.add_error(
                "consent_parent",
                _("Kies of de ouders met gezag toestemming geven. Dat is nodig onder de 16 jaar."),
            )
        if youth_asked and not cleaned.get("consent_youth"):
            self.add_error(
                "consent_youth",
                _("Kies of het kind zelf toestemming geeft. Dat is nodig vanaf 12 jaar."),
            )
        _check_phone(self, cleaned)
        phone_ok = "contact_phone" not in self.errors
        email_ok = "contact_email" not in self.errors
        if (
            phone_ok
            and email_ok
            and not cleaned.get("contact_phone")
            and not cleaned.get("contact_email")
        ):
            self.add_error(
                "contact_phone",
                _("Vul een telefoonnummer of een e-mailadres in. Dan kunnen we u bereiken."),
            )

    def extra_input(self) -> dict[str, Any]:
        parent_asked, youth_asked = self._consent_asked()
        return {
            "parental_authority": self._value("parental_authority") or "",
            "consent_parent": _answer(self._value("consent_parent")) if parent_asked else None,
            "consent_youth": _answer(self._value("consent_youth")) if youth_asked else None,
            "referrer_name": self._value("referrer_name") or "",
            "contact_phone": self._value("contact_phone") or "",
            "contact_email": self._value("contact_email") or "",
        }

    def renew_started(self) -> None:
        """A fresh signed timestamp, for a form shown again after the time check."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else dict(self.data)
        data[self.add_prefix("started")] = spam.form_token()
        self.data = data


class ProRequestForm(RequestForm):
    """The form for professionals, partners and legal referrers (logged in)."""

    urgency = forms.ChoiceField(
        label=_("Hoe dringend is het?"),
        choices=Urgency.choices,
        initial=Urgency.NORMAL,
        widget=forms.RadioSelect,
    )
    topics = forms.MultipleChoiceField(
        label=_("Waar gaat de vraag over?"),
        required=False,
        choices=[(t, t) for t in TOPICS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zo kan de teamleider iemand kiezen met de juiste kennis."),
    )
    safety_concern = forms.BooleanField(
        label=_("Ik maak me zorgen over de veiligheid van het kind (meldcode)"),
        required=False,
        help_text=_("De teamleider beoordeelt de veiligheid dan nog dezelfde dag."),
    )
    meldcode_steps = forms.MultipleChoiceField(
        label=_("Welke stappen van de meldcode zijn al gezet?"),
        required=False,
        choices=MeldcodeStep.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_parent = forms.BooleanField(
        label=_("De ouder of verzorger geeft toestemming"), required=False
    )
    consent_youth = forms.BooleanField(label=_("De jongere geeft toestemming"), required=False)
    language = forms.ChoiceField(
        label=_("Voorkeurstaal van het gezin"), required=False, choices=LANGUAGE_CHOICES
    )
    contact_phone = forms.CharField(
        label=_("Telefoonnummer van het gezin"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "type": "tel"}),
    )
    contact_email = forms.EmailField(
        label=_("E-mailadres van het gezin"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "invalid": _("Dit e-mailadres klopt niet. Bijvoorbeeld: naam@voorbeeld.nl")
        },
    )

    def __init__(self, *args: Any, referrer: ReferrerDetails, user: Any, **kwargs: Any) -> None:
        self.referrer = referrer
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields["question"].label = _("De vraag van het gezin, in hun eigen woorden")
        if referrer.is_legal:
            self.fields["access_point"] = forms.ChoiceField(
                label=_("U verwijst als"),
                choices=[(c.value, c.label) for c in referrer.choices],
                initial=referrer.access_point.value if referrer.access_point else None,
                widget=forms.RadioSelect,
                error_messages={"required": _("Kies als wie u verwijst.")},
            )
            self.fields["specialist_referral"] = forms.BooleanField(
                label=_("Direct verwijzen naar specialistische jeugdhulp"),
                required=False,
                help_text=_(
                    "Als wettelijk verwijzer mag u direct verwijzen. Het gezin krijgt toch "
                    "een regiehouder in het wijkteam."
                ),
            )
        self.order_fields(self.page_order())

    def page_order(self) -> list[str]:
        return [
            "access_point",
            *super().page_order(),
            "topics",
            "urgency",
            "safety_concern",
            "meldcode_steps",
            "specialist_referral",
            "consent_parent",
            "consent_youth",
            "language",
            "contact_phone",
            "contact_email",
        ]

    def actor(self) -> Any:
        return self.user

    def access_point_value(self, cleaned: dict[str, Any]) -> AccessPoint:
        chosen = cleaned.get("access_point")
        if chosen and chosen in {c.value for c in self.referrer.choices}:
            return AccessPoint(chosen)
        return self.referrer.access_point or self.referrer.choices[0]

    def extra_clean(self, cleaned: dict[str, Any]) -> None:
        _check_phone(self, cleaned)

    def extra_input(self) -> dict[str, Any]:
        return {
            "urgency": Urgency(self._value("urgency") or Urgency.NORMAL),
            "safety_concern": bool(self._value("safety_concern")),
            "meldcode_steps": list(self._value("meldcode_steps") or []),
            "consent_parent": bool(self._value("consent_parent")),
            "consent_youth": bool(self._value("consent_youth")),
            "specialist_referral": bool(self._value("specialist_referral")),
            "language": self._value("language") or "",
            "topics": list(self._value("topics") or []),
            "referrer_name": self.referrer.name,
            "referrer_organisation": self.referrer.organisation,
            "referrer_agb": self.referrer.agb,
            "referrer_brin": self.referrer.brin,
            "contact_phone": self._value("contact_phone") or "",
            "contact_email": self._value("contact_email") or "",
        }
