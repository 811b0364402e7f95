"""Input and output schemas of the cases API. Output is built in api.py from what the
selectors return; these classes name and document every field."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from .models import MAX_CONTACT_MINUTES, CaseStatus, CaseTeamRole, ClosingReason, ContactKind
from .plan_content import NetworkRelation, ScoreKind


class UserRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="Publieke id van de gebruiker.")
    name = serializers.CharField()


class TeamRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    name = serializers.CharField()


class ChildRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="Publieke id van de persoon.")
    given_name = serializers.CharField()
    age = serializers.IntegerField()


class CaseSummarySerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="Publieke id van de casus.")
    family = serializers.CharField(help_text="Naam van het gezin.")
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    opened_on = serializers.DateField()
    closed_on = serializers.DateField(allow_null=True)
    closing_reason = serializers.ChoiceField(
        choices=[("", ""), *ClosingReason.choices], allow_blank=True
    )
    is_repeat = serializers.BooleanField(help_text="Heropend of aangemeld binnen 12 maanden.")
    team = TeamRefSerializer()
    coordinator = UserRefSerializer()
    children = ChildRefSerializer(many=True)


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(help_text="Publieke id van de persoon.")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    age = serializers.IntegerField()
    relation = serializers.CharField(help_text="child, parent, carer of other.")


class CaseTeamMemberSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    user = UserRefSerializer()
    role = serializers.ChoiceField(choices=CaseTeamRole.choices)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(allow_null=True)


class CaseRequestSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField()
    received_at = serializers.DateTimeField()
    status = serializers.CharField()
    first_contact_on = serializers.DateField(allow_null=True)


class InvolvementSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    kind = serializers.CharField(help_text="jeugdbescherming, jeugdreclassering of veilig_thuis.")
    organisation = serializers.CharField()
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)


class AdultServiceLinkSerializer(serializers.Serializer[Any]):
    person = serializers.UUIDField()
    service = serializers.CharField(
        help_text="wmo, schuldhulp, ggz_volwassenen, werk_en_inkomen of other."
    )
    since = serializers.DateField()
    note = serializers.CharField(allow_blank=True)


class CaseDetailSerializer(CaseSummarySerializer):
    members = MemberSerializer(many=True)
    case_team = CaseTeamMemberSerializer(many=True)
    requests = CaseRequestSerializer(many=True)
    external_involvements = InvolvementSerializer(many=True)
    adult_service_links = AdultServiceLinkSerializer(many=True)
    plan_version = serializers.IntegerField(
        allow_null=True, help_text="Nummer van de laatste versie van het plan."
    )


class ScoreSerializer(serializers.Serializer[Any]):
    date = serializers.DateField()
    score = serializers.IntegerField(min_value=1, max_value=10)
    kind = serializers.ChoiceField(choices=ScoreKind.choices)


class GoalSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    subject = serializers.CharField(
        help_text='"family" of de publieke id van een kind uit het gezin.'
    )
    text = serializers.CharField()
    scores = ScoreSerializer(many=True)


class AgreementSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    who = serializers.CharField()
    what = serializers.CharField()
    due = serializers.DateField(allow_null=True)
    done = serializers.BooleanField()
    overdue = serializers.BooleanField(help_text="Over de datum en nog niet gedaan.")


class NetworkContactSerializer(serializers.Serializer[Any]):
    name = serializers.CharField()
    relation = serializers.ChoiceField(choices=NetworkRelation.choices)
    contact = serializers.CharField(allow_blank=True)


class PlanContentSerializer(serializers.Serializer[Any]):
    goals = GoalSerializer(many=True)
    agreements = AgreementSerializer(many=True)
    network = NetworkContactSerializer(many=True)
    next_evaluation = serializers.DateField(allow_null=True)


class PlanVersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField()
    latest_version = serializers.IntegerField()
    created_at = serializers.DateTimeField()
    created_by = UserRefSerializer()
    content = PlanContentSerializer()
    agreed_on = serializers.DateField(allow_null=True)
    agreed_by = serializers.CharField(allow_blank=True)
    consent_parent = serializers.BooleanField()
    consent_youth = serializers.BooleanField()


class JournalEntrySerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField()
    on = serializers.DateField()
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    duration_minutes = serializers.IntegerField()
    with_whom = serializers.CharField()
    note = serializers.CharField()
    author = UserRefSerializer()
    created_at = serializers.DateTimeField()


class JournalPageSerializer(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = JournalEntrySerializer(many=True)


class JournalEntryCreateSerializer(serializers.Serializer[Any]):
    on = serializers.DateField(help_text="Datum van het contact: niet in de toekomst.")
    kind = serializers.ChoiceField(choices=ContactKind.choices)
    duration_minutes = serializers.IntegerField(min_value=1, max_value=MAX_CONTACT_MINUTES)
    with_whom = serializers.CharField(max_length=200)
    note = serializers.CharField(max_length=10_000)
