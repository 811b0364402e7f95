"""Input and output schemas of the intake API (partner systems)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jeugdmodel.core.text import normalise_identifier, normalise_text
from jeugdmodel.families.services import PersonInput

from .models import MeldcodeStep, RequestStatus, Urgency
from .referrers import ReferrerDetails
from .services import MAX_CHILDREN, MAX_QUESTION_LENGTH, RequestInput
from .topics import TOPICS

MAX_PARENTS = 4


class PersonSerializer(serializers.Serializer[PersonInput]):
    given_name = serializers.CharField(max_length=100, help_text=_("Voornaam."))
    family_name = serializers.CharField(max_length=150, help_text=_("Achternaam."))
    date_of_birth = serializers.DateField(
        required=False,
        allow_null=True,
        help_text=_("Geboortedatum (JJJJ-MM-DD); verplicht voor een kind."),
    )
    bsn = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=12,
        help_text=_("BSN als het bekend is: 9 cijfers die de elfproef halen."),
    )
    postcode = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=10,
        help_text=_("Postcode van het woonadres, bijvoorbeeld 3112 AB; verplicht voor een kind."),
    )
    house_number = serializers.CharField(
        required=False, allow_blank=True, max_length=10, help_text=_("Huisnummer.")
    )

    def to_input(self, data: dict[str, Any]) -> PersonInput:
        return PersonInput(
            given_name=normalise_text(data["given_name"]),
            family_name=normalise_text(data["family_name"]),
            date_of_birth=data.get("date_of_birth"),
            bsn=normalise_identifier(data.get("bsn", "")),
            postcode=normalise_identifier(data.get("postcode", "")),
            house_number=normalise_identifier(data.get("house_number", "")),
        )


class RequestCreateSerializer(serializers.Serializer[RequestInput]):
    # A request from a partner system. The referrer is the account of the token; the access
    # point follows from its role and organisation (legal referrers choose). No docstring:
    # drf-spectacular would publish it as the (Dutch) schema description.

    idempotency_key = serializers.CharField(
        max_length=200,
        help_text=_(
            "Verplicht en uniek per aanmelding (bijvoorbeeld een UUID). Dezelfde sleutel "
            "nog eens sturen slaat niets dubbel op en geeft dezelfde aanmelding terug."
        ),
    )
    access_point = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_(
            "Alleen voor wettelijk verwijzers: legal_gp, legal_youth_doctor, "
            "legal_medical_specialist, legal_certified_institution of legal_court. Voor "
            "anderen volgt de toegang uit rol en organisatie van het account."
        ),
    )
    question = serializers.CharField(
        max_length=MAX_QUESTION_LENGTH,
        trim_whitespace=True,
        help_text=_("De vraag van het gezin in eigen woorden (hoogstens 5000 tekens)."),
    )
    children = PersonSerializer(many=True, help_text=_("Eén of meer kinderen of jongeren."))
    parents = PersonSerializer(many=True, required=False, help_text=_("Ouders of verzorgers."))
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    safety_concern = serializers.BooleanField(
        default=False, help_text=_("Zorg over de veiligheid van het kind (meldcode).")
    )
    meldcode_steps = serializers.ListField(
        child=serializers.ChoiceField(choices=MeldcodeStep.choices), default=list
    )
    consent_parent = serializers.BooleanField(default=False)
    consent_youth = serializers.BooleanField(
        default=False,
        help_text=_(
            "Toestemming om de verwijzer de status te laten zien: jonger dan 12 de ouder, "
            "12 tot 16 ouder én jongere, vanaf 16 de jongere."
        ),
    )
    specialist_referral = serializers.BooleanField(
        default=False,
        help_text=_("Direct naar specialistische jeugdhulp (alleen wettelijk verwijzers)."),
    )
    language = serializers.RegexField(
        r"^[a-z]{2,3}$",
        required=False,
        allow_blank=True,
        help_text=_("Voorkeurstaal als ISO 639-code, bijvoorbeeld ar of pl."),
    )
    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=[(t, t) for t in TOPICS]), default=list
    )
    referrer_name = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Naam van de verwijzer als die anders is dan het account."),
    )
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=30)
    contact_email = serializers.EmailField(required=False, allow_blank=True)

    def validate_children(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError(_("Noem minstens één kind of jongere."))
        if len(value) > MAX_CHILDREN:
            raise serializers.ValidationError(
                _("Noem hoogstens %(n)d kinderen.") % {"n": MAX_CHILDREN}
            )
        return value

    def validate_parents(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if len(value) > MAX_PARENTS:
            raise serializers.ValidationError(
                _("Noem hoogstens %(n)d ouders of verzorgers.") % {"n": MAX_PARENTS}
            )
        return value

    def validate_access_point(self, value: str) -> str:
        referrer: ReferrerDetails = self.context["referrer"]
        if value and value not in {c.value for c in referrer.choices}:
            raise serializers.ValidationError(
                _("Deze toegang past niet bij uw account. Kies uit: %(choices)s.")
                % {"choices": ", ".join(c.value for c in referrer.choices)}
            )
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        referrer: ReferrerDetails = self.context["referrer"]
        if not attrs.get("access_point") and referrer.access_point is None:
            raise serializers.ValidationError(
                {
                    "access_point": _("Kies als wie u verwijst: %(choices)s.")
                    % {"choices": ", ".join(c.value for c in referrer.choices)}
                }
            )
        return attrs

    def to_input(self) -> RequestInput:
        data = self.validated_data
        referrer: ReferrerDetails = self.context["referrer"]
        person = PersonSerializer()
        access_point = data.get("access_point") or referrer.access_point
        assert access_point is not None  # checked in validate()
        return RequestInput(
            access_point=access_point,
            question=data["question"],
            children=[person.to_input(c) for c in data["children"]],
            parents=[person.to_input(p) for p in data.get("parents", [])],
            urgency=Urgency(data["urgency"]),
            safety_concern=data["safety_concern"],
            meldcode_steps=list(data["meldcode_steps"]),
            consent_parent=data["consent_parent"],
            consent_youth=data["consent_youth"],
            specialist_referral=data["specialist_referral"],
            language=data.get("language", ""),
            topics=list(data["topics"]),
            referrer_name=data.get("referrer_name") or referrer.name,
            referrer_organisation=referrer.organisation,
            referrer_agb=referrer.agb,
            referrer_brin=referrer.brin,
            contact_phone=data.get("contact_phone", ""),
            contact_email=data.get("contact_email", ""),
        )


class ReferrerRequestSerializer(serializers.Serializer[Any]):
    # What the referrer may know of a request (selectors.ReferrerStatus).

    reference = serializers.CharField(help_text=_("Kenmerk van de aanmelding."))
    status = serializers.ChoiceField(
        choices=RequestStatus.choices,
        help_text=_(
            "Status zoals de verwijzer die mag zien: zonder toestemming van het gezin "
            "alleen 'received' (of 'forwarded_outside')."
        ),
    )
    status_label = serializers.CharField(help_text=_("De status in woorden."))
    team = serializers.CharField(
        help_text=_("Het team dat de aanmelding behandelt; leeg als doorgestuurd.")
    )
    received_at = serializers.DateTimeField(help_text=_("Ontvangen op."))
