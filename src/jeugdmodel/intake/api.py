"""Intake API for partner systems: make a request, and follow its status as the referrer."""

from __future__ import annotations

import hashlib

from django.utils import timezone
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.views import APIView

from jeugdmodel.accounts.access import Perm
from jeugdmodel.accounts.api_permissions import perm_required
from jeugdmodel.accounts.models import User
from jeugdmodel.core.api import PROBLEM_CONTENT_TYPE
from jeugdmodel.core.api_schema import PROBLEM_RESPONSE

from .referrers import referrer_details_for
from .selectors import referrer_status_get, referrer_status_of
from .serializers import ReferrerRequestSerializer, RequestCreateSerializer
from .services import request_submit

_PROBLEM = PROBLEM_RESPONSE


def api_idempotency_key(user: User, key: str) -> str:
    """The stored key: the client's key scoped to its account, so two systems that happen
    to use the same key never see each other's request."""
    return hashlib.sha256(f"api:{user.public_id}:{key}".encode()).hexdigest()


def _user(request: ApiRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class RequestCreate(APIView):
    permission_classes = [perm_required(Perm.REQUEST_CREATE)]

    @extend_schema(
        summary="Aanmelding doen",
        description=(
            "Een aanmelding van een partnersysteem, met dezelfde controles als het formulier. "
            "De verwijzer is het account van het token. Elke fout noemt het veld "
            "(bijvoorbeeld `children[0].bsn`). Dezelfde `idempotency_key` nog eens sturen "
            "slaat niets dubbel op: het antwoord is dan 200 met dezelfde aanmelding. Dezelfde "
            "sleutel met andere gegevens geeft 409 en slaat niets op."
        ),
        tags=["aanmelden"],
        request=RequestCreateSerializer,
        responses={
            201: OpenApiResponse(ReferrerRequestSerializer, description="Aanmelding ontvangen."),
            200: OpenApiResponse(
                ReferrerRequestSerializer, description="Deze sleutel was al ontvangen."
            ),
            (400, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (401, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (404, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (409, PROBLEM_CONTENT_TYPE): _PROBLEM,
        },
        examples=[
            OpenApiExample(
                "Een kind",
                request_only=True,
                value={
                    "idempotency_key": "3b1f0a52-6c3e-4a8e-9d7e-2f0c1a9b8e11",
                    "question": "Onze zoon slaapt slecht en is vaak boos.",
                    "children": [
                        {
                            "given_name": "Sem",
                            "family_name": "de Vries",
                            "date_of_birth": "2015-04-12",
                            "postcode": "3112 AB",
                            "house_number": "12",
                        }
                    ],
                    "consent_parent": True,
                },
            )
        ],
    )
    def post(self, request: ApiRequest) -> Response:
        user = _user(request)
        referrer = referrer_details_for(user)
        serializer = RequestCreateSerializer(data=request.data, context={"referrer": referrer})
        serializer.is_valid(raise_exception=True)
        now = timezone.now()
        submitted = request_submit(
            actor=user,
            data=serializer.to_input(),
            idempotency_key=api_idempotency_key(user, serializer.validated_data["idempotency_key"]),
            received_at=now,
        )
        created = submitted.received_at == now
        body = ReferrerRequestSerializer(referrer_status_of(submitted)).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class RequestStatusView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        summary="Status van een eigen aanmelding",
        description=(
            "Voor de verwijzer van de aanmelding. Met toestemming van het gezin de echte "
            "status, anders alleen 'received'. Een aanmelding van iemand anders geeft "
            "hetzelfde antwoord als een aanmelding die niet bestaat (404)."
        ),
        tags=["aanmelden"],
        responses={
            200: OpenApiResponse(ReferrerRequestSerializer, description="De status."),
            (401, PROBLEM_CONTENT_TYPE): _PROBLEM,
            (404, PROBLEM_CONTENT_TYPE): _PROBLEM,
        },
    )
    def get(self, request: ApiRequest, reference: str) -> Response:
        found = referrer_status_get(user=_user(request), reference=reference)
        return Response(ReferrerRequestSerializer(found).data)
