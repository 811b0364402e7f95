"""/api/v1/steering/: every figure with its definition, cut, period and status.

Aggregates only, every count perturbed by its cell key exactly like the pages
(docs/decisions/0045); the same scope rules apply (a team lead reads their own team's
figures)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.api_permissions import perm_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.api import PROBLEM_CONTENT_TYPE
from jeugdmodel.core.api_schema import PROBLEM_RESPONSE
from jeugdmodel.core.errors import DomainError

from .figures import BY_KEY, FIGURES
from .periods import PeriodCodeError, period_parse
from .selectors import CUTS, default_period, figure_table, filters_clean, steering_scope_for

TAGS = ["sturing"]
_ERRORS: dict[Any, Any] = {
    (400, PROBLEM_CONTENT_TYPE): PROBLEM_RESPONSE,
    (401, PROBLEM_CONTENT_TYPE): PROBLEM_RESPONSE,
    (404, PROBLEM_CONTENT_TYPE): PROBLEM_RESPONSE,
}


class DefinitionSerializer(serializers.Serializer[Any]):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    definition = serializers.CharField()
    kind = serializers.CharField(help_text="count, difference, share, median, p90, per_1000, money")
    variant = serializers.CharField(help_text="jeugdmodel (ons) of cbs")
    counterpart = serializers.CharField(help_text="het cijfer van de andere variant, of leeg")
    live = serializers.BooleanField(help_text="een stand van nu, niet per periode")


class ValueSerializer(serializers.Serializer[Any]):
    figure = serializers.CharField()
    value = serializers.FloatField(
        allow_null=True, help_text="leeg bij te weinig kinderen of zonder gegevens"
    )
    display = serializers.CharField(help_text='zoals op het scherm: "12", "81,2%", "te weinig"')
    suppressed = serializers.BooleanField(help_text="waar bij status too_few")
    status = serializers.CharField(help_text="shown, too_few of not_available")


class RowSerializer(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="id van gemeente/wijk/team, leeftijdsgroep, geslacht")
    label = serializers.CharField()  # type: ignore[assignment]
    total = serializers.BooleanField()
    values = ValueSerializer(many=True)


class FiguresSerializer(serializers.Serializer[Any]):
    period = serializers.CharField()
    period_label = serializers.CharField()
    cut = serializers.CharField(allow_null=True)
    filters = serializers.DictField(child=serializers.CharField())
    definitions = DefinitionSerializer(many=True)
    rows = RowSerializer(many=True)


def _definition(key: str) -> dict[str, Any]:
    f = BY_KEY[key]
    return {
        "key": f.key,
        "label": str(f.label),
        "definition": str(f.definition),
        "kind": f.kind.value,
        "variant": f.variant.value,
        "counterpart": f.counterpart,
        "live": f.live,
    }


class SteeringDefinitions(APIView):
    permission_classes = [perm_required(Perm.STEERING_API)]

    @extend_schema(
        summary="Alle sturingscijfers met hun definitie",
        tags=TAGS,
        responses={200: DefinitionSerializer(many=True), **_ERRORS},
    )
    def get(self, request: ApiRequest) -> Response:
        return Response([_definition(f.key) for f in FIGURES])


class SteeringFigures(APIView):
    permission_classes = [perm_required(Perm.STEERING_API)]

    @extend_schema(
        summary="Sturingscijfers voor een periode, eventueel uitgesplitst",
        description=(
            "Geaggregeerde cijfers. Elk aantal is licht verstoord met een celsleutel "
            "(hoogstens 2 ernaast; 1 en 2 komen nooit voor, 0 blijft 0): dezelfde kinderen "
            "geven in elke uitsplitsing hetzelfde getal, zodat geen klein aantal uit "
            "weergaven terug te rekenen is. Aandelen en bedragen komen uit verstoorde "
            "aantallen en staan er vanaf 10 kinderen (`too_few`, `value` leeg)."
        ),
        tags=TAGS,
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, description="2024, 2024-Q3 of 2024-07"),
            OpenApiParameter("by", OpenApiTypes.STR, enum=list(CUTS), description="uitsplitsing"),
            OpenApiParameter(
                "figures", OpenApiTypes.STR, description="komma-gescheiden sleutels; leeg: alle"
            ),
            OpenApiParameter("municipality", OpenApiTypes.INT),
            OpenApiParameter("district", OpenApiTypes.INT),
            OpenApiParameter("team", OpenApiTypes.INT),
            OpenApiParameter("age_group", OpenApiTypes.INT, description="0: 0–3 … 4: 23+"),
            OpenApiParameter("sex", OpenApiTypes.STR, enum=["v", "m", "x"]),
        ],
        responses={200: FiguresSerializer, **_ERRORS},
    )
    def get(self, request: ApiRequest) -> Response:
        user = request.user
        assert isinstance(user, User)
        scope = steering_scope_for(user)
        params = request.query_params
        try:
            period = period_parse(params["period"]) if params.get("period") else default_period()
        except PeriodCodeError as exc:
            raise DomainError(str(exc), field="period") from exc
        by = params.get("by") or None
        if by is not None and by not in CUTS:
            raise DomainError(
                _("Onbekende uitsplitsing '%(by)s': kies uit %(choices)s.")
                % {"by": by, "choices": ", ".join(CUTS)},
                field="by",
            )
        keys = [k.strip() for k in params.get("figures", "").split(",") if k.strip()]
        unknown = [k for k in keys if k not in BY_KEY]
        if unknown:
            raise DomainError(
                _("Onbekende cijfers: %(keys)s.") % {"keys": ", ".join(unknown)}, field="figures"
            )
        filters = filters_clean(scope, {k: params.get(k, "") for k in CUTS})
        table = figure_table(
            scope, filters, period, figures=keys or [f.key for f in FIGURES], by=by
        )
        body = {
            "period": period.code,
            "period_label": period.label,
            "cut": by,
            "filters": {k: str(v) for k, v in filters.active().items()},
            "definitions": [_definition(f.key) for f in table.figures],
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "total": row.is_total,
                    "values": [
                        {
                            "figure": v.figure,
                            "value": v.raw,
                            "display": v.display,
                            "suppressed": v.suppressed,
                            "status": v.status,
                        }
                        for v in row.values.values()
                    ],
                }
                for row in table.rows
            ],
        }
        return Response(body)
