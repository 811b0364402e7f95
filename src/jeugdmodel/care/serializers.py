"""Input and output schemas of the care API (trajectories of a case)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from jeugdmodel.region.models import CareLevel

from .models import EndReason, EndSubreason, Trajectory


class TrajectorySerializer(serializers.ModelSerializer[Trajectory]):
    # One trajectory as the API shows it. Public ids and codes only, never integer keys.

    id = serializers.UUIDField(source="public_id", read_only=True)
    child = serializers.UUIDField(source="child.public_id", read_only=True)
    child_given_name = serializers.CharField(source="child.given_name", read_only=True)
    help_form = serializers.CharField(
        source="help_form.code", read_only=True, help_text=_("Code van de hulpvorm.")
    )
    help_form_name = serializers.CharField(source="help_form.name", read_only=True)
    level = serializers.ChoiceField(
        choices=CareLevel.choices,
        read_only=True,
        help_text=_("basis of specialistisch; hieruit worden de 80/20-cijfers berekend."),
    )
    organisation = serializers.CharField(
        source="organisation.code", read_only=True, allow_null=True, default=None
    )
    team = serializers.CharField(source="team.code", read_only=True, allow_null=True, default=None)
    end_reason = serializers.ChoiceField(
        choices=EndReason.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Leeg zolang het traject loopt."),
    )
    end_subreason = serializers.ChoiceField(
        choices=EndSubreason.choices,
        allow_blank=True,
        read_only=True,
        help_text=_("Alleen bij voortijdig."),
    )
    cbs_end_code = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text=_("CBS-code van de reden van beëindigen: 01 volgens plan, 02–05 voortijdig."),
    )

    class Meta:
        model = Trajectory
        fields = [
            "id",
            "child",
            "child_given_name",
            "help_form",
            "help_form_name",
            "level",
            "with_stay",
            "crisis_start",
            "organisation",
            "team",
            "start_date",
            "end_date",
            "intensity",
            "end_reason",
            "end_subreason",
            "cbs_end_code",
            "specialist_reason",
            "created_at",
        ]
        read_only_fields = fields


class TrajectoryCreateSerializer(serializers.Serializer[Any]):
    # A trajectory to start. The level comes from the help form, never from the caller.

    child = serializers.UUIDField(help_text=_("Id van een kind van het gezin van de casus."))
    help_form = serializers.CharField(
        max_length=60,
        help_text=_("Code van de hulpvorm: uit de landelijke basislijst of van de regio."),
    )
    start_date = serializers.DateField(help_text=_("Begindatum (JJJJ-MM-DD)."))
    organisation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_("Code van de organisatie die de hulp geeft (uit het regiobestand)."),
    )
    team = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=60,
        help_text=_("Code van het team dat de hulp geeft (uit het regiobestand)."),
    )
    intensity = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=_("Bijvoorbeeld 2 uur per week."),
    )
    with_stay = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Met verblijf; weggelaten of null: zoals de hulpvorm aangeeft."),
    )
    crisis_start = serializers.BooleanField(default=False)
    specialist_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text=_("Verplicht bij een specialistische hulpvorm."),
    )
