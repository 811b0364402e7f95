"""Care API: the trajectories of a case, and starting one. Need-to-know as on the pages:
the case is reached only through `case_get_for` (coordinator, case team within its period,
lead of the case's team); anyone else gets the same 404 as for a case that does not exist."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.models import User
from jeugdmodel.cases.models import Case
from jeugdmodel.cases.selectors import case_get_for
from jeugdmodel.core.api import PROBLEM_CONTENT_TYPE
from jeugdmodel.core.api_schema import PROBLEM_RESPONSE
from jeugdmodel.core.errors import DomainError
from jeugdmodel.region.models import HelpForm, Organisation, Team
from jeugdmodel.region.selectors import help_forms_for_region

from .selectors import care_organisations, children_of_case, region_teams, trajectories_of_case
from .serializers import TrajectoryCreateSerializer, TrajectorySerializer
from .services import trajectory_start

_PROBLEM = PROBLEM_RESPONSE


def _user(request: ApiRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _resolve(case: Case, data: dict[str, Any]) -> dict[str, Any]:
    """Public ids and codes → rows of the case's family and region, or field errors."""
    region_id = case.team.region_id
    errors: list[tuple[str, str]] = []
    child = children_of_case(case=case).filter(public_id=data["child"]).first()
    if child is None:
        errors.append(("child", _("Dit kind hoort niet bij het gezin van deze casus.")))
    help_form: HelpForm | None = (
        help_forms_for_region(region_id=region_id).filter(code=data["help_form"]).first()
    )
    if help_form is None:
        errors.append(("help_form", _("Deze hulpvorm is niet te kiezen in de regio van de casus.")))
    organisation: Organisation | None = None
    if data.get("organisation"):
        organisation = (
            care_organisations(region_id=region_id).filter(code=data["organisation"]).first()
        )
        if organisation is None:
            errors.append(
                ("organisation", _("Deze organisatie hoort niet bij de regio van de casus."))
            )
    team: Team | None = None
    if data.get("team"):
        team = region_teams(region_id=region_id).filter(code=data["team"]).first()
        if team is None:
            errors.append(("team", _("Dit team hoort niet bij de regio van de casus.")))
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0], errors=errors)
    return {"child": child, "help_form": help_form, "organisation": organisation, "team": team}


class CaseTrajectories(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Trajecten van een casus",
        operation_id="care_case_trajectories_list",
        description=(
            "Alle trajecten (hulpinzet) van de kinderen van een casus, lopend en beëindigd, "
            "oudste begindatum eerst. Alleen voor wie de casus mag zien: de regiehouder, het "
            "casusteam binnen de eigen periode en de teamleider van het team van de casus. "
            "Een casus die u niet mag zien geeft hetzelfde antwoord als een casus die niet "
            "bestaat (404)."
        ),
        tags=["hulp"],
        responses={
            200: OpenApiResponse(TrajectorySerializer(many=True), description="De trajecten."),
            (401, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (404, PROBLEM_CONTENT_TYPE): _PROBLEM,
        },
    )
    def get(self, request: ApiRequest, case_id: UUID) -> Response:
        case = case_get_for(user=_user(request), public_id=case_id, purpose="trajecten via API")
        rows = trajectories_of_case(case=case)
        return Response(TrajectorySerializer(rows, many=True).data)

    @extend_schema(
        summary="Traject starten",
        operation_id="care_case_trajectory_start",
        description=(
            "Start een traject voor een kind van het gezin van de casus, met dezelfde controles "
            "als de pagina. Het niveau komt van de hulpvorm; een specialistische hulpvorm vraagt "
            "een `specialist_reason`. Voor de regiehouder en het casusteam; een gesloten casus "
            "weigert (400). Elke fout noemt het veld."
        ),
        tags=["hulp"],
        request=TrajectoryCreateSerializer,
        responses={
            201: OpenApiResponse(TrajectorySerializer, description="Het traject is gestart."),
            (400, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (401, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (404, PROBLEM_CONTENT_TYPE): _PROBLEM,
        },
        examples=[
            OpenApiExample(
                "Ambulante jeugdhulp",
                request_only=True,
                value={
                    "child": "3b1f0a52-6c3e-4a8e-9d7e-2f0c1a9b8e11",
                    "help_form": "ambulante-jeugdhulp",
                    "start_date": "2025-03-03",
                    "intensity": "2 uur per week",
                    "specialist_reason": "Angstklachten die meer vragen dan het wijkteam biedt.",
                },
            )
        ],
    )
    def post(self, request: ApiRequest, case_id: UUID) -> Response:
        user = _user(request)
        case = case_get_for(
            user=user, public_id=case_id, perm=Perm.CASE_EDIT, purpose="traject starten via API"
        )
        serializer = TrajectoryCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        trajectory = trajectory_start(
            actor=user,
            case=case,
            start_date=data["start_date"],
            intensity=data.get("intensity", ""),
            with_stay=data.get("with_stay"),
            crisis_start=data["crisis_start"],
            specialist_reason=data.get("specialist_reason", ""),
            **_resolve(case, data),
        )
        return Response(TrajectorySerializer(trajectory).data, status=status.HTTP_201_CREATED)
